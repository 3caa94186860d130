from datetime import datetime, timezone

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


# ---- issue 17: schedules that would deploy and never run, or deploy other than checked ----

_NOW = datetime(2026, 11, 29, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "expression",
    [
        " cron(0 2 * * ? *)",
        "cron(0 2 * * ? *) ",
        "cron( 0 2 * * ? *)",
        "cron(0 2 * * ? * )",
        "cron(0\t2 * * ? *)",
        "cron(0 2 * * ? *)\n",
    ],
)
def test_whitespace_the_template_would_keep_is_refused(expression):
    # The schedule is rendered as written: checking a stripped copy would pass what Glue
    # then receives with the spaces.
    assert cron_problems(expression, now=_NOW) == [
        f"schedule {expression!r} has leading, trailing or non-space whitespace; the template "
        "carries it as written, so write it without, e.g. 'cron(0 2 * * ? *)'"
    ]


@pytest.mark.parametrize(
    ("expression", "field", "range_", "fix"),
    [
        ("cron(0 22-2 * * ? *)", "hours", "22-2", "22-23,0-2"),
        ("cron(50-10/5 * * * ? *)", "minutes", "50-10/5", "50-59/5,0-10/5"),
        ("cron(0 2 20-5 * ? *)", "day-of-month", "20-5", "20-31,1-5"),
        ("cron(0 2 ? * FRI-MON *)", "day-of-week", "FRI-MON", "FRI-SAT,SUN-MON"),
        ("cron(0 2 * NOV-FEB ? *)", "month", "NOV-FEB", "NOV-DEC,JAN-FEB"),
        ("cron(0 2 * * ? 2030-2027)", "year", "2030-2027", "2027-2030"),
    ],
)
def test_high_to_low_ranges_are_refused_citing_eventbridge(expression, field, range_, fix):
    # EventBridge "Cron expressions"
    # (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html)
    # defines '-' as a range, "1-15 includes days 1 through 15", and never says a range
    # wraps; glueforge used to accept these and count 0 runs, so it refuses them.
    problems = cron_problems(expression, now=_NOW)
    assert len(problems) == 1
    assert problems[0].startswith(
        f"schedule {expression!r}: {field} range '{range_}' runs high to low, which AWS does "
        "not document (EventBridge 'Cron expressions', https://docs.aws.amazon.com/"
    )
    assert problems[0].endswith(f"write '{fix}'")
    assert cron_problems(expression.replace(range_, fix), now=_NOW) == []


@pytest.mark.parametrize(
    ("expression", "why"),
    [
        # February has 28 or 29 days: days 30 and 31 never come.
        ("cron(0 2 31 2 ? *)", "no month it names from 2026-11 on has a day it names"),
        ("cron(0 2 30 FEB ? *)", "no month it names from 2026-11 on has a day it names"),
        # April, June, September, November have 30 days.
        ("cron(0 2 31 APR,JUN,SEP,NOV ? *)", "no month it names from 2026-11 on"),
        # 29 February in 2027-2031 falls only in 2028: 2029-2031 have none.
        ("cron(0 2 29 2 ? 2029-2031)", "no month it names from 2026-11 on"),
        ("cron(0 2 * * ? 2020)", "every year it names is before 2026"),
        ("cron(0 2 * * ? 2001-2025)", "every year it names is before 2026"),
        # 2026 is this year, but its only month (March) is past.
        ("cron(0 2 * 3 ? 2026)", "no month it names from 2026-11 on"),
    ],
)
def test_schedules_that_never_fire_are_refused(expression, why):
    assert cron_problems(expression, now=_NOW) == [
        f"schedule {expression!r} never fires: {why}"
        + cron_problems(expression, now=_NOW)[0].split(why, 1)[1]
    ]
    assert cron_problems(expression, now=_NOW)[0].endswith("it would deploy and never run")


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 2 29 2 ? *)",  # leap days come round
        "cron(0 2 29 2 ? 2028)",
        "cron(0 2 * 12 ? 2026)",  # this month and year still fire
        "cron(0 2 ? * 6#5 *)",  # some months have a fifth Friday
        "cron(0 2 31 * ? *)",
    ],
)
def test_schedules_that_fire_are_kept(expression):
    assert cron_problems(expression, now=_NOW) == []
