"""glueforge stop: BatchStopJobRun in batches of 25, every error reported.

moto gap: moto 5.2.5 does not implement BatchStopJobRun (getmoto/moto
docs/docs/services/glue.rst; absent from moto/glue/responses.py; see
``test_moto_still_lacks_batch_stop_job_run``). The job and its runs live in moto; the
stop call itself is answered by botocore's Stubber on the CLI's own client, which checks
the request and the hand-written answers against the botocore 1.44.8 model
(BatchStopJobRunRequest: JobName, JobRunIds of 1 to 25 ids; answer SuccessfulSubmissions
and Errors[{JobName, JobRunId, ErrorDetail{ErrorCode, ErrorMessage}}], per
https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-jobs-runs.html).
"""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.helpers.glue_stubs import stub_cli_glue
from tests.helpers.ops import REGION, make_job


@pytest.fixture
def stop_stub(moto, monkeypatch):
    return stub_cli_glue(monkeypatch, moto, ("BatchStopJobRun",))


def submitted(job: str, ids: list[str]) -> list[dict]:
    return [{"JobName": job, "JobRunId": run_id} for run_id in ids]


def test_stop_one_run(glue, invoke, stop_stub):
    make_job(glue)
    run_id = glue.start_job_run(JobName="orders")["JobRunId"]
    stop_stub.add_response(
        "batch_stop_job_run",
        {"SuccessfulSubmissions": submitted("orders", [run_id]), "Errors": []},
        {"JobName": "orders", "JobRunIds": [run_id]},
    )
    result = invoke("stop", "orders", "--run-id", run_id)
    assert result.exit_code == 0, result.stderr
    assert f"stopping run {run_id} of job orders" in result.stdout
    stop_stub.assert_no_pending_responses()


def test_all_running_stops_every_live_run_25_per_call(glue, invoke, stop_stub, transitions):
    # every run stays STARTING (moto advances a run only after 1000 reads)
    transitions("glue::job_run", {"progression": "manual", "times": 1000})
    make_job(glue, ExecutionProperty={"MaxConcurrentRuns": 30})
    started = [glue.start_job_run(JobName="orders")["JobRunId"] for _ in range(30)]
    newest_first = started[::-1]
    # 30 ids: one call with 25, then one with the other 5 (BatchStopJobRun takes <= 25)
    first, second = newest_first[:25], newest_first[25:]
    stop_stub.add_response(
        "batch_stop_job_run",
        {"SuccessfulSubmissions": submitted("orders", first)},
        {"JobName": "orders", "JobRunIds": first},
    )
    stop_stub.add_response(
        "batch_stop_job_run",
        {
            "SuccessfulSubmissions": submitted("orders", second[:4]),
            "Errors": [
                {
                    "JobName": "orders",
                    "JobRunId": second[4],
                    "ErrorDetail": {
                        "ErrorCode": "InvalidInputException",
                        "ErrorMessage": "Job run is not in a stoppable state",
                    },
                }
            ],
        },
        {"JobName": "orders", "JobRunIds": second},
    )
    result = invoke("stop", "orders", "--all-running", "--json")
    assert result.exit_code == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["submitted"] == first + second[:4]
    assert document["errors"] == [
        {
            "run_id": second[4],
            "code": "InvalidInputException",
            "message": "Job run is not in a stoppable state",
        }
    ]
    assert f"could not stop run {second[4]}: InvalidInputException" in result.stderr
    stop_stub.assert_no_pending_responses()


def test_a_run_the_answer_does_not_mention_is_an_error(glue, invoke, stop_stub):
    make_job(glue)
    run_id = glue.start_job_run(JobName="orders")["JobRunId"]
    stop_stub.add_response(
        "batch_stop_job_run", {}, {"JobName": "orders", "JobRunIds": [run_id, "jr_other"]}
    )
    result = invoke("stop", "orders", "--run-id", run_id, "--run-id", "jr_other")
    assert result.exit_code == 1
    assert f"could not stop run {run_id}: BatchStopJobRun's answer does not" in result.stderr
    assert "could not stop run jr_other" in result.stderr
    assert "stopping run" not in result.stdout


def test_a_failed_call_says_what_was_already_submitted(glue, invoke, stop_stub):
    make_job(glue)
    ids = [f"jr_{i:02d}" for i in range(26)]
    stop_stub.add_response(
        "batch_stop_job_run",
        {"SuccessfulSubmissions": submitted("orders", ids[:25])},
        {"JobName": "orders", "JobRunIds": ids[:25]},
    )
    stop_stub.add_client_error(
        "batch_stop_job_run",
        service_error_code="AccessDeniedException",
        service_message="not allowed",
        http_status_code=400,
        expected_params={"JobName": "orders", "JobRunIds": ids[25:]},
    )
    args = [a for run_id in ids for a in ("--run-id", run_id)]
    result = invoke("stop", "orders", *args, "--json")
    assert result.exit_code == 2  # AccessDenied: a configuration error (cli docstring)
    error = json.loads(result.stdout)["error"]
    assert error["message"].startswith("not allowed to stop runs of job orders: not allowed")
    assert "(25 already submitted)" in error["message"]
    assert error["submitted"] == ids[:25]


def test_all_running_with_nothing_running_says_so(glue, invoke, stop_stub):
    make_job(glue)
    glue.start_job_run(JobName="orders")  # moto: SUCCEEDED on first read
    result = invoke("stop", "orders", "--all-running")
    assert result.exit_code == 0
    assert "nothing to stop" in result.stderr
    stop_stub.assert_no_pending_responses()  # no BatchStopJobRun call was made


@pytest.mark.parametrize("args", [[], ["--run-id", "jr_1", "--all-running"]])
def test_stop_needs_run_ids_or_all_running(invoke, args):
    result = invoke("stop", "orders", *args, "--json")
    assert result.exit_code == 2
    message = json.loads(result.stdout)["error"]["message"]
    assert message == "give either --run-id (one or more) or --all-running"


def test_stop_of_an_unknown_job(invoke, stop_stub):
    result = invoke("stop", "nope", "--all-running")
    assert result.exit_code == 2
    assert "cannot list the runs of job nope" in result.stderr


def test_moto_still_lacks_batch_stop_job_run(glue, moto):
    """The gap these tests stub over: when moto implements it, stub less."""
    once = boto3.client(
        "glue", region_name=REGION, endpoint_url=moto, config=Config(retries={"max_attempts": 1})
    )
    make_job(glue)
    run_id = glue.start_job_run(JobName="orders")["JobRunId"]
    with pytest.raises(ClientError) as raised:
        once.batch_stop_job_run(JobName="orders", JobRunIds=[run_id])
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] >= 500
