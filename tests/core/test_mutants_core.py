"""Cron counting that deliberate bugs once slipped past (issue 17, section 7)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glueforge.core.cron import runs_in_month


def test_day_of_week_l_is_saturday_in_a_month_with_more_saturdays_than_sundays():
    # Kills: day-of-week `L` read as Sunday. AWS: "L" in day-of-week is the last day of
    # the week, Saturday. 1 Jan 2027 is a Friday; January to June hold 31+28+31+30+31+30 =
    # 181 days = 25 weeks + 6 days, so 1 July 2027 is Friday + 6 = a Thursday. July has 31
    # days, so it ends Thu 29, Fri 30, Sat 31:
    #   Saturdays: 3, 10, 17, 24, 31 -> 5 runs
    #   Sundays:   4, 11, 18, 25     -> 4 runs (what the Sunday reading would count)
    assert runs_in_month("cron(0 12 ? * L *)", 2027, 7) == 5


def test_day_of_week_7_and_sat_agree_with_l():
    # The same Saturdays, spelt three ways (July 2027 as worked out above).
    for day in ("7", "SAT", "L"):
        assert runs_in_month(f"cron(30 6 ? * {day} *)", 2027, 7) == 5
    # ... and Sunday, spelt two ways, is 4.
    for day in ("1", "SUN"):
        assert runs_in_month(f"cron(30 6 ? * {day} *)", 2027, 7) == 4


def test_last_friday_of_the_month_runs_once():
    # 6L: the last Friday, once a month (30 July 2027), not every Friday (5 of them).
    assert runs_in_month("cron(0 10 ? * 6L *)", 2027, 7) == 1


# Days in each month of 2028, a leap year, from the rhyme ("Thirty days hath September").
_DAYS_2028 = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


@settings(max_examples=200, deadline=None)
@given(
    minute=st.integers(0, 59),
    hours=st.sets(st.integers(0, 23), min_size=1, max_size=5),
    month=st.integers(1, 12),
)
def test_a_daily_schedule_runs_once_per_day_and_listed_hour(minute, hours, month):
    # Replaces the fuzz property `runs_in_month(...) >= 0` on random text (which almost
    # never parses): a valid daily cron at N listed hours runs N times on each day.
    hour_list = ",".join(str(h) for h in sorted(hours))
    expression = f"cron({minute} {hour_list} * * ? *)"
    assert runs_in_month(expression, 2028, month) == _DAYS_2028[month] * len(hours)


@settings(max_examples=100, deadline=None)
@given(step=st.sampled_from([5, 6, 10, 12, 15, 20, 30]), month=st.integers(1, 12))
def test_every_n_minutes_runs_60_over_n_times_an_hour(step, month):
    # Glue allows no step under 5 minutes; N divides 60, so each hour has 60 / N runs.
    expression = f"cron(0/{step} * * * ? *)"
    assert runs_in_month(expression, 2028, month) == _DAYS_2028[month] * 24 * (60 // step)


def test_a_schedule_outside_its_year_or_month_does_not_run():
    assert runs_in_month("cron(0 2 * * ? 2030)", 2028, 1) == 0
    assert runs_in_month("cron(0 2 * FEB ? *)", 2028, 3) == 0
    # 29 February 2028 exists; 30 February never does.
    assert runs_in_month("cron(0 2 29 FEB ? *)", 2028, 2) == 1
    # Issue 17: a schedule that never fires is refused rather than counted as 0 runs.
    with pytest.raises(ValueError, match="never fires"):
        runs_in_month("cron(0 2 30 FEB ? *)", 2028, 2)


def test_w_on_a_day_the_month_lacks_never_runs():
    # 31W in April (30 days) and 30W in February: no such day, so no nearest weekday.
    assert runs_in_month("cron(0 0 31W * ? *)", 2027, 4) == 0
    assert runs_in_month("cron(0 0 30W * ? *)", 2028, 2) == 0
    # 29 February 2028 exists (a Tuesday: 1 Jan 2028 is a Saturday, +31 days = Tue 1 Feb).
    assert runs_in_month("cron(0 0 29W * ? *)", 2028, 2) == 1
    assert runs_in_month("cron(0 0 LW * ? *)", 2028, 2) == 1


def _weekday_count(year: int, month: int, glue_day: int) -> int:
    """How many of Glue's weekday ``glue_day`` (1 = SUN ... 7 = SAT) ``month`` holds,
    counted with the standard library's calendar (not the code under test)."""
    python_day = (glue_day - 2) % 7  # Python: 0 = Monday ... 6 = Sunday
    day = datetime.date(year, month, 1)
    count = 0
    while day.month == month:
        count += day.weekday() == python_day
        day += datetime.timedelta(days=1)
    return count


@settings(max_examples=150, deadline=None)
@given(
    glue_day=st.integers(1, 7),
    nth=st.integers(1, 5),
    year=st.integers(2027, 2035),
    month=st.integers(1, 12),
)
def test_weekly_and_nth_weekday_schedules_count_their_weekdays(glue_day, nth, year, month):
    count = _weekday_count(year, month, glue_day)
    assert runs_in_month(f"cron(0 3 ? * {glue_day} *)", year, month) == count
    assert runs_in_month(f"cron(0 3 ? * {glue_day}#{nth} *)", year, month) == int(count >= nth)
    assert runs_in_month(f"cron(0 3 ? * {glue_day}L *)", year, month) == 1


# ---- which day W picks (found by mutation testing: only the count was ever checked) ----


def _w_day(expression: str, year: int, month: int) -> list[int]:
    from glueforge.core.cron import GlueCron, _days_of_month

    return _days_of_month(GlueCron.parse(expression), year, month)


@pytest.mark.parametrize(
    ("expression", "year", "month", "day"),
    [
        # 1 Jan 2028 is a Saturday (1 Jan 2027 is a Friday; 2027 has 365 days = 52 weeks
        # + 1 day). Quartz's W (which AWS's cron follows: "the nearest weekday") never
        # leaves the month: 1W on a Saturday is Monday the 3rd, not Friday 31 December.
        ("cron(0 0 1W * ? *)", 2028, 1, 3),
        # Saturday 15 January 2028 -> Friday 14; Sunday 16 -> Monday 17.
        ("cron(0 0 15W * ? *)", 2028, 1, 14),
        ("cron(0 0 16W * ? *)", 2028, 1, 17),
        # Sunday 30 January 2028 -> Monday 31 (still January).
        ("cron(0 0 30W * ? *)", 2028, 1, 31),
        # A weekday is itself: Tuesday 4 January 2028.
        ("cron(0 0 4W * ? *)", 2028, 1, 4),
        # 2 Jan 2027 is a Saturday (the 1st is a Friday) -> Friday the 1st.
        ("cron(0 0 2W * ? *)", 2027, 1, 1),
        # April 2028: 1 Apr = 1 Jan + 91 days (31 + 29 + 31) = Saturday + 0 weeks = Saturday,
        # so 30 April is a Sunday; the Monday after is in May, so 30W and LW are Friday 28.
        ("cron(0 0 30W * ? *)", 2028, 4, 28),
        ("cron(0 0 LW * ? *)", 2028, 4, 28),
    ],
)
def test_w_picks_the_nearest_weekday_inside_the_month(expression, year, month, day):
    assert _w_day(expression, year, month) == [day]


# ---- validation edges found by mutation testing ------------------------------------------

_NOW = datetime.datetime(2026, 11, 29, tzinfo=datetime.timezone.utc)


def _problems(expression: str) -> list[str]:
    from glueforge.core.cron import cron_problems

    return cron_problems(expression, now=_NOW)


def test_every_problem_is_reported_joined_in_one_error():
    from glueforge.core.cron import GlueCron

    expression = "cron(70 25 * * ? *)"
    with pytest.raises(ValueError) as caught:
        GlueCron.parse(expression)
    assert str(caught.value) == (
        f"schedule {expression!r}: minutes value '70' is outside 0-59; "
        f"schedule {expression!r}: hours value '25' is outside 0-23"
    )


@pytest.mark.parametrize(
    ("minutes", "gap"),
    [
        ("10,13", 3),  # 13 - 10: the gap inside the hour
        ("0,20,58", 2),  # 58 -> 0 of the next hour: 60 - 58 + 0, the gap across the hour
    ],
)
def test_schedules_closer_than_five_minutes_are_refused(minutes, gap):
    # "Glue schedules run at most every 5 minutes": the smallest gap, wrapping the hour
    assert _problems(f"cron({minutes} * * * ? *)") == [
        f"schedule 'cron({minutes} * * * ? *)': fires {gap} minute(s) apart; Glue schedules "
        "run at most every 5 minutes, e.g. 'cron(0/5 * * * ? *)'"
    ]


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 0/1 * * ? *)",  # a step of 1 is a positive number
        "cron(0 5-5 * * ? *)",  # a range of one value runs low to high
        "cron(0 2 ? * 6#3 *)",
        "cron(0 2 LW * ? *)",
        "cron(0 2 1 NOV ? 2026)",  # fires in now's month (November 2026): not "never"
    ],
)
def test_valid_edges_are_accepted(expression):
    assert _problems(expression) == []


@pytest.mark.parametrize(
    ("expression", "problem"),
    [
        ("cron(0 2 32W * ? *)", "day-of-month value '32' is outside 1-31"),
        ("cron(0 2 ? * 10L *)", "day-of-week value '10' is outside 1-7 or SUN-SAT"),
        ("cron(0 */2,25 * * ? *)", "hours value '25' is outside 0-23"),
        ("cron(1-70 * * * ? *)", "minutes value '70' is outside 0-59"),
        ("cron(0 2 ? * 6#3#1 *)", "day-of-week '6#3#1': the week after '#' must be 1-5"),
    ],
)
def test_out_of_range_parts_are_refused(expression, problem):
    assert f"schedule {expression!r}: {problem}" in _problems(expression)


def test_a_step_on_a_star_counts_every_nth_hour():
    # */2 in hours: 0, 2, ..., 22 -> 12 runs a day, 31 days in January 2027
    assert runs_in_month("cron(0 */2 * * ? *)", 2027, 1) == 12 * 31


def test_the_last_given_weekday_is_that_weekday():
    # 6L: the last Friday of July 2027, the 30th (1 July 2027 is a Thursday, see above)
    from glueforge.core.cron import GlueCron, _days_of_month

    assert _days_of_month(GlueCron.parse("cron(0 10 ? * 6L *)"), 2027, 7) == [30]
