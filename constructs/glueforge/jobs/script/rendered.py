"""A job's script: its spec list rendered through a template, then checked.

It goes through :mod:`~glueforge.jobs.script.context` (what the template sees),
:mod:`~glueforge.jobs.script.environment` (the Jinja environment, with the literal
filters of :mod:`~glueforge.jobs.script.filters`) and
:mod:`~glueforge.jobs.script.checks` (what a script must pass before it ships).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from glueforge.core.vocabulary import Language
from glueforge.jobs.script.checks import check_script
from glueforge.jobs.script.context import build_context
from glueforge.jobs.script.environment import render
from glueforge.jobs.specs.base import JobSpec

BUILT_IN_TEMPLATES: dict[Language, str] = {
    Language.PYSPARK: "pyspark/etl.py.j2",
    Language.SCALA: "scala/etl.scala.j2",
}
SCRIPT_SUFFIX: dict[Language, str] = {Language.PYSPARK: ".py", Language.SCALA: ".scala"}


@dataclass(frozen=True)
class RenderedScript:
    """A rendered script and what it was rendered from."""

    text: str
    template: str
    language: Language
    argument_names: tuple[str, ...]


def render_script(
    job: JobSpec,
    language: Language | str,
    *,
    construct_path: str,
    version: str,
    template: str | None = None,
    template_folders: Sequence[str] = (),
    variables: Mapping[str, Any] | None = None,
) -> tuple[RenderedScript, list[str]]:
    """Render and check the script; returns it with any problems found.

    :raises ~glueforge.jobs.script.environment.ScriptError: when the template cannot be
        rendered.
    """
    language = Language(language)
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
