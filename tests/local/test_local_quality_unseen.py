"""An unseen DQDL ruleset (used nowhere else) over 12 hand-written orders, parsed by
glueforge's parser and evaluated on local Spark; the expected outcomes are worked out by
hand below and the metrics re-computed in plain Python over the same rows (no Spark, no
glueforge code).

Semantics: https://docs.aws.amazon.com/glue/latest/dg/dqdl.html and the per-rule pages
(``between`` exclusive per awslabs/dqdl ConditionTest; StandardDeviation the population
one; NULL rows ignored by Mean/Sum/StandardDeviation; ColumnLength NULL = length 0).
"""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest

from glueforge.local.quality import evaluate, row_level_outcomes
from glueforge.quality.parser import parse_ruleset

NOW = datetime(2026, 11, 30, 12, 0)

# order_id, customer, status, amount, qty, email, created
ROWS = [
    (1, "c1", "paid", 10.0, 1, "a@x.com", date(2026, 11, 29)),
    (2, "c2", "paid", 20.0, 2, "b@x.com", date(2026, 11, 28)),
    (3, "c1", "open", 5.5, 1, None, date(2026, 11, 29)),
    (4, "c3", "shipped", 100.0, 5, "c@x.com", date(2026, 11, 10)),
    (5, "c4", "paid", None, 3, "d@x.com", date(2026, 11, 29)),
    (6, "c2", "cancelled", 0.0, 0, "e@y.org", date(2026, 11, 27)),
    (7, "c5", "paid", 42.0, 2, "f@x.com", date(2026, 11, 30)),
    (8, "c6", "open", 7.25, 1, "", date(2026, 11, 26)),
    (9, "c1", "paid", 13.0, 1, "g@x.com", date(2026, 11, 25)),
    (10, "c7", "refunded", 60.0, 4, "h@x.com", date(2026, 11, 29)),
    (11, "c8", "paid", 3.0, 1, "i@x.com", None),
    (12, "c2", "open", 9.0, 2, "j@x.com", date(2026, 11, 28)),
]
SCHEMA = (
    "order_id int, customer string, status string, amount double, qty int, email string, "
    "created date"
)

RULESET = """
# orders, as a reviewer would write them
Rules = [
    RowCount between 10 and 12,
    IsUnique "order_id",
    Completeness "amount" >= 0.9,
    ColumnValues "status" in ["paid", "open", "shipped", "cancelled"] with threshold > 0.9,
    ColumnValues "email" matches "[a-z]+@x[.]com" where "status = 'paid'",
    Mean "amount" between 20 and 30,
    Sum "qty" > 23,
    DistinctValuesCount "customer" = 8,
    Uniqueness "customer" > 0.5,
    ColumnLength "email" >= 7,
    (ColumnValues "qty" > 0) or (ColumnValues "amount" > 1000),
    (IsComplete "order_id") and (ColumnValues "created" > (now() - 7 days) with threshold >= 0.75),
    CustomSql "select sum(amount) from primary where status = 'paid'" between 80 and 90,
    CustomSql "select order_id from primary where amount > 5",
    ColumnValues "customer" not in ["c9"],
    StandardDeviation "qty" < 1.4
]
"""

EXPECTED = [
    # 12 rows; between is exclusive, so 12 is not between 10 and 12
    "Failed",
    # order ids 1..12 all distinct
    "Passed",
    # 11 of 12 amounts non-null = 0.9167 >= 0.9
    "Passed",
    # only "refunded" (row 10) is outside the list: 11/12 = 0.9167 > 0.9
    "Passed",
    # paid rows 1, 2, 5, 7, 9, 11: a@ b@ d@ f@ g@ i@x.com all match
    "Passed",
    # (10 + 20 + 5.5 + 100 + 0 + 42 + 7.25 + 13 + 60 + 3 + 9) / 11 = 269.75 / 11 = 24.52
    "Passed",
    # 1+2+1+5+3+0+2+1+1+4+1+2 = 23, not > 23
    "Failed",
    # c1..c8
    "Passed",
    # c1 x3, c2 x3, c3..c8 once each: 6 / 12 = 0.5, not > 0.5
    "Failed",
    # "" (row 8) and NULL (row 3) have length 0 < 7
    "Failed",
    # qty 0 in row 6 fails the first part; no amount > 1000: both parts fail
    "Failed",
    # ids complete; created > 2026-11-23: all but row 4 (11-10) and row 11 (null):
    # 10/12 = 0.833 >= 0.75; both parts pass
    "Passed",
    # paid amounts 10 + 20 + null + 42 + 13 + 3 = 88, between 80 and 90
    "Passed",
    # amount > 5 holds for 9 rows; rows 5 (null), 6 (0), 11 (3) are not returned
    "Failed",
    # nobody is c9
    "Passed",
    # population std of qty: E[x^2] = 67/12, mean 23/12 -> sqrt(67/12 - (23/12)^2) = 1.382
    # (< 1.4; the sample std, 1.443, would fail)
    "Passed",
]


@pytest.fixture(scope="module")
def outcomes(spark):
    ruleset, problems = parse_ruleset(RULESET)
    assert problems == []
    df = spark.createDataFrame(ROWS, SCHEMA)
    return df, evaluate(df, ruleset, now=NOW)


def test_every_rule_has_the_outcome_worked_out_by_hand(outcomes):
    _, results = outcomes
    got = [(r.rule, r.outcome) for r in results]
    assert [o for _, o in got] == EXPECTED, got


def test_metrics_match_plain_python_over_the_same_rows(outcomes):
    _, results = outcomes
    by_rule = {r.rule.split()[0] + " " + r.rule.split()[1]: r.metrics for r in results}
    amounts = [r[3] for r in ROWS if r[3] is not None]
    qty = [r[4] for r in ROWS]
    mean_qty = sum(qty) / len(qty)
    population = math.sqrt(sum((q - mean_qty) ** 2 for q in qty) / len(qty))
    customers = [r[1] for r in ROWS]
    once = sum(1 for c in set(customers) if customers.count(c) == 1)
    assert by_rule['Mean "amount"']["Column.amount.Mean"] == pytest.approx(
        sum(amounts) / len(amounts)
    )
    assert by_rule['Sum "qty"']["Column.qty.Sum"] == sum(qty)
    assert by_rule['StandardDeviation "qty"']["Column.qty.StandardDeviation"] == pytest.approx(
        population
    )
    assert by_rule['Uniqueness "customer"']["Column.customer.Uniqueness"] == once / len(ROWS)
    assert by_rule['Completeness "amount"']["Column.amount.Completeness"] == len(amounts) / 12
    assert by_rule["RowCount between"]["Dataset.*.RowCount"] == len(ROWS)


def test_row_level_outcomes_fail_exactly_the_rows_a_row_level_rule_failed(outcomes):
    df, results = outcomes
    rows = row_level_outcomes(df, results).orderBy("order_id").collect()
    failed = [r.order_id for r in rows if r.DataQualityEvaluationResult == "Failed"]
    # plain Python over ROWS: a row fails when it fails any rule with row-level results
    # (dataset-level rules such as Mean are skipped per row; Uniqueness and Completeness
    # have row-level results, as in Deequ)
    customers = [r[1] for r in ROWS]
    by_hand = [
        r[0]
        for r in ROWS
        if r[3] is None  # Completeness: a null amount
        or customers.count(r[1]) > 1  # Uniqueness: a customer that occurs more than once
        or r[2] not in ("paid", "open", "shipped", "cancelled")  # status list
        or (r[2] == "paid" and not (r[5] or "").endswith("@x.com"))  # email where paid
        or len(r[5] or "") < 7  # ColumnLength
        or not (r[4] > 0 or (r[3] is not None and r[3] > 1000))  # row-wise or
        or r[6] is None
        or r[6] <= date(2026, 11, 23)  # the and: created part
        or not (r[3] is not None and r[3] > 5)  # row-level CustomSql
    ]
    # only order 7 (c5, paid, 42.0, f@x.com, 11-30) passes every row-level rule
    assert failed == by_hand == [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]
