"""glueforge bookmark: show a job's bookmark, or reset it (whole, or to a run)."""

from __future__ import annotations

import json

import click

from glueforge.assembly.resources import JOB
from glueforge.cli import options
from glueforge.cli.output import emit_json, out
from glueforge.ops.aws import explain

run_id_option = options.run_id("show: the bookmark as of this run; reset: back to this run.")


@click.group("bookmark")
def cli() -> None:
    """Show or reset a job's bookmark, the record of what the job has already
    processed. Reset it after a bad run so the next run reprocesses the data."""


@cli.command("show")
@click.argument("job")
@run_id_option
@options.ops_command
def show(job, run_id, ops):
    """Show JOB's bookmark (GetJobBookmark)."""
    _call(ops, job, run_id, "get_job_bookmark", "read the bookmark of")


@cli.command("reset")
@click.argument("job")
@run_id_option
@options.ops_command
def reset(job, run_id, ops):
    """Reset JOB's bookmark (ResetJobBookmark), whole or back to --run-id."""
    _call(ops, job, run_id, "reset_job_bookmark", "reset the bookmark of")


def _call(ops, job: str, run_id: str | None, operation: str, what: str) -> None:
    name = ops.resolve(job, JOB).name
    kwargs = {"RunId": run_id} if run_id else {}
    try:
        entry = getattr(ops.aws.client("glue"), operation)(JobName=name, **kwargs)
    except Exception as error:
        raise explain(error, f"{what} job {name}") from error
    entry = entry.get("JobBookmarkEntry", {})
    record = {
        "job": name,
        "version": entry.get("Version"),
        "run": entry.get("Run"),
        "attempt": entry.get("Attempt"),
        "run_id": entry.get("RunId"),
        "previous_run_id": entry.get("PreviousRunId"),
        "bookmark": _parse(entry.get("JobBookmark")),
    }
    if ops.json:
        emit_json(record)
        return
    console = out()
    verb = "reset" if operation.startswith("reset") else "bookmark"
    console.print(
        f"job [bold]{name}[/] {verb}: version {record['version']}, "
        f"run {record['run']}, attempt {record['attempt']}"
    )
    console.print(f"  run id           {record['run_id'] or '-'}", markup=False)
    console.print(f"  previous run id  {record['previous_run_id'] or '-'}", markup=False)
    if record["bookmark"] is not None:
        console.print_json(data=record["bookmark"])


def _parse(text: str | None):
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text
