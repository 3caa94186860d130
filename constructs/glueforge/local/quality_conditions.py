"""DQDL conditions evaluated locally: on a metric (plain Python) or on each row (Spark).

Operator semantics, from AWS's pages and AWS's open-source DQDL parser (awslabs/dqdl
``NumberBasedCondition.evaluate``, its ``ConditionTest``):

- ``between a and b`` is EXCLUSIVE at both ends; ``not between`` is its complement
  (https://docs.aws.amazon.com/glue/latest/dg/dqdl.html, awslabs/dqdl ConditionTest:
  ``Completeness "colA" between 0.4 and 0.9`` fails at 0.4 and at 0.9);
- ``=``, ``!=``, ``in``, ``not in`` compare exactly (no tolerance);
- ColumnValues: "For all ColumnValues rules (other than ``!=`` and ``NOT IN``), NULL rows
  will fail the rule" (https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-ColumnValues.html);
  ``EMPTY`` is ``""``, ``WHITESPACES_ONLY`` a non-empty string of blanks, ``NULL`` null;
  ``matches`` is a full match of the regular expression.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from glueforge.quality.model import Condition, DateExpression, Keyword

if TYPE_CHECKING:
    from pyspark.sql import Column

NUMBER_OPERATORS = ("=", "!=", ">", ">=", "<", "<=", "between", "not between", "in", "not in")


class NotLocal(Exception):
    """A rule or condition feature the local evaluator does not evaluate (reported as
    ``Unsupported``, never skipped)."""


def number_holds(value: float, condition: Condition) -> bool:
    """Whether a metric meets a number condition (``Completeness ... > 0.95``)."""
    op = condition.operator
    if op not in NUMBER_OPERATORS:
        raise NotLocal(f"operator {op!r} on a number")
    operands = [_number(o) for o in condition.operands]
    if op == "between":
        return operands[0] < value < operands[1]
    if op == "not between":
        return value <= operands[0] or value >= operands[1]
    if op in ("in", "not in"):
        return (value in operands) == (op == "in")
    checks = {
        "=": value == operands[0],
        "!=": value != operands[0],
        ">": value > operands[0],
        ">=": value >= operands[0],
        "<": value < operands[0],
        "<=": value <= operands[0],
    }
    return checks[op]


def _number(operand: object) -> float:
    if isinstance(operand, bool) or not isinstance(operand, (int, float)):
        # e.g. a dynamic expression such as avg(last(10)): it needs past runs' metrics,
        # which only Glue keeps
        raise NotLocal(f"operand {operand!r} (only numbers are evaluated locally)")
    return float(operand)


def describe(condition: Condition) -> str:
    """The condition as DQDL, for failure reasons: ``between 1 and 5``."""
    parts = [_operand_text(o) for o in condition.operands]
    if condition.operator in ("between", "not between"):
        return f"{condition.operator} {parts[0]} and {parts[1]}"
    if condition.operator in ("in", "not in"):
        return f"{condition.operator} [{', '.join(parts)}]"
    return f"{condition.operator} {parts[0]}"


def _operand_text(operand: object) -> str:
    if isinstance(operand, Keyword):
        return operand.value
    if isinstance(operand, DateExpression):
        if not operand.unit:
            return "now()"
        sign = "+" if operand.offset >= 0 else "-"
        return f"(now() {sign} {abs(operand.offset)} {operand.unit})"
    if isinstance(operand, str):
        return f'"{operand}"'
    return repr(operand)


def row_passes(column: Column, condition: Condition, *, now: datetime, dtype: str) -> Column:
    """A never-null boolean Column: whether each row's value meets ``condition``
    (ColumnValues). ``dtype`` is the column's Spark type name (``"date"``, ``"int"``...)."""
    from pyspark.sql import functions as F

    op = condition.operator
    operands = condition.operands
    keywords = [o for o in operands if isinstance(o, Keyword)]
    values = [o for o in operands if not isinstance(o, Keyword)]
    if op in ("matches", "not matches"):
        if not isinstance(operands[0], str):
            raise NotLocal(f"{op} with {operands[0]!r}")
        # DQDL's matches is a full match (Deequ hasPattern anchors the pattern ^...$).
        # Choice: a NULL row fails ``not matches`` too: the page makes only != and
        # not in pass NULL rows.
        full = column.rlike(f"^(?:{operands[0]})$")
        return F.coalesce(full if op == "matches" else ~full, F.lit(False))
    literals = [_literal(v, now=now, dtype=dtype) for v in values]
    value = _as_compared(column, values, dtype)
    if op in ("=", "in", "!=", "not in"):
        hit = F.lit(False)
        for literal in literals:
            hit = hit | F.coalesce(value == literal, F.lit(False))
        for keyword in keywords:
            hit = hit | _keyword(column, keyword)
        return hit if op in ("=", "in") else ~hit
    if op in ("between", "not between"):
        low, high = literals
        inside = (value > low) & (value < high)
        outside = (value <= low) | (value >= high)
        return F.coalesce(inside if op == "between" else outside, F.lit(False))
    compare = {">": value > literals[0], ">=": value >= literals[0]}
    compare.update({"<": value < literals[0], "<=": value <= literals[0]})
    if op not in compare:
        raise NotLocal(f"operator {op!r}")
    # NULL rows fail (coalesce to false): only != and not in let them pass
    return F.coalesce(compare[op], F.lit(False))


def _keyword(column: Column, keyword: Keyword) -> Column:
    from pyspark.sql import functions as F

    if keyword is Keyword.NULL:
        return column.isNull()
    text = column.cast("string")
    if keyword is Keyword.EMPTY:
        return F.coalesce(text == F.lit(""), F.lit(False))
    # WHITESPACES_ONLY: blanks only, and at least one (Deequ: LENGTH(TRIM(col)) = 0 AND
    # LENGTH(col) > 0)
    blank = (F.length(F.trim(text)) == 0) & (F.length(text) > 0)
    return F.coalesce(blank, F.lit(False))


def _as_compared(column: Column, values: list[object], dtype: str) -> Column:
    """The column as its values are compared: dates and times as such."""
    if any(isinstance(v, DateExpression) for v in values):
        return column.cast("date" if dtype == "date" else "timestamp")
    if any(_is_date_text(v) for v in values) and dtype not in ("string", "date", "timestamp"):
        return column
    if any(_is_date_text(v) for v in values):
        return column.cast("date")
    return column


def _is_date_text(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _literal(value: object, *, now: datetime, dtype: str) -> Column:
    from pyspark.sql import functions as F

    if isinstance(value, DateExpression):
        moment = now + _offset(value)
        # Choice: a date column is compared with the moment's date (as Deequ's
        # to_date(col) > 'yyyy-MM-dd'); any other column with the moment itself, so
        # (now() - 3 hours) means hours on timestamp columns.
        return F.lit(moment.date()) if dtype == "date" else F.lit(moment)
    if _is_date_text(value):
        return F.lit(date.fromisoformat(str(value)))
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return F.lit(value)
    raise NotLocal(f"operand {value!r}")


def _offset(expression: DateExpression) -> timedelta:
    if not expression.unit:
        return timedelta(0)
    units = {"days": "days", "hours": "hours", "minutes": "minutes"}
    if expression.unit not in units:
        raise NotLocal(f"date unit {expression.unit!r}")
    return timedelta(**{units[expression.unit]: expression.offset})
