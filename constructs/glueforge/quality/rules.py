"""The DQDL vocabulary: every rule type glueforge knows, and the operators each accepts.

One table, the only place a DQDL rule type is defined. Sources:

- the rule type reference, https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types.html,
  and one page per rule type, ``dqdl-rule-types-<RuleType>.html``;
- AWS's open-source DQDL parser, the one Glue publishes: awslabs/dqdl
  ``configuration/rules/rules-config.json`` (parameters, return type, ``where`` and
  threshold support) and ``configuration/dqdl/DataQualityDefinitionLanguage.g4``
  (operators), commit d360214a61c60b5fa601be19dfb0b565c70a2b70.

Pure Python (no aws-cdk-lib): local runs import it through the parser.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import Enum

#: where every rule type's page lives
DQDL_PAGE = "https://docs.aws.amazon.com/glue/latest/dg/dqdl.html"
RULE_TYPES_PAGE = "https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types.html"

#: CreateDataQualityRuleset ``Ruleset`` and CloudFormation ``AWS::Glue::DataQualityRuleset``
#: ``Ruleset``: 1 to 65,536 characters (botocore glue model ``DataQualityRulesetString``).
RULESET_MAX = 65536


class ConditionKind(Enum):
    """The kinds of expression a rule can take (grammar ``condition``)."""

    NUMBER = "number"  # numberBasedCondition: 0.95, avg(last(10)), NULL
    STRING = "string"  # stringBasedCondition: "open", NULL, EMPTY, WHITESPACES_ONLY, regex
    DATE = "date"  # dateBasedCondition: "2024-01-31", now(), (now() - 3 days), "10:00"
    DURATION = "duration"  # durationBasedCondition: 24 hours


class Presence(Enum):
    """Whether a rule type takes a condition (from its return type in rules-config.json)."""

    REQUIRED = "required"  # NUMBER, STRING, ..._ARRAY return types
    FORBIDDEN = "forbidden"  # BOOLEAN: the rule passes or fails on its own
    OPTIONAL = "optional"  # NUMBER|BOOLEAN (CustomSql: no condition = row-level form)


class ParameterKind(Enum):
    """What a rule type's quoted parameters are."""

    COLUMNS = "columns"  # column names of the primary dataset (checked against a schema)
    SQL = "sql"  # a SQL statement (CustomSql)
    OTHER = "other"  # dataset aliases, expressions, patterns, metric names


#: the operators of each condition kind (grammar ``numberBasedCondition``,
#: ``stringBasedCondition``, ``dateBasedCondition``, ``durationBasedCondition``); ``!=`` is
#: the grammar's NEGATION + EQUAL_TO, ``not in``/``not between``/``not matches`` its NOT
NUMBER_OPERATORS = ("=", "!=", ">", ">=", "<", "<=", "between", "not between", "in", "not in")
STRING_OPERATORS = ("=", "!=", "in", "not in", "matches", "not matches")
OPERATORS: dict[ConditionKind, tuple[str, ...]] = {
    ConditionKind.NUMBER: NUMBER_OPERATORS,
    ConditionKind.STRING: STRING_OPERATORS,
    ConditionKind.DATE: NUMBER_OPERATORS,
    ConditionKind.DURATION: NUMBER_OPERATORS,
}
#: the units of ``(now() - 3 days)`` and of durations (grammar ``durationUnit``)
TIME_UNITS = ("days", "hours", "minutes")
#: every DQDL operator, in the order the docs list them
ALL_OPERATORS = NUMBER_OPERATORS + ("matches", "not matches")

#: Glue/Hive and Iceberg type names (before any ``(p,s)``) that Mean, Sum and
#: StandardDeviation accept: "Byte, Decimal, Double, Float, Integer, Long, Short"
#: (dqdl-rule-types-Mean.html, -Sum.html, -StandardDeviation.html)
NUMERIC_TYPES = frozenset(
    {"tinyint", "byte", "smallint", "short", "int", "integer", "bigint", "long"}
    | {"float", "double", "decimal"}
)
#: ColumnLength: "Supported column types: String" (dqdl-rule-types-ColumnLength.html);
#: char(n) and varchar(n) are Hive's bounded strings
STRING_TYPES = frozenset({"string", "varchar", "char"})


@dataclass(frozen=True)
class RuleType:
    """One DQDL rule type.

    :param name: the case-sensitive name, e.g. ``"IsComplete"``.
    :param parameters: how many quoted parameters it takes, each count allowed (DatasetMatch
        takes 2 or 3); ``None`` for one or more (``is_var_arg`` in rules-config.json).
    :param parameter_kind: what the parameters are.
    :param condition: whether an expression is required, forbidden or optional.
    :param kinds: the expression kinds it accepts; empty when it takes none.
    :param where: whether ``where "..."`` is allowed (``is_where_clause_supported``).
    :param threshold: whether ``with threshold ...`` is allowed (``is_threshold_supported``).
    :param column_types: Glue type names its columns may have; ``None`` for any.
    :param fraction: its metric is a fraction 0..1, so numbers outside 0..1 never match.
    :param threshold_fraction: its ``with threshold`` compares the fraction of rows that
        pass (ColumnValues, ColumnDataType), so 0..1; CustomSql's page compares a count.
    """

    name: str
    parameters: tuple[int, ...] | None
    parameter_kind: ParameterKind
    condition: Presence
    kinds: frozenset[ConditionKind]
    where: bool
    threshold: bool = False
    column_types: frozenset[str] | None = None
    fraction: bool = False
    threshold_fraction: bool = False

    @property
    def page(self) -> str:
        """The rule type's AWS documentation page."""
        return f"https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-{self.name}.html"

    @property
    def operators(self) -> tuple[str, ...]:
        """The operators its expression may use, in documentation order."""
        allowed = {op for kind in self.kinds for op in OPERATORS[kind]}
        return tuple(op for op in ALL_OPERATORS if op in allowed)

    def parameters_text(self) -> str:
        """``"1 column"``, ``"2 or 3 parameters"``, ``"1 or more columns"``..."""
        noun = {
            ParameterKind.COLUMNS: "column",
            ParameterKind.SQL: "SQL statement",
            ParameterKind.OTHER: "parameter",
        }[self.parameter_kind]
        if self.parameters is None:
            return f"1 or more {noun}s"
        counts = " or ".join(str(n) for n in self.parameters)
        return f"{counts} {noun}{'' if self.parameters == (1,) else 's'}"


_N = frozenset({ConditionKind.NUMBER})
_NONE: frozenset[ConditionKind] = frozenset()
_C = ParameterKind.COLUMNS
_O = ParameterKind.OTHER
_REQ, _NO, _OPT = Presence.REQUIRED, Presence.FORBIDDEN, Presence.OPTIONAL


def _number(name: str, where: bool = True, **extra: object) -> RuleType:
    """A rule on one column whose metric is a number (rules-config.json ``NUMBER``)."""
    return RuleType(name, (1,), _C, _REQ, _N, where, **extra)  # type: ignore[arg-type]


#: Each row: rules-config.json (parameters, return type, flags) and the rule's page.
#: ``where`` is False where the config lacks ``is_where_clause_supported`` (the reference
#: table agrees for ColumnCount, ColumnExists, ColumnNamesMatchPattern, CustomSql,
#: AggregateMatch: "Supports Where Clause Syntax? No").
RULE_TYPES: dict[str, RuleType] = {
    rule.name: rule
    for rule in (
        # dataset-level
        RuleType("RowCount", (0,), _O, _REQ, _N, where=True),
        RuleType("ColumnCount", (0,), _O, _REQ, _N, where=False),
        RuleType("CustomSql", (1,), ParameterKind.SQL, _OPT, _N, where=False, threshold=True),
        RuleType("ColumnNamesMatchPattern", (1,), _O, _NO, _NONE, where=False),
        # column-level, a fraction 0..1
        _number("Completeness", fraction=True),
        RuleType("Uniqueness", None, _C, _REQ, _N, where=True, fraction=True),
        _number("UniqueValueRatio", fraction=True),
        # column-level, pass/fail
        RuleType("IsComplete", (1,), _C, _NO, _NONE, where=True),
        RuleType("IsUnique", None, _C, _NO, _NONE, where=True),
        RuleType("IsPrimaryKey", None, _C, _NO, _NONE, where=True),
        RuleType("ColumnExists", (1,), _C, _NO, _NONE, where=False),
        # column-level, a number
        _number("Mean", column_types=NUMERIC_TYPES),
        _number("Sum", column_types=NUMERIC_TYPES),
        _number("StandardDeviation", column_types=NUMERIC_TYPES),
        _number("Variance"),
        _number("Entropy"),
        _number("DistinctValuesCount"),
        _number("ColumnLength", column_types=STRING_TYPES),
        RuleType("ColumnCorrelation", (2,), _C, _REQ, _N, where=True),
        # column-level, per row
        RuleType(
            "ColumnValues",
            (1,),
            _C,
            _REQ,
            frozenset({ConditionKind.NUMBER, ConditionKind.STRING, ConditionKind.DATE}),
            where=True,
            threshold=True,
            threshold_fraction=True,
        ),
        RuleType(
            "ColumnDataType",
            (1,),
            _C,
            _REQ,
            frozenset({ConditionKind.STRING}),
            where=True,
            threshold=True,
            threshold_fraction=True,
        ),
        RuleType("DataFreshness", (1,), _C, _REQ, frozenset({ConditionKind.DURATION}), where=True),
        # against other datasets ("AdditionalDataSources")
        RuleType("RowCountMatch", (1,), _O, _REQ, _N, where=False),
        RuleType("SchemaMatch", (1,), _O, _REQ, _N, where=False),
        RuleType("ReferentialIntegrity", (2,), _O, _REQ, _N, where=False),
        RuleType("DatasetMatch", (2, 3), _O, _REQ, _N, where=False),
        RuleType("AggregateMatch", (2,), _O, _REQ, _N, where=False),
        # DetectAnomalies "RowCount", DetectAnomalies "Completeness" "colA": a metric name
        # and its parameters; pass/fail (marked experimental in rules-config.json)
        RuleType("DetectAnomalies", None, _O, _NO, _NONE, where=False),
    )
}

#: analyzer-only types: allowed in ``Analyzers = [...]``, refused in ``Rules``
#: ("Analyzer Type: %s is not supported in rules section", DQDLParserListener.java)
ANALYZER_ONLY = frozenset({"AllStatistics"})


def rule_type(name: str) -> RuleType | None:
    """The rule type called exactly ``name`` (DQDL is case sensitive), if any."""
    return RULE_TYPES.get(name)


def closest_rule_type(name: str) -> str | None:
    """The known rule type ``name`` most likely meant, e.g. ``Iscomplete`` -> ``IsComplete``."""
    folded = {known.lower(): known for known in RULE_TYPES}
    if name.lower() in folded:
        return folded[name.lower()]
    match = difflib.get_close_matches(name.lower(), list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None


def base_type(glue_type: str) -> str:
    """``"decimal(10,2)"`` -> ``"decimal"``, ``"varchar(20)"`` -> ``"varchar"``."""
    return glue_type.strip().lower().split("(", 1)[0].split("<", 1)[0].strip()
