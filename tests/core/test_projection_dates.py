"""Athena partition projection's dates (glueforge.core.projection_dates).

Expected values are worked by hand from "Supported types for partition projection"
(https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html)
and java.time.format.DateTimeFormatter's documented pattern letters ("yy": "For parsing,
this will parse using the base value of 2000, resulting in a year within the range 2000
to 2099 inclusive").
"""

from __future__ import annotations

from datetime import datetime

import pytest

from glueforge.core.projection_dates import (
    finest_unit,
    format_date,
    parse_date,
    resolve_now,
    shift,
    unit_name,
    unsupported_runs,
)

NOW = datetime(2026, 3, 31, 5, 30)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("NOW", datetime(2026, 3, 31, 5, 30)),
        (" NOW - 1 MONTH ", datetime(2026, 2, 28, 5, 30)),  # no 31 February: its last day
        ("NOW+1YEARS", datetime(2027, 3, 31, 5, 30)),
        ("NOW-2WEEKS", datetime(2026, 3, 17, 5, 30)),
        ("NOW-90SECONDS", datetime(2026, 3, 31, 5, 28, 30)),
    ],
)
def test_now_expressions(value, expected):
    assert resolve_now(value, NOW) == expected


@pytest.mark.parametrize("value", ["now", "Now-1DAYS", "NOW-1days", "NOW-1FORTNIGHT", "2026"])
def test_not_now_expressions(value):
    # The page's pattern is upper case; only type and interval.unit are case insensitive.
    assert resolve_now(value, NOW) is None


def test_shift_steps_every_unit_of_the_page():
    start = datetime(2024, 1, 31, 23, 59, 59, 999000)
    assert shift(start, 1, "MONTHS") == datetime(2024, 2, 29, 23, 59, 59, 999000)  # leap
    assert shift(start, 1, "years") == datetime(2025, 1, 31, 23, 59, 59, 999000)
    assert shift(start, 1, "MILLISECONDS") == datetime(2024, 2, 1)
    assert shift(start, -1, "DAY") == datetime(2024, 1, 30, 23, 59, 59, 999000)
    with pytest.raises(ValueError, match="unit 'FORTNIGHTS' is not one of YEARS"):
        shift(start, 1, "FORTNIGHTS")


def test_unit_names_are_case_insensitive():
    assert unit_name("days") == "DAYS"
    assert unit_name("Millis") == "MILLISECONDS"


def test_two_digit_years_read_as_java_does():
    assert parse_date("99", "yy").year == 2099
    assert parse_date("00", "yy").year == 2000
    assert format_date(datetime(2099, 1, 1), "yy") == "99"


def test_milliseconds_quoted_text_and_names():
    moment = datetime(2026, 1, 5, 7, 8, 9, 45000)
    pattern = "EEE dd MMM yyyy'T'HH:mm:ss.SSS"
    assert format_date(moment, pattern) == "Mon 05 Jan 2026T07:08:09.045"
    assert parse_date("Mon 05 Jan 2026T07:08:09.045", pattern) == moment


def test_finest_unit_and_what_python_cannot_write():
    assert finest_unit("yyyy/MM/dd/HH") == "HOURS"
    assert finest_unit("yyyy-MM-dd'T'") == "DAYS"
    assert finest_unit("yyyy-MM-dd HH:mm:ss.SSS") == "MILLISECONDS"
    with pytest.raises(ValueError, match="uses i, which are not DateTimeFormatter"):
        finest_unit("yyyy-ii")
    assert unsupported_runs("yyyy-DDD 'day'") == ["DDD"]
    assert unsupported_runs("yyyy-MM-dd") == []
