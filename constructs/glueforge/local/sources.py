"""Reading a job's sources locally: S3 files, catalog tables, JDBC tables, exports."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glueforge.local import ddb
from glueforge.local.catalog import schema_problems
from glueforge.local.errors import LocalRunError
from glueforge.local.locations import local_path
from glueforge.local.runtime import LocalRuntime

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

# Glue's format names -> Spark's
SPARK_FORMATS = {"glueparquet": "parquet", "parquet": "parquet", "json": "json", "csv": "csv"}
SPARK_FORMATS |= {"orc": "orc", "avro": "avro"}
DEFAULT_HASH_PARTITIONS = 7  # Glue's default for hashpartitions


def data_files(root: Path, *, recurse: bool, exclusions: list[str]) -> list[Path]:
    """Data files under ``root``: not hidden (``.``, ``_`` as Spark skips), not excluded."""
    if root.is_file():
        return [root]
    found = root.rglob("*") if recurse else root.iterdir()
    files = []
    for path in found:
        relative = path.relative_to(root)
        if not path.is_file() or any(p[0] in "._" for p in relative.parts):
            continue
        if path.suffix == ".crc" or any(
            fnmatch.fnmatch(relative.as_posix(), g) for g in exclusions
        ):
            continue
        files.append(path)
    return sorted(files)


def read_files(
    rt: LocalRuntime,
    ctx: str,
    location: str,
    format_: str,
    *,
    format_options: dict[str, Any],
    recurse: bool = True,
    exclusions: list[str] | None = None,
) -> DataFrame:
    """Files under an ``s3://`` location; with bookmarks, only files not yet processed."""
    spark_format = SPARK_FORMATS.get(format_)
    if spark_format is None:
        raise LocalRunError(f"{ctx}: format {format_!r} is not one of {sorted(SPARK_FORMATS)}")
    root = local_path(location, rt.data_dir)
    if not root.exists():
        raise LocalRunError(f"{ctx}: input {location} not found (no local folder {root})")
    files = data_files(root, recurse=recurse, exclusions=exclusions or [])
    if not files:
        raise LocalRunError(f"{ctx}: input {location} has no data files (looked in {root})")
    todo = files if rt.bookmarks is None or not ctx else rt.bookmarks.new_files(ctx, files)
    reader = rt.spark.read.format(spark_format)
    if root.is_dir():
        reader = reader.option("basePath", str(root))  # keeps key=value partition columns
    if spark_format == "csv":
        reader = reader.option("header", bool(format_options.get("withHeader", False)))
        reader = reader.option("sep", format_options.get("separator", ","))
        reader = reader.option("inferSchema", True)
    json_path = format_options.get("jsonPath")
    if spark_format == "json" and (format_options.get("multiline") or json_path):
        reader = reader.option("multiLine", True)
    # Nothing new: read the old files for their schema, keep no rows (an empty frame).
    frame = reader.load([str(f) for f in todo or files])
    if json_path:
        frame = _json_path(frame, json_path, ctx)
    return frame if todo else frame.limit(0)


def _json_path(frame: DataFrame, json_path: str, ctx: str) -> DataFrame:
    from pyspark.sql import functions as F

    # Spark's multiLine reader already turns a top-level array into rows: that is "$[*]".
    if json_path.replace(" ", "") in ("$[*]", "$"):
        return frame
    if not (json_path.startswith("$.") and json_path.endswith("[*]")):
        raise LocalRunError(f"{ctx}: jsonPath {json_path!r}: local runs support $[*] and $.a.b[*]")
    field = json_path[2:-3]
    column = ".".join(f"`{part}`" for part in field.split("."))
    return frame.select(F.explode(F.col(column)).alias("_r")).select("_r.*")


def read_catalog(
    rt: LocalRuntime,
    ctx: str,
    database: str,
    table: str,
    *,
    predicates: list[str],
) -> DataFrame:
    """A catalog table's files, checked against its schema, partitions pruned."""
    entry = rt.catalog.table(database, table)
    frame = read_files(
        rt, ctx, entry["location"], entry.get("format", "parquet"), format_options={}
    )
    declared = entry.get("schema")
    if declared:
        problems = schema_problems(declared, frame.schema)
        if problems:
            raise LocalRunError(
                f"{ctx}: schema mismatch in {database}.{table}: {'; '.join(problems)}"
            )
    for predicate in predicates:
        frame = frame.filter(predicate)
    return frame


def read_jdbc(rt: LocalRuntime, ctx: str, connection_type: str, options: dict[str, Any]):
    """A table or query, read in ``hashpartitions`` parallel ranges when asked."""
    if connection_type != "postgresql":
        raise LocalRunError(
            f"{ctx}: local runs read JDBC from PostgreSQL only, not {connection_type}"
        )
    connection = options.get("connectionName")
    if not connection:
        raise LocalRunError(f"{ctx}: connection_options has no connectionName")
    url = rt.jdbc_url(connection)
    if "dbtable" in options:
        table = options["dbtable"]
    elif "sampleQuery" in options:
        table = f"({options['sampleQuery']}) AS glueforge_query"
    else:
        raise LocalRunError(f"{ctx}: connection_options needs dbtable or sampleQuery")
    conditions = []
    keys = _bookmark_keys(options)
    order = options.get("jobBookmarkKeysSortOrder", "asc")
    if keys and rt.bookmarks is not None:
        last = rt.bookmarks.jdbc_after(ctx)
        if last:
            conditions.append(after(keys, last, order))
    ranges = _hash_ranges(options)
    predicates = [" AND ".join(f"({c})" for c in [*conditions, r]) for r in ranges]
    if not predicates and conditions:
        predicates = [" AND ".join(f"({c})" for c in conditions)]
    props = {"driver": "org.postgresql.Driver"}
    reader = rt.spark.read
    frame = (
        reader.jdbc(url, table, predicates=predicates, properties=props)
        if predicates
        else reader.jdbc(url, table, properties=props)
    )
    if keys and rt.bookmarks is not None:
        _stage_bookmark(rt, ctx, frame, keys, order)
    return frame, bool(ranges)


def _bookmark_keys(options: dict[str, Any]) -> list[str]:
    keys = options.get("jobBookmarkKeys") or []
    return [keys] if isinstance(keys, str) else list(keys)


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def after(keys: list[str], last: list[str], order: str) -> str:
    """Rows past the bookmark: ``(k1 > v1) OR (k1 = v1 AND k2 > v2) ...``."""
    op = ">" if order == "asc" else "<"
    terms = []
    for i, key in enumerate(keys):
        equal = [f"{quote(k)} = {v}" for k, v in zip(keys[:i], last[:i], strict=True)]
        terms.append(" AND ".join([*equal, f"{quote(key)} {op} {last[i]}"]))
    return " OR ".join(f"({t})" for t in terms)


def _hash_ranges(options: dict[str, Any]) -> list[str]:
    """One WHERE condition per parallel read, as Glue splits on hashfield/hashexpression."""
    field, expression = options.get("hashfield"), options.get("hashexpression")
    if not field and not expression:
        return []
    count = int(options.get("hashpartitions", DEFAULT_HASH_PARTITIONS))
    # hashexpression is a whole number already; hashfield may be any type, so hash it.
    value = (
        f"CAST(({expression}) AS BIGINT)"
        if expression
        else f"CAST(HASHTEXT(CAST({quote(field)} AS TEXT)) AS BIGINT)"
    )
    return [f"MOD(MOD({value}, {count}) + {count}, {count}) = {i}" for i in range(count)]


def _stage_bookmark(rt: LocalRuntime, ctx: str, frame: DataFrame, keys: list[str], order: str):
    from pyspark.sql import functions as F

    pick = F.max if order == "asc" else F.min
    columns = [F.col("`" + k.replace("`", "``") + "`") for k in keys]
    [row] = frame.agg(pick(F.struct(*columns))).collect()
    if row[0] is not None:
        rt.bookmarks.stage_jdbc(ctx, keys, order, list(row[0]))  # type: ignore[union-attr]


def read_ddb_export(rt: LocalRuntime, ctx: str, options: dict[str, Any]) -> DataFrame:
    """The newest export under the bucket and prefix, shaped as the options ask."""
    if options.get("dynamodb.export") != "ddb":
        raise LocalRunError(f"{ctx}: local runs read DynamoDB from exports (dynamodb.export=ddb)")
    bucket = options["dynamodb.s3.bucket"]
    prefix = options.get("dynamodb.s3.prefix", "")
    root = local_path(f"s3://{bucket}/{prefix}", rt.data_dir) / "AWSDynamoDB"
    summaries = sorted(root.glob("*/manifest-summary.json"))
    if not summaries:
        raise LocalRunError(
            f"{ctx}: no DynamoDB export of {options.get('dynamodb.tableArn')} under "
            f"s3://{bucket}/{prefix} (expected {root}/<export id>/manifest-summary.json)"
        )
    newest = max(summaries, key=lambda p: (json.loads(p.read_text()).get("exportTime", ""), p))
    files = ddb.export_files(newest, bucket, rt.data_dir)
    unnest = str(options.get("dynamodb.unnestDDBJson", "false")).lower() == "true"
    simplify = str(options.get("dynamodb.simplifyDDBJson", "false")).lower() == "true"
    if unnest and simplify:
        raise LocalRunError(f"{ctx}: dynamodb.unnestDDBJson and simplifyDDBJson are exclusive")
    return ddb.read(rt.spark, files, unnest=unnest, simplify=simplify)
