"""GlueContext: the entry point a job script reads and writes through."""

from __future__ import annotations

from glueforge.local import sinks, sources
from glueforge.local.errors import LocalRunError
from glueforge.local.locations import local_path
from glueforge.local.runtime import current
from glueforge.local.streaming import (
    add_ingestion_time_columns,
    for_each_batch,
    read_catalog_stream,
    read_stream,
)

from .data_sink import DataSink
from .dataframereader import DataFrameReader
from .dynamicframe import (
    DynamicFrame,
    DynamicFrameReader,
    DynamicFrameWriter,
    read_s3,
    write,
)

JDBC_TYPES = ("postgresql", "mysql", "sqlserver", "oracle", "redshift")


class LocalSparkSession:
    """The SparkSession a script gets from ``glue_context.spark_session``.

    Everything goes to the run's real session, except that the paths given to its
    DataFrame reader (``read...load("s3://...")``, as a source with a declared schema
    renders) map to the local data folder: the pyspark wheel has no hadoop-aws.
    """

    def __init__(self, runtime):
        self._runtime = runtime

    @property
    def read(self):
        return _LocalReader(self._runtime, self._runtime.spark.read)

    def __getattr__(self, name):
        return getattr(self._runtime.spark, name)


class _LocalReader:
    """A DataFrameReader whose ``load``/``csv``/``json``/... read local folders."""

    LOADERS = ("load", "csv", "json", "parquet", "orc", "text")

    def __init__(self, runtime, reader):
        self._runtime = runtime
        self._reader = reader

    def _local(self, location):
        root = local_path(location, self._runtime.data_dir)
        if not root.exists():
            raise LocalRunError(f"input {location} not found (no local folder {root})")
        return str(root)

    def __getattr__(self, name):
        attribute = getattr(self._reader, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            if name in self.LOADERS and args:
                paths, *rest = args
                paths = (
                    [self._local(p) for p in paths]
                    if isinstance(paths, list | tuple)
                    else self._local(paths)
                )
                args = (paths, *rest)
            result = attribute(*args, **kwargs)
            # format/schema/option return the reader itself: keep mapping paths
            return _LocalReader(self._runtime, result) if result is self._reader else result

        return call


class GlueContext:
    def __init__(self, sparkContext=None, **options):  # noqa: N803 (Glue's name)
        self._runtime = current()
        self._sc = sparkContext
        self.spark_session = LocalSparkSession(self._runtime)
        self.create_dynamic_frame = DynamicFrameReader(self)
        self.write_dynamic_frame = DynamicFrameWriter(self)
        self.create_data_frame = DataFrameReader(self)

    def create_dynamic_frame_from_options(
        self,
        connection_type,
        connection_options={},  # noqa: B006 (Glue's signature)
        format=None,  # noqa: A002
        format_options={},  # noqa: B006
        transformation_ctx="",
        push_down_predicate="",
        **kwargs,
    ):
        runtime = self._runtime
        ctx = transformation_ctx
        partitioned = False
        if connection_type == "s3":
            frame, where = read_s3(runtime, ctx, connection_options, format, format_options)
        elif connection_type in JDBC_TYPES:
            frame, partitioned = sources.read_jdbc(
                runtime, ctx, connection_type, connection_options
            )
            where = f"{connection_options.get('connectionName')}:" + str(
                connection_options.get("dbtable") or "query"
            )
        elif connection_type == "dynamodb":
            frame = sources.read_ddb_export(runtime, ctx, connection_options)
            where = f"s3://{connection_options['dynamodb.s3.bucket']}/" + str(
                connection_options.get("dynamodb.s3.prefix", "")
            )
        else:
            raise LocalRunError(
                f"{ctx or 'source'}: connection_type {connection_type!r} is not local"
            )
        if push_down_predicate:
            frame = frame.filter(push_down_predicate)
        runtime.source(ctx or "source", where, frame, partitions=partitioned)
        return DynamicFrame(frame, self, ctx)

    def create_dynamic_frame_from_catalog(
        self,
        database=None,
        table_name=None,
        redshift_tmp_dir="",
        transformation_ctx="",
        push_down_predicate="",
        additional_options={},  # noqa: B006
        catalog_id=None,
        **kwargs,
    ):
        if not database or not table_name:
            raise LocalRunError("from_catalog needs database and table_name")
        predicates = [push_down_predicate] if push_down_predicate else []
        if additional_options.get("catalogPartitionPredicate"):
            predicates.append(additional_options["catalogPartitionPredicate"])
        ctx = transformation_ctx or f"{database}.{table_name}"
        frame = sources.read_catalog(
            self._runtime, ctx, database, table_name, predicates=predicates
        )
        self._runtime.source(ctx, f"{database}.{table_name}", frame)
        return DynamicFrame(frame, self, transformation_ctx)

    def write_dynamic_frame_from_options(
        self,
        frame,
        connection_type,
        connection_options={},  # noqa: B006
        format=None,  # noqa: A002
        format_options={},  # noqa: B006
        transformation_ctx="",
    ):
        write(
            self._runtime,
            frame,
            connection_type,
            connection_options,
            format,
            format_options,
            transformation_ctx,
        )
        return frame

    def write_dynamic_frame_from_catalog(
        self,
        frame,
        database=None,
        table_name=None,
        redshift_tmp_dir="",
        transformation_ctx="",
        additional_options={},  # noqa: B006
        catalog_id=None,
        **kwargs,
    ):
        sinks.write_catalog_table(
            self._runtime,
            transformation_ctx or f"{database}.{table_name}",
            frame.toDF(),
            database=database,
            table=table_name,
            location=None,
            format_=None,
            format_options={},
            partition_keys=list(additional_options.get("partitionKeys", [])),
            update_catalog=str(additional_options.get("enableUpdateCatalog", "")).lower() == "true",
            update_behavior=additional_options.get("updateBehavior"),
        )
        return frame

    def write_dynamic_frame_from_jdbc_conf(
        self,
        frame,
        catalog_connection,
        connection_options={},  # noqa: B006
        redshift_tmp_dir="",
        transformation_ctx="",
        catalog_id=None,
    ):
        sinks.write_jdbc(
            self._runtime, transformation_ctx, frame.toDF(), catalog_connection, connection_options
        )
        return frame

    def create_data_frame_from_options(
        self,
        connection_type,
        connection_options={},  # noqa: B006 (Glue's signature)
        format=None,  # noqa: A002
        format_options={},  # noqa: B006
        transformation_ctx="",
        push_down_predicate="",
        **kwargs,
    ):
        """A streaming DataFrame of a Kinesis stream's or Kafka topic's local folder."""
        return read_stream(
            self._runtime, transformation_ctx or "stream", connection_type, connection_options
        )

    def create_data_frame_from_catalog(
        self,
        database=None,
        table_name=None,
        redshift_tmp_dir="",
        transformation_ctx="",
        push_down_predicate="",
        additional_options={},  # noqa: B006
        catalog_id=None,
        **kwargs,
    ):
        if database is not None and "name_space" in kwargs:
            raise Exception("Parameter name_space and database are both specified, choose one.")  # noqa: TRY002
        if database is None and "name_space" not in kwargs:
            raise Exception("Parameter name_space or database is missing.")  # noqa: TRY002
        database = kwargs.pop("name_space") if "name_space" in kwargs else database
        if table_name is None:
            raise Exception("Parameter table_name is missing.")  # noqa: TRY002
        ctx = transformation_ctx or f"{database}.{table_name}"
        return read_catalog_stream(self._runtime, ctx, database, table_name, additional_options)

    def forEachBatch(self, frame, batch_function, options={}):  # noqa: N802, B006 (Glue's)
        """Each micro-batch of ``frame`` to ``batch_function``: every record there is, then
        stop (``--max-batches N``: N batches). Checks Glue's options with its messages."""
        for_each_batch(self._runtime, frame, batch_function, options)

    def add_ingestion_time_columns(self, frame, time_granularity):
        """ingest_year, ingest_month, ... to ``time_granularity`` ("day", "hour", "minute")."""
        return add_ingestion_time_columns(self._runtime, frame, time_granularity)

    def getSink(self, connection_type, format=None, transformation_ctx="", **options):  # noqa: N802, A002
        if connection_type != "s3":
            raise LocalRunError(f"getSink: local runs write s3, not {connection_type!r}")
        settings = {
            "format": format,
            "transformation_ctx": transformation_ctx,
            "options": options,
        }
        return DataSink(settings, self)
