"""TableOptimizer: AWS::Glue::TableOptimizer per kind, and its least-privilege role.

The expected role statements are written by hand from AWS's "Table optimization
prerequisites" page (https://docs.aws.amazon.com/glue/latest/dg/optimization-prerequisites.html):
``s3:PutObject, s3:GetObject, s3:DeleteObject`` on the objects, ``s3:ListBucket`` on the
bucket, ``glue:UpdateTable, glue:GetTable`` on the table, database and catalog, and
``logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents`` on
``/aws-glue/iceberg-<kind>/logs:*``; the orphan file deletion optimizer "doesn't require the
glue:updateTable or s3:putObject permissions". glueforge narrows the objects to the
table's prefix and the listing to it (s3:prefix), and adds the bucket's key.
"""

from __future__ import annotations

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from glueforge import GlueforgeValidationError, SecureBucket
from glueforge.catalog.iceberg import IcebergField, IcebergTable
from glueforge.catalog.optimizer import CompactionStrategy, OptimizerKind, TableOptimizer
from tests.conftest import assert_clean
from tests.helpers.iam import arn, logical_id, policy_statements


def _table(stack, *, bucket=None):
    return IcebergTable(
        stack,
        "Orders",
        database=glue.Database(stack, "Shop", database_name="shop"),
        bucket=bucket or SecureBucket(stack, "Lake"),
        prefix="curated/orders/",
        table_name="orders",
        columns=[IcebergField("order_id", "long", required=True)],
    )


def _expected_statements(template, log_group, *, orphan=False):
    bucket_id = logical_id(template, "AWS::S3::Bucket", "Lake")
    database_id = logical_id(template, "AWS::Glue::Database", "Shop")
    key_id = logical_id(template, "AWS::KMS::Key", "LakeKey")
    bucket_arn = {"Fn::GetAtt": [bucket_id, "Arn"]}
    return [
        {
            "Action": ["s3:GetObject", "s3:DeleteObject"]
            if orphan
            else ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
            "Effect": "Allow",
            "Resource": {"Fn::Join": ["", [bucket_arn, "/curated/orders/*"]]},
        },
        {
            "Action": "s3:ListBucket",
            "Condition": {"StringLike": {"s3:prefix": ["curated/orders/", "curated/orders/*"]}},
            "Effect": "Allow",
            "Resource": bucket_arn,
        },
        {
            "Action": "glue:GetTable" if orphan else ["glue:UpdateTable", "glue:GetTable"],
            "Effect": "Allow",
            "Resource": [
                arn("glue", ":catalog"),
                arn("glue", ":database/", {"Ref": database_id}),
                arn("glue", ":table/", {"Ref": database_id}, "/orders"),
            ],
        },
        {
            "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            "Effect": "Allow",
            "Resource": arn("logs", f":log-group:{log_group}:*"),
        },
        # Not on the page: the objects of a bucket encrypted with SSE-KMS need its key.
        {
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [key_id, "Arn"]},
        },
    ]


def _optimizer(template):
    [(key, resource)] = [
        (k, r) for k, r in template["Resources"].items() if r["Type"] == "AWS::Glue::TableOptimizer"
    ]
    return key, resource


def test_compaction_with_its_derived_role(stack, synth):
    table = _table(stack)
    TableOptimizer(
        stack,
        "Compaction",
        table=table,
        kind=OptimizerKind.COMPACTION,
        strategy=CompactionStrategy.BINPACK,
        min_input_files=50,
        delete_file_threshold=10,
    )
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    database_id = logical_id(template, "AWS::Glue::Database", "Shop")
    role_id = logical_id(template, "AWS::IAM::Role", "CompactionRole")
    _, optimizer = _optimizer(template)
    assert optimizer["Properties"] == {
        "CatalogId": {"Ref": "AWS::AccountId"},
        "DatabaseName": {"Ref": database_id},
        "TableName": "orders",
        "Type": "compaction",
        "TableOptimizerConfiguration": {
            "Enabled": True,
            "RoleArn": {"Fn::GetAtt": [role_id, "Arn"]},
            "CompactionConfiguration": {
                "IcebergConfiguration": {
                    "Strategy": "binpack",
                    "MinInputFiles": 50,
                    "DeleteFileThreshold": 10,
                }
            },
        },
    }
    # The role's policy and the table exist before Glue checks them.
    table_id = logical_id(template, "AWS::Glue::Table", "Orders")
    policy_id = logical_id(template, "AWS::IAM::Policy", "CompactionRoleDefaultPolicy")
    assert set(optimizer["DependsOn"]) == {policy_id, table_id}
    role = template["Resources"][role_id]["Properties"]
    assert role["AssumeRolePolicyDocument"]["Statement"] == [
        {
            "Action": "sts:AssumeRole",
            "Effect": "Allow",
            "Principal": {"Service": "glue.amazonaws.com"},
        }
    ]
    assert policy_statements(template, role_id) == _expected_statements(
        template, "/aws-glue/iceberg-compaction/logs"
    )


def test_snapshot_retention(stack, synth):
    TableOptimizer(
        stack,
        "Retention",
        table=_table(stack),
        kind=OptimizerKind.SNAPSHOT_RETENTION,
        snapshot_retention_days=7,
        snapshots_to_retain=3,
        clean_expired_files=True,
    )
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    _, optimizer = _optimizer(template)
    configuration = optimizer["Properties"]["TableOptimizerConfiguration"]
    assert optimizer["Properties"]["Type"] == "retention"
    assert configuration["RetentionConfiguration"] == {
        "IcebergConfiguration": {
            "SnapshotRetentionPeriodInDays": 7,
            "NumberOfSnapshotsToRetain": 3,
            "CleanExpiredFiles": True,
        }
    }
    role_id = logical_id(template, "AWS::IAM::Role", "RetentionRole")
    assert policy_statements(template, role_id) == _expected_statements(
        template, "/aws-glue/iceberg-retention/logs"
    )


def test_orphan_file_deletion_needs_no_update_table_or_put_object(stack, synth):
    TableOptimizer(
        stack,
        "Orphans",
        table=_table(stack),
        kind=OptimizerKind.ORPHAN_FILE_DELETION,
        orphan_retention_days=3,
        orphan_location_prefix="curated/orders/data/",
    )
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    bucket_id = logical_id(template, "AWS::S3::Bucket", "Lake")
    _, optimizer = _optimizer(template)
    assert optimizer["Properties"]["Type"] == "orphan_file_deletion"
    assert optimizer["Properties"]["TableOptimizerConfiguration"][
        "OrphanFileDeletionConfiguration"
    ] == {
        "IcebergConfiguration": {
            "OrphanFileRetentionPeriodInDays": 3,
            "Location": {"Fn::Join": ["", ["s3://", {"Ref": bucket_id}, "/curated/orders/data/"]]},
        }
    }
    role_id = logical_id(template, "AWS::IAM::Role", "OrphansRole")
    assert policy_statements(template, role_id) == _expected_statements(
        template, "/aws-glue/iceberg-orphan-file-deletion/logs", orphan=True
    )


def test_glue_defaults_render_no_configuration_block(stack):
    optimizer = TableOptimizer(
        stack, "Compaction", table=_table(stack), kind=OptimizerKind.COMPACTION, enabled=False
    )
    configuration = stack.resolve(optimizer.resource.table_optimizer_configuration)
    assert set(configuration) == {"enabled", "roleArn"} and configuration["enabled"] is False


def test_a_given_role_is_used_and_granted(stack, synth):
    role = iam.Role(stack, "Mine", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    TableOptimizer(
        stack, "Compaction", table=_table(stack), kind=OptimizerKind.COMPACTION, role=role
    )
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    role_id = logical_id(template, "AWS::IAM::Role", "Mine")
    _, optimizer = _optimizer(template)
    assert optimizer["Properties"]["TableOptimizerConfiguration"]["RoleArn"] == {
        "Fn::GetAtt": [role_id, "Arn"]
    }
    assert [r for r in template["Resources"] if r.startswith("CompactionRole")] == []
    assert policy_statements(template, role_id) == _expected_statements(
        template, "/aws-glue/iceberg-compaction/logs"
    )


def test_a_bucket_without_a_key_gets_no_key_statement(stack):
    bucket = s3.Bucket(stack, "Plain", enforce_ssl=True)
    optimizer = TableOptimizer(
        stack, "Compaction", table=_table(stack, bucket=bucket), kind=OptimizerKind.COMPACTION
    )
    template = stack.resolve(optimizer.role.node.find_child("DefaultPolicy").document)
    assert not [s for s in template["Statement"] if "kms:Decrypt" in s["Action"]]


@pytest.mark.parametrize(
    ("kind", "props", "problem"),
    [
        (
            OptimizerKind.COMPACTION,
            {"snapshot_retention_days": 5},
            "snapshot_retention_days set a SNAPSHOT_RETENTION optimizer; this one is COMPACTION "
            "(it takes strategy, min_input_files, delete_file_threshold)",
        ),
        (
            OptimizerKind.SNAPSHOT_RETENTION,
            {"snapshots_to_retain": 0},
            "snapshots_to_retain must be a positive whole number, got 0",
        ),
        (
            OptimizerKind.ORPHAN_FILE_DELETION,
            {"orphan_location_prefix": "raw/"},
            "orphan_location_prefix 'raw/' must lie under the table's prefix 'curated/orders/'; "
            "expected e.g. 'curated/orders/data/'",
        ),
        (
            OptimizerKind.COMPACTION,
            {"strategy": "binpack"},
            "strategy 'binpack' must be a CompactionStrategy",
        ),
        (
            OptimizerKind.COMPACTION,
            {"expected_dpu_hours_per_month": 0},
            "expected_dpu_hours_per_month must be a positive number, got 0",
        ),
    ],
)
def test_each_bad_setting_is_named(kind, props, problem):
    stack = Stack(App(), "DataLake")
    with pytest.raises(GlueforgeValidationError) as caught:
        TableOptimizer(stack, "Optimizer", table=_table(stack), kind=kind, **props)
    assert caught.value.path == "DataLake/Optimizer"
    assert caught.value.problems == [problem]


def test_an_uppercase_imported_table_name_is_refused():
    stack = Stack(App(), "DataLake")
    table = IcebergTable.from_iceberg_table_attributes(
        stack,
        "Orders",
        database=glue.Database(stack, "Shop", database_name="shop"),
        table_name="Orders",
        bucket=s3.Bucket.from_bucket_name(stack, "B", "lake"),
        prefix="orders/",
    )
    with pytest.raises(GlueforgeValidationError) as caught:
        TableOptimizer(stack, "Optimizer", table=table, kind=OptimizerKind.COMPACTION)
    assert caught.value.problems == [
        "table 'Orders': an optimizer's table name must be entirely lowercase; expected 'orders'"
    ]


def test_compaction_refuses_what_glue_cannot_compact():
    stack = Stack(App(), "DataLake")
    table = IcebergTable(
        stack,
        "Orders",
        database=glue.Database(stack, "Shop", database_name="shop"),
        bucket=SecureBucket(stack, "Lake"),
        prefix="orders/",
        table_name="orders",
        columns=[IcebergField("id", "long"), IcebergField("hash", "fixed[16]")],
        properties={"write.format.default": "avro"},
    )
    with pytest.raises(GlueforgeValidationError) as caught:
        TableOptimizer(stack, "Compaction", table=table, kind=OptimizerKind.COMPACTION)
    assert caught.value.problems == [
        "compaction supports Parquet data files only; the table's write.format.default is 'avro'",
        "compaction does not support fixed columns; the table has hash",
    ]
    # Retention and orphan deletion have no such limits.
    TableOptimizer(stack, "Retention", table=table, kind=OptimizerKind.SNAPSHOT_RETENTION)


def test_a_table_and_its_optimizer_and_writer_across_two_stacks(synth, tmp_path):
    app = App(outdir=str(tmp_path / "cdk.out"))
    storage = Stack(app, "Storage")
    processing = Stack(app, "Processing")
    table = _table(storage)
    TableOptimizer(processing, "Compaction", table=table, kind=OptimizerKind.COMPACTION)
    writer = iam.Role(processing, "Writer", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    table.grant_write(writer)
    report = synth(app)
    assert_clean(report)
    template = report.templates["Processing"]
    _, optimizer = _optimizer(template)
    assert optimizer["Properties"]["TableName"] == "orders"
    # The database name crosses from the storage stack as an export.
    assert "Fn::ImportValue" in optimizer["Properties"]["DatabaseName"]
