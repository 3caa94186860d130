"""glueforge bookmark: show a job's bookmark, or reset it (whole, or to a run)."""

from __future__ import annotations

import json
import sys

import click

from glueforge.assembly.resources import JOB
from glueforge.cli import options
from glueforge.cli.output import emit_json, failed, out
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
    _call(ops, ops.resolve(job, JOB).name, run_id, "get_job_bookmark", "read the bookmark of")


@cli.command("reset")
@click.argument("job")
@run_id_option
@click.option("-y", "--yes", is_flag=True, help="Reset without asking (needed off a terminal).")
@options.ops_command
def reset(job, run_id, yes, ops):
    """Reset JOB's bookmark (ResetJobBookmark), whole or back to --run-id.

    Asks first, since the job's next run then reprocesses data it already processed;
    --yes skips the question, and is needed where no one can answer it (CI, scripts).
    """
    name = ops.resolve(job, JOB).name
    if not yes:
        _confirm(name, run_id)
    _call(ops, name, run_id, "reset_job_bookmark", "reset the bookmark of")


def can_ask() -> bool:
    """Whether someone can answer a question: stdin is a terminal."""
    return sys.stdin.isatty()


def _confirm(name: str, run_id: str | None) -> None:
    what = f"back to run {run_id}" if run_id else "whole"
    if not can_ask():
        raise failed(
            f"not resetting the bookmark of job {name} ({what}) without confirmation: "
            "stdin is not a terminal; pass --yes to reset it",
            2,
        )
    question = (
        f"Reset the bookmark of job {name} ({what})? Its next run reprocesses what the "
        "bookmark recorded as done"
    )
    if not click.confirm(question, default=False, err=True):
        raise failed(f"bookmark of job {name} left as it was", 1)


def _call(ops, name: str, run_id: str | None, operation: str, what: str) -> None:
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
