"""Where a job reads: S3, the Glue catalog, and JDBC databases."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from glueforge.assembly.local_arguments import (
    LocalArgument,
    LocalCatalogDatabase,
    LocalCatalogTable,
    LocalDynamoDBTableArn,
    LocalS3Bucket,
    UnusedLocally,
)
from glueforge.connections.dynamodb_export import DynamoDBExportBase
from glueforge.connections.engines import CONNECTION_TYPES
from glueforge.core.limits import catalog_name_problems
from glueforge.core.locations import S3Location
from glueforge.core.tokens import is_unresolved
from glueforge.core.vocabulary import DEFAULT_READ_MODE, Language, ReadMode
from glueforge.iam.actions import CATALOG_READ_ACTIONS
from glueforge.iam.grants import add_catalog, add_s3_prefix_read
from glueforge.jobs.specs.base import Spec, Stage, column_problems, local_name, s3_argument
from glueforge.jobs.specs.connected import ThroughConnection
from glueforge.jobs.specs.schema import ddl, schema_problems

S3Format = Literal["csv", "json", "parquet", "orc", "avro"]
S3_FORMATS = ("csv", "json", "parquet", "orc", "avro")


@dataclass(frozen=True, kw_only=True)
class S3Source(Spec):
    """Files under a prefix.

    :param bucket: the bucket; its name reaches the script as a job argument.
    :param prefix: the key prefix. Default: the whole bucket.
    :param format: ``csv``, ``json``, ``parquet``, ``orc`` or ``avro``. Default: parquet.
    :param recurse: read sub-folders. Default: ``True``.
    :param group_files: group small files into larger tasks (``inPartition``).
        Default: Glue's (grouping above 50,000 files).
    :param group_size: target group size in bytes, with ``group_files``. Default: Glue's.
    :param exclusions: glob patterns of keys to skip. Default: none.
    :param csv_header: csv files have a header row. Default: ``True``.
    :param csv_separator: csv column separator. Default: ``","``.
    :param json_path: JsonPath of the records in each json file. Default: whole files.
    :param multiline: json records span lines. Default: ``False``.
    :param read_mode: what the csv or json reader does with a record it cannot parse
        (``format_options`` ``mode``): ``PERMISSIVE`` keeps it with its unparsed fields
        null, ``DROPMALFORMED`` leaves it out, ``FAILFAST`` fails the job. Default:
        ``ReadMode.PERMISSIVE``, Spark's documented default, so it is rendered only when
        another mode is chosen. Local runs count malformed records in every mode.
    :param schema: the csv or json columns as ``(name, type)`` pairs with Glue (Hive)
        type names, e.g. ``(("order_id", "bigint"), ("amount", "decimal(10,2)"))``; csv
        columns in file order (Spark reads csv by position, the header row is skipped).
        The script then reads through Spark's DataFrame reader with this schema, which
        skips the inference pass over the data, on Glue as locally. Such a read has no
        ``transformation_ctx``, so a job bookmark cannot track it: the job's bookmarks
        default to off and ``bookmarks=True`` is refused. ``group_files``, ``group_size``,
        ``exclusions``, ``json_path`` and ``recurse=False`` are DynamicFrame options and
        are refused with a schema. Default: none; the DynamicFrame reader infers the
        schema and a job bookmark can track the source.
    """

    bucket: s3.IBucket
    prefix: str = ""
    format: S3Format = "parquet"
    recurse: bool = True
    group_files: bool = False
    group_size: int | None = None
    exclusions: tuple[str, ...] = ()
    csv_header: bool = True
    csv_separator: str = ","
    json_path: str | None = None
    multiline: bool = False
    read_mode: ReadMode | str = DEFAULT_READ_MODE
    schema: tuple[tuple[str, str], ...] = ()

    stage: ClassVar = Stage.SOURCE
    macro: ClassVar[str] = "s3"

    @property
    def bookmarkable(self) -> bool:  # type: ignore[override]
        # A DataFrame read (with a schema) has no transformation_ctx to keep state on.
        return not self.schema

    @property
    def location(self) -> S3Location:
        return S3Location(self.bucket, self.prefix)

    def deploy_values(self) -> dict[str, Any]:
        return {"path": self.location.url()}

    def local_arguments(self) -> dict[str, LocalArgument]:
        return {self.arg("path"): s3_argument(self.bucket, self.prefix)}

    def grant(self, grantee: iam.IGrantable) -> None:
        add_s3_prefix_read(grantee, self.bucket, self.prefix)

    def problems(self) -> list[str]:
        problems = self.location.problems()
        if self.format not in S3_FORMATS:
            problems.append(f"format {self.format!r} is not one of {list(S3_FORMATS)}")
        if self.group_size is not None and (self.group_size < 1 or not self.group_files):
            problems.append(
                f"group_size needs group_files=True and a positive size, got {self.group_size}"
            )
        if len(self.csv_separator) != 1:
            problems.append(f"csv_separator must be one character, got {self.csv_separator!r}")
        mode, mode_problems = ReadMode.parse(self.read_mode, "read_mode")
        problems += mode_problems
        if mode not in (None, DEFAULT_READ_MODE) and self.format not in ("csv", "json"):
            problems.append(
                f"read_mode {mode} applies to csv and json sources, not {self.format!r}"
            )
        return problems + self._schema_problems()

    def _schema_problems(self) -> list[str]:
        if not self.schema:
            return []
        if self.format not in ("csv", "json"):
            return [
                f"schema applies to csv and json sources, not {self.format!r} (parquet, orc "
                "and avro files carry their own schema)"
            ]
        problems = schema_problems(self.schema)
        refused = {
            "group_files": self.group_files,
            "group_size": self.group_size is not None,
            "exclusions": bool(self.exclusions),
            "json_path": bool(self.json_path),
            "recurse=False": not self.recurse,
        }
        problems += [
            f"{option} is a DynamicFrame read option; a source with a schema is read by "
            "Spark's DataFrame reader: leave it out or drop the schema"
            for option, given in refused.items()
            if given
        ]
        return problems

    def render_context(self, language: Language) -> dict[str, Any]:
        if self.schema:
            return self._schema_read_context()
        options: dict[str, Any] = {"recurse": self.recurse}
        if self.group_files:
            options["groupFiles"] = "inPartition"
        if self.group_size is not None:
            options["groupSize"] = str(self.group_size)
        if self.exclusions:
            options["exclusions"] = json.dumps(list(self.exclusions))
        format_options: dict[str, Any] = {}
        if self.format == "csv":
            format_options = {"withHeader": self.csv_header, "separator": self.csv_separator}
        elif self.format == "json":
            if self.json_path:
                format_options["jsonPath"] = self.json_path
            if self.multiline:
                format_options["multiline"] = True
        if ReadMode(self.read_mode) != DEFAULT_READ_MODE:
            format_options["mode"] = ReadMode(self.read_mode).value
        return {
            "format": self.format,
            "connection_options": {"paths": [self.ref("path")], **options},
            "format_options": format_options,
        }

    def _schema_read_context(self) -> dict[str, Any]:
        """A DataFrame read with the declared schema: Spark's option names and values."""
        options: dict[str, str] = {}
        if self.format == "csv":
            options = {"header": _flag(self.csv_header), "sep": self.csv_separator}
        elif self.multiline:
            options["multiLine"] = "true"
        if ReadMode(self.read_mode) != DEFAULT_READ_MODE:
            options["mode"] = ReadMode(self.read_mode).value
        # Glue's recurse reads every sub-folder; problems() refuses recurse=False here.
        options["recursiveFileLookup"] = "true"
        return {
            "read": "schema",
            "format": self.format,
            "schema": ddl(self.schema),
            "reader_options": options,
            "path": self.ref("path"),
        }


def _flag(value: bool) -> str:
    return "true" if value else "false"


@dataclass(frozen=True, kw_only=True)
class CatalogSource(Spec):
    """A Glue catalog table.

    :param database: the table's database; its name reaches the script as an argument.
    :param table: the table, by name, as an ``aws_glue`` table, or as a glueforge
        ``Table`` (which grants its catalog ARNs, data prefix and key itself).
    :param data: where the table's files are, to grant S3 read on them. Default: taken
        from an ``aws_glue.S3Table`` or a glueforge ``Table``; none for a table name
        (grant it yourself). Not with a glueforge ``Table``, which knows its location.
    :param push_down_predicate: a Spark SQL predicate on partition columns that prunes
        partitions before listing files, e.g. ``"order_date >= '2026-01-01'"``.
    :param catalog_partition_predicate: the same, evaluated by the catalog's partition
        index (server side).
    """

    database: glue.IDatabase
    table: str | glue.ITable
    data: S3Location | None = None
    push_down_predicate: str | None = None
    catalog_partition_predicate: str | None = None

    stage: ClassVar = Stage.SOURCE
    macro: ClassVar[str] = "catalog"

    @property
    def table_name(self) -> str:
        return self.table if isinstance(self.table, str) else self.table.table_name

    def deploy_values(self) -> dict[str, Any]:
        return {"database": self.database.database_name, "table": self.table_name}

    def local_arguments(self) -> dict[str, LocalArgument]:
        table = (
            self.table
            if isinstance(self.table, str)
            else local_name(self.table.table_name, self.table)
        )
        return {
            self.arg("database"): LocalCatalogDatabase(
                name=local_name(self.database.database_name, self.database)
            ),
            self.arg("table"): LocalCatalogTable(
                name=table,
                projection=projection_metadata(self.table),
                location_template=getattr(self.table, "location_template", None),
            ),
        }

    def grant(self, grantee: iam.IGrantable) -> None:
        if grants_itself(self.table):
            self.table.grant_read(grantee)
            return
        add_catalog(grantee, self.database, [self.table_name], CATALOG_READ_ACTIONS)
        data = self.data or _s3_table_location(self.table)
        if data is not None:
            add_s3_prefix_read(grantee, data.bucket, data.prefix)

    def problems(self) -> list[str]:
        problems = []
        if isinstance(self.table, str) and not self.table.strip():
            problems.append("table is required, e.g. table='orders'")
        elif isinstance(self.table, str):
            problems += catalog_name_problems("table", self.table)
        elif grants_itself(self.table):
            problems += table_contradictions(self.table, self.database, data=self.data)
        return problems

    def render_context(self, language: Language) -> dict[str, Any]:
        options = {}
        if self.catalog_partition_predicate:
            options["catalogPartitionPredicate"] = self.catalog_partition_predicate
        return {"push_down_predicate": self.push_down_predicate or "", "options": options}


def grants_itself(table: object) -> bool:
    """Whether ``table`` is a glueforge catalog ``Table`` (or its import), which grants its
    catalog ARNs, data prefix and key itself. Duck-typed: the jobs layer does not import
    the catalog layer (tests/project/test_architecture.py)."""
    return hasattr(table, "data_location") and callable(getattr(table, "grant_read", None))


def projection_metadata(table: object) -> dict[str, dict[str, Any]] | None:
    """A glueforge ``Table``'s partition projection as plain JSON for the cloud assembly
    (key -> ``{"type": ..., <the projection's fields>}``), or None without one.
    Duck-typed, as :func:`grants_itself`."""
    projection = getattr(table, "partition_projection", None) if grants_itself(table) else None
    if not projection:
        return None
    return {
        key: {
            "type": one.kind,
            **{
                name: _plain(value) for name, value in vars(one).items() if not name.startswith("_")
            },
        }
        for key, one in projection.items()
    }


def _plain(value: Any) -> Any:
    """A projection field as JSON: an ``aws_glue.DateIntervalUnit`` by its name."""
    if value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, (list, tuple)):
        return list(value)
    return str(getattr(value, "value", value))


def table_contradictions(
    table: Any, database: glue.IDatabase | None, **given: S3Location | None
) -> list[str]:
    """Arguments given beside a glueforge ``Table`` that it already fixes, or that
    contradict it."""
    problems = [
        f"{name} is taken from the table {table.table_name!r}; drop {name}=..."
        for name, value in given.items()
        if value is not None
    ]
    if database is not None and database is not table.database:
        names = (database.database_name, table.database.database_name)
        if any(is_unresolved(n) for n in names) or names[0] != names[1]:
            problems.append(
                f"database {names[0]!r} is not the table's database {names[1]!r}; give the "
                "table's database, or none"
            )
    return problems


def _s3_table_location(table: str | glue.ITable) -> S3Location | None:
    bucket = getattr(table, "bucket", None)
    if bucket is None:
        return None
    return S3Location(bucket, getattr(table, "s3_prefix", "") or "")


@dataclass(frozen=True, kw_only=True)
class JdbcSource(ThroughConnection, Spec):
    """A table or query in a database reached through a Glue JDBC connection.

    :param connection: the Glue connection; a glueforge ``JdbcConnection`` also grants
        its secret and VPC access, and tells the engine.
    :param engine: ``postgresql``, ``mysql``, ``sqlserver``, ``oracle`` or ``redshift``.
        Default: the connection's own ``engine``.
    :param table: ``schema.table`` to read.
    :param query: a SELECT to read instead of a table (sent as ``sampleQuery``).
    :param hash_field: a column to split parallel reads on.
    :param hash_expression: a SQL expression returning a whole number to split on.
    :param hash_partitions: how many parallel reads. Default: Glue's (7).
    :param bookmark_keys: columns whose increasing values a job bookmark tracks.
        Default: the table's primary key (Glue's).
    :param bookmark_keys_sort_order: ``asc`` or ``desc``. Default: ``asc``.
    """

    connection: Any
    engine: str | None = None
    table: str | None = None
    query: str | None = None
    hash_field: str | None = None
    hash_expression: str | None = None
    hash_partitions: int | None = None
    bookmark_keys: tuple[str, ...] = ()
    bookmark_keys_sort_order: Literal["asc", "desc"] = "asc"

    stage: ClassVar = Stage.SOURCE
    macro: ClassVar[str] = "jdbc"

    @property
    def connection_type(self) -> str:
        # A glueforge JdbcConnection knows its engine preset, and the preset its type.
        engine = self.engine or getattr(self.connection, "engine", None)
        return getattr(engine, "connection_type", engine) or ""

    def problems(self) -> list[str]:
        problems = []
        engine = self.connection_type
        if not engine:
            problems.append(
                "the connection does not say its engine (an imported connection without "
                f"engine=); give JdbcSource(engine=...), one of {list(CONNECTION_TYPES)}"
            )
        elif engine not in CONNECTION_TYPES:
            problems.append(f"engine {engine!r} is not one of {list(CONNECTION_TYPES)}")
        if (self.table is None) == (self.query is None):
            problems.append("give exactly one of table or query")
        if self.hash_field and self.hash_expression:
            problems.append("give at most one of hash_field and hash_expression")
        if self.hash_partitions is not None and self.hash_partitions < 1:
            problems.append(f"hash_partitions must be 1 or more, got {self.hash_partitions}")
        if self.bookmark_keys_sort_order not in ("asc", "desc"):
            problems.append(
                f"bookmark_keys_sort_order must be 'asc' or 'desc', got "
                f"{self.bookmark_keys_sort_order!r}"
            )
        problems += column_problems("bookmark_keys", self.bookmark_keys)
        return problems

    def render_context(self, language: Language) -> dict[str, Any]:
        options: dict[str, Any] = {"useConnectionProperties": "true"}
        if self.table is not None:
            options["dbtable"] = self.table
        else:
            options["sampleQuery"] = self.query
        if self.hash_field:
            options["hashfield"] = self.hash_field
        if self.hash_expression:
            options["hashexpression"] = self.hash_expression
        if self.hash_partitions is not None:
            options["hashpartitions"] = str(self.hash_partitions)
        if self.bookmark_keys:
            options["jobBookmarkKeys"] = list(self.bookmark_keys)
            options["jobBookmarkKeysSortOrder"] = self.bookmark_keys_sort_order
        options["connectionName"] = self.ref("connection")
        return {"connection_type": self.connection_type, "connection_options": options}


@dataclass(frozen=True, kw_only=True)
class DynamoDBExportSource(Spec):
    """A DynamoDB table, read from a point-in-time export: no table throughput used.

    :param export: a :class:`~glueforge.DynamoDBExport` (each run makes a new export,
        ``dynamodb.export = ddb``) or ``DynamoDBExport.from_past_export(...)`` (each run
        reads that past export again and makes none, ``dynamodb.export = s3``). Its token
        values (table ARN, bucket) reach the script as job arguments, the rest is rendered.
    """

    export: DynamoDBExportBase

    stage: ClassVar = Stage.SOURCE
    macro: ClassVar[str] = "dynamodb_export"
    # A run reads one whole export, new or past; a bookmark has nothing to track.
    bookmarkable: ClassVar[bool] = False

    def problems(self) -> list[str]:
        if isinstance(self.export, DynamoDBExportBase):
            return []
        return [
            "export must be a DynamoDBExport or DynamoDBExport.from_past_export(...), got "
            f"{type(self.export).__name__}"
        ]

    def _argument_keys(self) -> dict[str, str]:
        """Connection option -> the key of the job argument carrying it."""
        if not isinstance(self.export, DynamoDBExportBase):
            return {}  # reported by problems(), which the job raises with the others
        return {
            option: _snake(option.removeprefix("dynamodb."))
            for option in self.export.deploy_time_options()
        }

    def _argument_names(self) -> dict[str, str]:
        return {option: self.arg(key) for option, key in self._argument_keys().items()}

    def deploy_values(self) -> dict[str, Any]:
        keys = self._argument_keys()
        deploy_time = self.export.deploy_time_options() if keys else {}
        return {key: deploy_time[option] for option, key in keys.items()}

    def local_arguments(self) -> dict[str, LocalArgument]:
        kinds: dict[str, LocalArgument] = {}
        for option, arg in self._argument_names().items():
            if option == "dynamodb.tableArn":
                kinds[arg] = LocalDynamoDBTableArn(table=self.export.table.node.id)
            elif option == "dynamodb.s3.bucket":
                kinds[arg] = LocalS3Bucket(bucket=self.export.bucket.node.id)
            else:
                # bucket owner or role ARN from another stack: meaningless locally
                kinds[arg] = UnusedLocally(option=option)
        return kinds

    def grant(self, grantee: iam.IGrantable) -> None:
        self.export.grant_read(grantee)

    def render_context(self, language: Language) -> dict[str, Any]:
        options: dict[str, Any] = dict(self.export.static_options())
        for option, key in self._argument_keys().items():
            options[option] = self.ref(key)
        return {"connection_options": dict(sorted(options.items()))}


def _snake(option: str) -> str:
    """``s3.bucketOwner`` -> ``s3_bucket_owner``: option names as argument names."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", option).replace(".", "_").lower()
