"""The Jinja environment job scripts render in: the template folders, strict and raw.

``StrictUndefined`` makes a misspelt or missing value fail the render instead of
rendering as nothing; autoescaping is off because the output is code, not HTML, and the
literal filters (:mod:`glueforge.jobs.script.filters`) do the escaping instead.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2

from glueforge.jobs.script.context import TEMPLATE_VARIABLES
from glueforge.jobs.script.filters import FILTERS

# StrictUndefined's message for a bare name that is not in the context.
_UNDEFINED_NAME = re.compile(r"^'(?P<name>[^']+)' is undefined$")


class ScriptError(ValueError):
    """A template could not be rendered; the message names the template and the error."""


@functools.lru_cache(maxsize=16)
def environment(user_folders: tuple[str, ...] = ()) -> jinja2.Environment:
    """The Jinja environment: user folders first, then glueforge's shipped templates."""
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(list(user_folders))]
    loaders.append(jinja2.FileSystemLoader(str(files("glueforge.job_templates"))))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


def render(template: str, context: Mapping[str, Any], *, user_folders: Sequence[str] = ()) -> str:
    """Render ``template`` (a path inside the template folders) with ``context``."""
    env = environment(tuple(str(Path(f).resolve()) for f in user_folders))
    try:
        return env.get_template(template).render(**context)
    except jinja2.UndefinedError as error:
        hint = undefined_hint(str(error), context)
        raise ScriptError(f"template {template}: {error}{hint}") from None
    except jinja2.TemplateNotFound as error:
        raise ScriptError(f"template {template} not found: {error}") from None
    except jinja2.TemplateSyntaxError as error:
        raise ScriptError(
            f"template {error.filename or template}:{error.lineno}: {error.message}"
        ) from None


def undefined_hint(message: str, context: Mapping[str, Any]) -> str:
    """What to write instead of an undefined bare name, from ``context``'s keys.

    A name among the template variables is written ``vars.<name>``; any other name gets
    the closest context key, if one is close, and the list of what the context holds.
    """
    match = _UNDEFINED_NAME.match(message)
    if match is None:
        return ""
    name = match["name"]
    variables = context.get(TEMPLATE_VARIABLES)
    variables = variables if isinstance(variables, Mapping) else {}
    if name in variables:
        return (
            f"; template_variables reach the template as {TEMPLATE_VARIABLES}: "
            f"write {TEMPLATE_VARIABLES}.{name}"
        )
    candidates = [*context, *(f"{TEMPLATE_VARIABLES}.{key}" for key in variables)]
    close = difflib.get_close_matches(name, candidates, n=1)
    offered = ", ".join(sorted(context))
    if variables:
        offered += f" ({TEMPLATE_VARIABLES} holds {', '.join(sorted(map(str, variables)))})"
    guess = f"did you mean {close[0]}? " if close else ""
    return f"; {guess}the template sees: {offered}"
