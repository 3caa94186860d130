"""Checks on a rendered script before it can ship.

A script must contain no unresolved CDK token (a deploy-time value rendered into it),
PySpark must compile and pass pyflakes, and Scala must parse where ``scalac`` is
installed (``scalac -Ystop-after:parser``).
"""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from glueforge.core.vocabulary import Language

TOKEN_MARKER = "${Token["
# A list token's marker: aws-cdk-lib refuses it in a string (the script) with a raw error.
LIST_TOKEN_MARKER = "#{Token["


def check_script(script: str, language: Language | str, *, template: str) -> list[str]:
    """Problems in a rendered script; empty when it may ship."""
    problems = []
    if TOKEN_MARKER in script or LIST_TOKEN_MARKER in script:
        line = next(
            i
            for i, text in enumerate(script.splitlines(), 1)
            if TOKEN_MARKER in text or LIST_TOKEN_MARKER in text
        )
        problems.append(
            f"template {template} rendered an unresolved CDK token at line {line}; "
            "deploy-time values must reach the script as job arguments"
        )
    if language == Language.PYSPARK:
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
        for name, found in _run_scalac(todo).items():
            _scala_cache[_digest(todo[name])] = found
            cached[name] = found
    return {name: problems for name, problems in cached.items() if problems}


def _run_scalac(scripts: Mapping[str, str]) -> dict[str, list[str]]:
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for index, (name, src) in enumerate(scripts.items()):
            path = Path(folder) / f"script{index}.scala"
            path.write_text(src)
            paths[str(path)] = name
        result = subprocess.run(
            ["scalac", "-Ystop-after:parser", "-d", folder, *paths],
            capture_output=True,
            text=True,
        )
    found: dict[str, list[str]] = {name: [] for name in scripts}
    for match in _SCALAC_ERROR.finditer(result.stdout + result.stderr):
        name = paths.get(match["path"])
        if name is not None:
            found[name].append(f"template {name}: line {match['line']}: {match['msg']}")
    if result.returncode != 0 and not any(found.values()):
        for name in found:
            found[name].append(f"scalac failed: {result.stderr.strip()[:500]}")
    return found


_scala_cache: dict[str, list[str]] = {}
_SCALAC_ERROR = re.compile(r"^(?P<path>.+?\.scala):(?P<line>\d+): error: (?P<msg>.*)$", re.M)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
