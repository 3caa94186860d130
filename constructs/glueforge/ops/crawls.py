"""Crawls: the crawler's state, its last crawl, its metrics and its cost."""

from __future__ import annotations

from typing import Any

from glueforge.core.vocabulary import CrawlerState
from glueforge.cost import prices as pricing
from glueforge.ops.aws import explain

# A crawl that went well: GetCrawler's LastCrawl.Status is a crawl state (SUCCEEDED), but
# ListCrawls' CrawlerHistory.State says COMPLETED for the same outcome (its states are
# RUNNING, COMPLETED, FAILED, STOPPED). moto puts that history word into LastCrawl.Status
# as well, so COMPLETED must count wherever a crawl's result is read.
HISTORY_COMPLETED = "COMPLETED"
CRAWL_OK = frozenset({CrawlerState.SUCCEEDED, HISTORY_COMPLETED})
# A crawl that `status` shows as failed.
CRAWL_FAILED = frozenset({CrawlerState.FAILED, CrawlerState.CANCELLED})
# The crawler's own state (GetCrawler's Crawler.State: READY, RUNNING or STOPPING), not a
# crawl's: READY means no crawl is going on.
READY = "READY"


def latest_crawl(glue: Any, crawler: str) -> dict | None:
    """The newest entry of ListCrawls (with DPUHour), or None if there is none."""
    crawls = glue.list_crawls(CrawlerName=crawler).get("Crawls", [])
    return max(crawls, key=_start_key, default=None)


def _start_key(item: dict) -> float:
    started = item.get("StartTime")
    return started.timestamp() if started else 0.0


def metrics(glue: Any, crawler: str) -> tuple[dict | None, str | None]:
    """GetCrawlerMetrics for ``crawler``, or (None, why not).

    Metrics only inform; a failure to read them must not change the verdict on the crawl.
    """
    try:
        found = glue.get_crawler_metrics(CrawlerNameList=[crawler])["CrawlerMetricsList"]
    except Exception as error:
        return None, str(explain(error, "read crawler metrics"))
    return (found[0] if found else None), None if found else "no metrics returned"


def crawl_record(crawler: dict, crawl: dict | None) -> dict:
    last = crawler.get("LastCrawl", {})
    dpu_hours = crawl.get("DPUHour") if crawl else None
    started, ended = (crawl or {}).get("StartTime"), (crawl or {}).get("EndTime")
    return {
        "crawler": crawler["Name"],
        "state": crawler.get("State"),
        "last_crawl": last.get("Status") or (crawl or {}).get("State"),
        "started": started or last.get("StartTime"),
        "duration_seconds": (ended - started).total_seconds() if started and ended else None,
        "dpu_hours": dpu_hours,
        "cost_usd": pricing.crawl_cost(dpu_hours),
        "error": last.get("ErrorMessage") or (crawl or {}).get("ErrorMessage"),
        "log_group": last.get("LogGroup") or (crawl or {}).get("LogGroup"),
        "log_stream": last.get("LogStream") or (crawl or {}).get("LogStream"),
    }
