"""Typed native connections: MongoDB and Salesforce."""

from aws_cdk import Stack
from aws_cdk import aws_iam as iam

from glueforge import MongoDbConnection, SalesforceConnection
from tests.conftest import assert_clean
from tests.helpers.network import SECRET_ARN, imported_secret, only, private_vpc, validation_error


def _connection_input(template) -> dict:
    return only(template.find_resources("AWS::Glue::Connection"))[1]["Properties"][
        "ConnectionInput"
    ]


def test_mongodb_connection_in_a_vpc(stack, synth):
    vpc = private_vpc(stack)
    connection = MongoDbConnection(
        stack,
        "Catalogue",
        url="mongodb://docdb.example.com:27017/shop",
        secret=imported_secret(stack),
        vpc=vpc,
    )
    role = iam.Role(stack, "JobRole", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    connection.grant_use(role)
    report = synth(stack)
    assert_clean(report)
    template = report.template("Test")
    sg_id, _ = only(template.find_resources("AWS::EC2::SecurityGroup"))
    assert _connection_input(template) == {
        "ConnectionType": "MONGODB",
        "ConnectionProperties": {
            "CONNECTION_URL": "mongodb://docdb.example.com:27017/shop",
            "SECRET_ID": SECRET_ARN,
        },
        "PhysicalConnectionRequirements": {
            "SubnetId": stack.resolve(vpc.isolated_subnets[0].subnet_id),
            "AvailabilityZone": stack.resolve(vpc.isolated_subnets[0].availability_zone),
            "SecurityGroupIdList": [{"Fn::GetAtt": [sg_id, "GroupId"]}],
        },
    }
    policies = template.find_resources("AWS::IAM::Policy")
    job_policy = policies[
        stack.get_logical_id(role.node.find_child("DefaultPolicy").node.default_child)
    ]
    actions = [s["Action"] for s in job_policy["Properties"]["PolicyDocument"]["Statement"]]
    assert actions[:2] == [
        "glue:GetConnection",
        ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
    ]
    assert "ec2:CreateNetworkInterface" in actions


def test_mongodb_outside_a_vpc_needs_no_network_actions(stack, synth):
    connection = MongoDbConnection(
        stack, "Atlas", url="mongodb+srv://cluster0.example.net/shop", secret=imported_secret(stack)
    )
    role = iam.Role(stack, "JobRole", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    connection.grant_use(role)
    template = synth(stack, nag=False, cfn_lint=False).template("Test")
    assert "PhysicalConnectionRequirements" not in _connection_input(template)
    statements = only(template.find_resources("AWS::IAM::Policy"))[1]["Properties"][
        "PolicyDocument"
    ]["Statement"]
    assert [s["Action"] for s in statements] == [
        "glue:GetConnection",
        ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
    ]


def test_mongodb_validation():
    stack = Stack(None, "DataLake")
    message = validation_error(
        lambda: MongoDbConnection(
            stack, "Catalogue", url="postgres://admin:hunter2@db/shop", secret=None
        )
    )
    assert message == (
        "DataLake/Catalogue: url 'postgres://admin:hunter2@db/shop' is not a MongoDB URL; "
        "expected 'mongodb://host:27017/db' or 'mongodb+srv://cluster.example.com/db'; url "
        "must not carry credentials ('user:password@'); pass them as `secret`; secret is "
        "required: credentials come only from Secrets Manager"
    )


def test_salesforce_connection_uses_jwt_bearer_from_the_secret(stack, synth):
    secret = imported_secret(stack)
    connection = SalesforceConnection(
        stack, "Crm", instance_url="https://example.my.salesforce.com", secret=secret
    )
    job_role = iam.Role(stack, "JobRole", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    connection.grant_use(job_role)
    report = synth(stack)
    assert_clean(report)
    template = report.template("Test")
    role_id = stack.get_logical_id(connection.role.node.default_child)
    assert _connection_input(template) == {
        "ConnectionType": "SALESFORCE",
        "ConnectionProperties": {
            "INSTANCE_URL": "https://example.my.salesforce.com",
            "ROLE_ARN": {"Fn::GetAtt": [role_id, "Arn"]},
        },
        "AuthenticationConfiguration": {
            "AuthenticationType": "OAUTH2",
            "SecretArn": SECRET_ARN,
            "OAuth2Properties": {"OAuth2GrantType": "JWT_BEARER"},
        },
    }
    template.has_resource_properties(
        "AWS::IAM::Role",
        {
            "AssumeRolePolicyDocument": {
                "Statement": [
                    {
                        "Action": "sts:AssumeRole",
                        "Effect": "Allow",
                        "Principal": {"Service": "glue.amazonaws.com"},
                    }
                ],
                "Version": "2012-10-17",
            }
        },
    )
    policies = template.find_resources("AWS::IAM::Policy")
    connection_policy = [
        p for p in policies.values() if p["Properties"]["Roles"] == [{"Ref": role_id}]
    ]
    assert connection_policy[0]["Properties"]["PolicyDocument"]["Statement"] == [
        {
            "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            "Effect": "Allow",
            "Resource": SECRET_ARN,
        }
    ]


def test_salesforce_validation():
    stack = Stack(None, "DataLake")
    message = validation_error(
        lambda: SalesforceConnection(
            stack, "Crm", instance_url="example.my.salesforce.com", secret=None
        )
    )
    assert message == (
        "DataLake/Crm: instance_url 'example.my.salesforce.com' must be an https:// URL, e.g. "
        "'https://example.my.salesforce.com'; secret is required: the JWT_TOKEN comes only "
        "from a Secrets Manager secret"
    )
