"""Small building blocks for connector tests: a nag-clean VPC, RDS databases and an
imported secret, and readers for ingress rules, exports and nested stack templates."""

import json

import pytest
from aws_cdk import Duration, NestedStack, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from glueforge import GlueforgeValidationError
from glueforge.checks import SynthReport
from glueforge.checks.cfn_lint import lint_template
from glueforge.checks.findings import Finding

SECRET_ARN = "arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:db-AbCdEf"


def private_vpc(stack: Stack, id: str = "Vpc", max_azs: int = 2) -> ec2.Vpc:
    """Isolated subnets only, with a flow log (cdk-nag VPC7)."""
    return ec2.Vpc(
        stack,
        id,
        max_azs=max_azs,
        nat_gateways=0,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="Data", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
        ],
        flow_logs={"Rejected": ec2.FlowLogOptions(traffic_type=ec2.FlowLogTrafficType.REJECT)},
    )


def imported_secret(stack: Stack, id: str = "DbSecret") -> secretsmanager.ISecret:
    """A secret made elsewhere (its rotation is not this app's to check)."""
    return secretsmanager.Secret.from_secret_complete_arn(stack, id, SECRET_ARN)


def only(resources: dict) -> tuple[str, dict]:
    """The one (logical id, resource) of ``find_resources``' result."""
    assert len(resources) == 1, sorted(resources)
    [(logical_id, resource)] = resources.items()
    return logical_id, resource


def validation_error(build) -> str:
    """The message of the GlueforgeValidationError that ``build()`` raises."""
    with pytest.raises(GlueforgeValidationError) as caught:
        build()
    return str(caught.value)


def rds_jdbc_url(scheme: str, logical_id: str, database: str) -> dict:
    """The Fn::Join a JDBC URL to an RDS endpoint synthesizes to."""
    return {
        "Fn::Join": [
            "",
            [
                scheme,
                {"Fn::GetAtt": [logical_id, "Endpoint.Address"]},
                ":",
                {"Fn::GetAtt": [logical_id, "Endpoint.Port"]},
                f"/{database}",
            ],
        ]
    }


def aurora_postgres(scope: Construct, vpc: ec2.IVpc, id: str = "Aurora") -> rds.DatabaseCluster:
    """An Aurora PostgreSQL cluster that passes cdk-nag: a writer, a generated secret
    rotated by RDS's single-user rotation, encryption, IAM auth, deletion protection and
    a non-default port (5433)."""
    cluster = rds.DatabaseCluster(
        scope,
        id,
        engine=rds.DatabaseClusterEngine.aurora_postgres(
            version=rds.AuroraPostgresEngineVersion.VER_16_4
        ),
        writer=rds.ClusterInstance.provisioned("Writer"),
        credentials=rds.Credentials.from_generated_secret("glueforge"),
        vpc=vpc,
        vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
        port=5433,
        storage_encrypted=True,
        iam_authentication=True,
        deletion_protection=True,
    )
    cluster.add_rotation_single_user()
    return cluster


def postgres_instance(
    scope: Construct, vpc: ec2.IVpc, id: str = "OrdersDb"
) -> rds.DatabaseInstance:
    """An RDS PostgreSQL instance that passes cdk-nag (like the reference app's)."""
    return rds.DatabaseInstance(
        scope,
        id,
        engine=rds.DatabaseInstanceEngine.postgres(version=rds.PostgresEngineVersion.VER_17_5),
        vpc=vpc,
        vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
        manage_master_user_password=True,
        port=5433,
        storage_encrypted=True,
        multi_az=True,
        deletion_protection=True,
        iam_authentication=True,
        backup_retention=Duration.days(7),
        cloudwatch_logs_exports=["postgresql"],
    )


def glue_ingress_rules(template: dict) -> dict[str, dict]:
    """The ingress rules that let a Glue connection into a database: logical id -> props.

    Every such rule glueforge creates says ``Glue connection <path>``; the connection's
    own self-referencing rule says ``Glue workers of this connection`` and is left out.
    """
    return {
        logical_id: resource["Properties"]
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == "AWS::EC2::SecurityGroupIngress"
        and resource["Properties"].get("Description", "").startswith("Glue connection ")
    }


def exported(template: dict, import_value: dict) -> object:
    """What ``{"Fn::ImportValue": name}`` reads: the value ``template`` exports as name."""
    [name] = import_value.values()
    assert list(import_value) == ["Fn::ImportValue"], import_value
    [value] = [
        output["Value"]
        for output in template.get("Outputs", {}).values()
        if output.get("Export", {}).get("Name") == name
    ]
    return value


def nested_template(report: SynthReport, nested: NestedStack) -> tuple[dict, list[Finding]]:
    """A nested stack's template and cfn-lint's errors in it.

    ``synth`` lints the assembly's stacks; a nested stack's template is an asset of its
    parent, so it is linted here.
    """
    template = json.loads((report.outdir / nested.template_file).read_text())
    errors = [
        finding
        for finding in lint_template(template, name=nested.template_file)
        if finding.severity == "error"
    ]
    return template, errors
