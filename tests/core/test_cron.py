import pytest

from glueforge.core.cron import GlueCron, cron_problems, minutes_of


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 2 * * ? *)",
        "cron(15 12 * * ? *)",
        "cron(0/15 * * * ? *)",
        "cron(0 18 ? * MON-FRI *)",
        "cron(0 8 1 * ? *)",
        "cron(0 10 ? * 6L 2022-2030)",
        "cron(0 0 L * ? *)",
        "cron(0 0 15W * ? *)",
        "cron(0 0 ? * 2#1 *)",
        "cron(0,30 9-17 ? JAN-MAR MON *)",
        "cron(*/5 * * * ? *)",
    ],
)
def test_valid_expressions(expression):
    assert cron_problems(expression) == []
    assert GlueCron.parse(expression).expression == expression


@pytest.mark.parametrize(
    ("expression", "problem"),
    [
        ("every day", "is not a Glue cron expression; expected e.g. 'cron(0 2 * * ? *)'"),
        ("rate(1 day)", "is not a Glue cron expression"),
        ("cron(0 2 * *)", "has 4 fields, Glue cron needs 6"),
        ("cron(0 2 * * * *)", "exactly one of day-of-month ('*') and day-of-week ('*')"),
        ("cron(0 2 ? * ? *)", "exactly one of day-of-month"),
        ("cron(60 2 * * ? *)", "minutes value '60' is outside 0-59"),
        ("cron(0 24 * * ? *)", "hours value '24' is outside 0-23"),
        ("cron(0 2 32 * ? *)", "day-of-month value '32' is outside 1-31"),
        ("cron(0 2 * 13 ? *)", "month value '13' is outside 1-12 or JAN-DEC"),
        ("cron(0 2 ? * FUN *)", "day-of-week value 'FUN' is outside 1-7 or SUN-SAT"),
        ("cron(0 2 * * ? 1969)", "year value '1969' is outside 1970-2199"),
        ("cron(0/0 2 * * ? *)", "the step after '/' must be a positive number"),
        ("cron(0 2 ? * 2#6 *)", "the week after '#' must be 1-5"),
        ("cron(? 2 * * ? *)", "'?' is not allowed in minutes"),
        ("cron(0/2 * * * ? *)", "fires 2 minute(s) apart; Glue schedules run at most every 5"),
        ("cron(58,1 * * * ? *)", "fires 3 minute(s) apart"),
    ],
)
def test_invalid_expressions(expression, problem):
    problems = cron_problems(expression)
    assert any(problem in p for p in problems), problems
    with pytest.raises(ValueError):
        GlueCron.parse(expression)


def test_not_a_string():
    assert cron_problems(5) == ["schedule must be a string like 'cron(0 2 * * ? *)', got int"]


def test_minutes_expand():
    assert minutes_of("0/15") == [0, 15, 30, 45]
    assert minutes_of("5,10-12") == [5, 10, 11, 12]
    assert minutes_of("*/20") == [0, 20, 40]
