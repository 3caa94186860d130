"""A job as local runs see it: its script and how its arguments map to local values.

The same metadata comes from the synthesized assembly (``glueforge:job-scripts``, for
the CLI) or straight from an ``EtlJob`` construct (for tests and the demo).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glueforge.assembly.local_arguments import (
    LocalArgument,
    LocalJdbcConnection,
    arguments_from_metadata,
)
from glueforge.assembly.reader import script_entries
from glueforge.local.errors import LocalRunError


@dataclass(frozen=True)
class LocalJob:
    """One job's script, its job name and its arguments' local mappings."""

    path: str
    job_name: str
    file_name: str
    script: str
    bookmarks: bool
    argument_names: tuple[str, ...]
    local_arguments: dict[str, LocalArgument] = field(default_factory=dict)

    @classmethod
    def from_metadata(cls, path: str, data: dict[str, Any]) -> LocalJob:
        if data.get("language") != "pyspark":
            raise LocalRunError(
                f"{path}: local runs need a pyspark job, got {data.get('language')}"
            )
        if "localArguments" not in data:
            raise LocalRunError(
                f"{path}: the assembly predates local runs (no localArguments); synthesize again"
            )
        try:
            local_arguments = arguments_from_metadata(data["localArguments"])
        except ValueError as error:
            raise LocalRunError(f"{path}: {error}; synthesize again") from error
        return cls(
            path=path,
            job_name=data["jobName"],
            file_name=data["fileName"],
            script=data["script"],
            bookmarks=bool(data["bookmarks"]),
            argument_names=tuple(data["argumentNames"]),
            local_arguments=local_arguments,
        )

    def jdbc_databases(self) -> dict[str, str | None]:
        """Local connection name -> the database its Glue connection names, if any."""
        return {
            argument.name: argument.database
            for argument in self.local_arguments.values()
            if isinstance(argument, LocalJdbcConnection)
        }

    @classmethod
    def from_construct(cls, job: Any) -> LocalJob:
        """From an ``EtlJob``: reads the very record it keeps for the assembly."""
        return cls.from_metadata(job.node.path, job.script_metadata)


def load_jobs(assembly: str | Path) -> list[LocalJob]:
    """Every pyspark glueforge job of a synthesized cloud assembly."""
    return [
        LocalJob.from_metadata(path, data)
        for path, data in sorted(script_entries(assembly), key=lambda entry: entry[0])
        if data.get("language") == "pyspark"
    ]


def find_job(jobs: Iterable[LocalJob], name: str) -> LocalJob:
    """By job name, construct path, or the last parts of a construct path."""
    jobs = list(jobs)
    for job in jobs:
        if name in (job.job_name, job.path):
            return job
    matches = [j for j in jobs if j.path.endswith("/" + name.strip("/"))]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(sorted(j.job_name for j in jobs)) or "none"
    problem = "matches several jobs" if matches else "is no pyspark glueforge job"
    raise LocalRunError(f"{name!r} {problem}; jobs: {known}")
