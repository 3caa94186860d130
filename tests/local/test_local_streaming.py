"""Glue streaming scripts on local Spark: a folder of record files is the stream.

The scripts are written here in the form AWS documents and Glue Studio generates
(``create_data_frame.from_options`` on kinesis, ``forEachBatch`` with ``windowSize`` and
``checkpointLocation``; https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-kinesis-home.html).

tests/fixtures/streams/orders holds 3 files of 3, 2 and 4 records (count the lines), so by
hand: 3 micro-batches of [3, 2, 4] records, 3 + 2 + 4 = 9 rows written; the later file
holds 2 records, so a rerun with the same checkpoint runs 1 batch of [2] and the sink
then holds 9 + 2 = 11 rows.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from glueforge.local import LocalJob, LocalRunError, run_job
from glueforge.local.runtime import LocalRuntime, StepStats
from glueforge.local.streaming import (
    add_ingestion_time_columns,
    stream_folder,
    stream_name,
    stream_notes,
)

STREAMS = Path(__file__).resolve().parents[1] / "fixtures" / "streams"
#: fixed modification times (Spark's file source takes the oldest file first): no clock
T0 = 1_700_000_000

HEADER = """
import sys
from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "TempDir"])
sc = SparkContext.getOrCreate()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)
"""

KINESIS_SOURCE = """
dataframe_orders = glueContext.create_data_frame.from_options(
    connection_type="kinesis",
    connection_options={
        "typeOfData": "kinesis",
        "streamARN": "arn:aws:kinesis:us-east-1:000000000000:stream/orders",
        "classification": "json",
        "startingPosition": "earliest",
        "inferSchema": "true",
    },
    transformation_ctx="dataframe_orders",
)
"""

PROCESS_BATCH = """
def processBatch(data_frame, batchId):
    frame = DynamicFrame.fromDF(data_frame, glueContext, "from_data_frame")
    glueContext.write_dynamic_frame.from_options(
        frame=frame,
        connection_type="s3",
        format="parquet",
        connection_options={"path": "s3://Curated/orders/", "partitionKeys": []},
        transformation_ctx="curated",
    )
"""

CHECKPOINT = 'args["TempDir"] + "/" + args["JOB_NAME"] + "/checkpoint/"'


def script(*, options: str | None = None, source: str = KINESIS_SOURCE) -> str:
    options = options or f'{{"windowSize": "100 seconds", "checkpointLocation": {CHECKPOINT}}}'
    return (
        HEADER
        + source
        + PROCESS_BATCH
        + f"""
glueContext.forEachBatch(
    frame=dataframe_orders,
    batch_function=processBatch,
    options={options},
)
job.commit()
"""
    )


def streaming_job(text: str) -> LocalJob:
    return LocalJob(
        path="Test/Streaming",
        job_name="orders-stream",
        file_name="orders_stream.py",
        script=text,
        bookmarks=False,
        argument_names=("JOB_NAME", "TempDir"),
    )


@pytest.fixture
def data(tmp_path) -> Path:
    """A data folder with the stream ``orders``: 3 files, oldest first in name order."""
    root = tmp_path / "data"
    shutil.copytree(STREAMS / "orders", root / "streams" / "orders")
    for i, file in enumerate(sorted((root / "streams" / "orders").iterdir())):
        os.utime(file, (T0 + i, T0 + i))
    return root


def written(spark, data: Path) -> list[int]:
    rows = spark.read.parquet(str(data / "Curated" / "orders")).collect()
    return sorted(r.order_id for r in rows)


def sinks(summary) -> list[int]:
    """Rows of each call of the batch function (each writes the sink once)."""
    return [s.rows for s in summary.steps if s.kind == "sink"]


def batches(summary) -> list[int]:
    return next(s.batches for s in summary.steps if s.kind == "batches")


def test_three_files_are_three_micro_batches_and_a_rerun_takes_only_the_new_file(spark, data):
    summary = run_job(streaming_job(script()), data_dir=data, spark=spark)

    assert batches(summary) == [3, 2, 4]
    assert sinks(summary) == [3, 2, 4]
    source = next(s for s in summary.steps if s.kind == "source")
    assert (source.ctx, source.rows, source.batches) == ("dataframe_orders", 9, [3, 2, 4])
    assert summary.rows("dataframe_orders") == 9
    assert summary.rows("curated") == 9
    assert written(spark, data) == list(range(1, 10))
    # the checkpoint is where the script put it: TempDir/JOB_NAME/checkpoint/
    checkpoint = data / ".glueforge" / "temp" / "orders-stream" / "orders-stream" / "checkpoint"
    assert (checkpoint / "commits").is_dir()

    later = data / "streams" / "orders" / "part-0004.json"
    shutil.copy(STREAMS / "orders-later" / "part-0004.json", later)
    os.utime(later, (T0 + 10, T0 + 10))
    again = run_job(streaming_job(script()), data_dir=data, spark=spark)

    assert batches(again) == [2]
    assert sinks(again) == [2]
    assert written(spark, data) == list(range(1, 12))


def test_the_summary_says_what_ran_and_that_the_window_was_not_waited(spark, data):
    summary = run_job(streaming_job(script()), data_dir=data, spark=spark)
    step = next(s for s in summary.steps if s.kind == "batches")

    assert step.window == "100 seconds"
    assert step.as_dict()["batches"] == [3, 2, 4]
    [line] = stream_notes(summary.steps)
    assert line.startswith(
        "forEachBatch(dataframe_orders): 3 micro-batches (records: 3, 2, 4); "
        "windowSize '100 seconds' not waited locally; checkpoint "
    )


def test_max_batches_runs_that_many_and_the_next_run_goes_on(spark, data):
    first = run_job(streaming_job(script()), data_dir=data, spark=spark, max_batches=1)
    assert batches(first) == [3]
    assert written(spark, data) == [1, 2, 3]

    rest = run_job(streaming_job(script()), data_dir=data, spark=spark)
    assert batches(rest) == [2, 4]
    assert written(spark, data) == list(range(1, 10))


def test_an_empty_batch_does_not_call_the_batch_function(spark, data):
    # Glue's forEachBatch calls batch_function only when count() > 0
    empty = data / "streams" / "orders" / "part-0002.json"
    empty.write_text("")
    os.utime(empty, (T0 + 1, T0 + 1))
    summary = run_job(streaming_job(script()), data_dir=data, spark=spark)

    assert batches(summary) == [3, 0, 4]
    assert sinks(summary) == [3, 4]
    assert len(written(spark, data)) == 3 + 4


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (f'{{"checkpointLocation": {CHECKPOINT}}}', "Exception: Missing windowSize argument"),
        ('{"windowSize": "100 seconds"}', "Exception: Missing checkpointLocation argument"),
        (
            f'{{"windowSize": "100 seconds", "checkpointLocation": {CHECKPOINT}, '
            '"batchMaxRetries": 101}',
            "Please specify the number of retries as an integer in the range of [0, 100].",
        ),
    ],
)
def test_glues_option_checks_fail_the_run(spark, data, options, message):
    with pytest.raises(LocalRunError) as raised:
        run_job(streaming_job(script(options=options)), data_dir=data, spark=spark)
    assert message in str(raised.value)
    assert "line " in str(raised.value)  # names the script's line
    assert not (data / "Curated").exists()


def test_a_window_size_spark_cannot_parse_fails_the_run(spark, data):
    # Glue hands windowSize to trigger(processingTime=...), which parses it as an interval
    options = f'{{"windowSize": "soon", "checkpointLocation": {CHECKPOINT}}}'
    with pytest.raises(LocalRunError) as raised:
        run_job(streaming_job(script(options=options)), data_dir=data, spark=spark)
    assert "forEachBatch: windowSize 'soon' is not an interval such as '100 seconds'" in str(
        raised.value
    )
    assert not (data / "Curated").exists()


def test_a_failing_batch_is_retried_then_fails_with_its_cause(spark, data):
    failing = script(
        options=f'{{"windowSize": "5 seconds", "checkpointLocation": {CHECKPOINT}, '
        '"batchMaxRetries": 1}'
    ).replace(
        "def processBatch(data_frame, batchId):\n",
        "def processBatch(data_frame, batchId):\n"
        "    raise ValueError('order feed broken in batch %d' % batchId)\n",
    )
    with pytest.raises(LocalRunError) as raised:
        run_job(streaming_job(failing), data_dir=data, spark=spark)
    # 1 try + batchMaxRetries 1 = 2 failures
    assert "a micro-batch failed 2 times (batchMaxRetries 1)" in str(raised.value)
    assert "order feed broken in batch 0" in str(raised.value)


KAFKA_SOURCE = """
dataframe_orders = glueContext.create_data_frame.from_options(
    connection_type="kafka",
    connection_options={
        "connectionName": "kafka_conn",
        "topicName": "orders",
        "startingOffsets": "earliest",
        "inferSchema": "true",
        "classification": "json",
        "addRecordTimestamp": "true",
    },
    transformation_ctx="dataframe_orders",
)
"""


def test_kafka_topic_with_the_record_timestamp_glue_adds(spark, data):
    summary = run_job(
        streaming_job(script(source=KAFKA_SOURCE)), data_dir=data, spark=spark, max_batches=1
    )
    frame = spark.read.parquet(str(data / "Curated" / "orders"))

    assert batches(summary) == [3]
    assert sorted(frame.columns) == ["__src_timestamp", "amount", "customer", "order_id"]
    # part-0001.json was last modified at T0 = 2023-11-14T22:13:20Z (session time zone UTC)
    assert {str(r["__src_timestamp"]) for r in frame.collect()} == {"2023-11-14 22:13:20"}


def test_without_addrecordtimestamp_no_metadata_column(spark, data):
    run_job(streaming_job(script()), data_dir=data, spark=spark, max_batches=1)
    frame = spark.read.parquet(str(data / "Curated" / "orders"))
    assert sorted(frame.columns) == ["amount", "customer", "order_id"]


def test_a_stream_with_no_folder_names_the_folder(spark, data):
    other = KINESIS_SOURCE.replace("stream/orders", "stream/payments")
    with pytest.raises(LocalRunError) as raised:
        run_job(streaming_job(script(source=other)), data_dir=data, spark=spark)
    assert f"kinesis 'payments' has no local folder {data / 'streams' / 'payments'}" in str(
        raised.value
    )


def test_the_stream_folder_option_moves_every_stream(spark, data, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.move(str(data / "streams"), str(elsewhere))
    summary = run_job(streaming_job(script()), data_dir=data, spark=spark, stream_folder=elsewhere)
    assert batches(summary) == [3, 2, 4]


@pytest.mark.parametrize(
    ("connection_type", "options", "name"),
    [
        ("kinesis", {"streamARN": "arn:aws:kinesis:eu-west-1:1:stream/clicks"}, "clicks"),
        # the older form account-id:StreamName:streamCreationTimestamp
        ("kinesis", {"streamName": "123456789012:clicks:1700000000"}, "clicks"),
        ("kinesis", {"streamName": "clicks"}, "clicks"),
        ("kafka", {"topicName": "clicks"}, "clicks"),
        # glueforge's KinesisSource maps streamARN to this local location
        ("kinesis", {"streamARN": "s3://streams/clicks/"}, "s3://streams/clicks/"),
    ],
)
def test_stream_names(connection_type, options, name):
    assert stream_name(connection_type, options, "src") == name


@pytest.mark.parametrize(
    ("connection_type", "options", "message"),
    [
        ("kinesis", {}, "src: a kinesis source needs streamARN or streamName"),
        ("kafka", {"subscribePattern": "click.*"}, "not assign or subscribePattern"),
        ("kafka", {}, "src: a kafka source needs topicName, assign or subscribePattern"),
    ],
)
def test_stream_names_that_are_not_local(connection_type, options, message):
    with pytest.raises(LocalRunError, match=message):
        stream_name(connection_type, options, "src")


def test_notes_count_batches_in_words():
    step = StepStats("src", "batches", "checkpoint /c", batches=[5], window="10 seconds")
    assert stream_notes([step]) == [
        "src: 1 micro-batch (records: 5); windowSize '10 seconds' not waited locally; checkpoint /c"
    ]
    assert LocalRuntime.__dataclass_fields__["max_batches"].default is None


def test_stream_folders_of_local_locations(tmp_path):
    runtime = SimpleNamespace(data_dir=tmp_path, streams_dir=None)
    assert stream_folder(runtime, "orders") == tmp_path / "streams" / "orders"
    # KinesisSource maps its stream to s3://streams/<name>/: the streams root holds it
    assert stream_folder(runtime, "s3://streams/Orders/") == tmp_path / "streams" / "Orders"
    assert stream_folder(runtime, "s3://Raw/feed/") == tmp_path / "Raw" / "feed"
    moved = SimpleNamespace(data_dir=tmp_path, streams_dir=tmp_path / "elsewhere")
    assert stream_folder(moved, "s3://streams/Orders/") == tmp_path / "elsewhere" / "Orders"


def test_a_schema_option_gives_the_columns(spark, data):
    # Glue's "schema" option (a Spark DDL string) instead of inferSchema: only its columns
    source = KINESIS_SOURCE.replace(
        '"inferSchema": "true",', '"schema": "order_id BIGINT, amount DOUBLE",'
    )
    run_job(streaming_job(script(source=source)), data_dir=data, spark=spark, max_batches=1)
    frame = spark.read.parquet(str(data / "Curated" / "orders"))
    assert sorted(frame.columns) == ["amount", "order_id"]
    assert sorted(r.amount for r in frame.collect()) == [3.0, 7.25, 12.5]  # part-0001.json


CATALOG_SOURCE = """
dataframe_orders = glueContext.create_data_frame.from_catalog(
    database="stream",
    table_name="orders",
    transformation_ctx="dataframe_orders",
    additional_options={"startingPosition": "TRIM_HORIZON", "inferSchema": "false"},
)
"""


def test_from_catalog_reads_the_tables_stream_with_its_columns(spark, data):
    (data / "catalog.json").write_text(
        json.dumps(
            {
                "stream": {
                    "orders": {
                        "typeOfData": "kinesis",
                        "streamARN": "arn:aws:kinesis:us-east-1:000000000000:stream/orders",
                        "format": "json",
                        "schema": {"order_id": "bigint", "customer": "string"},
                    }
                }
            }
        )
    )
    summary = run_job(streaming_job(script(source=CATALOG_SOURCE)), data_dir=data, spark=spark)
    assert batches(summary) == [3, 2, 4]
    frame = spark.read.parquet(str(data / "Curated" / "orders"))
    assert sorted(frame.columns) == ["customer", "order_id"]


def test_local_run_of_a_streaming_job_end_to_end(spark, data, tmp_path):
    """A StreamingJob synthesized into a cloud assembly, run by `glueforge local-run`."""
    from aws_cdk import App, Stack
    from aws_cdk import aws_kinesis as kinesis
    from aws_cdk import aws_s3 as s3
    from click.testing import CliRunner

    from glueforge.cli import cli
    from glueforge.jobs.specs.sinks import S3Sink
    from glueforge.jobs.specs.streaming import KinesisSource
    from glueforge.jobs.streaming_job import StreamingJob

    outdir = tmp_path / "cdk.out"
    app = App(outdir=str(outdir))
    stack = Stack(app, "Local")
    stream = kinesis.Stream(stack, "Orders", stream_name="orders")
    curated = s3.Bucket(stack, "Curated")
    StreamingJob(
        stack,
        "Stream",
        job_name="orders-stream",
        specs=[
            KinesisSource("orders", stream=stream),
            S3Sink("out", input="orders", bucket=curated, prefix="orders/"),
        ],
    )
    app.synth()
    # KinesisSource maps the stream named "orders" to streams/orders/ under the data folder

    def local_run(*extra):
        return CliRunner().invoke(
            cli,
            ["local-run", "orders-stream", "--app", str(outdir), "--data", str(data), *extra],
        )

    first = local_run("--master", "local[2]", "--max-batches", "2", "--json")
    assert first.exit_code == 0, first.output
    steps = json.loads(first.output)["steps"]
    assert [s["batches"] for s in steps if s["kind"] == "batches"] == [[3, 2]]
    assert [s["rows"] for s in steps if s["kind"] == "sink"] == [3, 2]

    rest = local_run("--master", "local[2]")
    assert rest.exit_code == 0, rest.output
    lines = [" ".join(line.replace("│", " ").split()) for line in rest.output.splitlines()]
    assert any(
        line.startswith(
            "forEachBatch(source_orders): 1 micro-batch (records: 4); windowSize "
            "'100 seconds' not waited "
            "locally; checkpoint "
        )
        for line in lines
    ), rest.output
    assert spark.read.parquet(str(data / "Curated" / "orders")).count() == 3 + 2 + 4


def test_avro_records_are_not_local(spark, data):
    source = KINESIS_SOURCE.replace('"classification": "json"', '"classification": "avro"')
    with pytest.raises(LocalRunError) as raised:
        run_job(streaming_job(script(source=source)), data_dir=data, spark=spark)
    assert (
        "dataframe_orders: classification 'avro' is not local; local streams hold json or csv "
        "records"
    ) in str(raised.value)


def test_an_empty_stream_cannot_infer_a_schema(spark, data):
    for file in (data / "streams" / "orders").iterdir():
        file.write_text("")
    with pytest.raises(LocalRunError) as raised:
        run_job(streaming_job(script()), data_dir=data, spark=spark)
    assert f"dataframe_orders: {data / 'streams' / 'orders'} holds no records to infer" in str(
        raised.value
    )


def test_ingestion_time_columns_to_the_hour(spark):
    # 2023-01-10 06:07 UTC to the hour: year, month, day, hour as zero-padded strings,
    # as AWS's example partitions read (ingest_year=2023/ingest_month=01/...)
    runtime = SimpleNamespace(now=datetime(2023, 1, 10, 6, 7))
    frame = spark.createDataFrame([(1,)], "order_id INT")
    [row] = add_ingestion_time_columns(runtime, frame, "hour").collect()
    assert row.asDict() == {
        "order_id": 1,
        "ingest_year": "2023",
        "ingest_month": "01",
        "ingest_day": "10",
        "ingest_hour": "06",
    }
    day = add_ingestion_time_columns(runtime, frame, "day").columns
    assert day == ["order_id", "ingest_year", "ingest_month", "ingest_day"]
    minute = add_ingestion_time_columns(runtime, frame, "minute").collect()[0]
    assert minute.ingest_minute == "07"


def test_ingestion_time_columns_of_the_clock_are_padded_strings(spark):
    frame = spark.createDataFrame([(1,)], "order_id INT")
    [row] = add_ingestion_time_columns(SimpleNamespace(now=None), frame, "minute").collect()
    assert [len(row[c]) for c in ("ingest_year", "ingest_month", "ingest_minute")] == [4, 2, 2]


def test_an_unknown_time_granularity_is_refused(spark):
    frame = spark.createDataFrame([(1,)], "order_id INT")
    with pytest.raises(LocalRunError) as raised:
        add_ingestion_time_columns(SimpleNamespace(now=None), frame, "week")
    assert str(raised.value) == (
        "add_ingestion_time_columns: time_granularity 'week' is not one of "
        "['day', 'hour', 'minute']"
    )
