"""S3Source.schema and Mapping-typed reads: Spark's DataFrame reader, no inference pass.

Glue's DynamicFrame csv/json reader has no schema option (the ``withSchema`` format
option is documented for XML and the SIMD JSON reader only), so a declared schema renders
``spark_session.read.format(...).schema(ddl)...load(path)``, the documented Spark
``DataFrameReader`` API, in both languages. The expected lines are written by hand.
"""

from __future__ import annotations

import pytest
from aws_cdk import App, Stack

from glueforge import GlueforgeValidationError, SecureBucket
from glueforge.jobs.etl_job import EtlJob
from glueforge.jobs.specs import Mapping, S3Sink, S3Source
from glueforge.jobs.specs.schema import ddl, spark_type

ORDERS = (("order_id", "bigint"), ("amount", "decimal(10,2)"), ("note", "varchar(20)"))


def _job(*, job_id="Job", sink_input="orders", extra=(), job=None, **source):
    stack = Stack(App(), "S")
    raw, curated = SecureBucket(stack, "Raw"), SecureBucket(stack, "Curated")
    specs = [
        S3Source("orders", bucket=raw, prefix="o/", **source),
        *extra,
        S3Sink("out", input=sink_input, bucket=curated, prefix="c/"),
    ]
    return EtlJob(stack, job_id, specs=specs, **(job or {}))


def _lines(*, job=None, **source) -> dict[str, list[str]]:
    return {
        language: _job(job={"language": language, **(job or {})}, **source).script.text.splitlines()
        for language in ("pyspark", "scala")
    }


def _block(lines: list[str], first: str, count: int) -> list[str]:
    start = lines.index(first)
    return lines[start : start + count]


def test_a_declared_csv_schema_renders_a_dataframe_read_in_both_languages():
    lines = _lines(format="csv", schema=ORDERS)
    assert _block(lines["pyspark"], "orders = (", 8) == [
        "orders = (",
        '    glue_context.spark_session.read.format("csv")',
        '    .schema("`order_id` BIGINT, `amount` DECIMAL(10,2), `note` STRING")',
        '    .option("header", "true")',
        '    .option("sep", ",")',
        '    .option("recursiveFileLookup", "true")',
        '    .load(args["source_orders_path"])',
        ")",
    ]
    assert 'transformation_ctx="source_orders"' not in "\n".join(lines["pyspark"])
    start = '    val orders = glueContext.getSparkSession.read.format("csv")'
    assert _block(lines["scala"], start, 6) == [
        start,
        '      .schema("`order_id` BIGINT, `amount` DECIMAL(10,2), `note` STRING")',
        '      .option("header", "true")',
        '      .option("sep", ",")',
        '      .option("recursiveFileLookup", "true")',
        '      .load(args("source_orders_path"))',
    ]


def test_a_declared_json_schema_carries_multiline_and_mode():
    lines = _lines(
        format="json", schema=(("id", "int"),), multiline=True, read_mode="DROPMALFORMED"
    )
    assert _block(lines["pyspark"], "orders = (", 8) == [
        "orders = (",
        '    glue_context.spark_session.read.format("json")',
        '    .schema("`id` INT")',
        '    .option("multiLine", "true")',
        '    .option("mode", "DROPMALFORMED")',
        '    .option("recursiveFileLookup", "true")',
        '    .load(args["source_orders_path"])',
        ")",
    ]


def test_a_source_with_a_schema_turns_the_bookmark_default_off_and_refuses_it_on():
    assert _job(format="csv", schema=ORDERS).bookmarks is False
    assert _job(format="csv").bookmarks is True
    with pytest.raises(GlueforgeValidationError) as error:
        _job(format="csv", schema=ORDERS, job={"bookmarks": True})
    assert "S/Job" in str(error.value) and "['orders'] cannot use a job bookmark" in str(
        error.value
    )


@pytest.mark.parametrize(
    ("schema", "bad"),
    [
        ((("id", "number"),), "'number'"),
        ((("id", "decimal(39,2)"),), "'decimal(39,2)'"),
        ((("id", "decimal(5,6)"),), "'decimal(5,6)'"),
        ((("id", "char(256)"),), "'char(256)'"),
        ((("id", "array<int>"),), "'array<int>'"),
    ],
)
def test_a_bad_type_is_refused_at_synth_naming_path_value_and_valid_types(schema, bad):
    with pytest.raises(GlueforgeValidationError) as error:
        _job(format="csv", schema=schema)
    message = str(error.value)
    assert message.startswith("S/Job: ")
    assert f"schema column 'id' has type {bad}" in message
    assert "bigint" in message and "decimal(p,s) with 1 <= p <= 38" in message


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ({"schema": (("id", "int"), ("ID", "int"))}, "schema column 'ID' is listed twice"),
        ({"schema": (("", "int"),)}, "schema column names must not be empty"),
        ({"schema": (("id",),)}, "schema column ('id',) must be (name, type)"),
        (
            {"schema": (("id", "int"),), "format": "parquet"},
            "schema applies to csv and json sources, not 'parquet'",
        ),
        (
            {"schema": (("id", "int"),), "exclusions": ("*.tmp",)},
            "exclusions is a DynamicFrame read option",
        ),
        (
            {"schema": (("id", "int"),), "recurse": False},
            "recurse=False is a DynamicFrame read option",
        ),
    ],
)
def test_other_schema_problems_are_refused(source, expected):
    with pytest.raises(GlueforgeValidationError, match=r"^S/Job: ") as error:
        _job(**{"format": "csv", **source})
    assert expected in str(error.value)


def test_valid_glue_type_names_read_as_spark_types():
    assert [spark_type(t) for t in ("INT", "integer", "decimal", "decimal(38, 0)")] == [
        "INT",
        "INT",
        "DECIMAL(10,0)",
        "DECIMAL(38,0)",
    ]
    assert spark_type("char(255)") == spark_type("varchar(65535)") == "STRING"
    assert spark_type("varchar(0)") is None
    assert ddl((("a`b", "date"),)) == "`a``b` DATE"


TYPED = Mapping("typed", input="orders", mappings=(("id", "order_id", "bigint"),))


def test_a_csv_source_only_a_mapping_reads_is_read_untyped_with_bookmarks_off():
    lines = _lines(format="csv", extra=[TYPED], sink_input="typed", job={"bookmarks": False})
    assert _block(lines["pyspark"], "orders = (", 7) == [
        "orders = (",
        '    glue_context.spark_session.read.format("csv")',
        '    .option("header", "true")',
        '    .option("sep", ",")',
        '    .option("recursiveFileLookup", "true")',
        '    .load(args["source_orders_path"])',
        ")",
    ]
    start = '    val orders = glueContext.getSparkSession.read.format("csv")'
    assert _block(lines["scala"], start, 5)[1:] == [
        '      .option("header", "true")',
        '      .option("sep", ",")',
        '      .option("recursiveFileLookup", "true")',
        '      .load(args("source_orders_path"))',
    ]


def test_a_json_source_only_a_mapping_reads_gets_its_columns_as_strings():
    lines = _lines(format="json", extra=[TYPED], sink_input="typed", job={"bookmarks": False})
    assert '    .schema("`id` STRING")' in lines["pyspark"]


@pytest.mark.parametrize(
    "case",
    [
        {"job": {}},  # bookmarks default on: the DynamicFrame read a bookmark tracks
        {"job": {"bookmarks": False}, "sink_input": "orders"},  # a sink reads it too
        {"job": {"bookmarks": False}, "csv_header": False},  # Spark's _c0 is not Glue's col0
        {"job": {"bookmarks": False}, "group_files": True},  # a DynamicFrame option
    ],
)
def test_otherwise_the_dynamic_frame_read_stays(case):
    options = {"format": "csv", "extra": [TYPED], "sink_input": "typed", **case}
    script = _job(**options).script.text
    assert "glue_context.create_dynamic_frame.from_options(" in script
    assert "spark_session.read" not in script
