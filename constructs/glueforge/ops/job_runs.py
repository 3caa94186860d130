"""Job runs: start, read, list, and what each cost."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

from glueforge.core.log_groups import (
    JOB_LOG_GROUP_PREFIX,
    PYTHON_SHELL_LOG_GROUP_PREFIX,
    RUN_LOG_SUFFIXES,
)
from glueforge.core.vocabulary import JobCommand, JobState
from glueforge.cost import prices as pricing
from glueforge.ops.aws import Aws

# The states of a run that has not ended yet: --wait and `logs --follow` keep polling.
ACTIVE = frozenset({JobState.STARTING, JobState.RUNNING, JobState.STOPPING, JobState.WAITING})
# The ends of a run that `status` shows as failed. Choice: EXPIRED (a queued run that
# Glue dropped before it could start, JobRunState in botocore 1.44.8) counts as failed:
# the work was not done, and `status` must not show it as fine.
FAILED = frozenset({JobState.FAILED, JobState.TIMEOUT, JobState.ERROR, JobState.EXPIRED})


def job_command(glue: Any, job: str) -> str | None:
    """The job's Command.Name (glueetl, pythonshell, gluestreaming, glueray)."""
    return glue.get_job(JobName=job)["Job"].get("Command", {}).get("Name")


def get_run(glue: Any, job: str, run_id: str) -> dict:
    return glue.get_job_run(JobName=job, RunId=run_id, PredecessorsIncluded=False)["JobRun"]


def list_runs(glue: Any, job: str, last: int | None = None) -> list[dict]:
    """The job's runs, newest first (the API's order is not relied on)."""
    runs = [
        run
        for page in glue.get_paginator("get_job_runs").paginate(JobName=job)
        for run in page["JobRuns"]
    ]
    runs.sort(key=lambda run: run.get("StartedOn") or datetime.min, reverse=True)
    return runs[:last] if last else runs


def latest_run(glue: Any, job: str) -> dict | None:
    runs = list_runs(glue, job)
    return runs[0] if runs else None


def elapsed(run: dict, now: datetime | None = None) -> float | None:
    """Seconds since the run started (to its completion once it has ended)."""
    started = run.get("StartedOn")
    if started is None:
        return None
    end = run.get("CompletedOn") if run.get("JobRunState") not in ACTIVE else None
    end = end or now or datetime.now(timezone.utc)
    return max((end - started).total_seconds(), 0.0)


def settled(run: dict, command: str | None) -> bool:
    """Whether ``run --wait`` has seen enough: the run ended, or it is a streaming run
    that reached RUNNING (a streaming run has no end of its own: it runs until stopped)."""
    state = run.get("JobRunState")
    return state not in ACTIVE or (command == JobCommand.STREAMING and state == JobState.RUNNING)


def log_groups(run: dict, command: str | None = None) -> list[str]:
    """The run's output and error log groups: under its LogGroupName, else the default
    of its kind (Spark and streaming jobs: /aws-glue/jobs; Python shell jobs:
    :data:`~glueforge.core.log_groups.PYTHON_SHELL_LOG_GROUP_PREFIX`)."""
    default = (
        PYTHON_SHELL_LOG_GROUP_PREFIX
        if command == JobCommand.PYTHON_SHELL
        else JOB_LOG_GROUP_PREFIX
    )
    base = run.get("LogGroupName") or default
    return [f"{base}/{suffix}" for suffix in RUN_LOG_SUFFIXES]


def log_link(aws: Aws, run: dict, command: str | None = None) -> str:
    """The CloudWatch console page of the run's output stream."""

    def enc(text: str) -> str:
        # The console double-encodes path pieces inside its hash fragment.
        return quote(quote(text, safe=""), safe="").replace("%", "$")

    group = log_groups(run, command)[0]
    return aws.console_url(
        f"cloudwatch/home?region={aws.region_name}#logsV2:log-groups/log-group/"
        f"{enc(group)}/log-events/{enc(run['Id'])}"
    )


def run_cost(
    run: dict, command: str | None = None, now: datetime | None = None
) -> tuple[pricing.RunCost | None, str | None]:
    """What the run cost, and on what basis: ``"final"`` for an ended run, ``"so far"``
    for a RUNNING streaming run (billed while it runs, and it never ends by itself), or
    (None, None) for any other run still going or waiting in the queue."""
    state = run.get("JobRunState")
    if state not in ACTIVE:
        cost = pricing.job_run_cost(run, command)
        return cost, "final" if cost else None
    if command == JobCommand.STREAMING and state == JobState.RUNNING:
        cost = pricing.job_run_cost_so_far(run, command, elapsed(run, now) or 0.0)
        return cost, "so far" if cost else None
    return None, None


def run_record(run: dict, command: str | None = None, now: datetime | None = None) -> dict:
    """One run as the commands print it (also the --json shape).

    ``command`` is the job's Command.Name (its kind); ``now`` prices a running streaming
    run up to that moment (default: the clock).
    """
    cost, basis = run_cost(run, command, now)
    return {
        "run_id": run["Id"],
        "job_kind": command,
        "state": run.get("JobRunState"),
        # why a run waits (JobRunState WAITING: queued by job run queuing), per botocore
        # 1.44.8 JobRun.StateDetail
        "state_detail": run.get("StateDetail"),
        "attempt": run.get("Attempt", 0),
        "started": run.get("StartedOn"),
        "completed": run.get("CompletedOn") if run.get("JobRunState") not in ACTIVE else None,
        "execution_seconds": run.get("ExecutionTime"),
        "worker_type": run.get("WorkerType"),
        "dpu": cost.dpu if cost else pricing.run_capacity(run),
        "dpu_seconds": cost.dpu_seconds if cost else None,
        "billed_dpu_hours": round(cost.dpu_hours, 6) if cost else None,
        "rate": cost.rate if cost else None,
        "cost_usd": round(cost.usd, 6) if cost and cost.usd is not None else None,
        "cost_basis": basis,
        "error": run.get("ErrorMessage"),
    }


def shown_state(record: dict) -> str:
    """A run's state as the tables print it: a waiting run says why it waits."""
    state = record["state"] or "-"
    return f"{state} ({record['state_detail']})" if record.get("state_detail") else state
