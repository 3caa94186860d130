"""Resolve JOB, CRAWLER and workflow NAME arguments to physical names.

A name is either the physical name of the Glue resource (``orders-daily``) or the construct
path of the resource in the app (``DataLake/OrdersJob``). Construct paths resolve in two
steps, and each step uses the source of truth for it:

1. **Synth time: path -> stack and logical id.** The cloud assembly (``cdk.out``) lists the
   stacks in ``manifest.json``; each stack template tags its resources with
   ``Metadata["aws:cdk:path"]`` (or, with path metadata turned off, the stack's metadata
   file maps paths to ``aws:cdk:logicalId``). A path names a resource directly
   (``DataLake/OrdersJob/Resource``), through its L2 (``DataLake/OrdersJob``), or through
   any construct holding exactly one resource of the wanted type.
2. **Deploy time: logical id -> physical name.** A literal ``Name`` in the template is the
   physical name, no call needed. Otherwise CloudFormation generated it, and
   ``DescribeStackResource`` on the deployed stack returns it.

No outputs or side files are needed, so any app that uses glueforge, or plain aws-cdk-lib,
resolves the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glueforge.ops.aws import OpsError, error_code, explain

JOB = "AWS::Glue::Job"
CRAWLER = "AWS::Glue::Crawler"
WORKFLOW = "AWS::Glue::Workflow"
KIND_NAMES = {JOB: "job", CRAWLER: "crawler", WORKFLOW: "workflow"}


class NotDeployed(OpsError):
    """The app declares the resource, but the account and region do not have it."""

    def __init__(self, message: str):
        super().__init__(message, 2)


@dataclass(frozen=True)
class Declared:
    """A resource in the synthesized app."""

    path: str
    stack_name: str
    logical_id: str
    type: str
    properties: dict
    deployed_name: str | None = None

    @property
    def literal_name(self) -> str | None:
        name = self.properties.get("Name")
        return name if isinstance(name, str) else None


@dataclass(frozen=True)
class Resolved:
    name: str
    path: str | None = None


class Assembly:
    """The resources of a synthesized cloud assembly, by construct path."""

    def __init__(self, outdir: str | Path):
        self.outdir = Path(outdir)
        self.resources: list[Declared] = list(self._read(self.outdir))

    @property
    def exists(self) -> bool:
        return (self.outdir / "manifest.json").is_file()

    def _read(self, outdir: Path) -> Iterator[Declared]:
        manifest_file = outdir / "manifest.json"
        if not manifest_file.is_file():
            return
        manifest = json.loads(manifest_file.read_text())
        for artifact_id, artifact in manifest.get("artifacts", {}).items():
            props = artifact.get("properties", {})
            if artifact.get("type") == "cdk:cloud-assembly":
                yield from self._read(outdir / props["directoryName"])
            elif artifact.get("type") == "aws:cloudformation:stack":
                template = json.loads((outdir / props["templateFile"]).read_text())
                paths = _paths_from_metadata(outdir, artifact)
                stack_name = props.get("stackName", artifact_id)
                for logical_id, resource in template.get("Resources", {}).items():
                    path = resource.get("Metadata", {}).get("aws:cdk:path") or paths.get(logical_id)
                    if path:
                        yield Declared(
                            path.strip("/"),
                            stack_name,
                            logical_id,
                            resource.get("Type", ""),
                            resource.get("Properties", {}),
                        )

    def of_type(self, type_: str, stack: str | None = None) -> list[Declared]:
        return [
            r
            for r in self.resources
            if r.type == type_ and (stack is None or r.stack_name == stack)
        ]

    def find(self, path: str, type_: str) -> Declared | None:
        """The resource of ``type_`` that ``path`` names, None if no construct matches."""
        path = path.strip("/")
        under = [r for r in self.resources if r.path == path or r.path.startswith(path + "/")]
        if not under:
            return None
        exact = [r for r in under if r.path in (path, path + "/Resource")]
        if exact and exact[0].type == type_:
            return exact[0]
        matching = [r for r in under if r.type == type_]
        if len(matching) == 1:
            return matching[0]
        kind = KIND_NAMES.get(type_, type_)
        if not matching:
            found = ", ".join(sorted({r.type for r in under}))
            raise OpsError(f"{path} holds no Glue {kind} ({type_}); it holds {found}", 2)
        listed = ", ".join(r.path for r in matching)
        raise OpsError(f"{path} holds {len(matching)} Glue {kind}s; name one: {listed}", 2)


def _paths_from_metadata(outdir: Path, artifact: dict) -> dict[str, str]:
    """logical id -> construct path, from the stack's metadata (inline or its own file)."""
    metadata = artifact.get("metadata") or {}
    extra = artifact.get("additionalMetadataFile")
    if extra and (outdir / extra).is_file():
        metadata = {**metadata, **json.loads((outdir / extra).read_text())}
    return {
        entry["data"]: path
        for path, entries in metadata.items()
        for entry in entries
        if entry.get("type") == "aws:cdk:logicalId"
    }


def physical_name(resource: Declared, cloudformation: Callable[[], Any]) -> str:
    """The deployed name of ``resource``: its literal Name, or CloudFormation's record."""
    if resource.deployed_name or resource.literal_name:
        return resource.deployed_name or resource.literal_name
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


def deployed(cloudformation: Any, stack: str, types: tuple[str, ...]) -> list[Declared]:
    """The Glue resources of a deployed stack, for when no cloud assembly is at hand.

    Their paths are ``<stack>/<logical id>``: construct paths live only in the assembly.
    """
    try:
        found = cloudformation.describe_stack_resources(StackName=stack)["StackResources"]
    except Exception as error:
        if error_code(error) == "ValidationError":
            raise OpsError(f"no stack {stack} in this account and region", 2) from error
        raise explain(error, f"list the resources of stack {stack}") from error
    return [
        Declared(
            f"{stack}/{r['LogicalResourceId']}",
            stack,
            r["LogicalResourceId"],
            r["ResourceType"],
            {},
            r.get("PhysicalResourceId"),
        )
        for r in found
        if r["ResourceType"] in types and r.get("PhysicalResourceId")
    ]


def resolve(
    name: str, type_: str, assembly: Assembly, cloudformation: Callable[[], Any]
) -> Resolved:
    """A JOB/CRAWLER/NAME argument as a physical name (see the module docstring)."""
    found = assembly.find(name, type_) if "/" in name else None
    if found is None:
        return Resolved(name)
    return Resolved(physical_name(found, cloudformation), found.path)
