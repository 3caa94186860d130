"""What is wrong with a parsed DQDL rule, checked against the rule type table.

Each function returns problems as sentences naming the bad value and what is valid; the
parser prefixes each with the rule's position and text. The checks mirror AWS's parser
(awslabs/dqdl ``DQDLParserListener.java``: "Rule Type: %s is not valid", "Where clause is
not supported for rule type", "Threshold condition not supported for rule type",
"Unexpected condition for rule of type %s with boolean return type"...) and add what it
leaves to run time: ``between`` bounds, regular expressions, fractions, column references.
Pure Python.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

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
)
from glueforge.quality.rules import (
    ANALYZER_ONLY,
    NUMERIC_TYPES,
    OPERATORS,
    RULE_TYPES,
    RULE_TYPES_PAGE,
    TIME_UNITS,
    ConditionKind,
    ParameterKind,
    Presence,
    RuleType,
    base_type,
    closest_rule_type,
    rule_type,
)

# grammar DATE: "YYYY-MM-DD"; TIME: "H:MM AM" / "HH:MM PM"; MIL_TIME: "HH:MM"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^(\d{1,2}:\d{2} (AM|PM)|\d{2}:\d{2})$")
_MINUTES = dict(zip(TIME_UNITS, (1440, 60, 1), strict=True))  # days, hours, minutes


def node_problems(
    node: Rule | CompositeRule, columns: Mapping[str, str] | None = None
) -> list[str]:
    """Problems of a rule or of each rule inside a composite."""
    if isinstance(node, CompositeRule):
        found = []
        for member in node.rules:
            inner = node_problems(member, columns)
            if isinstance(member, Rule):
                inner = [f"`{member.text}`: {p}" for p in inner]
            found += inner
        return found
    return rule_problems(node, columns)


def rule_problems(rule: Rule, columns: Mapping[str, str] | None = None) -> list[str]:
    """Problems of one rule: its type, parameters, condition, threshold, where, columns."""
    known = rule_type(rule.rule_type)
    if known is None:
        return [_unknown(rule.rule_type)]
    count = len(rule.parameters)
    if (known.parameters is None and count < 1) or (
        known.parameters is not None and count not in known.parameters
    ):
        return [f"{known.name} takes {known.parameters_text()}, got {count} ({known.page})"]
    problems = _condition_presence(known, rule)
    if rule.condition is not None and not problems:
        problems += condition_problems(known, rule.condition)
    problems += _threshold_problems(known, rule)
    if rule.where is not None and not known.where:
        where_ok = sorted(n for n, t in RULE_TYPES.items() if t.where)
        problems.append(
            f"{known.name} does not support `where` ({RULE_TYPES_PAGE}, 'Supports Where "
            f"Clause Syntax?'); rule types that do: {', '.join(where_ok)}"
        )
    elif rule.where is not None and not rule.where.strip():
        problems.append('`where ""` is empty; give a Spark SQL filter, e.g. where "amount > 0"')
    if columns is not None and known.parameter_kind is ParameterKind.COLUMNS:
        problems += column_problems(known, rule.parameters, columns)
    return problems


def analyzer_problems(analyzer: Rule) -> list[str]:
    """An analyzer must be a known rule type or an analyzer-only type."""
    if analyzer.rule_type in ANALYZER_ONLY or analyzer.rule_type in RULE_TYPES:
        return []
    return [_unknown(analyzer.rule_type)]


def _unknown(name: str) -> str:
    if name in ANALYZER_ONLY:
        return f"{name} is an analyzer, not a rule: list it in `Analyzers = [ ... ]`"
    guess = closest_rule_type(name)
    hint = f"did you mean `{guess}`? " if guess else ""
    return (
        f"unknown rule type `{name}` (DQDL is case sensitive); {hint}known rule types: "
        f"{', '.join(sorted(RULE_TYPES))} ({RULE_TYPES_PAGE})"
    )


def _condition_presence(known: RuleType, rule: Rule) -> list[str]:
    if known.condition is Presence.FORBIDDEN and rule.condition is not None:
        return [
            f"{known.name} takes no expression (it passes or fails on its own), got "
            f'`{_shown(rule.condition)}`; write e.g. `{known.name} "col"` ({known.page})'
        ]
    if known.condition is Presence.REQUIRED and rule.condition is None:
        example = {
            ConditionKind.NUMBER: "> 0.95",
            ConditionKind.STRING: 'in ["a", "b"]',
            ConditionKind.DURATION: "<= 24 hours",
        }[min(known.kinds, key=lambda k: k.value != "number")]
        return [f"{known.name} needs an expression, e.g. `{example}` ({known.page})"]
    return []


def condition_problems(known: RuleType, condition: Condition) -> list[str]:
    """Operator, operand kinds, ``between`` bounds, regex and fraction checks."""
    op = condition.operator
    shown = _shown(condition)
    if op not in known.operators:
        return [
            f"`{op}` is not an operator of {known.name} (in `{shown}`); valid: "
            f"{', '.join(known.operators)} ({known.page})"
        ]
    kinds = [k for k in known.kinds if op in OPERATORS[k]]
    for value in condition.operands:
        kinds = [k for k in kinds if _fits(k, value)]
    if not kinds:
        wanted = " or ".join(_DESCRIPTIONS[k] for k in sorted(known.kinds, key=lambda k: k.value))
        return [f"`{shown}` does not fit {known.name}: expected {wanted} ({known.page})"]
    problems = _bounds_problems(condition, shown)
    if op.endswith("matches"):
        problems += _regex_problems(condition.operands[0])
    if known.fraction and kinds == [ConditionKind.NUMBER]:
        problems += _fraction_problems(known.name, condition)
    return problems


_DESCRIPTIONS = {
    ConditionKind.NUMBER: "numbers (or a dynamic expression such as avg(last(10)))",
    ConditionKind.STRING: "quoted strings, NULL, EMPTY or WHITESPACES_ONLY",
    ConditionKind.DATE: 'dates ("2024-01-31", now(), (now() - 3 days))',
    ConditionKind.DURATION: "durations such as 24 hours (days, hours or minutes)",
}


def _fits(kind: ConditionKind, value: Operand) -> bool:
    """Whether ``value`` can be an operand of a ``kind`` condition (grammar operands)."""
    if kind is ConditionKind.NUMBER:
        return (
            isinstance(value, (int, float, DynamicExpression)) and not isinstance(value, bool)
        ) or value is Keyword.NULL
    if kind is ConditionKind.STRING:
        return isinstance(value, (str, Keyword))
    if kind is ConditionKind.DATE:
        return (
            isinstance(value, DateExpression)
            or value is Keyword.NULL
            or (isinstance(value, str) and bool(_DATE.match(value) or _TIME.match(value)))
        )
    return isinstance(value, Duration)


def _bounds_problems(condition: Condition, shown: str) -> list[str]:
    if condition.operator not in ("between", "not between"):
        return []
    low, high = (_comparable(v) for v in condition.operands)
    if low is None or high is None or type(low) is not type(high):
        return []
    if low >= high:  # type: ignore[operator]
        return [
            f"`{shown}`: the low bound must be below the high bound (DQDL's between is "
            f"exclusive, so between a and b holds for a < value < b)"
        ]
    return []


def _comparable(value: Operand) -> float | str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, Duration):
        return float(value.amount * _MINUTES[value.unit])
    if isinstance(value, str) and _DATE.match(value):
        return value
    if isinstance(value, DateExpression):
        return float(value.offset * _MINUTES.get(value.unit or "minutes", 0))
    return None


def _regex_problems(pattern: Operand) -> list[str]:
    if not isinstance(pattern, str):
        return [f"`matches` needs a quoted regular expression, got {pattern!r}"]
    # Choice: Python's re checks the pattern, as Spark runs Java regex; the two agree on
    # syntax errors save for named groups, which Java writes (?<name>...).
    try:
        re.compile(re.sub(r"\(\?<([A-Za-z][A-Za-z0-9]*)>", r"(?P<\1>", pattern))
    except re.error as error:
        return [f"invalid regular expression {pattern!r}: {error}"]
    return []


def _fraction_problems(name: str, condition: Condition) -> list[str]:
    bad = [
        v
        for v in condition.operands
        if isinstance(v, (int, float)) and not isinstance(v, bool) and not 0 <= v <= 1
    ]
    if not bad:
        return []
    return [
        f"{name} is a fraction from 0 to 1 (0.95 means 95 percent), got {bad[0]} in "
        f"`{_shown(condition)}`"
    ]


def _threshold_problems(known: RuleType, rule: Rule) -> list[str]:
    if rule.threshold is None:
        return []
    if not known.threshold:
        takers = sorted(n for n, t in RULE_TYPES.items() if t.threshold)
        return [
            f"{known.name} does not take `with threshold` (Glue: 'Threshold condition not "
            f"supported for rule type'); rule types that do: {', '.join(takers)}"
        ]
    if known.name == "CustomSql" and rule.condition is not None:
        return [
            "CustomSql takes an expression or `with threshold`, not both: 'a rule may not "
            f"contain both a condition and keyword together' ({known.page})"
        ]
    threshold = RuleType("threshold", (0,), ParameterKind.OTHER, Presence.REQUIRED,
                         frozenset({ConditionKind.NUMBER}), where=False)  # fmt: skip
    problems = [p.replace("threshold", "`with threshold`", 1)
                for p in condition_problems(threshold, rule.threshold)]  # fmt: skip
    if not problems and known.threshold_fraction:
        problems += _fraction_problems(f"{known.name}'s `with threshold`", rule.threshold)
    return problems


def column_problems(
    known: RuleType, names: tuple[str, ...], columns: Mapping[str, str]
) -> list[str]:
    """Each column the rule names must be in the table, of a type the rule accepts."""
    # Choice: names match case-insensitively: the Glue catalog folds column names to lower
    # case and Spark resolves them case-insensitively by default.
    folded = {name.lower(): (name, glue_type) for name, glue_type in columns.items()}
    problems = []
    for name in names:
        found = folded.get(name.lower())
        if found is None:
            problems.append(
                f"column {name!r} is not in the table; its columns: {', '.join(columns) or 'none'}"
            )
            continue
        if known.column_types is not None and isinstance(found[1], str):
            kind = base_type(found[1])
            if kind and kind not in known.column_types:
                wanted = "numeric" if known.column_types is NUMERIC_TYPES else "string"
                problems.append(
                    f"{known.name} needs a {wanted} column "
                    f"({', '.join(sorted(known.column_types))}), "
                    f"column {name!r} is {found[1]} ({known.page})"
                )
    return problems


def _shown(condition: Condition) -> str:
    return render.condition(condition)
