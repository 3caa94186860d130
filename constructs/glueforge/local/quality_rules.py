"""Each DQDL rule type the local evaluator supports, on a Spark DataFrame.

Each function cites the AWS page it follows (``dqdl-rule-types-<Type>.html`` under
https://docs.aws.amazon.com/glue/latest/dg/); where the pages are silent, AWS's
open-source DQDL executor in awslabs/deequ (``com.amazon.deequ.dqdl``) decides, and a
``Choice:`` comment says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from typing import TYPE_CHECKING

from glueforge.local.quality_conditions import NotLocal, describe, number_holds, row_passes
from glueforge.local.quality_outcome import (
    FAILED,
    PASSED,
    UNSUPPORTED,
    Lookup,
    RowResult,
    RuleOutcome,
    join_lookup,
    new_flag,
    quoted,
)
from glueforge.quality.model import Rule

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

#: rule types whose ``with threshold`` is evaluated: the fraction of rows that pass
#: (https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types.html, "row-level threshold")
THRESHOLD_TYPES = ("ColumnValues", "ColumnLength", "CustomSql")
#: rule types without a ``where`` clause (the same reference table)
NO_WHERE = ("ColumnExists", "CustomSql")


@dataclass(frozen=True)
class Scope:
    """The rule and the rows it looks at."""

    rule: Rule
    frame: DataFrame
    #: the rows its ``where`` keeps (all rows without one)
    rows: DataFrame
    #: true on rows its ``where`` keeps; None without a where
    applies: Column | None
    now: datetime

    def column(self, name: str) -> Column:
        return quoted(name)

    def dtype(self, name: str) -> str:
        return dict(self.frame.dtypes)[name]


def evaluate_rule(frame: DataFrame, rule: Rule, *, now: datetime) -> RuleOutcome:
    """One rule's outcome; ``Unsupported`` for what is not evaluated locally."""
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import PySparkException
    from pyspark.sql import functions as F

    handler = HANDLERS.get(rule.rule_type)
    if handler is None:
        return RuleOutcome(rule.text, UNSUPPORTED, f"{rule.rule_type} is not evaluated locally")
    if rule.threshold is not None and rule.rule_type not in THRESHOLD_TYPES:
        return RuleOutcome(rule.text, UNSUPPORTED, f"with threshold on {rule.rule_type}")
    if getattr(rule, "tags", ()):
        # e.g. DataFreshness's options: nothing the supported rule types take
        return RuleOutcome(rule.text, UNSUPPORTED, "tags other than with threshold")
    if rule.where and rule.rule_type in NO_WHERE:
        return RuleOutcome(rule.text, UNSUPPORTED, f"a where clause on {rule.rule_type}")
    if rule.rule_type not in ("RowCount", "CustomSql", "ColumnExists"):
        missing = [c for c in rule.parameters if c not in frame.columns]
        if missing:
            return RuleOutcome(rule.text, FAILED, f"Column {missing[0]} does not exist")
    try:
        applies = F.coalesce(F.expr(rule.where), F.lit(False)) if rule.where else None
        rows = frame.filter(applies) if applies is not None else frame
        return handler(Scope(rule, frame, rows, applies, now))
    except NotLocal as error:
        return RuleOutcome(rule.text, UNSUPPORTED, str(error))
    except (PySparkException, Py4JJavaError) as error:
        # e.g. a where clause naming no column, a regex Java cannot compile: Glue fails
        # such a rule too; say why in one line
        java = getattr(error, "java_exception", None)
        text = str(java.toString()) if java is not None else str(error)
        first = text.strip().splitlines()[0] if text.strip() else type(error).__name__
        return RuleOutcome(rule.text, FAILED, f"could not evaluate: {first}")


def _metric_outcome(s: Scope, metrics: dict[str, float | None], value: float | None):
    """The outcome of a rule whose metric ``value`` meets its condition, or not."""
    shown = {k: v for k, v in metrics.items() if v is not None}
    if value is None:
        return RuleOutcome(s.rule.text, FAILED, "no value to evaluate (no rows or only nulls)")
    condition = s.rule.condition
    if condition is None:
        raise NotLocal(f"{s.rule.rule_type} without a condition")
    if number_holds(value, condition):
        return RuleOutcome(s.rule.text, PASSED, None, shown)
    reason = f"Value: {_show(value)} does not meet the constraint requirement!"
    return RuleOutcome(s.rule.text, FAILED, reason, shown)


def _show(value: float) -> str:
    return f"{value:.4g}" if isinstance(value, float) and not value.is_integer() else str(value)


def _row_outcome(
    s: Scope,
    passed: Column,
    metric: str,
    *,
    lookups=(),
    value: Column | None = None,
    expected: str | None = None,
) -> RuleOutcome:
    """A rule that holds row by row: every row in scope must pass, or the share of rows
    that pass must meet ``with threshold`` (awslabs/dqdl ConditionTest:
    ``ColumnValues "colA" in ["A","B"] with threshold >= 0.5`` passes at 0.5).

    :param value: the column the rule checks: the reason then counts the failing NULLs.
    :param expected: the condition as DQDL, for the reason.
    """
    from pyspark.sql import functions as F

    rows = s.rows
    for lookup in lookups:
        rows = join_lookup(rows, lookup)
    null_failed = (~passed & value.isNull()) if value is not None else F.lit(False)
    total, good, nulls = rows.agg(
        F.count(F.lit(1)), F.sum(passed.cast("int")), F.sum(null_failed.cast("int"))
    ).first()
    scoped = passed if s.applies is None else F.when(s.applies, passed)
    result = RowResult(scoped, tuple(lookups))
    if not total:
        return RuleOutcome(s.rule.text, FAILED, "no rows to evaluate", rows=result)
    share = (good or 0) / total
    metrics = {metric: share}
    if s.rule.threshold is not None:
        ok = number_holds(share, s.rule.threshold)
        why = f"Value: {_show(share)} does not meet the threshold requirement!"
    else:
        ok = good == total
        why = f"{total - good} of {total} rows do not meet the constraint requirement!"
        # Glue's own words for a NULL row: "Value: NULL does not meet the constraint
        # requirement!" (dqdl-rule-types-ColumnValues.html)
        notes = [f"{nulls} NULL"] if nulls else []
        notes += [f"expected: {expected}"] if expected else []
        why += f" ({'; '.join(notes)})" if notes else ""
    return RuleOutcome(s.rule.text, PASSED if ok else FAILED, None if ok else why, metrics, result)


def row_count(s: Scope) -> RuleOutcome:
    """dqdl-rule-types-RowCount.html: the rows (after ``where``) against the condition."""
    value = float(s.rows.count())
    return _metric_outcome(s, {"Dataset.*.RowCount": value}, value)


def completeness(s: Scope) -> RuleOutcome:
    """dqdl-rule-types-Completeness.html: the share of non-null values (0..1).
    IsComplete (dqdl-rule-types-IsComplete.html): that share is 1."""
    name = s.rule.parameters[0]
    passed = s.column(name).isNotNull()
    metric = f"Column.{name}.Completeness"
    outcome = _row_outcome(s, passed, metric)
    if s.rule.rule_type == "IsComplete" or metric not in outcome.metrics:
        return outcome
    judged = _metric_outcome(s, outcome.metrics, outcome.metrics[metric])
    judged.rows = outcome.rows
    return judged


def uniqueness(s: Scope) -> RuleOutcome:
    """dqdl-rule-types-Uniqueness.html: "Unique values occur exactly once"; the share of
    such values. Choice (the page is silent on nulls and the denominator): Deequ's
    Uniqueness, values occurring once / rows with at least one non-null column, so
    NULLs count in neither. IsUnique (dqdl-rule-types-IsUnique.html) is that share = 1:
    Choice: null rows are ignored (Deequ isUnique/areUnique), two NULLs are no duplicate."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    names = list(s.rule.parameters)
    columns = [s.column(n) for n in names]
    known = reduce(lambda a, b: a | b, [c.isNotNull() for c in columns])
    groups = s.rows.filter(known).groupBy(*columns).count()
    once, total = groups.agg(
        F.sum(F.when(F.col("count") == 1, 1).otherwise(0)), F.sum("count")
    ).first()
    metric = (
        f"Column.{names[0]}.Uniqueness"
        if len(names) == 1
        else f"Multicolumn.{','.join(names)}.Uniqueness"
    )
    value = (once or 0) / total if total else None
    in_scope = F.lit(True) if s.applies is None else s.applies
    same = F.sum(in_scope.cast("int")).over(Window.partitionBy(*columns))
    rows = RowResult(F.when(in_scope & known, same == 1))
    if s.rule.rule_type == "IsUnique":
        if value is None:
            return RuleOutcome(s.rule.text, FAILED, "no non-null values", rows=rows)
        ok = value == 1.0
        why = None if ok else f"Value: {_show(value)} does not meet the constraint requirement!"
        return RuleOutcome(s.rule.text, PASSED if ok else FAILED, why, {metric: value}, rows)
    outcome = _metric_outcome(s, {metric: value}, value)
    outcome.rows = rows
    return outcome


def _aggregate(function: str) -> Callable[[Scope], RuleOutcome]:
    def evaluate(s: Scope) -> RuleOutcome:
        from pyspark.sql import functions as F
        from pyspark.sql.types import NumericType

        name = s.rule.parameters[0]
        if not isinstance(s.frame.schema[name].dataType, NumericType):
            why = f"{s.rule.rule_type} needs a numeric column; {name} is {s.dtype(name)}"
            return RuleOutcome(s.rule.text, FAILED, why)
        aggregate = {"Mean": F.avg, "Sum": F.sum, "StandardDeviation": F.stddev_pop}[function]
        value = s.rows.agg(aggregate(s.column(name))).first()[0]
        value = None if value is None else float(value)
        return _metric_outcome(s, {f"Column.{name}.{function}": value}, value)

    evaluate.__doc__ = f"dqdl-rule-types-{function}.html: NULL rows are ignored" + (
        "; the POPULATION standard deviation ([0, null, 20, null, 40] -> 16.33 on the page)"
        if function == "StandardDeviation"
        else ""
    )
    return evaluate


def distinct_values_count(s: Scope) -> RuleOutcome:
    """dqdl-rule-types-DistinctValuesCount.html: the number of distinct values.
    Choice (the page is silent on nulls): NULL is one more distinct value, as in Deequ's
    DQDL executor (Histogram with a "NullValue" bin)."""
    name = s.rule.parameters[0]
    value = float(s.rows.select(s.column(name)).distinct().count())
    return _metric_outcome(s, {f"Column.{name}.DistinctValuesCount": value}, value)


def column_exists(s: Scope) -> RuleOutcome:
    """dqdl-rule-types-ColumnExists.html. Choice: the name must match exactly, as DQDL
    is case sensitive (dqdl.html), though Spark resolves names case-insensitively."""
    name = s.rule.parameters[0]
    if name in s.frame.columns:
        return RuleOutcome(s.rule.text, PASSED)
    return RuleOutcome(s.rule.text, FAILED, f"Column {name} does not exist")


def column_values(s: Scope) -> RuleOutcome:
    """dqdl-rule-types-ColumnValues.html: every row's value meets the expression (or the
    share in ``with threshold``); NULL rows fail except for ``!=`` and ``not in``."""
    name = s.rule.parameters[0]
    if s.rule.condition is None:
        raise NotLocal("ColumnValues without a condition")
    passed = row_passes(s.column(name), s.rule.condition, now=s.now, dtype=s.dtype(name))
    metric = f"Column.{name}.ColumnValues.Compliance"
    expected = describe(s.rule.condition)
    return _row_outcome(s, passed, metric, value=s.column(name), expected=expected)


def column_length(s: Scope) -> RuleOutcome:
    """dqdl-rule-types-ColumnLength.html: each value's length meets the expression; "The
    ColumnLength rule treats NULLs as 0 length strings". String columns only."""
    from pyspark.sql import functions as F

    name = s.rule.parameters[0]
    if s.dtype(name) != "string":
        why = f"ColumnLength needs a string column; {name} is {s.dtype(name)}"
        return RuleOutcome(s.rule.text, FAILED, why)
    if s.rule.condition is None:
        raise NotLocal("ColumnLength without a condition")
    length = F.length(F.coalesce(s.column(name), F.lit("")))
    passed = row_passes(length, s.rule.condition, now=s.now, dtype="int")
    outcome = _row_outcome(s, passed, f"Column.{name}.LengthCompliance")
    low, high = s.rows.agg(F.min(length), F.max(length)).first()
    if low is not None:
        outcome.metrics[f"Column.{name}.MinimumLength"] = float(low)
        outcome.metrics[f"Column.{name}.MaximumLength"] = float(high)
    return outcome


def custom_sql(s: Scope) -> RuleOutcome:
    """dqdl-rule-types-CustomSql.html: ``primary`` is the evaluated frame. With a
    condition, the statement returns one number checked against it; without one (the
    row-level form), the rows it returns pass and the others fail."""
    statement = s.rule.parameters[0]
    spark = s.frame.sparkSession
    s.frame.createOrReplaceTempView("primary")
    try:
        result = spark.sql(statement)
        if s.rule.condition is not None:
            rows = result.take(2)
            if len(rows) != 1 or len(rows[0]) != 1:
                why = "the statement must return a single value"
                return RuleOutcome(s.rule.text, FAILED, why)
            raw = rows[0][0]
            value = None if raw is None else float(raw)
            return _metric_outcome(s, {"Dataset.*.CustomSQL": value}, value)
        return _custom_sql_rows(s, result)
    finally:
        spark.catalog.dropTempView("primary")


def _custom_sql_rows(s: Scope, result: DataFrame) -> RuleOutcome:
    from pyspark.sql import functions as F

    selected = result.columns
    unknown = [c for c in selected if c not in s.frame.columns]
    if unknown:
        # Glue: the row-level form "must select at least 1 column from the primary table"
        why = f"row-level CustomSql must select columns of primary; {unknown[0]} is not one"
        return RuleOutcome(s.rule.text, FAILED, why)
    flag = new_flag()
    keys = tuple((c, f"{flag}_k{i}") for i, c in enumerate(selected))
    found = result.select(*[quoted(c).alias(k) for c, k in keys]).distinct()
    lookup = Lookup(found, keys, flag)
    passed = F.coalesce(F.col(flag), F.lit(False))
    return _row_outcome(s, passed, "Dataset.*.CustomSQL.Compliance", lookups=(lookup,))


HANDLERS: dict[str, Callable[[Scope], RuleOutcome]] = {
    "RowCount": row_count,
    "Completeness": completeness,
    "IsComplete": completeness,
    "IsUnique": uniqueness,
    "Uniqueness": uniqueness,
    "ColumnValues": column_values,
    "ColumnLength": column_length,
    "Mean": _aggregate("Mean"),
    "Sum": _aggregate("Sum"),
    "StandardDeviation": _aggregate("StandardDeviation"),
    "DistinctValuesCount": distinct_values_count,
    "ColumnExists": column_exists,
    "CustomSql": custom_sql,
}
