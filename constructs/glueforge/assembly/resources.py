"""The CloudFormation resources of a synthesized cloud assembly, found by construct path.

A construct path (``DataLake/OrdersJob``) names a resource through the assembly: the
manifest lists the stacks, and each stack template tags its resources with
``Metadata["aws:cdk:path"]`` (or, with path metadata turned off, the stack's metadata maps
paths to ``aws:cdk:logicalId``). A path names a resource directly
(``DataLake/OrdersJob/Resource``), through its L2 (``DataLake/OrdersJob``), or through any
construct holding exactly one resource of the wanted type.

This gives each resource its stack and logical id; turning those into the deployed
physical name is deploy-time knowledge, and lives in :mod:`glueforge.ops.resolve`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from glueforge.assembly.reader import AssemblyError, is_assembly, stacks

# The CloudFormation types of the Glue resources the CLI operates, and what it calls them.
JOB = "AWS::Glue::Job"
CRAWLER = "AWS::Glue::Crawler"
WORKFLOW = "AWS::Glue::Workflow"
KIND_NAMES = {JOB: "job", CRAWLER: "crawler", WORKFLOW: "workflow"}


@dataclass(frozen=True)
class DeclaredResource:
    """A resource the synthesized app declares: where it is, and its template entry."""

    path: str
    stack_name: str
    logical_id: str
    type: str
    properties: dict

    @property
    def literal_name(self) -> str | None:
        """The ``Name`` written in the template, None when CloudFormation generates it."""
        name = self.properties.get("Name")
        return name if isinstance(name, str) else None


class AssemblyResources:
    """Every resource of the cloud assembly at ``outdir`` that has a construct path.

    A folder without a ``manifest.json`` holds no resources (``exists`` is False).
    """

    def __init__(self, outdir: str | Path):
        self.outdir = Path(outdir)
        self.exists = is_assembly(self.outdir)
        self.resources: list[DeclaredResource] = list(_read(self.outdir)) if self.exists else []

    def of_type(self, type_: str, stack: str | None = None) -> list[DeclaredResource]:
        """The resources of CloudFormation type ``type_``, in ``stack`` if given."""
        return [
            r
            for r in self.resources
            if r.type == type_ and (stack is None or r.stack_name == stack)
        ]

    def find(self, path: str, type_: str) -> DeclaredResource | None:
        """The resource of ``type_`` that ``path`` names, None if no construct matches.

        Raises :class:`AssemblyError` (exit code 2) when the construct holds no resource
        of ``type_``, or several.
        """
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
            raise AssemblyError(f"{path} holds no Glue {kind} ({type_}); it holds {found}", 2)
        listed = ", ".join(r.path for r in matching)
        raise AssemblyError(f"{path} holds {len(matching)} Glue {kind}s; name one: {listed}", 2)


def _read(outdir: Path) -> Iterator[DeclaredResource]:
    for stack in stacks(outdir):
        paths = stack.logical_id_paths()
        for logical_id, resource in stack.template().get("Resources", {}).items():
            path = resource.get("Metadata", {}).get("aws:cdk:path") or paths.get(logical_id)
            if path:
                yield DeclaredResource(
                    path.strip("/"),
                    stack.stack_name,
                    logical_id,
                    resource.get("Type", ""),
                    resource.get("Properties", {}),
                )
