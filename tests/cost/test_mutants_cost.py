"""The cost report's machine and pull-request formats, pinned by hand.

Found by mutation testing (``make mutants``, docs/contributing.md): the ``--json`` keys
and the Markdown table of ``glueforge cost`` could be renamed or garbled with every
cost test still passing. Scripts read the JSON keys, and GitHub renders the Markdown
(``glueforge cost --markdown >> "$GITHUB_STEP_SUMMARY"``, docs/cost-and-checks.md), so
both are an interface. The report below is built by hand: its figures are inputs here,
not computed, so every expected string is written out from them.
"""

from __future__ import annotations

from glueforge.cost.model import CostReport, Row, to_markdown


def _report() -> CostReport:
    return CostReport(
        year=2027,
        month=1,
        rows=[
            Row("App/Jobs/Orders", "job", 31, 1.76, 0.44, 13.64, ["App/Nightly"]),
            Row("App/Crawlers/Raw", "crawler", 31, None, 0.15, 4.55, ["App/Nightly"]),
            Row("App/Jobs/Big", "job", 2, 0.0, 0.0, 0.0, priced=False),
        ],
        pipelines={"App/Nightly": 18.19},
        pipeline_runs={"App/Nightly": 31},
        total=18.19,
        problems=[("App/Jobs/Orders", "worst case per run $1.76 exceeds $1.00")],
    )


def test_json_document_keys_and_values():
    assert _report().to_json() == {
        "month": "2027-01",
        "currency": "USD",
        "items": [
            {
                "path": "App/Jobs/Orders",
                "kind": "job",
                "runs_per_month": 31,
                "worst_per_run": 1.76,
                "expected_per_run": 0.44,
                "monthly": 13.64,
                "pipelines": ["App/Nightly"],
                "priced": True,
                # what the figure assumes where AWS does not say (a Python shell minimum)
                "assumption": None,
            },
            {
                "path": "App/Crawlers/Raw",
                "kind": "crawler",
                "runs_per_month": 31,
                "worst_per_run": None,
                "expected_per_run": 0.15,
                "monthly": 4.55,
                "pipelines": ["App/Nightly"],
                "priced": True,
                # what the figure assumes where AWS does not say (a Python shell minimum)
                "assumption": None,
            },
            {
                # unpriced: every $ figure is unknown (null), never a silent $0
                "path": "App/Jobs/Big",
                "kind": "job",
                "runs_per_month": 2,
                "worst_per_run": None,
                "expected_per_run": None,
                "monthly": None,
                "pipelines": [],
                "priced": False,
                "assumption": None,
            },
        ],
        "pipelines": [{"path": "App/Nightly", "runs_per_month": 31, "monthly": 18.19}],
        "total_monthly": 18.19,
        "guardrail_errors": [
            {"path": "App/Jobs/Orders", "message": "worst case per run $1.76 exceeds $1.00"}
        ],
    }


def test_markdown_table_for_a_pull_request():
    reason = (
        "no AWS source glueforge holds confirms the rate of memory-optimized R.* workers, "
        "billed per M-DPU-hour; see prices.SOURCES['memory-optimized']"
    )
    assert to_markdown(_report()) == (
        "### Glue cost estimate (2027-01)\n"
        "\n"
        "| Job or crawler | Kind | Runs/month | Worst/run | Expected/run | Monthly |\n"
        "|---|---|--:|--:|--:|--:|\n"
        "| `App/Jobs/Orders` | job | 31 | $1.76 | $0.44 | $13.64 |\n"
        "| `App/Crawlers/Raw` | crawler | 31 | no timeout | $0.15 | $4.55 |\n"
        "| `App/Jobs/Big` | job | 2 | unpriced | unpriced | unpriced |\n"
        "\n"
        "- Pipeline `App/Nightly`: 31 runs, **$18.19/month**\n"
        "- **App total: $18.19/month** (USD, us-east-1 list prices)\n"
        f"- Not in the totals: App/Jobs/Big is unpriced ({reason})\n"
        "- :x: `App/Jobs/Orders`: worst case per run $1.76 exceeds $1.00\n"
    )


def test_text_table_aligns_names_left_and_figures_right():
    from glueforge.cost.model import to_text

    reason = (
        "no AWS source glueforge holds confirms the rate of memory-optimized R.* workers, "
        "billed per M-DPU-hour; see prices.SOURCES['memory-optimized']"
    )
    # Column widths: the longest cell of each column (16, 7, 10, 10, 12, 8), two spaces
    # between columns; path and kind padded on the right, the figures on the left.
    sp = " ".__mul__
    assert to_text(_report()).splitlines() == [
        "Job or crawler"
        + sp(4)
        + "Kind"
        + sp(5)
        + "Runs/month"
        + sp(3)
        + "Worst/run"
        + sp(2)
        + "Expected/run"
        + sp(3)
        + "Monthly",
        "-" * 16
        + sp(2)
        + "-" * 7
        + sp(2)
        + "-" * 10
        + sp(2)
        + "-" * 10
        + sp(2)
        + "-" * 12
        + sp(2)
        + "-" * 8,
        "App/Jobs/Orders"
        + sp(3)
        + "job"
        + sp(14)
        + "31"
        + sp(7)
        + "$1.76"
        + sp(9)
        + "$0.44"
        + sp(4)
        + "$13.64",
        "App/Crawlers/Raw"
        + sp(2)
        + "crawler"
        + sp(10)
        + "31"
        + sp(2)
        + "no timeout"
        + sp(9)
        + "$0.15"
        + sp(5)
        + "$4.55",
        "App/Jobs/Big"
        + sp(6)
        + "job"
        + sp(15)
        + "2"
        + sp(4)
        + "unpriced"
        + sp(6)
        + "unpriced"
        + sp(2)
        + "unpriced",
        "",
        "Pipeline App/Nightly: 31 runs, $18.19/month",
        "App total: $18.19/month (2027-01, USD, us-east-1 list prices)",
        f"Not in the totals: App/Jobs/Big is unpriced ({reason})",
        "GUARDRAIL App/Jobs/Orders: worst case per run $1.76 exceeds $1.00",
    ]


def test_month_argument_bounds():
    import pytest

    from glueforge.cost.model import parse_month

    assert parse_month("2027-01") == (2027, 1)
    assert parse_month("2027-12") == (2027, 12)
    for bad in ("2027-00", "2027-13", "2027/02", "2027-02-01", "Feb 2027"):
        with pytest.raises(ValueError) as caught:
            parse_month(bad)
        assert str(caught.value) == f"month must look like 2027-02, got {bad!r}"


def test_a_pipeline_started_on_demand_without_an_expected_count_runs_zero_times():
    from glueforge.cost.model import CostInputs, PipelineInputs, estimate

    job = CostInputs("App/Job", "job", "job", "standard", 2.0, 10, 60, timeout_minutes=60)
    pipeline = PipelineInputs("App/P", "p", ("App/Job",))  # no schedule, no expected count
    report = estimate([job], [pipeline])
    assert report.pipeline_runs == {"App/P": 0.0}
    assert report.pipelines == {"App/P": 0.0}
    # the job's row names the pipeline that runs it
    assert [(r.path, r.pipelines) for r in report.rows] == [("App/Job", ["App/P"])]


# ---- guardrail edges: "exceeds" means more than, never equal ------------------------------


def _job(**overrides):
    from glueforge.cost.model import CostInputs

    # 25 DPU for 60 minutes at $0.44 per DPU-hour: $11.00 a run, exactly
    fields = dict(
        path="App/Job",
        kind="job",
        name="job",
        rate="standard",
        dpu=25.0,
        typical_minutes=60,
        minimum_seconds=60,
        timeout_minutes=60,
    )
    return CostInputs(**{**fields, **overrides})


def test_a_run_costing_exactly_its_limit_is_within_it():
    from glueforge.cost.model import per_run_problems

    assert per_run_problems(_job(max_cost_per_run=11.0)) == []
    [problem] = per_run_problems(_job(max_cost_per_run=10.99))
    assert problem.startswith("worst case per run $11.00 = ")


def test_without_a_timeout_the_expected_cost_is_checked():
    from glueforge.cost.model import per_run_problems

    [problem] = per_run_problems(_job(timeout_minutes=None, max_cost_per_run=1.0))
    assert problem.startswith("expected per run $11.00 = ")


def test_a_month_costing_exactly_its_budget_is_within_it():
    from glueforge.cost.model import estimate

    # daily at 02:00: 31 runs in January 2027, 31 x $11.00 = $341.00
    job = _job(schedule="cron(0 2 * * ? *)", monthly_budget=341.0)
    assert estimate([job], month=(2027, 1)).problems == []
    over = _job(schedule="cron(0 2 * * ? *)", monthly_budget=340.99)
    assert len(estimate([over], month=(2027, 1)).problems) == 1


def test_cost_props_are_checked():
    import pytest

    from glueforge.cost.model import budget_problems, cost_prop_problems

    def problems(typical, timeout=None):
        return cost_prop_problems(
            timeout_minutes=timeout,
            typical_minutes=typical,
            max_cost_per_run=None,
            monthly_budget=None,
        )

    assert problems(0) == ["typical_duration must be positive, got 0 minutes"]
    assert problems(0.5) == []  # half a minute is positive
    assert problems(30, timeout=30) == []  # a typical run may take the whole timeout
    assert budget_problems(max_cost_per_run=None, monthly_budget=-1) == [
        "monthly_budget must be a positive number of USD, got -1"
    ]
    with pytest.raises(TypeError) as caught:
        budget_problems(max_cost_per_run=None, monthly_budget="10")
    assert str(caught.value) == "monthly_budget must be a number of USD, got str"


def test_app_and_pipeline_limits_at_exactly_the_cost_are_met():
    from glueforge.cost.model import Budget, PipelineInputs, estimate

    job = _job(schedule="cron(0 2 * * ? *)")  # $11.00 a run, 31 runs: $341.00 a month
    exact = Budget(max_cost_per_run=11.0, monthly_budget=341.0)
    assert estimate([job], budget=exact, month=(2027, 1)).problems == []
    pipeline = PipelineInputs(
        "App/P",
        "p",
        ("App/Job",),
        expected_runs_per_month=31,
        max_cost_per_run=11.0,
        monthly_budget=341.0,
    )
    assert estimate([_job()], [pipeline], month=(2027, 1)).problems == []


def test_an_unpriced_job_names_the_guardrail_that_cannot_be_checked():
    from glueforge.cost.model import Budget, PipelineInputs, estimate

    big = _job(path="App/Big", rate="unpriced")
    for budget, guardrail in [
        (Budget(max_cost_per_run=5.0), "the app's max_cost_per_run"),
        (Budget(monthly_budget=5.0), "the app's monthly_budget"),
    ]:
        [(path, message)] = estimate([big], budget=budget).problems
        assert (path, message.split(" cannot be checked: ")[0]) == ("App/Big", guardrail)
    # the first pipeline cannot be checked; the second, over its limit, is still checked
    blind = PipelineInputs(
        "App/A", "a", ("App/Big",), expected_runs_per_month=1, monthly_budget=5.0
    )
    over = PipelineInputs(
        "App/B", "b", ("App/Job",), expected_runs_per_month=1, max_cost_per_run=1.0
    )
    problems = estimate([big, _job()], [blind, over]).problems
    assert [(p, m.split(" ")[0]) for p, m in problems] == [
        ("App/A", "monthly_budget"),
        ("App/B", "worst"),
    ]


def test_a_sum_over_a_limit_lists_its_terms():
    from glueforge.cost.model import Budget, PipelineInputs, estimate

    one, two = _job(), _job(path="App/Other", name="other")
    pipeline = PipelineInputs(
        "App/P", "p", ("App/Job", "App/Other"), expected_runs_per_month=1, max_cost_per_run=1.0
    )
    report = estimate([one, two], [pipeline], Budget(monthly_budget=1.0), month=(2027, 1))
    assert report.problems == [
        (
            "App/P",
            "worst case per run $22.00 = $11.00 (job) + $11.00 (other) exceeds "
            "max_cost_per_run $1.00",
        ),
        (
            "app",
            "monthly $22.00 in 2027-01 = $11.00 (App/Job) + $11.00 (App/Other) exceeds the "
            "app's monthly_budget $1.00",
        ),
    ]
