"""A --wait that outlives --timeout: with --json, the error document carries where the
crawl or workflow run stood, so a caller can follow it later (issue 17, section 4)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from tests.helpers.ops import ROLE, make_job


@pytest.fixture
def crawler(glue, monkeypatch):
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    glue.create_crawler(
        Name="raw-orders",
        Role=ROLE,
        DatabaseName="shop_raw",
        Targets={"S3Targets": [{"Path": "s3://raw/orders/"}]},
    )
    return "raw-orders"


def _timed_out(result) -> dict:
    assert result.exit_code == 1, result.stdout + result.stderr
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 1
    assert error["message"].startswith("gave up waiting after 0s")
    return error


def test_a_crawl_that_outlives_the_timeout_reports_the_crawler_state(crawler, invoke, transitions):
    transitions("glue::crawl", {"progression": "manual", "times": 1000})
    error = _timed_out(invoke("crawl", crawler, "--wait", "--timeout", "0", "--json"))
    assert error["crawler"] == "raw-orders"
    assert error["state"] == "RUNNING"
    # moto fills LastCrawl with the running crawl (Status RUNNING, a value AWS's
    # LastCrawlInfo never holds); the next test sets AWS's shape
    assert {"last_crawl", "last_crawl_started", "last_crawl_error"} <= set(error)


def test_a_crawl_that_outlives_the_timeout_reports_the_last_crawl(
    crawler, invoke, transitions, hooks
):
    transitions("glue::crawl", {"progression": "manual", "times": 1000})
    started = datetime(2027, 3, 1, 4, 0, tzinfo=timezone.utc)

    def previous_crawl(parsed, **kwargs):
        # AWS's LastCrawl while a crawl runs: the crawl before it (LastCrawlInfo)
        parsed["Crawler"]["LastCrawl"] = {
            "Status": "FAILED",
            "ErrorMessage": "Insufficient Lake Formation permission",
            "StartTime": started,
        }

    hooks("after-call.glue.GetCrawler", previous_crawl)
    error = _timed_out(invoke("crawl", crawler, "--wait", "--timeout", "0", "--json"))
    assert error["state"] == "RUNNING"
    assert error["last_crawl"] == "FAILED"
    assert error["last_crawl_error"] == "Insufficient Lake Formation permission"
    assert error["last_crawl_started"] == "2027-03-01T04:00:00+00:00"


def test_a_crawl_timeout_without_json_prints_one_line(crawler, invoke, transitions):
    transitions("glue::crawl", {"progression": "manual", "times": 1000})
    result = invoke("crawl", crawler, "--wait", "--timeout", "0")
    assert result.exit_code == 1
    assert "gave up waiting after 0s; crawler raw-orders is still going" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def workflow(glue):
    make_job(glue, "load")
    glue.create_workflow(Name="nightly")
    glue.create_trigger(
        Name="nightly-start",
        WorkflowName="nightly",
        Type="ON_DEMAND",
        Actions=[{"JobName": "load"}],
    )
    return "nightly"


def test_a_workflow_run_that_outlives_the_timeout_reports_its_id_and_status(
    glue, workflow, invoke, hooks
):
    statistics = {"TotalActions": 2, "RunningActions": 1, "SucceededActions": 1}

    def stats(parsed, **kwargs):
        parsed["Run"]["Statistics"] = statistics

    hooks("after-call.glue.GetWorkflowRun", stats)
    # moto keeps workflow runs RUNNING
    error = _timed_out(invoke("start-workflow", workflow, "--wait", "--timeout", "0", "--json"))
    [run] = glue.get_workflow_runs(Name=workflow)["Runs"]
    assert error["workflow"] == "nightly"
    assert error["run_id"] == run["WorkflowRunId"]
    assert error["status"] == "RUNNING"
    assert error["statistics"] == statistics
