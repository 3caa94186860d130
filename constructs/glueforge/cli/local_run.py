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
@click.option(
    "--max-batches",
    type=click.IntRange(min=1),
    help="Streaming jobs: stop after N micro-batches; the next run resumes from the "
    "checkpoint. Default: every record in the stream folders.",
)
@click.option(
    "--stream-folder",
    type=click.Path(file_okay=False),
    help="Streaming jobs: one folder of record files per Kinesis stream or Kafka topic. "
    "Default: DATA/streams.",
)
@click.option(
    "--allow-dq-failures",
    is_flag=True,
    help="Exit 0 even when Data Quality rules failed or could not be evaluated locally "
    "(they are reported either way). Without it such a run exits 4.",
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
    allow_dq_failures: bool,
    max_batches: int | None,
    stream_folder: str | None,
    as_json: bool,
) -> None:
    """Run JOB (job name or construct path) on local Spark, on the data in DATA.

    The script is the one that deploys, byte for byte: an app folder (--app) is
    synthesized afresh, a cloud assembly such as cdk.out is read as it is. A local awsglue
    shim stands in for Glue. Ends with the rows read and written per source and sink, and
    per sink the rows its location already held (Glue appends, so a rerun adds to them).
    Malformed csv/json records (per source) and values nulled by a mapping's casts are
    reported, and make the run exit 3 unless --allow-malformed. Data Quality rulesets the
    script evaluates (awsgluedq EvaluateDataQuality) run on local Spark too: a table per
    evaluation context shows each rule's outcome, and a rule that failed or that local
    runs do not evaluate makes the run exit 4 unless --allow-dq-failures. A streaming
    job reads each Kinesis stream or Kafka topic from a folder of record files
    (DATA/streams/NAME/, one file per micro-batch) until none is left (or --max-batches),
    resuming from its checkpoint. A Python shell job's script runs with plain Python (no
    Spark) and the shim's getResolvedOptions; it ends with the script's exit code, and on
    failure the end of its stderr.
    """
    import tempfile

    from glueforge.assembly.reader import AssemblyError, assembly_dir
    from glueforge.cli.output import err
    from glueforge.local import LocalRunError, find_job, load_jobs, run_job

    try:
        with tempfile.TemporaryDirectory(prefix="glueforge-synth-") as scratch:
            outdir = assembly_dir(app, outdir=scratch)
            # A Python shell job runs with plain Python, without starting Spark.
            shell_job = python_shell_job(outdir, job)
            if shell_job is None:
                local_job = find_job(load_jobs(outdir), job)
        if shell_job is not None:
            return run_python_shell_job(shell_job, data_dir, as_json)
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
            max_batches=max_batches,
            stream_folder=stream_folder,
        )
    except (LocalRunError, AssemblyError) as error:
        if options.debugging():
            err().print_exception()
        if not as_json:
            # a script that fails the run on failed DQ rules: show them first
            print_quality(getattr(error, "quality", []))
        # a folder that is no app is a usage error (2), as for every command that reads one
        # (and so is a broken bookmark file, which carries exit_code 2)
        raise failed(str(error), getattr(error, "exit_code", 1)) from None
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
    else:
        print_summary(summary)
    malformed_exit(summary, allow_malformed)
    quality_exit(summary, allow_dq_failures)


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


def print_quality(evaluations) -> None:
    """A per-rule outcome table for each Data Quality evaluation the script ran:
    ``evaluations`` is ``[(evaluation context, rule outcomes)]``."""
    from glueforge.local.quality_report import outcome_table

    for context, outcomes in evaluations:
        out().print(outcome_table(context, outcomes))


def quality_exit(summary, allow: bool) -> None:
    """A line per evaluation whose rules did not all pass; exit 4 unless
    ``--allow-dq-failures`` (an Unsupported rule is no pass either)."""
    from glueforge.cli.output import error_line, note
    from glueforge.local.runner import QUALITY_EXIT

    problems = summary.quality_problems()
    for line in problems:
        note(line)
    if problems and not allow:
        error_line(
            f"{summary.job}: Data Quality rules did not all pass (above); pass "
            "--allow-dq-failures to exit 0 anyway"
        )
        raise SystemExit(QUALITY_EXIT)


def print_summary(summary) -> None:
    from rich.table import Table

    table = Table(title=f"{summary.job}: done in {summary.seconds:.1f}s", title_justify="left")
    for column in ("step", "kind", "where", "rows", "partitions"):
        table.add_column(column, justify="right" if column in ("rows", "partitions") else "left")
    for step in summary.steps:
        table.add_row(
            step.ctx,
            {"source": "read", "sink": "wrote"}.get(step.kind, step.kind),
            step.where,
            str(step.rows),
            "-" if step.partitions is None else str(step.partitions),
        )
    out().print(table)
    from glueforge.local.streaming import stream_notes

    for line in sink_notes(summary) + stream_notes(summary.steps):
        out().print(line, markup=False)
    # after the steps, a table per Data Quality evaluation (the demo prints through here too)
    print_quality(getattr(summary, "quality", []))


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


def python_shell_job(outdir, name: str):
    """The Python shell job JOB names in the assembly, or None (then JOB is a Spark job)."""
    from glueforge.local.python_shell import find_python_shell_job, python_shell_jobs

    return find_python_shell_job(python_shell_jobs(outdir), name)


def run_python_shell_job(job, data_dir: str, as_json: bool) -> None:
    """Run a Python shell job's script with plain Python and report how it ended: its
    exit code, and on failure the last lines of its stderr (exit 1)."""
    from glueforge.cli.output import emit_error, error_line, fields
    from glueforge.local.python_shell import run_python_shell

    run = run_python_shell(job, data_dir=data_dir)
    if not run.succeeded:
        message = f"{run.job}: the script exited with code {run.exit_code} after {run.seconds:.1f}s"
        error_line(f"{message}; the end of its stderr:\n{run.stderr_tail()}")
        emit_error(message, 1, run.as_dict())
        raise SystemExit(1)
    if as_json:
        click.echo(json.dumps(run.as_dict(), indent=2))
        return
    # The script's own output first, as it would read in its log groups on Glue.
    if run.stdout:
        click.echo(run.stdout, nl=not run.stdout.endswith("\n"))
    if run.stderr:
        click.echo(run.stderr, nl=not run.stderr.endswith("\n"), err=True)
    out().print(f"{run.job}: done in {run.seconds:.1f}s (Python shell, exit code 0)", markup=False)
    fields([(f"--{name}", value) for name, value in run.arguments.items()])
