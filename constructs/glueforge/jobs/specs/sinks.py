"""Where a job writes: S3 files, Glue catalog tables (kept current), JDBC tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from glueforge.assembly.local_arguments import LocalArgument, LocalCatalogDatabase
from glueforge.core.limits import catalog_name_problems
from glueforge.core.locations import S3Location
from glueforge.core.tokens import is_unresolved
from glueforge.core.vocabulary import Language
from glueforge.iam.actions import CATALOG_WRITE_ACTIONS
from glueforge.iam.grants import add_catalog, add_s3_prefix_read_write
from glueforge.jobs.specs.base import Spec, Stage, column_problems, local_name, s3_argument
from glueforge.jobs.specs.connected import ThroughConnection
from glueforge.jobs.specs.sources import grants_itself, table_contradictions

SinkFormat = Literal["parquet", "json", "csv", "orc", "avro"]
SINK_FORMATS = ("parquet", "json", "csv", "orc", "avro")
# The formats Glue can update a catalog table for from a job (update-from-job.html).
CATALOG_UPDATE_FORMATS = ("parquet", "json", "csv", "avro")
COMPRESSIONS = ("snappy", "gzip", "zstd", "lz4", "uncompressed")
# Glue's own Parquet writer computes the schema as it writes (faster than "parquet").
_GLUE_FORMAT = {"parquet": "glueparquet"}


def _dynamic_frame_import() -> dict[str, tuple[str, ...]]:
    return {"awsglue.dynamicframe": ("DynamicFrame",)}


@dataclass(frozen=True, kw_only=True)
class _FileSink(Spec):
    input: str
    bucket: s3.IBucket
    prefix: str = ""
    format: SinkFormat = "parquet"
    partition_keys: tuple[str, ...] = ()
    compression: str = "snappy"

    stage: ClassVar = Stage.SINK
    py_imports: ClassVar = _dynamic_frame_import()

    @property
    def reads(self) -> tuple[str, ...]:
        return (self.input,)

    @property
    def location(self) -> S3Location:
        return S3Location(self.bucket, self.prefix)

    def grant(self, grantee: iam.IGrantable) -> None:
        add_s3_prefix_read_write(grantee, self.bucket, self.prefix)

    def problems(self) -> list[str]:
        problems = self.location.problems() + column_problems("partition_keys", self.partition_keys)
        if self.format not in SINK_FORMATS:
            problems.append(f"format {self.format!r} is not one of {list(SINK_FORMATS)}")
        if self.compression not in COMPRESSIONS:
            problems.append(f"compression {self.compression!r} is not one of {list(COMPRESSIONS)}")
        return problems

    def render_context(self, language: Language) -> dict[str, Any]:
        format_options = (
            {"compression": self.compression} if self.format in ("parquet", "orc") else {}
        )
        return {
            "format": _GLUE_FORMAT.get(self.format, self.format),
            "format_options": format_options,
            "partition_keys": list(self.partition_keys),
        }


@dataclass(frozen=True, kw_only=True)
class S3Sink(_FileSink):
    """Files under a prefix: Parquet by default, partitioned by ``partition_keys``.

    :param format: ``parquet``, ``json``, ``csv``, ``orc`` or ``avro``. Default: parquet.
    :param partition_keys: columns that become ``key=value/`` folders. Default: none.
    :param compression: for parquet and orc: ``snappy``, ``gzip``, ``zstd``, ``lz4`` or
        ``uncompressed``. Default: ``snappy``.
    """

    macro: ClassVar[str] = "s3"

    def deploy_values(self) -> dict[str, Any]:
        return {"path": self.location.url()}

    def local_arguments(self) -> dict[str, LocalArgument]:
        return {self.arg("path"): s3_argument(self.bucket, self.prefix)}

    def render_context(self, language: Language) -> dict[str, Any]:
        options: dict[str, Any] = {"path": self.ref("path")}
        if self.partition_keys:
            options["partitionKeys"] = list(self.partition_keys)
        return {**super().render_context(language), "connection_options": options}


@dataclass(frozen=True, kw_only=True)
class CatalogSink(_FileSink):
    """Files under a prefix, registered as a catalog table that the job keeps current.

    The job updates the table as it writes (``enableUpdateCatalog`` with
    ``updateBehavior=UPDATE_IN_DATABASE``): new partitions are added and the table's schema
    is replaced by the written frame's, so no crawler has to run after the job. Glue updates
    tables only for json, csv, avro and parquet (written as ``glueparquet``), so ``orc`` is
    refused; see "Updating the schema, and adding new partitions in the Data Catalog using
    AWS Glue ETL jobs", Restrictions:
    https://docs.aws.amazon.com/glue/latest/dg/update-from-job.html

    :param database: the table's database. Default: a glueforge ``Table``'s own;
        required with a table name.
    :param table: the table name (created on first write), or a glueforge ``Table``,
        whose database, bucket and prefix the sink takes and whose ``grant_write`` it
        uses; arguments that contradict the table are refused.
    :param bucket: where the files go. Default: a glueforge ``Table``'s bucket; required
        with a table name.
    """

    database: glue.IDatabase | None = None
    table: Any
    bucket: s3.IBucket | None = None  # type: ignore[assignment]

    macro: ClassVar[str] = "catalog"

    def __post_init__(self) -> None:
        # A glueforge Table fixes the database and the location: take what was left out.
        location = getattr(self.table, "data_location", None) if grants_itself(self.table) else None
        if location is None:
            return
        if self.database is None:
            object.__setattr__(self, "database", self.table.database)
        if self.bucket is None:
            object.__setattr__(self, "bucket", location.bucket)
        if not self.prefix:
            object.__setattr__(self, "prefix", location.prefix)

    @property
    def table_name(self) -> str:
        return self.table.table_name if grants_itself(self.table) else self.table

    def deploy_values(self) -> dict[str, Any]:
        return {"path": self.location.url(), "database": self.database.database_name}

    def local_arguments(self) -> dict[str, LocalArgument]:
        return {
            self.arg("path"): s3_argument(self.bucket, self.prefix),
            self.arg("database"): LocalCatalogDatabase(
                name=local_name(self.database.database_name, self.database)
            ),
        }

    def grant(self, grantee: iam.IGrantable) -> None:
        if grants_itself(self.table):
            self.table.grant_write(grantee)
            return
        super().grant(grantee)
        add_catalog(grantee, self.database, [self.table], CATALOG_WRITE_ACTIONS)

    def problems(self) -> list[str]:
        if grants_itself(self.table):
            return self._table_problems()
        if self.database is None or self.bucket is None:
            return ["a catalog sink of a table name needs database=... and bucket=..."]
        problems = super().problems()
        if self.format not in CATALOG_UPDATE_FORMATS:
            problems.append(
                f"format {self.format!r} cannot keep a catalog table current (Glue updates "
                f"tables only for {', '.join(CATALOG_UPDATE_FORMATS)}): use one of them, or "
                "an S3Sink and a crawler"
            )
        if not self.table.strip():
            problems.append("table is required, e.g. table='daily_sales'")
        else:
            problems += catalog_name_problems("table", self.table)
        return problems

    def _table_problems(self) -> list[str]:
        location = self.table.data_location
        problems = table_contradictions(self.table, self.database)
        if location is None:
            problems.append(
                f"the table {self.table.table_name!r} was imported without a bucket; import "
                "it with Table.from_table_attributes(..., bucket=..., prefix=...)"
            )
            return problems
        if self.bucket is not location.bucket:
            problems.append("bucket is not the table's bucket; give the table's, or none")
        if self.prefix != location.prefix:
            problems.append(
                f"prefix {self.prefix!r} is not the table's prefix {location.prefix!r}; "
                "give the table's, or none"
            )
        table_format = getattr(getattr(self.table, "format", None), "name", self.format)
        if table_format != self.format:
            problems.append(
                f"format {self.format!r} is not the table's format {table_format!r}; "
                f"give format={table_format!r}"
            )
        if is_unresolved(self.table.table_name):
            # The name is written into the script (catalogTableName).
            problems.append("the table's name is generated at deploy; give it a table_name")
        return problems + super().problems()

    def render_context(self, language: Language) -> dict[str, Any]:
        return {**super().render_context(language), "table": self.table_name}


@dataclass(frozen=True, kw_only=True)
class JdbcSink(ThroughConnection, Spec):
    """A table in a database reached through a Glue JDBC connection.

    :param table: ``schema.table`` to append to.
    :param database: the database name, where the connection URL has none.
    """

    input: str
    connection: Any
    table: str
    database: str | None = None

    stage: ClassVar = Stage.SINK
    macro: ClassVar[str] = "jdbc"
    py_imports: ClassVar = _dynamic_frame_import()

    @property
    def reads(self) -> tuple[str, ...]:
        return (self.input,)

    def problems(self) -> list[str]:
        return [] if self.table.strip() else ["table is required, e.g. table='public.orders'"]

    def render_context(self, language: Language) -> dict[str, Any]:
        options = {"dbtable": self.table}
        if self.database:
            options["database"] = self.database
        return {"options": options}
