"""Athena partition projection's dates, defined once: NOW expressions, DateTimeFormatter
patterns, interval units, and stepping a date by a unit.

Pure Python (no aws-cdk-lib): the synth-time checks of :mod:`glueforge.catalog.projection`
and the local runs of :mod:`glueforge.local.projection` both read them, so a range that
synth accepts is the range a local run lists.

Source: "Supported types for partition projection", date type,
https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html ;
pattern letters: ``java.time.format.DateTimeFormatter`` ("Patterns for Formatting and
Parsing", JDK docs), which the page names for ``projection.<col>.format``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

# "relative date strings, formatted in this regular expression pattern:
# \s*NOW\s*(([\+\-])\s*([0-9]+)\s*(YEARS?|MONTHS?|WEEKS?|DAYS?|HOURS?|MINUTES?|SECONDS?)\s*)?"
# Case-sensitive, as the page writes it: the page calls the type and interval.unit values
# "case insensitive" and says no such thing of range values, so "now" is not NOW.
NOW_EXPRESSION = re.compile(
    r"\s*NOW\s*(?:([+-])\s*([0-9]+)\s*(YEARS?|MONTHS?|WEEKS?|DAYS?|HOURS?|MINUTES?|SECONDS?)\s*)?"
)

# projection.<col>.interval.unit: "Possible values are YEARS, MONTHS, WEEKS, DAYS, HOURS,
# MINUTES, SECONDS, or MILLISECONDS. These values are case insensitive." Coarsest first:
# the rank says which units a format can show.
INTERVAL_UNITS = ("YEARS", "MONTHS", "WEEKS", "DAYS", "HOURS", "MINUTES", "SECONDS",
                  "MILLISECONDS")  # fmt: skip
UNIT_RANK = {unit: rank for rank, unit in enumerate(INTERVAL_UNITS)}
_SECONDS = {"WEEKS": 604800, "DAYS": 86400, "HOURS": 3600, "MINUTES": 60, "SECONDS": 1}

# DateTimeFormatter pattern letters, each with the finest unit it shows; None: shows no
# time unit (era, zone, offset).
PATTERN_LETTERS = {
    "G": None, "u": "YEARS", "y": "YEARS", "Y": "YEARS", "Q": "MONTHS", "q": "MONTHS",
    "M": "MONTHS", "L": "MONTHS", "w": "WEEKS", "W": "WEEKS", "D": "DAYS", "d": "DAYS",
    "E": "DAYS", "e": "DAYS", "c": "DAYS", "F": "DAYS", "g": "DAYS", "a": "HOURS",
    "B": "HOURS", "h": "HOURS", "K": "HOURS", "k": "HOURS", "H": "HOURS", "m": "MINUTES",
    "s": "SECONDS", "S": "MILLISECONDS", "A": "MILLISECONDS", "n": "MILLISECONDS",
    "N": "MILLISECONDS", "V": None, "v": None, "z": None, "O": None, "X": None, "x": None,
    "Z": None,
}  # fmt: skip
# Runs of pattern letters that Python reads and writes as DateTimeFormatter does (its
# English names: Python's default C locale). "yy" and "SSS" need more than the code:
# see parse_date and format_date.
PYTHON_CODES = {"yyyy": "%Y", "uuuu": "%Y", "yy": "%y", "MM": "%m", "MMM": "%b", "dd": "%d",
                "EEE": "%a", "HH": "%H", "mm": "%M", "ss": "%S", "SSS": "%f"}  # fmt: skip
# A quoted literal, a run of one pattern letter, or other text.
_RUNS = re.compile(r"'[^']*'|([A-Za-z])\1*|[^A-Za-z']+")


def unit_name(unit: object) -> str:
    """An interval unit as :data:`INTERVAL_UNITS` spells it: upper case (the page: "case
    insensitive"), ``MILLIS`` as ``MILLISECONDS``; the name of an enum member's value."""
    name = str(getattr(unit, "value", unit)).strip().upper()
    return "MILLISECONDS" if name == "MILLIS" else name


def finest_unit(pattern: str) -> str | None:
    """The finest unit a DateTimeFormatter ``pattern`` shows.

    :raises ValueError: naming what is wrong, when ``pattern`` is not a pattern or shows
        no date.
    """
    if not isinstance(pattern, str) or not pattern.strip():
        raise ValueError("format must be a DateTimeFormatter pattern, e.g. 'yyyy-MM-dd'")
    unquoted = re.sub(r"'[^']*'", "", pattern)
    if "'" in unquoted:
        raise ValueError(f"format {pattern!r} has an unclosed quote")
    unknown = sorted({c for c in unquoted if c.isalpha() and c not in PATTERN_LETTERS})
    if unknown:
        raise ValueError(
            f"format {pattern!r} uses {' '.join(unknown)}, which are not DateTimeFormatter "
            "pattern letters; expected e.g. 'yyyy-MM-dd' or 'yyyy/MM/dd/HH'"
        )
    units = [PATTERN_LETTERS[c] for c in unquoted if PATTERN_LETTERS.get(c)]
    if not units:
        raise ValueError(f"format {pattern!r} shows no date, e.g. 'yyyy-MM-dd'")
    return max(units, key=UNIT_RANK.__getitem__)


def unsupported_runs(pattern: str) -> list[str]:
    """The letter runs of ``pattern`` that Python cannot read and write as Java does
    (not in :data:`PYTHON_CODES`); empty when :func:`parse_date` and
    :func:`format_date` take it."""
    return [text for text in _runs(pattern) if text[0].isalpha() and text not in PYTHON_CODES]


def parse_date(value: str, pattern: str) -> datetime:
    """``value``, written in ``pattern``, as a naive datetime.

    "yy" reads as Java does, 2000 to 2099 (DateTimeFormatter's reduced year, base
    2000), not as Python's ``%y`` (1969 to 2068).

    :raises ValueError: when ``value`` is not in ``pattern``, or ``pattern`` has a run
        :func:`unsupported_runs` names.
    """
    moment = datetime.strptime(value.strip(), _python_pattern(pattern))
    if "yy" in _runs(pattern) and moment.year < 2000:
        moment = moment.replace(year=moment.year + 100)
    return moment


def format_date(moment: datetime, pattern: str) -> str:
    """``moment`` written in ``pattern`` ("SSS": milliseconds, three digits).

    :raises ValueError: when ``pattern`` has a run :func:`unsupported_runs` names.
    """
    out = []
    for text in _runs(pattern):
        if text == "SSS":
            out.append(f"{moment.microsecond // 1000:03d}")
        else:
            out.append(moment.strftime(_python_pattern(text)))
    return "".join(out)


def shift(moment: datetime, amount: int, unit: str) -> datetime:
    """``moment`` plus ``amount`` of ``unit`` (one of :data:`INTERVAL_UNITS`, or its
    singular). Months and years keep the day where the month has it, else its last day
    (Java's ``plusMonths``: 31 January plus a month is 28 or 29 February).

    :raises ValueError: for a unit not in :data:`INTERVAL_UNITS`.
    """
    name = unit_name(unit)
    unit = name if name in UNIT_RANK else name + "S"
    if unit in ("YEARS", "MONTHS"):
        months = moment.year * 12 + moment.month - 1 + amount * (12 if unit == "YEARS" else 1)
        year, month = divmod(months, 12)
        day = min(moment.day, _days_in_month(year, month + 1))
        return moment.replace(year=year, month=month + 1, day=day)
    if unit == "MILLISECONDS":
        return moment + timedelta(milliseconds=amount)
    if unit not in _SECONDS:
        raise ValueError(f"date interval unit {name!r} is not one of {', '.join(INTERVAL_UNITS)}")
    return moment + timedelta(seconds=amount * _SECONDS[unit])


def resolve_now(value: str, now: datetime) -> datetime | None:
    """``value`` as a NOW expression resolved against ``now``; None when it is not one."""
    match = NOW_EXPRESSION.fullmatch(value)
    if match is None:
        return None
    sign, amount, unit = match.groups()
    if sign is None:
        return now
    return shift(now, int(amount) * (1 if sign == "+" else -1), unit)


# ---- helpers --------------------------------------------------------------------------


def _runs(pattern: str) -> list[str]:
    return [run.group(0) for run in _RUNS.finditer(pattern)]


def _python_pattern(pattern: str) -> str:
    out = []
    for text in _runs(pattern):
        if text.startswith("'"):
            out.append(text[1:-1].replace("%", "%%") or "'")
        elif text[0].isalpha():
            if text not in PYTHON_CODES:
                raise ValueError(f"pattern {pattern!r}: Python cannot read or write {text!r}")
            out.append(PYTHON_CODES[text])
        else:
            out.append(text.replace("%", "%%"))
    return "".join(out)


def _days_in_month(year: int, month: int) -> int:
    following = datetime(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day
