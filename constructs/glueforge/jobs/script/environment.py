"""The Jinja environment job scripts render in: the template folders, strict and raw.

``StrictUndefined`` makes a misspelt or missing value fail the render instead of
rendering as nothing; autoescaping is off because the output is code, not HTML, and the
literal filters (:mod:`glueforge.jobs.script.filters`) do the escaping instead.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2

from glueforge.jobs.script.filters import FILTERS


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
        raise ScriptError(f"template {template}: {error}") from None
    except jinja2.TemplateNotFound as error:
        raise ScriptError(f"template {template} not found: {error}") from None
    except jinja2.TemplateSyntaxError as error:
        raise ScriptError(
            f"template {error.filename or template}:{error.lineno}: {error.message}"
        ) from None
