"""A local Glue catalog: one JSON file, database -> table -> location, format, schema.

``{"shop_curated": {"orders": {"location": "s3://CuratedBucket/orders/",
"format": "parquet", "schema": {"order_id": "bigint", ...},
"partitionKeys": ["order_date"]}}}``. ``schema`` is optional; when given, a read checks
the files against it. A CSV table also keeps ``formatOptions`` (``withHeader``,
``separator``), as a crawled table keeps its SerDe settings. :func:`crawl` fills it the way
a crawler with table level 1 would: one table per folder, schema inferred by Spark, CSV
headers detected as Glue's built-in CSV classifier does (:mod:`.csv_classifier`).
"""

from __future__ import annotations

import fnmatch
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glueforge.local import csv_classifier
from glueforge.local.errors import LocalRunError
from glueforge.local.locations import local_path

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

CATALOG_FILE = "catalog.json"
#: key of a crawled CSV table (never stored): why its first row is no header
HEADER_PROBLEMS = "headerProblems"
FORMATS = {".parquet": "parquet", ".json": "json", ".csv": "csv", ".orc": "orc", ".avro": "avro"}


class LocalCatalog:
    """The catalog file of a data folder (``<data>/catalog.json`` by default)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, dict[str, dict[str, Any]]]:
        return json.loads(self.path.read_text()) if self.path.is_file() else {}

    def table(self, database: str, name: str) -> dict[str, Any]:
        databases = self.load()
        if name not in databases.get(database, {}):
            known = sorted(f"{d}.{t}" for d, tables in databases.items() for t in tables)
            raise LocalRunError(
                f"table {database}.{name} is not in the local catalog {self.path}; "
                f"tables: {', '.join(known) or 'none'} (fill it with glueforge local-crawl)"
            )
        return databases[database][name]

    def get(self, database: str, name: str) -> dict[str, Any] | None:
        """The table's entry, or None when the catalog has no such table."""
        return self.load().get(database, {}).get(name)

    def put(self, database: str, name: str, entry: dict[str, Any]) -> None:
        databases = self.load()
        databases.setdefault(database, {})[name] = entry
        self.path.parent.mkdir(parents=True, exist_ok=True)
        scratch = self.path.with_suffix(".tmp")
        scratch.write_text(json.dumps(databases, indent=2, sort_keys=True) + "\n")
        os.replace(scratch, self.path)


def schema_dict(schema: StructType) -> dict[str, str]:
    """Column -> Spark SQL type, as the catalog file keeps it."""
    return {f.name: f.dataType.simpleString() for f in schema.fields}


def schema_problems(declared: dict[str, str], found: StructType) -> list[str]:
    """How files differ from the catalog's schema: missing columns, other types."""
    actual = schema_dict(found)
    problems = []
    for column, type_ in declared.items():
        if column not in actual:
            problems.append(f"column {column} ({type_}) is missing from the files")
        elif actual[column] != type_:
            problems.append(f"column {column} is {type_} in the catalog but {actual[column]}")
    return problems


def crawl(
    spark: SparkSession,
    catalog: LocalCatalog,
    database: str,
    location: str,
    *,
    data_dir: Path,
    exclusions: tuple[str, ...] = (),
) -> dict[str, dict[str, Any]]:
    """Register each folder under ``location`` as a table of ``database``.

    Like a Glue crawler with table level 1 below the location: ``key=value`` folders
    become partition columns, and keys matching an exclusion glob (relative to the
    location, e.g. ``analytics/**``) are skipped. Returns the tables written; a CSV
    table whose first row is data also carries :data:`HEADER_PROBLEMS` (why it is no
    header), which the catalog file does not keep.
    """
    root = local_path(location, data_dir)
    if not root.is_dir():
        raise LocalRunError(f"nothing to crawl: {location} (local folder {root}) does not exist")
    base = location if location.endswith("/") else location + "/"
    found = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name[0] not in "._"):
        files = [
            f
            for f in folder.rglob("*")
            if f.is_file()
            and f.suffix in FORMATS
            and not any(fnmatch.fnmatch(f.relative_to(root).as_posix(), g) for g in exclusions)
        ]
        formats = {FORMATS[f.suffix] for f in files}
        if not formats:
            continue
        if len(formats) > 1:
            raise LocalRunError(f"folder {folder} mixes formats {sorted(formats)}; crawl one")
        [format_] = formats
        entry = table_entry(spark, folder, files, format_, f"{base}{folder.name}/")
        problems = entry.pop(HEADER_PROBLEMS, None)
        catalog.put(database, folder.name, entry)
        found[folder.name] = {**entry, HEADER_PROBLEMS: problems} if problems else entry
    return found


def table_entry(
    spark: SparkSession, folder: Path, files: list[Path], format_: str, location: str
) -> dict[str, Any]:
    """The catalog entry of one table folder: location, format, schema, partition keys."""
    reader = spark.read.format(format_)
    options: dict[str, Any] = {}
    if format_ == "csv":
        layout = csv_classifier.classify_files(folder, files)
        options = {"withHeader": layout.header is not None, "separator": layout.separator}
        reader = reader.option("header", options["withHeader"])
        reader = reader.option("sep", layout.separator).option("inferSchema", True)
    frame = reader.load(str(folder))
    if format_ == "csv":
        frame = csv_table_columns(frame, layout.column_names(), header=options["withHeader"])
    entry = {
        "location": location,
        "format": format_,
        "schema": schema_dict(frame.schema),
        "partitionKeys": _partition_keys(folder, files),
    }
    if options:
        entry["formatOptions"] = options
        if layout.header_problems:
            entry[HEADER_PROBLEMS] = list(layout.header_problems)
    return entry


def csv_table_columns(frame: DataFrame, names: list[str], *, header: bool) -> DataFrame:
    """A CSV frame with the table's column names, as Glue reads a CSV table: by position.

    Spark names the columns of a file without a header ``_c0, _c1, ...``, and the empty
    column after a trailing delimiter ``_c<n>``; the table names them ``col1, col2, ...``
    or after the header, and has no trailing column. Partition columns keep their names.
    """
    from pyspark.sql import functions as F

    unnamed = [c for c in frame.columns if _spark_default_name(c) and c not in names]
    renamed = {} if header else dict(zip(unnamed, names, strict=False))
    return frame.select(
        *(
            F.col(f"`{c}`").alias(renamed.get(c, c))
            for c in frame.columns
            if c in renamed or c not in unnamed
        )
    )


def _spark_default_name(column: str) -> bool:
    return column.startswith("_c") and column[2:].isdigit()


def read_options(entry: dict[str, Any]) -> dict[str, Any]:
    """The format options a read of the table needs (a CSV table's header and separator)."""
    return dict(entry.get("formatOptions", {}))


def catalog_columns(entry: dict[str, Any], frame: DataFrame) -> DataFrame:
    """A read table's frame with the table's column names (for a CSV table, by position)."""
    if entry.get("format") != "csv":
        return frame
    keys = set(entry.get("partitionKeys", []))
    names = [c for c in entry.get("schema", {}) if c not in keys]
    header = bool(entry.get("formatOptions", {}).get("withHeader"))
    return csv_table_columns(frame, names, header=header)


def _partition_keys(folder: Path, files: list[Path]) -> list[str]:
    keys: list[str] = []
    for file in files[:1]:
        for part in file.relative_to(folder).parts[:-1]:
            if "=" in part:
                keys.append(part.split("=", 1)[0])
    return keys
