"""The literal filters: how every value reaches a script, as code that means that value.

Templates only lay code out. Every user value goes through ``py``, ``scala`` or ``json``
(and comments through ``comment``), never raw, so a column called ``x"); import os #``
comes out as a harmless string. An :class:`~glueforge.jobs.arguments.ArgRef` renders as
the read of that job argument.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import jinja2

from glueforge.jobs.arguments import ArgRef

LINE_WIDTH = 88
_SCALA_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


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
    # Control and non-ASCII characters become \\uXXXX so a literal stays on one line.
    # scalac reads \\u escapes before lexing, yet "\\u000a" does not end a string literal:
    # since Scala 2.11 (SI-6810) its scanner ends one only at a raw line end. Checked with
    # scalac, every control character, in tests/jobs/test_scala_literal_scalac.py. (In a
    # // comment it does end the line: the script checks refuse that.)
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
    """Text safe inside a one-line comment: no line breaks, no comment terminators, and no
    ``\\u`` escape scalac could decode.

    scalac decodes ``\\uXXXX`` before it parses, comments included, so ``\\u000a`` in a
    construct id would end a ``//`` comment and put the rest into the script (issue 17). A
    backslash starts such an escape only after an even number of backslashes (the JLS
    3.3 rule scalac follows), so doubling every run of backslashes before a ``u`` leaves
    none that can; in a Python comment it is only text.
    """
    text = re.sub(r"[\r\n\u2028\u2029]+", " ", str(value)).replace("*/", "* /")
    return _ESCAPE_START.sub(lambda match: match.group(0) * 2, text)


_ESCAPE_START = re.compile(r"\\+(?=u)")


#: the filters every template has, by the name templates use
FILTERS = {"py": py_literal, "scala": scala_literal, "json": json_literal, "comment": comment_text}
