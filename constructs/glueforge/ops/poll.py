"""One polling loop for every --wait: job runs, crawls, workflow runs, log tails."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from glueforge.ops.aws import OpsError

T = TypeVar("T")


class StillRunning(OpsError):
    """--timeout passed before the run ended; the run itself goes on."""


def follow(
    fetch: Callable[[], T],
    done: Callable[[T], bool],
    *,
    interval: float,
    timeout: float | None = None,
    on_update: Callable[[T], None] = lambda _: None,
    what: str = "the run",
) -> T:
    """Call ``fetch`` every ``interval`` seconds until ``done``; each result to ``on_update``."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        current = fetch()
        on_update(current)
        if done(current):
            return current
        if deadline is not None and time.monotonic() >= deadline:
            raise StillRunning(f"gave up waiting after {timeout:g}s; {what} is still going")
        time.sleep(interval)
