"""The one error of local runs, below every other module of ``glueforge.local``."""

from __future__ import annotations


class LocalRunError(RuntimeError):
    """A local run cannot go on: the message is one line naming the cause."""
