"""The price table and what runs cost at it."""

from __future__ import annotations

import pytest

from glueforge.cost import prices as pricing


def cost(run: dict, command: str | None = "glueetl") -> pricing.RunCost:
    result = pricing.job_run_cost(run, command)
    assert result is not None
    return result


def test_every_price_names_a_recorded_source():
    for price in pricing.PRICES.values():
        assert price.source in pricing.SOURCES
    assert pricing.CHECKED_ON


def test_workers_times_dpu_per_worker_with_the_one_minute_minimum():
    run = {"WorkerType": "G.2X", "NumberOfWorkers": 10, "ExecutionTime": 30, "GlueVersion": "4.0"}
    result = cost(run)
    assert result.dpu == 20
    assert result.dpu_seconds == 600  # used
    assert result.billed_dpu_seconds == 1200  # billed: 60 s minimum x 20 DPU
    assert result.usd == pytest.approx(1200 / 3600 * 0.44)


def test_legacy_glue_versions_bill_ten_minutes_at_least():
    run = {"MaxCapacity": 10.0, "ExecutionTime": 120, "GlueVersion": "1.0"}
    assert cost(run).billed_dpu_seconds == 6000


def test_dpu_seconds_are_used_as_reported_for_auto_scaling_and_flex():
    run = {
        "WorkerType": "G.1X",
        "NumberOfWorkers": 10,
        "ExecutionTime": 3600,
        "DPUSeconds": 7200.0,
        "GlueVersion": "4.0",
    }
    assert cost(run).usd == pytest.approx(2 * 0.44)
    flex = cost({**run, "ExecutionClass": "FLEX"})
    assert flex.rate == "flex" and flex.usd == pytest.approx(2 * 0.29)


def test_python_shell_runs():
    run = {"MaxCapacity": 0.0625, "ExecutionTime": 3600, "GlueVersion": "1.0"}
    result = cost(run, "pythonshell")
    assert result.rate == "pythonshell"
    assert result.usd == pytest.approx(0.0625 * 0.44)
    assert cost({**run, "ExecutionTime": 5}, "pythonshell").billed_dpu_seconds == 60 * 0.0625


@pytest.mark.parametrize(
    ("worker", "dpu"),
    [
        ("G.025X", 0.25),
        ("G.1X", 1),
        ("G.2X", 2),
        ("G.4X", 4),
        ("G.8X", 8),
        ("G.12X", 12),
        ("G.16X", 16),
    ],
)
def test_dpu_per_worker(worker, dpu):
    assert pricing.run_capacity({"WorkerType": worker, "NumberOfWorkers": 3}) == 3 * dpu


def test_memory_optimized_workers_have_dpu_but_no_verified_rate():
    result = cost({"WorkerType": "R.2X", "NumberOfWorkers": 4, "ExecutionTime": 3600})
    assert result.dpu == 8 and result.usd is None and result.rate == "unpriced"


@pytest.mark.parametrize(("worker", "m_dpu"), [("R.1X", 1), ("R.2X", 2), ("R.4X", 4), ("R.8X", 8)])
def test_every_memory_optimized_worker_is_counted_and_left_unpriced(worker, m_dpu):
    # "AWS Glue worker types": an R.<n>X worker is <n> M-DPU; no source confirms the rate.
    result = cost({"WorkerType": worker, "NumberOfWorkers": 3, "ExecutionTime": 600})
    assert result.dpu == 3 * m_dpu
    assert result.billed_dpu_seconds == 600 * 3 * m_dpu
    assert (result.rate, result.usd) == ("unpriced", None)


def test_a_run_without_capacity_has_no_cost():
    assert pricing.job_run_cost({"ExecutionTime": 100}) is None


def test_dpu_seconds_so_far():
    assert pricing.dpu_seconds_so_far({"WorkerType": "G.1X", "NumberOfWorkers": 4}, 30) == 120
    assert pricing.dpu_seconds_so_far({"DPUSeconds": 50.0}, 30) == 50
    assert pricing.dpu_seconds_so_far({}, 30) is None


def test_crawl_cost():
    assert pricing.crawl_cost(0.5) == pytest.approx(0.22)
    assert pricing.crawl_cost(None) is None
