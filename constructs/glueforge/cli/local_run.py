"""``glueforge local-run``: run a job's exact script on local Spark before deploying it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from glueforge.cli import options
from glueforge.cli.output import failed, out


@click.command("local-run")
@click.argument("job")
@options.data
@options.master
@options.app
@click.option(
    "--jdbc-url",
    envvar="GLUEFORGE_LOCAL_JDBC_URL",
    help="Local database server for JDBC connections (each uses its own database), e.g. "
    "jdbc:postgresql://127.0.0.1:5433/postgres?user=glueforge.",
)
@options.catalog
@click.option("--bookmarks/--no-bookmarks", default=None, help="Default: as the job is deployed.")
@options.json_output
@options.debug
def cli(
    job: str,
    data_dir: str,
    master: str,
    app: Path,
    jdbc_url: str | None,
    catalog_file: str | None,
    bookmarks: bool | None,
    as_json: bool,
) -> None:
    """Run JOB (job name or construct path) on local Spark, on the data in DATA.

    The script is the one that deploys, byte for byte: an app folder (--app) is
    synthesized afresh, a cloud assembly such as cdk.out is read as it is. A local awsglue
    shim stands in for Glue. Ends with the rows read and written per source and sink.
    """
    import tempfile

    from glueforge.assembly.reader import AssemblyError, assembly_dir
    from glueforge.cli.output import err
    from glueforge.local import LocalRunError, find_job, load_jobs, run_job

    try:
        with tempfile.TemporaryDirectory(prefix="glueforge-synth-") as scratch:
            local_job = find_job(load_jobs(assembly_dir(app, outdir=scratch)), job)
        if not Path(data_dir).is_dir():
            raise LocalRunError(f"data folder {data_dir} does not exist")
        from glueforge.local.session import spark_session

        summary = run_job(
            local_job,
            data_dir=data_dir,
            spark=spark_session(master),
            jdbc_url=jdbc_url,
            catalog_file=catalog_file,
            bookmarks=bookmarks,
            console=None if as_json else err(),
        )
    except (LocalRunError, AssemblyError) as error:
        if options.debugging():
            err().print_exception()
        # a folder that is no app is a usage error (2), as for every command that reads one
        # (and so is a broken bookmark file, which carries exit_code 2)
        raise failed(str(error), getattr(error, "exit_code", 1)) from None
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
        return
    print_summary(summary)


def print_summary(summary) -> None:
    from rich.table import Table

    table = Table(title=f"{summary.job}: done in {summary.seconds:.1f}s", title_justify="left")
    for column in ("step", "kind", "where", "rows", "partitions"):
        table.add_column(column, justify="right" if column in ("rows", "partitions") else "left")
    for step in summary.steps:
        table.add_row(
            step.ctx,
            "read" if step.kind == "source" else "wrote",
            step.where,
            str(step.rows),
            "-" if step.partitions is None else str(step.partitions),
        )
    out().print(table)
