"""What a crawler crawls: one factory per data store CloudFormation supports.

Each target knows three things: the CloudFormation property it renders, the IAM access
the crawler needs to read it, and the problems in its own settings. ``Crawler`` only
loops over its targets, so the role can never drift from what is crawled.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, get_args

from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from glueforge.connections.grants import grant_connection
from glueforge.core.limits import catalog_name_problems
from glueforge.core.locations import S3Location
from glueforge.iam.actions import DYNAMODB_CRAWL_ACTIONS
from glueforge.iam.grants import add_s3_prefix_read, add_s3_prefix_read_write, grant

if TYPE_CHECKING:
    from glueforge.crawlers.events import CrawlerEventQueue

SAMPLE_SIZE_RANGE = (1, 249)
SCAN_RATE_RANGE = (0.1, 1.5)
TRAVERSAL_DEPTH_RANGE = (1, 20)
JdbcMetadata = Literal["COMMENTS", "RAWTYPES"]


class CrawlerTarget(ABC):
    """A data store for a :class:`~glueforge.Crawler`. Create one with a factory method."""

    #: the CfnCrawler.TargetsProperty field this target renders into
    targets_field: ClassVar[str]
    kind: ClassVar[str]

    @abstractmethod
    def render(self, event_queue: CrawlerEventQueue | None = None) -> Any:
        """The CloudFormation target property; S3 targets name the event mode's queues."""

    @abstractmethod
    def grant_read(self, grantee: iam.IGrantable) -> None:
        """Give ``grantee`` what a crawler needs to read this data store."""

    def problems(self) -> list[str]:
        return []

    # ---- factories -------------------------------------------------------------------

    @staticmethod
    def s3(
        bucket: s3.IBucket,
        prefix: str = "",
        *,
        exclusions: Sequence[str] = (),
        sample_size: int | None = None,
        connection: glue.IConnection | None = None,
    ) -> S3Target:
        """Objects under ``prefix`` in ``bucket``.

        :param exclusions: glob patterns to skip, e.g. ``["**/_temporary/**"]``.
        :param sample_size: files crawled per leaf folder, 1-249. Default: all files.
        :param connection: a NETWORK connection, to crawl through a VPC endpoint.
        """
        return S3Target(S3Location(bucket, prefix), tuple(exclusions), sample_size, connection)

    @staticmethod
    def jdbc(
        connection: glue.IConnection,
        path: str,
        *,
        exclusions: Sequence[str] = (),
        additional_metadata: Sequence[JdbcMetadata] = (),
    ) -> JdbcTarget:
        """Tables reached through a JDBC connection.

        :param path: ``database/schema/table``, ``%`` matching any name, e.g. ``shop/public/%``.
        :param additional_metadata: ``COMMENTS`` and/or ``RAWTYPES``. Default: none.
        """
        return JdbcTarget(connection, path, tuple(exclusions), tuple(additional_metadata))

    @staticmethod
    def dynamodb(
        table: dynamodb.ITable, *, scan_all: bool = True, scan_rate: float | None = None
    ) -> DynamoDBTarget:
        """A DynamoDB table.

        :param scan_all: scan every item rather than a sample. Default: ``True`` (Glue's).
        :param scan_rate: share of read capacity to use, 0.1-1.5. Default: Glue's (0.5 of
            provisioned, 0.25 of on-demand maximum).
        """
        return DynamoDBTarget(table, scan_all, scan_rate)

    @staticmethod
    def catalog(
        database: glue.IDatabase,
        tables: Sequence[str | glue.ITable],
        *,
        connection: glue.IConnection | None = None,
    ) -> CatalogTarget:
        """Existing catalog tables, re-crawled from their data (schema change policy: LOG).

        Tables given as an ``aws_glue.S3Table`` also get S3 read on their location; for
        table names, grant read on their data to the crawler's role yourself.
        """
        return CatalogTarget(database, tuple(tables), connection)

    @staticmethod
    def delta(
        bucket: s3.IBucket,
        table_prefixes: Sequence[str],
        *,
        connection: glue.IConnection | None = None,
        write_manifest: bool = False,
        create_native_delta_table: bool = False,
    ) -> DeltaTarget:
        """Delta Lake tables, one per prefix.

        :param write_manifest: write symlink manifests into the tables (grants write on
            their prefixes). Default: ``False``.
        :param create_native_delta_table: create native Delta tables for engines that read
            the transaction log. Default: ``False``.
        """
        return DeltaTarget(
            tuple(S3Location(bucket, p) for p in table_prefixes),
            connection,
            write_manifest,
            create_native_delta_table,
        )

    @staticmethod
    def iceberg(
        bucket: s3.IBucket,
        prefixes: Sequence[str],
        *,
        connection: glue.IConnection | None = None,
        exclusions: Sequence[str] = (),
        maximum_traversal_depth: int | None = None,
    ) -> IcebergTarget:
        """Iceberg tables found under ``prefixes``.

        :param maximum_traversal_depth: how deep to look for metadata folders, 1-20.
            Default: Glue's (10).
        """
        return IcebergTarget(
            tuple(S3Location(bucket, p) for p in prefixes),
            connection,
            tuple(exclusions),
            maximum_traversal_depth,
        )

    @staticmethod
    def hudi(
        bucket: s3.IBucket,
        prefixes: Sequence[str],
        *,
        connection: glue.IConnection | None = None,
        exclusions: Sequence[str] = (),
        maximum_traversal_depth: int | None = None,
    ) -> HudiTarget:
        """Hudi tables found under ``prefixes`` (see :meth:`iceberg` for the options)."""
        return HudiTarget(
            tuple(S3Location(bucket, p) for p in prefixes),
            connection,
            tuple(exclusions),
            maximum_traversal_depth,
        )

    @staticmethod
    def mongodb(connection: glue.IConnection, path: str) -> MongoDBTarget:
        """A MongoDB or Amazon DocumentDB collection.

        :param path: ``database/collection``.
        """
        return MongoDBTarget(connection, path)


def _prefix_problems(locations: Sequence[S3Location]) -> list[str]:
    return [problem for loc in locations for problem in loc.problems()]


def _depth_problems(depth: int | None) -> list[str]:
    low, high = TRAVERSAL_DEPTH_RANGE
    if depth is not None and not low <= depth <= high:
        return [f"maximum_traversal_depth must be {low}-{high}, got {depth}"]
    return []


@dataclass(frozen=True)
class S3Target(CrawlerTarget):
    targets_field: ClassVar[str] = "s3_targets"
    kind: ClassVar[str] = "S3"
    location: S3Location
    exclusions: tuple[str, ...] = ()
    sample_size: int | None = None
    connection: glue.IConnection | None = None

    def render(self, event_queue: CrawlerEventQueue | None = None) -> Any:
        return glue.CfnCrawler.S3TargetProperty(
            path=self.location.url(),
            exclusions=list(self.exclusions) or None,
            sample_size=self.sample_size,
            connection_name=self.connection.connection_name if self.connection else None,
            event_queue_arn=event_queue.queue.queue_arn if event_queue else None,
            dlq_event_queue_arn=event_queue.dead_letter_queue.queue_arn if event_queue else None,
        )

    def grant_read(self, grantee: iam.IGrantable) -> None:
        add_s3_prefix_read(grantee, self.location.bucket, self.location.prefix)
        grant_connection(grantee, self.connection)

    def problems(self) -> list[str]:
        problems = _prefix_problems([self.location])
        low, high = SAMPLE_SIZE_RANGE
        if self.sample_size is not None and not low <= self.sample_size <= high:
            problems.append(f"sample_size must be {low}-{high}, got {self.sample_size}")
        return problems


@dataclass(frozen=True)
class JdbcTarget(CrawlerTarget):
    targets_field: ClassVar[str] = "jdbc_targets"
    kind: ClassVar[str] = "JDBC"
    connection: glue.IConnection
    path: str
    exclusions: tuple[str, ...] = ()
    additional_metadata: tuple[str, ...] = ()

    def render(self, event_queue: CrawlerEventQueue | None = None) -> Any:
        return glue.CfnCrawler.JdbcTargetProperty(
            connection_name=self.connection.connection_name,
            path=self.path,
            exclusions=list(self.exclusions) or None,
            enable_additional_metadata=list(self.additional_metadata) or None,
        )

    def grant_read(self, grantee: iam.IGrantable) -> None:
        grant_connection(grantee, self.connection)

    def problems(self) -> list[str]:
        problems = []
        if not self.path.strip():
            problems.append("JDBC path must not be empty; expected e.g. 'shop/public/%'")
        bad = [m for m in self.additional_metadata if m not in get_args(JdbcMetadata)]
        if bad:
            problems.append(
                f"additional_metadata {bad} not allowed; expected 'COMMENTS' and/or 'RAWTYPES'"
            )
        return problems


@dataclass(frozen=True)
class DynamoDBTarget(CrawlerTarget):
    targets_field: ClassVar[str] = "dynamo_db_targets"
    kind: ClassVar[str] = "DynamoDB"
    table: dynamodb.ITable
    scan_all: bool = True
    scan_rate: float | None = None

    def render(self, event_queue: CrawlerEventQueue | None = None) -> Any:
        return glue.CfnCrawler.DynamoDBTargetProperty(
            path=self.table.table_name, scan_all=self.scan_all, scan_rate=self.scan_rate
        )

    def grant_read(self, grantee: iam.IGrantable) -> None:
        grant(grantee, DYNAMODB_CRAWL_ACTIONS, [self.table.table_arn])
        if self.table.encryption_key is not None:
            self.table.encryption_key.grant_decrypt(grantee)

    def problems(self) -> list[str]:
        low, high = SCAN_RATE_RANGE
        if self.scan_rate is not None and not low <= self.scan_rate <= high:
            return [f"scan_rate must be {low}-{high}, got {self.scan_rate}"]
        return []


@dataclass(frozen=True)
class CatalogTarget(CrawlerTarget):
    targets_field: ClassVar[str] = "catalog_targets"
    kind: ClassVar[str] = "Catalog"
    database: glue.IDatabase
    tables: tuple[str | glue.ITable, ...]
    connection: glue.IConnection | None = None

    def table_names(self) -> list[str]:
        return [t if isinstance(t, str) else t.table_name for t in self.tables]

    def render(self, event_queue: CrawlerEventQueue | None = None) -> Any:
        return glue.CfnCrawler.CatalogTargetProperty(
            database_name=self.database.database_name,
            tables=self.table_names(),
            connection_name=self.connection.connection_name if self.connection else None,
        )

    def grant_read(self, grantee: iam.IGrantable) -> None:
        for table in self.tables:
            bucket = getattr(table, "bucket", None)
            if bucket is not None:
                add_s3_prefix_read(grantee, bucket, getattr(table, "s3_prefix", "") or "")
        grant_connection(grantee, self.connection)

    def problems(self) -> list[str]:
        if not self.tables:
            return ["a catalog target needs at least one table"]
        return [p for t in self.tables for p in catalog_name_problems("table", t)]


@dataclass(frozen=True)
class _LakeFormatTarget(CrawlerTarget):
    """Delta, Iceberg and Hudi targets: table folders in S3."""

    locations: tuple[S3Location, ...]
    connection: glue.IConnection | None = None

    def grant_read(self, grantee: iam.IGrantable) -> None:
        for loc in self.locations:
            add_s3_prefix_read(grantee, loc.bucket, loc.prefix)
        grant_connection(grantee, self.connection)

    def problems(self) -> list[str]:
        problems = _prefix_problems(self.locations)
        if not self.locations:
            problems.append(f"a {self.kind} target needs at least one table prefix")
        return problems

    def _connection_name(self) -> str | None:
        return self.connection.connection_name if self.connection else None


@dataclass(frozen=True)
class DeltaTarget(_LakeFormatTarget):
    targets_field: ClassVar[str] = "delta_targets"
    kind: ClassVar[str] = "Delta"
    write_manifest: bool = False
    create_native_delta_table: bool = False

    def render(self, event_queue: CrawlerEventQueue | None = None) -> Any:
        return glue.CfnCrawler.DeltaTargetProperty(
            delta_tables=[loc.url() for loc in self.locations],
            connection_name=self._connection_name(),
            write_manifest=self.write_manifest,
            create_native_delta_table=self.create_native_delta_table,
        )

    def grant_read(self, grantee: iam.IGrantable) -> None:
        if not self.write_manifest:
            super().grant_read(grantee)
            return
        # Manifests are written into the tables' own folders.
        for loc in self.locations:
            add_s3_prefix_read_write(grantee, loc.bucket, loc.prefix)
        grant_connection(grantee, self.connection)


@dataclass(frozen=True)
class _TraversingTarget(_LakeFormatTarget):
    exclusions: tuple[str, ...] = ()
    maximum_traversal_depth: int | None = None
    property_class: ClassVar[Any]

    def render(self, event_queue: CrawlerEventQueue | None = None) -> Any:
        return self.property_class(
            paths=[loc.url() for loc in self.locations],
            connection_name=self._connection_name(),
            exclusions=list(self.exclusions) or None,
            maximum_traversal_depth=self.maximum_traversal_depth,
        )

    def problems(self) -> list[str]:
        return super().problems() + _depth_problems(self.maximum_traversal_depth)


@dataclass(frozen=True)
class IcebergTarget(_TraversingTarget):
    targets_field: ClassVar[str] = "iceberg_targets"
    kind: ClassVar[str] = "Iceberg"
    property_class: ClassVar[Any] = glue.CfnCrawler.IcebergTargetProperty


@dataclass(frozen=True)
class HudiTarget(_TraversingTarget):
    targets_field: ClassVar[str] = "hudi_targets"
    kind: ClassVar[str] = "Hudi"
    property_class: ClassVar[Any] = glue.CfnCrawler.HudiTargetProperty


@dataclass(frozen=True)
class MongoDBTarget(CrawlerTarget):
    targets_field: ClassVar[str] = "mongo_db_targets"
    kind: ClassVar[str] = "MongoDB"
    connection: glue.IConnection
    path: str = field(default="")

    def render(self, event_queue: CrawlerEventQueue | None = None) -> Any:
        return glue.CfnCrawler.MongoDBTargetProperty(
            connection_name=self.connection.connection_name, path=self.path
        )

    def grant_read(self, grantee: iam.IGrantable) -> None:
        grant_connection(grantee, self.connection)

    def problems(self) -> list[str]:
        database, slash, collection = self.path.partition("/")
        if not (database and slash and collection):
            return [f"MongoDB path {self.path!r} must be 'database/collection'"]
        return []
