"""glueforge dq: a job run's Data Quality results, rule by rule; failures never hidden.

moto gap: moto 5.2.5 implements no Glue Data Quality API at all (getmoto/moto
docs/docs/services/glue.rst; see ``test_moto_still_lacks_data_quality_results``). The job
and its runs live in moto; ListDataQualityResults and BatchGetDataQualityResult are
answered by botocore's Stubber on the CLI's own client with answers written by hand in the
shapes of the botocore 1.44.8 model (DataQualityResultDescription, DataQualityResult,
DataQualityRuleResult with Result PASS | FAIL | ERROR; API reference
https://docs.aws.amazon.com/glue/latest/webapi/API_BatchGetDataQualityResult.html). The
Stubber rejects a request or an answer that does not fit the model.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.helpers.glue_stubs import stub_cli_glue
from tests.helpers.ops import REGION, make_job

STARTED = datetime(2026, 11, 29, 2, 0, tzinfo=timezone.utc)
TABLE = {"GlueTable": {"DatabaseName": "shop_curated", "TableName": "orders"}}


@pytest.fixture
def dq_stub(moto, monkeypatch):
    return stub_cli_glue(monkeypatch, moto, ("ListDataQualityResults", "BatchGetDataQualityResult"))


def rule(name: str, outcome: str, message: str | None = None, **metrics: float) -> dict:
    found = {"Name": name, "Result": outcome, "EvaluatedMetrics": metrics}
    if message:
        found["EvaluationMessage"] = message
    return found


def result(result_id: str, run_id: str, rules: list[dict], score: float) -> dict:
    return {
        "ResultId": result_id,
        "Score": score,
        "DataSource": TABLE,
        "RulesetName": "curated-orders",
        "EvaluationContext": "orders_check",
        "StartedOn": STARTED,
        "CompletedOn": STARTED,
        "JobName": "orders",
        "JobRunId": run_id,
        "RuleResults": rules,
    }


def listed(stub, run_id: str, pages: list[list[str]]) -> None:
    """ListDataQualityResults answers ``pages`` of result ids, following NextToken."""
    for number, ids in enumerate(pages):
        request = {"Filter": {"JobName": "orders", "JobRunId": run_id}}
        if number:
            request["NextToken"] = f"page-{number}"
        answer = {
            "Results": [
                {"ResultId": i, "JobName": "orders", "JobRunId": run_id, "StartedOn": STARTED}
                for i in ids
            ]
        }
        if number + 1 < len(pages):
            answer["NextToken"] = f"page-{number + 1}"
        stub.add_response("list_data_quality_results", answer, request)


def started_run(glue) -> str:
    make_job(glue)
    return glue.start_job_run(JobName="orders")["JobRunId"]


def test_every_rule_passed(glue, invoke, dq_stub):
    run_id = started_run(glue)
    listed(dq_stub, run_id, [["dqresult-1"]])
    rules = [
        rule("RowCount > 0", "PASS", **{"Dataset.*.RowCount": 120.0}),
        rule('IsComplete "order_id"', "PASS", **{"Column.order_id.Completeness": 1.0}),
    ]
    dq_stub.add_response(
        "batch_get_data_quality_result",
        {"Results": [result("dqresult-1", run_id, rules, 1.0)]},
        {"ResultIds": ["dqresult-1"]},
    )
    result_ = invoke("dq", "orders")
    assert result_.exit_code == 0, result_.stderr
    out = result_.stdout
    assert "ruleset curated-orders on shop_curated.orders (context orders_check)" in out
    assert "score 1.00, 2 passed, 0 failed, 0 errored" in out
    assert "RowCount > 0" in out and '"Dataset.*.RowCount": 120.0' in out
    assert 'IsComplete "order_id"' in out
    dq_stub.assert_no_pending_responses()


def test_a_failed_rule_exits_1_and_is_named(glue, invoke, dq_stub):
    run_id = started_run(glue)
    # two pages of ids: NextToken is followed
    listed(dq_stub, run_id, [["dqresult-1"], ["dqresult-2"]])
    failing = rule(
        'ColumnValues "amount" > 0',
        "FAIL",
        "Value: -3.0 does not meet the constraint requirement!",
        **{"Column.amount.Minimum": -3.0},
    )
    errored = rule('Mean "nope" > 1', "ERROR", "Column nope not found")
    dq_stub.add_response(
        "batch_get_data_quality_result",
        {
            "Results": [
                result("dqresult-1", run_id, [rule("RowCount > 0", "PASS"), failing], 0.5),
                result("dqresult-2", run_id, [errored], 0.0),
            ]
        },
        {"ResultIds": ["dqresult-1", "dqresult-2"]},
    )
    result_ = invoke("dq", "orders", "--run-id", run_id, "--json")
    assert result_.exit_code == 1
    document = json.loads(result_.stdout)
    assert document["run_id"] == run_id
    first, second = document["results"]
    assert first["score"] == 0.5 and first["counts"] == {"PASS": 1, "FAIL": 1, "ERROR": 0}
    assert first["rules"][1] == {
        "name": 'ColumnValues "amount" > 0',
        "result": "FAIL",
        "message": "Value: -3.0 does not meet the constraint requirement!",
        "evaluated_metrics": {"Column.amount.Minimum": -3.0},
        "description": None,
    }
    assert second["counts"] == {"PASS": 0, "FAIL": 0, "ERROR": 1}
    assert document["problems"] == [
        'curated-orders: FAIL ColumnValues "amount" > 0',
        'curated-orders: ERROR Mean "nope" > 1',
    ]
    assert 'error: curated-orders: FAIL ColumnValues "amount" > 0' in result_.stderr


def test_a_run_without_results_is_not_a_success(glue, invoke, dq_stub):
    run_id = started_run(glue)
    listed(dq_stub, run_id, [[]])
    result_ = invoke("dq", "orders", "--json")
    assert result_.exit_code == 1
    error = json.loads(result_.stdout)["error"]
    assert error["message"].startswith(
        f"run {run_id} of job orders (SUCCEEDED) has no Data Quality results: nothing was checked"
    )
    assert error["run_id"] == run_id
    assert "nothing was checked" in result_.stderr


def test_a_result_without_rules_or_not_found_is_reported(glue, invoke, dq_stub):
    run_id = started_run(glue)
    listed(dq_stub, run_id, [["dqresult-1", "dqresult-2"]])
    dq_stub.add_response(
        "batch_get_data_quality_result",
        {"Results": [result("dqresult-1", run_id, [], 0.0)], "ResultsNotFound": ["dqresult-2"]},
        {"ResultIds": ["dqresult-1", "dqresult-2"]},
    )
    result_ = invoke("dq", "orders")
    assert result_.exit_code == 1
    assert "result dqresult-1 (curated-orders) holds no rule results" in result_.stderr
    assert "result dqresult-2 was listed but not found" in result_.stderr


def test_more_than_100_results_are_read_100_per_call(glue, invoke, dq_stub):
    run_id = started_run(glue)
    ids = [f"dqresult-{i:03d}" for i in range(150)]
    listed(dq_stub, run_id, [ids])
    for batch in (ids[:100], ids[100:]):  # BatchGetDataQualityResult: at most 100 ids
        dq_stub.add_response(
            "batch_get_data_quality_result",
            {"Results": [result(i, run_id, [rule("RowCount > 0", "PASS")], 1.0) for i in batch]},
            {"ResultIds": batch},
        )
    result_ = invoke("dq", "orders", "--json")
    assert result_.exit_code == 0, result_.stderr
    assert len(json.loads(result_.stdout)["results"]) == 150
    dq_stub.assert_no_pending_responses()


def test_a_denied_call_is_reported(glue, invoke, dq_stub):
    run_id = started_run(glue)
    dq_stub.add_client_error(
        "list_data_quality_results",
        service_error_code="AccessDeniedException",
        service_message="no glue:ListDataQualityResults",
        http_status_code=400,
        expected_params={"Filter": {"JobName": "orders", "JobRunId": run_id}},
    )
    result_ = invoke("dq", "orders")
    assert result_.exit_code == 2
    assert f"not allowed to read the Data Quality results of run {run_id}" in result_.stderr


def test_a_job_without_runs(glue, invoke, dq_stub):
    make_job(glue)
    result_ = invoke("dq", "orders")
    assert result_.exit_code == 2
    assert "job orders has no runs yet" in result_.stderr


def test_moto_still_lacks_data_quality_results(moto):
    """The gap these tests stub over: when moto implements it, stub less."""
    once = boto3.client(
        "glue", region_name=REGION, endpoint_url=moto, config=Config(retries={"max_attempts": 1})
    )
    with pytest.raises(ClientError) as raised:
        once.list_data_quality_results(Filter={"JobName": "orders"})
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] >= 500


def test_a_result_the_answer_leaves_out_is_reported(glue, invoke, dq_stub):
    run_id = started_run(glue)
    listed(dq_stub, run_id, [["dqresult-1"]])
    dq_stub.add_response(
        "batch_get_data_quality_result", {"Results": []}, {"ResultIds": ["dqresult-1"]}
    )
    result_ = invoke("dq", "orders", "--json")
    assert result_.exit_code == 1
    assert json.loads(result_.stdout)["results_not_found"] == ["dqresult-1"]
    assert "result dqresult-1 was listed but not found" in result_.stderr
