"""Turn a job's spec list into a script: the clean context templates lay out.

Python decides everything here (variable names, argument names, imports, option dicts,
with :class:`~glueforge.jobs.script.render.ArgRef` where a deploy-time value is read);
templates only place it. The same spec list gives the job its arguments, so the names the
script reads are exactly the names the job passes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from glueforge.core.vocabulary import Language
from glueforge.jobs.script.render import ArgRef, check_script, render
from glueforge.jobs.specs.base import JobSpec, Spec

BUILT_IN_TEMPLATES: dict[Language, str] = {
    "pyspark": "pyspark/etl.py.j2",
    "scala": "scala/etl.scala.j2",
}
SCRIPT_SUFFIX: dict[Language, str] = {"pyspark": ".py", "scala": ".scala"}
# Imports every PySpark script needs, whatever its steps.
BASE_PY_IMPORTS = {
    "awsglue.context": ("GlueContext",),
    "awsglue.job": ("Job",),
    "awsglue.utils": ("getResolvedOptions",),
    "pyspark.context": ("SparkContext",),
}


@dataclass(frozen=True)
class RenderedScript:
    """A rendered script and what it was rendered from."""

    text: str
    template: str
    language: Language
    argument_names: tuple[str, ...]


def argument_names(job: JobSpec) -> tuple[str, ...]:
    """Every job argument the script reads, in a stable order."""
    names = ["JOB_NAME"]
    if any(getattr(step, "uses_temp_dir", False) for step in job.steps):
        names.append("TempDir")
    return (*names, *job.arguments())


def step_view(step: Spec, language: Language) -> dict[str, Any]:
    """What a macro sees of one step: static values and argument references only."""
    prefix = f"{step.role}_{step.name}_"
    args = {name.removeprefix(prefix): name for name in step.arguments()}
    view: dict[str, Any] = {
        "var": step.name,
        "ctx": step.ctx,
        "macro": step.macro,
        "reads": list(step.reads),
        "args": args,
        **step.render_context(language),
    }
    if "connection_options" not in view and "path" in args:
        view["connection_options"] = _path_options(step, args["path"], view)
    if step.macro == "jdbc" and step.role == "source":
        view["connection_options"] = {
            **view.pop("options"),
            "connectionName": ArgRef(args["connection"]),
        }
    if step.macro == "catalog" and step.role == "source":
        view["database"] = ArgRef(args["database"])
        view["table"] = ArgRef(args["table"])
    return view


def _path_options(step: Spec, path_arg: str, view: dict[str, Any]) -> dict[str, Any]:
    if step.role == "source":
        return {"paths": [ArgRef(path_arg)], **view.get("options", {})}
    options: dict[str, Any] = {"path": ArgRef(path_arg)}
    if view.get("partition_keys"):
        options["partitionKeys"] = view["partition_keys"]
    return options


def build_context(
    job: JobSpec,
    language: Language,
    *,
    construct_path: str,
    template: str,
    version: str,
    variables: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The whole render context of one job script."""
    imports = {**BASE_PY_IMPORTS}
    if job.sinks:
        imports["awsglue.dynamicframe"] = ("DynamicFrame",)
    for module, names in job.imports.items():
        imports[module] = tuple(sorted({*imports.get(module, ()), *names}))
    return {
        "meta": {"version": version, "template": template, "construct_path": construct_path},
        "imports": sorted(imports.items()),
        "argument_names": list(argument_names(job)),
        "uses_spark_session": any(step.macro == "sql" for step in job.transforms),
        "source_steps": [step_view(s, language) for s in job.sources],
        "transform_steps": [step_view(s, language) for s in job.transforms],
        "sink_steps": [step_view(s, language) for s in job.sinks],
        "vars": dict(variables or {}),
    }


def render_script(
    job: JobSpec,
    language: Language,
    *,
    construct_path: str,
    version: str,
    template: str | None = None,
    template_folders: Sequence[str] = (),
    variables: Mapping[str, Any] | None = None,
) -> tuple[RenderedScript, list[str]]:
    """Render and check the script; returns it with any problems found."""
    name = template or BUILT_IN_TEMPLATES[language]
    context = build_context(
        job,
        language,
        construct_path=construct_path,
        template=name,
        version=version,
        variables=variables,
    )
    text = render(name, context, user_folders=template_folders)
    script = RenderedScript(text, name, language, tuple(context["argument_names"]))
    return script, check_script(text, language, template=name)
