"""Render job scripts from Jinja templates, safely, and check what comes out.

Templates only lay code out. Every user value reaches a script through a literal filter
(``py``, ``scala`` or ``json``), never raw, and undefined names fail the render
(``StrictUndefined``). A rendered script is then checked before it can ship: it must
contain no unresolved CDK token, PySpark must compile and pass pyflakes, and Scala must
parse where ``scalac`` is installed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2

from glueforge.core.vocabulary import Language

TOKEN_MARKER = "${Token["
_SCALA_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


class ScriptError(ValueError):
    """A rendered script failed a check; the message names the template and the error."""


@dataclass(frozen=True)
class ArgRef:
    """A job argument the script reads at run time, e.g. ``args["source_orders_path"]``."""

    name: str


LINE_WIDTH = 88


def py_literal(value: Any, indent: int = 0) -> str:
    """A Python literal for ``value``: strings, numbers, booleans, None, lists, dicts,
    and :class:`ArgRef`. Long lists and dicts break over lines, ``indent`` deep."""
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()
    if isinstance(value, ArgRef):
        return f"args[{py_literal(value.name)}]"
    if isinstance(value, str):
        text = repr(value)
        # Prefer double quotes; safe only when the string holds no quote of either kind.
        if text.startswith("'") and '"' not in value and "'" not in value:
            text = f'"{text[1:-1]}"'
        return text
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    if isinstance(value, Mapping):
        items = [f"{py_literal(k)}: {py_literal(v, indent + 4)}" for k, v in value.items()]
        return _bracketed("{", items, "}", indent)
    if isinstance(value, list | tuple):
        return _bracketed("[", [py_literal(v, indent + 4) for v in value], "]", indent)
    raise TypeError(f"cannot render {type(value).__name__} {value!r} as a Python literal")


def _bracketed(open_: str, items: list[str], close: str, indent: int) -> str:
    one_line = open_ + ", ".join(items) + close
    if len(one_line) + indent <= LINE_WIDTH and "\n" not in one_line:
        return one_line
    pad = " " * (indent + 4)
    return open_ + "\n" + "".join(f"{pad}{item},\n" for item in items) + " " * indent + close


def scala_literal(value: Any, indent: int = 0) -> str:
    """A Scala literal: strings are plain (never interpolated) string literals, lists are
    ``Seq``, dicts are ``Map``, and an :class:`ArgRef` reads the job argument."""
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()
    if isinstance(value, ArgRef):
        return f"args({scala_literal(value.name)})"
    if isinstance(value, Mapping):
        items = [f"{scala_literal(k)} -> {scala_literal(v, indent + 2)}" for k, v in value.items()]
        return _scala_call("Map", items, indent)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        escaped = "".join(_SCALA_ESCAPES.get(c, _unicode_escape(c)) for c in value)
        return f'"{escaped}"'
    if isinstance(value, list | tuple):
        return _scala_call("Seq", [scala_literal(v, indent + 2) for v in value], indent)
    raise TypeError(f"cannot render {type(value).__name__} {value!r} as a Scala literal")


def _scala_call(name: str, items: list[str], indent: int) -> str:
    one_line = f"{name}(" + ", ".join(items) + ")"
    if len(one_line) + indent <= LINE_WIDTH and "\n" not in one_line:
        return one_line
    pad = " " * (indent + 2)
    return f"{name}(\n" + ",\n".join(f"{pad}{item}" for item in items) + "\n" + " " * indent + ")"


def _unicode_escape(char: str) -> str:
    # Control and non-ASCII characters become \\uXXXX so a literal stays on one line and
    # never ends early; scalac reads \\u escapes before parsing.
    if " " <= char <= "~":
        return char
    return "".join(f"\\u{unit:04x}" for unit in _utf16_units(char))


def _utf16_units(char: str) -> list[int]:
    data = char.encode("utf-16-be")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def json_literal(value: Any) -> str:
    """Compact JSON, for connection options passed as one string."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def comment_text(value: Any) -> str:
    """Text safe inside a one-line comment: no line breaks, no comment terminators."""
    return re.sub(r"[\r\n\u2028\u2029]+", " ", str(value)).replace("*/", "* /")


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
    env.filters.update(py=py_literal, scala=scala_literal, json=json_literal, comment=comment_text)
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


def check_script(script: str, language: Language, *, template: str) -> list[str]:
    """Problems in a rendered script; empty when it may ship."""
    problems = []
    if TOKEN_MARKER in script:
        line = next(i for i, text in enumerate(script.splitlines(), 1) if TOKEN_MARKER in text)
        problems.append(
            f"template {template} rendered an unresolved CDK token at line {line}; "
            "deploy-time values must reach the script as job arguments"
        )
    if language == "pyspark":
        problems.extend(_python_problems(script, template))
    elif scala_parser_available():
        problems.extend(scala_problems({template: script}).get(template, []))
    return problems


@functools.lru_cache(maxsize=512)
def _python_problems(script: str, template: str) -> tuple[str, ...]:
    # Cached by content: many jobs render the same script shape.
    try:
        compile(script, template, "exec")
    except SyntaxError as error:
        return (f"template {template}: line {error.lineno}: {error.msg}",)
    from pyflakes.api import check
    from pyflakes.reporter import Reporter

    class _Collect(Reporter):
        def __init__(self) -> None:
            self.messages: list[str] = []

        def unexpectedError(self, filename, message):  # noqa: N802 (pyflakes API)
            self.messages.append(str(message))

        def syntaxError(self, filename, message, lineno, offset, text):  # noqa: N802
            self.messages.append(f"line {lineno}: {message}")

        def flake(self, message):
            self.messages.append(f"line {message.lineno}: {message.message % message.message_args}")

    reporter = _Collect()
    check(script, template, reporter)
    return tuple(f"template {template}: {m}" for m in reporter.messages)


def scala_parser_available() -> bool:
    return shutil.which("scalac") is not None


def scala_problems(scripts: Mapping[str, str]) -> dict[str, list[str]]:
    """Parse Scala scripts with ``scalac -Ystop-after:parser``, all in one JVM start.

    :param scripts: name -> source. Returns name -> problems, for the names with any.
    """
    if not scripts:
        return {}
    cached = {name: _scala_cache.get(_digest(src)) for name, src in scripts.items()}
    todo = {name: src for name, src in scripts.items() if cached[name] is None}
    if todo:
        with tempfile.TemporaryDirectory() as folder:
            paths = {}
            for index, (name, src) in enumerate(todo.items()):
                path = Path(folder) / f"script{index}.scala"
                path.write_text(src)
                paths[str(path)] = name
            result = subprocess.run(
                ["scalac", "-Ystop-after:parser", "-d", folder, *paths],
                capture_output=True,
                text=True,
            )
            found: dict[str, list[str]] = {name: [] for name in todo}
            for match in _SCALAC_ERROR.finditer(result.stdout + result.stderr):
                name = paths.get(match["path"])
                if name is not None:
                    found[name].append(f"template {name}: line {match['line']}: {match['msg']}")
            if result.returncode != 0 and not any(found.values()):
                for name in found:
                    found[name].append(f"scalac failed: {result.stderr.strip()[:500]}")
            for name, src in todo.items():
                _scala_cache[_digest(src)] = found[name]
                cached[name] = found[name]
    return {name: problems for name, problems in cached.items() if problems}


_scala_cache: dict[str, list[str]] = {}
_SCALAC_ERROR = re.compile(r"^(?P<path>.+?\.scala):(?P<line>\d+): error: (?P<msg>.*)$", re.M)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
