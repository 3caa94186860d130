"""Resolve JOB, CRAWLER and workflow NAME arguments to physical names.

A name is either the physical name of the Glue resource (``orders-daily``) or the construct
path of the resource in the app (``DataLake/OrdersJob``). Construct paths resolve in two
steps, and each step uses the source of truth for it:

1. **Synth time: path -> stack and logical id.** The app's cloud assembly
   (:class:`glueforge.assembly.resources.AssemblyResources`).
2. **Deploy time: logical id -> physical name.** A literal ``Name`` in the template is the
   physical name, no call needed. Otherwise CloudFormation generated it, and
   ``DescribeStackResource`` on the deployed stack returns it.

No outputs or side files are needed, so any app that uses glueforge, or plain aws-cdk-lib,
resolves the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from glueforge.assembly.resources import AssemblyResources, DeclaredResource
from glueforge.ops.aws import OpsError, error_code, explain


class NotDeployed(OpsError):
    """The app declares the resource, but the account and region do not have it."""

    def __init__(self, message: str):
        super().__init__(message, 2)


@dataclass(frozen=True)
class DeployedResource(DeclaredResource):
    """A resource read from a deployed stack, for when no cloud assembly is at hand.

    Its physical name is known; its path is ``<stack>/<logical id>``, since construct paths
    live only in the assembly.
    """

    deployed_name: str = ""


@dataclass(frozen=True)
class Resolved:
    name: str
    path: str | None = None


def physical_name(resource: DeclaredResource, cloudformation: Callable[[], Any]) -> str:
    """The deployed name of ``resource``: its literal Name, or CloudFormation's record."""
    if isinstance(resource, DeployedResource):
        return resource.deployed_name
    if resource.literal_name:
        return resource.literal_name
    what = f"look up {resource.path} in stack {resource.stack_name}"
    try:
        detail = cloudformation().describe_stack_resource(
            StackName=resource.stack_name, LogicalResourceId=resource.logical_id
        )["StackResourceDetail"]
    except Exception as error:
        if error_code(error) == "ValidationError":
            raise NotDeployed(
                f"{resource.path}: stack {resource.stack_name} has no deployed resource "
                f"{resource.logical_id} in this account and region (is it deployed?)"
            ) from error
        raise explain(error, what) from error
    return detail["PhysicalResourceId"]


def deployed(cloudformation: Any, stack: str, types: tuple[str, ...]) -> list[DeployedResource]:
    """The Glue resources of a deployed stack, for when no cloud assembly is at hand."""
    try:
        found = cloudformation.describe_stack_resources(StackName=stack)["StackResources"]
    except Exception as error:
        if error_code(error) == "ValidationError":
            raise OpsError(f"no stack {stack} in this account and region", 2) from error
        raise explain(error, f"list the resources of stack {stack}") from error
    return [
        DeployedResource(
            f"{stack}/{r['LogicalResourceId']}",
            stack,
            r["LogicalResourceId"],
            r["ResourceType"],
            {},
            r["PhysicalResourceId"],
        )
        for r in found
        if r["ResourceType"] in types and r.get("PhysicalResourceId")
    ]


def resolve(
    name: str, type_: str, assembly: AssemblyResources, cloudformation: Callable[[], Any]
) -> Resolved:
    """A JOB/CRAWLER/NAME argument as a physical name (see the module docstring)."""
    found = assembly.find(name, type_) if "/" in name else None
    if found is None:
        return Resolved(name)
    return Resolved(physical_name(found, cloudformation), found.path)
