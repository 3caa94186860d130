"""Glue cron expressions, parsed and checked at synth time.

Glue (like EventBridge) uses six fields: ``cron(Minutes Hours Day-of-month Month
Day-of-week Year)``. Exactly one of the two day fields is ``?``.

Beyond the syntax, a schedule that never fires is refused (issue 17): a range written
high to low, a date no month has (``cron(0 2 31 2 ? *)``), years all in the past.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

EXAMPLE = "cron(0 2 * * ? *)"

_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]


@dataclass(frozen=True)
class _Field:
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()
    question_mark: bool = False
    last: bool = False  # L
    weekday: bool = False  # W (nearest weekday)
    nth: bool = False  # "#" (nth weekday of the month)


_FIELDS = (
    _Field("minutes", 0, 59),
    _Field("hours", 0, 23),
    _Field("day-of-month", 1, 31, question_mark=True, last=True, weekday=True),
    _Field("month", 1, 12, names=tuple(_MONTHS)),
    _Field("day-of-week", 1, 7, names=tuple(_DAYS), question_mark=True, last=True, nth=True),
    _Field("year", 1970, 2199),
)

_CRON = re.compile(r"^cron\((.*)\)$")


@dataclass(frozen=True)
class GlueCron:
    """A Glue cron schedule split into its six fields (as written)."""

    expression: str
    minutes: str
    hours: str
    day_of_month: str
    month: str
    day_of_week: str
    year: str

    @classmethod
    def parse(cls, expression: str) -> GlueCron:
        """Parse ``expression``; raise ``ValueError`` listing every problem found."""
        problems = cron_problems(expression)
        if problems:
            raise ValueError("; ".join(problems))
        fields = _CRON.match(expression).group(1).split()  # type: ignore[union-attr]
        return cls(expression, *fields)


# Docs the schedule checks follow (cited in messages and tests).
EVENTBRIDGE_CRON_PAGE = (
    "EventBridge 'Cron expressions', "
    "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html"
)


def cron_problems(expression: object, *, now: datetime | None = None) -> list[str]:
    """Why ``expression`` is not a Glue cron expression that fires; empty when it is one.

    ``now`` (default: the current UTC time) is what "a year in the past" is measured from.
    """
    if not isinstance(expression, str):
        return [f"schedule must be a string like {EXAMPLE!r}, got {type(expression).__name__}"]
    problems = _syntax_problems(expression)
    if not problems:
        problems = _never_fires_problems(expression, now or datetime.now(timezone.utc))
    return problems


def _syntax_problems(expression: str) -> list[str]:
    # Refused, not stripped: the schedule is rendered into the template as written, so a
    # stripped check would pass what Glue then receives with the spaces (issue 17).
    if expression != expression.strip() or re.search(r"\(\s|\s\)|[^\S ]", expression):
        return [
            f"schedule {expression!r} has leading, trailing or non-space whitespace; the "
            f"template carries it as written, so write it without, e.g. {EXAMPLE!r}"
        ]
    match = _CRON.match(expression)
    if not match:
        return [f"schedule {expression!r} is not a Glue cron expression; expected e.g. {EXAMPLE!r}"]
    parts = match.group(1).split()
    if len(parts) != 6:
        return [
            f"schedule {expression!r} has {len(parts)} fields, Glue cron needs 6 (minutes hours "
            f"day-of-month month day-of-week year); expected e.g. {EXAMPLE!r}"
        ]
    problems = [
        f"schedule {expression!r}: {problem}"
        for field, text in zip(_FIELDS, parts, strict=True)
        for problem in _field_problems(field, text)
    ]
    if not problems:
        problems.extend(f"schedule {expression!r}: {p}" for p in _interval_problems(parts[0]))
    day_of_month, day_of_week = parts[2], parts[4]
    if (day_of_month == "?") == (day_of_week == "?"):
        problems.append(
            f"schedule {expression!r}: exactly one of day-of-month ({day_of_month!r}) and "
            f"day-of-week ({day_of_week!r}) must be '?'"
        )
    return problems


MIN_INTERVAL_MINUTES = 5


def minutes_of(field: str) -> list[int]:
    """The minutes of the hour a valid minutes field fires at."""
    minutes: set[int] = set()
    for item in field.split(","):
        base, _, step = item.partition("/")
        if base == "*":
            low, high = 0, 59
        else:
            low_text, dash, high_text = base.partition("-")
            low = int(low_text)
            high = int(high_text) if dash else (59 if step else low)
        minutes.update(range(low, high + 1, int(step) if step else 1))
    return sorted(minutes)


def _interval_problems(minute_field: str) -> list[str]:
    """Glue rejects schedules that fire more often than every 5 minutes."""
    minutes = minutes_of(minute_field)
    gaps = [b - a for a, b in zip(minutes, minutes[1:], strict=False)]
    if len(minutes) > 1:
        gaps.append(60 - minutes[-1] + minutes[0])
    if gaps and min(gaps) < MIN_INTERVAL_MINUTES:
        return [
            f"fires {min(gaps)} minute(s) apart; Glue schedules run at most every "
            f"{MIN_INTERVAL_MINUTES} minutes, e.g. 'cron(0/5 * * * ? *)'"
        ]
    return []


def _field_problems(field: _Field, text: str) -> list[str]:
    if text == "?":
        return [] if field.question_mark else [f"'?' is not allowed in {field.name}"]
    if text == "*":
        return []
    if field.last and text == "L":
        return []
    if field.weekday and re.fullmatch(r"(\d{1,2}|L)W", text):
        return _range_problems(field, text[:-1]) if text[0] != "L" else []
    if field.nth and "#" in text:
        day, _, nth = text.partition("#")
        problems = _range_problems(field, day)
        if not (nth.isdigit() and 1 <= int(nth) <= 5):
            problems.append(f"{field.name} '{text}': the week after '#' must be 1-5")
        return problems
    if field.last and text.endswith("L") and field.name == "day-of-week":
        return _range_problems(field, text[:-1])
    problems = []
    for item in text.split(","):
        base, slash, step = item.partition("/")
        if slash and not (step.isdigit() and int(step) > 0):
            problems.append(f"{field.name} '{item}': the step after '/' must be a positive number")
        if base == "*" and slash:
            continue
        low, dash, high = base.partition("-")
        bounds = _range_problems(field, low) + (_range_problems(field, high) if dash else [])
        if dash and not bounds and _number(low, field) > _number(high, field):
            bounds.append(_high_to_low(field, low, high, item[len(base) :]))
        problems.extend(bounds)
    return problems


def _high_to_low(field: _Field, low: str, high: str, step: str) -> str:
    # The EventBridge page defines '-' only as low to high ("1-15 includes days 1 through
    # 15") and says nothing of wrapping; glueforge used to count such a range as 0 runs.
    # Refused rather than guessed: the two halves say the same thing unambiguously.
    top = field.names[-1] if low.upper() in field.names else str(field.high)
    bottom = field.names[0] if high.upper() in field.names else str(field.low)
    # Years do not come round again: the only reading is the range turned round.
    fix = (
        f"{high}-{low}{step}"
        if field.name == "year"
        else f"{low}-{top}{step},{bottom}-{high}{step}"
    )
    return (
        f"{field.name} range '{low}-{high}{step}' runs high to low, which AWS does not document "
        f"({EVENTBRIDGE_CRON_PAGE}: '-' specifies ranges, '1-15 includes days 1 through 15'); "
        f"write '{fix}'"
    )


def _never_fires_problems(expression: str, now: datetime) -> list[str]:
    """Refuse a schedule with no run from ``now``'s month on (Feb 31, past years, ...)."""
    cron = GlueCron(expression, *_CRON.match(expression).group(1).split())  # type: ignore[union-attr]
    years = sorted(y for y in _values(cron.year, _FIELDS[5]) if y >= now.year)
    months = sorted(_values(cron.month, _FIELDS[3]))
    for year in years:
        for month in months:
            if (year, month) >= (now.year, now.month) and _days_of_month(cron, year, month):
                return []
    if not years:
        why = f"every year it names is before {now.year}"
    else:
        why = (
            f"no month it names from {now.year:04d}-{now.month:02d} on has a day it names "
            f"(e.g. day 31 of February)"
        )
    return [f"schedule {expression!r} never fires: {why}; it would deploy and never run"]


def _range_problems(field: _Field, value: str) -> list[str]:
    if value.isdigit() and field.low <= int(value) <= field.high:
        return []
    if value.upper() in field.names:
        return []
    allowed = f"{field.low}-{field.high}"
    if field.names:
        allowed += f" or {field.names[0]}-{field.names[-1]}"
    return [f"{field.name} value {value!r} is outside {allowed}"]


# ---- counting runs ---------------------------------------------------------------------

# The month cost estimates count runs in unless told otherwise: a 31-day month, so daily
# and hourly schedules are priced at their most expensive month length.
REFERENCE_MONTH = (2027, 1)


def runs_in_month(expression: str, year: int, month: int) -> int:
    """Exactly how many times a valid Glue cron fires in ``month`` of ``year`` (UTC)."""
    cron = GlueCron.parse(expression)
    if year not in _values(cron.year, _FIELDS[5]) or month not in _values(cron.month, _FIELDS[3]):
        return 0
    days = _days_of_month(cron, year, month)
    return len(days) * len(_values(cron.hours, _FIELDS[1])) * len(minutes_of(cron.minutes))


def _values(text: str, field: _Field) -> set[int]:
    """The values a list/range/step field matches (names allowed, as Glue allows them)."""
    if text in ("*", "?"):
        return set(range(field.low, field.high + 1))
    found: set[int] = set()
    for item in text.split(","):
        base, _, step = item.partition("/")
        if base == "*":
            low, high = field.low, field.high
        else:
            low_text, dash, high_text = base.partition("-")
            low = _number(low_text, field)
            high = _number(high_text, field) if dash else (field.high if step else low)
        found.update(range(low, high + 1, int(step) if step else 1))
    return found


def _number(text: str, field: _Field) -> int:
    if text.isdigit():
        return int(text)
    return field.names.index(text.upper()) + field.low


def _days_of_month(cron: GlueCron, year: int, month: int) -> list[int]:
    import calendar

    length = calendar.monthrange(year, month)[1]

    def weekday(day: int) -> int:  # 1 = SUN ... 7 = SAT, as in Glue cron
        return (calendar.weekday(year, month, day) + 1) % 7 + 1

    if cron.day_of_week == "?":
        text = cron.day_of_month
        if text == "L":
            return [length]
        if text.endswith("W"):
            target = length if text == "LW" else int(text[:-1])
            return [] if target > length else [_nearest_weekday(target, length, weekday)]
        return sorted(d for d in _values(text, _FIELDS[2]) if d <= length)
    text = cron.day_of_week
    days = range(1, length + 1)
    if text == "L":  # the last day of the week: Saturday
        return [d for d in days if weekday(d) == 7]
    if "#" in text:
        day_text, _, nth = text.partition("#")
        matching = [d for d in days if weekday(d) == _number(day_text, _FIELDS[4])]
        return matching[int(nth) - 1 : int(nth)]
    if text.endswith("L"):  # the last given weekday of the month, e.g. 6L
        matching = [d for d in days if weekday(d) == _number(text[:-1], _FIELDS[4])]
        return matching[-1:]
    wanted = _values(text, _FIELDS[4])
    return [d for d in days if weekday(d) in wanted]


def _nearest_weekday(day: int, length: int, weekday) -> int:
    """The weekday nearest ``day`` without leaving the month (Quartz's ``W``)."""
    if weekday(day) == 7:  # Saturday: Friday, or Monday when that leaves the month
        return day - 1 if day > 1 else day + 2
    if weekday(day) == 1:  # Sunday: Monday, or Friday when that leaves the month
        return day + 1 if day < length else day - 2
    return day
