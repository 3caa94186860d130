"""JdbcConnection on a database in another stack: the ingress rule lives with the connection.

A platform team keeps its VPC and databases in a foundation stack and its Glue jobs in a
lake stack. The rule that lets Glue's workers into the database's security group must be
created in the lake stack (as aws-cdk-lib's ``allow_from`` does for a "remote" rule):
created beside the database's group, it would reference the lake's group back, and the
two stacks would depend on each other (CDK's ``DependencyCycle``).

Expected values are written from CloudFormation's documented shapes: a value of another
stack arrives as ``Fn::ImportValue`` of an export whose ``Value`` is the producer's
``Fn::GetAtt``; a security group's id is its ``GroupId`` attribute; an RDS cluster's port
is its ``Endpoint.Port`` attribute.
"""

from unittest.mock import ANY

import pytest
from aws_cdk import App, NestedStack, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from aws_cdk import aws_redshift as redshift
from aws_cdk import aws_secretsmanager as secretsmanager

from glueforge import EtlJob, JdbcConnection, JdbcSource, S3Sink, SecureBucket
from tests.conftest import assert_clean
from tests.helpers.network import (
    SECRET_ARN,
    aurora_postgres,
    exported,
    glue_ingress_rules,
    imported_secret,
    nested_template,
    only,
    postgres_instance,
    private_vpc,
    validation_error,
)

LEGACY_SG = "sg-0123456789abcdef0"
LEGACY_HOST = "legacy.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com"


def _read_by_a_job(scope, connection: JdbcConnection) -> JdbcConnection:
    """An EtlJob in the connection's stack reading a table through it."""
    bucket = SecureBucket(scope, "Curated")
    EtlJob(
        scope,
        "OrdersJob",
        specs=[
            JdbcSource("orders", connection=connection, table="public.orders"),
            S3Sink("curated", input="orders", bucket=bucket, prefix="orders/"),
        ],
    )
    return connection


def _group_id(stack: Stack, group: ec2.ISecurityGroup) -> dict:
    return {"Fn::GetAtt": [stack.get_logical_id(group.node.default_child), "GroupId"]}


def _cluster_port(stack: Stack, cluster: rds.DatabaseCluster) -> dict:
    return {"Fn::GetAtt": [stack.get_logical_id(cluster.node.default_child), "Endpoint.Port"]}


def _imports_nothing(template: dict) -> bool:
    return "Fn::ImportValue" not in str(template)


def test_sibling_stack_rule_lives_in_the_lake_stack(tmp_path, synth):
    app = App(outdir=str(tmp_path / "cdk.out"))
    foundation = Stack(app, "Foundation")
    cluster = aurora_postgres(foundation, private_vpc(foundation))
    lake = Stack(app, "Lake")
    connection = _read_by_a_job(
        lake, JdbcConnection.from_rds_cluster(lake, "Orders", cluster=cluster, database="orders")
    )
    report = synth(app)  # a DependencyCycle would raise here
    assert_clean(report)
    found, lake_template = report.templates["Foundation"], report.templates["Lake"]
    assert glue_ingress_rules(found) == {}
    _, rule = only(glue_ingress_rules(lake_template))
    assert rule == {
        "Description": "Glue connection Lake/Orders",
        "GroupId": {"Fn::ImportValue": ANY},
        "SourceSecurityGroupId": _group_id(lake, connection.security_groups[0]),
        "IpProtocol": "tcp",
        "FromPort": {"Fn::ImportValue": ANY},
        "ToPort": rule["FromPort"],
    }
    [cluster_group] = cluster.connections.security_groups
    assert exported(found, rule["GroupId"]) == _group_id(foundation, cluster_group)
    assert exported(found, rule["FromPort"]) == _cluster_port(foundation, cluster)
    # the lake depends on the foundation, never the other way round
    assert _imports_nothing(found)
    assert [s.stack_name for s in lake.dependencies] == ["Foundation"]
    assert foundation.dependencies == []


def test_nested_stack_rule_lives_in_the_nested_stack(tmp_path, synth):
    app = App(outdir=str(tmp_path / "cdk.out"))
    foundation = Stack(app, "Foundation")
    cluster = aurora_postgres(foundation, private_vpc(foundation))
    etl = NestedStack(foundation, "Etl")
    connection = _read_by_a_job(
        etl, JdbcConnection.from_rds_cluster(etl, "Orders", cluster=cluster, database="orders")
    )
    report = synth(app)
    assert_clean(report)
    nested, lint_errors = nested_template(report, etl)
    assert lint_errors == []
    parent = report.templates["Foundation"]
    assert glue_ingress_rules(parent) == {}
    _, rule = only(glue_ingress_rules(nested))
    assert rule == {
        "Description": "Glue connection Foundation/Etl/Orders",
        "GroupId": {"Ref": ANY},
        "SourceSecurityGroupId": _group_id(etl, connection.security_groups[0]),
        "IpProtocol": "tcp",
        "FromPort": {"Ref": ANY},
        "ToPort": rule["FromPort"],
    }
    # a nested stack receives its parent's values as parameters of its Stack resource
    _, stack_resource = only(
        {k: r for k, r in parent["Resources"].items() if r["Type"] == "AWS::CloudFormation::Stack"}
    )
    parameters = stack_resource["Properties"]["Parameters"]
    [cluster_group] = cluster.connections.security_groups
    assert parameters[rule["GroupId"]["Ref"]] == _group_id(foundation, cluster_group)
    assert parameters[rule["FromPort"]["Ref"]] == _cluster_port(foundation, cluster)


def test_nested_stack_of_a_sibling_imports_the_database_group(tmp_path, synth):
    app = App(outdir=str(tmp_path / "cdk.out"))
    foundation = Stack(app, "Foundation")
    cluster = aurora_postgres(foundation, private_vpc(foundation))
    lake = Stack(app, "Lake")
    etl = NestedStack(lake, "Etl")
    connection = _read_by_a_job(
        etl, JdbcConnection.from_rds_cluster(etl, "Orders", cluster=cluster, database="orders")
    )
    report = synth(app)
    assert_clean(report)
    nested, lint_errors = nested_template(report, etl)
    assert lint_errors == []
    found = report.templates["Foundation"]
    assert glue_ingress_rules(found) == {}
    assert glue_ingress_rules(report.templates["Lake"]) == {}
    _, rule = only(glue_ingress_rules(nested))
    assert rule["SourceSecurityGroupId"] == _group_id(etl, connection.security_groups[0])
    [cluster_group] = cluster.connections.security_groups
    assert exported(found, rule["GroupId"]) == _group_id(foundation, cluster_group)
    assert exported(found, rule["FromPort"]) == _cluster_port(foundation, cluster)
    assert rule["ToPort"] == rule["FromPort"]
    assert _imports_nothing(found)


def test_database_in_a_nested_stack_of_a_sibling(tmp_path, synth):
    app = App(outdir=str(tmp_path / "cdk.out"))
    foundation = Stack(app, "Foundation")
    databases = NestedStack(foundation, "Databases")
    cluster = aurora_postgres(databases, private_vpc(databases))
    lake = Stack(app, "Lake")
    _read_by_a_job(
        lake, JdbcConnection.from_rds_cluster(lake, "Orders", cluster=cluster, database="orders")
    )
    report = synth(app)
    assert_clean(report)
    inner, lint_errors = nested_template(report, databases)
    assert lint_errors == []
    assert glue_ingress_rules(inner) == {}
    assert glue_ingress_rules(report.templates["Foundation"]) == {}
    _, rule = only(glue_ingress_rules(report.templates["Lake"]))
    assert rule["GroupId"] == {"Fn::ImportValue": ANY}
    assert _imports_nothing(report.templates["Foundation"])
    assert _imports_nothing(inner)


def test_rds_instance_in_a_sibling_stack(tmp_path, synth):
    app = App(outdir=str(tmp_path / "cdk.out"))
    foundation = Stack(app, "Foundation")
    instance = postgres_instance(foundation, private_vpc(foundation))
    lake = Stack(app, "Lake")
    connection = _read_by_a_job(
        lake,
        JdbcConnection.from_rds_instance(lake, "Orders", instance=instance, database="orders"),
    )
    report = synth(app)
    assert_clean(report)
    found = report.templates["Foundation"]
    assert glue_ingress_rules(found) == {}
    _, rule = only(glue_ingress_rules(report.templates["Lake"]))
    [instance_group] = instance.connections.security_groups
    instance_id = foundation.get_logical_id(instance.node.default_child)
    assert rule["SourceSecurityGroupId"] == _group_id(lake, connection.security_groups[0])
    assert exported(found, rule["GroupId"]) == _group_id(foundation, instance_group)
    assert exported(found, rule["FromPort"]) == {"Fn::GetAtt": [instance_id, "Endpoint.Port"]}
    assert rule["ToPort"] == rule["FromPort"]
    assert _imports_nothing(found)


def _imported_database(scope, kind: str, group: ec2.ISecurityGroup, port: int = 5432):
    """A cluster or instance made outside this app, imported by its attributes."""
    secret = secretsmanager.Secret.from_secret_complete_arn(scope, "LegacySecret", SECRET_ARN)
    if kind == "cluster":
        return rds.DatabaseCluster.from_database_cluster_attributes(
            scope,
            "Legacy",
            cluster_identifier="legacy",
            cluster_endpoint_address=LEGACY_HOST,
            port=port,
            security_groups=[group],
            engine=rds.DatabaseClusterEngine.aurora_postgres(
                version=rds.AuroraPostgresEngineVersion.VER_16_4
            ),
            secret=secret,
        )
    return rds.DatabaseInstance.from_database_instance_attributes(
        scope,
        "Legacy",
        instance_identifier="legacy",
        instance_endpoint_address=LEGACY_HOST,
        port=port,
        security_groups=[group],
        engine=rds.DatabaseInstanceEngine.postgres(version=rds.PostgresEngineVersion.VER_17_5),
    )


def _connect(scope, kind: str, database, vpc: ec2.IVpc, **props) -> JdbcConnection:
    if kind == "cluster":
        return JdbcConnection.from_rds_cluster(
            scope, "Orders", cluster=database, database="orders", vpc=vpc, **props
        )
    return JdbcConnection.from_rds_instance(
        scope,
        "Orders",
        instance=database,
        database="orders",
        vpc=vpc,
        secret=secretsmanager.Secret.from_secret_complete_arn(scope, "Secret", SECRET_ARN),
        **props,
    )


@pytest.mark.parametrize("kind", ["cluster", "instance"])
def test_database_and_group_imported_in_another_stack(tmp_path, synth, kind):
    app = App(outdir=str(tmp_path / "cdk.out"))
    foundation = Stack(app, "Foundation")
    vpc = private_vpc(foundation)
    group = ec2.SecurityGroup.from_security_group_id(foundation, "LegacySg", LEGACY_SG)
    database = _imported_database(foundation, kind, group)
    lake = Stack(app, "Lake")
    connection = _read_by_a_job(lake, _connect(lake, kind, database, vpc))
    report = synth(app)
    assert_clean(report)
    assert glue_ingress_rules(report.templates["Foundation"]) == {}
    _, rule = only(glue_ingress_rules(report.templates["Lake"]))
    assert rule == {
        "Description": "Glue connection Lake/Orders",
        "GroupId": LEGACY_SG,
        "SourceSecurityGroupId": _group_id(lake, connection.security_groups[0]),
        "IpProtocol": "tcp",
        "FromPort": 5432,
        "ToPort": 5432,
    }
    assert _imports_nothing(report.templates["Foundation"])


@pytest.mark.parametrize("kind", ["cluster", "instance"])
def test_database_imported_from_another_app(stack, synth, kind):
    vpc = ec2.Vpc.from_vpc_attributes(
        stack,
        "Vpc",
        vpc_id="vpc-0123456789abcdef0",
        availability_zones=["us-east-1a"],
        isolated_subnet_ids=["subnet-0123456789abcdef0"],
    )
    group = ec2.SecurityGroup.from_security_group_id(stack, "LegacySg", LEGACY_SG)
    connection = _read_by_a_job(
        stack, _connect(stack, kind, _imported_database(stack, kind, group), vpc)
    )
    report = synth(stack)
    assert_clean(report)
    _, rule = only(glue_ingress_rules(report.templates["Test"]))
    assert rule == {
        "Description": "Glue connection Test/Orders",
        "GroupId": LEGACY_SG,
        "SourceSecurityGroupId": _group_id(stack, connection.security_groups[0]),
        "IpProtocol": "tcp",
        "FromPort": 5432,
        "ToPort": 5432,
    }
    requirements = only(report.template("Test").find_resources("AWS::Glue::Connection"))[1][
        "Properties"
    ]["ConnectionInput"]["PhysicalConnectionRequirements"]
    assert requirements["SubnetId"] == "subnet-0123456789abcdef0"
    assert requirements["AvailabilityZone"] == "us-east-1a"


def test_an_immutable_imported_group_gets_no_rule(stack, synth):
    """``mutable=False`` says the group's rules are managed elsewhere (aws-cdk-lib's
    meaning): glueforge adds none."""
    vpc = private_vpc(stack)
    group = ec2.SecurityGroup.from_security_group_id(stack, "LegacySg", LEGACY_SG, mutable=False)
    _connect(stack, "cluster", _imported_database(stack, "cluster", group), vpc)
    report = synth(stack, nag=False, cfn_lint=False)
    assert glue_ingress_rules(report.templates["Test"]) == {}


def test_redshift_cluster_in_a_sibling_stack(tmp_path, synth):
    app = App(outdir=str(tmp_path / "cdk.out"))
    foundation = Stack(app, "Foundation")
    vpc = private_vpc(foundation)
    cluster_group = ec2.SecurityGroup(foundation, "WarehouseSg", vpc=vpc)
    cluster = redshift.CfnCluster(
        foundation,
        "Warehouse",
        cluster_type="single-node",
        node_type="ra3.large",
        db_name="analytics",
        master_username="admin",
        manage_master_password=True,
        vpc_security_group_ids=[cluster_group.security_group_id],
    )
    lake = Stack(app, "Lake")
    connection = JdbcConnection.from_redshift_cluster(
        lake, "Warehouse", cluster=cluster, vpc=vpc, secret=imported_secret(lake)
    )
    report = synth(app)
    # the foundation's Redshift cluster is not nag-clean (audit logging, SSL parameter
    # group, ...); that is the test scaffolding, not the connection
    assert report.errors("cfn-lint") == []
    assert [e for e in report.errors() if not e.location.startswith("Foundation/Warehouse")] == []
    found = report.templates["Foundation"]
    assert glue_ingress_rules(found) == {}
    _, rule = only(glue_ingress_rules(report.templates["Lake"]))
    assert rule == {
        "Description": "Glue connection Lake/Warehouse",
        "GroupId": {"Fn::ImportValue": ANY},
        "SourceSecurityGroupId": _group_id(lake, connection.security_groups[0]),
        "IpProtocol": "tcp",
        "FromPort": 5439,
        "ToPort": 5439,
    }
    assert exported(found, rule["GroupId"]) == _group_id(foundation, cluster_group)
    assert _imports_nothing(found)


# --- what cannot work is refused at synth, naming the path, the value and what is valid


def test_imported_cluster_without_endpoint():
    stack = Stack(None, "Lake")
    cluster = rds.DatabaseCluster.from_database_cluster_attributes(
        stack, "Legacy", cluster_identifier="legacy"
    )
    message = validation_error(
        lambda: JdbcConnection.from_rds_cluster(
            stack, "Orders", cluster=cluster, database="orders", vpc=private_vpc(stack)
        )
    )
    assert message == (
        "Lake/Orders: cluster Lake/Legacy has no endpoint to connect to: import it with "
        "cluster_endpoint_address=... and port=... "
        "(DatabaseCluster.from_database_cluster_attributes)"
    )


@pytest.mark.parametrize("port", [0, 70000, 65536, -1, "70000", "5432x"])
def test_out_of_range_port_is_refused(port):
    stack = Stack(None, "Lake")
    message = validation_error(
        lambda: JdbcConnection(
            stack,
            "Orders",
            engine="postgresql",
            host="db.example.com",
            port=port,
            database="shop",
            secret=imported_secret(stack),
            vpc=private_vpc(stack),
        )  # fmt: skip
    )
    assert message == f"Lake/Orders: port {port!r} is not a TCP port; valid: 1-65535"


@pytest.mark.parametrize("port", [1, 65535, "5433"])
def test_ports_at_the_edges_of_the_range_are_accepted(stack, port):
    connection = JdbcConnection(
        stack, "Orders", engine="postgresql", host="db.example.com", port=port,
        database="shop", secret=imported_secret(stack), vpc=private_vpc(stack),
    )  # fmt: skip
    assert connection.url == f"jdbc:postgresql://db.example.com:{port}/shop"


@pytest.mark.parametrize("kind", ["cluster", "instance"])
def test_imported_database_with_an_out_of_range_port(kind):
    stack = Stack(None, "Lake")
    group = ec2.SecurityGroup.from_security_group_id(stack, "LegacySg", LEGACY_SG)
    database = _imported_database(stack, kind, group, port=70000)
    message = validation_error(lambda: _connect(stack, kind, database, private_vpc(stack)))
    # an instance's endpoint port is a string (aws-cdk-lib's dbInstanceEndpointPort)
    value = "70000" if kind == "instance" else 70000
    assert message == f"Lake/Orders: port {value!r} is not a TCP port; valid: 1-65535"


def test_redshift_cluster_with_an_out_of_range_port():
    stack = Stack(None, "Lake")
    vpc = private_vpc(stack)
    cluster = redshift.CfnCluster(
        stack, "Warehouse", cluster_type="single-node", node_type="ra3.large",
        db_name="analytics", master_username="admin", manage_master_password=True,
        port=70000, vpc_security_group_ids=[LEGACY_SG],
    )  # fmt: skip
    message = validation_error(
        lambda: JdbcConnection.from_redshift_cluster(
            stack, "Orders", cluster=cluster, vpc=vpc, secret=imported_secret(stack)
        )
    )
    assert message == (
        "Lake/Orders: Redshift cluster Lake/Warehouse port 70000 is not a TCP port; valid: 1-65535"
    )
