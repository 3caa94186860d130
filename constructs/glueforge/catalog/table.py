"""A catalog table on S3: aws-cdk-lib's ``aws_glue.S3Table``, checked and granted fully.

aws-cdk-lib's ``S3Table`` renders the columns, partition keys, format, partition indexes
and partition projection; glueforge's :class:`Table` adds what it leaves out:

- checks at synth of every value Glue or Athena would refuse later (names, types,
  partition indexes, the projection's ranges, formats and template);
- SerDe options and compression (:class:`~glueforge.catalog.formats.TableFormat`);
- ``storage.location.template`` from the table's own bucket and prefix;
- grants on the catalog, the database AND the table: Glue authorizes all three, and
  ``S3Table.grant_read`` grants only the table (aws-cdk issue 16649), plus the data
  prefix with its key (:mod:`glueforge.iam.grants`).

A job's ``CatalogSource``/``CatalogSink`` given a :class:`Table` takes its grants from it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

from aws_cdk import Fn, Resource, Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from constructs import Construct

from glueforge.catalog.columns import CATALOG_NAME, column_problems, partition_index_problems
from glueforge.catalog.formats import TableFormat
from glueforge.catalog.projection import Projection, template_problems
from glueforge.core.arns import GlueArnResource, glue_arn, glue_arn_name, table_arn
from glueforge.core.errors import child_path, raise_if_problems, require_types
from glueforge.core.limits import NAME_MAX, description_problems
from glueforge.core.locations import S3Location, s3_prefix_problems
from glueforge.core.tokens import is_unresolved
from glueforge.iam.actions import CATALOG_READ_ACTIONS, CATALOG_WRITE_ACTIONS
from glueforge.iam.grants import grant_catalog, grant_s3_prefix_read, grant_s3_prefix_read_write
from glueforge.iam.suppressions import LAMBDA_BASIC_EXECUTION_FINDING, acknowledge_all

# Table properties glueforge writes from typed props: "exactly one way to express each
# intent", so ``parameters`` may not set them.
MANAGED_PARAMETERS = (
    "classification",
    "has_encrypted_data",
    "compressionType",
    "skip.header.line.count",
    "storage.location.template",
    "projection.enabled",
)
# Glue TableInput.Parameters: keys 1-255 bytes, values at most 512000 bytes
# (https://docs.aws.amazon.com/glue/latest/webapi/API_TableInput.html).
PARAMETER_VALUE_MAX = 512000


@runtime_checkable
class ITable(Protocol):
    """A catalog table on S3, made by glueforge or imported
    (:meth:`Table.from_table_attributes`)."""

    @property
    def table_name(self) -> str: ...

    @property
    def table_arn(self) -> str: ...

    @property
    def database(self) -> glue.IDatabase: ...

    @property
    def data_location(self) -> S3Location | None: ...

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant: ...

    def grant_write(self, grantee: iam.IGrantable) -> iam.Grant: ...

    def grant_read_write(self, grantee: iam.IGrantable) -> iam.Grant: ...


class TableBase(Resource):
    """What owned and imported tables share: their ARN and the grants on it."""

    table_name: str
    database: glue.IDatabase
    data_location: S3Location | None

    @property
    def table_arn(self) -> str:
        """``arn:<partition>:glue:<region>:<account>:table/<database>/<table>``."""
        return table_arn(self, self.database.database_name, self.table_name)

    @property
    def bucket(self) -> s3.IBucket | None:
        """The bucket of the table's files, as ``aws_glue.S3Table`` names it (so code that
        reads an S3Table's location, such as a crawler's catalog target, reads this one)."""
        return self.data_location.bucket if self.data_location is not None else None

    @property
    def s3_prefix(self) -> str | None:
        """The table's folder in :attr:`bucket`, as ``aws_glue.S3Table`` names it."""
        return self.data_location.prefix if self.data_location is not None else None

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """Read the table's definition and partitions (on the catalog, the database and the
        table: Glue authorizes all three) and the objects under its location, with the
        bucket's key."""
        result = grant_catalog(grantee, self.database, [self.table_name], CATALOG_READ_ACTIONS)
        if self.data_location is not None:
            location = self.data_location
            result = result.combine(grant_s3_prefix_read(grantee, location.bucket, location.prefix))
        return result

    def grant_write(self, grantee: iam.IGrantable) -> iam.Grant:
        """Add and update partitions and the table's schema (what a job keeping the table
        current does: ``CATALOG_WRITE_ACTIONS``, which reads too), and read, write and
        delete the objects under its location, with the bucket's key. Writers read what
        they write (bookmarks, overwrites), so this is :meth:`grant_read_write`."""
        result = grant_catalog(grantee, self.database, [self.table_name], CATALOG_WRITE_ACTIONS)
        if self.data_location is not None:
            location = self.data_location
            result = result.combine(
                grant_s3_prefix_read_write(grantee, location.bucket, location.prefix)
            )
        return result

    def grant_read_write(self, grantee: iam.IGrantable) -> iam.Grant:
        """:meth:`grant_write`, which includes reading."""
        return self.grant_write(grantee)


class _ImportedTable(TableBase):
    """A table made elsewhere; see :meth:`Table.from_table_attributes`."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        database: glue.IDatabase,
        table_name: str,
        table_arn: str | None,
        data_location: S3Location | None,
    ) -> None:
        super().__init__(scope, id)
        self.database = database
        self.table_name = table_name
        self._table_arn = table_arn
        self.data_location = data_location

    @property
    def table_arn(self) -> str:
        # An ARN given on import keeps its own account and region.
        return self._table_arn if self._table_arn is not None else super().table_arn


class Table(TableBase):
    """A Glue catalog table whose files live under ``bucket``/``prefix``.

    :param database: the table's database.
    :param columns: ``aws_glue.Column`` values with ``aws_glue.Schema`` types, nested
        ``struct``/``array``/``map`` included.
    :param bucket: the bucket holding the files (a glueforge ``SecureBucket``, usually).
    :param prefix: the table's folder in the bucket, ending in ``/``, e.g.
        ``"raw/clicks/"``. Default: the whole bucket.
    :param format: Default: ``TableFormat.parquet()`` (snappy).
    :param partition_keys: primitive-typed columns the files are partitioned by.
        Default: none (rendered as ``[]``, which Athena needs).
    :param partition_indexes: at most 3 ``aws_glue.PartitionIndex`` on partition keys of
        type string, char, varchar, int, bigint, long, tinyint, smallint or date.
        CloudFormation has no partition index, so aws-cdk-lib creates them with a custom
        resource (a stack's one provider: Lambda functions and a state machine), whose
        cdk-nag findings glueforge acknowledges on that provider only. Default: none.
    :param partition_projection: a projection per partition key; every partition key
        needs one. Default: no projection (Athena lists the catalog's partitions).
    :param location_template: ``storage.location.template`` relative to the table's
        location, with ``${key}`` for every partition key and ending in ``/``, e.g.
        ``"${region}/${dt}/"``. Default: Hive layout (``key=value/``).
    :param table_name: 1-255 lowercase letters, digits or ``_``. Default: generated
        from the construct path.
    :param description: Default: aws-cdk-lib's (``<name> generated by CDK``).
    :param parameters: more table properties. Default: none.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        database: glue.IDatabase,
        columns: Sequence[glue.Column],
        bucket: s3.IBucket,
        prefix: str = "",
        format: TableFormat | None = None,
        partition_keys: Sequence[glue.Column] = (),
        partition_indexes: Sequence[glue.PartitionIndex] = (),
        partition_projection: Mapping[str, Projection] | None = None,
        location_template: str | None = None,
        table_name: str | None = None,
        description: str | None = None,
        parameters: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(scope, id)
        fmt = format if format is not None else TableFormat.parquet()
        self._check_types(fmt, columns, partition_keys, partition_indexes, partition_projection)
        projection = dict(partition_projection or {})
        raise_if_problems(
            self,
            self._name_problems(table_name, prefix, description)
            + column_problems(list(columns), list(partition_keys))
            + partition_index_problems(list(partition_indexes), list(partition_keys))
            + fmt.problems()
            + _parameter_problems(parameters or {})
            + _projection_problems(projection, location_template, list(partition_keys)),
        )
        self.database = database
        self.data_location = S3Location(bucket, prefix)
        self.format = fmt
        #: partition key -> its projection, and the template (read by local runs)
        self.partition_projection = projection
        self.location_template = location_template
        self.s3_table = self._build(
            fmt,
            columns=columns,
            partition_keys=partition_keys,
            partition_indexes=partition_indexes,
            projection=projection,
            location_template=location_template,
            table_name=table_name,
            description=description,
            parameters=parameters,
        )
        self.table_name = table_name if table_name is not None else self.s3_table.table_name

    # ---- imports ---------------------------------------------------------------------

    @classmethod
    def from_table_attributes(
        cls,
        scope: Construct,
        id: str,
        *,
        database: glue.IDatabase,
        table_name: str,
        table_arn: str | None = None,
        bucket: s3.IBucket | None = None,
        prefix: str = "",
    ) -> ITable:
        """A table that exists already (made elsewhere, by hand or in another app).

        :param database: its database.
        :param table_name: its name.
        :param table_arn: its ARN, for a table in another account or region. Default:
            built from the names in this stack's account and region.
        :param bucket: the bucket of its files, so grants cover them. Default: none
            (grants cover the catalog only; grant the data yourself).
        :param prefix: its folder in ``bucket``. Default: the whole bucket.
        """
        require_types(
            child_path(scope, id),
            {
                "table_name": (table_name, str),
                "table_arn": (table_arn, (str, None)),
                "prefix": (prefix, str),
            },
        )
        raise_if_problems(child_path(scope, id), s3_prefix_problems(prefix, "prefix"))
        location = S3Location(bucket, prefix) if bucket is not None else None
        return _ImportedTable(
            scope,
            id,
            database=database,
            table_name=table_name,
            table_arn=table_arn,
            data_location=location,
        )

    @classmethod
    def from_table_name(
        cls, scope: Construct, id: str, database: glue.IDatabase, table_name: str
    ) -> ITable:
        """A table of ``database`` that exists already, by name."""
        return cls.from_table_attributes(scope, id, database=database, table_name=table_name)

    @classmethod
    def from_table_arn(cls, scope: Construct, id: str, table_arn: str) -> ITable:
        """A table that exists already, by ARN (``arn:...:glue:...:table/DATABASE/TABLE``);
        its database is imported from the same account and region."""
        if is_unresolved(table_arn):
            # CloudFormation splits it: '...:table/<database>/<table>'.
            resource = Fn.split("/", Fn.select(5, Fn.split(":", table_arn)))
            database_name = Fn.select(1, resource)
            table_name = Fn.select(2, resource)
            database_arn = glue_arn(scope, GlueArnResource.DATABASE, database_name)
        else:
            names = glue_arn_name(scope, id, table_arn, GlueArnResource.TABLE)
            database_name, _, table_name = names.partition("/")
            raise_if_problems(
                child_path(scope, id),
                []
                if database_name and table_name and "/" not in table_name
                else [
                    f"table_arn {table_arn!r} must end in ':table/<database>/<table>', e.g. "
                    "'arn:aws:glue:us-east-1:123456789012:table/shop/orders'"
                ],
            )
            database_arn = table_arn.rsplit(":", 1)[0] + f":database/{database_name}"
        database = glue.Database.from_database_arn(scope, f"{id}Database", database_arn)
        return cls.from_table_attributes(
            scope, id, database=database, table_name=table_name, table_arn=table_arn
        )

    # ---- build steps, in the order __init__ takes them --------------------------------

    def _check_types(
        self,
        fmt: object,
        columns: object,
        partition_keys: object,
        partition_indexes: object,
        projection: object,
    ) -> None:
        require_types(
            self,
            {
                "format": (fmt, TableFormat),
                "columns": (columns, (list, tuple)),
                "partition_keys": (partition_keys, (list, tuple)),
                "partition_indexes": (partition_indexes, (list, tuple)),
                "partition_projection": (projection, (dict, Mapping, None)),
            },
        )

    def _name_problems(
        self, table_name: str | None, prefix: str, description: str | None
    ) -> list[str]:
        problems = []
        if table_name is not None and not (
            isinstance(table_name, str) and CATALOG_NAME.match(table_name)
        ):
            problems.append(
                f"table_name {table_name!r} must be 1-{NAME_MAX} lowercase letters, digits "
                "or '_' (what Athena and Glue both accept), e.g. 'clicks'"
            )
        prefix_problems = s3_prefix_problems(prefix, "prefix")
        problems += prefix_problems
        if (
            not prefix_problems
            and prefix
            and not is_unresolved(prefix)
            and not prefix.endswith("/")
        ):
            # The grants reach '<prefix>*': without the '/', 'raw/clicks' also reaches
            # 'raw/clicks_old/'.
            problems.append(f"prefix {prefix!r} must end with '/', e.g. {prefix + '/'!r}")
        return problems + description_problems(description)

    def _build(
        self,
        fmt: TableFormat,
        *,
        columns: Sequence[glue.Column],
        partition_keys: Sequence[glue.Column],
        partition_indexes: Sequence[glue.PartitionIndex],
        projection: dict[str, Projection],
        location_template: str | None,
        table_name: str | None,
        description: str | None,
        parameters: Mapping[str, str] | None,
    ) -> glue.S3Table:
        table_parameters = {**fmt.table_parameters, **(parameters or {})}
        if fmt.compressed:
            # Choice: the codec's name as awswrangler writes it (``compressionType``);
            # for text formats readers also need ``Compressed``, set below.
            table_parameters["compressionType"] = fmt.compression
        if location_template is not None:
            table_parameters["storage.location.template"] = (
                self.data_location.url() + location_template
            )
        table = glue.S3Table(
            self,
            "Resource",
            database=self.database,
            table_name=table_name,
            description=description,
            columns=list(columns),
            partition_keys=list(partition_keys) or None,
            partition_indexes=list(partition_indexes) or None,
            partition_projection={k: p.render() for k, p in projection.items()} or None,
            data_format=fmt.data_format,
            compressed=fmt.compressed,
            storage=glue.S3TableStorage.from_bucket(self.data_location.bucket),
            s3_prefix=self.data_location.prefix or None,
            # Choice: has_encrypted_data is for client-side (CSE-KMS) data, which glueforge
            # never writes; its buckets encrypt server side, which S3 undoes transparently.
            has_encrypted_data=False,
            parameters=table_parameters or None,
        )
        cfn = table.node.default_child
        if fmt.serde_parameters:
            cfn.add_property_override(
                "TableInput.StorageDescriptor.SerdeInfo.Parameters", dict(fmt.serde_parameters)
            )
        if partition_indexes:
            _acknowledge_index_provider(table)
        if not partition_keys:
            # "When you create a table used by Amazon Athena, and you do not specify any
            # partitionKeys, you must at least set the value of partitionKeys to an empty
            # list" (Glue API, Table structure).
            cfn.add_property_override("TableInput.PartitionKeys", [])
        return table


# aws-cdk-lib's one-per-stack provider of ``Custom::GluePartitionIndex`` (CloudFormation
# has no partition index property or resource: facts19 §1.1), created by S3Table.
PARTITION_INDEX_PROVIDER_ID = "@aws-cdk--aws-glue-alpha.PartitionIndexProvider"


def _acknowledge_index_provider(table: glue.S3Table) -> None:
    """Acknowledge, on aws-cdk-lib's partition index provider only, what cdk-nag reports
    about its custom resource framework (which S3Table does not let callers configure)."""
    stack = Stack.of(table)
    provider = stack.node.try_find_child(PARTITION_INDEX_PROVIDER_ID)
    if provider is None:
        return
    # The framework's roles may invoke each function of the provider and its versions:
    # cdk-nag reports each '<function ARN>:*' as its own IAM5 finding.
    invoke = {
        f"AwsSolutions-IAM5[Resource::<{stack.get_logical_id(c)}.Arn>:*]": (
            "aws-cdk-lib's custom resource framework invokes its own handler functions "
            "and their versions ('<function ARN>:*'), nothing else."
        )
        for c in provider.node.find_all()
        if isinstance(c, lambda_.CfnFunction)
    }
    acknowledge_all(
        provider,
        {
            **invoke,
            LAMBDA_BASIC_EXECUTION_FINDING: (
                "aws-cdk-lib's partition index provider functions log with the AWS managed "
                "basic execution policy; they only write their own CloudWatch logs."
            ),
            "AwsSolutions-SF1": (
                "aws-cdk-lib's custom resource waiter only polls a partition index's state; "
                "S3Table does not expose its logging."
            ),
            "AwsSolutions-SF2": (
                "aws-cdk-lib's custom resource waiter only polls a partition index's state; "
                "S3Table does not expose its tracing."
            ),
        },
    )


def _parameter_problems(parameters: Mapping[str, str]) -> list[str]:
    problems = []
    for key, value in parameters.items():
        if key in MANAGED_PARAMETERS or key.startswith("projection."):
            problems.append(
                f"parameters[{key!r}] is set by glueforge from typed props (format, "
                "partition_projection, location_template); set it there"
            )
        elif not 1 <= len(key) <= NAME_MAX:
            problems.append(f"parameters key {key!r:.60} must be 1-{NAME_MAX} characters")
        elif not isinstance(value, str) or len(value) > PARAMETER_VALUE_MAX:
            problems.append(
                f"parameters[{key!r}] must be a string of at most {PARAMETER_VALUE_MAX} "
                f"characters, got {type(value).__name__}"
            )
    return problems


def _projection_problems(
    projection: dict[str, Projection],
    location_template: str | None,
    partition_keys: Sequence[glue.Column],
) -> list[str]:
    if not projection and location_template is None:
        return []
    types = {c.name: c.type.input_string for c in partition_keys if isinstance(c, glue.Column)}
    problems = []
    if not types:
        problems.append("partition_projection and location_template need partition_keys")
        return problems
    strangers = sorted(set(projection) - set(types))
    if strangers:
        problems.append(
            f"partition_projection names {strangers}, which are not partition keys "
            f"({sorted(types)}); project partition keys only"
        )
    missing = [k for k in types if k not in projection]
    if projection and missing:
        # Athena: "... is configured for partition projection, but the following
        # partition columns are missing projection configuration" (setting-up page).
        problems.append(
            f"partition keys {missing} have no projection; with projection on, Athena "
            "needs one for every partition key"
        )
    if location_template is not None and not projection:
        problems.append("location_template is read only with partition_projection; add it")
    for key, one in projection.items():
        if not isinstance(one, Projection):
            problems.append(
                f"partition_projection[{key!r}] must be an IntegerProjection, "
                f"DateProjection, EnumProjection or InjectedProjection, got {one!r:.60}"
            )
        elif key in types:
            problems += one.problems(key, types[key])
    if location_template is not None:
        if location_template.startswith(("/", "s3://")):
            problems.append(
                f"location_template {location_template!r} is relative to the table's "
                "location; drop the leading part, e.g. '${dt}/'"
            )
        problems += template_problems(location_template, list(types))
    return problems
