"""A DQDL ruleset as glueforge reads it: rules, their conditions and thresholds.

DQDL reference: https://docs.aws.amazon.com/glue/latest/dg/dqdl.html. Pure Python (no
aws-cdk-lib): the parser builds these objects at synth, and ``glueforge local-run``
evaluates them on local Spark.

A rule is ``<RuleType> <Parameter>... <Expression>`` (e.g. ``ColumnValues "status" in
["open", "paid"]``); an expression is a :class:`Condition`; ``with threshold > 0.9`` is
a second :class:`Condition` on the fraction of rows that pass; ``where "..."`` filters the
rows a rule looks at. Rules joined with ``and``/``or`` are a :class:`CompositeRule`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Keyword(Enum):
    """The value keywords of ColumnValues' lists (dqdl-rule-types-ColumnValues.html)."""

    NULL = "NULL"
    EMPTY = "EMPTY"
    WHITESPACES_ONLY = "WHITESPACES_ONLY"


@dataclass(frozen=True)
class DateExpression:
    """``now()`` or ``(now() - 3 days)``: a moment relative to when the rule runs.

    :param offset: signed amount added to now, e.g. ``-3``; 0 for ``now()``.
    :param unit: ``"days"``, ``"hours"`` or ``"minutes"``; ``None`` for ``now()``.
    """

    offset: int = 0
    unit: str | None = None


@dataclass(frozen=True)
class Duration:
    """``24 hours``: an age, the operand of ``DataFreshness`` (dqdl-rule-types-DataFreshness.html).

    :param amount: a whole number.
    :param unit: ``"days"``, ``"hours"`` or ``"minutes"`` (DQDL grammar ``durationUnit``).
    """

    amount: int
    unit: str


@dataclass(frozen=True)
class DynamicExpression:
    """A number worked out from earlier runs, e.g. ``avg(last(10)) * 0.8``.

    Dynamic rules compare a metric with the history Glue keeps of it ("DynamicRules are
    only supported in AWS Glue ETL", https://docs.aws.amazon.com/glue/latest/dg/dqdl.html),
    so a local run, having no history, reports such a rule as unsupported.

    :param text: the expression as DQDL, canonical (``f(a, b)``, one space around
        ``+ - * /``), e.g. ``max(last(5)) + 1``.
    """

    text: str


#: one operand of a condition: a number, a quoted string, a keyword, a date expression,
#: a duration or a dynamic (history-based) expression
Operand = int | float | str | Keyword | DateExpression | Duration | DynamicExpression


@dataclass(frozen=True)
class Condition:
    """An expression a value must meet.

    :param operator: one of ``=``, ``!=``, ``>``, ``>=``, ``<``, ``<=``, ``between``,
        ``not between``, ``in``, ``not in``, ``matches``, ``not matches``.
    :param operands: one operand, two for ``between`` (low, high; DQDL's ``between`` is
        exclusive), the list's items for ``in``.
    """

    operator: str
    operands: tuple[Operand, ...]


@dataclass(frozen=True)
class Rule:
    """One DQDL rule.

    :param rule_type: the case-sensitive rule type, e.g. ``"ColumnValues"``.
    :param parameters: its quoted parameters in order: column names, or the SQL of a
        ``CustomSql`` rule.
    :param condition: its expression, e.g. ``> 0.95``; ``None`` for rules without one
        (``IsComplete``, ``IsUnique``, ``ColumnExists``, row-level ``CustomSql``).
    :param threshold: ``with threshold <condition>``; ``None`` when absent.
    :param where: the SQL filter of ``where "..."``; ``None`` when absent.
    :param text: the rule as DQDL, e.g. ``IsComplete "order_id"``.
    """

    rule_type: str
    parameters: tuple[str, ...]
    condition: Condition | None
    threshold: Condition | None
    where: str | None
    text: str
    #: ``labels = ["key" = "value", ...]`` after the rule, as (key, value) pairs
    labels: tuple[tuple[str, str], ...] = ()
    #: ``with <name> = <value>`` tags other than ``threshold``, as (name, value) pairs
    tags: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CompositeRule:
    """``(rule) and (rule)`` or ``(rule) or (rule)``, possibly nested.

    :param operator: ``"and"`` or ``"or"``.
    :param rules: the rules it joins, two or more.
    :param text: the composite as DQDL.
    """

    operator: str
    rules: tuple[Rule | CompositeRule, ...]
    text: str


@dataclass(frozen=True)
class Ruleset:
    """A DQDL document: ``Rules = [ rule, rule, ... ]``.

    :param rules: the rules in order.
    :param text: the ruleset as DQDL, as Glue receives it.
    """

    rules: tuple[Rule | CompositeRule, ...]
    text: str
    #: ``Analyzers = [ ... ]``: statistics to gather, each a :class:`Rule` with no
    #: condition (https://docs.aws.amazon.com/glue/latest/dg/dqdl.html, "Analyzers")
    analyzers: tuple[Rule, ...] = ()
    #: the sections before ``Rules`` (``Metadata = {...}``, ``DataSources = {...}``,
    #: ``DefaultLabels = [...]``), each as canonical DQDL, in order
    preamble: tuple[str, ...] = ()
