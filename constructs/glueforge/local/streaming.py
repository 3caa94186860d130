"""Streaming jobs on local Spark: a folder of record files stands in for a stream.

A Glue streaming script reads Kinesis or Kafka with ``glueContext.create_data_frame`` and
hands each micro-batch to its batch function with ``glueContext.forEachBatch``. Locally
the stream is the folder ``<streams>/<stream name or topic>/`` (``<data>/streams/`` by
default) of files holding one record a line, and Spark Structured Streaming reads it for
real: one file is one micro-batch, taken oldest first (Spark's file source orders new
files by modification time), with the checkpoint in the local folder of the script's
``checkpointLocation``, so a second run resumes after what the first processed.

``forEachBatch`` checks what Glue's does (awslabs/aws-glue-libs ``awsglue/context.py``
``GlueContext.forEachBatch``): the same options, with the same messages, so a script that
fails on Glue fails here. It persists each batch and calls the batch function only for a
batch with records. The window size is parsed as Glue parses it (Spark's
``trigger(processingTime=...)``) but not waited for: a local run takes every file there
is (or ``--max-batches N`` batches) and stops.

Kinesis options: https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-kinesis-home.html
Kafka options: https://docs.aws.amazon.com/glue/latest/dg/glue-streaming-connections.html
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glueforge.local.errors import LocalRunError
from glueforge.local.locations import local_path
from glueforge.local.runtime import StepStats

if TYPE_CHECKING:
    from collections.abc import Callable

    from pyspark.sql import DataFrame

    from glueforge.local.runtime import LocalRuntime

#: where stream folders live under a data folder, unless ``--stream-folder`` says otherwise
STREAMS_DIR = "streams"
STREAM_TYPES = ("kinesis", "kafka")
#: the column Glue adds with ``addRecordTimestamp: "true"`` (Kinesis and Kafka, Glue 4.0+;
#: botocore KinesisStreamingSourceOptions/KafkaStreamingSourceOptions AddRecordTimestamp)
SRC_TIMESTAMP = "__src_timestamp"
#: Glue's range for batchMaxRetries and its message (aws-glue-libs forEachBatch)
MAX_RETRIES = 100
RETRIES_MESSAGE = "Please specify the number of retries as an integer in the range of [0, 100]."
FORMATS = ("json", "csv")


@dataclass
class StreamRead:
    """One streaming source a script opened: its step in the summary, and its folder."""

    step: StepStats
    folder: Path
    #: held so that no other frame gets its id while the run lasts
    frame: Any = None


@dataclass
class _BatchState:
    """What one ``forEachBatch`` has done so far (the batch function runs on Spark's thread)."""

    step: StepStats
    limit: int | None
    ran: int = 0
    limit_hit: bool = False
    failures: list[str] = field(default_factory=list)


def stream_name(connection_type: str, options: dict[str, Any], ctx: str) -> str:
    """The stream (Kinesis) or topic (Kafka) a source reads, or the local location the
    job's local mapping gave in its place (``s3://streams/<name>/``, a path)."""
    if connection_type == "kinesis":
        arn = options.get("streamARN")
        if arn:
            if not str(arn).startswith("arn:"):
                return str(arn)  # a local location
            # arn:aws:kinesis:<region>:<account>:stream/<name>
            return str(arn).rsplit(":", 1)[-1].removeprefix("stream/")
        name = options.get("streamName")
        if name:
            # the older form account-id:StreamName:streamCreationTimestamp names it second
            parts = str(name).split(":")
            return parts[1] if len(parts) == 3 else str(name)
        raise LocalRunError(f"{ctx}: a kinesis source needs streamARN or streamName")
    topic = options.get("topicName")
    if topic:
        return str(topic)
    if options.get("assign") or options.get("subscribePattern"):
        raise LocalRunError(
            f"{ctx}: local runs read one topic a source (topicName), not assign or "
            "subscribePattern: a local topic is one folder"
        )
    raise LocalRunError(f"{ctx}: a kafka source needs topicName, assign or subscribePattern")


def stream_folder(rt: LocalRuntime, name: str) -> Path:
    """A stream's local folder: ``<streams>/<name>``, or where a local location points.

    ``s3://streams/<name>/`` (how glueforge's KinesisSource maps its stream for local runs)
    is ``<streams>/<name>``, so ``--stream-folder`` moves it with every other stream.
    """
    streams = rt.streams_dir or rt.data_dir / STREAMS_DIR
    prefix = f"s3://{STREAMS_DIR}/"
    if name.startswith(prefix):
        return streams / name.removeprefix(prefix).strip("/")
    if "/" in name or name.startswith("file:"):
        return local_path(name, rt.data_dir)
    return streams / name


def _format(options: dict[str, Any], ctx: str) -> str:
    classification = str(options.get("classification", "json")).lower()
    if classification not in FORMATS:
        raise LocalRunError(
            f"{ctx}: classification {classification!r} is not local; local streams hold "
            f"{' or '.join(FORMATS)} records"
        )
    return classification


def read_stream(
    rt: LocalRuntime,
    ctx: str,
    connection_type: str,
    options: dict[str, Any],
    *,
    schema: str | None = None,
) -> DataFrame:
    """The streaming DataFrame of a Kinesis or Kafka source's local folder.

    :param schema: a catalog table's columns (DDL). Default: inferred from the records.
    """
    if connection_type not in STREAM_TYPES:
        raise LocalRunError(
            f"{ctx}: connection_type {connection_type!r} is no local stream; "
            f"use {' or '.join(STREAM_TYPES)}"
        )
    name = stream_name(connection_type, options, ctx)
    folder = stream_folder(rt, name)
    name = folder.name
    if not folder.is_dir():
        raise LocalRunError(f"{ctx}: {connection_type} {name!r} has no local folder {folder}")
    format_ = _format(options, ctx)
    reader = rt.spark.readStream.format(format_).option("maxFilesPerTrigger", 1)
    if format_ == "csv":
        reader = reader.option("sep", options.get("delimiter", ","))
    infer = str(options.get("inferSchema", "false")).lower() == "true"
    # Glue's "schema" option: the records' columns as a Spark DDL string
    schema = schema or options.get("schema")
    if schema is None or infer:
        # Choice: with neither a schema nor inferSchema "true", infer all the same, so a
        # local run shows the script's columns rather than failing before a batch runs.
        schema = _inferred_schema(rt, folder, format_, options, ctx)
    frame = reader.schema(schema).load(str(folder))
    if str(options.get("addRecordTimestamp", "false")).lower() == "true":
        # Choice: a record's arrival time locally is its file's modification time, the
        # nearest thing a folder has to Kinesis's ApproximateArrivalTimestamp.
        frame = frame.select("*", frame["_metadata.file_modification_time"].alias(SRC_TIMESTAMP))
    step = StepStats(ctx, "source", f"{connection_type} {name} ({folder})", batches=[])
    rt.stats.append(step)
    rt.streams[id(frame)] = StreamRead(step, folder, frame)
    return frame


def _inferred_schema(
    rt: LocalRuntime, folder: Path, format_: str, options: dict[str, Any], ctx: str
) -> Any:
    """Choice: Glue infers each batch's schema from its records (inferSchema "true");
    locally the streaming frame needs one schema up front, inferred from every record in
    the folder when the run starts, so each batch has the columns of all the records."""
    files = [f for f in folder.iterdir() if f.is_file() and not f.name.startswith((".", "_"))]
    if not any(f.stat().st_size for f in files):
        raise LocalRunError(
            f"{ctx}: {folder} holds no records to infer a schema from; add a record file "
            "or read the stream from_catalog with the table's columns"
        )
    reader = rt.spark.read.format(format_)
    if format_ == "csv":
        reader = reader.option("sep", options.get("delimiter", ",")).option("inferSchema", True)
    return reader.load(str(folder)).schema


def check_window(frame: DataFrame, window: Any) -> None:
    """Parse ``windowSize`` as Glue does: it goes to ``trigger(processingTime=...)``."""
    try:
        frame.writeStream.trigger(processingTime=window)
    except Exception as error:  # pyspark's ValueError or the JVM's IllegalArgumentException
        raise LocalRunError(
            f"forEachBatch: windowSize {window!r} is not an interval such as '100 seconds' "
            f"({str(error).splitlines()[0] if str(error) else type(error).__name__})"
        ) from error


def check_options(frame: DataFrame, options: dict[str, Any]) -> int:
    """Glue's checks of forEachBatch's options, with its messages; returns batchMaxRetries."""
    # aws-glue-libs awsglue/context.py GlueContext.forEachBatch raises these two exact
    # (bare) Exceptions, so a script missing an option fails locally as it would on Glue
    if "windowSize" not in options:
        raise Exception("Missing windowSize argument")  # noqa: TRY002 (Glue's own)
    if "checkpointLocation" not in options:
        raise Exception("Missing checkpointLocation argument")  # noqa: TRY002
    check_window(frame, options["windowSize"])
    retries = int(options.get("batchMaxRetries", 3))
    if retries < 0 or retries > MAX_RETRIES:
        raise ValueError(RETRIES_MESSAGE)
    return retries


class _BatchLimit(Exception):
    """Raised in the batch after the last one ``--max-batches`` allows: Spark then stops
    without committing it, so the next run starts with that batch."""


def for_each_batch(
    rt: LocalRuntime,
    frame: DataFrame,
    batch_function: Callable[[DataFrame, int], Any],
    options: dict[str, Any],
) -> None:
    """Glue's ``forEachBatch`` on local Spark: every file there is, then stop."""
    retries = check_options(frame, options)
    checkpoint = local_path(str(options["checkpointLocation"]), rt.data_dir)
    source = rt.streams.get(id(frame))
    if source is None and len(rt.streams) == 1:
        # the script transformed the source's frame first: still its only stream
        source = next(iter(rt.streams.values()))
    state = _BatchState(
        StepStats(
            # a name of its own, so that RunSummary.rows(source ctx) counts records once
            f"forEachBatch({source.step.ctx})" if source else "forEachBatch",
            "batches",
            f"checkpoint {checkpoint}",
            batches=[],
        ),
        rt.max_batches,
    )
    rt.stats.append(state.step)
    state.step.window = str(options["windowSize"])
    storage = str(options.get("storageLevel", "MEMORY_AND_DISK")).upper()
    persist = str(options.get("persistDataFrame", "true")).lower() != "false"

    def run_batch(data_frame: DataFrame, batch_id: int) -> None:
        if state.limit is not None and state.ran >= state.limit:
            state.limit_hit = True
            raise _BatchLimit(f"--max-batches {state.limit} reached")
        with rt.reporter.step(state.step.ctx, f"micro-batch {batch_id}") as done:
            rows = _call(data_frame, batch_id, batch_function, persist=persist, storage=storage)
            state.ran += 1
            state.step.batches.append(rows)  # type: ignore[union-attr]
            state.step.rows += rows
            if source is not None:
                source.step.batches.append(rows)  # type: ignore[union-attr]
                source.step.rows += rows
            done(f"{rows} records")

    started = time.monotonic()
    with _quiet_py4j():
        _run_query(frame, run_batch, checkpoint, state, retries)
    state.step.seconds = time.monotonic() - started
    if state.failures:
        state.step.retried = len(state.failures)


def _call(
    data_frame: DataFrame,
    batch_id: int,
    batch_function: Callable[[DataFrame, int], Any],
    *,
    persist: bool,
    storage: str,
) -> int:
    """One batch as Glue runs it: persisted and counted, the function only if non-empty."""
    import pyspark

    if not persist:
        # Glue: persistDataFrame "false" only checks the batch has a record
        if data_frame.take(1):
            batch_function(data_frame, batch_id)
            return data_frame.count()
        return 0
    data_frame.persist(getattr(pyspark.StorageLevel, storage))
    try:
        rows = data_frame.count()
        if rows > 0:
            batch_function(data_frame, batch_id)
        return rows
    finally:
        data_frame.unpersist()


def _run_query(
    frame: DataFrame,
    run_batch: Callable[[DataFrame, int], None],
    checkpoint: Path,
    state: _BatchState,
    retries: int,
) -> None:
    """Start the query until it has taken every file, retrying a failed batch as Glue does.

    Choice: Glue backs off 1 s, 2 s, then 5 s between attempts; a local run retries at
    once, since no stream moves on meanwhile.
    """
    writer = (
        frame.writeStream.foreachBatch(run_batch)
        .trigger(availableNow=True)
        .option("checkpointLocation", str(checkpoint))
    )
    while True:
        try:
            writer.start().awaitTermination()
            return
        except Exception as error:
            if state.limit_hit:
                return
            state.failures.append(str(error).splitlines()[0] if str(error) else repr(error))
            if len(state.failures) > retries:
                raise LocalRunError(
                    f"{state.step.ctx}: a micro-batch failed {len(state.failures)} times "
                    f"(batchMaxRetries {retries}): {_batch_cause(error)}"
                ) from error


@contextlib.contextmanager
def _quiet_py4j() -> Iterator[None]:
    """py4j logs each batch function's exception with its traceback (Python's last-resort
    handler prints it on stderr); the run reports the cause itself, and the stop after
    ``--max-batches`` is no error."""
    logger = logging.getLogger("py4j.clientserver")
    saved = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = saved


def _batch_cause(error: BaseException) -> str:
    """The batch function's own error, out of the StreamingQueryException around it."""
    text = str(error)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # pyspark puts the Python traceback of the batch function into the message; its last
    # "Error:" line is the function's own exception
    errors = [line for line in lines if "Error" in line.split(":", 1)[0]]
    return errors[-1] if errors else (lines[0] if lines else type(error).__name__)


def stream_notes(steps: list[StepStats]) -> list[str]:
    """One line per forEachBatch: batches run, records in each, the window not waited."""
    lines = []
    for step in steps:
        if step.kind != "batches":
            continue
        counts = ", ".join(str(n) for n in step.batches or []) or "none"
        ran = len(step.batches or [])
        lines.append(
            f"{step.ctx}: {ran} micro-batch{'es' if ran != 1 else ''} (records: {counts}); "
            f"windowSize {step.window!r} not waited locally; {step.where}"
        )
        if step.retried:
            lines.append(f"{step.ctx}: {step.retried} failed attempt(s) retried")
    return lines


#: add_ingestion_time_columns: Glue's time granularities and the columns each appends
#: (Glue Scala GlueContext docs, addIngestionTimeColumns: "day", "hour", "minute")
INGEST_COLUMNS = {
    "day": ("ingest_year", "ingest_month", "ingest_day"),
    "hour": ("ingest_year", "ingest_month", "ingest_day", "ingest_hour"),
    "minute": ("ingest_year", "ingest_month", "ingest_day", "ingest_hour", "ingest_minute"),
}
# Choice: zero-padded strings, as the partition folders of AWS's own streaming example
# read (ingest_year=2023/ingest_month=01/ingest_day=10/ingest_hour=06/, partitions added
# with string values); the column types Glue gives are not documented.
_INGEST_PATTERNS = {
    "ingest_year": ("yyyy", "%Y"),
    "ingest_month": ("MM", "%m"),
    "ingest_day": ("dd", "%d"),
    "ingest_hour": ("HH", "%H"),
    "ingest_minute": ("mm", "%M"),
}


def add_ingestion_time_columns(rt: LocalRuntime, frame: DataFrame, granularity: str) -> DataFrame:
    """``glueContext.add_ingestion_time_columns``: the batch's ingestion time (UTC), as
    zero-padded strings, to the granularity given. ``rt.now`` fixes the time (tests)."""
    from pyspark.sql import functions as F

    columns = INGEST_COLUMNS.get(str(granularity).lower())
    if columns is None:
        raise LocalRunError(
            f"add_ingestion_time_columns: time_granularity {granularity!r} is not one of "
            f"{list(INGEST_COLUMNS)}"
        )
    for column in columns:
        spark_pattern, python_pattern = _INGEST_PATTERNS[column]
        value = (
            F.lit(rt.now.strftime(python_pattern))
            if rt.now is not None
            else F.date_format(F.current_timestamp(), spark_pattern)
        )
        frame = frame.withColumn(column, value)
    return frame


def read_catalog_stream(
    rt: LocalRuntime, ctx: str, database: str, table: str, options: dict[str, Any]
) -> DataFrame:
    """A catalog table over a stream: the local catalog entry names the stream or topic.

    Local entry: ``{"typeOfData": "kinesis", "streamARN": ..., "format": "json",
    "schema": {...}}`` (or ``"typeOfData": "kafka", "topicName": ...``), the parameters a
    Glue streaming table keeps. Options the script passes override the table's.
    """
    entry = rt.catalog.table(database, table)
    kind = str(entry.get("typeOfData", "kinesis" if "streamARN" in entry else "kafka"))
    merged = {k: v for k, v in entry.items() if k not in ("schema", "format")}
    merged.setdefault("classification", entry.get("format", "json"))
    merged.update(options)
    columns = entry.get("schema") or {}
    ddl = ", ".join(f"`{name}` {type_}" for name, type_ in columns.items()) or None
    return read_stream(rt, ctx, kind, merged, schema=ddl)
