"""A local Glue catalog: one JSON file, database -> table -> location, format, schema.

``{"shop_curated": {"orders": {"location": "s3://CuratedBucket/orders/",
"format": "parquet", "schema": {"order_id": "bigint", ...},
"partitionKeys": ["order_date"]}}}``. ``schema`` is optional; when given, a read checks
the files against it. :func:`crawl` fills it the way a crawler with table level 1 would:
one table per folder, schema inferred by Spark.
"""

from __future__ import annotations

import fnmatch
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glueforge.local.errors import LocalRunError
from glueforge.local.locations import local_path

if TYPE_CHECKING:
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StructType

CATALOG_FILE = "catalog.json"
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
    location, e.g. ``analytics/**``) are skipped. Returns the tables written.
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
        frame = spark.read.format(format_).load(str(folder))
        partition_keys = _partition_keys(folder, files)
        entry = {
            "location": f"{base}{folder.name}/",
            "format": format_,
            "schema": schema_dict(frame.schema),
            "partitionKeys": partition_keys,
        }
        catalog.put(database, folder.name, entry)
        found[folder.name] = entry
    return found


def _partition_keys(folder: Path, files: list[Path]) -> list[str]:
    keys: list[str] = []
    for file in files[:1]:
        for part in file.relative_to(folder).parts[:-1]:
            if "=" in part:
                keys.append(part.split("=", 1)[0])
    return keys
