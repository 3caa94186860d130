"""A typed builder that writes DQDL, checked by the same parser as hand-written text.

::

    from glueforge import DqdlRuleset, DqdlThreshold, Rules, all_of

    rules = DqdlRuleset([
        Rules.is_complete("order_id"),
        Rules.column_values("status").is_in(["open", "paid"]),
        Rules.completeness("email").greater_than(0.95),
        Rules.row_count().between(10, 20),
        Rules.column_values("amount")
        .greater_than(0)
        .with_threshold(DqdlThreshold.greater_than(0.9)),
        all_of(Rules.is_complete("id"), Rules.is_unique("id")),
    ])
    rules.to_dqdl()  # 'Rules = [\\n    IsComplete "order_id",\\n    ...\\n]'

Each factory of :class:`Rules` cites its rule type's page
(https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-<RuleType>.html). Building a
:class:`DqdlRuleset` renders the rules and parses the text with
:func:`~glueforge.quality.parser.parse_ruleset`, so one place knows what Glue accepts.
Pure Python.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from glueforge.quality import render
from glueforge.quality.model import (
    CompositeRule,
    Condition,
    DateExpression,
    Duration,
    DynamicExpression,
    Keyword,
    Operand,
    Rule,
    Ruleset,
)
from glueforge.quality.parser import parse_ruleset

#: what a condition compares with: a number, text, ``None`` (DQDL ``NULL``), a keyword,
#: a date, ``Rules.now(...)``, ``Rules.duration(...)`` or ``Rules.dynamic(...)``
Value = (
    int
    | float
    | str
    | None
    | Keyword
    | datetime.date
    | DateExpression
    | Duration
    | DynamicExpression
)
TimeUnit = Literal["days", "hours", "minutes"]


class DqdlError(ValueError):
    """A built ruleset Glue would refuse; ``problems`` lists each reason."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("DQDL ruleset: " + "; ".join(self.problems))


def _operand(value: Value) -> Operand:
    if value is None:
        return Keyword.NULL
    if isinstance(value, bool):
        raise TypeError(f"a DQDL value cannot be a bool, got {value!r}")
    if isinstance(value, datetime.datetime):
        raise TypeError(f"DQDL compares dates as YYYY-MM-DD; pass a datetime.date, got {value!r}")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _condition(operator: str, *values: Value) -> Condition:
    return Condition(operator, tuple(_operand(v) for v in values))


def _listed(values: Iterable[Value]) -> tuple[Value, ...]:
    if isinstance(values, (str, bytes)):
        raise TypeError(f"is_in/not_in take a list of values, got the string {values!r}")
    items = tuple(values)
    if not items:
        raise ValueError("is_in/not_in need at least one value")
    return items


class DqdlRule:
    """One complete DQDL rule. Made by :class:`Rules`; immutable (each method returns a copy).

    ``str(check)`` and :meth:`to_dqdl` give its DQDL text.
    """

    def __init__(
        self,
        rule_type: str,
        parameters: Sequence[str] = (),
        condition: Condition | None = None,
        *,
        where: str | None = None,
        threshold: Condition | None = None,
        labels: Sequence[tuple[str, str]] = (),
    ) -> None:
        self._rule_type = rule_type
        self._parameters = tuple(parameters)
        self._condition = condition
        self._where = where
        self._threshold = threshold
        self._labels = tuple(labels)

    def _copy(self, **changes: object) -> DqdlRule:
        state = {
            "condition": self._condition,
            "where": self._where,
            "threshold": self._threshold,
            "labels": self._labels,
        }
        state.update(changes)
        return DqdlRule(self._rule_type, self._parameters, **state)  # type: ignore[arg-type]

    def where(self, sql: str) -> DqdlRule:
        """Evaluate the rule only on rows matching a Spark SQL filter: ``where "amount > 0"``.

        Not every rule type takes one (CustomSql, ColumnExists, ColumnCount... do not:
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types.html).
        """
        return self._copy(where=sql)

    def with_threshold(self, threshold: DqdlThreshold) -> DqdlRule:
        """``with threshold > 0.9``: the fraction of rows that must pass (ColumnValues,
        ColumnDataType) or, for row-level CustomSql, the bound on failing rows
        (https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-ColumnValues.html).
        """
        if not isinstance(threshold, DqdlThreshold):
            raise TypeError(
                "with_threshold takes a DqdlThreshold, e.g. DqdlThreshold.greater_than(0.9), "
                f"got {threshold!r}"
            )
        return self._copy(threshold=threshold.condition)

    def with_labels(self, labels: Mapping[str, str]) -> DqdlRule:
        """``labels = ["team" = "orders"]``: key-value labels Glue reports with the result."""
        return self._copy(labels=tuple(labels.items()))

    def to_rule(self) -> Rule:
        """The rule as :class:`~glueforge.quality.model.Rule`."""
        text = render.rule(
            self._rule_type,
            self._parameters,
            self._condition,
            threshold=self._threshold,
            where=self._where,
            labels=self._labels,
        )
        return Rule(
            self._rule_type,
            self._parameters,
            self._condition,
            self._threshold,
            self._where,
            text,
            self._labels,
        )

    def to_dqdl(self) -> str:
        """The rule as DQDL, e.g. ``Completeness "email" > 0.95``."""
        return self.to_rule().text

    def __str__(self) -> str:
        return self.to_dqdl()

    def __repr__(self) -> str:
        return f"DqdlRule({self.to_dqdl()!r})"


class _Compares:
    """The DQDL operators, each returning what :meth:`_compared` makes of the condition."""

    def _compared(self, condition: Condition):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def equal_to(self, value: Value):  # type: ignore[no-untyped-def]
        """``= value``."""
        return self._compared(_condition("=", value))

    def not_equal_to(self, value: Value):  # type: ignore[no-untyped-def]
        """``!= value`` (for ColumnValues, NULL rows pass)."""
        return self._compared(_condition("!=", value))

    def greater_than(self, value: Value):  # type: ignore[no-untyped-def]
        """``> value`` (strict)."""
        return self._compared(_condition(">", value))

    def greater_than_or_equal_to(self, value: Value):  # type: ignore[no-untyped-def]
        """``>= value``."""
        return self._compared(_condition(">=", value))

    def less_than(self, value: Value):  # type: ignore[no-untyped-def]
        """``< value`` (strict)."""
        return self._compared(_condition("<", value))

    def less_than_or_equal_to(self, value: Value):  # type: ignore[no-untyped-def]
        """``<= value``."""
        return self._compared(_condition("<=", value))

    def between(self, low: Value, high: Value):  # type: ignore[no-untyped-def]
        """``between low and high``: EXCLUSIVE at both ends (low < value < high), as AWS's
        parser evaluates it (awslabs/dqdl NumberBasedCondition)."""
        return self._compared(_condition("between", low, high))

    def not_between(self, low: Value, high: Value):  # type: ignore[no-untyped-def]
        """``not between low and high``: value <= low or value >= high."""
        return self._compared(_condition("not between", low, high))

    def is_in(self, values: Iterable[Value]):  # type: ignore[no-untyped-def]
        """``in [a, b, ...]``; ``None`` in the list stands for NULL."""
        return self._compared(_condition("in", *_listed(values)))

    def not_in(self, values: Iterable[Value]):  # type: ignore[no-untyped-def]
        """``not in [a, b, ...]`` (for ColumnValues, NULL rows pass unless None is listed)."""
        return self._compared(_condition("not in", *_listed(values)))


class DqdlMetric(_Compares):
    """A rule type that needs an expression: call one operator to get a :class:`DqdlRule`."""

    def __init__(self, rule_type: str, parameters: Sequence[str] = ()) -> None:
        self._rule_type = rule_type
        self._parameters = tuple(parameters)

    def _compared(self, condition: Condition) -> DqdlRule:
        return DqdlRule(self._rule_type, self._parameters, condition)

    def __repr__(self) -> str:
        return f"DqdlMetric({self._rule_type} {' '.join(map(render.quote, self._parameters))})"


class DqdlValuesMetric(DqdlMetric):
    """``ColumnValues``/``ColumnDataType``: also ``matches`` a regular expression."""

    def matches(self, regex: str) -> DqdlRule:
        """``matches "regex"``: the whole value must match (Java regex)."""
        return self._compared(_condition("matches", regex))

    def not_matches(self, regex: str) -> DqdlRule:
        """``not matches "regex"``."""
        return self._compared(_condition("not matches", regex))


class DqdlCustomSql(DqdlRule, _Compares):
    """``CustomSql "<statement>"``: alone, a row-level rule (the statement selects the rows
    that pass); with an operator, the statement's single number is compared.
    https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-CustomSql.html
    """

    def __init__(self, statement: str) -> None:
        super().__init__("CustomSql", (statement,))

    def _compared(self, condition: Condition) -> DqdlRule:
        return DqdlRule("CustomSql", self._parameters, condition)


class DqdlThreshold:
    """The condition of ``with threshold``, e.g. ``DqdlThreshold.greater_than(0.9)``.

    For ColumnValues and ColumnDataType it bounds the fraction 0..1 of rows that pass
    (https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-ColumnValues.html); for
    row-level CustomSql the page's example bounds the failing rows (``with threshold > 3``).
    """

    def __init__(self, condition: Condition) -> None:
        self.condition = condition

    @staticmethod
    def equal_to(value: float) -> DqdlThreshold:
        """``with threshold = value``."""
        return DqdlThreshold(_condition("=", value))

    @staticmethod
    def not_equal_to(value: float) -> DqdlThreshold:
        """``with threshold != value``."""
        return DqdlThreshold(_condition("!=", value))

    @staticmethod
    def greater_than(value: float) -> DqdlThreshold:
        """``with threshold > value``."""
        return DqdlThreshold(_condition(">", value))

    @staticmethod
    def greater_than_or_equal_to(value: float) -> DqdlThreshold:
        """``with threshold >= value``."""
        return DqdlThreshold(_condition(">=", value))

    @staticmethod
    def less_than(value: float) -> DqdlThreshold:
        """``with threshold < value``."""
        return DqdlThreshold(_condition("<", value))

    @staticmethod
    def less_than_or_equal_to(value: float) -> DqdlThreshold:
        """``with threshold <= value``."""
        return DqdlThreshold(_condition("<=", value))

    @staticmethod
    def between(low: float, high: float) -> DqdlThreshold:
        """``with threshold between low and high`` (exclusive)."""
        return DqdlThreshold(_condition("between", low, high))

    @staticmethod
    def not_between(low: float, high: float) -> DqdlThreshold:
        """``with threshold not between low and high``."""
        return DqdlThreshold(_condition("not between", low, high))

    def __repr__(self) -> str:
        return f"DqdlThreshold({render.condition(self.condition)!r})"


class DqdlComposite:
    """``(a) and (b)`` / ``(a) or (b)``: made by :func:`all_of` and :func:`any_of`."""

    def __init__(self, operator: str, items: Sequence[DqdlRule | DqdlComposite]) -> None:
        if len(items) < 2:
            raise ValueError(f"{'all_of' if operator == 'and' else 'any_of'} needs at least "
                             f"2 rules, got {len(items)}")  # fmt: skip
        wrong = [i for i in items if not isinstance(i, (DqdlRule, DqdlComposite))]
        if wrong:
            raise TypeError(f"composites join Rules.* checks, got {wrong[0]!r} (a DqdlMetric needs "
                            "an operator, e.g. .greater_than(0.9))")  # fmt: skip
        self._operator = operator
        self._items = tuple(items)

    def to_rule(self) -> CompositeRule:
        nodes = tuple(i.to_rule() for i in self._items)
        return CompositeRule(self._operator, nodes, render.composite(self._operator, nodes))

    def to_dqdl(self) -> str:
        return self.to_rule().text

    def __str__(self) -> str:
        return self.to_dqdl()


def all_of(*rules: DqdlRule | DqdlComposite) -> DqdlComposite:
    """``(a) and (b) and ...``: passes when every rule passes
    (https://docs.aws.amazon.com/glue/latest/dg/dqdl.html, Composite rules)."""
    return DqdlComposite("and", rules)


def any_of(*rules: DqdlRule | DqdlComposite) -> DqdlComposite:
    """``(a) or (b) or ...``: passes when any rule passes
    (https://docs.aws.amazon.com/glue/latest/dg/dqdl.html, Composite rules)."""
    return DqdlComposite("or", rules)


class DqdlRuleset:
    """A DQDL ruleset built from checks (and/or DQDL rule strings), validated on creation.

    :param rules: :class:`DqdlRule` and composite values from :class:`Rules`,
        :func:`all_of`, :func:`any_of`, or single rules as DQDL text
        (``'IsComplete "id"'``).
    :raises DqdlError: listing every problem the parser finds.
    """

    def __init__(self, rules: Sequence[DqdlRule | DqdlComposite | str]) -> None:
        if isinstance(rules, (str, DqdlRule, DqdlComposite)):
            raise TypeError("DqdlRuleset takes a list of rules, e.g. DqdlRuleset([Rules.row_count()"
                            ".greater_than(0)]); for a whole DQDL document use a str")  # fmt: skip
        items = []
        for item in rules:
            if isinstance(item, (DqdlRule, DqdlComposite)):
                items.append(item.to_dqdl())
            elif isinstance(item, str):
                items.append(item.strip())
            else:
                raise TypeError(f"a DqdlRuleset rule must be a DqdlRule, a composite or a DQDL "
                                f"string, got {item!r}")  # fmt: skip
        text = (
            "Rules = [\n" + ",\n".join(f"    {i}" for i in items) + "\n]" if items else "Rules = []"
        )
        ruleset, problems = parse_ruleset(text)
        if problems:
            raise DqdlError(problems)
        self.ruleset: Ruleset = ruleset

    def to_dqdl(self) -> str:
        """The ruleset as canonical DQDL: ``Rules = [ ... ]``, one rule a line."""
        return self.ruleset.text

    def problems(self, columns: Mapping[str, str]) -> list[str]:
        """The problems of these rules against a table schema (column name -> Glue type)."""
        return parse_ruleset(self.to_dqdl(), columns=columns)[1]

    def __str__(self) -> str:
        return self.to_dqdl()

    def __repr__(self) -> str:
        return f"DqdlRuleset({len(self.ruleset.rules)} rules)"


class Rules:
    """Factories for every DQDL rule type (https://docs.aws.amazon.com/glue/latest/dg/dqdl.html).

    A factory returns a :class:`DqdlRule` when the rule type needs no expression
    (``Rules.is_complete("id")``), or a :class:`DqdlMetric` to finish with an operator
    (``Rules.completeness("email").greater_than(0.95)``).
    """

    # ---- values

    @staticmethod
    def now(offset: int = 0, unit: TimeUnit = "days") -> DateExpression:
        """``now()`` or ``(now() - 3 days)`` (``Rules.now(-3)``), for ColumnValues dates."""
        return DateExpression(offset, unit) if offset else DateExpression()

    @staticmethod
    def duration(amount: int, unit: TimeUnit = "hours") -> Duration:
        """``24 hours``, for DataFreshness."""
        return Duration(amount, unit)

    @staticmethod
    def dynamic(expression: str) -> DynamicExpression:
        """A dynamic (history-based) value, e.g. ``Rules.dynamic("avg(last(10)) * 0.8")``.
        Glue ETL only ("DynamicRules are only supported in AWS Glue ETL", dqdl.html)."""
        return DynamicExpression(expression)

    # ---- dataset

    @staticmethod
    def row_count() -> DqdlMetric:
        """``RowCount``: number of rows.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-RowCount.html"""
        return DqdlMetric("RowCount")

    @staticmethod
    def column_count() -> DqdlMetric:
        """``ColumnCount``: number of columns.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-ColumnCount.html"""
        return DqdlMetric("ColumnCount")

    @staticmethod
    def custom_sql(statement: str) -> DqdlCustomSql:
        """``CustomSql "select count(*) from primary"``; ``primary`` is the dataset.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-CustomSql.html"""
        return DqdlCustomSql(statement)

    @staticmethod
    def column_names_match_pattern(pattern: str) -> DqdlRule:
        """``ColumnNamesMatchPattern "aws_.*"``.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-ColumnNamesMatchPattern.html"""
        return DqdlRule("ColumnNamesMatchPattern", (pattern,))

    # ---- columns, pass/fail

    @staticmethod
    def is_complete(column: str) -> DqdlRule:
        """``IsComplete``: no NULL in the column.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-IsComplete.html"""
        return DqdlRule("IsComplete", (column,))

    @staticmethod
    def is_unique(column: str, *more: str) -> DqdlRule:
        """``IsUnique``: every value (or combination of columns) occurs once.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-IsUnique.html"""
        return DqdlRule("IsUnique", (column, *more))

    @staticmethod
    def is_primary_key(column: str, *more: str) -> DqdlRule:
        """``IsPrimaryKey``: unique and complete.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-IsPrimaryKey.html"""
        return DqdlRule("IsPrimaryKey", (column, *more))

    @staticmethod
    def column_exists(column: str) -> DqdlRule:
        """``ColumnExists``.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-ColumnExists.html"""
        return DqdlRule("ColumnExists", (column,))

    # ---- columns, measured

    @staticmethod
    def completeness(column: str) -> DqdlMetric:
        """``Completeness``: fraction 0..1 of non-NULL values.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-Completeness.html"""
        return DqdlMetric("Completeness", (column,))

    @staticmethod
    def uniqueness(column: str, *more: str) -> DqdlMetric:
        """``Uniqueness``: fraction 0..1 of values occurring exactly once.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-Uniqueness.html"""
        return DqdlMetric("Uniqueness", (column, *more))

    @staticmethod
    def unique_value_ratio(column: str) -> DqdlMetric:
        """``UniqueValueRatio``.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-UniqueValueRatio.html"""
        return DqdlMetric("UniqueValueRatio", (column,))

    @staticmethod
    def column_values(column: str) -> DqdlValuesMetric:
        """``ColumnValues``: every row's value (NULL fails except with ``!=``/``not in``).
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-ColumnValues.html"""
        return DqdlValuesMetric("ColumnValues", (column,))

    @staticmethod
    def column_data_type(column: str) -> DqdlValuesMetric:
        """``ColumnDataType "col" = "INTEGER"``.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-ColumnDataType.html"""
        return DqdlValuesMetric("ColumnDataType", (column,))

    @staticmethod
    def column_length(column: str) -> DqdlMetric:
        """``ColumnLength`` (string columns; NULL counts as length 0).
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-ColumnLength.html"""
        return DqdlMetric("ColumnLength", (column,))

    @staticmethod
    def mean(column: str) -> DqdlMetric:
        """``Mean`` (numeric columns; NULLs ignored).
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-Mean.html"""
        return DqdlMetric("Mean", (column,))

    @staticmethod
    def sum(column: str) -> DqdlMetric:
        """``Sum`` (numeric columns; NULLs ignored).
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-Sum.html"""
        return DqdlMetric("Sum", (column,))

    @staticmethod
    def standard_deviation(column: str) -> DqdlMetric:
        """``StandardDeviation`` (numeric columns; population; NULLs ignored).
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-StandardDeviation.html"""
        return DqdlMetric("StandardDeviation", (column,))

    @staticmethod
    def entropy(column: str) -> DqdlMetric:
        """``Entropy``.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-Entropy.html"""
        return DqdlMetric("Entropy", (column,))

    @staticmethod
    def distinct_values_count(column: str) -> DqdlMetric:
        """``DistinctValuesCount``.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-DistinctValuesCount.html"""
        return DqdlMetric("DistinctValuesCount", (column,))

    @staticmethod
    def column_correlation(column: str, other: str) -> DqdlMetric:
        """``ColumnCorrelation "a" "b"``.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-ColumnCorrelation.html"""
        return DqdlMetric("ColumnCorrelation", (column, other))

    @staticmethod
    def data_freshness(column: str) -> DqdlMetric:
        """``DataFreshness "col" <= 24 hours`` (use :meth:`duration`).
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-DataFreshness.html"""
        return DqdlMetric("DataFreshness", (column,))

    # ---- other datasets

    @staticmethod
    def row_count_match(reference: str) -> DqdlMetric:
        """``RowCountMatch "reference"``: row count ratio to a reference dataset.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-RowCountMatch.html"""
        return DqdlMetric("RowCountMatch", (reference,))

    @staticmethod
    def schema_match(reference: str) -> DqdlMetric:
        """``SchemaMatch "reference"``.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-SchemaMatch.html"""
        return DqdlMetric("SchemaMatch", (reference,))

    @staticmethod
    def referential_integrity(columns: str, reference_columns: str) -> DqdlMetric:
        """``ReferentialIntegrity "id" "reference.{id}"``.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-ReferentialIntegrity.html"""
        return DqdlMetric("ReferentialIntegrity", (columns, reference_columns))

    @staticmethod
    def dataset_match(
        reference: str, key_mappings: str, match_mappings: str | None = None
    ) -> DqdlMetric:
        """``DatasetMatch "reference" "id->ref_id"``.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-DatasetMatch.html"""
        extra = (match_mappings,) if match_mappings is not None else ()
        return DqdlMetric("DatasetMatch", (reference, key_mappings, *extra))

    @staticmethod
    def aggregate_match(expression: str, other: str) -> DqdlMetric:
        """``AggregateMatch "sum(amount)" "sum(reference.amount)"``.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-AggregateMatch.html"""
        return DqdlMetric("AggregateMatch", (expression, other))

    @staticmethod
    def detect_anomalies(metric: str, *parameters: str) -> DqdlRule:
        """``DetectAnomalies "RowCount"`` / ``DetectAnomalies "Completeness" "col"``.
        https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-DetectAnomalies.html"""
        return DqdlRule("DetectAnomalies", (metric, *parameters))
