"""DynamoDBExport: point-in-time recovery, export location, options and grants."""

import pytest
from aws_cdk import Duration, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

from glueforge import DynamoDBExport
from tests.conftest import assert_clean
from tests.helpers.network import only, validation_error

KEY = dynamodb.Attribute(name="customer_id", type=dynamodb.AttributeType.STRING)
IMPORTED_ARN = "arn:aws-cn:dynamodb:cn-north-1:111122223333:table/customers"


def _table(stack, **props):
    return dynamodb.Table(stack, "Customers", partition_key=KEY, **props)


def _pitr(template):
    return only(template.find_resources("AWS::DynamoDB::Table"))[1]["Properties"].get(
        "PointInTimeRecoverySpecification"
    )


def test_pitr_is_turned_on_for_an_owned_table(stack, synth):
    DynamoDBExport(stack, "CustomersExport", table=_table(stack))
    report = synth(stack)
    assert_clean(report)
    assert _pitr(report.template("Test")) == {"PointInTimeRecoveryEnabled": True}


def test_pitr_the_table_already_sets_is_kept(stack, synth):
    spec = dynamodb.PointInTimeRecoverySpecification(
        point_in_time_recovery_enabled=True, recovery_period_in_days=7
    )
    DynamoDBExport(stack, "Export", table=_table(stack, point_in_time_recovery_specification=spec))
    template = synth(stack, nag=False, cfn_lint=False).template("Test")
    assert _pitr(template) == {"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 7}


@pytest.mark.parametrize(
    "props",
    [
        {
            "point_in_time_recovery_specification": dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=False
            )
        },
        {"point_in_time_recovery": False},
    ],
    ids=["specification", "deprecated-flag"],
)
def test_an_owned_table_that_disables_pitr_fails(props):
    stack = Stack(None, "DataLake")
    table = _table(stack, **props)
    message = validation_error(lambda: DynamoDBExport(stack, "CustomersExport", table=table))
    assert message == (
        "DataLake/CustomersExport: table DataLake/Customers disables point-in-time recovery, "
        "which the export connector needs; set point_in_time_recovery_specification="
        "PointInTimeRecoverySpecification(point_in_time_recovery_enabled=True)"
    )


def test_disabling_pitr_after_the_export_fails_synth(stack):
    table = _table(stack)
    DynamoDBExport(stack, "CustomersExport", table=table)
    table.node.default_child.point_in_time_recovery_specification = (
        dynamodb.CfnTable.PointInTimeRecoverySpecificationProperty(
            point_in_time_recovery_enabled=False
        )
    )
    with pytest.raises(Exception, match="table Test/Customers disables point-in-time recovery"):
        stack.node.root.synth()


def test_an_imported_table_needs_the_confirmation_flag(stack, synth):
    table = dynamodb.Table.from_table_arn(stack, "Legacy", IMPORTED_ARN)
    message = validation_error(lambda: DynamoDBExport(stack, "LegacyExport", table=table))
    assert message == (
        "Test/LegacyExport: table Test/Legacy is not an aws_dynamodb.Table of this app (it "
        "is imported or a TableV2), so glueforge cannot turn on point-in-time recovery, which "
        "the export connector needs; enable PITR on it and pass "
        "point_in_time_recovery_confirmed=True"
    )
    export = DynamoDBExport(
        stack, "ConfirmedExport", table=table, point_in_time_recovery_confirmed=True
    )
    assert export.connection_options()["dynamodb.tableArn"] == IMPORTED_ARN


def test_created_bucket_expires_old_exports(stack, synth):
    DynamoDBExport(stack, "CustomersExport", table=_table(stack), export_retention=Duration.days(3))
    template = synth(stack, nag=False, cfn_lint=False).template("Test")
    buckets = template.find_resources("AWS::S3::Bucket")
    [export_bucket] = [b for k, b in buckets.items() if k.startswith("CustomersExportBucket")]
    props = export_bucket["Properties"]
    # SecureBucket adds its own rules (noncurrent versions, issue 17 section 6); this one
    # is the export's.
    assert {
        "Id": "ExpireOldExports",
        "Prefix": "dynamodb-exports/CustomersExport/",
        "ExpirationInDays": 3,
        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
        "Status": "Enabled",
    } in props["LifecycleConfiguration"]["Rules"]
    # An expired export is not kept a second period as an old version: one day.
    assert {
        "Id": "ExpireNoncurrentVersions",
        "NoncurrentVersionExpiration": {"NoncurrentDays": 1},
        "ExpiredObjectDeleteMarker": True,
        "Status": "Enabled",
    } in props["LifecycleConfiguration"]["Rules"]
    sse = props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert sse["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"


def test_connection_options_split_into_static_and_deploy_time(stack):
    table = _table(stack)
    export = DynamoDBExport(stack, "CustomersExport", table=table)
    options = stack.resolve(export.connection_options())
    bucket_id = stack.get_logical_id(export.bucket.node.default_child)
    table_id = stack.get_logical_id(table.node.default_child)
    assert options == {
        "dynamodb.export": "ddb",
        "dynamodb.tableArn": {"Fn::GetAtt": [table_id, "Arn"]},
        "dynamodb.s3.bucket": {"Ref": bucket_id},
        "dynamodb.s3.prefix": "dynamodb-exports/CustomersExport/",
        "dynamodb.simplifyDDBJson": "true",
    }
    assert export.static_options() == {
        "dynamodb.export": "ddb",
        "dynamodb.s3.prefix": "dynamodb-exports/CustomersExport/",
        "dynamodb.simplifyDDBJson": "true",
    }
    assert sorted(export.deploy_time_options()) == ["dynamodb.s3.bucket", "dynamodb.tableArn"]


def test_cross_account_options(stack, synth):
    table = dynamodb.Table.from_table_arn(stack, "Remote", IMPORTED_ARN)
    bucket = s3.Bucket.from_bucket_name(stack, "Landing", "shop-landing")
    role_arn = "arn:aws-cn:iam::111122223333:role/glue-export"
    export = DynamoDBExport(
        stack,
        "RemoteExport",
        table=table,
        point_in_time_recovery_confirmed=True,
        bucket=bucket,
        prefix="exports/customers/",
        bucket_owner="111122223333",
        sts_role_arn=role_arn,
        unnest_ddb_json=True,
    )
    assert export.connection_options() == {
        "dynamodb.export": "ddb",
        "dynamodb.tableArn": IMPORTED_ARN,
        "dynamodb.s3.bucket": "shop-landing",
        "dynamodb.s3.prefix": "exports/customers/",
        "dynamodb.s3.bucketOwner": "111122223333",
        "dynamodb.unnestDDBJson": "true",
        "dynamodb.sts.roleArn": role_arn,
    }
    assert export.deploy_time_options() == {}
    role = iam.Role(stack, "JobRole", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    export.grant_read(role)
    template = synth(stack, nag=False, cfn_lint=False).template("Test")
    template.resource_count_is("AWS::S3::Bucket", 0)
    statements = only(template.find_resources("AWS::IAM::Policy"))[1]["Properties"][
        "PolicyDocument"
    ]["Statement"]
    assert statements[-1] == {"Action": "sts:AssumeRole", "Effect": "Allow", "Resource": role_arn}


def test_grant_read_exact_statements(stack, synth):
    key = kms.Key(stack, "TableKey", enable_key_rotation=True)
    table = _table(stack, encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED, encryption_key=key)
    export = DynamoDBExport(stack, "CustomersExport", table=table)
    role = iam.Role(stack, "JobRole", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    assert export.grant_read(role).success
    report = synth(stack)
    assert_clean(report)
    template = report.template("Test")
    table_arn = stack.resolve(table.table_arn)
    bucket_arn = stack.resolve(export.bucket.bucket_arn)
    prefix = "dynamodb-exports/CustomersExport/"
    statements = only(template.find_resources("AWS::IAM::Policy"))[1]["Properties"][
        "PolicyDocument"
    ]["Statement"]
    assert statements == [
        {
            "Action": ["dynamodb:ExportTableToPointInTime", "dynamodb:DescribeTable"],
            "Effect": "Allow",
            "Resource": table_arn,
        },
        {
            "Action": "dynamodb:DescribeExport",
            "Effect": "Allow",
            "Resource": {"Fn::Join": ["", [table_arn, "/export/*"]]},
        },
        {
            "Action": [
                "s3:AbortMultipartUpload",
                "s3:GetObject",
                "s3:PutObject",
                "s3:PutObjectAcl",
            ],
            "Effect": "Allow",
            "Resource": {"Fn::Join": ["", [bucket_arn, f"/{prefix}*"]]},
        },
        {
            "Action": "s3:ListBucket",
            "Condition": {"StringLike": {"s3:prefix": [f"{prefix}*"]}},
            "Effect": "Allow",
            "Resource": bucket_arn,
        },
        {
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Effect": "Allow",
            "Resource": stack.resolve(export.bucket.encryption_key.key_arn),
        },
        {"Action": "kms:Decrypt", "Effect": "Allow", "Resource": stack.resolve(key.key_arn)},
    ]
    reasons = {a.rule: a.reason for a in report.acknowledged if a.location == "Test/JobRole"}
    table_id = stack.get_logical_id(table.node.default_child)
    assert f"AwsSolutions-IAM5[Resource::<{table_id}.Arn>/export/*]" in reasons


def test_both_json_shapes_is_anvalidation_error():
    stack = Stack(None, "DataLake")
    table = _table(stack)
    message = validation_error(
        lambda: DynamoDBExport(
            stack, "CustomersExport", table=table, unnest_ddb_json=True, simplify_ddb_json=True
        )
    )
    assert message == (
        "DataLake/CustomersExport: unnest_ddb_json and simplify_ddb_json are both set; Glue "
        "allows one of them: prefer simplify_ddb_json on Glue 3.0 and later"
    )


def test_neither_json_shape_when_simplify_is_switched_off(stack):
    export = DynamoDBExport(stack, "Raw", table=_table(stack), simplify_ddb_json=False)
    options = export.connection_options()
    assert "dynamodb.simplifyDDBJson" not in options
    assert "dynamodb.unnestDDBJson" not in options


def test_bad_location_props_are_reported_together():
    stack = Stack(None, "DataLake")
    table = _table(stack)
    bucket = s3.Bucket.from_bucket_name(stack, "Landing", "shop-landing")
    message = validation_error(
        lambda: DynamoDBExport(
            stack,
            "CustomersExport",
            table=table,
            bucket=bucket,
            prefix="/exports",
            bucket_owner="shop-prod",
            export_retention=Duration.days(3),
        )
    )
    assert message == (
        "DataLake/CustomersExport: prefix '/exports' must be non-empty, not start with '/' "
        "and end with '/'; expected e.g. 'dynamodb-exports/customers/'; bucket_owner "
        "'shop-prod' must be a 12-digit AWS account id; export_retention applies only to the "
        "bucket DynamoDBExport creates; set a lifecycle rule on your own bucket instead"
    )
