"""The DQDL rule type table against AWS's reference and rules-config.json, by hand.

Sources: https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types.html (the reference
table) and awslabs/dqdl configuration/rules/rules-config.json (commit d360214a61c6).
"""

from __future__ import annotations

from glueforge.quality.rules import (
    RULE_TYPES,
    Presence,
    base_type,
    closest_rule_type,
    rule_type,
)

# the reference page's rule types (its table of contents spells CustomSql "CustomSQL")
DOCUMENTED = {
    "AggregateMatch", "ColumnCorrelation", "ColumnCount", "ColumnDataType", "ColumnExists",
    "ColumnLength", "ColumnNamesMatchPattern", "ColumnValues", "Completeness", "CustomSql",
    "DataFreshness", "DatasetMatch", "DistinctValuesCount", "Entropy", "IsComplete",
    "IsPrimaryKey", "IsUnique", "Mean", "ReferentialIntegrity", "RowCount", "RowCountMatch",
    "StandardDeviation", "Sum", "SchemaMatch", "Uniqueness", "UniqueValueRatio",
    "DetectAnomalies",
}  # fmt: skip


def test_every_documented_rule_type_is_known():
    assert DOCUMENTED <= set(RULE_TYPES)


def test_pages():
    assert rule_type("Mean").page == (
        "https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-Mean.html"
    )


def test_conditions_follow_the_return_types():
    # BOOLEAN return types take no expression; NUMBER ones need one; CustomSql either
    for name in ("IsComplete", "IsUnique", "IsPrimaryKey", "ColumnExists"):
        assert rule_type(name).condition is Presence.FORBIDDEN
    for name in ("RowCount", "Completeness", "Mean", "ColumnValues", "DataFreshness"):
        assert rule_type(name).condition is Presence.REQUIRED
    assert rule_type("CustomSql").condition is Presence.OPTIONAL


def test_where_and_threshold_support():
    # reference table, "Supports Where Clause Syntax?": No for these
    for name in ("CustomSql", "ColumnExists", "ColumnCount", "AggregateMatch"):
        assert not rule_type(name).where
    for name in ("Completeness", "IsComplete", "ColumnValues", "Mean", "RowCount"):
        assert rule_type(name).where
    # rules-config.json "is_threshold_supported": true only for these three
    assert {n for n, t in RULE_TYPES.items() if t.threshold} == {
        "ColumnValues", "ColumnDataType", "CustomSql"
    }  # fmt: skip


def test_parameters_and_operators():
    assert rule_type("RowCount").parameters == (0,)
    assert rule_type("IsUnique").parameters is None  # var-arg: IsUnique "a" "b"
    assert rule_type("DatasetMatch").parameters == (2, 3)
    assert rule_type("ColumnValues").operators == (
        "=", "!=", ">", ">=", "<", "<=", "between", "not between", "in", "not in",
        "matches", "not matches",
    )  # fmt: skip
    assert "matches" not in rule_type("Completeness").operators


def test_column_types():
    assert "decimal" in rule_type("Sum").column_types
    assert "string" not in rule_type("StandardDeviation").column_types
    assert rule_type("ColumnLength").column_types == {"string", "varchar", "char"}
    assert rule_type("Completeness").column_types is None
    assert base_type("decimal(10,2)") == "decimal"
    assert base_type("array<string>") == "array"


def test_closest_rule_type():
    assert closest_rule_type("iscomplete") == "IsComplete"
    assert closest_rule_type("Completenes") == "Completeness"
    assert closest_rule_type("Zzz") is None
