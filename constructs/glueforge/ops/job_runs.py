"""Job runs: start, read, list, and what each cost."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

from glueforge.core.log_groups import JOB_LOG_GROUP_PREFIX
from glueforge.core.vocabulary import JobState
from glueforge.cost import prices as pricing
from glueforge.ops.aws import Aws

# The states of a run that has not ended yet: --wait and `logs --follow` keep polling.
ACTIVE = frozenset({JobState.STARTING, JobState.RUNNING, JobState.STOPPING, JobState.WAITING})
# The ends of a run that `status` shows as failed.
FAILED = frozenset({JobState.FAILED, JobState.TIMEOUT, JobState.ERROR})
# Continuous and classic logging both write a run's stdout and stderr to streams named
# after the run id, under these groups (the run's LogGroupName is the prefix).
LOG_SUFFIXES = ("output", "error")


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


def log_groups(run: dict) -> list[str]:
    base = run.get("LogGroupName") or JOB_LOG_GROUP_PREFIX
    return [f"{base}/{suffix}" for suffix in LOG_SUFFIXES]


def log_link(aws: Aws, run: dict) -> str:
    """The CloudWatch console page of the run's output stream."""

    def enc(text: str) -> str:
        # The console double-encodes path pieces inside its hash fragment.
        return quote(quote(text, safe=""), safe="").replace("%", "$")

    group = log_groups(run)[0]
    return aws.console_url(
        f"cloudwatch/home?region={aws.region_name}#logsV2:log-groups/log-group/"
        f"{enc(group)}/log-events/{enc(run['Id'])}"
    )


def run_record(run: dict, command: str | None = None) -> dict:
    """One run as the commands print it (also the --json shape)."""
    cost = pricing.job_run_cost(run, command) if run.get("JobRunState") not in ACTIVE else None
    return {
        "run_id": run["Id"],
        "state": run.get("JobRunState"),
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
        "error": run.get("ErrorMessage"),
    }
