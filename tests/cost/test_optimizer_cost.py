"""Table optimizers in the cost model: usage-based, priced only from declared DPU-hours.

Price: $0.44 per DPU-hour for optimizing Apache Iceberg tables (AWS Glue pricing page, as
transcribed in prices.SOURCES['optimizer-third-party']).
"""

from __future__ import annotations

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_glue as glue

from glueforge import SecureBucket
from glueforge.catalog.iceberg import IcebergField, IcebergTable
from glueforge.catalog.optimizer import OptimizerKind, TableOptimizer
from glueforge.cost.model import Budget, estimate, to_text
from glueforge.cost.prices import PRICES


def _optimizer(**props) -> TableOptimizer:
    stack = Stack(App(), "Lake")
    table = IcebergTable(
        stack,
        "Orders",
        database=glue.Database(stack, "Shop", database_name="shop"),
        bucket=SecureBucket(stack, "Data"),
        prefix="orders/",
        table_name="orders",
        columns=[IcebergField("id", "long", required=True)],
    )
    return TableOptimizer(stack, "Compaction", table=table, kind=OptimizerKind.COMPACTION, **props)


def test_the_optimizer_price_has_its_source():
    assert PRICES["optimizer"].usd_per_dpu_hour == 0.44
    assert PRICES["optimizer"].source == "optimizer-third-party"


def test_declared_dpu_hours_are_priced_by_hand():
    inputs = _optimizer(expected_dpu_hours_per_month=10).cost_inputs
    report = estimate([inputs], month=(2027, 2))
    [row] = report.rows
    # 10 DPU-hours x $0.44 = $4.40 a month, whatever the month's length.
    assert (row.kind, row.priced, row.runs_per_month) == ("optimizer", True, 1.0)
    assert row.monthly == pytest.approx(4.40)
    assert report.total == pytest.approx(4.40)
    assert inputs.expected_per_run()[1] == ("$4.40 = 1 DPU x 10 h x $0.44/DPU-hour (optimizer)")


def test_without_dpu_hours_the_optimizer_is_unpriced_never_zero():
    inputs = _optimizer().cost_inputs
    report = estimate([inputs])
    [row] = report.to_json()["items"]
    assert (row["priced"], row["monthly"]) == (False, None)
    assert (
        "Not in the totals: Lake/Compaction is unpriced (a table optimizer is billed for the "
        "DPU-hours its runs use, which Glue decides; declare expected_dpu_hours_per_month to "
        "price it)"
    ) in to_text(report)


def test_an_app_budget_cannot_pass_an_unpriced_optimizer():
    inputs = _optimizer().cost_inputs
    report = estimate([inputs], budget=Budget(monthly_budget=100))
    assert report.problems == [
        (
            "Lake/Compaction",
            "the app's monthly_budget cannot be checked: Lake/Compaction is unpriced (a table "
            "optimizer is billed for the DPU-hours its runs use, which Glue decides; declare "
            "expected_dpu_hours_per_month to price it); declare expected_dpu_hours_per_month "
            "or drop the app's monthly_budget",
        )
    ]


def test_the_guard_records_the_optimizer(tmp_path):
    from glueforge.assembly.reader import metadata_entries

    optimizer = _optimizer(expected_dpu_hours_per_month=2.5)
    outdir = optimizer.node.root.synth().directory
    [(path, recorded)] = metadata_entries(outdir, "glueforge:cost")
    assert path == "Lake/Compaction"
    assert (recorded["kind"], recorded["rate"], recorded["typical_minutes"]) == (
        "optimizer",
        "optimizer",
        150.0,
    )


def test_max_cost_per_run_leaves_the_optimizer_to_the_budget():
    # enable_checks: max_cost_per_run is for job and crawler runs. An optimizer's $4.40 is
    # a month of runs Glue sizes itself (10 DPU-hours x $0.44), so only the budget sees it.
    inputs = _optimizer(expected_dpu_hours_per_month=10).cost_inputs
    assert estimate([inputs], budget=Budget(max_cost_per_run=2)).problems == []
    over_budget = estimate([inputs], budget=Budget(monthly_budget=4), month=(2027, 2)).problems
    assert [path for path, _ in over_budget] == ["app"]
