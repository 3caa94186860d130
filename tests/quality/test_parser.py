# ruff: noqa: E501  (the AWS examples are quoted whole, one a line)
"""parse_ruleset: DQDL text to the model, and every problem it reports.

Valid examples are copied from AWS's DQDL pages (each cited); the expected models are
written by hand from those pages and the awslabs/dqdl grammar
(configuration/dqdl/DataQualityDefinitionLanguage.g4, commit d360214a61c6).
"""

from __future__ import annotations

import pytest

from glueforge.quality.model import (
    CompositeRule,
    Condition,
    DateExpression,
    Duration,
    DynamicExpression,
    Keyword,
    Rule,
    Ruleset,
)
from glueforge.quality.parser import parse_ruleset

DG = "https://docs.aws.amazon.com/glue/latest/dg/"

# (page, rule text): every example rule from the pages, valid as Glue reads it
AWS_EXAMPLES = [
    ("dqdl.html", 'IsComplete "order-id"'),
    ("dqdl.html", '(IsComplete "id") and (IsUnique "id")'),
    ("dqdl.html", '(RowCount "id" > 100) or (IsPrimaryKey "id")'.replace('"id" > 100', "> 100")),
    (
        "dqdl.html",
        '(Mean "Star_Rating" > 3) and ((Mean "Order_Total" > 500) or (IsComplete "Order_Id"))',
    ),
    ("dqdl.html", '(RowCount > 0) or ((IsComplete "colA") and (IsUnique "colA"))'),
    ("dqdl-rule-types-Completeness.html", 'Completeness "First_Name" > 0.95'),
    (
        "dqdl-rule-types-Completeness.html",
        'Completeness "First_Name" > 0.95 where "weightinkgs > 10"',
    ),
    (
        "dqdl-rule-types-Completeness.html",
        'Completeness "colA" between min(last(5)) - 1 and max(last(5)) + 1',
    ),
    ("dqdl-rule-types-Completeness.html", 'Completeness "colA" <= avg(last(10))'),
    ("dqdl-rule-types-IsComplete.html", 'IsComplete "email"'),
    ("dqdl-rule-types-IsComplete.html", 'IsComplete "Email" where "Customer_ID between 1 and 50"'),
    (
        "dqdl-rule-types-IsComplete.html",
        'IsComplete "Customer_ID"  where "Customer_ID < 16 and Customer_ID != 12"',
    ),
    ("dqdl-rule-types-IsComplete.html", 'IsComplete "passenger_count" where "payment_type<>0"'),
    ("dqdl-rule-types-IsUnique.html", 'IsUnique "email"'),
    ("dqdl-rule-types-IsUnique.html", 'IsUnique "Customer_ID" where "Customer_ID < 10"'),
    ("dqdl-rule-types-IsUnique.html", 'IsUnique "vendorid" "tpep_pickup_datetime"'),
    ("dqdl-rule-types-Uniqueness.html", 'Uniqueness "email" = 1.0'),
    ("dqdl-rule-types-Uniqueness.html", 'Uniqueness "Customer_ID" != 1.0 where "Customer_ID < 10"'),
    ("dqdl-rule-types-Uniqueness.html", 'Uniqueness "vendorid" "tpep_pickup_datetime" = 1'),
    (
        "dqdl-rule-types-Uniqueness.html",
        'Uniqueness "colA" between min(last(10)) and max(last(10))',
    ),
    ("dqdl-rule-types-ColumnLength.html", 'ColumnLength "Postal_Code" = 5'),
    (
        "dqdl-rule-types-ColumnLength.html",
        'ColumnLength "weightinkgs" = 2 where "weightinkgs > 10"',
    ),
    (
        "dqdl-rule-types-ColumnLength.html",
        '(ColumnLength "Postal_Code" > 4) AND (ColumnValues "Postal_Code" != NULL)',
    ),
    (
        "dqdl-rule-types-ColumnValues.html",
        'ColumnValues "Country" in [ "US", "CA", "UK", NULL, EMPTY, WHITESPACES_ONLY ]',
    ),
    (
        "dqdl-rule-types-ColumnValues.html",
        'ColumnValues "gender" in ["F", "M"] where "weightinkgs < 10"',
    ),
    ("dqdl-rule-types-ColumnValues.html", 'ColumnValues "First_Name" matches "[a-zA-Z]*"'),
    ("dqdl-rule-types-ColumnValues.html", 'ColumnValues "Load_Date" > (now() - 3 days)'),
    ("dqdl-rule-types-ColumnValues.html", 'ColumnValues "Customer_ID" between 1 and 2000'),
    (
        "dqdl-rule-types-ColumnValues.html",
        '(ColumnValues "Age" > 21) OR (ColumnValues "Age" = NULL)',
    ),
    ("dqdl-rule-types-ColumnValues.html", 'ColumnValues "Age" not in [21, 22, 23, NULL]'),
    ("dqdl-rule-types-Mean.html", 'Mean "Star_Rating" > 3'),
    ("dqdl-rule-types-Mean.html", 'Mean "Salary" < 6200 where "Customer_ID < 10"'),
    ("dqdl-rule-types-Mean.html", 'Mean "colA" > avg(last(10)) + std(last(2))'),
    ("dqdl-rule-types-StandardDeviation.html", 'StandardDeviation "Star_Rating" < 1.5'),
    (
        "dqdl-rule-types-StandardDeviation.html",
        'StandardDeviation "colA" between min(last(10)) - 1 and max(last(10)) + 1',
    ),
    ("dqdl-rule-types-Sum.html", 'Sum "transaction_total" > 500000'),
    ("dqdl-rule-types-Sum.html", 'Sum "Salary" < 55600 where "Customer_ID < 10"'),
    ("dqdl-rule-types-DistinctValuesCount.html", 'DistinctValuesCount "State" > 3'),
    (
        "dqdl-rule-types-DistinctValuesCount.html",
        'DistinctValuesCount "colA" between avg(last(10))-1 and avg(last(10))+1',
    ),
    (
        "dqdl-rule-types-DistinctValuesCount.html",
        'DistinctValuesCount "colA" <= index(last(10),2) + std(last(5))',
    ),
    (
        "dqdl-rule-types-CustomSql.html",
        'CustomSql "select count(*) from primary" between 10 and 20',
    ),
    ("dqdl-rule-types-CustomSql.html", 'CustomSql "select Name from primary where Age > 18"'),
    (
        "dqdl-rule-types-CustomSql.html",
        'CustomSql "select Name from primary where Age > 18" with threshold > 3',
    ),
    ("dqdl-rule-types-RowCount.html", "RowCount between 10 and 100"),
    ("dqdl-rule-types-RowCount.html", 'RowCount between 1 and 50 where "Customer_ID < 10"'),
    ("dqdl-rule-types-RowCount.html", "RowCount > avg(last(10)) *0.8"),
    ("dqdl-rule-types-ColumnExists.html", 'ColumnExists "Middle_Name"'),
    ("dqdl-rule-types-RowCountMatch.html", 'RowCountMatch "reference" >= 0.9'),
    ("dqdl-rule-types-ColumnCount.html", "ColumnCount between 10 and 20"),
]


@pytest.mark.parametrize(("page", "rule"), AWS_EXAMPLES, ids=[r for _, r in AWS_EXAMPLES])
def test_the_aws_examples_parse_and_round_trip(page, rule):
    ruleset, problems = parse_ruleset(f"Rules = [ {rule} ]")
    assert problems == [], f"{DG}{page}"
    again, problems = parse_ruleset(ruleset.text)
    assert problems == []
    assert again == ruleset


def _one(rule: str):
    ruleset, problems = parse_ruleset(f"Rules = [ {rule} ]")
    assert problems == []
    [parsed] = ruleset.rules
    return parsed


def test_a_ruleset_reads_into_the_model_with_canonical_text():
    # dqdl.html: "Rules = [ IsComplete "order-id", IsUnique "order-id" ]"
    ruleset, problems = parse_ruleset('Rules = [ IsComplete "order-id", IsUnique "order-id" ]')
    assert problems == []
    assert ruleset == Ruleset(
        rules=(
            Rule("IsComplete", ("order-id",), None, None, None, 'IsComplete "order-id"'),
            Rule("IsUnique", ("order-id",), None, None, None, 'IsUnique "order-id"'),
        ),
        text='Rules = [\n    IsComplete "order-id",\n    IsUnique "order-id"\n]',
    )


def test_values_keywords_and_where():
    rule = _one('ColumnValues "Country" in [ "US", NULL, EMPTY, WHITESPACES_ONLY ] where "x > 1"')
    assert rule.condition == Condition(
        "in", ("US", Keyword.NULL, Keyword.EMPTY, Keyword.WHITESPACES_ONLY)
    )
    assert rule.where == "x > 1"
    assert (
        rule.text == 'ColumnValues "Country" in ["US", NULL, EMPTY, WHITESPACES_ONLY] where "x > 1"'
    )


def test_numbers_keep_int_and_float():
    assert _one('Uniqueness "a" = 1').condition == Condition("=", (1,))
    assert _one('Completeness "a" between 0.4 and 0.9').condition == Condition(
        "between", (0.4, 0.9)
    )
    assert _one("RowCount > -5").condition == Condition(">", (-5,))


def test_negations():
    assert _one('ColumnValues "a" not in [1, 2]').condition == Condition("not in", (1, 2))
    assert _one('ColumnValues "a" ! = 3').condition == Condition("!=", (3,))
    assert _one('ColumnValues "a" not matches "x+"').condition == Condition("not matches", ("x+",))
    assert _one("RowCount not between 1 and 5").condition == Condition("not between", (1, 5))


def test_dates_durations_and_dynamic_expressions():
    assert _one('ColumnValues "d" > (now() - 3 days)').condition == Condition(
        ">", (DateExpression(-3, "days"),)
    )
    assert _one('ColumnValues "d" <= now()').condition == Condition("<=", (DateExpression(),))
    assert _one('ColumnValues "d" > "2024-01-31"').condition == Condition(">", ("2024-01-31",))
    assert _one('DataFreshness "d" <= 24 hours').condition == Condition(
        "<=", (Duration(24, "hours"),)
    )
    # the page writes "avg(last(10)) *0.8"; canonical text has one space around operators
    assert _one("RowCount > avg(last(10)) *0.8").condition == Condition(
        ">", (DynamicExpression("avg(last(10)) * 0.8"),)
    )
    assert _one('DistinctValuesCount "c" <= index(last(10),2)').condition == Condition(
        "<=", (DynamicExpression("index(last(10), 2)"),)
    )


def test_composites_nest_and_and_binds_tighter_than_or():
    rule = _one('(Mean "s" > 3) and ((Mean "t" > 500) or (IsComplete "o"))')
    mean_s = Rule("Mean", ("s",), Condition(">", (3,)), None, None, 'Mean "s" > 3')
    mean_t = Rule("Mean", ("t",), Condition(">", (500,)), None, None, 'Mean "t" > 500')
    complete = Rule("IsComplete", ("o",), None, None, None, 'IsComplete "o"')
    inner = CompositeRule("or", (mean_t, complete), '(Mean "t" > 500) or (IsComplete "o")')
    assert rule == CompositeRule(
        "and", (mean_s, inner), '(Mean "s" > 3) and ((Mean "t" > 500) or (IsComplete "o"))'
    )
    # grammar: "topLevelRule AND topLevelRule" is listed before OR, so AND binds tighter
    mixed = _one('(IsComplete "a") or (IsComplete "b") and (IsComplete "c")')
    assert mixed.operator == "or"
    assert [type(r).__name__ for r in mixed.rules] == ["Rule", "CompositeRule"]
    assert mixed.text == '(IsComplete "a") or ((IsComplete "b") and (IsComplete "c"))'
    # a chain of one operator is one composite; AND/OR in upper case are the same tokens
    chain = _one('(IsComplete "a") AND (IsComplete "b") AND (IsComplete "c")')
    assert chain.operator == "and" and len(chain.rules) == 3


def test_threshold_labels_and_tags():
    rule = _one('ColumnValues "a" in ["x"] where "b > 0" labels = ["team" = "orders"] '
                "with threshold >= 0.9")  # fmt: skip
    assert rule.threshold == Condition(">=", (0.9,))
    assert rule.labels == (("team", "orders"),)
    assert rule.text == (
        'ColumnValues "a" in ["x"] where "b > 0" labels = ["team" = "orders"] with threshold >= 0.9'
    )


def test_comments_quotes_and_connector_words():
    text = """# orders
    Rules = [
        # the id
        CustomSql "select count(*) from primary where note = \\"a # b\\"" > 0,
        ColumnCorrelation "a" and "b" > 0.8
    ]"""
    ruleset, problems = parse_ruleset(text)
    assert problems == []
    sql, correlation = ruleset.rules
    assert sql.parameters == ('select count(*) from primary where note = "a # b"',)
    assert sql.text == 'CustomSql "select count(*) from primary where note = \\"a # b\\"" > 0'
    assert correlation.parameters == ("a", "b")
    assert parse_ruleset(ruleset.text)[0] == ruleset


def test_variables_sections_and_analyzers():
    text = """Metadata = { "Version": "1.0" }
    DataSources = { "Primary": "orders", "AdditionalDataSources": ["ref"] }
    allowed = ["open", "paid"]
    Rules = [ ColumnValues "status" in $allowed ]
    Analyzers = [ RowCount, Completeness "status", AllStatistics "amount" ]"""
    ruleset, problems = parse_ruleset(text)
    assert problems == []
    assert ruleset.rules[0].condition == Condition("in", ("open", "paid"))
    assert ruleset.preamble == (
        'Metadata = {"Version": "1.0"}',
        'DataSources = {"Primary": "orders", "AdditionalDataSources": ["ref"]}',
    )
    assert [a.text for a in ruleset.analyzers] == [
        "RowCount", 'Completeness "status"', 'AllStatistics "amount"'
    ]  # fmt: skip
    assert parse_ruleset(ruleset.text)[0] == ruleset


# ---- problems -----------------------------------------------------------------------------


def _problems(rules: str, **columns: str) -> list[str]:
    return parse_ruleset(f"Rules = [ {rules} ]", columns=columns or None)[1]


def _only(rules: str, **columns: str) -> str:
    [problem] = _problems(rules, **columns)
    return problem


def test_unknown_rule_type_suggests_the_closest():
    problem = _only('IsComplete "a", Iscomplete "b"')
    assert problem.startswith('rule 2 `Iscomplete "b"`: unknown rule type `Iscomplete`')
    assert "did you mean `IsComplete`?" in problem
    assert "AllStatistics is an analyzer" in _only('AllStatistics "a"')


def test_wrong_number_of_parameters():
    assert "IsComplete takes 1 column, got 2" in _only('IsComplete "a" "b"')
    assert "ColumnCorrelation takes 2 columns, got 1" in _only('ColumnCorrelation "a" > 0.5')
    assert "RowCount takes 0 parameters, got 1" in _only('RowCount "id" > 100')
    assert "IsUnique takes 1 or more columns, got 0" in _only("IsUnique")


def test_missing_and_forbidden_conditions():
    # InvalidDQRulesetTest.java: `Completeness "col-A"`, `IsComplete "col-A" > 0.05`
    assert "Completeness needs an expression" in _only('Completeness "col-A"')
    assert "IsComplete takes no expression" in _only('IsComplete "col-A" > 0.05')
    assert "IsPrimaryKey takes no expression" in _only('IsPrimaryKey "col-A" between 1 and 2')


def test_malformed_thresholds_and_numbers():
    # InvalidDQRulesetTest.java: threshold on Completeness; incomplete threshold; two thresholds
    assert "Completeness does not take `with threshold`" in _only(
        'Completeness "col-A" > 0.4 with threshold > 0.4'
    )
    assert "`with threshold` needs a condition" in _only(
        'ColumnValues "col-A" > 0.4 with threshold'
    )
    assert "only one threshold" in _only(
        'ColumnValues "a" in ["x"] with threshold > 0.9 with threshold > 0.7'
    )
    assert "ColumnValues's `with threshold` is a fraction from 0 to 1" in _only(
        'ColumnValues "a" in ["x"] with threshold > 1.5'
    )
    assert "Completeness is a fraction from 0 to 1 (0.95 means 95 percent), got 95" in _only(
        'Completeness "a" > 95'
    )
    assert "expected a number" in _only('Completeness "a" > 1.2.3')
    assert "expected a number" in _only('Mean "a" > abc')


def test_bad_operator_for_the_rule_type():
    problem = _only('Mean "a" matches "[0-9]+"')
    assert "`matches` is not an operator of Mean" in problem
    assert "valid: =, !=, >, >=, <, <=, between, not between, in, not in" in problem
    # mixed types in one list (InvalidDQRulesetTest.java `in [1,"2"]`)
    assert "does not fit ColumnValues" in _only('ColumnValues "a" in [1, "2"]')
    assert "does not fit ColumnValues" in _only('ColumnValues "a" > "abc"')


def test_between_needs_low_below_high():
    # between is exclusive (awslabs/dqdl NumberBasedCondition: metric > a && metric < b)
    assert "the low bound must be below the high bound" in _only("RowCount between 20 and 10")
    assert "the low bound must be below the high bound" in _only("RowCount between 10 and 10")
    assert _problems("RowCount between 10 and 11") == []


def test_invalid_regex():
    assert "invalid regular expression '[a-'" in _only('ColumnValues "a" matches "[a-"')
    # Java's named groups (?<name>...) are fine
    assert _problems('ColumnValues "a" matches "(?<zip>[0-9]{5})"') == []


def test_unbalanced_parentheses_brackets_and_quotes():
    assert parse_ruleset('Rules = [ IsComplete "a" ')[1] == [
        "unbalanced brackets: `[` at line 1, column 9 is never closed; add `]`"
    ]
    assert parse_ruleset('Rules = [ IsComplete "a" ])')[1] == [
        "unbalanced brackets: `)` at line 1, column 27 closes nothing"
    ]
    assert (
        "`[` at line 1, column 9 is closed by `)`"
        in parse_ruleset('Rules = [ (IsComplete "a")) ]')[1][0]
    )
    assert parse_ruleset('Rules = [ (IsComplete "a" ]')[1] == [
        "unbalanced brackets: `(` at line 1, column 11 is closed by `]` at line 1, column 27; "
        "expected `)`"
    ]
    assert parse_ruleset('Rules = [ IsComplete "a ]')[1] == [
        'the quote at line 1, column 22 is never closed: `"a ]`; close it with "'
    ]


def test_composites_need_parentheses():
    problem = _only('IsComplete "a" and IsComplete "b"')
    assert "each rule joined with `and` must be in parentheses" in problem
    assert 'must be in parentheses, got `IsComplete "b"`' in _only(
        '(IsComplete "a") or IsComplete "b"'
    )
    assert "missing `,`" in _only('RowCount > 1 IsComplete "b"')


def test_empty_rulesets_and_wrappers():
    assert parse_ruleset("")[1][0].startswith("the ruleset is empty")
    assert parse_ruleset("Rules = [ ]")[1][0].startswith(
        "the ruleset has no rules (Glue: 'No rules or analyzers provided.')"
    )
    assert "write `Rules`, got `rules`" in parse_ruleset('rules = [ IsComplete "a" ]')[1][0]
    assert "rules must be inside `Rules = [ ... ]`" in parse_ruleset('IsComplete "a"')[1][0]


def test_text_over_65536_characters():
    # CreateDataQualityRuleset Ruleset / AWS::Glue::DataQualityRuleset Ruleset: 1-65,536
    rule = 'IsComplete "' + "c" * 60 + '"'
    text = "Rules = [ " + ", ".join([rule] * 900) + " ]"  # 900 * (12 + 60 + 1) + 900 * 2 > 65,536
    assert len(text) > 65536
    assert "characters; Glue and CloudFormation accept at most 65,536" in parse_ruleset(text)[1][0]


def test_where_is_refused_where_the_rule_type_has_none():
    # dqdl-rule-types.html: CustomSql, ColumnExists: "Supports Where Clause Syntax?" No
    assert "CustomSql does not support `where`" in _only(
        'CustomSql "select count(*) from primary" > 0 where "a > 1"'
    )
    assert "ColumnNamesMatchPattern does not support `where`" in _only(
        'ColumnNamesMatchPattern "aws_*" where "aws_id > 100"'
    )
    assert "empty" in _only('IsComplete "a" where ""')


def test_custom_sql_takes_a_condition_or_a_threshold_not_both():
    # dqdl-rule-types-CustomSql.html: "a rule may not contain both a condition and keyword"
    assert "not both" in _only('CustomSql "select a from primary" > 1 with threshold > 3')


def test_dates_need_parentheses_and_known_units():
    assert "must be in parentheses" in _only('ColumnValues "a" > now() + 1 hours')
    assert "days, hours or minutes, got `3 weeks`" in _only('ColumnValues "a" = (now() - 3 weeks)')


def test_keywords_are_lower_case():
    assert "write `between`, got `BETWEEN`" in _only("RowCount BETWEEN 1 and 5")


def test_every_problem_names_its_rule_and_position():
    problems = _problems('IsComplete "a", Mean "b" matches "x", IsComplete "c" > 1')
    assert [p.split(":")[0] for p in problems] == ['rule 2 `Mean "b" matches "x"`',
                                                  'rule 3 `IsComplete "c" > 1`']  # fmt: skip


def test_a_syntax_error_does_not_hide_the_rules_after_it():
    ruleset, problems = parse_ruleset('Rules = [ Mean "a" > , Iscomplete "b", IsComplete "c" ]')
    assert [p.split(" `")[0] for p in problems] == ["rule 1", "rule 2"]
    assert [r.text for r in ruleset.rules] == ['Iscomplete "b"', 'IsComplete "c"']


# ---- columns ------------------------------------------------------------------------------


def test_columns_must_be_in_the_table():
    problem = _only('IsComplete "email"', id="bigint", name="string")
    assert problem == (
        "rule 1 `IsComplete \"email\"`: column 'email' is not in the table; its columns: id, name"
    )
    # the catalog folds names to lower case; Spark resolves them case-insensitively
    assert _problems('IsComplete "ID"', id="bigint") == []
    # composites are checked member by member
    assert "`IsUnique \"x\"`: column 'x' is not in the table" in _only(
        '(IsComplete "id") and (IsUnique "x")', id="bigint"
    )


def test_column_types_per_rule_type():
    # dqdl-rule-types-Mean.html: "Byte, Decimal, Double, Float, Integer, Long, Short"
    assert "Mean needs a numeric column" in _only('Mean "name" > 1', name="string")
    assert _problems('Mean "amount" > 1', amount="decimal(10,2)") == []
    assert _problems('Sum "n" > 1', n="bigint") == []
    assert "StandardDeviation needs a numeric column" in _only(
        'StandardDeviation "t" > 1', t="timestamp"
    )
    # dqdl-rule-types-ColumnLength.html: "Supported column types: String"
    assert "ColumnLength needs a string column" in _only('ColumnLength "a" = 5', a="int")
    assert _problems('ColumnLength "a" = 5', a="varchar(10)") == []
    # CustomSql's parameter is SQL, not a column
    assert _problems('CustomSql "select count(*) from primary" > 0', a="int") == []
