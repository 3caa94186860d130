"""The cost model: what each job, crawler, pipeline and the app cost per run and per month.

Pure arithmetic on :mod:`glueforge.cost.prices`, with no aws_cdk import, so the synth-time
guardrails (:mod:`glueforge.cost.guard`) and ``glueforge cost``/``check`` (which read the
inputs back from the cloud assembly) share one implementation.

* worst case per run: DPUs (workers x DPU per worker) x timeout, at the job's rate;
* expected per run: DPUs x the declared typical duration, raised to the billing minimum;
* runs per month: counted exactly from the pipeline's (or crawler's) Glue cron in a given
  month (:func:`glueforge.core.cron.runs_in_month`); pipelines started by events or on
  demand use their declared ``expected_runs_per_month``;
* monthly: expected per run x runs per month, summed per pipeline and for the app.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from glueforge.core.cron import REFERENCE_MONTH, runs_in_month
from glueforge.cost.prices import PRICES, UNPRICED

COST_METADATA = "glueforge:cost"
PIPELINE_COST_METADATA = "glueforge:pipeline-cost"
APP_BUDGET_METADATA = "glueforge:app-budget"
MONTH_CONTEXT = "glueforge:cost-month"  # e.g. "2027-02": the month the guardrails count in


UNPRICED_REASON = (
    "no AWS source glueforge holds confirms the rate of memory-optimized R.* workers, "
    "billed per M-DPU-hour; see prices.SOURCES['memory-optimized']"
)
# Table optimizers (issue 19): Glue sizes and starts their runs itself, so their cost is
# usage-based; unpriced until the user declares the DPU-hours a month they expect.
USAGE_REASON = (
    "a table optimizer is billed for the DPU-hours its runs use, which Glue decides; "
    "declare expected_dpu_hours_per_month to price it"
)


# Streaming jobs (issue 20): "AWS Glue bills hourly for streaming ETL jobs while they are
# running" (https://docs.aws.amazon.com/glue/latest/dg/add-job-streaming.html), and a run
# has no natural end: its month counts as one run of the month's hours, 730 (8,760 hours a
# year / 12; a convention, not an AWS figure).
STREAMING_HOURS_PER_MONTH = 730
#: kinds whose month is one "run" of their expected duration, and have no per-run limit
MONTHLY_KINDS = ("optimizer", "streaming")


def unpriced_reason(kind: str) -> str:
    """Why an item of ``kind`` with no rate is unpriced."""
    return USAGE_REASON if kind == "optimizer" else UNPRICED_REASON


@dataclass(frozen=True)
class CostInputs:
    """What one job, crawler or table optimizer declares that its cost follows from.

    A table optimizer's month counts as one run of its expected DPU-hours
    (``typical_minutes`` = 60 x DPU-hours at 1 DPU); without them its rate is UNPRICED.
    """

    path: str
    kind: Literal["job", "crawler", "optimizer", "streaming"]
    name: str
    rate: str  # a PRICES key, or UNPRICED (R.* workers: no confirmed M-DPU rate)
    dpu: float  # DPUs a run holds: workers x DPU per worker, or a crawler's assumed DPUs
    typical_minutes: float
    minimum_seconds: int
    workers: int | None = None
    dpu_per_worker: float | None = None
    timeout_minutes: float | None = None  # crawlers have none: no worst case
    schedule: str | None = None  # a crawler's own schedule
    max_cost_per_run: float | None = None
    monthly_budget: float | None = None
    # A figure behind the estimate that no AWS source confirms, which every report shows
    # (e.g. a Python shell run's minimum billed duration).
    assumption: str | None = None

    @property
    def priced(self) -> bool:
        """Whether a confirmed rate covers this job (see ``prices.rate_for_worker``)."""
        return self.rate != UNPRICED

    @property
    def usd_per_dpu_hour(self) -> float:
        # An unpriced job adds $0 to sums; every output marks it unpriced (never a silent $0).
        return PRICES[self.rate].usd_per_dpu_hour if self.priced else 0.0

    def _capacity(self) -> str:
        if self.workers is not None:
            # R.* workers count memory-optimized DPUs (M-DPU), which are the unpriced ones.
            unit = "DPU" if self.priced else "M-DPU"
            return f"{self.workers} workers x {self.dpu_per_worker:g} {unit}"
        return f"{self.dpu:g} DPU"

    def _cost(self, minutes: float) -> tuple[float, str]:
        hours = max(minutes * 60, self.minimum_seconds) / 3600
        if not self.priced:
            reason = unpriced_reason(self.kind)
            return 0.0, f"unpriced: {self._capacity()} x {hours:.3g} h ({reason})"
        usd = self.dpu * hours * self.usd_per_dpu_hour
        text = (
            f"${usd:.2f} = {self._capacity()} x {hours:.3g} h x "
            f"${self.usd_per_dpu_hour:.2f}/DPU-hour ({self.rate})"
        )
        return usd, text

    def worst_per_run(self) -> tuple[float, str] | None:
        """The most one run can cost (None for crawlers, which have no timeout)."""
        return None if self.timeout_minutes is None else self._cost(self.timeout_minutes)

    def expected_per_run(self) -> tuple[float, str]:
        return self._cost(self.typical_minutes)

    def ceiling_per_run(self) -> tuple[float, str]:
        """The worst case, or for crawlers the expected cost (the most that can be known)."""
        return self.worst_per_run() or self.expected_per_run()


@dataclass(frozen=True)
class PipelineInputs:
    path: str
    name: str
    runnables: tuple[str, ...]  # construct paths of the jobs and crawlers it runs
    schedule: str | None = None
    expected_runs_per_month: float | None = None
    max_cost_per_run: float | None = None
    monthly_budget: float | None = None


@dataclass(frozen=True)
class Budget:
    """Guardrails for the whole app."""

    max_cost_per_run: float | None = None
    monthly_budget: float | None = None


@dataclass
class Row:
    path: str
    kind: str
    runs_per_month: float
    worst_per_run: float | None
    expected_per_run: float
    monthly: float
    pipelines: list[str] = field(default_factory=list)
    priced: bool = True  # False: no confirmed rate; the $ figures are 0 and mean "unknown"
    assumption: str | None = None  # see CostInputs.assumption


@dataclass
class CostReport:
    year: int
    month: int
    rows: list[Row]
    pipelines: dict[str, float]  # path -> monthly
    pipeline_runs: dict[str, float]
    total: float
    problems: list[tuple[str, str]]  # (path, guardrail message)

    def to_json(self) -> dict[str, Any]:
        return {
            "month": f"{self.year:04d}-{self.month:02d}",
            "currency": "USD",
            "items": [_row_json(r) for r in self.rows],
            "pipelines": [
                {"path": p, "runs_per_month": self.pipeline_runs[p], "monthly": m}
                for p, m in self.pipelines.items()
            ],
            "total_monthly": self.total,
            "guardrail_errors": [{"path": p, "message": m} for p, m in self.problems],
        }


def _row_json(row: Row) -> dict[str, Any]:
    data = asdict(row)
    if not row.priced:  # unknown, not $0
        data.update(worst_per_run=None, expected_per_run=None, monthly=None)
    return data


def cost_prop_problems(
    *,
    timeout_minutes: float | None,
    typical_minutes: float,
    max_cost_per_run: Any,
    monthly_budget: Any,
) -> list[str]:
    """Why cost props are invalid; empty when they are fine."""
    problems = []
    if not typical_minutes > 0:
        problems.append(f"typical_duration must be positive, got {typical_minutes:g} minutes")
    elif timeout_minutes is not None and typical_minutes > timeout_minutes:
        problems.append(
            f"typical_duration ({typical_minutes:g} minutes) must not exceed timeout "
            f"({timeout_minutes:g} minutes)"
        )
    problems += budget_problems(max_cost_per_run=max_cost_per_run, monthly_budget=monthly_budget)
    return problems


def budget_problems(*, max_cost_per_run: Any, monthly_budget: Any) -> list[str]:
    problems = []
    for name, value in (("max_cost_per_run", max_cost_per_run), ("monthly_budget", monthly_budget)):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"{name} must be a number of USD, got {type(value).__name__}")
        if not 0 < value < float("inf"):
            problems.append(f"{name} must be a positive number of USD, got {value!r}")
    return problems


def unpriced_problem(item: CostInputs, guardrail: str) -> str:
    """Why ``guardrail`` cannot be checked for an unpriced job: refused, never passed."""
    fix = (
        "declare expected_dpu_hours_per_month"
        if item.kind == "optimizer"
        else "choose a G.* worker type"
    )
    return (
        f"{guardrail} cannot be checked: {item.path} is unpriced "
        f"({unpriced_reason(item.kind)}); {fix} or drop {guardrail}"
    )


def per_run_problems(item: CostInputs) -> list[str]:
    """A job's own max_cost_per_run, checked as soon as the job is declared."""
    if item.max_cost_per_run is None:
        return []
    if not item.priced:
        return [unpriced_problem(item, "max_cost_per_run")]
    usd, text = item.ceiling_per_run()
    if usd <= item.max_cost_per_run:
        return []
    label = "worst case" if item.timeout_minutes is not None else "expected"
    return [f"{label} per run {text} exceeds max_cost_per_run ${item.max_cost_per_run:.2f}"]


def parse_month(text: str | None) -> tuple[int, int]:
    """``"2027-02"`` -> (2027, 2); None -> :data:`REFERENCE_MONTH`."""
    if text is None:
        return REFERENCE_MONTH
    year, dash, month = str(text).partition("-")
    if not (dash and year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        raise ValueError(f"month must look like 2027-02, got {text!r}")
    return int(year), int(month)


def estimate(
    items: Iterable[CostInputs],
    pipelines: Iterable[PipelineInputs] = (),
    budget: Budget | None = None,
    *,
    month: tuple[int, int] = REFERENCE_MONTH,
) -> CostReport:
    """Every estimate and every guardrail breach, for ``month`` (year, month)."""
    year, month_number = month
    items = list(items)
    pipelines = list(pipelines)
    by_path = {i.path: i for i in items}
    pipeline_runs = {p.path: _pipeline_runs(p, year, month_number) for p in pipelines}
    rows = []
    for item in items:
        runs = float(runs_in_month(item.schedule, year, month_number)) if item.schedule else 0.0
        if item.kind in MONTHLY_KINDS:  # usage-based or always running: one month's worth
            runs = 1.0
        within = [p.path for p in pipelines if item.path in p.runnables]
        runs += sum(pipeline_runs[p] for p in within)
        worst = item.worst_per_run()
        expected, _ = item.expected_per_run()
        rows.append(
            Row(
                item.path,
                item.kind,
                runs,
                worst and worst[0],
                expected,
                expected * runs,
                within,
                item.priced,
                item.assumption,
            )
        )
    monthly_by_path = {r.path: r for r in rows}
    pipeline_monthly = {
        p.path: sum(
            by_path[s].expected_per_run()[0] * pipeline_runs[p.path]
            for s in p.runnables
            if s in by_path
        )
        for p in pipelines
    }
    total = sum(r.monthly for r in rows)
    problems = _item_problems(items, monthly_by_path, month)
    problems += _pipeline_problems(pipelines, by_path, pipeline_runs, month)
    problems += _app_problems(budget, items, pipelines, by_path, rows, total, month)
    return CostReport(year, month_number, rows, pipeline_monthly, pipeline_runs, total, problems)


def _pipeline_runs(pipeline: PipelineInputs, year: int, month: int) -> float:
    if pipeline.schedule:
        return float(runs_in_month(pipeline.schedule, year, month))
    return float(pipeline.expected_runs_per_month or 0)


def _month_label(month: tuple[int, int]) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


def _item_problems(items, rows: Mapping[str, Row], month) -> list[tuple[str, str]]:
    problems = [(i.path, p) for i in items for p in per_run_problems(i)]
    for item in items:
        row = rows[item.path]
        if item.monthly_budget is not None and not item.priced:
            problems.append((item.path, unpriced_problem(item, "monthly_budget")))
        elif item.monthly_budget is not None and row.monthly > item.monthly_budget:
            _, text = item.expected_per_run()
            problems.append(
                (
                    item.path,
                    f"monthly ${row.monthly:.2f} = {row.runs_per_month:g} runs in "
                    f"{_month_label(month)} x expected per run {text} exceeds monthly_budget "
                    f"${item.monthly_budget:.2f}",
                )
            )
    return problems


def _pipeline_problems(pipelines, by_path, pipeline_runs, month) -> list[tuple[str, str]]:
    problems = []
    for pipeline in pipelines:
        runnables = [by_path[r] for r in pipeline.runnables if r in by_path]
        unpriced = [r for r in runnables if not r.priced]
        if unpriced and (pipeline.max_cost_per_run, pipeline.monthly_budget) != (None, None):
            guardrail = "max_cost_per_run" if pipeline.max_cost_per_run else "monthly_budget"
            problems.append((pipeline.path, unpriced_problem(unpriced[0], guardrail)))
            continue
        if pipeline.max_cost_per_run is not None:
            parts = [r.ceiling_per_run()[0] for r in runnables]
            if sum(parts) > pipeline.max_cost_per_run:
                terms = " + ".join(
                    f"${p:.2f} ({r.name})" for p, r in zip(parts, runnables, strict=True)
                )
                problems.append(
                    (
                        pipeline.path,
                        f"worst case per run ${sum(parts):.2f} = {terms} exceeds "
                        f"max_cost_per_run ${pipeline.max_cost_per_run:.2f}",
                    )
                )
        if pipeline.monthly_budget is not None:
            per_run = sum(r.expected_per_run()[0] for r in runnables)
            runs = pipeline_runs[pipeline.path]
            if per_run * runs > pipeline.monthly_budget:
                problems.append(
                    (
                        pipeline.path,
                        f"monthly ${per_run * runs:.2f} = {runs:g} runs in {_month_label(month)} "
                        f"x expected per run ${per_run:.2f} exceeds monthly_budget "
                        f"${pipeline.monthly_budget:.2f}",
                    )
                )
    return problems


def _app_problems(budget, items, pipelines, by_path, rows, total, month) -> list[tuple[str, str]]:
    if budget is None:
        return []
    problems = []
    unpriced = [i for i in items if not i.priced]
    if unpriced and (budget.max_cost_per_run, budget.monthly_budget) != (None, None):
        guardrail = "max_cost_per_run" if budget.max_cost_per_run else "monthly_budget"
        return [(i.path, unpriced_problem(i, f"the app's {guardrail}")) for i in unpriced]
    if budget.max_cost_per_run is not None:
        # A limit on job and crawler runs (enable_checks): Glue sizes and starts a table
        # optimizer's runs itself, and its cost is a month's, so only the budget sees it.
        for item in (i for i in items if i.kind not in MONTHLY_KINDS):
            usd, text = item.ceiling_per_run()
            if usd > budget.max_cost_per_run:
                problems.append(
                    (
                        item.path,
                        f"per run {text} exceeds the app's max_cost_per_run "
                        f"${budget.max_cost_per_run:.2f}",
                    )
                )
    if budget.monthly_budget is not None and total > budget.monthly_budget:
        terms = " + ".join(f"${r.monthly:.2f} ({r.path})" for r in rows if r.monthly)
        problems.append(
            (
                "app",
                f"monthly ${total:.2f} in {_month_label(month)} = {terms or '$0.00'} exceeds the "
                f"app's monthly_budget ${budget.monthly_budget:.2f}",
            )
        )
    return problems


def from_metadata(entries: Mapping[str, list[Any]]) -> tuple[list, list, Budget | None]:
    """Inputs from assembly metadata: ``{type: [data, ...]}``."""
    items = [CostInputs(**data) for data in entries.get(COST_METADATA, [])]
    pipelines = [
        PipelineInputs(**{**data, "runnables": tuple(data["runnables"])})
        for data in entries.get(PIPELINE_COST_METADATA, [])
    ]
    budgets = entries.get(APP_BUDGET_METADATA, [])
    return items, pipelines, Budget(**budgets[0]) if budgets else None


# ---- output ------------------------------------------------------------------------------

_HEADERS = ("Job or crawler", "Kind", "Runs/month", "Worst/run", "Expected/run", "Monthly")


def _cells(row: Row) -> tuple[str, ...]:
    worst = "no timeout" if row.worst_per_run is None else f"${row.worst_per_run:.2f}"
    if row.kind == "streaming":
        worst = "runs until stopped"  # its one "run" is the month: STREAMING_HOURS_PER_MONTH
    if not row.priced:
        return (row.path, row.kind, f"{row.runs_per_month:g}", UNPRICED, UNPRICED, UNPRICED)
    return (
        row.path,
        row.kind,
        f"{row.runs_per_month:g}",
        worst,
        f"${row.expected_per_run:.2f}",
        f"${row.monthly:.2f}",
    )


def _unpriced_notes(report: CostReport) -> list[str]:
    """One line per unpriced row: the totals leave it out, and say so."""
    return [
        f"Not in the totals: {r.path} is {UNPRICED} ({unpriced_reason(r.kind)})"
        for r in report.rows
        if not r.priced
    ]


def _assumption_notes(report: CostReport) -> list[str]:
    """One line per row whose estimate rests on an unconfirmed figure: say which."""
    return [f"Assumed for {r.path}: {r.assumption}" for r in report.rows if r.assumption]


def to_text(report: CostReport) -> str:
    table = [_HEADERS, *(_cells(r) for r in report.rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(_HEADERS))]
    lines = [
        "  ".join(
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in table
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    for path, monthly in report.pipelines.items():
        lines.append(f"Pipeline {path}: {report.pipeline_runs[path]:g} runs, ${monthly:.2f}/month")
    lines.append(
        f"App total: ${report.total:.2f}/month "
        f"({_month_label((report.year, report.month))}, USD, us-east-1 list prices)"
    )
    lines += _unpriced_notes(report)
    lines += _assumption_notes(report)
    lines += [f"GUARDRAIL {path}: {message}" for path, message in report.problems]
    return "\n".join(lines) + "\n"


def to_markdown(report: CostReport) -> str:
    lines = [
        f"### Glue cost estimate ({_month_label((report.year, report.month))})",
        "",
        "| " + " | ".join(_HEADERS) + " |",
        "|" + "|".join(["---", "---", "--:", "--:", "--:", "--:"]) + "|",
    ]
    lines += [
        "| " + " | ".join(f"`{c}`" if i == 0 else c for i, c in enumerate(_cells(r))) + " |"
        for r in report.rows
    ]
    lines.append("")
    lines += [
        f"- Pipeline `{p}`: {report.pipeline_runs[p]:g} runs, **${m:.2f}/month**"
        for p, m in report.pipelines.items()
    ]
    lines.append(f"- **App total: ${report.total:.2f}/month** (USD, us-east-1 list prices)")
    lines += [f"- {note}" for note in _unpriced_notes(report)]
    lines += [f"- {note}" for note in _assumption_notes(report)]
    lines += [f"- :x: `{path}`: {message}" for path, message in report.problems]
    return "\n".join(lines) + "\n"


def report_from_assembly(outdir: Any, month: tuple[int, int] = REFERENCE_MONTH) -> CostReport:
    """The cost report of the synthesized app at ``outdir``, from its construct metadata."""
    from glueforge.assembly.reader import metadata_entries

    entries = {
        kind: [data for _, data in metadata_entries(outdir, kind)]
        for kind in (COST_METADATA, PIPELINE_COST_METADATA, APP_BUDGET_METADATA)
    }
    # Every stack carries the app's budget: keep one.
    entries[APP_BUDGET_METADATA] = entries[APP_BUDGET_METADATA][:1]
    items, pipelines, budget = from_metadata(entries)
    return estimate(items, pipelines, budget, month=month)
