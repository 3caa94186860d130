"""Reading a job's sources locally: S3 files, catalog tables, JDBC tables, exports."""

from __future__ import annotations

import csv
import fnmatch
import gzip
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glueforge.core.vocabulary import DEFAULT_READ_MODE, ReadMode
from glueforge.local import ddb
from glueforge.local.catalog import catalog_columns, read_options, schema_problems
from glueforge.local.errors import LocalRunError
from glueforge.local.locations import local_path
from glueforge.local.projection import ProjectedTable, partition_location, partitions
from glueforge.local.runtime import LocalRuntime

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

# Glue's format names -> Spark's
SPARK_FORMATS = {"glueparquet": "parquet", "parquet": "parquet", "json": "json", "csv": "csv"}
SPARK_FORMATS |= {"orc": "orc", "avro": "avro"}
DEFAULT_HASH_PARTITIONS = 7  # Glue's default for hashpartitions
#: where a malformed record's text goes while a local read counts them (dropped after)
MALFORMED_COLUMN = "_glueforge_malformed"
FILE_COLUMN = "_glueforge_file"
#: compressed files by name: the bytes they start with
COMPRESSED_MAGIC = {".gz": (b"\x1f\x8b", "gzip"), ".bz2": (b"BZh", "bzip2")}
PARQUET_MAGIC = b"PAR1"


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
    """Files under an ``s3://`` location; with bookmarks, only files not yet processed.

    Files Spark would misread are refused first, naming the file (:func:`file_problems`);
    csv and json records that do not parse are counted (:func:`_apply_mode`).
    """
    spark_format = SPARK_FORMATS.get(format_)
    if spark_format is None:
        raise LocalRunError(f"{ctx}: format {format_!r} is not one of {sorted(SPARK_FORMATS)}")
    mode = str(format_options.get("mode", DEFAULT_READ_MODE)).upper()
    if mode not in ReadMode.values():
        raise LocalRunError(f"{ctx}: mode {mode!r} is not one of {ReadMode.values()}")
    root = local_path(location, rt.data_dir)
    if not root.exists():
        raise LocalRunError(f"{ctx}: input {location} not found (no local folder {root})")
    files = data_files(root, recurse=recurse, exclusions=exclusions or [])
    if not files:
        raise LocalRunError(f"{ctx}: input {location} has no data files (looked in {root})")
    todo = files if rt.bookmarks is None or not ctx else rt.bookmarks.new_files(ctx, files)
    chosen = todo or files
    problems = file_problems(chosen, spark_format, root)
    if problems:
        raise LocalRunError(f"{ctx}: " + "; ".join(problems))
    reader = rt.spark.read.format(spark_format)
    if root.is_dir():
        reader = reader.option("basePath", str(root))  # keeps key=value partition columns
    if spark_format == "csv":
        header = bool(format_options.get("withHeader", False))
        separator = format_options.get("separator", ",")
        if header:
            _check_headers(ctx, chosen, separator, root)
        reader = reader.option("header", header).option("sep", separator)
        reader = reader.option("inferSchema", True)
    json_path = format_options.get("jsonPath")
    if spark_format == "json" and (format_options.get("multiline") or json_path):
        reader = reader.option("multiLine", True)
    if spark_format == "parquet" and len(chosen) > 1:
        _check_parquet_schemas(rt, ctx, chosen, root)
        # Glue's DynamicFrame reads every file's columns, not only the first file's.
        reader = reader.option("mergeSchema", True)
    paths = [str(f) for f in chosen]
    if spark_format in ("csv", "json"):
        # One record a line: a line with an odd number of quotes has an unbalanced one.
        quote = '"' if spark_format == "csv" and not format_options.get("multiline") else None
        # Nothing new: the old files are read for their schema only, so nothing is counted.
        frame = _apply_mode(rt, ctx, reader, paths, mode, root, count=bool(todo), quote=quote)
    else:
        frame = reader.load(paths)
    if json_path:
        frame = _json_path(frame, json_path, ctx)
    return frame if todo else frame.limit(0)


def file_problems(files: list[Path], spark_format: str, root: Path) -> list[str]:
    """Compressed files that are not what their name says, parquet files that are none.

    Spark would fail on these deep in a task with no file name (``incorrect header
    check``, ``Expected magic number at tail``).
    """
    problems = []
    for path in files:
        name = _shown(path, root)
        head = _head(path, 4)
        for suffix, (magic, kind) in COMPRESSED_MAGIC.items():
            if path.name.endswith(suffix) and not head.startswith(magic):
                problems.append(f"{name} ends in {suffix} but is not {kind} data")
        if spark_format == "parquet" and not path.name.endswith(tuple(COMPRESSED_MAGIC)):
            size = path.stat().st_size
            if size < 12 or head != PARQUET_MAGIC or _tail(path, 4) != PARQUET_MAGIC:
                problems.append(
                    f"{name} is not a parquet file (a parquet file starts and ends with PAR1;"
                    f" {size} bytes)"
                )
    return problems


def _head(path: Path, size: int) -> bytes:
    with path.open("rb") as f:
        return f.read(size)


def _tail(path: Path, size: int) -> bytes:
    with path.open("rb") as f:
        f.seek(max(path.stat().st_size - size, 0))
        return f.read(size)


def _shown(path: Path, root: Path) -> str:
    """A file as errors name it: relative to the source's folder when inside it."""
    if path == root:
        return path.name
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _check_headers(ctx: str, files: list[Path], separator: str, root: Path) -> None:
    """Every csv file's header names the same columns in the same order.

    Spark's csv reader with ``header`` takes the columns by position (``enforceSchema``
    defaults to true), so files whose headers list the columns in another order would
    put values under the wrong names. Glue documents no reordering by name either, so a
    local run refuses instead of guessing: docs/local-runs.md, "Malformed input".
    """
    first, expected = None, None
    for path in files:
        header = _csv_header(path, separator)
        if expected is None:
            first, expected = path, header
        elif header != expected:
            how = "in another order" if sorted(header) == sorted(expected) else "differently"
            raise LocalRunError(
                f"{ctx}: the csv headers of {_shown(first, root)} and {_shown(path, root)} "
                f"name the columns {how} ({', '.join(expected)} vs {', '.join(header)}); "
                "csv columns are read by position, so write every file with one header"
            )


def _csv_header(path: Path, separator: str) -> list[str]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as f:
        line = f.readline()
    return next(csv.reader([line], delimiter=separator), [])


def _check_parquet_schemas(rt: LocalRuntime, ctx: str, files: list[Path], root: Path) -> None:
    """Files of one source give one type per column, or the run stops naming two files.

    Spark takes the schema of one file and fails in a task on another file whose column
    has another type (or, with ``mergeSchema``, fails naming no file). The merge is one
    Spark job; only when it fails is each file's footer read to find the two files.
    """
    try:
        rt.spark.read.option("mergeSchema", True).parquet(*map(str, files)).schema  # noqa: B018 (the merge is the check)
        return
    except Exception as error:
        merge_error = error
    seen: dict[str, tuple[str, Path]] = {}
    for path in files:
        for field in rt.spark.read.parquet(str(path)).schema.fields:
            kind = field.dataType.simpleString()
            earlier = seen.setdefault(field.name, (kind, path))
            if earlier[0] != kind:
                raise LocalRunError(
                    f"{ctx}: column {field.name!r} is {earlier[0]} in "
                    f"{_shown(earlier[1], root)} but {kind} in {_shown(path, root)}; "
                    "the files of one source must agree on each column's type"
                )
    raise merge_error


def _apply_mode(
    rt: LocalRuntime,
    ctx: str,
    reader: Any,
    paths: list[str],
    mode: str,
    root: Path,
    *,
    count: bool,
    quote: str | None = None,
) -> DataFrame:
    """A csv or json read in ``mode``, its malformed records counted for the summary.

    Spark's PERMISSIVE reader keeps a malformed record as a row of nulls (or a partly
    filled row); the record's text lands in a corrupt-record column only when the schema
    has one. So the schema is inferred first, the column added, and the rows counted.
    A csv line with an unbalanced ``quote`` (one record a line) is malformed too, though
    Spark reads ``2,"3`` as ``2, 3``: such lines are counted from the files themselves.
    """
    if not (count and rt.count_rows):
        return reader.option("mode", mode).load(paths)
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    reader = reader.option("columnNameOfCorruptRecord", MALFORMED_COLUMN)
    inferred = reader.load(paths).schema
    fields = [f for f in inferred.fields if f.name != MALFORMED_COLUMN]
    schema = StructType([*fields, StructField(MALFORMED_COLUMN, StringType())])
    read = reader.schema(schema).option("mode", "PERMISSIVE").load(paths)
    # cached with every column: Spark refuses a query of the corrupt column alone
    frame = read.withColumn(FILE_COLUMN, F.input_file_name()).persist()
    rt.cached.append(frame)
    bad = frame.filter(F.col(MALFORMED_COLUMN).isNotNull())
    found = [
        (_shown(Path(_local_file(file)), root), text)
        for file, text in bad.select(FILE_COLUMN, MALFORMED_COLUMN).collect()
    ]
    if quote:
        flagged = {text for _, text in found}
        found += [(f, t) for f, t in _unbalanced_quotes(paths, quote, root) if t not in flagged]
    malformed = len(found)
    example = f"{found[0][0]}: {_clip(found[0][1])}" if found else None
    if malformed:
        if mode == "FAILFAST":
            raise LocalRunError(
                f"{ctx}: malformed record in {example} (mode FAILFAST; "
                f"{malformed} malformed in all)"
            )
    rt.note_malformed(ctx, malformed, example, dropped=mode == "DROPMALFORMED")
    if mode == "DROPMALFORMED":
        frame = frame.filter(F.col(MALFORMED_COLUMN).isNull())
    return frame.drop(MALFORMED_COLUMN, FILE_COLUMN)


def _unbalanced_quotes(paths: list[str], quote: str, root: Path) -> list[tuple[str, str]]:
    """(file, line) of each line holding an odd number of quote characters."""
    found = []
    for name in paths:
        path = Path(name)
        opener = gzip.open if path.name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as f:
            for line in f:
                text = line.rstrip("\r\n")
                if text.count(quote) % 2:
                    found.append((_shown(path, root), text))
    return found


def _local_file(uri: str) -> str:
    from urllib.parse import unquote, urlsplit

    return unquote(urlsplit(uri).path) if uri.startswith("file:") else uri


def _clip(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")


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
    projected = rt.projections.get(table)
    if projected is not None:
        frame = read_projected(rt, ctx, entry, projected, predicates)
    else:
        frame = read_files(
            rt,
            ctx,
            entry["location"],
            entry.get("format", "parquet"),
            format_options=read_options(entry),
        )
        frame = catalog_columns(entry, frame)
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


def read_projected(
    rt: LocalRuntime,
    ctx: str,
    entry: dict[str, Any],
    projected: ProjectedTable,
    predicates: list[str],
) -> DataFrame:
    """A projected table's rows: the partitions Athena would compute, read from the
    folders that exist (Athena does not check that a projected partition exists: an
    empty location yields no rows), each with its partition values as columns."""
    from pyspark.sql import functions as F

    keys = list(entry.get("partitionKeys") or projected.projection)
    now = rt.now or datetime.now(UTC).replace(tzinfo=None)
    try:
        listed = partitions(keys, projected.projection, now=now, predicates=predicates)
    except LocalRunError as error:
        raise LocalRunError(f"{ctx}: {error}") from error
    declared = entry.get("schema") or {}
    frames = []
    for values in listed:
        location = partition_location(entry["location"], values, projected.location_template)
        if not local_path(location, rt.data_dir).is_dir():
            continue
        frame = read_files(
            rt, ctx, location, entry.get("format", "parquet"), format_options=read_options(entry)
        )
        frame = catalog_columns(entry, frame)
        frames.append(
            frame.select(
                *(c for c in frame.columns if c not in values),
                *(F.lit(v).cast(declared.get(k, "string")).alias(k) for k, v in values.items()),
            )
        )
    if not frames:
        if not declared:
            raise LocalRunError(
                f"{ctx}: no projected partition of {entry['location']} has a local folder, "
                "and the catalog entry has no schema to give an empty frame"
            )
        return rt.spark.createDataFrame([], ", ".join(f"`{c}` {t}" for c, t in declared.items()))
    result = frames[0]
    for frame in frames[1:]:
        result = result.unionByName(frame)
    return result


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
    """A DynamoDB export, found as ``dynamodb.export`` says, shaped as the options ask.

    ``ddb``: the newest export under the bucket and prefix stands in for the new one Glue
    makes; ``s3``: the past export at the bucket and prefix (AWS Glue developer guide,
    "DynamoDB connections", connection option reference).
    """
    mode = options.get("dynamodb.export")
    if mode not in ("ddb", "s3"):
        raise LocalRunError(f"{ctx}: dynamodb.export must be 'ddb' or 's3', got {mode!r}")
    for required in ("dynamodb.tableArn", "dynamodb.s3.bucket"):
        if not options.get(required):
            # Glue would fall back to the job's TempDir for the bucket; no export is there
            raise LocalRunError(f"{ctx}: {required} is not set; a local run needs it")
    bucket = options["dynamodb.s3.bucket"]
    prefix = options.get("dynamodb.s3.prefix", "")
    where = f"s3://{bucket}/{prefix}"
    prefix_dir = local_path(where, rt.data_dir)
    try:
        find = ddb.newest_export if mode == "ddb" else ddb.past_export
        files = ddb.export_files(find(prefix_dir, where), rt.data_dir / bucket)
        return ddb.read(rt.spark, files, ddb.shape_option(options))
    except LocalRunError as error:
        raise LocalRunError(f"{ctx}: {error}") from None
