"""What a pipeline runs and waits on: jobs and crawlers, as :class:`RunnableRef` values.

A pipeline takes any job or crawler, wherever it was made, so it knows them by what they
have, not by their class: a ``job_name`` or a ``crawler_name``, or the L1 resource itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

from aws_cdk import aws_glue as glue
from constructs import Construct

from glueforge.core.stack_cache import node_id, node_path
from glueforge.core.tokens import is_unresolved

RunnableKind = Literal["job", "crawler"]


@runtime_checkable
class NamedJob(Protocol):
    """Any Glue job with its name: ``aws_glue.IJob``, ``glueforge.EtlJob``, imported jobs."""

    @property
    def job_name(self) -> str: ...


@runtime_checkable
class NamedCrawler(Protocol):
    """Any Glue crawler with its name: ``glueforge.Crawler``, ``Crawler.from_crawler_name``."""

    @property
    def crawler_name(self) -> str: ...


#: What a pipeline runs and waits on: anything with a ``job_name`` or a ``crawler_name``,
#: or a plain ``aws_glue.CfnJob`` or ``aws_glue.CfnCrawler``.
Runnable = NamedJob | NamedCrawler | glue.CfnJob | glue.CfnCrawler


@dataclass(frozen=True)
class RunnableRef:
    """One job or crawler as a pipeline sees it."""

    kind: RunnableKind
    name: str  # the Glue name; may be a deploy-time token
    label: str  # what drawings and errors show
    key: str  # identity within an app
    construct: Construct | None

    @classmethod
    def of(cls, runnable: Runnable) -> RunnableRef:
        if isinstance(runnable, glue.CfnJob):
            return cls._make("job", runnable.ref, runnable.name, runnable)
        if isinstance(runnable, glue.CfnCrawler):
            return cls._make("crawler", runnable.ref, runnable.name, runnable)
        crawler_name = getattr(runnable, "crawler_name", None)
        if isinstance(crawler_name, str):
            return cls._make("crawler", crawler_name, crawler_name, runnable)
        job_name = getattr(runnable, "job_name", None)
        if isinstance(job_name, str):
            return cls._make("job", job_name, job_name, runnable)
        raise TypeError(
            f"a pipeline step must be a job (with a job_name, or an aws_glue.CfnJob) or a "
            f"crawler (with a crawler_name, or an aws_glue.CfnCrawler), got {runnable!r}"
        )

    @classmethod
    def _make(
        cls, kind: RunnableKind, name: str, given_name: str | None, runnable: Any
    ) -> RunnableRef:
        construct = runnable if isinstance(runnable, Construct) else None
        if given_name and not is_unresolved(given_name):
            # The same Glue name is the same job or crawler, however often it was imported.
            return cls(kind, name, given_name, f"{kind}:{given_name}", construct)
        if construct is None:
            raise TypeError(f"a {kind} whose name is a token must be a construct, got {runnable!r}")
        return cls(kind, name, node_id(construct), f"{kind}@{node_path(construct)}", construct)

    def describe(self) -> str:
        return f"{self.kind} {self.label!r}"

    def action(self) -> dict[str, str]:
        return {"jobName": self.name} if self.kind == "job" else {"crawlerName": self.name}
