"""Iceberg tables in local runs: a real Iceberg implementation, not a folder of files.

Glue reads and writes Iceberg through the Spark catalog ``glue_catalog`` (the job's
``--conf`` settings). No iceberg-spark jar is available to local runs, so while a run
lasts, the script's ``spark.table``, ``DataFrame.writeTo`` and ``spark.sql("MERGE INTO
...")`` on ``glue_catalog.<database>.<table>`` go to pyiceberg (0.12, the ``local``
extra) with a SQL catalog on sqlite under the data folder
(``<data>/.glueforge/iceberg/``): tables, snapshots and upserts are Iceberg's own, and a
second run reads what the first wrote. Frames cross between Spark and pyiceberg as
Arrow, through Parquet files (no pandas needed). Every other table name and statement
goes to Spark unchanged.

A table a job writes is created on its first write, as CloudFormation would have made
it before the first deployed run: from the schema the app declares (``IcebergTable``'s
columns and identifier fields, recorded in the assembly by the spec as a
:class:`~glueforge.assembly.local_arguments.LocalIcebergTable`), else (an imported
table) from the frame's. Writes then must match that schema, as in Glue: a missing or
extra column, or a null in a required column, fails the run. Choice: local tables are
unpartitioned, so ``overwritePartitions()`` replaces the whole table, as it does on an
unpartitioned table in Glue.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glueforge.assembly.local_arguments import LocalArgument, LocalIcebergTable
from glueforge.local.errors import LocalRunError
from glueforge.local.locations import STATE_DIR

if TYPE_CHECKING:
    import pyarrow as pa
    from pyiceberg.catalog.sql import SqlCatalog
    from pyiceberg.table import Table
    from pyspark.sql import DataFrame, SparkSession

#: the Spark catalog name Glue's Iceberg settings define (jobs/specs/iceberg.py)
CATALOG = "glue_catalog"
ICEBERG_DIR = "iceberg"
# One identifier part: `quoted` (a doubled backquote is one backquote) or plain.
_PART = re.compile(r"`((?:[^`]|``)*)`|([^.`\s]+)")
# The MERGE statement IcebergSink renders, and only that shape.
_MERGE = re.compile(
    r"^\s*MERGE INTO (?P<table>\S+) t USING (?P<view>\w+) s ON (?P<on>.+?)"
    r" WHEN MATCHED THEN UPDATE SET \* WHEN NOT MATCHED THEN INSERT \*\s*$",
    re.S | re.I,
)
_KEY = re.compile(r"^t\.`((?:[^`]|``)+)` = s\.`((?:[^`]|``)+)`$")


def catalog_root(data_dir: Path) -> Path:
    """Where local runs keep the Iceberg catalog (sqlite) and the tables' files."""
    return data_dir / STATE_DIR / ICEBERG_DIR


def local_catalog(data_dir: Path) -> SqlCatalog:
    """The pyiceberg SQL catalog of the data folder ``data_dir`` (made on first use)."""
    try:
        from pyiceberg.catalog.sql import SqlCatalog
    except ImportError as error:
        raise LocalRunError(
            "local Iceberg tables need pyiceberg: pip install 'glueforge[local]'"
        ) from error
    root = catalog_root(data_dir)
    (root / "warehouse").mkdir(parents=True, exist_ok=True)
    return SqlCatalog(
        CATALOG,
        uri=f"sqlite:///{root / 'catalog.db'}",
        warehouse=(root / "warehouse").as_uri(),
    )


def table_identifier(name: str) -> tuple[str, str] | None:
    """``(database, table)`` of ``glue_catalog.<database>.<table>`` (parts plain or in
    backquotes), or None for any other name."""
    parts: list[str] = []
    rest = name.strip()
    while True:
        match = _PART.match(rest)
        if match is None:
            return None
        quoted, plain = match.groups()
        parts.append(quoted.replace("``", "`") if quoted is not None else plain)
        rest = rest[match.end() :]
        if not rest:
            break
        if not rest.startswith("."):
            return None
        rest = rest[1:]
    if len(parts) != 3 or parts[0] != CATALOG:
        return None
    return parts[1], parts[2]


def declared_schemas(arguments: Mapping[str, LocalArgument]) -> dict[str, str]:
    """Table name -> its declared Iceberg schema (JSON), from a job's local arguments."""
    return {
        argument.name: argument.schema
        for argument in arguments.values()
        if isinstance(argument, LocalIcebergTable) and argument.schema
    }


class LocalIceberg:
    """One run's Iceberg tables: reads, writes and merges through pyiceberg.

    :param schemas: table name -> the Iceberg schema (JSON) to create it with.
    """

    def __init__(self, data_dir: Path, spark: SparkSession, schemas: Mapping[str, str]):
        self.data_dir = data_dir
        self.spark = spark
        self.schemas = dict(schemas)
        self.exchange = data_dir / STATE_DIR / "iceberg-exchange" / uuid.uuid4().hex
        self._catalog: SqlCatalog | None = None

    @property
    def catalog(self) -> SqlCatalog:
        if self._catalog is None:
            self._catalog = local_catalog(self.data_dir)
        return self._catalog

    def read(self, identifier: tuple[str, str]) -> DataFrame:
        """The table's current snapshot as a Spark DataFrame."""
        if not self.catalog.table_exists(identifier):
            raise LocalRunError(
                f"Iceberg table {'.'.join(identifier)} does not exist locally (in "
                f"{catalog_root(self.data_dir)}): run the job that writes it first"
            )
        return self._to_spark(self.catalog.load_table(identifier).scan().to_arrow())

    def write(self, frame: DataFrame, identifier: tuple[str, str], mode: str) -> None:
        """``append`` or ``overwrite`` the table with ``frame``, creating it if needed."""
        rows = self._to_arrow(frame)
        table = self._table(identifier, rows)
        rows = _conform(rows, table, identifier)
        if mode == "append":
            table.append(rows)
        else:
            table.overwrite(rows)

    def merge(self, statement: str) -> None:
        """Run IcebergSink's MERGE INTO as a pyiceberg upsert on the same key."""
        match = _MERGE.match(statement)
        identifier = table_identifier(match["table"]) if match else None
        if match is None or identifier is None:
            raise LocalRunError(
                "local runs merge into Iceberg tables only with the statement IcebergSink "
                f"renders; got {statement.strip()[:200]!r}"
            )
        keys = []
        for condition in match["on"].split(" AND "):
            key = _KEY.match(condition.strip())
            if key is None or key[1] != key[2]:
                raise LocalRunError(f"cannot read the merge condition {condition.strip()!r}")
            keys.append(key[1].replace("``", "`"))
        rows = self._to_arrow(self.spark.table(match["view"]))
        table = self._table(identifier, rows)
        table.upsert(_conform(rows, table, identifier), join_cols=keys)

    def _table(self, identifier: tuple[str, str], rows: pa.Table) -> Table:
        """The table, created first (from its declared schema, else from ``rows``')."""
        from pyiceberg.schema import Schema

        if self.catalog.table_exists(identifier):
            return self.catalog.load_table(identifier)
        declared = self.schemas.get(identifier[1])
        schema = Schema.model_validate_json(declared) if declared else rows.schema
        self.catalog.create_namespace_if_not_exists(identifier[0])
        return self.catalog.create_table_if_not_exists(identifier, schema=schema)

    def _to_arrow(self, frame: DataFrame) -> pa.Table:
        import pyarrow as pa
        import pyarrow.parquet as pq

        folder = self.exchange / uuid.uuid4().hex
        frame.write.parquet(str(folder))
        rows = pq.read_table(str(folder))
        # Spark writes timestamps as INT96 (read back as nanoseconds, which Iceberg v2
        # tables do not hold): Spark's timestamps are UTC instants in microseconds.
        fields = [
            pa.field(f.name, pa.timestamp("us", tz="UTC"), f.nullable)
            if pa.types.is_timestamp(f.type)
            else f
            for f in rows.schema
        ]
        return rows.cast(pa.schema(fields))

    def _to_spark(self, rows: pa.Table) -> DataFrame:
        import pyarrow.parquet as pq

        self.exchange.mkdir(parents=True, exist_ok=True)
        path = self.exchange / f"{uuid.uuid4().hex}.parquet"
        pq.write_table(rows, str(path))
        return self.spark.read.parquet(str(path))

    def release(self) -> None:
        """Forget the run's exchange files (after the run: frames read them lazily)."""
        shutil.rmtree(self.exchange, ignore_errors=True)


def _conform(rows: pa.Table, table: Table, identifier: tuple[str, str]) -> pa.Table:
    """``rows`` in the table's columns and types; a missing or extra column, or a null in
    a required one, fails as the write would in Glue."""
    target = table.schema().as_arrow()
    missing = [n for n in target.names if n not in rows.column_names]
    extra = [n for n in rows.column_names if n not in target.names]
    if missing or extra:
        raise LocalRunError(
            f"the frame written to Iceberg table {'.'.join(identifier)} does not match its "
            f"columns {target.names}: missing {missing}, not in the table {extra}"
        )
    try:
        return rows.select(target.names).cast(target)
    except (ValueError, TypeError) as error:  # pyarrow.ArrowInvalid is a ValueError
        raise LocalRunError(
            f"the frame written to Iceberg table {'.'.join(identifier)} does not fit its "
            f"schema: {error}"
        ) from error


@contextlib.contextmanager
def iceberg_tables(
    data_dir: Path, spark: SparkSession, schemas: Mapping[str, str] | None = None
) -> Iterator[LocalIceberg]:
    """While the run lasts, ``glue_catalog.<db>.<table>`` in the script's Spark calls is
    a local Iceberg table; the Spark classes are restored after.

    :param schemas: table name -> the Iceberg schema (JSON) to create it with
        (:func:`declared_schemas`). Default: none, tables take their first frame's.
    """
    from pyspark.sql import DataFrame
    from pyspark.sql import SparkSession as Session

    tables = LocalIceberg(data_dir, spark, schemas or {})
    table, sql, write_to = Session.table, Session.sql, DataFrame.writeTo

    def local_table(session: Any, name: str) -> Any:
        identifier = table_identifier(name)
        return tables.read(identifier) if identifier else table(session, name)

    def local_sql(session: Any, statement: str, *args: Any, **kwargs: Any) -> Any:
        if not re.match(r"\s*MERGE\s+INTO\s+`?" + CATALOG, statement, re.I):
            return sql(session, statement, *args, **kwargs)
        tables.merge(statement)
        return session.createDataFrame([], "num_affected_rows long")

    def local_write_to(frame: Any, name: str) -> Any:
        identifier = table_identifier(name)
        return _Writer(tables, frame, identifier) if identifier else write_to(frame, name)

    Session.table, Session.sql, DataFrame.writeTo = local_table, local_sql, local_write_to
    try:
        yield tables
    finally:
        Session.table, Session.sql, DataFrame.writeTo = table, sql, write_to
        tables.release()


class _Writer:
    """``DataFrame.writeTo(<Iceberg table>)``: the writes IcebergSink renders."""

    def __init__(self, tables: LocalIceberg, frame: DataFrame, identifier: tuple[str, str]):
        self._tables, self._frame, self._identifier = tables, frame, identifier

    def append(self) -> None:
        self._tables.write(self._frame, self._identifier, "append")

    def overwritePartitions(self) -> None:  # noqa: N802 (Spark's DataFrameWriterV2 API)
        self._tables.write(self._frame, self._identifier, "overwrite")
