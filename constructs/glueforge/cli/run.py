"""glueforge run: start a job run, optionally follow it to the end."""

from __future__ import annotations

import click
from rich.text import Text

from glueforge.assembly.resources import JOB
from glueforge.cli import options
from glueforge.cli.output import duration, emit_json, fields, note, out, usd
from glueforge.cli.watch import watch
from glueforge.core.vocabulary import JobCommand, JobState
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
    when the run SUCCEEDED. Spark and Python shell jobs alike; a streaming job's run has
    no end (it runs, and is billed, until `glueforge stop`): --wait follows it only until
    it is RUNNING, then exits 0 with its cost so far.
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
        started(ops, glue, name, run_id)
        return
    try:
        command = job_runs.job_command(glue, name)
    except Exception as error:
        raise explain(error, f"read job {name}") from error
    run = watch_run(ops, glue, name, run_id, timeout, command)
    record = job_runs.run_record(run, command)
    record.update(job=name, logs=job_runs.log_link(ops.aws, run, command))
    if command == JobCommand.STREAMING:
        record["note"] = streaming_note(name, run_id)
    if ops.json:
        emit_json(record)
    else:
        print_summary(record)
    raise SystemExit(0 if ended_well(record, command) else 1)


def ended_well(record: dict, command: str | None) -> bool:
    """A run succeeded, or a streaming run is RUNNING (it has no end to wait for)."""
    if command == JobCommand.STREAMING and record["state"] == JobState.RUNNING:
        return True
    return record["state"] == JobState.SUCCEEDED


def streaming_note(name: str, run_id: str) -> str:
    return (
        "a streaming run has no end: it runs, and is billed, until stopped "
        f"(glueforge stop {name} --run-id {run_id})"
    )


def started(ops, glue, name: str, run_id: str) -> None:
    """Report a run started without --wait; a streaming job's says how it will end."""
    document = {"job": name, "run_id": run_id, "state": "STARTED"}
    try:
        command = job_runs.job_command(glue, name)
    except Exception as error:
        # The run started: the job's kind only changes the wording, so say why it is
        # missing rather than fail a command that did what it was asked.
        command = None
        note(f"started, but {explain(error, f'read job {name}')}")
    document["job_kind"] = command
    if command == JobCommand.STREAMING:
        document["note"] = streaming_note(name, run_id)
    if ops.json:
        emit_json(document)
        return
    out().print(f"started run [bold]{run_id}[/] of job [bold]{name}[/]")
    if "note" in document:
        out().print(document["note"], highlight=False, markup=False)


def watch_run(
    ops, glue, name: str, run_id: str, timeout: float | None, command: str | None = None
) -> dict:
    def fetch():
        try:
            return job_runs.get_run(glue, name, run_id)
        except Exception as error:
            raise explain(error, f"read run {run_id} of job {name}") from error

    def line(run: dict) -> Text:
        seconds = job_runs.elapsed(run)
        # once the run has ended, ExecutionTime is what Glue counts, not wall-clock time
        ended = run.get("JobRunState") not in job_runs.ACTIVE
        counted = run.get("ExecutionTime") if ended else seconds
        dpu_seconds = pricing.dpu_seconds_so_far(run, counted or 0)
        dpu = "-" if dpu_seconds is None else f"{dpu_seconds:,.0f}"
        state = job_runs.shown_state({"state": run.get("JobRunState"), **detail(run)})
        return Text(
            f"{state}  elapsed {duration(seconds)}  "
            f"DPU-seconds {dpu}  attempt {run.get('Attempt', 0)}"
        )

    done = lambda run: job_runs.settled(run, command)  # noqa: E731
    try:
        return watch(ops, fetch, done, line, timeout=timeout, what=f"run {run_id} of job {name}")
    except StillRunning as error:
        # the run goes on: --json callers get its id to follow it later
        error.details.update(job=name, run_id=run_id)
        raise


def detail(run: dict) -> dict:
    return {"state_detail": run.get("StateDetail")}


def print_summary(record: dict) -> None:
    state = record["state"]
    colour = "green" if ended_well(record, record.get("job_kind")) else "red"
    kind = f" ({record['job_kind']})" if record.get("job_kind") else ""
    out().print(f"job [bold]{record['job']}[/]{kind} run {record['run_id']}: [{colour}]{state}[/]")
    hours = record["billed_dpu_hours"]
    so_far = " so far" if record.get("cost_basis") == "so far" else ""
    rows = [
        ("execution time", duration(record["execution_seconds"])),
        ("DPU", "-" if record["dpu"] is None else f"{record['dpu']:g}"),
        ("DPU-hours", "-" if hours is None else f"{hours:.4f} (billed{so_far})"),
        ("cost", usd(record["cost_usd"]) + so_far + rate_note(record["rate"])),
    ]
    if record["error"]:
        rows.append(("error", record["error"]))
    rows.append(("logs", record["logs"]))
    if record.get("note"):
        rows.append(("note", record["note"]))
    fields(rows)


def rate_note(rate: str | None) -> str:
    price = pricing.PRICES.get(rate)
    if price:
        return f" at ${price.usd_per_dpu_hour}/DPU-hour ({rate})"
    return " (no verified rate for this worker type)" if rate == "unpriced" else ""
