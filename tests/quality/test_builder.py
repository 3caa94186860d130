# ruff: noqa: E501  (each case on one line: built value, then its DQDL)
"""The typed DQDL builder: its output against hand-written DQDL, and its validation.

Each expected string is written by hand in the syntax of the rule's AWS page
(https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-<RuleType>.html).
"""

from __future__ import annotations

import datetime

import pytest

from glueforge import DqdlError, DqdlRule, DqdlRuleset, DqdlThreshold, Rules, all_of, any_of
from glueforge.quality.parser import parse_ruleset

CASES = [
    (Rules.is_complete("order_id"), 'IsComplete "order_id"'),
    (Rules.is_unique("vendorid", "tpep_pickup_datetime"), 'IsUnique "vendorid" "tpep_pickup_datetime"'),
    (Rules.is_primary_key("id"), 'IsPrimaryKey "id"'),
    (Rules.column_exists("Middle_Name"), 'ColumnExists "Middle_Name"'),
    (Rules.column_values("status").is_in(["open", "paid"]), 'ColumnValues "status" in ["open", "paid"]'),
    (Rules.column_values("Age").not_in([21, 22, None]), 'ColumnValues "Age" not in [21, 22, NULL]'),
    (Rules.column_values("First_Name").matches("[a-zA-Z]*"), 'ColumnValues "First_Name" matches "[a-zA-Z]*"'),
    (Rules.column_values("a").not_matches("x"), 'ColumnValues "a" not matches "x"'),
    (Rules.column_values("Age").not_equal_to(None), 'ColumnValues "Age" != NULL'),
    (Rules.column_values("Load_Date").greater_than(Rules.now(-3)), 'ColumnValues "Load_Date" > (now() - 3 days)'),
    (Rules.column_values("d").less_than_or_equal_to(Rules.now()), 'ColumnValues "d" <= now()'),
    (Rules.column_values("d").greater_than(datetime.date(2024, 1, 31)), 'ColumnValues "d" > "2024-01-31"'),
    (Rules.completeness("email").greater_than(0.95), 'Completeness "email" > 0.95'),
    (Rules.completeness("email").greater_than(0.95).where("weightinkgs > 10"), 'Completeness "email" > 0.95 where "weightinkgs > 10"'),
    (Rules.uniqueness("email").equal_to(1.0), 'Uniqueness "email" = 1.0'),
    (Rules.unique_value_ratio("a").less_than(0.5), 'UniqueValueRatio "a" < 0.5'),
    (Rules.row_count().between(10, 20), "RowCount between 10 and 20"),
    (Rules.row_count().not_between(10, 20), "RowCount not between 10 and 20"),
    (Rules.row_count().greater_than(Rules.dynamic("avg(last(10)) * 0.8")), "RowCount > avg(last(10)) * 0.8"),
    (Rules.column_count().greater_than_or_equal_to(3), "ColumnCount >= 3"),
    (Rules.column_length("Postal_Code").equal_to(5), 'ColumnLength "Postal_Code" = 5'),
    (Rules.mean("Star_Rating").greater_than(3), 'Mean "Star_Rating" > 3'),
    (Rules.sum("transaction_total").greater_than(500000), 'Sum "transaction_total" > 500000'),
    (Rules.standard_deviation("Star_Rating").less_than(1.5), 'StandardDeviation "Star_Rating" < 1.5'),
    (Rules.entropy("a").greater_than(1), 'Entropy "a" > 1'),
    (Rules.distinct_values_count("State").greater_than(3), 'DistinctValuesCount "State" > 3'),
    (Rules.column_correlation("a", "b").greater_than(0.8), 'ColumnCorrelation "a" "b" > 0.8'),
    (Rules.column_data_type("a").equal_to("INTEGER"), 'ColumnDataType "a" = "INTEGER"'),
    (Rules.data_freshness("d").less_than_or_equal_to(Rules.duration(24)), 'DataFreshness "d" <= 24 hours'),
    (Rules.custom_sql("select count(*) from primary").greater_than(0), 'CustomSql "select count(*) from primary" > 0'),
    (Rules.custom_sql("select Name from primary where Age > 18"), 'CustomSql "select Name from primary where Age > 18"'),
    (Rules.custom_sql("select Name from primary where Age > 18").with_threshold(DqdlThreshold.greater_than(3)), 'CustomSql "select Name from primary where Age > 18" with threshold > 3'),
    (Rules.column_values("a").greater_than(0).with_threshold(DqdlThreshold.between(0.5, 0.9)), 'ColumnValues "a" > 0 with threshold between 0.5 and 0.9'),
    (Rules.is_complete("a").with_labels({"team": "orders"}), 'IsComplete "a" labels = ["team" = "orders"]'),
    (Rules.row_count_match("reference").greater_than_or_equal_to(0.9), 'RowCountMatch "reference" >= 0.9'),
    (Rules.schema_match("reference").equal_to(1.0), 'SchemaMatch "reference" = 1.0'),
    (Rules.referential_integrity("id", "reference.{id}").equal_to(1.0), 'ReferentialIntegrity "id" "reference.{id}" = 1.0'),
    (Rules.dataset_match("reference", "id->ref_id").greater_than(0.9), 'DatasetMatch "reference" "id->ref_id" > 0.9'),
    (Rules.aggregate_match("sum(a)", "sum(reference.a)").greater_than(0.9), 'AggregateMatch "sum(a)" "sum(reference.a)" > 0.9'),
    (Rules.column_names_match_pattern("aws_.*"), 'ColumnNamesMatchPattern "aws_.*"'),
    (Rules.detect_anomalies("RowCount"), 'DetectAnomalies "RowCount"'),
    (all_of(Rules.is_complete("id"), Rules.is_unique("id")), '(IsComplete "id") and (IsUnique "id")'),
    (
        all_of(Rules.mean("Star_Rating").greater_than(3), any_of(Rules.mean("Order_Total").greater_than(500), Rules.is_complete("Order_Id"))),
        '(Mean "Star_Rating" > 3) and ((Mean "Order_Total" > 500) or (IsComplete "Order_Id"))',
    ),
]  # fmt: skip


@pytest.mark.parametrize(("built", "dqdl"), CASES, ids=[d for _, d in CASES])
def test_builder_writes_the_dqdl_of_the_aws_pages(built, dqdl):
    assert built.to_dqdl() == dqdl
    ruleset = DqdlRuleset([built])
    assert ruleset.to_dqdl() == f"Rules = [\n    {dqdl}\n]"
    # and it is what the parser reads from the hand-written text
    assert ruleset.ruleset == parse_ruleset(f"Rules = [ {dqdl} ]")[0]


def test_a_ruleset_of_checks_and_strings():
    ruleset = DqdlRuleset([Rules.is_complete("order_id"), 'ColumnLength "zip" = 5'])
    assert (
        ruleset.to_dqdl() == 'Rules = [\n    IsComplete "order_id",\n    ColumnLength "zip" = 5\n]'
    )
    assert str(ruleset) == ruleset.to_dqdl()


def test_numbers_never_use_exponents():
    # DQDL's DECIMAL is INT '.' INT: 1e-05 must be written 0.00001
    assert Rules.completeness("a").greater_than(0.00001).to_dqdl() == 'Completeness "a" > 0.00001'


def test_building_validates_with_the_parser():
    with pytest.raises(DqdlError) as error:
        DqdlRuleset(
            [Rules.completeness("email").greater_than(95), Rules.is_complete("a").where("")]
        )
    assert error.value.problems == [
        'rule 1 `Completeness "email" > 95`: Completeness is a fraction from 0 to 1 (0.95 means '
        "95 percent), got 95 in `> 95`",
        'rule 2 `IsComplete "a" where ""`: `where ""` is empty; give a Spark SQL filter, e.g. '
        'where "amount > 0"',
    ]
    with pytest.raises(DqdlError, match="CustomSql does not support `where`"):
        DqdlRuleset([Rules.custom_sql("select count(*) from primary").greater_than(0).where("a")])
    with pytest.raises(DqdlError, match="Mean does not take `with threshold`"):
        DqdlRuleset(
            [Rules.mean("a").greater_than(1).with_threshold(DqdlThreshold.greater_than(0.5))]
        )
    with pytest.raises(DqdlError, match="the low bound must be below the high bound"):
        DqdlRuleset([Rules.row_count().between(20, 10)])
    with pytest.raises(DqdlError, match="the ruleset has no rules"):
        DqdlRuleset([])


def test_schema_problems_of_a_built_ruleset():
    ruleset = DqdlRuleset([Rules.mean("name").greater_than(1), Rules.is_complete("id")])
    assert ruleset.problems({"id": "bigint", "name": "string"}) == [
        'rule 1 `Mean "name" > 1`: Mean needs a numeric column (bigint, byte, decimal, double, '
        "float, int, integer, long, short, smallint, tinyint), column 'name' is string "
        "(https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-Mean.html)"
    ]


def test_misuse_is_a_type_error():
    with pytest.raises(TypeError, match="a list of values"):
        Rules.column_values("a").is_in("open")
    with pytest.raises(TypeError, match="takes a DqdlThreshold"):
        Rules.column_values("a").is_in(["x"]).with_threshold(0.9)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="needs an operator"):
        all_of(Rules.is_complete("a"), Rules.mean("b"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least 2 rules"):
        any_of(Rules.is_complete("a"))
    with pytest.raises(TypeError, match="a list of rules"):
        DqdlRuleset(Rules.is_complete("a"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bool"):
        Rules.column_values("a").equal_to(True)


def test_checks_are_immutable():
    base = Rules.completeness("a").greater_than(0.5)
    filtered = base.where("b > 0")
    assert isinstance(filtered, DqdlRule)
    assert base.to_dqdl() == 'Completeness "a" > 0.5'
    assert filtered.to_dqdl() == 'Completeness "a" > 0.5 where "b > 0"'
