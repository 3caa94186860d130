"""glueforge crawl: start, follow to READY, report the last crawl and its metrics."""

from __future__ import annotations

import json

import pytest

from tests.helpers.ops import ROLE, respond


@pytest.fixture
def crawler(glue, monkeypatch):
    # moto answers GetCrawlerMetrics with HTTP 500, which botocore retries with backoff;
    # one attempt keeps these tests fast without changing what the CLI does with the 500.
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    glue.create_crawler(
        Name="raw-orders",
        Role=ROLE,
        DatabaseName="shop_raw",
        Targets={"S3Targets": [{"Path": "s3://raw/orders/"}]},
    )
    return "raw-orders"


def test_crawl_without_wait_starts_it(glue, crawler, invoke):
    result = invoke("crawl", crawler)
    assert result.exit_code == 0
    assert "started crawler raw-orders" in result.stdout
    assert glue.get_crawler(Name=crawler)["Crawler"]["State"] == "RUNNING"


def test_wait_follows_the_crawl_and_says_metrics_are_unknown(crawler, invoke, transitions):
    # RUNNING -> COMPLETED once 0.2 s have passed, read through get_crawler alone
    transitions("glue::crawl", {"progression": "time", "seconds": 0.2})
    result = invoke("crawl", crawler, "--wait", poll="0.05")
    assert result.exit_code == 0, result.output + result.stderr
    assert "raw-orders: COMPLETED" in result.stdout
    # moto reports DPUHour 100 for every crawl: 100 x $0.44
    assert "$44.0000" in result.stdout
    assert "tables         unknown" in result.stdout
    assert "HTTP 500 on GetCrawlerMetrics" in result.stderr
    assert "RUNNING" in result.stderr or "READY" in result.stderr


def test_wait_reports_tables_from_crawler_metrics(crawler, invoke, hooks, transitions):
    transitions("glue::crawl", {"progression": "immediate"})
    metrics = {"CrawlerName": crawler, "TablesCreated": 2, "TablesUpdated": 1, "TablesDeleted": 0}
    hooks("before-send.glue.GetCrawlerMetrics", respond(200, {"CrawlerMetricsList": [metrics]}))
    result = invoke("crawl", crawler, "--wait", "--json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["tables"] == {"created": 2, "updated": 1, "deleted": 0}
    assert record["metrics_error"] is None
    assert record["last_crawl"] == "COMPLETED" and record["dpu_hours"] == 100


def test_failed_crawl_exits_1_with_its_error(crawler, invoke, hooks, transitions):
    transitions("glue::crawl", {"progression": "immediate"})

    def failed(parsed, **kwargs):
        # moto's crawls cannot fail; AWS reports a failed crawl like this
        last = parsed["Crawler"].get("LastCrawl")
        if last:
            last.update(Status="FAILED", ErrorMessage="Insufficient Lake Formation permission")

    hooks("after-call.glue.GetCrawler", failed)
    result = invoke("crawl", crawler, "--wait")
    assert result.exit_code == 1
    assert "raw-orders: FAILED" in result.stdout
    assert "Insufficient Lake Formation permission" in result.stdout


def test_crawler_already_running(crawler, invoke):
    assert invoke("crawl", crawler).exit_code == 0
    result = invoke("crawl", crawler)
    assert result.exit_code == 1
    assert "cannot start crawler raw-orders: already running" in result.stderr


def test_unknown_crawler(invoke):
    result = invoke("crawl", "nope")
    assert result.exit_code == 2
    assert "cannot start crawler nope" in result.stderr
