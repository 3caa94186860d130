"""A Griffe extension for the API reference: Sphinx roles in docstrings as Markdown code.

glueforge's docstrings use Sphinx fields (``:param x:``), which mkdocstrings parses, and
Sphinx roles (``:class:`~glueforge.Crawler```), which it does not: a role left as it is
shows its markup, and one that starts a line reads as a field. This turns each role into
inline code, ``~`` keeping the last dotted part only, as Sphinx shows it.
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Extension, Object

ROLE = re.compile(r":(?:py:)?(?:class|meth|func|mod|attr|data|exc|obj|const):`(~?)([^`]+)`")


def plain(text: str) -> str:
    """``text`` with every Sphinx role as inline code."""

    def code(match: re.Match[str]) -> str:
        short, target = match.groups()
        # `title <target>` form: keep the title
        title = re.sub(r"\s*<[^>]*>$", "", target)
        if short:
            title = title.rsplit(".", 1)[-1]
        return f"`{title}`"

    return ROLE.sub(code, text)


class SphinxRoles(Extension):
    """Rewrites the roles of every docstring before mkdocstrings parses it."""

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = plain(obj.docstring.value)
