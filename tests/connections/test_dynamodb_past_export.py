"""DynamoDBExport.from_past_export: ``dynamodb.export = s3``, read an export, start none.

AWS Glue developer guide, "DynamoDB connections", connection option reference
(https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-dynamodb-home.html):
"If set to ``s3`` enables the AWS Glue DynamoDB export connector but skips the creation of
a new DynamoDB export and instead uses the ``dynamodb.s3.bucket`` and ``dynamodb.s3.prefix``
as the Amazon S3 location of a past export of that table"; ``dynamodb.tableArn`` is
required; ``dynamodb.s3.bucketOwner`` names the bucket's account.
"""

import pytest
from aws_cdk import Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from glueforge import DynamoDBExport, EtlJob
from glueforge.jobs.script.rendered import render_script
from glueforge.jobs.specs import DynamoDBExportSource, S3Sink
from glueforge.jobs.specs.base import JobSpec
from tests.helpers.network import only, validation_error

TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Customers"
PREFIX = "exports/customers/AWSDynamoDB/01700000000000-a1b2c3d4/"
ROLE_ARN = "arn:aws:iam::111122223333:role/export-reader"


def _past(stack, **props):
    table = dynamodb.Table.from_table_arn(stack, "Customers", TABLE_ARN)
    bucket = s3.Bucket.from_bucket_name(stack, "Exports", "customer-exports")
    return DynamoDBExport.from_past_export(
        stack, "PastExport", **{"table": table, "bucket": bucket, "prefix": PREFIX, **props}
    )


def _statements(template):
    return only(template.find_resources("AWS::IAM::Policy"))[1]["Properties"]["PolicyDocument"][
        "Statement"
    ]


def _s3_arn(rest: str) -> dict:
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":s3:::{rest}"]]}


def test_options_ask_for_the_past_export(stack):
    export = _past(stack, bucket_owner="111122223333", sts_role_arn=ROLE_ARN)
    assert export.connection_options() == {
        "dynamodb.export": "s3",
        "dynamodb.tableArn": TABLE_ARN,
        "dynamodb.s3.bucket": "customer-exports",
        "dynamodb.s3.prefix": PREFIX,
        "dynamodb.s3.bucketOwner": "111122223333",
        "dynamodb.simplifyDDBJson": "true",
        "dynamodb.sts.roleArn": ROLE_ARN,
    }
    assert export.deploy_time_options() == {}


def test_unnest_instead_of_simplify(stack):
    options = _past(stack, unnest_ddb_json=True).connection_options()
    assert options["dynamodb.unnestDDBJson"] == "true"
    assert "dynamodb.simplifyDDBJson" not in options


def test_grant_reads_that_prefix_only_and_nothing_of_the_table(stack, synth):
    export = _past(stack, sts_role_arn=ROLE_ARN)
    role = iam.Role(stack, "JobRole", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    assert export.grant_read(role).success
    template = synth(stack, nag=False, cfn_lint=False).template("Test")
    # No dynamodb:* at all: no ExportTableToPointInTime, no DescribeExport.
    assert _statements(template) == [
        {
            "Action": "s3:GetObject",
            "Effect": "Allow",
            "Resource": _s3_arn(f"customer-exports/{PREFIX}*"),
        },
        {
            "Action": "s3:ListBucket",
            "Condition": {"StringLike": {"s3:prefix": [PREFIX, f"{PREFIX}*"]}},
            "Effect": "Allow",
            "Resource": _s3_arn("customer-exports"),
        },
        {
            "Action": "s3:GetBucketLocation",
            "Effect": "Allow",
            "Resource": _s3_arn("customer-exports"),
        },
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Resource": ROLE_ARN},
    ]


def test_an_owned_table_is_left_alone(stack, synth):
    # A past export needs no point-in-time recovery: the table is not changed.
    table = dynamodb.Table(
        stack,
        "Orders",
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
    )
    bucket = s3.Bucket.from_bucket_name(stack, "Exports", "customer-exports")
    DynamoDBExport.from_past_export(stack, "Past", table=table, bucket=bucket, prefix=PREFIX)
    template = synth(stack, nag=False, cfn_lint=False).template("Test")
    [(_, resource)] = template.find_resources("AWS::DynamoDB::Table").items()
    assert "PointInTimeRecoverySpecification" not in resource["Properties"]


def test_bad_props_are_reported_together_with_the_construct_path():
    stack = Stack(None, "DataLake")
    message = validation_error(
        lambda: _past(
            stack,
            prefix="exports/customers",
            bucket_owner="shop-prod",
            sts_role_arn="export-reader",
            unnest_ddb_json=True,
            simplify_ddb_json=True,
        )
    )
    assert message == (
        "DataLake/PastExport: prefix 'exports/customers' must be non-empty, not start with "
        "'/' and end with '/'; expected e.g. 'dynamodb-exports/customers/'; sts_role_arn "
        "'export-reader' is not an IAM role ARN; expected e.g. "
        "'arn:aws:iam::123456789012:role/export-reader'; unnest_ddb_json and "
        "simplify_ddb_json are both set; Glue allows one of them: prefer simplify_ddb_json on "
        "Glue 3.0 and later; bucket_owner 'shop-prod' must be a 12-digit AWS account id"
    )


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"table": "Customers"}, "Test/PastExport: table must be an aws_dynamodb.ITable, got str"),
        (
            {"bucket": "customer-exports"},
            "Test/PastExport: bucket must be an aws_s3.IBucket, got str",
        ),
    ],
)
def test_a_table_or_bucket_of_the_wrong_kind_is_named(stack, props, message):
    with pytest.raises(TypeError) as error:
        _past(stack, **props)
    assert str(error.value) == message


def test_the_source_renders_the_past_export_in_both_languages(stack):
    export = _past(stack)
    sink = S3Sink("out", input="customers", bucket=export.bucket, prefix="customers/")
    job = JobSpec.of([DynamoDBExportSource("customers", export=export), sink])
    assert job.problems() == []
    python, problems = render_script(job, "pyspark", construct_path="Test/Job", version="0")
    assert problems == []
    assert (
        "connection_options={\n"
        '        "dynamodb.export": "s3",\n'
        '        "dynamodb.s3.bucket": "customer-exports",\n'
        f'        "dynamodb.s3.prefix": "{PREFIX}",\n'
        '        "dynamodb.simplifyDDBJson": "true",\n'
        f'        "dynamodb.tableArn": "{TABLE_ARN}",\n'
        "    },"
    ) in python.text
    scala, problems = render_script(job, "scala", construct_path="Test/Job", version="0")
    assert problems == []
    assert (
        "JsonOptions(Map(\n"
        '        "dynamodb.export" -> "s3",\n'
        '        "dynamodb.s3.bucket" -> "customer-exports",\n'
        f'        "dynamodb.s3.prefix" -> "{PREFIX}",\n'
        '        "dynamodb.simplifyDDBJson" -> "true",\n'
        f'        "dynamodb.tableArn" -> "{TABLE_ARN}"\n'
        "      )),"
    ) in scala.text


def test_a_job_reading_a_past_export_gets_no_dynamodb_action(stack, synth):
    export = _past(stack)
    sink_bucket = s3.Bucket(stack, "Curated")
    EtlJob(
        stack,
        "Job",
        job_name="customers",
        specs=[
            DynamoDBExportSource("customers", export=export),
            S3Sink("out", input="customers", bucket=sink_bucket, prefix="customers/"),
        ],
    )
    template = synth(stack, nag=False, cfn_lint=False).template("Test")
    actions = [
        action
        for policy in template.find_resources("AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        for action in (
            statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        )
    ]
    assert not [a for a in actions if a.startswith("dynamodb:")]
    assert "s3:GetObject" in actions


def test_a_source_given_something_else_is_a_problem():
    class NotAnExport:
        pass

    spec = DynamoDBExportSource("customers", export=NotAnExport())
    assert spec.problems() == [
        "export must be a DynamoDBExport or DynamoDBExport.from_past_export(...), got NotAnExport"
    ]


def test_a_job_given_something_else_fails_with_its_path():
    stack = Stack(None, "DataLake")
    bucket = s3.Bucket(stack, "Curated")
    message = validation_error(
        lambda: EtlJob(
            stack,
            "Job",
            job_name="customers",
            specs=[
                DynamoDBExportSource("customers", export="Customers"),
                S3Sink("out", input="customers", bucket=bucket, prefix="customers/"),
            ],
        )
    )
    assert message == (
        "DataLake/Job: source 'customers': export must be a DynamoDBExport or "
        "DynamoDBExport.from_past_export(...), got str"
    )
