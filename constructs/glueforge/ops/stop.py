"""Stop job runs: BatchStopJobRun in batches, with every run it could not stop reported.

How a streaming run ends, and how any other run is cut short. BatchStopJobRun takes one
job's name and 1 to 25 run ids (botocore 1.44.8 ``BatchStopJobRunJobRunIdList``, min 1,
max 25) and answers ``SuccessfulSubmissions`` (runs submitted for stopping) and
``Errors`` (``{JobName, JobRunId, ErrorDetail: {ErrorCode, ErrorMessage}}``), per
https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-jobs-runs.html (BatchStopJobRun).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from glueforge.core.vocabulary import JobState
from glueforge.ops.aws import OpsError, explain
from glueforge.ops.job_runs import list_runs

# BatchStopJobRunJobRunIdList: at most 25 ids per call.
MAX_RUN_IDS_PER_CALL = 25
# The runs --all-running stops: started, running or queued. A STOPPING run is already on
# its way out; stopping it again would only add an error.
STOPPABLE = frozenset({JobState.STARTING, JobState.RUNNING, JobState.WAITING})


@dataclass
class StopOutcome:
    """What BatchStopJobRun said about each run id: submitted for stopping, or an error."""

    job: str
    submitted: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {"job": self.job, "submitted": self.submitted, "errors": self.errors}


def stoppable_runs(glue: Any, job: str) -> list[str]:
    """The ids of the job's runs that are starting, running or queued (newest first)."""
    return [run["Id"] for run in list_runs(glue, job) if run.get("JobRunState") in STOPPABLE]


def batches(run_ids: list[str]) -> list[list[str]]:
    """``run_ids`` in order, in lists of at most :data:`MAX_RUN_IDS_PER_CALL`."""
    size = MAX_RUN_IDS_PER_CALL
    return [run_ids[i : i + size] for i in range(0, len(run_ids), size)]


def stop_runs(glue: Any, job: str, run_ids: list[str]) -> StopOutcome:
    """Ask Glue to stop ``run_ids`` of ``job``, 25 per call.

    A run id the answer neither submitted nor listed as an error is reported as an error
    too: nothing is taken as stopped unless Glue said so. A call that fails outright raises
    an :class:`OpsError` whose details hold what earlier calls submitted.
    """
    outcome = StopOutcome(job)
    for batch in batches(list(dict.fromkeys(run_ids))):
        try:
            answer = glue.batch_stop_job_run(JobName=job, JobRunIds=batch)
        except Exception as error:
            failed = explain(error, f"stop runs of job {job}")
            already = f" ({len(outcome.submitted)} already submitted)" if outcome.submitted else ""
            raise OpsError(
                f"{failed}{already}", failed.exit_code, {**failed.details, **outcome.as_dict()}
            ) from error
        submitted = [s.get("JobRunId") for s in answer.get("SuccessfulSubmissions", [])]
        outcome.submitted += [run_id for run_id in submitted if run_id]
        for problem in answer.get("Errors", []):
            detail = problem.get("ErrorDetail", {})
            outcome.errors.append(
                {
                    "run_id": problem.get("JobRunId"),
                    "code": detail.get("ErrorCode"),
                    "message": detail.get("ErrorMessage"),
                }
            )
        answered = set(submitted) | {
            problem.get("JobRunId") for problem in answer.get("Errors", [])
        }
        for run_id in batch:
            if run_id not in answered:
                outcome.errors.append(
                    {
                        "run_id": run_id,
                        "code": None,
                        "message": "BatchStopJobRun's answer does not mention this run",
                    }
                )
    return outcome
