"""The render context: what a job script's template sees of the job's spec list.

Python decides everything here (variable names, argument names, imports, option dicts,
with :class:`~glueforge.jobs.arguments.ArgRef` where a deploy-time value is read);
templates only place it. Each spec prepares its own part (:meth:`Spec.render_context
<glueforge.jobs.specs.base.Spec.render_context>`); this module only gathers the parts.
The same spec list gives the job its arguments, so the names the script reads are
exactly the names the job passes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from glueforge.core.vocabulary import Language
from glueforge.jobs.arguments import JOB_NAME, ArgRef
from glueforge.jobs.specs.base import JobSpec, Spec

#: The context key that holds a job's ``template_variables``: templates write ``vars.name``.
TEMPLATE_VARIABLES = "vars"

# Imports every PySpark script needs, whatever its specs.
BASE_PY_IMPORTS = {
    "awsglue.context": ("GlueContext",),
    "awsglue.job": ("Job",),
    "awsglue.utils": ("getResolvedOptions",),
    "pyspark.context": ("SparkContext",),
}


def argument_names(job: JobSpec) -> tuple[str, ...]:
    """Every job argument the script reads, in a stable order."""
    return (JOB_NAME, *job.glue_arguments(), *job.arguments())


def spec_view(spec: Spec, language: Language) -> dict[str, Any]:
    """What a macro sees of one spec: static values and argument references only.

    ``var`` names its output, ``ctx`` is its transformation_ctx, ``reads`` names its
    inputs and ``args`` holds an :class:`ArgRef` per deploy-time value (e.g.
    ``spec.args.path``), for templates of your own; the rest is the spec's
    :meth:`~glueforge.jobs.specs.base.Spec.render_context`.
    """
    return {
        "var": spec.name,
        "ctx": spec.ctx,
        "macro": spec.macro,
        "reads": list(spec.reads),
        "args": spec.argument_refs(),
        **spec.render_context(language),
    }


def py_imports(job: JobSpec) -> list[tuple[str, tuple[str, ...]]]:
    """The script's ``from module import names``, sorted by module."""
    imports = {**BASE_PY_IMPORTS}
    if any(sink.writes_dynamic_frame for sink in job.sinks):
        imports["awsglue.dynamicframe"] = ("DynamicFrame",)
    for module, names in job.imports.items():
        imports[module] = tuple(sorted({*imports.get(module, ()), *names}))
    return sorted(imports.items())


def build_context(
    job: JobSpec,
    language: Language,
    *,
    construct_path: str,
    template: str,
    version: str,
    variables: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The whole render context of one job script.

    ``meta`` names the script's origin for its header; ``argument_names`` lists what
    ``getResolvedOptions`` reads; ``job_name_arg`` reads the job's name; the specs come
    in ``source_specs``, ``transform_specs`` and ``sink_specs`` (each a
    :func:`spec_view`); ``vars`` holds ``template_variables``.
    """
    return {
        "meta": {"version": version, "template": template, "construct_path": construct_path},
        "imports": py_imports(job),
        "argument_names": list(argument_names(job)),
        "job_name_arg": ArgRef(JOB_NAME),
        "uses_spark_session": job.uses_spark_session,
        "source_specs": [spec_view(s, language) for s in job.sources],
        "transform_specs": [spec_view(s, language) for s in job.transforms],
        "sink_specs": [spec_view(s, language) for s in job.sinks],
        TEMPLATE_VARIABLES: dict(variables or {}),
    }
