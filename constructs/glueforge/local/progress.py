"""Live progress of a local run on stderr (rich), one line per source and sink."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


class Reporter:
    """Shows each step while it runs; quiet when ``console`` is None (tests)."""

    def __init__(self, console: Console | None) -> None:
        self.progress = (
            Progress(
                SpinnerColumn(finished_text="[green]✓[/]"),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=console,
            )
            if console is not None
            else None
        )

    def __enter__(self) -> Reporter:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    @contextlib.contextmanager
    def step(self, ctx: str, action: str) -> Iterator[Callable[[str], None]]:
        if self.progress is None:
            yield lambda result: None
            return
        label = f"[bold]{escape(ctx)}[/] {escape(action)}"
        task = self.progress.add_task(label, total=1)

        def done(result: str) -> None:
            self.progress.update(task, completed=1, description=f"{label}: {escape(result)}")

        yield done
