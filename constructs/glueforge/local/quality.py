"""Evaluate a DQDL ruleset on a local Spark DataFrame, as Glue's EvaluateDataQuality does.

The rule types are in :mod:`glueforge.local.quality_rules`, the operators in
:mod:`glueforge.local.quality_conditions`. A rule type, operator or operand this module
does not evaluate (e.g. ``avg(last(10))``, which needs the metrics of past runs) gives the
outcome ``"Unsupported"``: it is reported, never skipped, and a ruleset holding one has
not "all passed".

Composite rules (https://docs.aws.amazon.com/glue/latest/dg/dqdl.html, "How Composite
rules work"): by default each part is evaluated over the whole data set and the outcomes
are then combined (``compositeRuleEvaluation.method`` ``COLUMN``); ``ROW`` combines the
parts row by row and passes when every row does.

Row-level results follow AWS's open-source reference implementation (awslabs/deequ
``dqdl/execution/RowLevelResultHelper.scala``): each row gets the rules it passed
(``DataQualityRulesPass``), failed (``DataQualityRulesFail``) and the rules without a
result for it (``DataQualityRulesSkip``: rules with no row-level results, and rows outside
a rule's ``where``), and ``DataQualityEvaluationResult`` is ``"Passed"`` when it failed none.
"""

from __future__ import annotations

from datetime import datetime
from functools import reduce
from typing import TYPE_CHECKING

from glueforge.core.vocabulary import DATA_QUALITY_ROW_COLUMNS
from glueforge.local.quality_outcome import (
    FAILED,
    PASSED,
    UNSUPPORTED,
    RowResult,
    RuleOutcome,
    join_lookup,
)
from glueforge.local.quality_rules import evaluate_rule
from glueforge.quality.model import CompositeRule, Rule, Ruleset

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["FAILED", "PASSED", "UNSUPPORTED", "RuleOutcome", "evaluate", "row_level_outcomes"]

#: ``additional_options`` key and values of EvaluateDataQuality (botocore's
#: DQCompositeRuleEvaluationMethod enum)
COMPOSITE_METHOD = "compositeRuleEvaluation.method"
COLUMN, ROW = "COLUMN", "ROW"

#: the schema of EvaluateDataQuality's rule outcomes
#: (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-transforms-EvaluateDataQuality.html)
OUTCOMES_SCHEMA = (
    "Rule string, Outcome string, FailureReason string, EvaluatedMetrics map<string,double>"
)


def evaluate(
    df: DataFrame, ruleset: Ruleset, *, now: datetime, composite: str = COLUMN
) -> list[RuleOutcome]:
    """Each top-level rule's outcome, in the ruleset's order.

    :param now: the moment ``now()`` in date expressions stands for (naive UTC).
    :param composite: how ``and``/``or`` rules combine: ``"COLUMN"`` (Glue's default)
        or ``"ROW"``. Default: ``"COLUMN"``.
    """
    if composite not in (COLUMN, ROW):
        raise ValueError(f"{COMPOSITE_METHOD} must be {COLUMN} or {ROW}, not {composite!r}")
    return [_evaluate(df, rule, now, composite) for rule in ruleset.rules]


def all_passed(outcomes: list[RuleOutcome]) -> bool:
    """True only when every rule passed (an Unsupported rule is not a pass)."""
    return all(o.outcome == PASSED for o in outcomes)


def _evaluate(df, rule: Rule | CompositeRule, now: datetime, composite: str) -> RuleOutcome:
    if isinstance(rule, Rule):
        return evaluate_rule(df, rule, now=now)
    parts = [_evaluate(df, part, now, composite) for part in rule.rules]
    if composite == ROW:
        return _by_row(df, rule, parts)
    return _by_column(rule, parts)


def _by_column(rule: CompositeRule, parts: list[RuleOutcome]) -> RuleOutcome:
    """Combine whole-data-set outcomes. An Unsupported part decides only when the others
    do not: ``(Failed) and (Unsupported)`` fails, ``(Passed) or (Unsupported)`` passes."""
    outcomes = {p.outcome for p in parts}
    decisive, other = (FAILED, PASSED) if rule.operator == "and" else (PASSED, FAILED)
    if decisive in outcomes:
        outcome = decisive
    elif UNSUPPORTED in outcomes:
        outcome = UNSUPPORTED
    else:
        outcome = other
    metrics = {k: v for p in parts for k, v in p.metrics.items()}
    reason = None
    if outcome != PASSED:
        reason = "; ".join(f"{p.rule}: {p.reason}" for p in parts if p.outcome != PASSED)
    return RuleOutcome(rule.text, outcome, reason, metrics, _combined_rows(rule, parts))


def _combined_rows(rule: CompositeRule, parts: list[RuleOutcome]) -> RowResult | None:
    """Row results of a composite: only when every part has them (as Deequ's helper)."""
    if any(p.rows is None for p in parts):
        return None
    rows = [p.rows for p in parts if p.rows is not None]
    joined = reduce(
        (lambda a, b: a & b) if rule.operator == "and" else (lambda a, b: a | b),
        [r.passed for r in rows],
    )
    return RowResult(joined, tuple(lookup for r in rows for lookup in r.lookups))


def _by_row(df, rule: CompositeRule, parts: list[RuleOutcome]) -> RuleOutcome:
    from pyspark.sql import functions as F

    metrics = {k: v for p in parts for k, v in p.metrics.items()}
    rows = _combined_rows(rule, parts)
    if rows is None:
        lacking = next(p.rule for p in parts if p.rows is None)
        why = f"{COMPOSITE_METHOD} ROW needs row-level results; {lacking} has none"
        return RuleOutcome(rule.text, UNSUPPORTED, why, metrics)
    frame = df
    for lookup in rows.lookups:
        frame = join_lookup(frame, lookup)
    failed = frame.filter(F.coalesce(rows.passed, F.lit(True)) == F.lit(False)).count()
    if failed:
        why = f"{failed} rows do not meet the composite rule"
        return RuleOutcome(rule.text, FAILED, why, metrics, rows)
    return RuleOutcome(rule.text, PASSED, None, metrics, rows)


def row_level_outcomes(df: DataFrame, outcomes: list[RuleOutcome]) -> DataFrame:
    """``df`` with Glue's four row-level columns (see the module's docstring)."""
    from pyspark.sql import functions as F

    frame = df
    flags: list[tuple[str, str]] = []
    for index, outcome in enumerate(outcomes):
        if outcome.rows is None:
            continue
        for lookup in outcome.rows.lookups:
            if lookup.flag not in frame.columns:
                frame = join_lookup(frame, lookup)
        name = f"__dq_rule_{index}"
        frame = frame.withColumn(name, outcome.rows.passed)
        flags.append((name, outcome.rule))

    def rules_where(test) -> object:
        named = [F.when(test(F.col(n)), F.lit(rule)) for n, rule in flags]
        listed = F.array(*named) if named else F.array().cast("array<string>")
        return F.filter(listed, lambda x: x.isNotNull())

    without = [F.lit(o.rule) for o in outcomes if o.rows is None]
    never = F.array(*without) if without else F.array().cast("array<string>")
    frame = (
        frame.withColumn("DataQualityRulesPass", rules_where(lambda c: c == F.lit(True)))
        .withColumn("DataQualityRulesFail", rules_where(lambda c: c == F.lit(False)))
        .withColumn("DataQualityRulesSkip", F.concat(never, rules_where(lambda c: c.isNull())))
        .withColumn(
            "DataQualityEvaluationResult",
            F.when(F.size("DataQualityRulesFail") == 0, F.lit(PASSED)).otherwise(F.lit(FAILED)),
        )
    )
    return frame.select(*[F.col(f"`{c}`") for c in df.columns], *DATA_QUALITY_ROW_COLUMNS)


def outcomes_frame(spark: SparkSession, outcomes: list[RuleOutcome]) -> DataFrame:
    """The rule outcomes as EvaluateDataQuality returns them: Rule, Outcome,
    FailureReason, EvaluatedMetrics."""
    rows = [(o.rule, o.outcome, o.reason, dict(o.metrics)) for o in outcomes]
    return spark.createDataFrame(rows, OUTCOMES_SCHEMA)
