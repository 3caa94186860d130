"""The reference app's jobs on the sample data shipped in sample_data/, and the
``glueforge local-run`` / ``local-crawl`` commands on the synthesized assembly."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from glueforge.cli import cli

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


@pytest.fixture
def sample(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data, ignore=shutil.ignore_patterns("*.py", "*.sql", "__pycache__"))
    return data


@pytest.fixture(scope="module")
def orders_url(postgres):
    from sample_data import demo

    demo.seed_orders(postgres)
    return postgres.jdbc_url()


def test_reference_pipeline_on_the_sample_data(spark, sample, orders_url):
    from sample_data import demo

    summaries = demo.run_pipeline(spark, sample, orders_url)
    orders = summaries["shop-orders"]
    [read] = [s for s in orders.steps if s.ctx == "source_orders"]
    assert read.rows == 8 and read.partitions == 4
    # The 8 sample orders (sample_data/orders.sql) meet every rule of the curated orders'
    # ruleset: ids 1-8 present and distinct, every customer set, amounts 5.00-99.99, and
    # statuses PAID or REFUNDED. None is quarantined.
    [(context, outcomes)] = orders.quality
    assert context == "checked_orders"
    assert [(o.rule, o.outcome) for o in outcomes] == [
        ('IsComplete "order_id"', "Passed"),
        ('IsUnique "order_id"', "Passed"),
        ('Completeness "customer_id" >= 0.99', "Passed"),
        ('ColumnValues "amount" >= 0', "Passed"),
        ('ColumnValues "status" in ["PAID", "REFUNDED", "CANCELLED"]', "Passed"),
    ]
    assert orders.rows("sink_quarantined_orders") == 0
    # The live clickstream: sample_data/streams/shop-clickstream/ holds 2 files of 2 and 3
    # records, one micro-batch each.
    assert summaries["shop-clickstream-live"].rows("sink_curated_live_clicks") == 5
    assert sum(1 for n in read.rows_per_partition if n) > 1
    assert summaries["shop-customers"].rows("sink_curated_customers") == 4
    assert summaries["shop-clickstream"].rows("sink_curated_clicks") == 9
    result = spark.read.parquet(str(sample / "CuratedBucket/analytics/daily_customer_sales"))
    assert sorted(
        (r.order_date, r.customer_id, r.country, r.orders, r.revenue, r.clicks)
        for r in result.collect()
    ) == [
        (dt.date(2026, 11, 24), "c1", "NL", 2, Decimal("32.25"), 2),
        (dt.date(2026, 11, 24), "c2", "SE", 1, Decimal("12.50"), 1),
        (dt.date(2026, 11, 24), "c3", "NL", 1, Decimal("99.99"), 1),
        (dt.date(2026, 11, 25), "c1", "NL", 1, Decimal("60.00"), 2),
        (dt.date(2026, 11, 25), "c2", "SE", 1, Decimal("40.00"), 1),
        (dt.date(2026, 11, 25), "c3", "NL", 1, Decimal("5.00"), 0),
        (dt.date(2026, 11, 25), "c4", "DE", 1, Decimal("15.75"), 1),
    ]
    catalog = json.loads((sample / "catalog.json").read_text())
    assert sorted(catalog["shop_curated"]) == [
        "clicks",
        "customers",
        "daily_customer_sales",
        "orders",
    ]
    # The orders job also merges each order into the Iceberg table (locally: pyiceberg).
    assert _iceberg_orders(sample) == [
        (1, "c1", Decimal("25.00"), "PAID"),
        (2, "c2", Decimal("12.50"), "PAID"),
        (3, "c1", Decimal("7.25"), "PAID"),
        (4, "c3", Decimal("99.99"), "REFUNDED"),
        (5, "c2", Decimal("40.00"), "PAID"),
        (6, "c4", Decimal("15.75"), "PAID"),
        (7, "c1", Decimal("60.00"), "PAID"),
        (8, "c3", Decimal("5.00"), "PAID"),
    ]
    # The orders job is bookmarked on order_id: a second run reads no old order.
    again = demo.run_pipeline(spark, sample, orders_url)
    assert again["shop-orders"].rows("source_orders") == 0
    # An empty batch: Glue fails dataset rules on no rows; the job routes, so it goes on.
    [(_, empty)] = again["shop-orders"].quality
    assert {o.outcome for o in empty} == {"Failed"}
    # The stream's checkpoint: nothing new in the folder, so no batch runs.
    assert again["shop-clickstream-live"].rows("sink_curated_live_clicks") == 0
    assert again["shop-clickstream"].rows("source_clicks") == 0
    assert len(_iceberg_orders(sample)) == 8


def test_maintenance_job_plans_the_week_past_retention(sample):
    from sample_data import demo

    run = demo.run_maintenance(sample)
    assert run.exit_code == 0, run.stderr
    # 2026-11-30 minus 90 days is 2026-09-01 (30 days of November, 31 of October, 29 of
    # September back to its 1st); the 7 days before it are 2026-08-25 to 2026-08-31.
    planned = [
        line.rsplit(" ", 1)[-1] for line in run.stderr.splitlines() if "past retention:" in line
    ]
    assert planned == [f"clickstream/2026/08/{day}/" for day in range(25, 32)]


def _iceberg_orders(data):
    from glueforge.local.iceberg import local_catalog

    table = local_catalog(data).load_table(("shop_curated", "orders_iceberg")).scan().to_arrow()
    return sorted(
        (r["order_id"], r["customer_id"], r["amount"], r["status"]) for r in table.to_pylist()
    )


def test_local_run_command_runs_the_deployed_script(spark, sample, reference, tmp_path):
    result = CliRunner().invoke(
        cli,
        [
            "local-run",
            "shop-clickstream",
            "--data",
            str(sample),
            "--app",
            str(reference.outdir),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert [(s["ctx"], s["kind"], s["rows"]) for s in summary["steps"]] == [
        ("source_clicks", "source", 9),
        ("sink_curated_clicks", "sink", 9),
    ]
    deployed = next(
        d["script"]
        for p, d in _metadata(reference.outdir)
        if d["fileName"] == "shop_clickstream.py"
    )
    assert (sample / ".glueforge/scripts/shop_clickstream.py").read_text() == deployed
    # Without --json: a summary table of rows per step and the time taken.
    table = CliRunner().invoke(
        cli,
        [
            "local-run",
            "DataLake/Jobs/ClickstreamJob",
            "--data",
            str(sample),
            "--app",
            str(reference.outdir),
            "--no-bookmarks",
        ],
    )
    assert table.exit_code == 0, table.output
    assert "shop-clickstream: done in" in table.output
    lines = [" ".join(line.replace("│", " ").split()) for line in table.output.splitlines()]
    assert "source_clicks read s3://RawBucket/clickstream/ 9 -" in lines
    assert "sink_curated_clicks wrote s3://CuratedBucket/clicks/ 9 -" in lines
    crawled = CliRunner().invoke(
        cli,
        ["local-crawl", "s3://CuratedBucket/", "--database", "shop_curated", "--data", str(sample)],
    )
    assert crawled.exit_code == 0, crawled.output
    assert "shop_curated.clicks: s3://CuratedBucket/clicks/ (parquet)" in crawled.output


def test_local_run_command_missing_input_exits_1_with_one_line(spark, tmp_path, reference):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(
        cli,
        [
            "local-run",
            "shop-clickstream",
            "--data",
            str(tmp_path / "empty"),
            "--app",
            str(reference.outdir),
        ],
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "error: shop-clickstream: source_clicks: input s3://RawBucket/clickstream/ not found "
        f"(no local folder {tmp_path / 'empty'}/RawBucket/clickstream)"
    ]


def _metadata(outdir):
    from glueforge.assembly.reader import script_entries

    return script_entries(outdir)
