"""Where a Glue connection's workers run and what they may reach.

One subnet, a self-referencing security group, the ingress rule that lets those workers
into a database's security groups, and the check that a port is a TCP port.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Token
from aws_cdk import aws_ec2 as ec2
from constructs import Construct

from glueforge.core.errors import child_path

#: TCP ports a database can listen on: 0 is reserved, 65535 the largest 16-bit port.
MIN_PORT, MAX_PORT = 1, 65535


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


def port_problems(port: object, *, name: str = "port") -> list[str]:
    """Why ``port`` (an int, a string of digits or a token) is no TCP port; empty if it is.

    A token (a database's endpoint port, a parameter) is only known at deploy time, so it
    passes; what the template would carry literally must be in 1-65535.
    """
    if port is None or Token.is_unresolved(port):
        return []
    value: int | None = None
    if isinstance(port, int) and not isinstance(port, bool):
        value = port
    elif isinstance(port, str) and port.isdigit():
        value = int(port)
    if value is None or not MIN_PORT <= value <= MAX_PORT:
        return [f"{name} {port!r} is not a TCP port; valid: {MIN_PORT}-{MAX_PORT}"]
    return []


def allow_glue_in(
    glue_group: ec2.ISecurityGroup, target: ec2.IConnectable, port: ec2.Port, description: str
) -> None:
    """Let the workers in ``glue_group`` reach ``target`` (a database) on ``port``.

    The rule goes into the consumer's stack, as aws-cdk-lib does for a "remote" rule:
    ``target.connections.allow_from`` would create the ingress rule beside the database's
    security group, so a database in another stack would reference the connection's
    group back, and the two stacks would depend on each other (a ``DependencyCycle``).
    Asking from the connection's side (``allow_to``) marks the rule remote: when the
    groups are in different stacks (sibling, nested, or an imported group made in
    another stack), aws-cdk-lib creates the ``AWS::EC2::SecurityGroupIngress`` under
    ``glue_group``, in the connection's stack, with the database's group id imported;
    in one stack it creates exactly the rule ``allow_from`` would. The egress half is a
    no-op: the connection's group allows all outbound.
    """
    glue_group.connections.allow_to(target, port, description)
