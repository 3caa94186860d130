"""The live progress line of every --wait, over the one polling loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from rich.console import RenderableType
from rich.live import Live
from rich.text import Text

from glueforge.cli.output import err
from glueforge.ops.poll import follow

T = TypeVar("T")


def watch(
    ops: Any,
    fetch: Callable[[], T],
    done: Callable[[T], bool],
    render: Callable[[T], RenderableType],
    *,
    timeout: float | None,
    what: str,
) -> T:
    """Poll until ``done``, showing ``render(latest)`` live on stderr (not with --json)."""
    if ops.json:
        return follow(fetch, done, interval=ops.poll_interval, timeout=timeout, what=what)
    console = err()
    console.print(f"following {what}", highlight=False, markup=False)
    try:
        with Live(Text("starting"), console=console, auto_refresh=False) as live:
            return follow(
                fetch,
                done,
                interval=ops.poll_interval,
                timeout=timeout,
                on_update=lambda latest: live.update(render(latest), refresh=True),
                what=what,
            )
    finally:
        if not console.is_terminal:
            # off a terminal Live leaves its last line unterminated
            console.line()
