"""What a role needs to use a Glue connection: the one place that knows it.

Jobs (their sources and sinks) and crawlers (their targets) both call
:func:`grant_connection`; the connections themselves call :func:`grant_connection_use`.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct, IConstruct

from glueforge.core.arns import catalog_arn
from glueforge.iam.actions import (
    CONNECTION_USE_ACTIONS,
    EC2_DESCRIBE_ACTIONS,
    ENI_CREATE_ACTIONS,
    ENI_DELETE_ACTIONS,
    ENI_TAG_ACTIONS,
)
from glueforge.iam.grants import grant_secret_read
from glueforge.iam.suppressions import acknowledge, acknowledge_resource_wildcards

# Glue tags each worker's network interface with this key and nothing else.
GLUE_ENI_TAG_KEY = "aws-glue-service-resource"


def grant_connection(
    grantee: iam.IGrantable, connection: glue.IConnection | None
) -> iam.Grant | None:
    """Access to ``connection`` and, through it, to its VPC; nothing for ``None``.

    A glueforge connection (anything with ``grant_use``: :class:`~glueforge.JdbcConnection`,
    the native connections and their imports) grants itself, secret included. For a plain
    ``aws_glue.IConnection`` glueforge sees no secret and no network, so only the
    connection and network interfaces in any subnet are granted.
    """
    if connection is None:
        return None
    grant_use = getattr(connection, "grant_use", None)
    if callable(grant_use):
        return grant_use(grantee)
    grant = _grant_get_connection(grantee, connection, connection.connection_arn)
    return grant.combine(grant_network_interfaces(grantee, connection))


def grant_connection_use(
    grantee: iam.IGrantable,
    *,
    scope: Construct,
    connection_arn: str,
    secret: secretsmanager.ISecret | None,
    subnet_ids: Sequence[str] = (),
    security_groups: Sequence[ec2.ISecurityGroup] = (),
) -> iam.Grant:
    """glue:GetConnection, the secret, and (in a VPC) the network-interface actions.

    ``subnet_ids`` and ``security_groups`` scope ec2:CreateNetworkInterface; leave them
    empty for a connection that runs outside a VPC.
    """
    grant = _grant_get_connection(grantee, scope, connection_arn)
    if secret is not None:
        # GetSecretValue and DescribeSecret on the secret, and kms:Decrypt on its key via
        # Secrets Manager only; never from the key's policy in another stack.
        grant = grant.combine(grant_secret_read(grantee, secret))
    if subnet_ids or security_groups:
        grant = grant.combine(grant_network_interfaces(grantee, scope, subnet_ids, security_groups))
    return grant


def _grant_get_connection(
    grantee: iam.IGrantable, scope: IConstruct, connection_arn: str
) -> iam.Grant:
    # Glue authorizes GetConnection on the catalog as well as on the connection.
    return iam.Grant.add_to_principal(
        grantee=grantee,
        actions=list(CONNECTION_USE_ACTIONS),
        resource_arns=[catalog_arn(scope), connection_arn],
    )


def grant_network_interfaces(
    grantee: iam.IGrantable,
    scope: IConstruct,
    subnet_ids: Sequence[str] | None = None,
    security_groups: Sequence[ec2.ISecurityGroup] | None = None,
) -> iam.Grant:
    """The network-interface actions Glue takes to place workers in a VPC.

    ``subnet_ids`` and ``security_groups`` scope ec2:CreateNetworkInterface; ``None``
    allows any, for a connection whose network glueforge cannot see (a plain
    ``aws_glue.IConnection``).
    """
    stack = Stack.of(scope)

    def ec2_arn(resource: str, name: str) -> str:
        return stack.format_arn(service="ec2", resource=resource, resource_name=name)

    any_eni = ec2_arn("network-interface", "*")
    subnets = (
        [ec2_arn("subnet", "*")]
        if subnet_ids is None
        else [ec2_arn("subnet", subnet_id) for subnet_id in subnet_ids]
    )
    groups = (
        [ec2_arn("security-group", "*")]
        if security_groups is None
        else [ec2_arn("security-group", sg.security_group_id) for sg in security_groups]
    )
    grant = iam.Grant.add_to_principal(
        grantee=grantee, actions=list(EC2_DESCRIBE_ACTIONS), resource_arns=["*"]
    )
    grant = grant.combine(
        iam.Grant.add_to_principal(
            grantee=grantee,
            actions=list(ENI_CREATE_ACTIONS),
            resource_arns=[any_eni, *subnets, *groups],
        )
    )
    grant = grant.combine(
        iam.Grant.add_to_principal(
            grantee=grantee, actions=list(ENI_DELETE_ACTIONS), resource_arns=[any_eni]
        )
    )
    grant = grant.combine(
        iam.Grant.add_to_principal(
            grantee=grantee,
            actions=list(ENI_TAG_ACTIONS),
            resource_arns=[any_eni],
            conditions={"ForAllValues:StringEquals": {"aws:TagKeys": [GLUE_ENI_TAG_KEY]}},
        )
    )
    _acknowledge_network_wildcards(grantee, [any_eni, *subnets, *groups])
    return grant


def _acknowledge_network_wildcards(grantee: iam.IGrantable, arns: Sequence[str]) -> None:
    # A role is a construct; a bare principal (e.g. an imported role's) has no tree node.
    if getattr(grantee, "node", None) is None:
        return
    principal_scope: IConstruct = grantee  # type: ignore[assignment]
    acknowledge(
        principal_scope,
        "AwsSolutions-IAM5[Resource::*]",
        "EC2 Describe* calls Glue makes to place workers in a VPC support no resource-level "
        "permissions; only those read-only ec2:Describe* actions use Resource '*'.",
    )
    acknowledge_resource_wildcards(
        grantee,
        [arn for arn in arns if arn.endswith("*")],
        "Glue creates a new network interface per job run, so its id is unknown at deploy "
        "time; creating one is bound to the connection's subnet and security groups where "
        "glueforge knows them.",
    )
