"""Connections made elsewhere: from_connection_attributes / _name / _arn on every connection."""

from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from glueforge import Crawler, CrawlerTarget, JdbcConnection, MongoDbConnection
from glueforge.connections import IConnection, IJdbcConnection
from glueforge.connections.grants import grant_connection
from tests.helpers.iam import arn, logical_id, policy_statements
from tests.helpers.network import SECRET_ARN, imported_secret, validation_error


def _role(stack) -> iam.Role:
    return iam.Role(stack, "JobRole", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))


def _statements(stack, synth) -> list[dict]:
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    return policy_statements(template, logical_id(template, "AWS::IAM::Role", "JobRole"))


def test_jdbc_connection_by_name_grants_only_the_connection(stack, synth):
    imported = JdbcConnection.from_connection_name(stack, "Legacy", "legacy-orders")
    assert isinstance(imported, IJdbcConnection)
    assert imported.connection_name == "legacy-orders"
    assert imported.engine is None
    assert imported.database is None
    imported.grant_use(_role(stack))
    assert _statements(stack, synth) == [
        {
            "Action": "glue:GetConnection",
            "Effect": "Allow",
            "Resource": [arn("glue", ":catalog"), arn("glue", ":connection/legacy-orders")],
        }
    ]


def test_jdbc_connection_by_arn_keeps_the_arn(stack):
    given = "arn:aws:glue:eu-west-1:111111111111:connection/orders"
    imported = JdbcConnection.from_connection_arn(stack, "Orders", given)
    assert imported.connection_name == "orders"
    assert imported.connection_arn == given
    message = validation_error(
        lambda: JdbcConnection.from_connection_arn(stack, "Bad", "arn:aws:glue:::job/orders")
    )
    assert message.startswith("Test/Bad: connection_arn 'arn:aws:glue:::job/orders' is not a Glue")


def test_jdbc_connection_attributes_carry_engine_and_database(stack):
    imported = JdbcConnection.from_connection_attributes(
        stack, "Shop", connection_name="shop", engine="mariadb", database="shop"
    )
    assert imported.engine.connection_type == "mysql"
    assert imported.database == "shop"


def test_imported_mongodb_connection_grants_its_secret_and_subnet(stack, synth):
    group = ec2.SecurityGroup.from_security_group_id(stack, "Sg", "sg-0123456789abcdef0")
    imported = MongoDbConnection.from_connection_attributes(
        stack,
        "Catalogue",
        connection_name="catalogue",
        secret=imported_secret(stack),
        subnet_id="subnet-0123456789abcdef0",
        security_groups=[group],
    )
    assert isinstance(imported, IConnection)
    imported.grant_use(_role(stack))
    statements = _statements(stack, synth)
    assert statements[0]["Resource"][1] == arn("glue", ":connection/catalogue")
    assert statements[1]["Action"] == [
        "secretsmanager:GetSecretValue",
        "secretsmanager:DescribeSecret",
    ]
    assert statements[1]["Resource"] == SECRET_ARN
    create_eni = next(s for s in statements if s["Action"] == "ec2:CreateNetworkInterface")
    assert arn("ec2", ":subnet/subnet-0123456789abcdef0") in create_eni["Resource"]
    assert arn("ec2", ":security-group/sg-0123456789abcdef0") in create_eni["Resource"]


def test_an_imported_connection_is_an_aws_glue_connection_to_aws_cdk_lib(stack, synth):
    imported = JdbcConnection.from_connection_name(stack, "Legacy", "legacy-orders")
    database = glue.Database(stack, "Db", database_name="shop")
    crawler = Crawler(
        stack,
        "Crawler",
        database=database,
        targets=[CrawlerTarget.jdbc(imported, "shop/public/%")],
        encryption=False,
    )
    # aws-cdk-lib's own job takes it as an aws_glue.IConnection.
    scripts = s3.Bucket.from_bucket_name(stack, "Scripts", "scripts")
    job = glue.PySparkEtlJob(
        stack,
        "Job",
        role=iam.Role.from_role_name(stack, "Imported", "job"),
        script=glue.Code.from_bucket(scripts, "job.py"),
        connections=[imported],
    )
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    targets = template["Resources"][stack.get_logical_id(crawler.resource)]["Properties"]["Targets"]
    assert targets["JdbcTargets"] == [{"ConnectionName": "legacy-orders", "Path": "shop/public/%"}]
    job_resource = template["Resources"][stack.get_logical_id(job.node.default_child)]
    assert job_resource["Properties"]["Connections"] == {"Connections": ["legacy-orders"]}


def test_a_plain_aws_glue_connection_gets_the_connection_and_any_subnet(stack, synth):
    plain = glue.Connection.from_connection_name(stack, "Plain", "plain")
    grant_connection(_role(stack), plain)
    statements = _statements(stack, synth)
    assert statements[0] == {
        "Action": "glue:GetConnection",
        "Effect": "Allow",
        "Resource": [arn("glue", ":catalog"), arn("glue", ":connection/plain")],
    }
    create_eni = next(s for s in statements if s["Action"] == "ec2:CreateNetworkInterface")
    assert arn("ec2", ":subnet/*") in create_eni["Resource"]


def test_a_job_reading_an_import_without_engine_is_told_to_name_it(stack):
    from glueforge import EtlJob, JdbcSource, S3Sink

    imported = JdbcConnection.from_connection_name(stack, "Legacy", "legacy-orders")
    bucket = s3.Bucket(stack, "Lake")
    message = validation_error(
        lambda: EtlJob(
            stack,
            "Job",
            specs=[
                JdbcSource("orders", connection=imported, table="public.orders"),
                S3Sink("out", input="orders", bucket=bucket, prefix="out/"),
            ],
        )
    )
    assert message.startswith("Test/Job: ")
    assert "does not say its engine" in message
    assert "JdbcSource(engine=...)" in message
    assert "'postgresql'" in message


def test_naming_the_engine_on_the_source_makes_the_import_readable(stack):
    from glueforge import EtlJob, JdbcSource, S3Sink

    imported = JdbcConnection.from_connection_name(stack, "Legacy", "legacy-orders")
    bucket = s3.Bucket(stack, "Lake")
    job = EtlJob(
        stack,
        "Job",
        specs=[
            JdbcSource("orders", connection=imported, table="public.orders", engine="postgresql"),
            S3Sink("out", input="orders", bucket=bucket, prefix="out/"),
        ],
    )
    assert "connectionName" in job.script.text
