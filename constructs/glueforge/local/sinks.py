"""Writing a job's sinks locally: files (appended, as Glue does), catalog tables, JDBC."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from glueforge.local.catalog import schema_dict
from glueforge.local.errors import LocalRunError
from glueforge.local.locations import local_path
from glueforge.local.runtime import LocalRuntime
from glueforge.local.sources import SPARK_FORMATS

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def write_files(
    rt: LocalRuntime,
    ctx: str,
    frame: DataFrame,
    location: str,
    format_: str,
    *,
    format_options: dict[str, Any],
    partition_keys: list[str],
) -> None:
    spark_format = SPARK_FORMATS.get(format_)
    if spark_format is None:
        raise LocalRunError(f"{ctx}: format {format_!r} is not one of {sorted(SPARK_FORMATS)}")
    missing = [k for k in partition_keys if k not in frame.columns]
    if missing:
        raise LocalRunError(
            f"{ctx}: partition keys {missing} are not columns of the frame {frame.columns}"
        )
    target = local_path(location, rt.data_dir)
    with rt.sink(ctx or "sink", location, frame) as cached:
        writer = cached.write.mode("append").format(spark_format)
        if partition_keys:
            writer = writer.partitionBy(*partition_keys)
        if "compression" in format_options:
            writer = writer.option("compression", format_options["compression"])
        if spark_format == "csv":
            writer = writer.option("header", format_options.get("writeHeader", True))
            writer = writer.option("sep", format_options.get("separator", ","))
        writer.save(str(target))


def write_catalog_table(
    rt: LocalRuntime,
    ctx: str,
    frame: DataFrame,
    *,
    database: str,
    table: str,
    location: str | None,
    format_: str | None,
    format_options: dict[str, Any],
    partition_keys: list[str],
    update_catalog: bool,
) -> None:
    """Write files, then register or update the table, as ``enableUpdateCatalog`` does."""
    entry: dict[str, Any] = {}
    if location is None or format_ is None:
        entry = rt.catalog.table(database, table)
    location = location or entry["location"]
    format_ = format_ or entry.get("format", "parquet")
    partition_keys = partition_keys or entry.get("partitionKeys", [])
    write_files(
        rt,
        ctx,
        frame,
        location,
        format_,
        format_options=format_options,
        partition_keys=partition_keys,
    )
    if update_catalog:
        data_columns = [f for f in frame.schema.fields if f.name not in partition_keys]
        partition_columns = [frame.schema[k] for k in partition_keys]
        from pyspark.sql.types import StructType

        rt.catalog.put(
            database,
            table,
            {
                "location": location,
                "format": SPARK_FORMATS[format_],
                "schema": schema_dict(StructType(data_columns + partition_columns)),
                "partitionKeys": partition_keys,
            },
        )


def write_jdbc(
    rt: LocalRuntime, ctx: str, frame: DataFrame, connection: str, options: dict[str, Any]
) -> None:
    table = options.get("dbtable")
    if not table:
        raise LocalRunError(f"{ctx}: connection_options needs dbtable")
    url = rt.jdbc_url(connection, options.get("database"))
    with rt.sink(ctx or "sink", f"{connection}:{table}", frame) as cached:
        cached.write.jdbc(url, table, mode="append", properties={"driver": "org.postgresql.Driver"})
