"""The local DQDL evaluator, rule type by rule type, on tiny hand-made frames.

Every expected value is worked out by hand in the comments, from the AWS page of the rule
type (https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-<Type>.html) or from AWS's
DQDL parser tests (awslabs/dqdl ConditionTest: ``between`` is exclusive).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from glueforge.local.quality import evaluate, row_level_outcomes
from glueforge.quality.model import (
    CompositeRule,
    Condition,
    DateExpression,
    Keyword,
    Rule,
    Ruleset,
)

NOW = datetime(2026, 11, 30, 12, 0)


def rule(kind, *params, cond=None, threshold=None, where=None):
    text = " ".join([kind, *(f'"{p}"' for p in params)])
    if cond is not None:
        text += f" {cond.operator} {cond.operands}"
    return Rule(kind, tuple(params), cond, threshold, where, text)


def c(op, *operands):
    return Condition(op, tuple(operands))


@pytest.fixture(scope="module")
def units(spark):
    # The pages' example column: units = [0, null, 20, null, 40] (Mean, Sum,
    # StandardDeviation pages); units2 = [0, 0, 20, 0, 40] (StandardDeviation page).
    return spark.createDataFrame(
        [(1, 0, 0), (2, None, 0), (3, 20, 20), (4, None, 0), (5, 40, 40)],
        "id int, units int, units2 int",
    )


@pytest.fixture(scope="module")
def people(spark):
    return spark.createDataFrame(
        [
            (1, "ann", "US", "12345", 25, date(2026, 11, 29)),
            (2, "bob", "CA", "1234", 17, date(2026, 11, 20)),
            (3, None, "", "123456", None, None),
            (4, "dé", "  ", None, 30, date(2026, 11, 28)),
        ],
        "id int, name string, country string, code string, age int, load_date date",
    )


def outcome(df, r, **options):
    [result] = evaluate(df, Ruleset((r,), r.text), now=NOW, **options)
    return result


def check(df, r, expected, metric=None, value=None):
    result = outcome(df, r)
    assert result.outcome == expected, (r.text, result.outcome, result.reason, result.metrics)
    if metric is not None:
        assert result.metrics[metric] == pytest.approx(value, abs=1e-4), result.metrics
    return result


# --- aggregates over [0, null, 20, null, 40] -------------------------------------------


def test_mean_ignores_nulls(units):
    # Mean page: (0 + 20 + 40) / 3 = 20 (nulls ignored; with them as 0 it would be 12)
    check(units, rule("Mean", "units", cond=c("=", 20)), "Passed", "Column.units.Mean", 20)
    check(units, rule("Mean", "units", cond=c(">", 20)), "Failed")


def test_sum_ignores_nulls_and_between_is_exclusive(units):
    # Sum page: 0 + 20 + 40 = 60
    check(units, rule("Sum", "units", cond=c("between", 59, 61)), "Passed", "Column.units.Sum", 60)
    # between is exclusive: 60 is not between 60 and 61 (awslabs/dqdl ConditionTest)
    check(units, rule("Sum", "units", cond=c("between", 60, 61)), "Failed")
    check(units, rule("Sum", "units", cond=c("not between", 60, 61)), "Passed")
    check(units, rule("Sum", "units", cond=c("in", 5, 60)), "Passed")
    check(units, rule("Sum", "units", cond=c("not in", 5, 60)), "Failed")
    check(units, rule("Sum", "units", cond=c("!=", 60)), "Failed")


def test_standard_deviation_is_the_population_one_over_non_null_values(units):
    # StandardDeviation page: [0, null, 20, null, 40] -> 16.33: mean 20, squares
    # 400 + 0 + 400 = 800, sqrt(800 / 3) = 16.3299 (the sample one, sqrt(800 / 2), is 20)
    r = rule("StandardDeviation", "units", cond=c("<", 17))
    check(units, r, "Passed", "Column.units.StandardDeviation", 16.3299)
    # [0, 0, 20, 0, 40] -> 16: mean 12, squares 144*3 + 64 + 784 = 1280, sqrt(1280 / 5) = 16
    r2 = rule("StandardDeviation", "units2", cond=c("<=", 16))
    check(units, r2, "Passed", "Column.units2.StandardDeviation", 16)
    check(units, rule("StandardDeviation", "units2", cond=c("<", 16)), "Failed")


def test_completeness_is_the_share_of_non_null_values(units):
    # units: 3 of 5 non-null = 0.6; >= is inclusive, > strict
    r = rule("Completeness", "units", cond=c(">=", 0.6))
    check(units, r, "Passed", "Column.units.Completeness", 0.6)
    check(units, rule("Completeness", "units", cond=c(">", 0.6)), "Failed")
    check(units, rule("IsComplete", "units"), "Failed", "Column.units.Completeness", 0.6)
    check(units, rule("IsComplete", "id"), "Passed", "Column.id.Completeness", 1.0)


def test_row_count_with_where_and_exclusive_between(units):
    check(units, rule("RowCount", cond=c("=", 5)), "Passed", "Dataset.*.RowCount", 5)
    # between 1 and 5 excludes 5
    check(units, rule("RowCount", cond=c("between", 1, 5)), "Failed")
    # where "units > 10": rows 3 and 5 (20 and 40; null > 10 is not true)
    where = rule("RowCount", cond=c("=", 2), where="units > 10")
    check(units, where, "Passed", "Dataset.*.RowCount", 2)


def test_distinct_values_count_counts_null_as_one_value(units):
    # Choice (page silent; Deequ's histogram has a NullValue bin): {0, 20, 40, NULL} = 4
    r = rule("DistinctValuesCount", "units", cond=c("=", 4))
    check(units, r, "Passed", "Column.units.DistinctValuesCount", 4)


def test_uniqueness_counts_values_that_occur_once_among_non_null_rows(units):
    # units: 0, 20, 40 each once among 3 non-null rows -> 3/3 = 1.0; IsUnique passes
    # (Choice: nulls are ignored, as Deequ's isUnique does)
    check(units, rule("Uniqueness", "units", cond=c("=", 1.0)), "Passed")
    check(units, rule("IsUnique", "units"), "Passed", "Column.units.Uniqueness", 1.0)
    # units2: 0 three times, 20 and 40 once -> 2/5 = 0.4; > is strict
    r = rule("Uniqueness", "units2", cond=c("=", 0.4))
    check(units, r, "Passed", "Column.units2.Uniqueness", 0.4)
    check(units, rule("Uniqueness", "units2", cond=c(">", 0.4)), "Failed")
    check(units, rule("IsUnique", "units2"), "Failed")


def test_is_unique_over_several_columns(units):
    # (units, units2): (0,0) (null,0) (20,20) (null,0) (40,40): (null,0) twice -> 3/5
    r = rule("IsUnique", "units", "units2")
    check(units, r, "Failed", "Multicolumn.units,units2.Uniqueness", 0.6)
    check(units, rule("IsUnique", "id", "units2"), "Passed")


# --- ColumnValues: people = ann/US/25, bob/CA/17, null/""/null, dé/"  "/30 --------------


def test_column_values_in_a_list_with_keywords_and_threshold(people):
    # US, CA pass; "" and "  " fail -> 2/4 = 0.5
    r = rule("ColumnValues", "country", cond=c("in", "US", "CA"))
    check(people, r, "Failed", "Column.country.ColumnValues.Compliance", 0.5)
    # with threshold >= 0.5 passes at 0.5, > 0.5 does not (awslabs/dqdl ConditionTest)
    ok = rule("ColumnValues", "country", cond=c("in", "US", "CA"), threshold=c(">=", 0.5))
    check(people, ok, "Passed")
    strict = rule("ColumnValues", "country", cond=c("in", "US", "CA"), threshold=c(">", 0.5))
    check(people, strict, "Failed")
    # EMPTY is "", WHITESPACES_ONLY "  ": every row passes
    keywords = c("in", "US", "CA", Keyword.EMPTY, Keyword.WHITESPACES_ONLY)
    check(people, rule("ColumnValues", "country", cond=keywords), "Passed")


def test_column_values_null_rows_fail_except_for_negations(people):
    # ColumnValues page: NULL rows fail every operator but != and not in
    # != "ann": bob, null, dé pass -> 3/4
    r = rule("ColumnValues", "name", cond=c("!=", "ann"))
    check(people, r, "Failed", "Column.name.ColumnValues.Compliance", 0.75)
    # not in [ann, bob]: null and dé pass -> 2/4; with NULL listed only dé -> 1/4
    r = rule("ColumnValues", "name", cond=c("not in", "ann", "bob"))
    check(people, r, "Failed", "Column.name.ColumnValues.Compliance", 0.5)
    r = rule("ColumnValues", "name", cond=c("not in", "ann", "bob", Keyword.NULL))
    check(people, r, "Failed", "Column.name.ColumnValues.Compliance", 0.25)
    # = NULL: only the null row -> 1/4
    r = rule("ColumnValues", "name", cond=c("=", Keyword.NULL))
    check(people, r, "Failed", "Column.name.ColumnValues.Compliance", 0.25)
    # != NULL: 3/4
    r = rule("ColumnValues", "name", cond=c("!=", Keyword.NULL))
    check(people, r, "Failed", "Column.name.ColumnValues.Compliance", 0.75)
    # numbers: != 25: 17, null, 30 -> 3/4; not in [25, 30]: 17, null -> 2/4;
    # in [25, 30]: 2/4; > 18: 25, 30 -> 2/4 (null fails)
    for cond, share in (
        (c("!=", 25), 0.75),
        (c("not in", 25, 30), 0.5),
        (c("in", 25, 30), 0.5),
        (c(">", 18), 0.5),
        (c(">=", 17), 0.75),
        (c("<", 25), 0.25),
        (c("<=", 25), 0.5),
    ):
        r = rule("ColumnValues", "age", cond=cond)
        check(people, r, "Failed", "Column.age.ColumnValues.Compliance", share)
    over = check(people, rule("ColumnValues", "age", cond=c(">", 18)), "Failed")
    assert over.reason == (
        "2 of 4 rows do not meet the constraint requirement! (1 NULL; expected: > 18)"
    )
    ok = rule("ColumnValues", "age", cond=c("!=", 99))
    check(people, ok, "Passed", "Column.age.ColumnValues.Compliance", 1.0)


def test_column_values_between_is_exclusive(people):
    # between 17 and 30: 25 passes; 17 and 30 are the bounds (excluded); null fails -> 1/4
    r = rule("ColumnValues", "age", cond=c("between", 17, 30))
    check(people, r, "Failed", "Column.age.ColumnValues.Compliance", 0.25)
    # not between 17 and 30: 17 and 30 pass, 25 and null fail -> 2/4
    r = rule("ColumnValues", "age", cond=c("not between", 17, 30))
    check(people, r, "Failed", "Column.age.ColumnValues.Compliance", 0.5)
    ok = rule("ColumnValues", "age", cond=c("between", 16, 31), where="age is not null")
    check(people, ok, "Passed")


def test_column_values_matches_is_a_full_match(people):
    # [a-z]+: ann, bob pass; null fails; dé fails (é) -> 2/4
    r = rule("ColumnValues", "name", cond=c("matches", "[a-z]+"))
    check(people, r, "Failed", "Column.name.ColumnValues.Compliance", 0.5)
    # [a-z] matches one letter only: no name is one letter long -> 0
    r = rule("ColumnValues", "name", cond=c("matches", "[a-z]"))
    check(people, r, "Failed", "Column.name.ColumnValues.Compliance", 0.0)
    # not matches [a-z]+: dé passes; null fails (Choice) -> 1/4
    r = rule("ColumnValues", "name", cond=c("not matches", "[a-z]+"))
    check(people, r, "Failed", "Column.name.ColumnValues.Compliance", 0.25)


def test_column_values_dates_against_now(people):
    # now 2026-11-30 12:00; now() - 3 days = 2026-11-27 (date column): 11-29 and 11-28
    # pass, 11-20 and null fail -> 2/4
    recent = c(">", DateExpression(-3, "days"))
    r = rule("ColumnValues", "load_date", cond=recent)
    check(people, r, "Failed", "Column.load_date.ColumnValues.Compliance", 0.5)
    r = rule("ColumnValues", "load_date", cond=recent, threshold=c("=", 0.5))
    check(people, r, "Passed")
    # < "2026-11-28": only 11-20 -> 1/4
    r = rule("ColumnValues", "load_date", cond=c("<", "2026-11-28"))
    check(people, r, "Failed", "Column.load_date.ColumnValues.Compliance", 0.25)
    # <= now(): every non-null date -> 3/4
    r = rule("ColumnValues", "load_date", cond=c("<=", DateExpression()))
    check(people, r, "Failed", "Column.load_date.ColumnValues.Compliance", 0.75)


def test_column_length_counts_null_as_zero(people):
    # code: "12345" (5), "1234" (4), "123456" (6), null (0)
    r = rule("ColumnLength", "code", cond=c("=", 5))
    result = check(people, r, "Failed", "Column.code.MinimumLength", 0)
    assert result.metrics["Column.code.MaximumLength"] == 6
    # ColumnLength page: a NULL row fails > 4 and passes < 6
    check(people, rule("ColumnLength", "code", cond=c("<", 6)), "Failed")
    r = rule("ColumnLength", "code", cond=c("<", 6), where="id = 4")
    check(people, r, "Passed")
    r = rule("ColumnLength", "code", cond=c(">", 4), where="id = 4")
    check(people, r, "Failed")
    # between 3 and 6 where age > 18: ann (5) passes, dé (null: 0) fails -> 1/2
    r = rule("ColumnLength", "code", cond=c("between", 3, 6), where="age > 18")
    check(people, r, "Failed", "Column.code.LengthCompliance", 0.5)


def test_where_filters_rows_as_spark_sql(people):
    # names of age > 18: ann, dé: complete; over all rows the null name fails
    check(people, rule("IsComplete", "name", where="age > 18"), "Passed")
    check(people, rule("IsComplete", "name"), "Failed")


def test_custom_sql_single_value_and_row_level(people):
    # count(*) where age > 18: ann, dé = 2; between 1 and 2 excludes 2
    sql = "select count(*) from primary where age > 18"
    check(people, rule("CustomSql", sql, cond=c("=", 2)), "Passed", "Dataset.*.CustomSQL", 2)
    check(people, rule("CustomSql", sql, cond=c("between", 1, 2)), "Failed")
    # row-level: the names it returns (ann, dé) pass; bob and the null name fail -> 2/4
    rows = "select name from primary where age > 18"
    r = rule("CustomSql", rows)
    check(people, r, "Failed", "Dataset.*.CustomSQL.Compliance", 0.5)
    check(people, rule("CustomSql", rows, threshold=c(">=", 0.5)), "Passed")


def test_column_exists_is_case_sensitive(people):
    check(people, rule("ColumnExists", "name"), "Passed")
    check(people, rule("ColumnExists", "Name"), "Failed")


def test_a_missing_column_or_a_wrong_type_fails_with_the_reason(people):
    missing = check(people, rule("IsComplete", "nope"), "Failed")
    assert missing.reason == "Column nope does not exist"
    text = check(people, rule("Mean", "name", cond=c(">", 1)), "Failed")
    assert text.reason == "Mean needs a numeric column; name is string"


def test_composites_combine_whole_column_outcomes_by_default(people):
    over = rule("ColumnValues", "age", cond=c(">=", 17))  # 3/4: null fails -> Failed
    null = rule("ColumnValues", "age", cond=c("=", Keyword.NULL))  # 1/4 -> Failed
    either = _composite("or", over, null)
    # COLUMN (Glue's default): both parts fail over the whole column -> Failed
    assert outcome(people, either).outcome == "Failed"
    # ROW: every row meets one of the two -> Passed
    assert outcome(people, either, composite="ROW").outcome == "Passed"
    complete = rule("IsComplete", "id")
    assert outcome(people, _composite("and", complete, over)).outcome == "Failed"
    assert outcome(people, _composite("or", complete, over)).outcome == "Passed"


def test_an_unsupported_rule_is_reported_never_skipped(people):
    odd = rule("ColumnCorrelation", "age", "id", cond=c(">", 0.5))
    result = outcome(people, odd)
    assert (result.outcome, result.reason) == (
        "Unsupported",
        "ColumnCorrelation is not evaluated locally",
    )
    # a dynamic operand (avg(last(10))) needs past runs: Unsupported too
    dynamic = outcome(people, rule("RowCount", cond=c(">", object())))
    assert dynamic.outcome == "Unsupported"
    # in a composite it decides only when the other part does not
    passes, fails = rule("RowCount", cond=c(">", 0)), rule("RowCount", cond=c("=", 0))
    assert outcome(people, _composite("and", passes, odd)).outcome == "Unsupported"
    assert outcome(people, _composite("and", fails, odd)).outcome == "Failed"
    assert outcome(people, _composite("or", passes, odd)).outcome == "Passed"


def test_row_level_outcomes_name_the_rules_each_row_passed_failed_and_skipped(people):
    complete = rule("IsComplete", "name")
    count = rule("RowCount", cond=c(">", 0))  # no row-level results: skipped on every row
    adult = rule("ColumnValues", "age", cond=c(">", 18), where="country = 'US'")
    sql = rule("CustomSql", "select id from primary where id < 3")
    outcomes = evaluate(people, Ruleset((complete, count, adult, sql), ""), now=NOW)
    rows = row_level_outcomes(people, outcomes).orderBy("id").collect()
    got = [
        (
            sorted(r.DataQualityRulesPass),
            sorted(r.DataQualityRulesFail),
            sorted(r.DataQualityRulesSkip),
            r.DataQualityEvaluationResult,
        )
        for r in rows
    ]
    c_, n, a, s = complete.text, count.text, adult.text, sql.text
    assert got == [
        # ann: complete, US and 25 > 18, id 1 < 3
        (sorted([c_, a, s]), [], [n], "Passed"),
        # bob: complete, not US (skipped), id 2 < 3
        (sorted([c_, s]), [], sorted([n, a]), "Passed"),
        # null name, id 3 not returned by the SQL
        ([], sorted([c_, s]), sorted([n, a]), "Failed"),
        # dé: id 4 not returned
        ([c_], [s], sorted([n, a]), "Failed"),
    ]
    assert rows[0].name == "ann"  # the data's own columns stay


def _composite(op, *parts):
    return CompositeRule(op, parts, f" {op} ".join(f"({p.text})" for p in parts))


def test_nothing_to_measure_fails_never_passes(people):
    # a where that keeps no row: no rows to evaluate (a row-level rule could pass vacuously)
    empty = check(people, rule("IsComplete", "name", where="id > 99"), "Failed")
    assert empty.reason == "no rows to evaluate"
    # the mean of no non-null value (the null row alone)
    nulls = check(people, rule("Mean", "age", cond=c(">", 0), where="id = 3"), "Failed")
    assert nulls.reason == "no value to evaluate (no rows or only nulls)"
    # RowCount of no rows is 0, a value like any other
    check(people, rule("RowCount", cond=c("=", 0), where="id > 99"), "Passed")


def test_a_threshold_the_rule_type_does_not_take_is_unsupported(people):
    # Completeness takes no threshold (rules-config.json); only the parser would catch it
    odd = rule("Completeness", "name", cond=c(">", 0.5), threshold=c(">", 0.5))
    result = outcome(people, odd)
    assert (result.outcome, result.reason) == ("Unsupported", "with threshold on Completeness")


def test_an_unknown_composite_method_is_refused(people):
    with pytest.raises(ValueError, match="compositeRuleEvaluation.method must be COLUMN or ROW"):
        evaluate(people, Ruleset((), ""), now=NOW, composite="CELL")


def test_a_rule_spark_cannot_evaluate_fails_with_a_one_line_reason(people):
    # a where clause naming a column the frame does not have
    bad_where = check(people, rule("IsComplete", "name", where="nope > 1"), "Failed")
    assert bad_where.reason.startswith("could not evaluate: ")
    assert "nope" in bad_where.reason and "\n" not in bad_where.reason
    # a regular expression Java cannot compile
    bad_regex = check(people, rule("ColumnValues", "name", cond=c("matches", "[a-")), "Failed")
    assert bad_regex.reason.startswith("could not evaluate: ")
    assert "\n" not in bad_regex.reason
