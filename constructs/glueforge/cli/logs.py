"""glueforge logs: print a job run's CloudWatch log lines (output, then error)."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import click
from rich.markup import escape

from glueforge.assembly.resources import JOB
from glueforge.cli import options
from glueforge.cli.output import emit_json, note, out
from glueforge.ops import job_runs
from glueforge.ops.aws import OpsError, explain
from glueforge.ops.logs import RunLog


@click.command("logs")
@click.argument("job")
@options.run_id("The run to read (default: the job's newest run).")
@click.option("--follow", is_flag=True, help="Keep printing new lines until the run ends.")
@options.ops_command
def cli(job, run_id, follow, ops):
    """Print the CloudWatch log lines of a run of JOB: its output, then its errors.

    Reads every stream of the run (driver and executors) in the log groups
    <LogGroupName>/output and <LogGroupName>/error; LogGroupName is the run's, by
    default /aws-glue/jobs (Spark and streaming jobs) or /aws-glue/python-jobs (Python
    shell jobs). --follow on a streaming run follows it until it is stopped.
    """
    name = ops.resolve(job, JOB).name
    glue, logs = ops.aws.client("glue"), ops.aws.client("logs")

    def fetch_run(wanted: str | None) -> dict:
        try:
            if wanted:
                return job_runs.get_run(glue, name, wanted)
            latest = job_runs.latest_run(glue, name)
        except Exception as error:
            raise explain(error, f"read the runs of job {name}") from error
        if latest is None:
            raise OpsError(f"job {name} has no runs yet", 2)
        return latest

    run = fetch_run(run_id)
    try:
        command = job_runs.job_command(glue, name)
    except Exception as error:
        raise explain(error, f"read job {name}") from error
    streams = [RunLog(group, run["Id"]) for group in job_runs.log_groups(run, command)]
    events: list[dict] = []

    def drain() -> None:
        for stream in streams:
            try:
                for event in stream.read(logs):
                    record = {"group": stream.group.rsplit("/", 1)[-1], **event}
                    events.append(record)
                    if not ops.json:
                        show(record)
            except Exception as error:
                raise explain(error, f"read log group {stream.group}") from error

    drain()
    while follow and run.get("JobRunState") in job_runs.ACTIVE:
        time.sleep(ops.poll_interval)
        run = fetch_run(run["Id"])
        drain()
    missing = [s.group for s in streams if s.missing]
    silent = [s.group for s in streams if not s.lines]
    if ops.json:
        emit_json(
            {
                "job": name,
                "job_kind": command,
                "run_id": run["Id"],
                "state": run.get("JobRunState"),
                "missing_log_groups": missing,
                "groups_without_lines": silent,
                "events": [
                    {k: e.get(k) for k in ("group", "logStreamName", "timestamp", "message")}
                    for e in events
                ],
            }
        )
        return
    for group in silent:
        why = "the log group does not exist" if group in missing else "no lines (yet)"
        note(f"{group}: {why} for run {run['Id']}")


def show(record: dict) -> None:
    stamp = datetime.fromtimestamp(record["timestamp"] / 1000, tz=timezone.utc)
    colour = "red" if record["group"] == "error" else "default"
    out().print(
        f"[dim]{stamp:%H:%M:%S}[/] [{colour}]{escape(record['message'].rstrip())}[/]",
        highlight=False,
    )
