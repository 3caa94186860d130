"""Where a Glue connection's workers run: one subnet and a self-referencing security group."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import aws_ec2 as ec2
from constructs import Construct

from glueforge.core.errors import child_path


def resolve_subnet(
    vpc: ec2.IVpc | None,
    vpc_subnets: ec2.SubnetSelection | None,
    subnet: ec2.ISubnet | None,
    problems: list[str],
) -> ec2.ISubnet | None:
    if subnet is not None:
        return subnet
    if vpc is None:
        problems.append(
            "subnet missing: Glue places its workers in one subnet of the data store's VPC; "
            "pass vpc=... (its private subnets are used) or subnet=..."
        )
        return None
    if vpc_subnets is not None:
        # jsii structs unpack into the keyword arguments Python's select_subnets takes
        selected = vpc.select_subnets(**vpc_subnets._values).subnets
        if not selected:
            problems.append(f"vpc_subnets selects no subnets of VPC {vpc.node.path}")
            return None
        return selected[0]
    private = list(vpc.private_subnets) or list(vpc.isolated_subnets)
    if not private:
        problems.append(
            f"VPC {vpc.node.path} has no private subnets; Glue connections belong in a "
            "private (with egress or isolated) subnet, so add one or pass vpc_subnets=..."
        )
        return None
    return private[0]


def self_referencing_security_group(scope: Construct, id: str, vpc: ec2.IVpc) -> ec2.SecurityGroup:
    """The security group Glue requires: all TCP from itself, so workers reach each other.

    Outbound stays open: workers reach S3, Glue, Secrets Manager and the database, through
    endpoints or NAT, on ports that vary with the job.
    """
    group = ec2.SecurityGroup(
        scope,
        id,
        vpc=vpc,
        description=f"Glue connection {child_path(scope, id)}: self-referencing, as Glue requires",
        allow_all_outbound=True,
    )
    group.add_ingress_rule(group, ec2.Port.all_tcp(), "Glue workers of this connection")
    return group


def plan_placement(
    vpc: ec2.IVpc | None,
    vpc_subnets: ec2.SubnetSelection | None,
    subnet: ec2.ISubnet | None,
    security_groups: Sequence[ec2.ISecurityGroup] | None,
    problems: list[str],
) -> ec2.ISubnet | None:
    """The subnet a connection uses; adds to ``problems`` what stops placing it."""
    chosen = resolve_subnet(vpc, vpc_subnets, subnet, problems)
    if security_groups is None and vpc is None:
        problems.append(
            "vpc is required to create the connection's self-referencing security "
            "group; pass vpc=..., or security_groups=[...] that allow all TCP from "
            "themselves"
        )
    return chosen


def connection_security_groups(
    scope: Construct,
    id: str,
    vpc: ec2.IVpc | None,
    security_groups: Sequence[ec2.ISecurityGroup] | None,
) -> list[ec2.ISecurityGroup]:
    """The groups given, else a new self-referencing one (``plan_placement`` ensured a VPC)."""
    if security_groups is not None:
        return list(security_groups)
    assert vpc is not None
    return [self_referencing_security_group(scope, f"{id}SecurityGroup", vpc)]
