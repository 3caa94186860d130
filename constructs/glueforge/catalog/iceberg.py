"""Apache Iceberg tables in the Glue Data Catalog (aws-cdk-lib has only ``CfnTable``).

``IIcebergTable`` is what every Iceberg table offers, made here or imported; job specs
(``IcebergSource``/``IcebergSink``) and :class:`~glueforge.catalog.optimizer.TableOptimizer`
take it. :class:`IcebergTable` renders the CloudFormation shape that survives stack
updates (no ``TableInput``: see its docstring). Its schema's words (fields, types,
partition spec, write order) are in :mod:`glueforge.catalog.iceberg_schema`, re-exported
here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

from aws_cdk import Resource
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from glueforge.catalog.iceberg_schema import (
    IcebergField,
    IcebergFieldType,
    IcebergList,
    IcebergMap,
    IcebergPartitionField,
    IcebergSortDirection,
    IcebergSortField,
    IcebergStruct,
    IcebergTransform,
    IcebergType,
    property_problems,
    render_table_input,
    schema_problems,
)
from glueforge.core.arns import GlueArnResource, glue_arn, glue_arn_name, table_arn
from glueforge.core.errors import child_path, raise_if_problems, require_types
from glueforge.core.limits import (
    NAME_MAX,
    catalog_name_problems,
    description_problems,
)
from glueforge.core.locations import S3Location, s3_prefix_problems
from glueforge.core.names import unique_resource_name
from glueforge.core.stack_cache import python_state, stack_of
from glueforge.iam.actions import ICEBERG_TABLE_READ_ACTIONS, ICEBERG_TABLE_WRITE_ACTIONS
from glueforge.iam.grants import grant_catalog, grant_s3_prefix_read, grant_s3_prefix_read_write

__all__ = [
    "IIcebergTable",
    "IcebergField",
    "IcebergFieldType",
    "IcebergList",
    "IcebergMap",
    "IcebergPartitionField",
    "IcebergSortDirection",
    "IcebergSortField",
    "IcebergStruct",
    "IcebergTable",
    "IcebergTableBase",
    "IcebergTransform",
    "IcebergType",
]


@runtime_checkable
class IIcebergTable(Protocol):
    """An Iceberg table, made by glueforge (:class:`IcebergTable`) or imported
    (:meth:`IcebergTable.from_iceberg_table_attributes`)."""

    @property
    def database(self) -> glue.IDatabase:
        """The catalog database holding the table."""
        ...

    @property
    def table_name(self) -> str:
        """The table's name in the catalog (lowercase)."""
        ...

    @property
    def table_arn(self) -> str:
        """``arn:<partition>:glue:<region>:<account>:table/<database>/<table>``."""
        ...

    @property
    def location(self) -> S3Location:
        """Where the table's data and metadata live: a bucket and a key prefix."""
        ...

    @property
    def identifier_fields(self) -> Sequence[str]:
        """The columns that identify a row (for merge/upsert); empty when none."""
        ...

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow ``grantee`` to read the table: catalog, database and table ARNs, and the
        data prefix with its key."""
        ...

    def grant_write(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow ``grantee`` to read and commit to the table (Iceberg writers commit new
        metadata through ``glue:UpdateTable``), and to read and write the data prefix."""
        ...


# ---- the constructs ----------------------------------------------------------------------


class IcebergTableBase(Resource):
    """What owned and imported Iceberg tables share: the ARN and the grants."""

    database: glue.IDatabase
    table_name: str
    location: S3Location
    identifier_fields: tuple[str, ...] = ()

    @property
    def database_name(self) -> str:
        return python_state(self, "_glueforge_database_name", lambda: self.database.database_name)

    @property
    def table_arn(self) -> str:
        """``arn:<partition>:glue:<region>:<account>:table/<database>/<table>``."""
        return table_arn(self, self.database_name, self.table_name)

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """Read the table: Glue's catalog, database and table ARNs
        (:data:`~glueforge.iam.actions.ICEBERG_TABLE_READ_ACTIONS`), and the objects under
        the table's prefix, with the bucket's key."""
        catalog = grant_catalog(
            grantee, self.database, [self.table_name], ICEBERG_TABLE_READ_ACTIONS
        )
        data = grant_s3_prefix_read(grantee, self.location.bucket, self.location.prefix)
        return catalog.combine(data)

    def grant_write(self, grantee: iam.IGrantable) -> iam.Grant:
        """Read and commit to the table: an Iceberg writer writes data and metadata files
        under the prefix, then swaps the table's metadata location with
        ``glue:UpdateTable`` (:data:`~glueforge.iam.actions.ICEBERG_TABLE_WRITE_ACTIONS`)."""
        catalog = grant_catalog(
            grantee, self.database, [self.table_name], ICEBERG_TABLE_WRITE_ACTIONS
        )
        data = grant_s3_prefix_read_write(grantee, self.location.bucket, self.location.prefix)
        return catalog.combine(data)


class _ImportedIcebergTable(IcebergTableBase):
    """An Iceberg table made elsewhere; see :meth:`IcebergTable.from_iceberg_table_attributes`."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        database: glue.IDatabase,
        table_name: str,
        location: S3Location,
        identifier_fields: Sequence[str],
    ) -> None:
        super().__init__(scope, id)
        self.database = database
        self.table_name = table_name
        self.location = location
        self.identifier_fields = tuple(identifier_fields)


class IcebergTable(IcebergTableBase):
    """An Apache Iceberg table in the Glue Data Catalog, created by CloudFormation.

    **The update trap, and how this class avoids it.** CloudFormation can create an
    Iceberg table two ways. With ``TableInput`` (``TableType: EXTERNAL_TABLE``, columns,
    location) next to ``OpenTableFormatInput.IcebergInput``, the table deploys, but any
    later stack update rewrites it from ``TableInput`` and drops ``table_type=ICEBERG``
    and ``metadata_location``: Athena then fails with ``HIVE_UNSUPPORTED_FORMAT``
    (cloudformation-coverage-roadmap issues 1919 and 2495; aws-cdk issue 37560). This
    class renders the other shape, the one that survives updates: a top-level ``Name``
    and ``OpenTableFormatInput.IcebergInput`` with ``MetadataOperation: CREATE``, the
    format ``Version`` and ``IcebergTableInput`` (location, schema, partition spec, write
    order, properties), and **no** ``TableInput`` at all (even ``TableInput: {Name}``
    beside it is refused: "Table metadata is expected only via TableInput or via
    IcebergTableInputProperties inside OpenTableFormatInput"). Later deploys go through
    Glue's UpdateTable, which writes a new Iceberg schema. The description lands in the
    ``comment`` property (there is no TableInput to hold it).

    **Field ids.** Each column, and each nested list element, map key and value and
    struct field, has an Iceberg field id that data files record. A pinned id
    (``field_id=``) is used as given; the others are assigned in declaration order, top
    level first, skipping pinned ids. Add new columns at the end, or pin ids: an id that
    moves to another column makes old snapshots read the wrong column. The format
    version cannot change after the table is created. Dropping a partition field needs
    a ``void`` transform step CloudFormation cannot express.

    :param database: the catalog database.
    :param bucket: the bucket holding the table's data and metadata.
    :param prefix: the table's key prefix, ending in ``/`` (e.g. ``"curated/orders/"``),
        so grants on ``<prefix>*`` reach no other table.
    :param columns: the schema, at least one column.
    :param table_name: lowercase, 1-255 characters. Default: generated from the
        construct path, lowercase.
    :param partition_spec: Default: unpartitioned.
    :param identifier_fields: the columns that identify a row, for merge/upsert; each a
        required primitive column that is not float or double. Default: none.
    :param write_order: the sort order writers use. Default: none.
    :param format_version: 1 or 2. Default: 2 (CloudFormation's default; merge-on-read
        row deletes need 2).
    :param properties: Iceberg table properties (``write.merge.mode``, ...). Default: none.
    :param description: stored as the ``comment`` property. Default: none.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        database: glue.IDatabase,
        bucket: s3.IBucket,
        prefix: str,
        columns: Sequence[IcebergField],
        table_name: str | None = None,
        partition_spec: Sequence[IcebergPartitionField] = (),
        identifier_fields: Sequence[str] = (),
        write_order: Sequence[IcebergSortField] = (),
        format_version: int = 2,
        properties: Mapping[str, str] | None = None,
        description: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        require_types(
            self,
            {
                "prefix": (prefix, str),
                "columns": (columns, (list, tuple)),
                "table_name": (table_name, (str, None)),
                "partition_spec": (partition_spec, (list, tuple)),
                "identifier_fields": (identifier_fields, (list, tuple)),
                "write_order": (write_order, (list, tuple)),
                "properties": (properties, (dict, None)),
                "description": (description, (str, None)),
            },
        )
        properties = dict(properties or {})
        raise_if_problems(
            self,
            schema_problems(
                table_name,
                prefix,
                columns,
                partition_spec,
                identifier_fields,
                write_order,
                format_version,
            )
            + property_problems(properties)
            + description_problems(description),
        )
        self.database = database
        self.table_name = table_name or unique_resource_name(self, max_length=NAME_MAX).lower()
        self.location = S3Location(bucket, prefix)
        self.identifier_fields = tuple(identifier_fields)
        self.format_version = format_version
        #: the schema and properties as declared (read by TableOptimizer's checks)
        self.columns: tuple[IcebergField, ...] = tuple(columns)
        self.properties: dict[str, str] = dict(properties)
        if description is not None:
            properties["comment"] = description
        table_input = render_table_input(
            self.location.url(), columns, partition_spec, identifier_fields, write_order, properties
        )
        self.resource = glue.CfnTable(
            self,
            "Resource",
            catalog_id=stack_of(self).account,
            database_name=self.database_name,
            name=self.table_name,
            open_table_format_input=glue.CfnTable.OpenTableFormatInputProperty(
                iceberg_input=glue.CfnTable.IcebergInputProperty(
                    metadata_operation="CREATE",
                    version=str(format_version),
                    iceberg_table_input=table_input,
                )
            ),
        )

    @classmethod
    def from_iceberg_table_attributes(
        cls,
        scope: Construct,
        id: str,
        *,
        database: glue.IDatabase,
        table_name: str,
        bucket: s3.IBucket,
        prefix: str,
        identifier_fields: Sequence[str] = (),
    ) -> IIcebergTable:
        """An Iceberg table that exists already.

        :param identifier_fields: Default: none.
        """
        path = child_path(scope, id)
        require_types(path, {"table_name": (table_name, str), "prefix": (prefix, str)})
        raise_if_problems(
            path,
            catalog_name_problems("table_name", table_name) + s3_prefix_problems(prefix, "prefix"),
        )
        return _ImportedIcebergTable(
            scope,
            id,
            database=database,
            table_name=table_name,
            location=S3Location(bucket, prefix),
            identifier_fields=identifier_fields,
        )

    @classmethod
    def from_iceberg_table_name(
        cls,
        scope: Construct,
        id: str,
        table_name: str,
        *,
        database: glue.IDatabase,
        bucket: s3.IBucket,
        prefix: str,
    ) -> IIcebergTable:
        """An Iceberg table that exists already, by name: its database and data location
        cannot be learned from a name at synth, so they are given too."""
        return cls.from_iceberg_table_attributes(
            scope, id, database=database, table_name=table_name, bucket=bucket, prefix=prefix
        )

    @classmethod
    def from_iceberg_table_arn(
        cls, scope: Construct, id: str, table_arn: str, *, bucket: s3.IBucket, prefix: str
    ) -> IIcebergTable:
        """An Iceberg table that exists already, by its Glue table ARN
        (``...:table/<database>/<table>``); the database is imported by name (in this
        stack's account and region) and the data location is given."""
        path = child_path(scope, id)
        name = glue_arn_name(scope, id, table_arn, GlueArnResource.TABLE)
        database_name, slash, table_name = name.partition("/")
        if not slash or not database_name or not table_name or "/" in table_name:
            raise_if_problems(
                path,
                [
                    f"table_arn {table_arn!r} must end in 'table/<database>/<table>'; expected "
                    "e.g. 'arn:aws:glue:us-east-1:123456789012:table/shop/orders'"
                ],
            )
        database = glue.Database.from_database_arn(
            scope, f"{id}Database", glue_arn(scope, GlueArnResource.DATABASE, database_name)
        )
        return cls.from_iceberg_table_attributes(
            scope, id, database=database, table_name=table_name, bucket=bucket, prefix=prefix
        )
