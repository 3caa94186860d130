"""Partition projection in local runs: the partitions Athena would compute.

Expected values are worked by hand from Athena's rules
(https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html):
ranges include both ends, dates step from the start, NOW is the run's time in UTC.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from aws_cdk import aws_glue as glue

from glueforge.assembly.local_arguments import LocalArgument, LocalCatalogTable
from glueforge.catalog.projection import DateProjection, EnumProjection, InjectedProjection
from glueforge.catalog.table import Table
from glueforge.jobs.specs import CatalogSource, S3Sink
from glueforge.local import LocalRunError
from glueforge.local.catalog import LocalCatalog
from glueforge.local.projection import (
    MAX_PARTITIONS,
    date_values,
    injected_values,
    integer_values,
    partition_location,
    partitions,
)
from tests.helpers.local import rows

NOW = datetime(2026, 3, 1, 5, 30)  # a fixed clock: tests never read the real one


def test_date_range_of_three_days():
    assert date_values("yyyy-MM-dd", "2026-02-27", "2026-03-01", now=NOW) == [
        "2026-02-27",
        "2026-02-28",
        "2026-03-01",
    ]


def test_hourly_range_with_slashes():
    values = date_values(
        "yyyy/MM/dd/HH", "2026/02/28/22", "2026/03/01/01", now=NOW, interval=1, unit="HOURS"
    )
    assert values == ["2026/02/28/22", "2026/02/28/23", "2026/03/01/00", "2026/03/01/01"]


def test_now_relative_range_uses_the_given_clock():
    assert date_values("yyyy-MM-dd", "NOW-2DAYS", "NOW", now=NOW) == [
        "2026-02-27",
        "2026-02-28",
        "2026-03-01",
    ]
    # months at month precision: 1 month by default
    assert date_values("yyyyMM", "NOW-2MONTHS", "NOW", now=NOW) == ["202601", "202602", "202603"]


def test_date_interval_steps_from_the_start():
    values = date_values("yyyy-MM-dd", "2026-01-01", "2026-01-10", now=NOW, interval=4, unit="DAYS")
    assert values == ["2026-01-01", "2026-01-05", "2026-01-09"]


def test_sub_day_format_without_a_step_fails():
    with pytest.raises(LocalRunError, match="finer than a day"):
        date_values("yyyy-MM-dd-HH", "2026-01-01-00", "2026-01-01-02", now=NOW)


def test_date_value_not_in_the_format_fails():
    with pytest.raises(LocalRunError, match="neither in format"):
        date_values("yyyy-MM-dd", "2026/01/01", "2026-01-02", now=NOW)


def test_month_steps_keep_the_start_day_where_the_month_has_it():
    values = date_values(
        "yyyy-MM-dd", "2026-01-31", "2026-04-30", now=NOW, interval=1, unit="MONTHS"
    )
    assert values == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]


def test_formats_and_units_local_runs_cannot_write_fail():
    # Choice (was EEE): local runs now write day names, as synth's checks read them
    # (glueforge.core.projection_dates); day-of-year "DDD" is still not written.
    with pytest.raises(LocalRunError, match="not 'DDD'"):
        date_values("yyyy-DDD", "2026-005", "2026-006", now=NOW)
    with pytest.raises(LocalRunError, match="unit 'FORTNIGHTS'"):
        date_values(
            "yyyy-MM-dd", "2026-01-01", "2026-01-02", now=NOW, interval=1, unit="fortnights"
        )


def test_day_and_month_names_two_digit_years_and_milliseconds_are_written_as_java_does():
    # 2026-01-05 is a Monday (2026-01-01 is a Thursday); English names, as Java's.
    assert date_values("EEE yyyy-MM-dd", "Mon 2026-01-05", "Tue 2026-01-06", now=NOW) == [
        "Mon 2026-01-05",
        "Tue 2026-01-06",
    ]
    assert date_values("dd-MMM-yyyy", "30-Jan-2026", "01-Feb-2026", now=NOW) == [
        "30-Jan-2026",
        "31-Jan-2026",
        "01-Feb-2026",
    ]
    # "yy": Java reads two-digit years as 2000..2099, so 261231 is 2026-12-31.
    assert date_values("yyMMdd", "261231", "270101", now=NOW) == ["261231", "270101"]
    # "SSS": milliseconds, three digits; MILLISECONDS is one of Athena's interval units.
    assert date_values(
        "yyyy-MM-dd HH:mm:ss.SSS",
        "2026-01-01 00:00:00.998",
        "2026-01-01 00:00:01.000",
        now=NOW,
        interval=1,
        unit="MILLISECONDS",
    ) == ["2026-01-01 00:00:00.998", "2026-01-01 00:00:00.999", "2026-01-01 00:00:01.000"]


def test_now_is_upper_case_as_athenas_pattern_writes_it():
    # The page gives the pattern \s*NOW\s*(...) and calls only the type and unit values
    # case insensitive: "now" is no date and not NOW, as synth's checks say too.
    with pytest.raises(LocalRunError, match="neither in format"):
        date_values("yyyy-MM-dd", "now-1days", "NOW", now=NOW)


def test_year_or_week_precision_needs_an_interval():
    # "When the provided dates are at single-day or single-month precision, the interval
    # is optional ... Otherwise, interval is required."
    with pytest.raises(LocalRunError, match="shows YEARS precision"):
        date_values("yyyy", "2020", "2026", now=NOW)
    assert date_values("yyyy", "2024", "2026", now=NOW, interval=1, unit="years") == [
        "2024",
        "2025",
        "2026",
    ]


def test_unknown_projection_type_fails():
    with pytest.raises(LocalRunError, match="'range' is not one of"):
        partitions(["k"], {"k": {"type": "range"}}, now=NOW)


def test_integer_with_digits_and_interval():
    assert integer_values(1, 12, interval=5, digits=2) == ["01", "06", "11"]
    assert integer_values(-1, 1) == ["-1", "0", "1"]
    assert integer_values(3, 1) == []


def test_too_many_partitions_fail():
    with pytest.raises(LocalRunError, match="at most"):
        integer_values(0, MAX_PARTITIONS)


def test_enum_times_date_cross_product_in_key_order():
    projection = {
        "site": {"type": "enum", "values": ["eu", "us"]},
        "dt": {"type": "date", "format": "yyyy-MM-dd", "start": "NOW-1DAYS", "end": "NOW"},
    }
    assert partitions(["site", "dt"], projection, now=NOW) == [
        {"site": "eu", "dt": "2026-02-28"},
        {"site": "eu", "dt": "2026-03-01"},
        {"site": "us", "dt": "2026-02-28"},
        {"site": "us", "dt": "2026-03-01"},
    ]


def test_key_without_projection_fails():
    with pytest.raises(LocalRunError, match=r"\['dt'\] have no projection"):
        partitions(["site", "dt"], {"site": {"type": "enum", "values": ["eu"]}}, now=NOW)


def test_injected_values_come_from_static_equalities():
    assert injected_values("customer", ["customer = 'c1' AND dt > '2026'"]) == ["c1"]
    assert injected_values("id", ["`id` = 7"]) == ["7"]
    projection = {"customer": {"type": "injected"}, "n": {"type": "integer", "start": 1, "end": 2}}
    assert partitions(["customer", "n"], projection, now=NOW, predicates=["customer='x'"]) == [
        {"customer": "x", "n": "1"},
        {"customer": "x", "n": "2"},
    ]


def test_injected_without_a_value_fails():
    with pytest.raises(LocalRunError, match="injected.*push_down_predicate"):
        injected_values("customer", ["customer > 'a'", "other_customer = 'b'"])


def test_template_maps_partitions_to_folders():
    values = {"site": "eu", "dt": "2026-03-01"}
    template = "s3://b/clicks/${site}/${dt}/"
    assert partition_location("s3://b/clicks/", values, template) == "s3://b/clicks/eu/2026-03-01/"
    assert partition_location("s3://b/clicks", values, "${dt}/x/${site}/${dt}/") == (
        "s3://b/clicks/2026-03-01/x/eu/2026-03-01/"
    )
    assert partition_location("s3://b/clicks/", values, None) == (
        "s3://b/clicks/site=eu/dt=2026-03-01/"
    )


# ---- through the cloud assembly and a local run ----------------------------------------


def _clicks_table(lake, projection, template):
    return Table(
        lake.stack,
        "Clicks",
        database=lake.database,
        bucket=lake.raw,
        prefix="clicks/",
        table_name="clicks",
        columns=[
            glue.Column(name="id", type=glue.Schema.BIG_INT),
            glue.Column(name="page", type=glue.Schema.STRING),
        ],
        partition_keys=[glue.Column(name=k, type=glue.Schema.STRING) for k in ("site", "dt")],
        partition_projection=projection,
        location_template=template,
    )


def _write(spark, folder, ids):
    spark.createDataFrame([(i, f"p{i}") for i in ids], "id bigint, page string").write.parquet(
        str(folder)
    )


def _register(run):
    LocalCatalog(run.data / "catalog.json").put(
        "lake",
        "clicks",
        {
            "location": "s3://Raw/clicks/",
            "format": "parquet",
            "schema": {"id": "bigint", "page": "string", "site": "string", "dt": "string"},
            "partitionKeys": ["site", "dt"],
        },
    )


def test_catalog_source_records_the_tables_projection(lake):
    table = _clicks_table(
        lake,
        {
            "site": EnumProjection(["eu", "us"]),
            "dt": DateProjection(
                format="yyyy/MM/dd/HH",
                start="NOW-1DAYS",
                end="NOW",
                interval=1,
                unit=glue.DateIntervalUnit.HOURS,
            ),
        },
        "${site}/${dt}/",
    )
    source = CatalogSource("clicks", database=lake.database, table=table)
    [recorded] = [a for a in source.local_arguments().values() if a.kind == "catalog_table"]
    expected = {
        "kind": "catalog_table",
        "name": "clicks",
        "projection": {
            "site": {"type": "enum", "values": ["eu", "us"]},
            "dt": {
                "type": "date",
                "format": "yyyy/MM/dd/HH",
                "start": "NOW-1DAYS",
                "end": "NOW",
                "interval": 1,
                "unit": "HOURS",
            },
        },
        "location_template": "${site}/${dt}/",
    }
    assert recorded.to_metadata() == expected
    assert LocalArgument.from_metadata(expected) == recorded
    # a table without projection records its name only, as before
    assert LocalCatalogTable(name="t").to_metadata() == {"kind": "catalog_table", "name": "t"}


def test_local_run_reads_only_projected_partitions_that_exist(lake, run, spark):
    table = _clicks_table(
        lake,
        {
            "site": EnumProjection(["eu", "us"]),
            "dt": DateProjection(format="yyyy-MM-dd", start="2026-01-01", end="2026-01-03"),
        },
        "${site}/${dt}/",
    )
    root = run.data / "Raw/clicks"
    _write(spark, root / "eu/2026-01-01", [1, 2])
    _write(spark, root / "eu/2026-01-03", [3])
    _write(spark, root / "us/2026-01-02", [4])
    _write(spark, root / "us/2026-01-05", [5])  # after the range: not projected
    _write(spark, root / "fr/2026-01-01", [6])  # not an enum value: not projected
    _write(spark, root / "site=eu/dt=2026-01-02", [7])  # Hive layout, not the template's
    _register(run)
    summary = run(
        lake,
        [
            CatalogSource("clicks", database=lake.database, table=table),
            S3Sink("out", input="clicks", bucket=lake.curated, prefix="out/"),
        ],
    )
    assert summary.rows("source_clicks") == 4
    assert rows(spark, run.data / "Curated/out", "id") == [
        (1, "p1", "eu", "2026-01-01"),
        (2, "p2", "eu", "2026-01-01"),
        (3, "p3", "eu", "2026-01-03"),
        (4, "p4", "us", "2026-01-02"),
    ]


def test_local_run_of_an_injected_key_needs_its_value(lake, run, spark):
    table = _clicks_table(lake, {"site": InjectedProjection(), "dt": EnumProjection(["d1"])}, None)
    _write(spark, run.data / "Raw/clicks/site=eu/dt=d1", [1])
    _write(spark, run.data / "Raw/clicks/site=us/dt=d1", [2])
    _register(run)

    def steps(**predicate):
        return [
            CatalogSource("clicks", database=lake.database, table=table, **predicate),
            S3Sink("out", input="clicks", bucket=lake.curated, prefix="out/"),
        ]

    with pytest.raises(LocalRunError) as error:
        run(lake, steps())
    assert "injected" in str(error.value) and "Traceback" not in str(error.value)
    assert "\n" not in str(error.value)
    run(lake, steps(push_down_predicate="site = 'us'"))
    assert rows(spark, run.data / "Curated/out", "id") == [(2, "p2", "us", "d1")]
