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
@click.option(
    "--clear-output",
    is_flag=True,
    help="Empty each file sink's local folder first (only folders inside DATA). Without "
    "it a rerun appends to the last run's rows, as Glue does.",
)
@click.option(
    "--allow-malformed",
    is_flag=True,
    help="Exit 0 even when sources held malformed records or casts turned values into "
    "null (they are reported either way). Without it such a run exits 3.",
)
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
    clear_output: bool,
    allow_malformed: bool,
    as_json: bool,
) -> None:
    """Run JOB (job name or construct path) on local Spark, on the data in DATA.

    The script is the one that deploys, byte for byte: an app folder (--app) is
    synthesized afresh, a cloud assembly such as cdk.out is read as it is. A local awsglue
    shim stands in for Glue. Ends with the rows read and written per source and sink, and
    per sink the rows its location already held (Glue appends, so a rerun adds to them).
    Malformed csv/json records (per source) and values nulled by a mapping's casts are
    reported, and make the run exit 3 unless --allow-malformed.
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
            clear_output=clear_output,
        )
    except (LocalRunError, AssemblyError) as error:
        if options.debugging():
            err().print_exception()
        # a folder that is no app is a usage error (2), as for every command that reads one
        # (and so is a broken bookmark file, which carries exit_code 2)
        raise failed(str(error), getattr(error, "exit_code", 1)) from None
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
    else:
        print_summary(summary)
    malformed_exit(summary, allow_malformed)


def malformed_exit(summary, allow: bool) -> None:
    """Each malformed-input line on stderr; exit 3 unless ``--allow-malformed``."""
    from glueforge.cli.output import error_line, note
    from glueforge.local.runner import MALFORMED_EXIT

    problems = summary.problems()
    for line in problems:
        note(line)
    if problems and not allow:
        error_line(
            f"{summary.job}: malformed input (above); fix it, or pass --allow-malformed "
            "to accept what Glue would write"
        )
        raise SystemExit(MALFORMED_EXIT)


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
    for line in sink_notes(summary):
        out().print(line, markup=False)


def sink_notes(summary) -> list[str]:
    """What each sink found and did besides writing: rows already there, a clear, the
    catalog table. Glue appends to a sink's path, so a rerun doubles its rows: say so."""
    lines = []
    for step in summary.steps:
        if step.kind != "sink":
            continue
        if step.cleared:
            lines.append(f"{step.ctx}: cleared {step.cleared} first (--clear-output)")
        elif step.rows_before:
            # --clear-output empties folders, never a database table
            hint = "; --clear-output empties it first" if "://" in step.where else ""
            lines.append(
                f"{step.ctx}: {step.where} already held {step.rows_before} rows; this run "
                f"appended {step.rows} (Glue appends too{hint})"
            )
        if step.catalog:
            lines.append(f"{step.ctx}: catalog: {step.catalog}")
    return lines
