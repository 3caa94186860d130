"""What every spec shares, and the job-wide view of a spec list."""

from __future__ import annotations

import keyword
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from aws_cdk import aws_iam as iam

from glueforge.core.vocabulary import Language

NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
SCALA_KEYWORDS = frozenset(
    "abstract case catch class def do else extends false final finally for forSome if "
    "implicit import lazy match new null object override package private protected return "
    "sealed super this throw trait try true type val var while with yield".split()
)
# Names the generated script uses itself; a spec may not shadow them.
RESERVED_NAMES = frozenset(
    {"args", "sc", "spark", "glue_context", "job", "sys", "col", "F", "Window", "tables"}
)


@dataclass(frozen=True)
class Spec:
    """A step of a job: a source, a transform or a sink.

    :param name: names the step's output in the script and its job arguments: lowercase
        letters, digits and ``_``, starting with a letter.
    """

    name: str

    role: ClassVar[Literal["source", "transform", "sink"]]
    #: the macro that lays this spec out, in ``_macros/<role>s.j2`` of each language
    macro: ClassVar[str]
    #: Python imports the macro's code needs (module -> names)
    py_imports: ClassVar[dict[str, tuple[str, ...]]] = {}
    #: whether a job bookmark can track this step (sources and sinks)
    bookmarkable: ClassVar[bool] = True

    @property
    def reads(self) -> tuple[str, ...]:
        """Names of the steps this one reads."""
        return ()

    @property
    def outputs(self) -> tuple[str, ...]:
        """Names this step defines for later steps."""
        return (self.name,) if self.role != "sink" else ()

    @property
    def ctx(self) -> str:
        """The transformation_ctx, which job bookmarks key their state on."""
        return f"{self.role}_{self.name}"

    def arguments(self) -> dict[str, Any]:
        """Job arguments (without ``--``) carrying this step's deploy-time values."""
        return {}

    def local_arguments(self) -> dict[str, dict[str, Any]]:
        """How each of :meth:`arguments` maps to a local value, for ``glueforge local-run``.

        Argument name -> ``{"kind": ...}`` with what a local run needs and the template
        cannot know, e.g. ``{"kind": "s3", "bucket": "RawBucket", "key": "clicks/"}``.
        """
        return {}

    def grant(self, grantee: iam.IGrantable) -> None:
        """Give the job's role exactly what this step touches."""

    def connections(self) -> Sequence[Any]:
        """Glue connections the job needs for this step."""
        return ()

    def problems(self) -> list[str]:
        """Why this spec is invalid; empty when it is valid."""
        return []

    def render_context(self, language: Language) -> dict[str, Any]:
        """Static values the macro lays out: never a deploy-time token."""
        return {}

    def arg(self, suffix: str) -> str:
        """The job argument name for one of this step's deploy-time values."""
        return f"{self.role}_{self.name}_{suffix}"


def local_name(value: str, construct: Any) -> str:
    """A physical name where the app fixes it; its construct id where only deploy knows it.

    aws-cdk-lib's L2s return ``Ref`` tokens even for names the app gives, so look at the
    name in the resource's own properties (``database_input``/``table_input``) too.
    """
    from aws_cdk import Stack, Token

    if not Token.is_unresolved(value):
        return value
    child = construct.node.default_child
    for attribute in ("database_input", "table_input"):
        given = getattr(getattr(child, attribute, None), "name", None)
        if given is not None:
            resolved = Stack.of(construct).resolve(given)
            if isinstance(resolved, str):
                return resolved
    return construct.node.id


def s3_argument(bucket: Any, key: str) -> dict[str, Any]:
    """A local-run mapping of an ``s3://`` URL: the bucket by its construct id."""
    return {"kind": "s3", "bucket": bucket.node.id, "key": key}


def name_problems(spec: Spec) -> list[str]:
    if not NAME.match(spec.name):
        return [
            f"{spec.role} name {spec.name!r} must be lowercase letters, digits and '_', "
            "starting with a letter (at most 63), e.g. 'orders'"
        ]
    if keyword.iskeyword(spec.name) or spec.name in SCALA_KEYWORDS:
        return [f"{spec.role} name {spec.name!r} is a Python or Scala keyword; pick another"]
    if spec.name in RESERVED_NAMES:
        return [f"{spec.role} name {spec.name!r} is reserved by the generated script"]
    return []


def column_problems(label: str, columns: Sequence[str]) -> list[str]:
    return (
        [f"{label}: column names must not be empty, got {list(columns)!r}"]
        if any(not str(c).strip() for c in columns)
        else []
    )


@dataclass(frozen=True)
class JobSpec:
    """A job's whole spec list, checked as a graph: inputs exist, names are unique."""

    steps: tuple[Spec, ...]
    imports: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, steps: Sequence[Spec]) -> JobSpec:
        imports: dict[str, set[str]] = {}
        for step in steps:
            for module, names in step.py_imports.items():
                imports.setdefault(module, set()).update(names)
        return cls(tuple(steps), {m: tuple(sorted(n)) for m, n in sorted(imports.items())})

    @property
    def sources(self) -> tuple[Spec, ...]:
        return tuple(s for s in self.steps if s.role == "source")

    @property
    def transforms(self) -> tuple[Spec, ...]:
        return tuple(s for s in self.steps if s.role == "transform")

    @property
    def sinks(self) -> tuple[Spec, ...]:
        return tuple(s for s in self.steps if s.role == "sink")

    def problems(self) -> list[str]:
        problems: list[str] = []
        if not self.sources:
            problems.append("a job needs at least one source, e.g. S3Source('orders', ...)")
        if not self.sinks:
            problems.append("a job needs at least one sink, e.g. S3Sink('curated', ...)")
        defined: set[str] = set()
        seen: set[tuple[str, str]] = set()
        # Steps are laid out sources, transforms, sinks; within each, in the given order.
        for step in (*self.sources, *self.transforms, *self.sinks):
            problems.extend(name_problems(step))
            problems.extend(f"{step.role} {step.name!r}: {p}" for p in step.problems())
            key = (step.role if step.role == "sink" else "value", step.name)
            if key in seen:
                problems.append(f"{step.role} name {step.name!r} is used twice")
            seen.add(key)
            for missing in [i for i in step.reads if i not in defined]:
                problems.append(
                    f"{step.role} {step.name!r} reads {missing!r}, which no earlier source or "
                    f"transform defines; defined so far: {sorted(defined)}"
                )
            defined.update(step.outputs)
        return problems

    def arguments(self) -> dict[str, Any]:
        """Every step's job arguments, in step order."""
        merged: dict[str, Any] = {}
        for step in self.steps:
            merged.update(step.arguments())
        return merged

    def local_arguments(self) -> dict[str, dict[str, Any]]:
        """Every step's :meth:`Spec.local_arguments`, in step order."""
        merged: dict[str, dict[str, Any]] = {}
        for step in self.steps:
            merged.update(step.local_arguments())
        return merged

    @property
    def bookmarkable(self) -> bool:
        """Whether a job bookmark can track every source."""
        return all(s.bookmarkable for s in self.sources)
