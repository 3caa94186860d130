"""Small building blocks for connector tests: a nag-clean VPC and an imported secret."""

import pytest
from aws_cdk import Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_secretsmanager as secretsmanager

from glueforge import GlueforgeValidationError

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
