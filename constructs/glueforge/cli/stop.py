"""glueforge stop: stop runs of a job (how a streaming run ends)."""

from __future__ import annotations

import click

from glueforge.assembly.resources import JOB
from glueforge.cli import options
from glueforge.cli.output import emit_json, error_line, note, out
from glueforge.ops import stop as stopping
from glueforge.ops.aws import explain


@click.command("stop")
@click.argument("job")
@click.option(
    "--run-id",
    "run_ids",
    multiple=True,
    metavar="ID",
    help="A run to stop (repeatable).",
)
@click.option(
    "--all-running",
    is_flag=True,
    help="Stop every run of JOB that is starting, running or queued (WAITING).",
)
@options.ops_command
def cli(job, run_ids, all_running, ops):
    """Stop runs of JOB (a job name or construct path): each --run-id, or --all-running.

    Glue's BatchStopJobRun submits runs for stopping, 25 per call; a submitted run goes
    STOPPING, then STOPPED (follow it with `glueforge runs`). Every run Glue could not
    stop is printed with Glue's reason, and then the command exits 1.
    """
    if bool(run_ids) == all_running:
        raise click.UsageError("give either --run-id (one or more) or --all-running")
    name = ops.resolve(job, JOB).name
    glue = ops.aws.client("glue")
    if all_running:
        try:
            run_ids = stopping.stoppable_runs(glue, name)
        except Exception as error:
            raise explain(error, f"list the runs of job {name}") from error
        if not run_ids:
            report_nothing(ops, name)
            return
    outcome = stopping.stop_runs(glue, name, list(run_ids))
    if ops.json:
        emit_json(outcome.as_dict())
    else:
        for run_id in outcome.submitted:
            out().print(f"stopping run [bold]{run_id}[/] of job [bold]{name}[/]")
    # on stderr with --json too, as every error line is
    for problem in outcome.errors:
        error_line(f"could not stop run {problem['run_id']}: {reason(problem)}")
    raise SystemExit(0 if outcome.ok else 1)


def reason(problem: dict) -> str:
    code, message = problem.get("code"), problem.get("message") or "no message"
    return f"{code}: {message}" if code else message


def report_nothing(ops, name: str) -> None:
    """--all-running found no run to stop: say so (exit 0: nothing was left running)."""
    message = f"job {name} has no starting, running or waiting run: nothing to stop"
    if ops.json:
        emit_json({"job": name, "submitted": [], "errors": [], "note": message})
    else:
        note(message)
