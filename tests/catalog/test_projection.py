"""Partition projection: each check shown failing on bad input, the rendered properties
written by hand from Athena's pages.

Sources: https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
and https://docs.aws.amazon.com/athena/latest/ug/partition-projection-setting-up.html .
"""

from __future__ import annotations

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_glue as glue

from glueforge import (
    DateProjection,
    EnumProjection,
    GlueforgeValidationError,
    InjectedProjection,
    IntegerProjection,
    SecureBucket,
    Table,
)
from tests.conftest import assert_clean
from tests.helpers.iam import logical_id

DAYS, HOURS, MONTHS = (
    glue.DateIntervalUnit.DAYS,
    glue.DateIntervalUnit.HOURS,
    glue.DateIntervalUnit.MONTHS,
)


def _table(projection, *, keys=None, template=None, stack=None):
    stack = stack or Stack(App(), "Lake")
    keys = keys or [glue.Column(name=k, type=glue.Schema.STRING) for k in projection]
    return Table(
        stack,
        "Clicks",
        database=glue.Database(stack, "Db", database_name="shop"),
        bucket=SecureBucket(stack, "Raw"),
        prefix="clicks/",
        table_name="clicks",
        columns=[glue.Column(name="id", type=glue.Schema.STRING)],
        partition_keys=keys,
        partition_projection=projection,
        location_template=template,
    )


def _problems(projection, **kwargs) -> str:
    with pytest.raises(GlueforgeValidationError) as caught:
        _table(projection, **kwargs)
    assert caught.value.path == "Lake/Clicks"
    return str(caught.value)


def test_every_projection_type_renders_athenas_properties(synth):
    stack = Stack(App(), "Lake")
    keys = [
        glue.Column(name="dt", type=glue.Schema.STRING),
        glue.Column(name="hour", type=glue.Schema.INTEGER),
        glue.Column(name="region", type=glue.Schema.STRING),
        glue.Column(name="device", type=glue.Schema.STRING),
    ]
    _table(
        {
            "dt": DateProjection(
                format="yyyy/MM/dd", start="NOW-3YEARS", end="NOW", interval=1, unit=DAYS
            ),
            "hour": IntegerProjection(start=0, end=23, digits=2),
            "region": EnumProjection(["eu-west-1", "us-east-1"]),
            "device": InjectedProjection(),
        },
        keys=keys,
        template="${region}/${dt}/${hour}/${device}/",
        stack=stack,
    )
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Lake"]
    bucket = logical_id(template, "AWS::S3::Bucket", "Raw")
    table = template["Resources"][logical_id(template, "AWS::Glue::Table", "Clicks")]
    parameters = table["Properties"]["TableInput"]["Parameters"]
    # The template's location is the table's, then the placeholders, ending in '/'.
    assert parameters.pop("storage.location.template") == {
        "Fn::Join": ["", ["s3://", {"Ref": bucket}, "/clicks/${region}/${dt}/${hour}/${device}/"]]
    }
    assert parameters == {
        "classification": "parquet",
        "compressionType": "snappy",
        "has_encrypted_data": False,
        "projection.enabled": "true",
        "projection.dt.type": "date",
        "projection.dt.format": "yyyy/MM/dd",
        "projection.dt.range": "NOW-3YEARS,NOW",
        "projection.dt.interval": "1",
        "projection.dt.interval.unit": "DAYS",
        "projection.hour.type": "integer",
        "projection.hour.range": "0,23",
        "projection.hour.digits": "2",
        "projection.region.type": "enum",
        "projection.region.values": "eu-west-1,us-east-1",
        "projection.device.type": "injected",
    }


# ---- integer -------------------------------------------------------------------------


def test_integer_range_start_after_end():
    assert "start 9 is after end 1, so no value can match" in _problems(
        {"n": IntegerProjection(start=9, end=1)}
    )


def test_integer_range_outside_java_long_and_bad_steps():
    text = _problems({"n": IntegerProjection(start=0, end=2**63, interval=0, digits=-1)})
    assert f"end must be an integer in {-(2**63)}..{2**63 - 1}, got {2**63}" in text
    assert "interval must be an integer in 1.." in text
    assert "digits must be an integer in 1.." in text


def test_integer_projection_on_a_boolean_column():
    keys = [glue.Column(name="n", type=glue.Schema.BOOLEAN)]
    text = _problems({"n": IntegerProjection(start=0, end=1)}, keys=keys)
    assert "partition_projection['n'] (integer) cannot fill a column of type 'boolean'" in text


# ---- date ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2024-01-01", "2020-01-01"),  # fixed, backwards
        ("NOW", "2020-01-01"),  # NOW only grows: past the end for good
        ("NOW", "NOW-1YEARS"),  # both move together: never
        ("NOW+1DAY", "NOW"),
    ],
)
def test_a_date_range_that_can_never_match(start, end):
    text = _problems({"dt": DateProjection(format="yyyy-MM-dd", start=start, end=end)})
    assert f"start {start!r} is after end {end!r}" in text
    assert "so no partition can ever match" in text


def test_a_future_fixed_start_before_a_moving_end_is_allowed():
    # Matches nothing today but will once NOW passes the start: not "never".
    _table({"dt": DateProjection(format="yyyy-MM-dd", start="2999-01-01", end="NOW")})


def test_a_fixed_value_not_in_the_format():
    text = _problems({"dt": DateProjection(format="yyyy-MM-dd", start="2020/01/01", end="NOW")})
    assert "start '2020/01/01' is neither a date in format 'yyyy-MM-dd' nor NOW" in text


def test_a_bad_now_expression():
    projection = DateProjection(format="yyyy-MM-dd", start="NOW-3FORTNIGHTS", end="NOW")
    text = _problems({"dt": projection})
    assert "start 'NOW-3FORTNIGHTS' is neither" in text


@pytest.mark.parametrize(
    ("fmt", "message"),
    [
        ("", "format must be a DateTimeFormatter pattern"),
        ("yyyy-MM-dd'T", "has an unclosed quote"),
        ("yyyy-MM-dd-ii", "uses i, which are not DateTimeFormatter pattern letters"),
        ("'day'", "shows no date"),
    ],
)
def test_a_format_that_is_not_a_date_time_formatter_pattern(fmt, message):
    assert message in _problems({"dt": DateProjection(format=fmt, start="NOW", end="NOW")})


def test_a_sub_day_format_needs_an_interval():
    text = _problems({"dt": DateProjection(format="yyyy/MM/dd/HH", start="NOW-1DAYS", end="NOW")})
    assert "format 'yyyy/MM/dd/HH' shows HOURS precision, so Athena needs an interval" in text


def test_a_unit_the_format_cannot_show():
    text = _problems(
        {
            "dt": DateProjection(
                format="yyyy-MM-dd", start="NOW-1DAYS", end="NOW", interval=1, unit=HOURS
            )
        }
    )
    assert "format 'yyyy-MM-dd' shows nothing finer than DAYS, so steps of HOURS" in text


def test_interval_and_unit_come_together():
    text = _problems(
        {"dt": DateProjection(format="yyyy-MM", start="NOW-1YEARS", end="NOW", interval=1)}
    )
    assert "give interval and unit together" in text


def test_a_monthly_format_needs_no_interval_and_a_date_column_needs_iso_dates():
    _table({"dt": DateProjection(format="yyyy-MM", start="2020-01", end="NOW")})
    keys = [glue.Column(name="dt", type=glue.Schema.DATE)]
    text = _problems({"dt": DateProjection(format="yyyyMMdd", start="NOW", end="NOW")}, keys=keys)
    assert "a column of type 'date' holds ISO dates, so the format must be 'yyyy-MM-dd'" in text


# ---- enum, injected ------------------------------------------------------------------


def test_a_unit_that_is_not_a_date_interval_unit():
    projection = DateProjection(
        format="yyyy-MM-dd", start="NOW-1DAYS", end="NOW", interval=1, unit="DAYS"
    )
    assert "unit must be an aws_glue.DateIntervalUnit, e.g. DateIntervalUnit.DAYS" in _problems(
        {"dt": projection}
    )


def test_an_enum_with_no_values_or_a_comma():
    assert "enum values must be a list of strings" in _problems({"r": EnumProjection("eu")})
    assert "an enum projection needs values" in _problems({"r": EnumProjection([])})
    assert "enum values must be non-empty strings without ','" in _problems(
        {"r": EnumProjection(["eu,us"])}
    )


def test_injected_on_a_double_column():
    keys = [glue.Column(name="v", type=glue.Schema.DOUBLE)]
    assert "(injected) cannot fill a column of type 'double'" in _problems(
        {"v": InjectedProjection()}, keys=keys
    )


# ---- the table as a whole ------------------------------------------------------------


def test_a_template_that_misses_a_partition_key():
    keys = [glue.Column(name=k, type=glue.Schema.STRING) for k in ("region", "dt")]
    projection = {"region": EnumProjection(["eu"]), "dt": InjectedProjection()}
    text = _problems(projection, keys=keys, template="${region}/")
    assert "location_template '${region}/' misses ${dt}" in text
    assert "must end with '/'" in _problems(projection, keys=keys, template="${region}/${dt}")
    assert "is relative to the table's location" in _problems(
        projection, keys=keys, template="s3://b/${region}/${dt}/"
    )


def test_a_projected_column_that_is_not_a_partition_key():
    keys = [glue.Column(name="dt", type=glue.Schema.STRING)]
    text = _problems({"dt": InjectedProjection(), "id": InjectedProjection()}, keys=keys)
    assert "partition_projection names ['id'], which are not partition keys (['dt'])" in text


def test_every_partition_key_needs_a_projection():
    keys = [glue.Column(name=k, type=glue.Schema.STRING) for k in ("dt", "region")]
    text = _problems({"dt": InjectedProjection()}, keys=keys)
    assert "partition keys ['region'] have no projection" in text


def test_a_template_needs_a_projection_and_a_projection_needs_something_projected():
    keys = [glue.Column(name="dt", type=glue.Schema.STRING)]
    assert "location_template is read only with partition_projection" in _problems(
        {}, keys=keys, template="${dt}/"
    )
    assert "must be an IntegerProjection, DateProjection" in _problems({"dt": "date"}, keys=keys)
