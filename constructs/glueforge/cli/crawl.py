"""glueforge crawl: start a crawler, optionally follow the crawl to its result."""

from __future__ import annotations

import click
from rich.text import Text

from glueforge.assembly.resources import CRAWLER
from glueforge.cli import options
from glueforge.cli.output import duration, emit_json, fields, note, out, usd
from glueforge.cli.watch import watch
from glueforge.ops import crawls
from glueforge.ops.aws import explain
from glueforge.ops.poll import StillRunning


@click.command("crawl")
@click.argument("crawler")
@options.wait
@options.timeout
@options.ops_command
def cli(crawler, wait, timeout, ops):
    """Start CRAWLER (a crawler name or construct path).

    With --wait, follow the crawl until the crawler is READY again, then print the
    last crawl's result, the tables it created, updated and deleted (GetCrawlerMetrics),
    its DPU-hours and cost. Exits 0 only when the crawl succeeded.
    """
    name = ops.resolve(crawler, CRAWLER).name
    glue = ops.aws.client("glue")
    try:
        glue.start_crawler(Name=name)
    except Exception as error:
        raise explain(error, f"start crawler {name}") from error
    if not wait:
        if ops.json:
            emit_json({"crawler": name, "state": "STARTED"})
        else:
            out().print(f"started crawler [bold]{name}[/]")
        return

    seen: dict = {}

    def fetch():
        try:
            seen["crawler"] = glue.get_crawler(Name=name)["Crawler"]
        except Exception as error:
            raise explain(error, f"read crawler {name}") from error
        return seen["crawler"]

    done = lambda c: c.get("State") == crawls.READY  # noqa: E731
    try:
        state = watch(
            ops,
            fetch,
            done,
            lambda c: Text(f"crawler {name}  {c.get('State')}"),
            timeout=timeout,
            what=f"crawler {name}",
        )
    except StillRunning as error:
        # the crawl goes on: --json callers get where it stood to follow it later
        error.details.update(timed_out_details(name, seen.get("crawler", {})))
        raise
    try:
        record = crawls.crawl_record(state, crawls.latest_crawl(glue, name))
    except Exception as error:
        raise explain(error, f"list the crawls of {name}") from error
    found, why_not = crawls.metrics(glue, name)
    record["tables"] = (
        {key: found.get(f"Tables{key.title()}") for key in ("created", "updated", "deleted")}
        if found
        else None
    )
    record["metrics_error"] = why_not
    if ops.json:
        emit_json(record)
    else:
        print_summary(record)
    raise SystemExit(0 if record["last_crawl"] in crawls.CRAWL_OK else 1)


def timed_out_details(name: str, crawler: dict) -> dict:
    """What the --json error of a --wait that timed out carries: the crawler's state when
    it was last read, and its last crawl (while a crawl runs, Glue's ``LastCrawl`` is the
    one before it; None when the crawler never finished one)."""
    last = crawler.get("LastCrawl") or {}
    return {
        "crawler": name,
        "state": crawler.get("State"),
        "last_crawl": last.get("Status"),
        "last_crawl_started": last.get("StartTime"),
        "last_crawl_error": last.get("ErrorMessage"),
    }


def print_summary(record: dict) -> None:
    colour = "green" if record["last_crawl"] in crawls.CRAWL_OK else "red"
    out().print(f"crawler [bold]{record['crawler']}[/]: [{colour}]{record['last_crawl']}[/]")
    tables = record["tables"]
    rows = [
        ("duration", duration(record["duration_seconds"])),
        ("DPU-hours", "-" if record["dpu_hours"] is None else f"{record['dpu_hours']:g}"),
        ("cost", usd(record["cost_usd"])),
        (
            "tables",
            "unknown" if tables is None else ", ".join(f"{n} {k}" for k, n in tables.items()),
        ),
    ]
    if record["error"]:
        rows.append(("error", record["error"]))
    if record["log_group"]:
        rows.append(("logs", f"{record['log_group']} {record['log_stream'] or ''}".strip()))
    fields(rows)
    if record["metrics_error"]:
        note(f"tables created/updated/deleted are unknown: {record['metrics_error']}")
