"""The per-rule outcome table ``glueforge local-run`` prints for each Data Quality
evaluation of the run (one per ``dataQualityEvaluationContext``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table

from glueforge.local.quality_outcome import FAILED, PASSED, UNSUPPORTED

if TYPE_CHECKING:
    from glueforge.local.quality_outcome import RuleOutcome

_STYLE = {PASSED: "green", FAILED: "bold red", UNSUPPORTED: "yellow"}


def outcome_table(context: str, outcomes: list[RuleOutcome]) -> Table:
    """Rule, outcome, metric values and reason, one row per top-level rule."""
    passed = sum(o.outcome == PASSED for o in outcomes)
    title = f"Data Quality {context}: {passed} of {len(outcomes)} rules passed"
    table = Table(title=escape(title), title_justify="left")
    for column in ("rule", "outcome", "metrics", "reason"):
        table.add_column(column)
    for outcome in outcomes:
        style = _STYLE.get(outcome.outcome, "")
        table.add_row(
            escape(outcome.rule),
            f"[{style}]{outcome.outcome}[/]" if style else outcome.outcome,
            escape(metrics_text(outcome.metrics)) or "-",
            escape(outcome.reason or ""),
        )
    return table


def metrics_text(metrics: dict[str, float]) -> str:
    """``Column.id.Completeness=1`` pairs, numbers without float noise."""
    return ", ".join(f"{name}={value:.6g}" for name, value in metrics.items())
