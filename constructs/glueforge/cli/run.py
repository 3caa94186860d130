"""glueforge run: start a job run, optionally follow it to the end."""

from __future__ import annotations

import click
from rich.text import Text

from glueforge.assembly.resources import JOB
from glueforge.cli import options
from glueforge.cli.output import duration, emit_json, fields, out, usd
from glueforge.cli.watch import watch
from glueforge.core.vocabulary import JobState
from glueforge.cost import prices as pricing
from glueforge.ops import job_runs
from glueforge.ops.aws import explain
from glueforge.ops.poll import StillRunning


def parse_arguments(pairs: tuple[str, ...]) -> dict[str, str]:
    """``K=V`` pairs as Glue job arguments; a key without ``--`` gets it."""
    parsed = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip("-"):
            raise click.BadParameter(f"expected K=V, got {pair!r}", param_hint="--arg")
        parsed[key if key.startswith("--") else f"--{key}"] = value
    return parsed


@click.command("run")
@click.argument("job")
@click.option(
    "--arg",
    "arguments",
    multiple=True,
    metavar="K=V",
    help="Job argument for this run (repeatable); 'K' means '--K'.",
)
@options.wait
@options.timeout
@options.ops_command
def cli(job, arguments, wait, timeout, ops):
    """Start a run of JOB (a job name or construct path).

    With --wait, show the run's state, elapsed time, DPU-seconds and attempt until it
    ends, then its execution time, DPU-hours, cost, error and log link. Exits 0 only
    when the run SUCCEEDED.
    """
    run_arguments = parse_arguments(arguments)
    name = ops.resolve(job, JOB).name
    glue = ops.aws.client("glue")
    try:
        kwargs = {"Arguments": run_arguments} if run_arguments else {}
        run_id = glue.start_job_run(JobName=name, **kwargs)["JobRunId"]
    except Exception as error:
        raise explain(error, f"start job {name}") from error
    if not wait:
        if ops.json:
            emit_json({"job": name, "run_id": run_id, "state": "STARTED"})
        else:
            out().print(f"started run [bold]{run_id}[/] of job [bold]{name}[/]")
        return
    try:
        command = job_runs.job_command(glue, name)
    except Exception as error:
        raise explain(error, f"read job {name}") from error
    run = watch_run(ops, glue, name, run_id, timeout)
    record = job_runs.run_record(run, command)
    record.update(job=name, logs=job_runs.log_link(ops.aws, run))
    if ops.json:
        emit_json(record)
    else:
        print_summary(record)
    raise SystemExit(0 if record["state"] == JobState.SUCCEEDED else 1)


def watch_run(ops, glue, name: str, run_id: str, timeout: float | None) -> dict:
    def fetch():
        try:
            return job_runs.get_run(glue, name, run_id)
        except Exception as error:
            raise explain(error, f"read run {run_id} of job {name}") from error

    def line(run: dict) -> Text:
        seconds = job_runs.elapsed(run)
        # once the run has ended, ExecutionTime is what Glue counts, not wall-clock time
        counted = run.get("ExecutionTime") if done(run) else seconds
        dpu_seconds = pricing.dpu_seconds_so_far(run, counted or 0)
        dpu = "-" if dpu_seconds is None else f"{dpu_seconds:,.0f}"
        return Text(
            f"{run.get('JobRunState')}  elapsed {duration(seconds)}  "
            f"DPU-seconds {dpu}  attempt {run.get('Attempt', 0)}"
        )

    done = lambda run: run.get("JobRunState") not in job_runs.ACTIVE  # noqa: E731
    try:
        return watch(ops, fetch, done, line, timeout=timeout, what=f"run {run_id} of job {name}")
    except StillRunning as error:
        # the run goes on: --json callers get its id to follow it later
        error.details.update(job=name, run_id=run_id)
        raise


def print_summary(record: dict) -> None:
    state = record["state"]
    colour = "green" if state == JobState.SUCCEEDED else "red"
    out().print(f"job [bold]{record['job']}[/] run {record['run_id']}: [{colour}]{state}[/]")
    hours = record["billed_dpu_hours"]
    rows = [
        ("execution time", duration(record["execution_seconds"])),
        ("DPU", "-" if record["dpu"] is None else f"{record['dpu']:g}"),
        ("DPU-hours", "-" if hours is None else f"{hours:.4f} (billed)"),
        ("cost", usd(record["cost_usd"]) + rate_note(record["rate"])),
    ]
    if record["error"]:
        rows.append(("error", record["error"]))
    rows.append(("logs", record["logs"]))
    fields(rows)


def rate_note(rate: str | None) -> str:
    price = pricing.PRICES.get(rate)
    if price:
        return f" at ${price.usd_per_dpu_hour}/DPU-hour ({rate})"
    return " (no verified rate for this worker type)" if rate == "unpriced" else ""
