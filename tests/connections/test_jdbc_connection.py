"""JdbcConnection: engine presets, derived networking, grants and validation."""

import json

import pytest
from aws_cdk import Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_rds as rds
from aws_cdk import aws_redshift as redshift
from aws_cdk import aws_secretsmanager as secretsmanager

from glueforge import JdbcConnection, JdbcEngine
from tests.conftest import assert_clean
from tests.helpers.network import (
    SECRET_ARN,
    imported_secret,
    only,
    private_vpc,
    rds_jdbc_url,
    validation_error,
)

# Written from the AWS Glue developer guide's JDBC URL examples, not from the presets.
EXPECTED_URLS = {
    "postgresql": "jdbc:postgresql://db.example.com:5432/shop",
    "mysql": "jdbc:mysql://db.example.com:3306/shop",
    "mariadb": "jdbc:mysql://db.example.com:3306/shop",
    "sqlserver": "jdbc:sqlserver://db.example.com:1433;databaseName=shop",
    "oracle": "jdbc:oracle:thin://@db.example.com:1521/shop",
    "redshift": "jdbc:redshift://db.example.com:5439/shop",
}


def _connection(stack, **overrides):
    props = {
        "engine": "postgresql",
        "host": "db.example.com",
        "database": "shop",
        "secret": imported_secret(stack),
        "vpc": private_vpc(stack),
    }
    props.update(overrides)
    return JdbcConnection(stack, "Orders", **props)


def _glue_connection(template) -> dict:
    return only(template.find_resources("AWS::Glue::Connection"))[1]["Properties"]


@pytest.mark.parametrize("engine", sorted(EXPECTED_URLS))
def test_connection_properties_for_every_engine(stack, synth, engine):
    connection = _connection(stack, engine=engine)
    vpc = stack.node.find_child("Vpc")
    template = synth(stack, nag=False, cfn_lint=False).template("Test")
    props = _glue_connection(template)
    sg_id, _ = only(template.find_resources("AWS::EC2::SecurityGroup"))
    assert props == {
        "CatalogId": {"Ref": "AWS::AccountId"},
        "ConnectionInput": {
            "ConnectionType": "JDBC",
            "ConnectionProperties": {
                "JDBC_CONNECTION_URL": EXPECTED_URLS[engine],
                "JDBC_ENFORCE_SSL": "true",
                "SECRET_ID": SECRET_ARN,
            },
            "PhysicalConnectionRequirements": {
                "SubnetId": stack.resolve(vpc.isolated_subnets[0].subnet_id),
                "AvailabilityZone": stack.resolve(vpc.isolated_subnets[0].availability_zone),
                "SecurityGroupIdList": [{"Fn::GetAtt": [sg_id, "GroupId"]}],
            },
        },
    }
    assert connection.engine is JdbcEngine.of(engine)
    assert connection.url == EXPECTED_URLS[engine]


def test_every_engine_passes_cfn_lint_and_cdk_nag(stack, synth):
    vpc = private_vpc(stack)
    secret = imported_secret(stack)
    role = iam.Role(stack, "JobRole", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    for engine in EXPECTED_URLS:
        JdbcConnection(
            stack, engine, engine=engine, host="db.example.com", database="shop",
            secret=secret, vpc=vpc,
        ).grant_use(role)  # fmt: skip
    report = synth(stack)
    assert_clean(report)
    report.template("Test").resource_count_is("AWS::Glue::Connection", len(EXPECTED_URLS))


def test_job_facts_are_exposed(stack):
    connection = _connection(stack, engine="sqlserver")
    assert connection.engine.connection_type == "sqlserver"
    assert connection.engine.default_port == 1433
    assert connection.database == "shop"
    assert stack.resolve(connection.connection_name) == {
        "Ref": stack.get_logical_id(connection.node.default_child)
    }


def test_ssl_options(stack, synth):
    _connection(
        stack,
        engine="oracle",
        enforce_ssl=False,
        custom_jdbc_cert="s3://certs/rds-ca.pem",
        custom_jdbc_cert_string="cn=sales,dc=example,dc=com",
        skip_custom_jdbc_cert_validation=True,
    )
    props = _glue_connection(synth(stack, nag=False, cfn_lint=False).template("Test"))
    assert props["ConnectionInput"]["ConnectionProperties"] == {
        "JDBC_CONNECTION_URL": "jdbc:oracle:thin://@db.example.com:1521/shop",
        "JDBC_ENFORCE_SSL": "false",
        "CUSTOM_JDBC_CERT": "s3://certs/rds-ca.pem",
        "CUSTOM_JDBC_CERT_STRING": "cn=sales,dc=example,dc=com",
        "SKIP_CUSTOM_JDBC_CERT_VALIDATION": "true",
        "SECRET_ID": SECRET_ARN,
    }


def test_security_group_references_itself_on_all_tcp(stack, synth):
    _connection(stack)
    template = synth(stack, nag=False, cfn_lint=False).template("Test")
    sg_id, sg = only(template.find_resources("AWS::EC2::SecurityGroup"))
    _, ingress = only(template.find_resources("AWS::EC2::SecurityGroupIngress"))
    assert ingress["Properties"] == {
        "Description": "Glue workers of this connection",
        "GroupId": {"Fn::GetAtt": [sg_id, "GroupId"]},
        "SourceSecurityGroupId": {"Fn::GetAtt": [sg_id, "GroupId"]},
        "IpProtocol": "tcp",
        "FromPort": 0,
        "ToPort": 65535,
    }
    assert "SecurityGroupIngress" not in sg["Properties"]


def test_explicit_url_subnet_and_security_groups_are_used(stack, synth):
    vpc = private_vpc(stack)
    group = ec2.SecurityGroup(stack, "Mine", vpc=vpc)
    JdbcConnection(
        stack,
        "Orders",
        engine="mysql",
        url="jdbc:mysql://db.internal:3307/shop?useSSL=true",
        secret=imported_secret(stack),
        subnet=vpc.isolated_subnets[1],
        security_groups=[group],
    )
    template = synth(stack, nag=False, cfn_lint=False).template("Test")
    connection_input = _glue_connection(template)["ConnectionInput"]
    assert connection_input["ConnectionProperties"]["JDBC_CONNECTION_URL"] == (
        "jdbc:mysql://db.internal:3307/shop?useSSL=true"
    )
    requirements = connection_input["PhysicalConnectionRequirements"]
    assert requirements["SubnetId"] == stack.resolve(vpc.isolated_subnets[1].subnet_id)
    assert requirements["SecurityGroupIdList"] == [stack.resolve(group.security_group_id)]
    template.resource_count_is("AWS::EC2::SecurityGroup", 1)


def test_from_rds_instance_derives_url_network_and_ingress(stack, synth):
    vpc = private_vpc(stack)
    instance = rds.DatabaseInstance(
        stack,
        "OrdersDb",
        engine=rds.DatabaseInstanceEngine.postgres(version=rds.PostgresEngineVersion.VER_17_5),
        vpc=vpc,
        vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
    )
    connection = JdbcConnection.from_rds_instance(
        stack, "Orders", instance=instance, database="orders"
    )
    assert connection.engine.name == "postgresql"
    template = synth(stack, nag=False, cfn_lint=False).template("Test")
    db_id = stack.get_logical_id(instance.node.default_child)
    glue_sg = stack.get_logical_id(connection.security_groups[0].node.default_child)
    db_sg = stack.get_logical_id(instance.connections.security_groups[0].node.default_child)
    connection_input = _glue_connection(template)["ConnectionInput"]
    assert connection_input["ConnectionProperties"] == {
        "JDBC_CONNECTION_URL": rds_jdbc_url("jdbc:postgresql://", db_id, "orders"),
        "JDBC_ENFORCE_SSL": "true",
        "SECRET_ID": stack.resolve(instance.secret.secret_arn),
    }
    subnet = vpc.isolated_subnets[0]
    assert connection_input["PhysicalConnectionRequirements"] == {
        "SubnetId": stack.resolve(subnet.subnet_id),
        "AvailabilityZone": stack.resolve(subnet.availability_zone),
        "SecurityGroupIdList": [{"Fn::GetAtt": [glue_sg, "GroupId"]}],
    }
    template.has_resource_properties(
        "AWS::EC2::SecurityGroupIngress",
        {
            "GroupId": {"Fn::GetAtt": [db_sg, "GroupId"]},
            "SourceSecurityGroupId": {"Fn::GetAtt": [glue_sg, "GroupId"]},
            "IpProtocol": "tcp",
            "FromPort": {"Fn::GetAtt": [db_id, "Endpoint.Port"]},
            "ToPort": {"Fn::GetAtt": [db_id, "Endpoint.Port"]},
        },
    )


def test_from_rds_cluster_uses_the_writer_endpoint(stack, synth):
    vpc = private_vpc(stack)
    cluster = rds.DatabaseCluster(
        stack,
        "Aurora",
        engine=rds.DatabaseClusterEngine.aurora_mysql(
            version=rds.AuroraMysqlEngineVersion.VER_3_08_0
        ),
        writer=rds.ClusterInstance.serverless_v2("Writer"),
        vpc=vpc,
        vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
    )
    connection = JdbcConnection.from_rds_cluster(stack, "Orders", cluster=cluster, database="shop")
    assert connection.engine.name == "mysql"
    template = synth(stack, nag=False, cfn_lint=False).template("Test")
    cluster_id = stack.get_logical_id(cluster.node.default_child)
    url = _glue_connection(template)["ConnectionInput"]["ConnectionProperties"][
        "JDBC_CONNECTION_URL"
    ]
    assert url == rds_jdbc_url("jdbc:mysql://", cluster_id, "shop")
    glue_sg = stack.get_logical_id(connection.security_groups[0].node.default_child)
    template.has_resource_properties(
        "AWS::EC2::SecurityGroupIngress",
        {
            "GroupId": stack.resolve(cluster.connections.security_groups[0].security_group_id),
            "SourceSecurityGroupId": {"Fn::GetAtt": [glue_sg, "GroupId"]},
        },
    )


def test_from_redshift_cluster_grants_each_cluster_group_ingress(stack, synth):
    vpc = private_vpc(stack)
    cluster_sg = ec2.SecurityGroup(stack, "ClusterSg", vpc=vpc)
    cluster = redshift.CfnCluster(
        stack,
        "Warehouse",
        cluster_type="single-node",
        node_type="ra3.large",
        db_name="analytics",
        master_username="admin",
        manage_master_password=True,
        vpc_security_group_ids=[cluster_sg.security_group_id],
    )
    connection = JdbcConnection.from_redshift_cluster(
        stack, "WarehouseConnection", cluster=cluster, vpc=vpc, secret=imported_secret(stack)
    )
    assert connection.engine.connection_type == "redshift"
    template = synth(stack, nag=False, cfn_lint=False).template("Test")
    url = _glue_connection(template)["ConnectionInput"]["ConnectionProperties"][
        "JDBC_CONNECTION_URL"
    ]
    assert url == {
        "Fn::Join": [
            "",
            [
                "jdbc:redshift://",
                {"Fn::GetAtt": ["Warehouse", "Endpoint.Address"]},
                ":",
                {"Fn::GetAtt": ["Warehouse", "Endpoint.Port"]},
                "/analytics",
            ],
        ]
    }
    glue_sg = stack.get_logical_id(connection.security_groups[0].node.default_child)
    template.has_resource_properties(
        "AWS::EC2::SecurityGroupIngress",
        {
            "GroupId": stack.resolve(cluster_sg.security_group_id),
            "SourceSecurityGroupId": {"Fn::GetAtt": [glue_sg, "GroupId"]},
            "IpProtocol": "tcp",
            "FromPort": 5439,
            "ToPort": 5439,
        },
    )


def test_grant_use_exact_statements(stack, synth):
    vpc = private_vpc(stack)
    key = kms.Key(stack, "SecretKey", enable_key_rotation=True)
    secret = secretsmanager.Secret(stack, "DbSecret", encryption_key=key)
    secret.add_rotation_schedule(
        "Rotation", hosted_rotation=secretsmanager.HostedRotation.postgre_sql_single_user()
    )
    connection = JdbcConnection(
        stack, "Orders", engine="postgresql", host="db.example.com", database="shop",
        secret=secret, vpc=vpc,
    )  # fmt: skip
    role = iam.Role(stack, "JobRole", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    grant = connection.grant_use(role)
    assert grant.success
    report = synth(stack, cfn_lint=False)
    template = report.template("Test")
    [policy] = [
        p for p in template.find_resources("AWS::IAM::Policy").values()
        if p["Properties"]["Roles"] == [stack.resolve(role.role_name)]
    ]  # fmt: skip

    def arn(service, resource, name=None):
        return stack.resolve(
            stack.format_arn(service=service, resource=resource, resource_name=name)
        )

    eni = arn("ec2", "network-interface", "*")
    assert policy["Properties"]["PolicyDocument"]["Statement"] == [
        {
            "Action": "glue:GetConnection",
            "Effect": "Allow",
            "Resource": [
                arn("glue", "catalog"),
                arn("glue", "connection", connection.connection_name),
            ],
        },
        {
            "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            "Effect": "Allow",
            "Resource": stack.resolve(secret.secret_arn),
        },
        {
            "Action": [
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeRouteTables",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSubnets",
                "ec2:DescribeVpcAttribute",
                "ec2:DescribeVpcEndpoints",
            ],
            "Effect": "Allow",
            "Resource": "*",
        },
        {
            "Action": "ec2:CreateNetworkInterface",
            "Effect": "Allow",
            "Resource": [
                eni,
                arn("ec2", "subnet", connection.subnet.subnet_id),
                arn("ec2", "security-group", connection.security_groups[0].security_group_id),
            ],
        },
        {"Action": "ec2:DeleteNetworkInterface", "Effect": "Allow", "Resource": eni},
        {
            "Action": ["ec2:CreateTags", "ec2:DeleteTags"],
            "Condition": {
                "ForAllValues:StringEquals": {"aws:TagKeys": ["aws-glue-service-resource"]}
            },
            "Effect": "Allow",
            "Resource": eni,
        },
    ]
    # kms:Decrypt (via Secrets Manager only) lands in the key policy of a key in this stack
    key_policy = template.find_resources("AWS::KMS::Key")[
        stack.get_logical_id(key.node.default_child)
    ]
    assert key_policy["Properties"]["KeyPolicy"]["Statement"][-1] == {
        "Action": "kms:Decrypt",
        "Condition": {
            "StringEquals": {
                "kms:ViaService": {
                    "Fn::Join": ["", ["secretsmanager.", {"Ref": "AWS::Region"}, ".amazonaws.com"]]
                }
            }
        },
        "Effect": "Allow",
        "Principal": {"AWS": stack.resolve(role.role_arn)},
        "Resource": "*",
    }
    assert not report.errors("cdk-nag"), report.errors("cdk-nag")
    acknowledged = {(a.rule, a.location) for a in report.acknowledged}
    assert ("AwsSolutions-IAM5[Resource::*]", "Test/JobRole") in acknowledged
    assert (
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:"
        "network-interface/*]",
        "Test/JobRole",
    ) in acknowledged


def test_no_template_carries_a_plaintext_password(stack, synth):
    vpc = private_vpc(stack)
    instance = rds.DatabaseInstance(
        stack,
        "OrdersDb",
        engine=rds.DatabaseInstanceEngine.postgres(version=rds.PostgresEngineVersion.VER_17_5),
        vpc=vpc,
        vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
    )
    JdbcConnection.from_rds_instance(stack, "Orders", instance=instance, database="orders")
    report = synth(stack, nag=False, cfn_lint=False)
    template = report.templates["Test"]
    for connection in template["Resources"].values():
        if connection["Type"] == "AWS::Glue::Connection":
            keys = set(connection["Properties"]["ConnectionInput"]["ConnectionProperties"])
            assert keys == {"JDBC_CONNECTION_URL", "JDBC_ENFORCE_SSL", "SECRET_ID"}
    [db] = [r for r in template["Resources"].values() if r["Type"] == "AWS::RDS::DBInstance"]
    password = json.dumps(db["Properties"]["MasterUserPassword"])
    assert "{{resolve:secretsmanager:" in password


# --- validation: every error names the construct path, the bad value and what is valid


def test_unknown_engine():
    stack = Stack(None, "DataLake")
    message = validation_error(lambda: _connection(stack, engine="db2"))
    assert message == (
        "DataLake/Orders: engine 'db2' is not a known JDBC engine; valid: 'postgresql', "
        "'mysql', 'mariadb', 'sqlserver', 'oracle', 'redshift'"
    )


def test_url_that_does_not_match_its_engine():
    stack = Stack(None, "DataLake")
    message = validation_error(
        lambda: _connection(stack, host=None, database=None, url="jdbc:mysql://db:3306/shop")
    )
    assert message == (
        "DataLake/Orders: url 'jdbc:mysql://db:3306/shop' does not match engine "
        "'postgresql'; expected 'jdbc:postgresql://<host>:5432/<database>'"
    )


def test_subnet_missing():
    stack = Stack(None, "DataLake")
    message = validation_error(lambda: _connection(stack, vpc=None, security_groups=[]))
    assert message == (
        "DataLake/Orders: subnet missing: Glue places its workers in one subnet of the data "
        "store's VPC; pass vpc=... (its private subnets are used) or subnet=..."
    )


def test_vpc_without_private_subnets():
    stack = Stack(None, "DataLake")
    public = ec2.Vpc(
        stack,
        "PublicVpc",
        max_azs=1,
        nat_gateways=0,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="Web", subnet_type=ec2.SubnetType.PUBLIC)
        ],
    )
    message = validation_error(lambda: _connection(stack, vpc=public))
    assert message == (
        "DataLake/Orders: VPC DataLake/PublicVpc has no private subnets; Glue connections "
        "belong in a private (with egress or isolated) subnet, so add one or pass "
        "vpc_subnets=..."
    )


def test_plaintext_credentials_are_refused_in_props_and_later():
    stack = Stack(None, "DataLake")
    message = validation_error(
        lambda: _connection(stack, properties={"USERNAME": "admin", "PASSWORD": "hunter2"})
    )
    assert message == (
        "DataLake/Orders: property 'USERNAME' would put a credential into the template in "
        "plain text; pass the Secrets Manager secret as `secret` instead (it becomes "
        "SECRET_ID); property 'PASSWORD' would put a credential into the template in plain "
        "text; pass the Secrets Manager secret as `secret` instead (it becomes SECRET_ID)"
    )
    connection = _connection(Stack(None, "Other"))
    message = validation_error(lambda: connection.add_property("PASSWORD", "hunter2"))
    assert message.startswith("Other/Orders: property 'PASSWORD' would put a credential")


def test_every_problem_is_reported_at_once():
    stack = Stack(None, "DataLake")
    message = validation_error(
        lambda: JdbcConnection(
            stack,
            "Orders",
            engine="postgresql",
            secret=None,
            host="db",
            properties={"JDBC_CONNECTION_URL": "jdbc:postgresql://x/y"},
            custom_jdbc_cert="https://certs/ca.pem",
            subnet=None,
        )
    )
    assert message == (
        "DataLake/Orders: secret is required: credentials come only from a Secrets Manager "
        "secret (SECRET_ID); pass e.g. secret=instance.secret; property "
        "'JDBC_CONNECTION_URL' is set by JdbcConnection's typed props; use those instead; "
        "custom_jdbc_cert 'https://certs/ca.pem' must be an s3:// URL of a PEM root "
        "certificate, e.g. 's3://certs/rds-ca.pem'; database missing: give url, or host and "
        "database, so the JDBC URL can be built; subnet missing: Glue places its workers in "
        "one subnet of the data store's VPC; pass vpc=... (its private subnets are used) or "
        "subnet=...; vpc is required to create the connection's self-referencing security "
        "group; pass vpc=..., or security_groups=[...] that allow all TCP from themselves"
    )


def test_imported_instance_without_engine():
    stack = Stack(None, "DataLake")
    instance = rds.DatabaseInstance.from_database_instance_attributes(
        stack,
        "Legacy",
        instance_identifier="legacy",
        instance_endpoint_address="legacy.example.com",
        port=5432,
        security_groups=[],
    )
    message = validation_error(
        lambda: JdbcConnection.from_rds_instance(
            stack, "Orders", instance=instance, database="shop", vpc=private_vpc(stack)
        )
    )
    assert message == (
        "DataLake/Orders: cannot derive the JDBC engine from RDS engine None; pass engine=... "
        "(valid: 'postgresql', 'mysql', 'mariadb', 'sqlserver', 'oracle', 'redshift')"
    )


def test_redshift_cluster_without_security_groups():
    stack = Stack(None, "DataLake")
    cluster = redshift.CfnCluster(
        stack, "Warehouse", cluster_type="single-node", node_type="ra3.large",
        db_name="analytics", master_username="admin", manage_master_password=True,
    )  # fmt: skip
    message = validation_error(
        lambda: JdbcConnection.from_redshift_cluster(
            stack, "Orders", cluster=cluster, vpc=private_vpc(stack), secret=imported_secret(stack)
        )
    )
    assert message == (
        "DataLake/Orders: Redshift cluster DataLake/Warehouse has no vpc_security_group_ids, "
        "so Glue cannot be granted ingress; give the cluster a security group"
    )


@pytest.mark.parametrize(
    ("rds_engine", "preset"),
    [
        ("postgres", "postgresql"),
        ("aurora-postgresql", "postgresql"),
        ("mysql", "mysql"),
        ("aurora-mysql", "mysql"),
        ("mariadb", "mariadb"),
        ("sqlserver-ee", "sqlserver"),
        ("oracle-se2", "oracle"),
        ("custom-oracle-ee", "oracle"),
    ],
)
def test_rds_engine_types_map_to_presets(rds_engine, preset):
    assert JdbcEngine.for_rds_engine_type(rds_engine) is JdbcEngine.of(preset)


def test_unknown_rds_engine_type_maps_to_nothing():
    assert JdbcEngine.for_rds_engine_type("db2-se") is None
    assert JdbcEngine.for_rds_engine_type("postgres-custom") is None


def test_imported_connection_grants_the_same(stack, synth):
    role = iam.Role(stack, "JobRole", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    group = ec2.SecurityGroup.from_security_group_id(stack, "Sg", "sg-0123456789abcdef0")
    imported = JdbcConnection.from_connection_attributes(
        stack,
        "Legacy",
        connection_name="legacy-orders",
        engine="oracle",
        secret=imported_secret(stack),
        subnet_id="subnet-0123456789abcdef0",
        security_groups=[group],
    )
    imported.grant_use(role)
    assert imported.engine.connection_type == "oracle"
    report = synth(stack, cfn_lint=False)
    assert not report.errors("cdk-nag")
    statements = only(report.template("Test").find_resources("AWS::IAM::Policy"))[1]["Properties"][
        "PolicyDocument"
    ]["Statement"]
    assert statements[0]["Resource"][1] == stack.resolve(imported.connection_arn)
    assert stack.resolve(imported.connection_arn) == {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                ":glue:",
                {"Ref": "AWS::Region"},
                ":",
                {"Ref": "AWS::AccountId"},
                ":connection/legacy-orders",
            ],
        ]
    }
    create_eni = next(s for s in statements if s["Action"] == "ec2:CreateNetworkInterface")
    assert len(create_eni["Resource"]) == 3
    message = validation_error(
        lambda: JdbcConnection.from_connection_attributes(
            stack, "Bad", connection_name="x", engine="sybase"
        )
    )
    assert message.startswith("Test/Bad: engine 'sybase' is not a known JDBC engine")


def test_password_in_the_url_is_refused():
    stack = Stack(None, "DataLake")
    message = validation_error(
        lambda: _connection(
            stack,
            host=None,
            database=None,
            url="jdbc:postgresql://db:5432/shop?user=admin&Password=hunter2",
        )
    )
    assert message == (
        "DataLake/Orders: url carries a password ('password=...'); pass the credentials as "
        "`secret` instead (it becomes SECRET_ID)"
    )
