"""Writing a job's sinks locally: files (appended, as Glue does), catalog tables, JDBC.

**Appending.** Glue's S3 sinks add files next to those already under the path: the
DynamicFrameWriter methods take no save mode
(https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-dynamic-frame-writer.html),
and emptying a path first is a separate call (``GlueContext.purge_s3_path``). So a rerun
doubles the rows. Local runs do the same and say so: each file sink's
step records the rows already there (``rows_before``). ``clear_output`` empties a sink's
folder first, and only a folder inside the data folder.

**Catalog tables** follow the Glue Developer Guide page "Updating the schema, and adding
new partitions in the Data Catalog using AWS Glue ETL jobs"
(https://docs.aws.amazon.com/glue/latest/dg/update-from-job.html):

- without ``enableUpdateCatalog`` the job "will not update the table in the Data
  Catalog", whatever ``updateBehavior`` says;
- ``updateBehavior`` ``UPDATE_IN_DATABASE`` (the default) overwrites the table's schema
  with the written frame's: columns are added, dropped and retyped alike;
- ``LOG`` leaves the schema alone and adds new partitions "only if the DynamicFrame
  schema is equivalent to or contains a subset of the columns" of the table;
- the ``partitionKeys`` passed must equal the table's, in the same order;
- only json, csv, avro and glueparquet tables can be updated (the page's Restrictions);
- a missing table is created (the page's "Creating new tables" uses the same options).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glueforge.local.catalog import schema_dict
from glueforge.local.errors import LocalRunError
from glueforge.local.locations import STATE_DIR, local_path
from glueforge.local.runtime import LocalRuntime, StepStats
from glueforge.local.sources import SPARK_FORMATS, data_files

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: Glue's ``updateBehavior`` values for job sinks; the first is the documented default
UPDATE_BEHAVIORS = ("UPDATE_IN_DATABASE", "LOG")
#: local JDBC sinks write to PostgreSQL (glueforge.local.postgres)
JDBC_PROPERTIES = {"driver": "org.postgresql.Driver"}
#: the formats the page's Restrictions list for tables a job updates ("json, csv, avro,
#: and glueparquet"); plain "parquet" is Spark's writer for the same files
CATALOG_UPDATE_FORMATS = ("json", "csv", "avro", "glueparquet", "parquet")


def write_files(
    rt: LocalRuntime,
    ctx: str,
    frame: DataFrame,
    location: str,
    format_: str,
    *,
    format_options: dict[str, Any],
    partition_keys: list[str],
) -> StepStats:
    """Append ``frame`` under ``location``; returns the step it recorded."""
    spark_format = SPARK_FORMATS.get(format_)
    if spark_format is None:
        raise LocalRunError(f"{ctx}: format {format_!r} is not one of {sorted(SPARK_FORMATS)}")
    missing = [k for k in partition_keys if k not in frame.columns]
    if missing:
        raise LocalRunError(
            f"{ctx}: partition keys {missing} are not columns of the frame {frame.columns}"
        )
    target = local_path(location, rt.data_dir)
    # a location two sinks of one run share is cleared once, before the first writes
    clear = rt.clear_output and not any(s.kind == "sink" and s.where == location for s in rt.stats)
    if clear:
        check_clearable(rt, ctx, location, target)
    before = (
        existing_rows(rt, ctx, location, target, spark_format, format_options)
        if rt.count_rows
        else None
    )
    with rt.sink(ctx or "sink", location, frame) as cached:
        # cleared only now: the frame is cached, in case it was read from this folder
        cleared = _clear(target, before) if clear else None
        writer = cached.write.mode("append").format(spark_format)
        if partition_keys:
            writer = writer.partitionBy(*partition_keys)
        if "compression" in format_options:
            writer = writer.option("compression", format_options["compression"])
        if spark_format == "csv":
            writer = writer.option("header", format_options.get("writeHeader", True))
            writer = writer.option("sep", format_options.get("separator", ","))
        writer.save(str(target))
    stats = rt.stats[-1]
    stats.rows_before = 0 if cleared is not None and before is not None else before
    stats.cleared = cleared
    return stats


def check_clearable(rt: LocalRuntime, ctx: str, location: str, target: Path) -> None:
    """Refuse to clear anything but a folder strictly inside the data folder."""
    root = rt.data_dir.resolve()
    resolved = target.resolve()
    if (
        resolved == root
        or not resolved.is_relative_to(root)
        or resolved.is_relative_to(root / STATE_DIR)
    ):
        raise LocalRunError(
            f"{ctx}: --clear-output clears only folders inside the data folder {root} "
            f"(not the folder itself or {STATE_DIR}/); {location} is {resolved}"
        )


def existing_rows(
    rt: LocalRuntime,
    ctx: str,
    location: str,
    target: Path,
    spark_format: str,
    format_options: dict[str, Any],
) -> int:
    """Rows of the data files already under ``target`` (0 when there are none)."""
    files = data_files(target, recurse=True, exclusions=[]) if target.exists() else []
    if not files:
        return 0
    reader = rt.spark.read.format(spark_format)
    if spark_format == "csv":
        reader = reader.option("header", format_options.get("writeHeader", True))
        reader = reader.option("sep", format_options.get("separator", ","))
    try:
        return reader.load([str(f) for f in files]).count()
    except Exception as error:
        cause = next((line for line in str(error).splitlines() if line.strip()), "")
        raise LocalRunError(
            f"{ctx}: {location} already holds files that do not read as {spark_format} "
            f"({cause.strip()[:200]}); pass --clear-output to start it empty"
        ) from None


def _clear(target: Path, rows: int | None) -> str | None:
    """Empty ``target``; returns what was cleared, or None when nothing was there."""
    resolved = target.resolve()
    if not resolved.exists():
        return None
    if resolved.is_dir():
        shutil.rmtree(resolved)
    else:
        resolved.unlink()
    return str(resolved) + ("" if rows is None else f" ({rows} rows)")


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
    update_behavior: str | None = None,
) -> None:
    """Write files, then create or update the table as ``enableUpdateCatalog`` does.

    :param update_behavior: ``UPDATE_IN_DATABASE`` or ``LOG``. Default (None):
        ``UPDATE_IN_DATABASE``, as on Glue.
    """
    behavior = str(update_behavior or UPDATE_BEHAVIORS[0]).upper()
    if behavior not in UPDATE_BEHAVIORS:
        raise LocalRunError(
            f"{ctx}: updateBehavior {update_behavior!r} is not one of {list(UPDATE_BEHAVIORS)}"
        )
    entry = rt.catalog.get(database, table)
    if entry is None and (location is None or format_ is None):
        entry = rt.catalog.table(database, table)  # raises: names the tables there are
    entry = entry or {}
    location = location or entry["location"]
    format_ = format_ or entry.get("format", "parquet")
    table_keys = entry.get("partitionKeys", [])
    if update_catalog and entry and partition_keys and table_keys != partition_keys:
        raise LocalRunError(
            f"{ctx}: partitionKeys {partition_keys} differ from those of {database}.{table} "
            f"{table_keys}; Glue needs them equal and in the same order to update the table"
        )
    if update_catalog and format_ not in CATALOG_UPDATE_FORMATS:
        raise LocalRunError(
            f"{ctx}: enableUpdateCatalog works for the formats json, csv, avro and "
            f"glueparquet only (Glue: update-from-job.html, Restrictions), not {format_!r}"
        )
    partition_keys = partition_keys or table_keys
    if not format_options and "formatOptions" in entry:
        # a CSV table's files are written as the table reads them (header, separator)
        table_options = entry["formatOptions"]
        format_options = {
            "writeHeader": table_options.get("withHeader", False),
            "separator": table_options.get("separator", ","),
        }
    stats = write_files(
        rt,
        ctx,
        frame,
        location,
        format_,
        format_options=format_options,
        partition_keys=partition_keys,
    )
    written = written_entry(frame, location, format_, format_options, partition_keys)
    stats.catalog = update_table(rt, database, table, entry, written, update_catalog, behavior)


def written_entry(
    frame: DataFrame,
    location: str,
    format_: str,
    format_options: dict[str, Any],
    partition_keys: list[str],
) -> dict[str, Any]:
    """The table entry that describes what was written: data columns, then partitions."""
    from pyspark.sql.types import StructType

    data_columns = [f for f in frame.schema.fields if f.name not in partition_keys]
    partition_columns = [frame.schema[k] for k in partition_keys]
    entry: dict[str, Any] = {
        "location": location,
        "format": SPARK_FORMATS[format_],
        "schema": schema_dict(StructType(data_columns + partition_columns)),
        "partitionKeys": partition_keys,
    }
    if entry["format"] == "csv":
        entry["formatOptions"] = {
            "withHeader": bool(format_options.get("writeHeader", True)),
            "separator": format_options.get("separator", ","),
        }
    return entry


def update_table(
    rt: LocalRuntime,
    database: str,
    table: str,
    entry: dict[str, Any],
    written: dict[str, Any],
    update_catalog: bool,
    behavior: str,
) -> str:
    """Apply the page's rules to the local catalog; returns what happened, in words."""
    name = f"{database}.{table}"
    if not update_catalog:
        state = "left as it was" if entry else "not created"
        return f"{name} {state} (enableUpdateCatalog is off)"
    if not entry:
        rt.catalog.put(database, table, written)
        return f"{name} created"
    if behavior == "LOG":
        declared = entry.get("schema")
        extra = [c for c in written["schema"] if declared is not None and c not in declared]
        if extra:
            return (
                f"{name} schema kept (updateBehavior LOG); new partitions not added: "
                f"columns {', '.join(extra)} are not in the table"
            )
        return f"{name} schema kept (updateBehavior LOG)"
    changes = schema_changes(entry.get("schema", {}), written["schema"])
    rt.catalog.put(database, table, written)
    return f"{name} schema " + (
        f"replaced (updateBehavior UPDATE_IN_DATABASE): {changes}" if changes else "unchanged"
    )


def schema_changes(old: dict[str, str], new: dict[str, str]) -> str:
    """E.g. ``added note string; dropped tag; amount bigint -> double`` (empty: none)."""
    parts = []
    added = [f"{c} {t}" for c, t in new.items() if c not in old]
    dropped = [c for c in old if c not in new]
    retyped = [f"{c} {old[c]} -> {t}" for c, t in new.items() if c in old and old[c] != t]
    if added:
        parts.append("added " + ", ".join(added))
    if dropped:
        parts.append("dropped " + ", ".join(dropped))
    if retyped:
        parts.append("retyped " + ", ".join(retyped))
    return "; ".join(parts)


def write_jdbc(
    rt: LocalRuntime, ctx: str, frame: DataFrame, connection: str, options: dict[str, Any]
) -> None:
    table = options.get("dbtable")
    if not table:
        raise LocalRunError(f"{ctx}: connection_options needs dbtable")
    url = rt.jdbc_url(connection, options.get("database"))
    before = existing_table_rows(rt, ctx, url, table) if rt.count_rows else None
    with rt.sink(ctx or "sink", f"{connection}:{table}", frame) as cached:
        cached.write.jdbc(url, table, mode="append", properties=JDBC_PROPERTIES)
    rt.stats[-1].rows_before = before


def existing_table_rows(rt: LocalRuntime, ctx: str, url: str, table: str) -> int:
    """Rows of the JDBC table before the append (0 when it does not exist yet: Spark's
    append creates it). ``--clear-output`` never empties a database table."""
    # the same identifier Spark's writer puts into its INSERT INTO
    query = f"(SELECT COUNT(*) AS n FROM {table}) AS glueforge_rows_before"
    try:
        [row] = rt.spark.read.jdbc(url, query, properties=JDBC_PROPERTIES).collect()
    except Exception as error:
        text = str(error)
        if "does not exist" in text:  # PostgreSQL 42P01, undefined_table
            return 0
        cause = next((line for line in text.splitlines() if line.strip()), "")
        raise LocalRunError(
            f"{ctx}: cannot count the rows of {table}: {cause.strip()[:200]}"
        ) from None
    return int(row[0])
