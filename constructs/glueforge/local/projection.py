"""Partition projection in local runs: the partitions Athena would compute for a table.

A projected table's partitions are not listed from the catalog: Athena computes them
from the ``projection.*`` table properties at query time, and maps each to its folder
through ``storage.location.template`` (default ``<location>/<key>=<value>/...``). Local
runs do the same here, with pure functions (``now`` is always passed in):

- integer: ``start..end`` inclusive, every ``interval``, zero-padded to ``digits``;
- date: ``start..end`` inclusive in the ``DateTimeFormatter`` ``format``, ``NOW``
  resolved in UTC at run time, every ``interval`` ``unit`` (default 1 day or 1 month
  for day or month precision: Athena's rule); the dates' words are
  :mod:`glueforge.core.projection_dates`, which synth's checks read too;
- enum: the values as given;
- injected: the values the query gives in static equalities (Athena refuses a query
  without one).

Athena "does not check" that a projected partition exists: a partition whose location
holds no files yields no rows. Local runs therefore read only the folders that exist.

Sources: https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html ;
https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html ;
https://docs.aws.amazon.com/athena/latest/ug/partition-projection-setting-up.html ;
https://docs.aws.amazon.com/athena/latest/ug/partition-projection-dynamic-id-partitioning.html
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from glueforge.assembly.local_arguments import LocalArgument, LocalCatalogTable
from glueforge.core.projection_dates import (
    INTERVAL_UNITS,
    PYTHON_CODES,
    finest_unit,
    format_date,
    parse_date,
    resolve_now,
    shift,
    unit_name,
    unsupported_runs,
)
from glueforge.local.errors import LocalRunError

#: Choice: a guard of local runs only (Athena documents no such count): a range that
#: would list more partitions than this is refused rather than enumerated for minutes.
MAX_PARTITIONS = 100_000


@dataclass(frozen=True)
class ProjectedTable:
    """How one table's partitions are projected, as its job's assembly records it.

    :param projection: partition key -> ``{"type": ..., <fields>}``.
    :param location_template: ``storage.location.template`` (relative to the table's
        location or absolute), or None for the ``key=value/`` layout.
    """

    projection: dict[str, dict[str, Any]]
    location_template: str | None = None


def projected_tables(arguments: Mapping[str, LocalArgument]) -> dict[str, ProjectedTable]:
    """Table name -> its projection, from a job's local arguments."""
    return {
        argument.name: ProjectedTable(argument.projection, argument.location_template)
        for argument in arguments.values()
        if isinstance(argument, LocalCatalogTable) and argument.projection
    }


def integer_values(
    start: int, end: int, *, interval: int | None = None, digits: int | None = None
) -> list[str]:
    """``start``, ``start + interval``, ... up to ``end`` inclusive, zero-padded to
    ``digits`` (a negative value keeps its sign before the zeros, as Java's
    ``String.format("%0<digits>d")`` does)."""
    step = interval or 1
    _check_count((end - start) // step + 1 if end >= start else 0)
    width = digits or 0
    return [f"{v:0{width}d}" if width else str(v) for v in range(start, end + 1, step)]


def date_values(
    fmt: str,
    start: str,
    end: str,
    *,
    now: datetime,
    interval: int | None = None,
    unit: str | None = None,
) -> list[str]:
    """The dates from ``start`` to ``end`` inclusive, written in ``fmt``.

    :param now: the run's time, naive UTC ("Projected date columns are generated in UTC
        at query execution time"); ``NOW`` expressions resolve against it.
    :raises LocalRunError: for a format local runs cannot write, a value not in it, or
        a step missing where the format is finer than a day.
    """
    _check_writable(fmt)
    step_unit = _step_unit(fmt, interval, unit)
    step = interval or 1
    first, last = _moment(start, fmt, now), _moment(end, fmt, now)
    values: list[str] = []
    moment = first
    while moment <= last:
        values.append(format_date(moment, fmt))
        _check_count(len(values))
        # Choice: each value is the start plus n steps (Java's plusMonths from the start),
        # so months from the 31st come back to the 31st; Athena's exact stepping is not
        # documented.
        moment = shift(first, step * len(values), step_unit)
    return values


def enum_values(values: Sequence[str]) -> list[str]:
    """The values as given ("Any white space is considered part of an enum value")."""
    return list(values)


def injected_values(column: str, predicates: Sequence[str]) -> list[str]:
    """The values a run's predicates give ``column`` in static equalities
    (``column = 'value'`` or ``column = 12``).

    :raises LocalRunError: when none does, as Athena refuses such a query:
        "CONSTRAINT_VIOLATION: For the injected projected partition column column_name,
        the WHERE clause must contain only static equality conditions, and at least one
        such condition must be present" (partition-projection-dynamic-id-partitioning).
    """
    equality = re.compile(
        r"(?<![\w.`])`?" + re.escape(column) + r"`?\s*=\s*('(?:[^']|'')*'|-?[0-9]+)(?![\w.])"
    )
    found = []
    for predicate in predicates:
        for literal in equality.findall(predicate):
            value = literal[1:-1].replace("''", "'") if literal.startswith("'") else literal
            if value not in found:
                found.append(value)
    if not found:
        raise LocalRunError(
            f"partition column {column!r} is projected as injected, so the read needs its "
            f"value: give push_down_predicate=\"{column} = '<value>'\" (Athena refuses a "
            "query without a static equality on an injected column)"
        )
    return found


def column_values(
    column: str, spec: Mapping[str, Any], *, now: datetime, predicates: Sequence[str] = ()
) -> list[str]:
    """One column's projected values, from its recorded projection ``spec``
    (``{"type": "integer" | "date" | "enum" | "injected", ...}``)."""
    kind = spec.get("type")
    if kind == "integer":
        return integer_values(
            int(spec["start"]), int(spec["end"]),
            interval=spec.get("interval"), digits=spec.get("digits"),
        )  # fmt: skip
    if kind == "date":
        return date_values(
            spec["format"], spec["start"], spec["end"],
            now=now, interval=spec.get("interval"), unit=spec.get("unit"),
        )  # fmt: skip
    if kind == "enum":
        return enum_values(spec["values"])
    if kind == "injected":
        return injected_values(column, predicates)
    raise LocalRunError(
        f"partition column {column!r}: projection type {kind!r} is not one of "
        "integer, date, enum, injected"
    )


def partitions(
    keys: Sequence[str],
    projection: Mapping[str, Mapping[str, Any]],
    *,
    now: datetime,
    predicates: Sequence[str] = (),
) -> list[dict[str, str]]:
    """Every projected partition (key -> value), the cross product in key order."""
    missing = [k for k in keys if k not in projection]
    if missing:
        # Athena: "... is configured for partition projection, but the following
        # partition columns are missing projection configuration: [...]"
        raise LocalRunError(f"partition columns {missing} have no projection configuration")
    columns = [column_values(k, projection[k], now=now, predicates=predicates) for k in keys]
    total = 1
    for values in columns:
        total *= len(values)
    _check_count(total)
    return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*columns)]


def partition_location(location: str, values: Mapping[str, str], template: str | None) -> str:
    """The ``s3://`` folder of one partition.

    :param location: the table's location, e.g. ``s3://b/clicks/``.
    :param template: ``storage.location.template``, absolute (``s3://b/clicks/${site}/``)
        or relative to ``location`` (as glueforge's ``Table`` takes it); None for the
        default layout ``<location>/<key>=<value>/...``.
    """
    root = location if location.endswith("/") else location + "/"
    if template is None:
        return root + "".join(f"{k}={v}/" for k, v in values.items())
    # Placeholders may repeat and come in any order (partition-projection-setting-up).
    filled = re.sub(r"\$\{([^}]*)\}", lambda m: values.get(m.group(1), m.group(0)), template)
    return filled if filled.startswith("s3://") else root + filled


# ---- helpers --------------------------------------------------------------------------


def _check_count(count: int) -> None:
    if count > MAX_PARTITIONS:
        raise LocalRunError(
            f"the projection lists more than {MAX_PARTITIONS} partitions; local runs "
            "enumerate at most that many: narrow the range"
        )


def _check_writable(fmt: str) -> None:
    """Refuse a format local runs cannot write as Athena does."""
    unsupported = unsupported_runs(fmt)
    if unsupported:
        raise LocalRunError(
            f"date format {fmt!r}: local runs write {sorted(PYTHON_CODES)} and quoted "
            f"text, not {unsupported[0]!r}"
        )


def _step_unit(fmt: str, interval: int | None, unit: str | None) -> str:
    if unit is not None:
        name = unit_name(unit)
        if name not in INTERVAL_UNITS:
            raise LocalRunError(
                f"date interval unit {name!r} is not one of {', '.join(INTERVAL_UNITS)}"
            )
        return name
    try:
        finest = finest_unit(fmt)
    except ValueError as error:
        raise LocalRunError(f"date {error}") from error
    # "When the provided dates are at single-day or single-month precision, the interval
    # is optional and defaults to 1 day or 1 month, respectively. Otherwise, interval is
    # required."
    if finest in ("DAYS", "MONTHS"):
        return finest
    if finest in ("YEARS", "WEEKS"):
        raise LocalRunError(
            f"date format {fmt!r} shows {finest} precision, not days or months: give "
            "interval and unit"
        )
    raise LocalRunError(f"date format {fmt!r} is finer than a day: give interval and unit")


def _moment(value: str, fmt: str, now: datetime) -> datetime:
    relative = resolve_now(value, now)
    if relative is None:
        try:
            return parse_date(value, fmt)
        except ValueError as error:
            raise LocalRunError(
                f"date range value {value!r} is neither in format {fmt!r} nor NOW[+-]<n><unit>"
            ) from error
    # Choice: a NOW-relative end keeps only what the format shows (NOW with 'yyyy-MM-dd'
    # is today), so today's partition is listed whatever the hour; Athena's rounding is
    # not documented.
    return parse_date(format_date(relative, fmt), fmt)
