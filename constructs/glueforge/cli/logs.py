"""glueforge logs: print a job run's CloudWatch logs (output and error streams)."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import click
from rich.markup import escape

from glueforge.cli import options
from glueforge.cli.output import emit_json, note, out
from glueforge.ops import jobs
from glueforge.ops.aws import OpsError, explain
from glueforge.ops.logs import Stream
from glueforge.ops.resolve import JOB


@click.command("logs")
@click.argument("job")
@click.option("--run-id", help="The run to read (default: the job's newest run).")
@click.option("--follow", is_flag=True, help="Keep printing new lines until the run ends.")
@options.ops_command
def cli(job, run_id, follow, ops):
    """Print the CloudWatch logs of a run of JOB: its output stream, then its error
    stream (log groups <LogGroupName>/output and /error, default /aws-glue/jobs)."""
    name = ops.resolve(job, JOB).name
    glue, logs = ops.aws.client("glue"), ops.aws.client("logs")

    def fetch_run(wanted: str | None) -> dict:
        try:
            if wanted:
                return jobs.get_run(glue, name, wanted)
            latest = jobs.latest_run(glue, name)
        except Exception as error:
            raise explain(error, f"read the runs of job {name}") from error
        if latest is None:
            raise OpsError(f"job {name} has no runs yet", 2)
        return latest

    run = fetch_run(run_id)
    streams = [Stream(group, run["Id"]) for group in jobs.log_groups(run)]
    events: list[dict] = []

    def drain() -> None:
        for stream in streams:
            try:
                for event in stream.read(logs):
                    record = {"stream": stream.group.rsplit("/", 1)[-1], **event}
                    events.append(record)
                    if not ops.json:
                        show(record)
            except Exception as error:
                raise explain(error, f"read log group {stream.group}") from error

    drain()
    while follow and run.get("JobRunState") in jobs.ACTIVE:
        time.sleep(ops.poll_interval)
        run = fetch_run(run["Id"])
        drain()
    missing = [s.group for s in streams if s.missing]
    if ops.json:
        emit_json(
            {
                "job": name,
                "run_id": run["Id"],
                "state": run.get("JobRunState"),
                "missing_streams": missing,
                "events": [
                    {k: e.get(k) for k in ("stream", "timestamp", "message")} for e in events
                ],
            }
        )
        return
    for group in missing:
        note(f"no log stream {run['Id']} in {group} (yet)")


def show(record: dict) -> None:
    stamp = datetime.fromtimestamp(record["timestamp"] / 1000, tz=timezone.utc)
    colour = "red" if record["stream"] == "error" else "default"
    out().print(
        f"[dim]{stamp:%H:%M:%S}[/] [{colour}]{escape(record['message'].rstrip())}[/]",
        highlight=False,
    )
