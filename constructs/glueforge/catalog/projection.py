"""Athena partition projection as typed props, checked at synth.

Each projection says how Athena computes one partition column's values instead of
listing the catalog's partitions; :class:`~glueforge.catalog.table.Table` renders them
through aws-cdk-lib's ``aws_glue.PartitionProjectionConfiguration`` (which writes the
``projection.*`` table properties and ``projection.enabled``) and checks what the L2 does
not: a range that can never match, a date format that cannot show the interval, a
column type the projection cannot fill.

Sources: "Supported types for partition projection"
https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html ;
"Setting up partition projection"
https://docs.aws.amazon.com/athena/latest/ug/partition-projection-setting-up.html .
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar

from aws_cdk import aws_glue as glue

from glueforge.core.projection_dates import (
    UNIT_RANK,
    finest_unit,
    parse_date,
    resolve_now,
    unit_name,
    unsupported_runs,
)

# NOW expressions, pattern letters, units and stepping: glueforge.core.projection_dates,
# which local runs read too.
# Projected integers are "limited to the range of Java signed long values" (same page).
JAVA_LONG_MIN, JAVA_LONG_MAX = -(2**63), 2**63 - 1

# Column types each projection fills (Choice: the Athena pages list no types; these are
# the types whose text form is exactly the projected value: any text column takes any
# projection; integers go into integer columns; a date column only holds ISO dates).
_TEXT_TYPES = ("string", "varchar", "char")
_INTEGER_TYPES = ("tinyint", "smallint", "int", "integer", "bigint")


@dataclass(frozen=True)
class Projection:
    """One partition column's projection; use a subclass."""

    kind: ClassVar[str]

    def problems(self, column: str, column_type: str) -> list[str]:
        """Why Athena could not project ``column`` of ``column_type`` this way."""
        base = _type_name(column_type)
        if base in self.column_types():
            return []
        return [
            f"partition_projection[{column!r}] ({self.kind}) cannot fill a column of type "
            f"{column_type!r}; use a column of type {' or '.join(self.column_types())}"
        ]

    def column_types(self) -> tuple[str, ...]:
        return _TEXT_TYPES

    def render(self) -> glue.PartitionProjectionConfiguration:
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class IntegerProjection(Projection):
    """Integers from ``start`` to ``end``, both included (``projection.<col>.range``).

    :param start: the smallest value; may be negative.
    :param end: the largest value.
    :param interval: the step between values. Default: 1 (Athena's default).
    :param digits: zero-pad values to this many digits, e.g. 2 gives ``01``. Default:
        no padding.
    """

    start: int
    end: int
    interval: int | None = None
    digits: int | None = None

    kind: ClassVar[str] = "integer"

    def problems(self, column: str, column_type: str) -> list[str]:
        where = f"partition_projection[{column!r}]"
        problems = _integer_problems(
            where, {"start": self.start, "end": self.end}, JAVA_LONG_MIN, JAVA_LONG_MAX
        )
        problems += _integer_problems(
            where, {"interval": self.interval, "digits": self.digits}, 1, JAVA_LONG_MAX
        )
        if not problems and self.start > self.end:
            problems.append(
                f"{where}: start {self.start} is after end {self.end}, so no value can "
                f"match; expected start <= end, e.g. start={self.end}, end={self.start}"
            )
        return problems + super().problems(column, column_type)

    def column_types(self) -> tuple[str, ...]:
        return _TEXT_TYPES + _INTEGER_TYPES

    def render(self) -> glue.PartitionProjectionConfiguration:
        return glue.PartitionProjectionConfiguration.integer(
            min=self.start, max=self.end, interval=self.interval, digits=self.digits
        )


@dataclass(frozen=True, kw_only=True)
class DateProjection(Projection):
    """Dates from ``start`` to ``end``, both included, written as ``format`` shows them.

    :param format: a ``java.time.format.DateTimeFormatter`` pattern, e.g. ``yyyy-MM-dd``
        or ``yyyy/MM/dd/HH``; fixed range values must be written in it.
    :param start: a date in ``format``, or ``NOW`` with an optional offset such as
        ``NOW-3YEARS``.
    :param end: the same; ``NOW`` for partitions up to the query's time.
    :param interval: the step between values, with ``unit``. Default: 1 day for a
        format that shows days, 1 month for one that shows months; required otherwise
        (Athena's rule).
    :param unit: ``aws_glue.DateIntervalUnit``. Default: with ``interval``, as above.
    """

    format: str
    start: str
    end: str
    interval: int | None = None
    unit: glue.DateIntervalUnit | None = None

    kind: ClassVar[str] = "date"

    def problems(self, column: str, column_type: str) -> list[str]:
        where = f"partition_projection[{column!r}]"
        finest, problems = _format_finest_unit(where, self.format)
        problems += self._step_problems(where, finest)
        if not problems:
            problems += self._range_problems(where)
        if _type_name(column_type) == "date" and self.format != "yyyy-MM-dd":
            problems.append(
                f"{where}: a column of type 'date' holds ISO dates, so the format must be "
                f"'yyyy-MM-dd', got {self.format!r}; or make the column a string"
            )
        return problems + super().problems(column, column_type)

    def column_types(self) -> tuple[str, ...]:
        return (*_TEXT_TYPES, "date")

    def _step_problems(self, where: str, finest: str | None) -> list[str]:
        problems = _integer_problems(where, {"interval": self.interval}, 1, JAVA_LONG_MAX)
        if self.unit is not None and not isinstance(self.unit, glue.DateIntervalUnit):
            return problems + [
                f"{where}: unit must be an aws_glue.DateIntervalUnit, e.g. "
                f"DateIntervalUnit.DAYS, got {self.unit!r:.60}"
            ]
        if (self.interval is None) != (self.unit is None):
            problems.append(f"{where}: give interval and unit together, e.g. interval=1, unit=DAYS")
        elif self.unit is None and finest not in ("DAYS", "MONTHS"):
            # "When the provided dates are at single-day or single-month precision, the
            # interval is optional ... Otherwise, interval is required."
            problems.append(
                f"{where}: format {self.format!r} shows {finest or 'no date unit'} "
                f"precision, so Athena needs an interval and unit, e.g. interval=1, "
                f"unit=DateIntervalUnit.{finest or 'DAYS'}"
            )
        unit = _unit_name(self.unit)
        if unit is not None and finest is not None and UNIT_RANK[unit] > UNIT_RANK[finest]:
            problems.append(
                f"{where}: format {self.format!r} shows nothing finer than {finest}, so "
                f"steps of {unit} would repeat the same partition value; use a unit of "
                f"{finest} or coarser, or a format that shows {unit}"
            )
        return problems

    def _range_problems(self, where: str) -> list[str]:
        now = datetime.now(UTC).replace(tzinfo=None)
        start, start_now = _resolve(self.start, self.format, now)
        end, end_now = _resolve(self.end, self.format, now)
        problems = [
            f"{where}: {name} {value!r} is neither a date in format {self.format!r} nor "
            "NOW with an optional offset such as NOW-3YEARS"
            for name, value, parsed in (("start", self.start, start), ("end", self.end, end))
            if parsed is _INVALID
        ]
        if problems or start is None or end is None or start <= end:
            return problems
        # Athena resolves NOW at query time, in UTC. Two NOW-relative values move
        # together, and a NOW-relative start with a fixed end only grows: both can
        # never match again. A fixed start after a NOW-relative end will match later.
        if start_now or not end_now:
            problems.append(
                f"{where}: start {self.start!r} is after end {self.end!r}"
                f"{' (NOW resolved as Athena does, in UTC)' if start_now or end_now else ''}, "
                "so no partition can ever match; expected start <= end"
            )
        return problems

    def render(self) -> glue.PartitionProjectionConfiguration:
        step = (
            glue.DateProjectionStep(interval=self.interval, interval_unit=self.unit)
            if self.interval is not None and self.unit is not None
            else None
        )
        return glue.PartitionProjectionConfiguration.date(
            format=self.format, min=self.start, max=self.end, step=step
        )


@dataclass(frozen=True)
class EnumProjection(Projection):
    """One of a fixed list of values (``projection.<col>.values``).

    :param values: the values; Athena keeps white space as part of a value, and a comma
        separates values, so neither may hide in one.
    """

    values: Sequence[str]

    kind: ClassVar[str] = "enum"

    def problems(self, column: str, column_type: str) -> list[str]:
        where = f"partition_projection[{column!r}]"
        if isinstance(self.values, str) or not isinstance(self.values, (list, tuple)):
            return [
                f"{where}: enum values must be a list of strings, e.g. ['eu', 'us'], got "
                f"{self.values!r:.60}"
            ]
        values = list(self.values)
        problems = []
        if not values:
            problems.append(f"{where}: an enum projection needs values, e.g. ['eu', 'us']")
        bad = [v for v in values if not isinstance(v, str) or not v or "," in v]
        if bad:
            problems.append(
                f"{where}: enum values must be non-empty strings without ',' (Athena "
                f"splits the list on commas), got {bad!r}"
            )
        return problems + super().problems(column, column_type)

    def column_types(self) -> tuple[str, ...]:
        return _TEXT_TYPES

    def render(self) -> glue.PartitionProjectionConfiguration:
        return glue.PartitionProjectionConfiguration.enum(values=list(self.values))


@dataclass(frozen=True)
class InjectedProjection(Projection):
    """Values the query gives: its WHERE clause must hold ``column = <value>``."""

    kind: ClassVar[str] = "injected"

    def column_types(self) -> tuple[str, ...]:
        return _TEXT_TYPES + _INTEGER_TYPES

    def render(self) -> glue.PartitionProjectionConfiguration:
        return glue.PartitionProjectionConfiguration.injected()


def template_problems(template: str | None, partition_keys: Sequence[str]) -> list[str]:
    """Why Athena would refuse ``storage.location.template`` for these partition keys
    (``template`` is the part after the table's location).

    "the template must contain a placeholder for each partition column" and "Templated
    locations must end with a forward slash" (partition-projection-setting-up.html).
    """
    if template is None:
        return []
    problems = []
    missing = [k for k in partition_keys if "${" + k + "}" not in template]
    if missing:
        placeholders = ", ".join("${" + k + "}" for k in missing)
        problems.append(
            f"location_template {template!r} misses {placeholders}: every partition key "
            "must appear in it, e.g. '" + "/".join("${" + k + "}" for k in partition_keys) + "/'"
        )
    if not template.endswith("/"):
        problems.append(f"location_template {template!r} must end with '/'")
    return problems


# ---- helpers --------------------------------------------------------------------------

_INVALID = object()


def _type_name(column_type: str) -> str:
    """``varchar(10)`` -> ``varchar``."""
    return column_type.split("(", 1)[0].split("<", 1)[0].strip().lower()


def _unit_name(unit: glue.DateIntervalUnit | None) -> str | None:
    return None if unit is None else unit_name(unit)


def _integer_problems(where: str, values: dict[str, object], low: int, high: int) -> list[str]:
    problems = []
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.append(f"{where}: {name} must be an integer in {low}..{high}, got {value!r}")
    return problems


def _format_finest_unit(where: str, pattern: str) -> tuple[str | None, list[str]]:
    """The finest unit ``pattern`` shows, and why it is not a DateTimeFormatter pattern."""
    try:
        return finest_unit(pattern), []
    except ValueError as error:
        return None, [f"{where}: {error}"]


def _resolve(value: str, pattern: str, now: datetime) -> tuple[object, bool]:
    """``value`` as a datetime (None: not checkable here; _INVALID: not a date) and
    whether it is NOW-relative."""
    if not isinstance(value, str):
        return _INVALID, False
    relative = resolve_now(value, now)
    if relative is not None:
        return relative, True
    if unsupported_runs(pattern):
        return None, False  # a pattern Python cannot read: checked for units only
    try:
        return parse_date(value, pattern), False
    except ValueError:
        return _INVALID, False
