"""DynamoDBExport: a DynamoDB table as a Glue source through the export connector.

Glue's export connector (``dynamodb.export = "ddb"``) asks DynamoDB for a point-in-time
export to S3 and reads that, so a job consumes none of the table's read capacity. This
construct makes the export possible (point-in-time recovery, an export bucket), grants a
job's role exactly what the export needs, and produces the connection options a job
passes to ``create_dynamic_frame.from_options(connection_type="dynamodb", ...)``.
:meth:`DynamoDBExport.from_past_export` reads an export made before
(``dynamodb.export = "s3"``) and starts none. Option names are those of the AWS Glue
developer guide, "DynamoDB connections", connection option reference
(https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-dynamodb-home.html).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import jsii
from aws_cdk import Duration, Token
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct, IValidation

from glueforge.core.errors import raise_if_problems, require_types
from glueforge.core.locations import s3_prefix_problems
from glueforge.iam.actions import (
    ASSUME_ROLE_ACTIONS,
    DYNAMODB_EXPORT_ACTIONS,
    DYNAMODB_EXPORT_DESCRIBE_ACTIONS,
    DYNAMODB_EXPORT_OBJECT_ACTIONS,
    KEY_READ_ACTIONS,
    KEY_READ_WRITE_ACTIONS,
)
from glueforge.iam.grants import grant_s3_prefix_read
from glueforge.iam.suppressions import acknowledge_resource_wildcards
from glueforge.security.buckets import SecureBucket

IAM_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")


class DynamoDBExportBase(Construct):
    """What a job needs of an export, new or past: its connection options and grants.

    A :class:`~glueforge.jobs.specs.DynamoDBExportSource` reads any of them. The
    attributes are those of the constructor that made it.
    """

    #: ``dynamodb.export``: ``ddb`` makes a new export each run, ``s3`` reads a past one
    export_mode: str
    table: dynamodb.ITable
    bucket: s3.IBucket
    prefix: str
    bucket_owner: str | None
    sts_role_arn: str | None
    unnest_ddb_json: bool
    simplify_ddb_json: bool

    def _set_options(
        self,
        *,
        table: dynamodb.ITable,
        prefix: str,
        bucket_owner: str | None,
        sts_role_arn: str | None,
        unnest_ddb_json: bool,
        simplify_ddb_json: bool | None,
    ) -> None:
        self.table = table
        self.prefix = prefix
        self.bucket_owner = bucket_owner
        self.sts_role_arn = sts_role_arn
        self.unnest_ddb_json = unnest_ddb_json
        self.simplify_ddb_json = (
            not unnest_ddb_json if simplify_ddb_json is None else simplify_ddb_json
        )

    def connection_options(self) -> dict[str, str]:
        """The exact ``connection_options`` of the export connector.

        Values can be CloudFormation tokens (the table ARN, a generated bucket name): a
        token must never be rendered into a job script. Use :meth:`static_options` for
        what a script may contain and :meth:`deploy_time_options` for what a job passes as
        ``--arguments`` and reads back with ``getResolvedOptions``.
        """
        options = {
            "dynamodb.export": self.export_mode,
            "dynamodb.tableArn": self.table.table_arn,
            "dynamodb.s3.bucket": self.bucket.bucket_name,
            "dynamodb.s3.prefix": self.prefix,
        }
        if self.bucket_owner is not None:
            options["dynamodb.s3.bucketOwner"] = self.bucket_owner
        if self.unnest_ddb_json:
            options["dynamodb.unnestDDBJson"] = "true"
        if self.simplify_ddb_json:
            options["dynamodb.simplifyDDBJson"] = "true"
        if self.sts_role_arn is not None:
            options["dynamodb.sts.roleArn"] = self.sts_role_arn
        return options

    def static_options(self) -> dict[str, str]:
        """The options known at synth time: safe to render into a script."""
        return {k: v for k, v in self.connection_options().items() if not Token.is_unresolved(v)}

    def deploy_time_options(self) -> dict[str, str]:
        """The options whose values exist only at deploy time (tokens): pass as job arguments."""
        return {k: v for k, v in self.connection_options().items() if Token.is_unresolved(v)}

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """What a job's role needs to read through the connector."""
        raise NotImplementedError


class DynamoDBExport(DynamoDBExportBase):
    """The export-connector source for ``table``.

    :param table: the table to read. An ``aws_dynamodb.Table`` of this app gets
        point-in-time recovery turned on (a table that explicitly disables it is an
        error); any other ``ITable`` needs ``point_in_time_recovery_confirmed=True``.
    :param point_in_time_recovery_confirmed: you confirm that PITR is on for an imported
        table, which glueforge cannot see. Default: ``False``.
    :param bucket: where DynamoDB writes the exports. Default: a new
        :class:`~glueforge.SecureBucket` whose exports expire after ``export_retention``.
    :param prefix: the key prefix of the exports; ends with ``/``. Default:
        ``dynamodb-exports/<construct id>/``.
    :param export_retention: how long a created bucket keeps an export. Every job run
        makes a new one. Default: 7 days. Only for the created bucket.
    :param bucket_owner: the account id owning ``bucket``, for a bucket in another
        account (``dynamodb.s3.bucketOwner``). Default: not set (same account).
    :param sts_role_arn: a role Glue assumes to reach a table (and its export location) in
        another account or region (``dynamodb.sts.roleArn``). Default: none.
    :param unnest_ddb_json: unnest the DynamoDB JSON of the export (``dynamodb.unnestDDBJson``).
        Default: ``False``.
    :param simplify_ddb_json: simplify the DynamoDB JSON (``dynamodb.simplifyDDBJson``,
        Glue 3.0+). Default: ``True`` unless ``unnest_ddb_json`` is set; never both.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        table: dynamodb.ITable,
        point_in_time_recovery_confirmed: bool = False,
        bucket: s3.IBucket | None = None,
        prefix: str | None = None,
        export_retention: Duration | None = None,
        bucket_owner: str | None = None,
        sts_role_arn: str | None = None,
        unnest_ddb_json: bool = False,
        simplify_ddb_json: bool | None = None,
    ) -> None:
        super().__init__(scope, id)
        require_types(
            self,
            {
                "prefix": (prefix, (str, None)),
                "bucket_owner": (bucket_owner, (str, None)),
                "sts_role_arn": (sts_role_arn, (str, None)),
                "export_retention": (export_retention, (Duration, None)),
                "unnest_ddb_json": (unnest_ddb_json, bool),
                "simplify_ddb_json": (simplify_ddb_json, (bool, None)),
            },
        )
        _require_table(self, table)
        prefix = prefix if prefix is not None else f"dynamodb-exports/{id}/"
        raise_if_problems(
            self,
            _prefix_problems(prefix)
            + _option_problems(
                bucket=bucket,
                export_retention=export_retention,
                bucket_owner=bucket_owner,
                sts_role_arn=sts_role_arn,
                unnest_ddb_json=unnest_ddb_json,
                simplify_ddb_json=simplify_ddb_json,
            )
            + _enforce_point_in_time_recovery(table, point_in_time_recovery_confirmed),
        )
        self.export_mode = "ddb"
        self._set_options(
            table=table,
            prefix=prefix,
            bucket_owner=bucket_owner,
            sts_role_arn=sts_role_arn,
            unnest_ddb_json=unnest_ddb_json,
            simplify_ddb_json=simplify_ddb_json,
        )
        self.bucket = bucket or self._create_bucket(prefix, export_retention)
        if isinstance(table, dynamodb.Table):
            self.node.add_validation(_PitrStillEnabled(table))

    @classmethod
    def from_past_export(
        cls,
        scope: Construct,
        id: str,
        *,
        table: dynamodb.ITable,
        bucket: s3.IBucket,
        prefix: str,
        bucket_owner: str | None = None,
        sts_role_arn: str | None = None,
        unnest_ddb_json: bool = False,
        simplify_ddb_json: bool | None = None,
    ) -> DynamoDBExportBase:
        """Read an export made before, without starting a new one (``dynamodb.export = s3``).

        The Glue page: "skips the creation of a new DynamoDB export and instead uses the
        ``dynamodb.s3.bucket`` and ``dynamodb.s3.prefix`` as the Amazon S3 location of a
        past export of that table". Each run reads the same export again.

        :param table: the table the export was made of (``dynamodb.tableArn``, required by
            Glue); an imported ``ITable`` is enough. Point-in-time recovery is not needed.
        :param bucket: the bucket holding the export.
        :param prefix: where the export lies: its own folder
            (``<export prefix>AWSDynamoDB/<export id>/``); ends with ``/``. The job's role
            may read under this prefix only.
        :param bucket_owner: the account id owning ``bucket``
            (``dynamodb.s3.bucketOwner``). Default: not set (same account).
        :param sts_role_arn: a role Glue assumes to reach the export location
            (``dynamodb.sts.roleArn``). Default: none.
        :param unnest_ddb_json: as for a new export. Default: ``False``.
        :param simplify_ddb_json: as for a new export. Default: ``True`` unless
            ``unnest_ddb_json`` is set; never both.
        """
        return _PastDynamoDBExport(
            scope,
            id,
            table=table,
            bucket=bucket,
            prefix=prefix,
            bucket_owner=bucket_owner,
            sts_role_arn=sts_role_arn,
            unnest_ddb_json=unnest_ddb_json,
            simplify_ddb_json=simplify_ddb_json,
        )

    def _create_bucket(self, prefix: str, export_retention: Duration | None) -> s3.IBucket:
        """A secure bucket whose exports expire: every job run makes a new one."""
        return SecureBucket(
            self,
            "Bucket",
            # An expired export is meant to be gone: as an old version it would cost a
            # second retention period of storage (the bucket is versioned like all others).
            noncurrent_version_expiration=Duration.days(1),
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="ExpireOldExports",
                    prefix=prefix,
                    expiration=export_retention or Duration.days(7),
                    abort_incomplete_multipart_upload_after=Duration.days(1),
                )
            ],
        )

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """What a job's role needs to export the table and read the export.

        dynamodb:ExportTableToPointInTime and DescribeTable on the table,
        dynamodb:DescribeExport on ``<table arn>/export/*``, S3 write/read on the export
        prefix and list of the bucket limited to that prefix, kms:Decrypt and
        GenerateDataKey on the bucket's key, kms:Decrypt on the table's key, and
        sts:AssumeRole on ``sts_role_arn``.
        """
        table_arn = self.table.table_arn
        grant = _allow(grantee, DYNAMODB_EXPORT_ACTIONS, [table_arn])
        grant = grant.combine(
            _allow(grantee, DYNAMODB_EXPORT_DESCRIBE_ACTIONS, [f"{table_arn}/export/*"])
        )
        grant = grant.combine(
            _allow(
                grantee,
                DYNAMODB_EXPORT_OBJECT_ACTIONS,
                [self.bucket.arn_for_objects(f"{self.prefix}*")],
            )
        )
        grant = grant.combine(
            _allow(
                grantee,
                ["s3:ListBucket"],
                [self.bucket.bucket_arn],
                conditions={"StringLike": {"s3:prefix": [f"{self.prefix}*"]}},
            )
        )
        if self.bucket.encryption_key is not None:
            grant = grant.combine(
                _allow(
                    grantee,
                    KEY_READ_WRITE_ACTIONS,
                    [self.bucket.encryption_key.key_arn],
                )
            )
        if self.table.encryption_key is not None:
            grant = grant.combine(
                _allow(grantee, KEY_READ_ACTIONS, [self.table.encryption_key.key_arn])
            )
        if self.sts_role_arn is not None:
            grant = grant.combine(_allow(grantee, ASSUME_ROLE_ACTIONS, [self.sts_role_arn]))
        self._acknowledge_wildcards(grantee, table_arn)
        return grant

    def _acknowledge_wildcards(self, grantee: iam.IGrantable, table_arn: str) -> None:
        # Written once the stack's references are final, so a table or bucket of another
        # stack is named as the finding names it (its export, its nested-stack output).
        acknowledge_resource_wildcards(
            grantee,
            [f"{table_arn}/export/*"],
            "DynamoDB names each export at run time; DescribeExport is limited to the "
            "exports of this one table.",
        )
        acknowledge_resource_wildcards(
            grantee,
            [self.bucket.arn_for_objects(f"{self.prefix}*")],
            "Each export writes objects with run-time names; access is limited to this "
            "export's own prefix.",
        )


class _PastDynamoDBExport(DynamoDBExportBase):
    """A past export: see :meth:`DynamoDBExport.from_past_export`."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        table: dynamodb.ITable,
        bucket: s3.IBucket,
        prefix: str,
        bucket_owner: str | None,
        sts_role_arn: str | None,
        unnest_ddb_json: bool,
        simplify_ddb_json: bool | None,
    ) -> None:
        super().__init__(scope, id)
        require_types(
            self,
            {
                "prefix": (prefix, str),
                "bucket_owner": (bucket_owner, (str, None)),
                "sts_role_arn": (sts_role_arn, (str, None)),
                "unnest_ddb_json": (unnest_ddb_json, bool),
                "simplify_ddb_json": (simplify_ddb_json, (bool, None)),
            },
        )
        _require_table(self, table)
        # jsii interfaces are not runtime-checkable: look for what an IBucket has.
        if not isinstance(getattr(bucket, "bucket_name", None), str):
            raise TypeError(
                f"{self.node.path}: bucket must be an aws_s3.IBucket, got {type(bucket).__name__}"
            )
        raise_if_problems(
            self,
            _prefix_problems(prefix)
            + _option_problems(
                bucket=bucket,
                export_retention=None,
                bucket_owner=bucket_owner,
                sts_role_arn=sts_role_arn,
                unnest_ddb_json=unnest_ddb_json,
                simplify_ddb_json=simplify_ddb_json,
            ),
        )
        self.export_mode = "s3"
        self.bucket = bucket
        self._set_options(
            table=table,
            prefix=prefix,
            bucket_owner=bucket_owner,
            sts_role_arn=sts_role_arn,
            unnest_ddb_json=unnest_ddb_json,
            simplify_ddb_json=simplify_ddb_json,
        )

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """What a job's role needs to read the past export: nothing of the table.

        Object read under ``prefix`` and the listing of that prefix only, kms:Decrypt on
        the bucket's key, and sts:AssumeRole on ``sts_role_arn``. No DynamoDB action:
        Glue starts no export (no dynamodb:ExportTableToPointInTime, no DescribeExport)
        and reads the files from S3.
        """
        grant = grant_s3_prefix_read(grantee, self.bucket, self.prefix)
        if self.sts_role_arn is not None:
            grant = grant.combine(_allow(grantee, ASSUME_ROLE_ACTIONS, [self.sts_role_arn]))
        return grant


def _require_table(scope: Construct, table: object) -> None:
    # jsii interfaces are not runtime-checkable: look for what an ITable has.
    if not isinstance(getattr(table, "table_name", None), str):
        raise TypeError(
            f"{scope.node.path}: table must be an aws_dynamodb.ITable, got {type(table).__name__}"
        )


def _allow(
    grantee: iam.IGrantable,
    actions: Sequence[str],
    resources: Sequence[str],
    conditions: dict | None = None,
) -> iam.Grant:
    return iam.Grant.add_to_principal(
        grantee=grantee,
        actions=list(actions),
        resource_arns=list(resources),
        conditions=conditions,
    )


def _option_problems(
    *,
    bucket: s3.IBucket | None,
    export_retention: Duration | None,
    bucket_owner: str | None,
    sts_role_arn: str | None,
    unnest_ddb_json: bool,
    simplify_ddb_json: bool | None,
) -> list[str]:
    problems = []
    if (
        sts_role_arn is not None
        and not Token.is_unresolved(sts_role_arn)
        and not IAM_ROLE_ARN.match(sts_role_arn)
    ):
        problems.append(
            f"sts_role_arn {sts_role_arn!r} is not an IAM role ARN; expected e.g. "
            "'arn:aws:iam::123456789012:role/export-reader'"
        )
    if unnest_ddb_json and simplify_ddb_json:
        problems.append(
            "unnest_ddb_json and simplify_ddb_json are both set; Glue allows one of them: "
            "prefer simplify_ddb_json on Glue 3.0 and later"
        )
    if (
        bucket_owner is not None
        and not Token.is_unresolved(bucket_owner)
        and not (bucket_owner.isdigit() and len(bucket_owner) == 12)
    ):
        problems.append(f"bucket_owner {bucket_owner!r} must be a 12-digit AWS account id")
    if bucket is not None and export_retention is not None:
        problems.append(
            "export_retention applies only to the bucket DynamoDBExport creates; set a "
            "lifecycle rule on your own bucket instead"
        )
    return problems


def _prefix_problems(prefix: str) -> list[str]:
    if not prefix or prefix.startswith("/") or not prefix.endswith("/"):
        return [
            f"prefix {prefix!r} must be non-empty, not start with '/' and end with '/'; "
            "expected e.g. 'dynamodb-exports/customers/'"
        ]
    return s3_prefix_problems(prefix, "prefix")


def _pitr_setting(table: dynamodb.Table) -> bool | None:
    """True/False where the table says, None where it says nothing (or a token)."""
    spec = table.node.default_child.point_in_time_recovery_specification  # type: ignore[union-attr]
    enabled = getattr(spec, "point_in_time_recovery_enabled", None)
    return enabled if isinstance(enabled, bool) else None


def _enforce_point_in_time_recovery(table: dynamodb.ITable, confirmed: bool) -> list[str]:
    if not isinstance(table, dynamodb.Table):
        if confirmed:
            return []
        return [
            f"table {table.node.path} is not an aws_dynamodb.Table of this app (it is imported "
            "or a TableV2), so glueforge cannot turn on point-in-time recovery, which the "
            "export connector needs; enable PITR on it and pass "
            "point_in_time_recovery_confirmed=True"
        ]
    setting = _pitr_setting(table)
    if setting is False:
        return [
            f"table {table.node.path} disables point-in-time recovery, which the export "
            "connector needs; set point_in_time_recovery_specification="
            "PointInTimeRecoverySpecification(point_in_time_recovery_enabled=True)"
        ]
    if setting is None:
        table.node.default_child.point_in_time_recovery_specification = (  # type: ignore[union-attr]
            dynamodb.CfnTable.PointInTimeRecoverySpecificationProperty(
                point_in_time_recovery_enabled=True
            )
        )
    return []


@jsii.implements(IValidation)
class _PitrStillEnabled:
    """Fails synth if the table's PITR is turned off after the export was declared."""

    def __init__(self, table: dynamodb.Table) -> None:
        self.table = table

    def validate(self) -> list[str]:
        if _pitr_setting(self.table) is False:
            return [
                f"table {self.table.node.path} disables point-in-time recovery after "
                "DynamoDBExport turned it on; the export connector needs it"
            ]
        return []
