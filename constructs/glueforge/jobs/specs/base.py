"""What every spec shares, and the job-wide view of a spec list."""

from __future__ import annotations

import keyword
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from aws_cdk import aws_iam as iam

from glueforge.assembly.local_arguments import LocalArgument, LocalS3Url
from glueforge.core.limits import field_token_problems
from glueforge.core.stack_cache import node_id, node_of, stack_of
from glueforge.core.tokens import is_unresolved
from glueforge.core.vocabulary import GlueVersion, Language
from glueforge.jobs.arguments import ArgRef, argument_name

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


class Stage(StrEnum):
    """Where a spec sits in a job: the script reads sources, transforms, then writes sinks.

    Its value starts the spec's argument names and its ``transformation_ctx``
    (``source_orders``), which job bookmarks key their state on.
    """

    SOURCE = "source"
    TRANSFORM = "transform"
    SINK = "sink"


@dataclass(frozen=True)
class Spec:
    """One part of a job: a source, a transform or a sink.

    :param name: names the spec's output in the script and its job arguments: lowercase
        letters, digits and ``_``, starting with a letter.
    """

    name: str

    stage: ClassVar[Stage]
    #: the macro that lays this spec out, in ``_macros/<stage>s.j2`` of each language
    macro: ClassVar[str]
    #: Python imports the macro's code needs (module -> names)
    py_imports: ClassVar[dict[str, tuple[str, ...]]] = {}
    #: whether a job bookmark can track this spec (sources and sinks)
    bookmarkable: ClassVar[bool] = True
    #: Glue's own job arguments the macro reads, e.g. ``TempDir``
    glue_arguments: ClassVar[tuple[str, ...]] = ()
    #: whether the macro's code needs the script's ``spark`` session
    uses_spark_session: ClassVar[bool] = False
    #: sinks: whether the macro's code writes a ``DynamicFrame`` (the script imports it)
    writes_dynamic_frame: ClassVar[bool] = True
    #: the oldest Glue version that can run this spec's code; None: any
    minimum_glue_version: ClassVar[GlueVersion | None] = None

    @property
    def reads(self) -> tuple[str, ...]:
        """Names of the specs this one reads."""
        return ()

    @property
    def outputs(self) -> tuple[str, ...]:
        """Names this spec defines for later specs."""
        return (self.name,) if self.stage is not Stage.SINK else ()

    @property
    def ctx(self) -> str:
        """The transformation_ctx, which job bookmarks key their state on."""
        return f"{self.stage}_{self.name}"

    def deploy_values(self) -> dict[str, Any]:
        """This spec's deploy-time values (tokens), by key, e.g. ``{"path": <bucket URL>}``.

        Each becomes one job argument, named by :meth:`arg`; the script reads it through
        :meth:`ref`. Specs override this, never :meth:`arguments`.
        """
        return {}

    def arguments(self) -> dict[str, Any]:
        """Job arguments (without ``--``) carrying this spec's deploy-time values."""
        return {self.arg(key): value for key, value in self.deploy_values().items()}

    def job_settings(self) -> dict[str, str]:
        """Glue's own job arguments (without ``--``) this spec needs, e.g.
        ``datalake-formats``. Glue reads them, not the script: unlike :meth:`arguments`,
        ``getResolvedOptions`` does not list them."""
        return {}

    def argument_refs(self) -> dict[str, ArgRef]:
        """What the script reads for each of :meth:`deploy_values`, by the same key."""
        return {key: self.ref(key) for key in self.deploy_values()}

    def local_arguments(self) -> dict[str, LocalArgument]:
        """How each of :meth:`arguments` maps to a local value, for ``glueforge local-run``.

        Argument name -> what a local run needs and the template cannot know, e.g.
        ``LocalS3Url(bucket="RawBucket", key="clicks/")``.
        """
        return {}

    def grant(self, grantee: iam.IGrantable) -> None:
        """Give the job's role exactly what this spec touches."""

    def connections(self) -> Sequence[Any]:
        """Glue connections the job needs for this spec."""
        return ()

    def problems(self) -> list[str]:
        """Why this spec is invalid; empty when it is valid."""
        return []

    def problems_with_inputs(self, steps: Sequence[Spec]) -> list[str]:
        """:meth:`problems`, knowing the job's ``steps`` laid out before this one (sources,
        then transforms): a spec that can check more against them overrides this (e.g.
        EvaluateDataQuality, its column references against its input's declared columns).
        :meth:`JobSpec.problems` calls this, not :meth:`problems`."""
        return self.problems()

    def render_context(self, language: Language) -> dict[str, Any]:
        """What the macro lays out besides ``var``, ``ctx``, ``reads`` and ``args``.

        Static values, and :class:`~glueforge.jobs.arguments.ArgRef` (from :meth:`ref`)
        where a deploy-time value is read: never a deploy-time token.
        """
        return {}

    def arg(self, key: str) -> str:
        """The job argument name for one of this spec's deploy-time values."""
        return argument_name(self.stage, self.name, key)

    def ref(self, key: str) -> ArgRef:
        """The script's read of one of this spec's deploy-time values."""
        return ArgRef(self.arg(key))


def local_name(value: str, construct: Any) -> str:
    """A physical name where the app fixes it; its construct id where only deploy knows it.

    aws-cdk-lib's L2s return ``Ref`` tokens even for names the app gives, so look at the
    name in the resource's own properties (``database_input``/``table_input``) too.
    """
    if not is_unresolved(value):
        return value
    child = node_of(construct).default_child
    for attribute in ("database_input", "table_input"):
        given = getattr(getattr(child, attribute, None), "name", None)
        if given is not None:
            resolved = stack_of(construct).resolve(given)
            if isinstance(resolved, str):
                return resolved
    return node_id(construct)


def s3_argument(bucket: Any, key: str) -> LocalS3Url:
    """A local-run mapping of an ``s3://`` URL: the bucket by its construct id."""
    return LocalS3Url(bucket=node_id(bucket), key=key)


def name_problems(spec: Spec) -> list[str]:
    if not NAME.match(spec.name):
        return [
            f"{spec.stage} name {spec.name!r} must be lowercase letters, digits and '_', "
            "starting with a letter (at most 63), e.g. 'orders'"
        ]
    if keyword.iskeyword(spec.name) or spec.name in SCALA_KEYWORDS:
        return [f"{spec.stage} name {spec.name!r} is a Python or Scala keyword; pick another"]
    if spec.name in RESERVED_NAMES:
        return [f"{spec.stage} name {spec.name!r} is reserved by the generated script"]
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

    specs: tuple[Spec, ...]
    imports: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, specs: Sequence[Spec]) -> JobSpec:
        imports: dict[str, set[str]] = {}
        for spec in specs:
            for module, names in spec.py_imports.items():
                imports.setdefault(module, set()).update(names)
        return cls(tuple(specs), {m: tuple(sorted(n)) for m, n in sorted(imports.items())})

    @property
    def sources(self) -> tuple[Spec, ...]:
        return tuple(s for s in self.specs if s.stage is Stage.SOURCE)

    @property
    def transforms(self) -> tuple[Spec, ...]:
        return tuple(s for s in self.specs if s.stage is Stage.TRANSFORM)

    @property
    def sinks(self) -> tuple[Spec, ...]:
        return tuple(s for s in self.specs if s.stage is Stage.SINK)

    def problems(self) -> list[str]:
        problems: list[str] = []
        if not self.sources:
            problems.append("a job needs at least one source, e.g. S3Source('orders', ...)")
        if not self.sinks:
            problems.append("a job needs at least one sink, e.g. S3Sink('curated', ...)")
        defined: set[str] = set()
        seen: set[tuple[str, str]] = set()
        earlier: list[Spec] = []
        # Specs are laid out sources, transforms, sinks; within each, in the given order.
        for spec in (*self.sources, *self.transforms, *self.sinks):
            problems.extend(name_problems(spec))
            problems.extend(
                f"{spec.stage} {spec.name!r}: {p}"
                for p in [*field_token_problems(spec), *spec.problems_with_inputs(tuple(earlier))]
            )
            earlier.append(spec)
            # Sinks define no value: a sink's name may repeat a source's or transform's.
            key = (spec.stage if spec.stage is Stage.SINK else "value", spec.name)
            if key in seen:
                problems.append(f"{spec.stage} name {spec.name!r} is used twice")
            seen.add(key)
            for missing in [i for i in spec.reads if i not in defined]:
                problems.append(
                    f"{spec.stage} {spec.name!r} reads {missing!r}, which no earlier source or "
                    f"transform defines; defined so far: {sorted(defined)}"
                )
            defined.update(spec.outputs)
        return problems

    def arguments(self) -> dict[str, Any]:
        """Every spec's job arguments, in spec order."""
        merged: dict[str, Any] = {}
        for spec in self.specs:
            merged.update(spec.arguments())
        return merged

    def job_settings(self) -> tuple[dict[str, str], list[str]]:
        """Every spec's :meth:`Spec.job_settings`, and why they cannot be merged (two specs
        setting one argument to different values); empty problems when they can."""
        merged: dict[str, str] = {}
        problems: list[str] = []
        for spec in self.specs:
            for name, value in spec.job_settings().items():
                if merged.setdefault(name, value) != value:
                    problems.append(
                        f"{spec.stage} {spec.name!r} sets --{name} to {value!r}, but an "
                        f"earlier step sets it to {merged[name]!r}: give them the same settings"
                    )
        return merged, problems

    def glue_version_problems(self, glue_version: GlueVersion | str) -> list[str]:
        """Why a job of ``glue_version`` cannot run these specs; empty when it can."""
        try:
            version = GlueVersion(glue_version)
        except ValueError:
            return []  # the job's own glue_version check names the valid values
        return [
            f"{spec.stage} {spec.name!r} needs glue_version {spec.minimum_glue_version.value} "
            f"or later, got {version.value}"
            for spec in self.specs
            if spec.minimum_glue_version is not None
            and _version_key(version) < _version_key(spec.minimum_glue_version)
        ]

    def local_arguments(self) -> dict[str, LocalArgument]:
        """Every step's :meth:`Spec.local_arguments`, in step order."""
        merged: dict[str, LocalArgument] = {}
        for step in self.specs:
            merged.update(step.local_arguments())
        return merged

    def glue_arguments(self) -> tuple[str, ...]:
        """Glue's own job arguments the specs' macros read, each once, in spec order."""
        names: list[str] = []
        for spec in self.specs:
            names += [name for name in spec.glue_arguments if name not in names]
        return tuple(names)

    @property
    def uses_spark_session(self) -> bool:
        """Whether any spec's code needs the script's ``spark`` session."""
        return any(spec.uses_spark_session for spec in self.specs)

    @property
    def bookmarkable(self) -> bool:
        """Whether a job bookmark can track every source."""
        return all(s.bookmarkable for s in self.sources)


def _version_key(version: GlueVersion) -> tuple[int, ...]:
    return tuple(int(part) for part in version.value.split("."))
