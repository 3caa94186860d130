"""The canonical DQDL text of a rule, a condition and a ruleset.

One rendering, used by the parser (so ``Rule.text`` and ``Ruleset.text`` are canonical:
the same text parses back to an equal model) and by the builder. Pure Python.
Syntax: https://docs.aws.amazon.com/glue/latest/dg/dqdl.html and the awslabs/dqdl grammar.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from glueforge.quality.model import (
    CompositeRule,
    Condition,
    DateExpression,
    Duration,
    DynamicExpression,
    Keyword,
    Operand,
    Rule,
)


def quote(text: str) -> str:
    """``"text"`` with ``\\`` and ``"`` escaped (grammar ``QUOTED_STRING``'s ``ESC``)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def number(value: int | float) -> str:
    """A DQDL number: ``5``, ``0.95``, ``-1.5``; never an exponent, which DQDL lacks."""
    if isinstance(value, bool):
        raise TypeError(f"a DQDL number cannot be a bool, got {value!r}")
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(value)), "f")
    return text if "." in text else text + ".0"


def operand(value: Operand) -> str:
    """One operand as DQDL."""
    if isinstance(value, Keyword):
        return value.value
    if isinstance(value, DateExpression):
        if value.unit is None:
            return "now()"
        sign = "-" if value.offset < 0 else "+"
        return f"(now() {sign} {abs(value.offset)} {value.unit})"
    if isinstance(value, Duration):
        return f"{value.amount} {value.unit}"
    if isinstance(value, DynamicExpression):
        return value.text
    if isinstance(value, str):
        return quote(value)
    return number(value)


def condition(cond: Condition) -> str:
    """``> 0.95``, ``between 1 and 10``, ``in ["a", "b"]``, ``matches "[0-9]+"``..."""
    op = cond.operator
    if op in ("between", "not between"):
        low, high = cond.operands
        return f"{op} {operand(low)} and {operand(high)}"
    if op in ("in", "not in"):
        return f"{op} [" + ", ".join(operand(v) for v in cond.operands) + "]"
    return f"{op} {operand(cond.operands[0])}"


def pairs(values: Sequence[tuple[str, str]]) -> str:
    """``["k" = "v", ...]``: a labels list."""
    return "[" + ", ".join(f"{quote(k)} = {quote(v)}" for k, v in values) + "]"


def rule(
    rule_type: str,
    parameters: Sequence[str],
    cond: Condition | None = None,
    *,
    threshold: Condition | None = None,
    where: str | None = None,
    labels: Sequence[tuple[str, str]] = (),
    tags: Sequence[tuple[str, str]] = (),
) -> str:
    """One rule, in the grammar's order: type, parameters, condition, where, labels, tags."""
    parts = [rule_type, *(quote(p) for p in parameters)]
    if cond is not None:
        parts.append(condition(cond))
    if where is not None:
        parts.append(f"where {quote(where)}")
    if labels:
        parts.append(f"labels = {pairs(labels)}")
    if threshold is not None:
        parts.append(f"with threshold {condition(threshold)}")
    parts += [f"with {name} = {quote(value)}" for name, value in tags]
    return " ".join(parts)


def member(item: Rule | CompositeRule) -> str:
    """A rule inside a composite: always parenthesised, as DQDL requires."""
    return f"({item.text})"


def composite(operator: str, items: Sequence[Rule | CompositeRule]) -> str:
    """``(a) and (b)``; a nested composite keeps its own parentheses: ``((a) or (b)) and (c)``."""
    return f" {operator} ".join(member(item) for item in items)


def ruleset(
    rules: Sequence[Rule | CompositeRule],
    *,
    analyzers: Sequence[Rule] = (),
    preamble: Sequence[str] = (),
) -> str:
    """The whole document: preamble sections, ``Rules = [...]``, ``Analyzers = [...]``."""
    sections = list(preamble)
    if rules or not analyzers:
        sections.append(_section("Rules", [r.text for r in rules]))
    if analyzers:
        sections.append(_section("Analyzers", [a.text for a in analyzers]))
    return "\n".join(sections)


def _section(name: str, items: Sequence[str]) -> str:
    if not items:
        return f"{name} = []"
    return f"{name} = [\n" + ",\n".join(f"    {item}" for item in items) + "\n]"
