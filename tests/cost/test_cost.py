"""The cost model: cron month counting, the arithmetic, the guardrails and `glueforge cost`."""

from __future__ import annotations

import json

import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_s3 as s3
from click.testing import CliRunner
from constructs import Construct

from glueforge import (
    EtlJob,
    GlueforgeValidationError,
    Pipeline,
    S3Sink,
    S3Source,
    StartTrigger,
    enable_checks,
)
from glueforge.cli import cli
from glueforge.core.cron import runs_in_month
from glueforge.cost.guard import watch_costs
from glueforge.cost.model import Budget, CostInputs, PipelineInputs, estimate


@pytest.mark.parametrize(
    ("cron", "year", "month", "runs"),
    [
        ("cron(0 2 * * ? *)", 2027, 2, 28),  # February 2027: 28 days
        ("cron(0 2 * * ? *)", 2028, 2, 29),  # leap year
        ("cron(0 2 * * ? *)", 2027, 4, 30),
        ("cron(0 2 * * ? *)", 2027, 1, 31),
        ("cron(0 0 ? * MON-FRI *)", 2027, 3, 23),  # 1 March 2027 is a Monday
        ("cron(0 0 ? * 2-6 *)", 2027, 2, 20),  # the same days by number
        ("cron(0/15 * * * ? *)", 2027, 4, 30 * 24 * 4),
        ("cron(0/15 * * * ? *)", 2027, 2, 28 * 24 * 4),
        ("cron(0 3 L * ? *)", 2027, 2, 1),
        ("cron(0 3 L * ? *)", 2027, 2, 1),
        ("cron(0 9,17 15W * ? *)", 2027, 5, 2),  # 15 May 2027 is a Saturday: Friday 14
        ("cron(0 3 ? * MON#1 *)", 2027, 3, 1),
        ("cron(0 3 ? * 6#5 *)", 2027, 3, 0),  # March 2027 has four Fridays
        ("cron(0 3 ? * 6#5 *)", 2027, 1, 1),  # January 2027 has five
        ("cron(0 3 ? * 6L *)", 2027, 3, 1),
        ("cron(0 3 ? * L *)", 2027, 1, 5),  # five Saturdays
        ("cron(0 3 31 * ? *)", 2027, 4, 0),  # April has no 31st
        ("cron(0 3 1 JAN ? 2028)", 2027, 1, 0),  # wrong year
        ("cron(0 3 1 JAN ? 2028)", 2028, 1, 1),
        ("cron(0 3 1 FEB-MAR ? *)", 2027, 1, 0),  # wrong month
        ("cron(0 3 1,15 * ? *)", 2027, 6, 2),
        ("cron(0 3 1/10 * ? *)", 2027, 7, 4),  # 1, 11, 21, 31
        ("cron(30 8-17 ? * MON-FRI *)", 2027, 3, 23 * 10),
    ],
)
def test_runs_in_month_counted_exactly(cron, year, month, runs):
    assert runs_in_month(cron, year, month) == runs


def test_nearest_weekday_stays_in_the_month():
    # 1 May 2027 is a Saturday: 1W is Monday the 3rd, not April 30th.
    import calendar

    from glueforge.core.cron import GlueCron, _days_of_month

    assert calendar.weekday(2027, 5, 1) == calendar.SATURDAY
    assert _days_of_month(GlueCron.parse("cron(0 3 1W * ? *)"), 2027, 5) == [3]
    # 31 October 2027 is a Sunday: LW is Friday the 29th.
    assert _days_of_month(GlueCron.parse("cron(0 3 LW * ? *)"), 2027, 10) == [29]


def _item(**overrides):
    values = dict(
        path="App/Jobs/Orders",
        kind="job",
        name="orders",
        rate="standard",
        dpu=2.0,
        workers=2,
        dpu_per_worker=1.0,
        timeout_minutes=60.0,
        typical_minutes=15.0,
        minimum_seconds=60,
    )
    return CostInputs(**(values | overrides))


def test_job_arithmetic_by_hand():
    item = _item()
    worst, text = item.worst_per_run()
    assert worst == pytest.approx(2 * 1 * 1.0 * 0.44)  # $0.88
    assert text.startswith("$0.88 = 2 workers x 1 DPU x 1 h x $0.44/DPU-hour")
    assert item.expected_per_run()[0] == pytest.approx(2 * 0.25 * 0.44)  # $0.22


def test_flex_rate_and_billing_minimum():
    flex = _item(rate="flex", typical_minutes=0.25)
    assert flex.worst_per_run()[0] == pytest.approx(2 * 1.0 * 0.29)
    # 15 seconds is billed as the 1-minute minimum.
    assert flex.expected_per_run()[0] == pytest.approx(2 * (60 / 3600) * 0.29)


def test_crawler_has_no_worst_case_and_a_ten_minute_minimum():
    crawler = _item(
        kind="crawler",
        rate="crawler",
        dpu=2.0,
        workers=None,
        dpu_per_worker=None,
        timeout_minutes=None,
        typical_minutes=3.0,
        minimum_seconds=600,
    )
    assert crawler.worst_per_run() is None
    assert crawler.expected_per_run()[0] == pytest.approx(2 * (600 / 3600) * 0.44)


@pytest.mark.parametrize("worker", ["G.1X", "G.2X", "G.4X", "G.8X", "G.12X", "G.16X"])
def test_general_purpose_jobs_are_priced_as_their_runs(worker):
    from glueforge.cost.prices import rate_for

    job = _job(_stack(), worker_type=worker, number_of_workers=2)
    assert job.cost_inputs.rate == "standard" == rate_for({"WorkerType": worker})


@pytest.mark.parametrize(("worker", "m_dpu"), [("R.1X", 1), ("R.2X", 2), ("R.4X", 4), ("R.8X", 8)])
def test_memory_optimized_jobs_synthesize_unpriced_as_the_ops_commands_leave_them(worker, m_dpu):
    # Issue 17: R.4X and R.8X used to crash with KeyError, and R.* jobs were priced at the
    # standard rate at synth while ops left their runs unpriced. No source confirms the
    # M-DPU rate, so both leave them unpriced.
    from glueforge.cost.prices import rate_for

    job = _job(
        _stack(), worker_type=worker, number_of_workers=2, typical_duration=Duration.minutes(30)
    )
    assert job.cost_inputs.rate == "unpriced" and rate_for({"WorkerType": worker}) is None
    usd, text = job.cost_inputs.expected_per_run()
    assert usd == 0
    assert text.startswith(f"unpriced: 2 workers x {m_dpu} M-DPU x 0.5 h (no AWS source")


def test_an_unpriced_job_cannot_carry_a_cost_guardrail():
    with pytest.raises(GlueforgeValidationError) as error:
        _job(_stack(), worker_type="R.4X", number_of_workers=2, max_cost_per_run=5)
    assert str(error.value).startswith(
        "Costly/Job: max_cost_per_run cannot be checked: Costly/Job is unpriced (no AWS source"
    )
    report = estimate([_item(rate="unpriced", monthly_budget=10.0)])
    assert report.problems[0][1].startswith("monthly_budget cannot be checked: App/Jobs/Orders")
    report = estimate([_item(rate="unpriced")], budget=Budget(monthly_budget=10.0))
    assert report.problems[0][1].startswith("the app's monthly_budget cannot be checked")
    pipeline = PipelineInputs(
        "App/Nightly", "nightly", ("App/Jobs/Orders",), "cron(0 2 * * ? *)", max_cost_per_run=9.0
    )
    report = estimate([_item(rate="unpriced")], [pipeline])
    assert (
        report.problems == [("App/Nightly", report.problems[0][1])]
        and "max_cost_per_run cannot be checked" in report.problems[0][1]
    )


def test_cost_output_marks_unpriced_jobs_and_leaves_them_out_of_the_totals():
    from glueforge.cost.model import to_markdown, to_text

    big = _item(path="App/Jobs/Big", rate="unpriced", dpu=8.0, dpu_per_worker=4.0)
    pipeline = PipelineInputs(
        "App/Nightly", "nightly", ("App/Jobs/Orders", "App/Jobs/Big"), "cron(0 2 * * ? *)"
    )
    report = estimate([_item(), big], [pipeline], month=(2027, 2))
    # 28 nightly runs in February 2027 x $0.22 (2 DPU x 0.25 h x $0.44) for Orders only.
    assert report.total == pytest.approx(28 * 0.22)
    text = to_text(report)
    big_line = next(line for line in text.splitlines() if line.startswith("App/Jobs/Big"))
    assert big_line.split()[-3:] == ["unpriced", "unpriced", "unpriced"]
    assert "Not in the totals: App/Jobs/Big is unpriced (no AWS source" in text
    assert "Not in the totals: App/Jobs/Big" in to_markdown(report)
    row = next(r for r in report.to_json()["items"] if r["path"] == "App/Jobs/Big")
    assert (row["priced"], row["monthly"], row["expected_per_run"]) == (False, None, None)


def test_monthly_totals_per_pipeline_and_app():
    orders = _item()
    crawler = _item(
        path="App/Crawler",
        kind="crawler",
        rate="crawler",
        workers=None,
        dpu_per_worker=None,
        timeout_minutes=None,
        typical_minutes=10.0,
        minimum_seconds=600,
        schedule="cron(0 6 ? * MON *)",
    )
    pipeline = PipelineInputs("App/Nightly", "nightly", ("App/Jobs/Orders",), "cron(0 2 * * ? *)")
    report = estimate([orders, crawler], [pipeline], month=(2027, 2))
    assert report.pipeline_runs["App/Nightly"] == 28
    assert report.pipelines["App/Nightly"] == pytest.approx(28 * 0.22)
    crawler_row = next(r for r in report.rows if r.path == "App/Crawler")
    assert crawler_row.runs_per_month == 4  # Mondays in February 2027
    assert report.total == pytest.approx(28 * 0.22 + 4 * 2 * (10 / 60) * 0.44)


def test_event_pipeline_uses_its_declared_runs():
    pipeline = PipelineInputs("App/Clicks", "clicks", ("App/Jobs/Orders",), None, 100)
    report = estimate([_item()], [pipeline])
    assert report.total == pytest.approx(100 * 0.22)


def _stack():
    return Stack(App(), "Costly")


def _job(scope, id="Job", **props):
    bucket = s3.Bucket(scope, f"{id}Data", enforce_ssl=True)
    return EtlJob(
        scope,
        id,
        specs=[
            S3Source("raw", bucket=bucket, prefix="in/"),
            S3Sink("out", input="raw", bucket=bucket, prefix="out/"),
        ],
        **props,
    )


def test_job_max_cost_per_run_fails_with_the_arithmetic():
    stack = _stack()
    with pytest.raises(GlueforgeValidationError) as error:
        _job(
            stack,
            number_of_workers=10,
            worker_type="G.2X",
            timeout=Duration.hours(2),
            max_cost_per_run=5,
        )
    assert str(error.value) == (
        "Costly/Job: worst case per run $17.60 = 10 workers x 2 DPU x 2 h x "
        "$0.44/DPU-hour (standard) exceeds max_cost_per_run $5.00"
    )


def _nightly(stack, job, **props):
    pipeline = Pipeline(stack, "Nightly", **props)
    pipeline.add_trigger("Start", StartTrigger.schedule("cron(0 2 * * ? *)"), run=[job])
    return pipeline


def test_job_monthly_budget_fails_synth_with_runs_counted():
    stack = _stack()
    job = _job(stack, typical_duration=Duration.minutes(30), monthly_budget=10)
    _nightly(stack, job)
    # Raised from inside the CDK's synth, it arrives as a RuntimeError with the same text,
    # which begins with the construct path (issue 16: no more "cost guardrails: " lead).
    with pytest.raises(RuntimeError) as error:
        stack.node.root.synth()
    assert str(error.value) == (
        "Costly/Job: monthly $13.64 = 31 runs in 2027-01 x expected per run "
        "$0.44 = 2 workers x 1 DPU x 0.5 h x $0.44/DPU-hour (standard) exceeds monthly_budget "
        "$10.00"
    )


def test_month_context_changes_the_count():
    app = App(context={"glueforge:cost-month": "2027-02"})
    stack = Stack(app, "Costly")
    job = _job(stack, typical_duration=Duration.minutes(30), monthly_budget=10)
    _nightly(stack, job)
    with pytest.raises(RuntimeError, match=r"\$12\.32 = 28 runs in 2027-02"):
        app.synth()


def test_pipeline_guardrails_fail_synth():
    stack = _stack()
    job = _job(stack)
    _nightly(stack, job, max_cost_per_run=0.5, monthly_budget=1)
    with pytest.raises(RuntimeError) as error:
        stack.node.root.synth()
    message = str(error.value)
    assert "Costly/Nightly: worst case per run $0.88 = $0.88 (" in message
    assert "exceeds max_cost_per_run $0.50" in message
    assert (
        "monthly $6.82 = 31 runs in 2027-01 x expected per run $0.22 exceeds monthly_budget"
        in message
    )


def test_app_guardrails_fail_synth():
    stack = _stack()
    _nightly(stack, _job(stack))
    enable_checks(stack.node.root, nag=False, limits=False, max_cost_per_run=0.5, monthly_budget=5)
    with pytest.raises(RuntimeError) as error:
        stack.node.root.synth()
    message = str(error.value)
    assert "exceeds the app's max_cost_per_run $0.50" in message
    assert (
        "app: monthly $6.82 in 2027-01 = $6.82 (Costly/Job) exceeds the app's monthly_budget $5.00"
        in message
    )


class _Appliance(Construct):
    """Not a Glue construct: anything that reports its cost is priced alike."""

    def __init__(self, scope, id, *, dpu):
        super().__init__(scope, id)
        self.cost_inputs = CostInputs(
            path=self.node.path,
            kind="job",
            name=id,
            rate="standard",
            dpu=dpu,
            typical_minutes=60,
            minimum_seconds=60,
            timeout_minutes=60,
        )
        watch_costs(self)


def test_the_guard_prices_every_registered_reporter_whatever_its_class():
    stack = _stack()
    _Appliance(stack, "Cheap", dpu=1)
    _Appliance(stack, "Costly", dpu=10)
    enable_checks(stack.node.root, nag=False, limits=False, max_cost_per_run=1)
    with pytest.raises(RuntimeError) as error:
        stack.node.root.synth()
    assert str(error.value) == (
        "Costly/Costly: per run $4.40 = 10 DPU x 1 h x $0.44/DPU-hour "
        "(standard) exceeds the app's max_cost_per_run $1.00"
    )


def test_the_guard_records_what_each_reporter_reported():
    from glueforge.assembly.reader import metadata_entries

    stack = _stack()
    _nightly(stack, _job(stack))
    outdir = stack.node.root.synth().directory
    [(path, job)] = metadata_entries(outdir, "glueforge:cost")
    assert path == "Costly/Job" and job["path"] == "Costly/Job" and job["workers"] == 2
    [(path, pipeline)] = metadata_entries(outdir, "glueforge:pipeline-cost")
    assert path == "Costly/Nightly" and pipeline["runnables"] == ["Costly/Job"]
    assert pipeline["schedule"] == "cron(0 2 * * ? *)"


def test_within_budget_synthesizes():
    stack = _stack()
    _nightly(stack, _job(stack, max_cost_per_run=1, monthly_budget=10), monthly_budget=10)
    enable_checks(stack.node.root, nag=False, limits=False, monthly_budget=10)
    stack.node.root.synth()


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
def test_bad_budgets_are_refused(bad):
    with pytest.raises(GlueforgeValidationError, match="positive number of USD"):
        _job(_stack(), monthly_budget=bad)


def test_bad_budget_type_is_a_type_error():
    with pytest.raises(TypeError, match="max_cost_per_run must be a number"):
        _job(_stack(), max_cost_per_run="5")


def test_typical_duration_longer_than_timeout_is_refused():
    with pytest.raises(GlueforgeValidationError, match="must not exceed timeout"):
        _job(_stack(), typical_duration=Duration.hours(2))


def test_scheduled_pipeline_refuses_expected_runs():
    stack = _stack()
    _nightly(stack, _job(stack), expected_runs_per_month=3)
    with pytest.raises(RuntimeError, match="counts its runs from its schedule"):
        stack.node.root.synth()


# ---- glueforge cost on the reference app -------------------------------------------------


def _cost(reference, *args):
    return CliRunner().invoke(cli, ["cost", "--app", str(reference.outdir), *args])


def test_cost_text(reference):
    result = _cost(reference)
    assert result.exit_code == 0, result.output
    assert "DataLake/Jobs/OrdersJob" in result.output
    assert "Pipeline DataLake/Pipelines/Nightly: 31 runs" in result.output
    assert "App total: $" in result.output


def test_cost_json_adds_up(reference):
    result = _cost(reference, "--json", "--month", "2027-02")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["month"] == "2027-02"
    orders = next(i for i in data["items"] if i["path"] == "DataLake/Jobs/OrdersJob")
    assert orders["runs_per_month"] == 28
    assert orders["worst_per_run"] == pytest.approx(2 * 1 * 1.0 * 0.44)
    assert data["total_monthly"] == pytest.approx(sum(i["monthly"] for i in data["items"]))
    assert not data["guardrail_errors"]


def test_cost_markdown(reference):
    result = _cost(reference, "--markdown")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("### Glue cost estimate (2027-01)")
    assert "| `DataLake/Jobs/OrdersJob` | job | 31 |" in result.output


def test_cost_bad_month_is_a_usage_error(reference):
    result = _cost(reference, "--month", "2027-13")
    assert result.exit_code == 2


def test_cost_exits_1_when_a_guardrail_is_exceeded(reference, tmp_path):
    from tests.cli.test_cli_check import _copy, set_metadata

    outdir = _copy(reference, tmp_path)
    set_metadata(outdir, "glueforge:pipeline-cost", "monthly_budget", 1)
    result = CliRunner().invoke(cli, ["cost", "--app", str(outdir)])
    assert result.exit_code == 1
    assert "GUARDRAIL DataLake/Pipelines/" in result.output


def test_price_table_figures():
    from glueforge.cost.prices import CATALOG_PRICES, CRAWLER_MINIMUM_SECONDS, PRICES, SOURCES

    assert PRICES["standard"].usd_per_dpu_hour == 0.44
    assert PRICES["crawler"].usd_per_dpu_hour == 0.44
    assert CRAWLER_MINIMUM_SECONDS == 600
    assert CATALOG_PRICES["objects-stored"].free == 1_000_000
    for price in (*PRICES.values(), *CATALOG_PRICES.values()):
        assert price.source in SOURCES
