"""Local sinks: reruns append (and say so), --clear-output, catalog table updates.

Expected values are worked by hand: the input has 3 rows, so a second run finds 3 rows
already there and leaves 6; catalog updates follow the Glue page "Updating the schema, and
adding new partitions in the Data Catalog using AWS Glue ETL jobs" (update-from-job.html).
"""

from __future__ import annotations

import json

import pytest

from glueforge.cli.local_run import sink_notes
from glueforge.jobs.specs import CatalogSink, S3Sink, S3Source
from glueforge.local import LocalRunError
from glueforge.local.catalog import LocalCatalog
from glueforge.local.progress import Reporter
from glueforge.local.runtime import LocalRuntime
from glueforge.local.sinks import write_catalog_table, write_files
from tests.helpers.local import rows

ORDERS = '{"id": 1, "day": "d1"}\n{"id": 2, "day": "d1"}\n{"id": 3, "day": "d2"}\n'


def _orders(data):
    folder = data / "Raw/orders"
    folder.mkdir(parents=True)
    (folder / "part-1.json").write_text(ORDERS)


def _copy(lake, prefix="out/"):
    return [
        S3Source("orders", bucket=lake.raw, prefix="orders/", format="json"),
        S3Sink("out", input="orders", bucket=lake.curated, prefix=prefix),
    ]


def _sink(summary, ctx="sink_out"):
    [step] = [s for s in summary.steps if s.ctx == ctx]
    return step


def test_a_rerun_appends_and_the_summary_says_how_many_rows_were_there(lake, run, spark):
    _orders(run.data)
    first = run(lake, _copy(lake), bookmarks=False)
    assert (_sink(first).rows, _sink(first).rows_before) == (3, 0)
    second = run(lake, _copy(lake), bookmarks=False)
    assert (_sink(second).rows, _sink(second).rows_before) == (3, 3)
    assert len(rows(spark, run.data / "Curated/out")) == 6  # doubled, as on Glue
    step = second.as_dict()["steps"][1]
    assert (step["rows"], step["rows_before"]) == (3, 3)
    assert "cleared" not in step
    assert sink_notes(second) == [
        "sink_out: s3://Curated/out/ already held 3 rows; this run appended 3 (Glue appends "
        "too; --clear-output empties it first)"
    ]


def test_clear_output_empties_the_sink_folder_first_and_says_so(lake, run, spark):
    _orders(run.data)
    run(lake, _copy(lake), bookmarks=False)
    run(lake, _copy(lake), bookmarks=False)
    cleared = run(lake, _copy(lake), bookmarks=False, clear_output=True)
    folder = (run.data / "Curated/out").resolve()
    assert _sink(cleared).rows_before == 0
    assert _sink(cleared).cleared == f"{folder} (6 rows)"
    assert len(rows(spark, run.data / "Curated/out")) == 3
    assert sink_notes(cleared) == [f"sink_out: cleared {folder} (6 rows) first (--clear-output)"]
    assert json.loads(json.dumps(cleared.as_dict()))["steps"][1]["cleared"] == (
        f"{folder} (6 rows)"
    )


def test_clear_output_with_nothing_there_clears_nothing(lake, run, spark):
    _orders(run.data)
    summary = run(lake, _copy(lake), bookmarks=False, clear_output=True)
    assert (_sink(summary).rows_before, _sink(summary).cleared) == (0, None)


@pytest.fixture
def runtime(spark, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    return LocalRuntime(
        data_dir=data,
        spark=spark,
        job_name="t",
        catalog=LocalCatalog(data / "catalog.json"),
        bookmarks=None,
        reporter=Reporter(None),
        clear_output=True,
    )


@pytest.mark.parametrize(
    "location",
    ["s3://Curated/../../escape/", "file://{outside}", "{data}", "{data}/.glueforge/x"],
)
def test_clear_output_refuses_anything_outside_the_data_folder(runtime, spark, tmp_path, location):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine")
    location = location.format(outside=outside, data=runtime.data_dir)
    frame = spark.createDataFrame([(1,)], "id bigint")
    with pytest.raises(LocalRunError) as error:
        write_files(
            runtime, "sink_x", frame, location, "parquet", format_options={}, partition_keys=[]
        )
    assert str(error.value).startswith(
        f"sink_x: --clear-output clears only folders inside the data folder "
        f"{runtime.data_dir.resolve()} (not the folder itself or .glueforge/); {location} is "
    )
    assert (outside / "keep.txt").read_text() == "mine"
    assert runtime.data_dir.is_dir()


def test_existing_json_lines_count_even_when_malformed(runtime, spark):
    runtime.clear_output = False
    folder = runtime.data_dir / "Curated/out"
    folder.mkdir(parents=True)
    (folder / "part-0.json").write_text('{"id": 7}\n{not json at all\n')
    frame = spark.createDataFrame([(1,)], "id bigint")
    stats = write_files(
        runtime, "sink_x", frame, "s3://Curated/out/", "json", format_options={}, partition_keys=[]
    )
    assert stats.rows_before == 2  # two lines already there, one of them malformed


def test_existing_output_that_does_not_read_is_one_clear_line(runtime, spark):
    runtime.clear_output = False
    folder = runtime.data_dir / "Curated/out"
    folder.mkdir(parents=True)
    (folder / "part-0.parquet").write_bytes(b"not parquet")
    frame = spark.createDataFrame([(1,)], "id bigint")
    with pytest.raises(LocalRunError) as error:
        write_files(
            runtime,
            "sink_x",
            frame,
            "s3://Curated/out/",
            "parquet",
            format_options={},
            partition_keys=[],
        )
    message = str(error.value)
    assert message.startswith(
        "sink_x: s3://Curated/out/ already holds files that do not read as parquet ("
    )
    assert message.endswith("); pass --clear-output to start it empty")
    assert "\n" not in message and "at org.apache" not in message


# ---- catalog tables ------------------------------------------------------------------

PEOPLE = [(1, "ann", "d1"), (2, "bob", "d2")]


def _people(spark):
    return spark.createDataFrame(PEOPLE, "id bigint, name string, day string")


def _seed_table(runtime, schema, keys=("day",)):
    runtime.catalog.put(
        "lake",
        "people",
        {
            "location": "s3://Curated/people/",
            "format": "parquet",
            "schema": schema,
            "partitionKeys": list(keys),
        },
    )


def _write(runtime, frame, **options):
    write_catalog_table(
        runtime,
        "sink_people",
        frame,
        database="lake",
        table="people",
        location="s3://Curated/people/",
        format_="glueparquet",
        format_options={},
        partition_keys=["day"],
        **options,
    )
    return runtime.stats[-1]


def test_update_in_database_overwrites_the_schema(runtime, spark):
    # "updateBehavior set to UPDATE_IN_DATABASE, which indicates to overwrite the schema":
    # the written frame's columns replace the table's, added, dropped and retyped alike
    runtime.clear_output = False
    _seed_table(runtime, {"id": "string", "legacy": "int", "day": "string"})
    step = _write(
        runtime, _people(spark), update_catalog=True, update_behavior="UPDATE_IN_DATABASE"
    )
    assert runtime.catalog.table("lake", "people")["schema"] == {
        "id": "bigint",
        "name": "string",
        "day": "string",
    }
    assert step.catalog == (
        "lake.people schema replaced (updateBehavior UPDATE_IN_DATABASE): added name string; "
        "dropped legacy; retyped id string -> bigint"
    )


def test_update_behavior_defaults_to_update_in_database(runtime, spark):
    # "The default value of updateBehavior is UPDATE_IN_DATABASE"
    runtime.clear_output = False
    _seed_table(runtime, {"id": "bigint", "day": "string"})
    step = _write(runtime, _people(spark), update_catalog=True)
    assert "name" in runtime.catalog.table("lake", "people")["schema"]
    assert step.catalog.startswith("lake.people schema replaced")


def test_log_keeps_the_schema_and_says_new_partitions_are_not_added(runtime, spark):
    # LOG: "prevent your table schema from being overwritten"; new partitions only "if the
    # DynamicFrame schema is equivalent to or contains a subset of the columns"
    runtime.clear_output = False
    schema = {"id": "bigint", "day": "string"}
    _seed_table(runtime, schema)
    step = _write(runtime, _people(spark), update_catalog=True, update_behavior="LOG")
    assert runtime.catalog.table("lake", "people")["schema"] == schema
    assert step.catalog == (
        "lake.people schema kept (updateBehavior LOG); new partitions not added: columns "
        "name are not in the table"
    )
    subset = _write(
        runtime, _people(spark).drop("name"), update_catalog=True, update_behavior="LOG"
    )
    assert subset.catalog == "lake.people schema kept (updateBehavior LOG)"


def test_without_enable_update_catalog_the_table_is_left_alone(runtime, spark):
    # "If enableUpdateCatalog is not set to true, regardless of whichever option selected
    # for updateBehavior, the ETL job will not update the table"
    runtime.clear_output = False
    schema = {"id": "string", "day": "string"}
    _seed_table(runtime, schema)
    step = _write(
        runtime, _people(spark), update_catalog=False, update_behavior="UPDATE_IN_DATABASE"
    )
    assert runtime.catalog.table("lake", "people")["schema"] == schema
    assert step.catalog == "lake.people left as it was (enableUpdateCatalog is off)"


def test_partition_keys_must_match_the_tables(runtime, spark):
    # "Your partitionKeys must be equivalent, and in the same order"
    runtime.clear_output = False
    _seed_table(runtime, {"id": "bigint", "name": "string", "day": "string"}, keys=("name",))
    with pytest.raises(LocalRunError) as error:
        _write(runtime, _people(spark), update_catalog=True)
    assert str(error.value) == (
        "sink_people: partitionKeys ['day'] differ from those of lake.people ['name']; Glue "
        "needs them equal and in the same order to update the table"
    )


def test_an_unknown_update_behavior_is_refused(runtime, spark):
    with pytest.raises(LocalRunError) as error:
        _write(runtime, _people(spark), update_catalog=True, update_behavior="MERGE")
    assert str(error.value) == (
        "sink_people: updateBehavior 'MERGE' is not one of ['UPDATE_IN_DATABASE', 'LOG']"
    )


def test_the_generated_catalog_sink_updates_the_schema_as_deployed(lake, run, spark):
    # The templates pass enableUpdateCatalog=True, updateBehavior="UPDATE_IN_DATABASE"
    # (job_templates/pyspark/_macros/sinks.j2), so the table takes the frame's schema.
    _orders(run.data)
    LocalCatalog(run.data / "catalog.json").put(
        "lake",
        "orders_copy",
        {
            "location": "s3://Curated/copy/",
            "format": "parquet",
            "schema": {"legacy": "string", "day": "string"},
            "partitionKeys": ["day"],
        },
    )
    summary = run(
        lake,
        [
            S3Source("orders", bucket=lake.raw, prefix="orders/", format="json"),
            CatalogSink(
                "copy",
                input="orders",
                database=lake.database,
                table="orders_copy",
                bucket=lake.curated,
                prefix="copy/",
                partition_keys=("day",),
            ),
        ],
        bookmarks=False,
    )
    assert json.loads((run.data / "catalog.json").read_text())["lake"]["orders_copy"] == {
        "location": "s3://Curated/copy/",
        "format": "parquet",
        "schema": {"id": "bigint", "day": "string"},
        "partitionKeys": ["day"],
    }
    assert _sink(summary, "sink_copy").catalog == (
        "lake.orders_copy schema replaced (updateBehavior UPDATE_IN_DATABASE): added id "
        "bigint; dropped legacy"
    )
    assert sink_notes(summary)[-1] == f"sink_copy: catalog: {_sink(summary, 'sink_copy').catalog}"


def test_writing_to_a_crawled_csv_table_keeps_its_layout(runtime, spark):
    # a table crawled without a header (col1, col2, ...) is written without one, with its
    # separator, so its next read does not take a header line for data
    runtime.clear_output = False
    runtime.catalog.put(
        "lake",
        "cities",
        {
            "location": "s3://Raw/cities/",
            "format": "csv",
            "schema": {"col1": "string", "col2": "string"},
            "partitionKeys": [],
            "formatOptions": {"withHeader": False, "separator": "|"},
        },
    )
    frame = spark.createDataFrame([("cy", "oslo")], "col1 string, col2 string")
    write_catalog_table(
        runtime,
        "sink_cities",
        frame,
        database="lake",
        table="cities",
        location=None,
        format_=None,
        format_options={},
        partition_keys=[],
        update_catalog=False,
    )
    files = sorted((runtime.data_dir / "Raw/cities").glob("part-*.csv"))
    assert "".join(f.read_text() for f in files) == "cy|oslo\n"


def test_a_jdbc_sink_reports_the_rows_its_table_already_held(lake, run, postgres, spark):
    from glueforge.jobs.specs import JdbcSink

    postgres.create_database("sinks")
    url = postgres.jdbc_url("sinks")
    _orders(run.data)
    steps = [
        S3Source("orders", bucket=lake.raw, prefix="orders/", format="json"),
        JdbcSink("db", input="orders", connection=lake.connection, table="public.copies"),
    ]
    # no table yet: Spark's append creates it, with 0 rows before
    first = run(lake, steps, jdbc_url=url, bookmarks=False)
    assert (_sink(first, "sink_db").rows, _sink(first, "sink_db").rows_before) == (3, 0)
    second = run(lake, steps, jdbc_url=url, bookmarks=False)
    assert (_sink(second, "sink_db").rows, _sink(second, "sink_db").rows_before) == (3, 3)
    assert postgres.run_sql("SELECT COUNT(*) FROM copies", "sinks") == "6\n"
    assert sink_notes(second) == [
        "sink_db: Shop:public.copies already held 3 rows; this run appended 3 (Glue appends too)"
    ]


def test_enable_update_catalog_refuses_formats_the_page_does_not_list(runtime, spark):
    # Restrictions: "Only the following formats are supported: json, csv, avro, and
    # glueparquet"
    with pytest.raises(LocalRunError) as error:
        write_catalog_table(
            runtime,
            "sink_people",
            _people(spark),
            database="lake",
            table="people",
            location="s3://Curated/people/",
            format_="orc",
            format_options={},
            partition_keys=["day"],
            update_catalog=True,
        )
    assert str(error.value) == (
        "sink_people: enableUpdateCatalog works for the formats json, csv, avro and "
        "glueparquet only (Glue: update-from-job.html, Restrictions), not 'orc'"
    )
    assert not (runtime.data_dir / "Curated/people").exists()


def test_clear_output_refuses_a_symlink_out_of_the_data_folder(runtime, spark, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine")
    (runtime.data_dir / "Curated").mkdir()
    (runtime.data_dir / "Curated/out").symlink_to(outside)
    frame = spark.createDataFrame([(1,)], "id bigint")
    with pytest.raises(LocalRunError) as error:
        write_files(
            runtime,
            "sink_x",
            frame,
            "s3://Curated/out/",
            "parquet",
            format_options={},
            partition_keys=[],
        )
    assert str(error.value).endswith(f"s3://Curated/out/ is {outside.resolve()}")
    assert (outside / "keep.txt").read_text() == "mine"
