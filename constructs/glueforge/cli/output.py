"""How the ops commands print: rich tables on stdout, progress and errors on stderr."""

from __future__ import annotations

import json
import os
from datetime import datetime
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

# Tables piped to a file or a CI log are not squeezed into 80 columns.
PIPE_WIDTH = 200


def out() -> Console:
    # Built per call so click's CliRunner stream swap is honoured.
    console = Console(soft_wrap=True)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = PIPE_WIDTH
    return console


def err() -> Console:
    return Console(stderr=True, soft_wrap=True)


def error_line(message: str) -> None:
    err().print(f"[bold red]error:[/] {escape(message)}", highlight=False)


def note(message: str) -> None:
    err().print(f"[yellow]note:[/] {escape(message)}", highlight=False)


def fields(rows: list[tuple[str, str]]) -> None:
    """Print ``label value`` lines, indented under a heading."""
    console = out()
    for label, value in rows:
        console.print(f"  {label:<15}{value}", highlight=False, markup=False)


def emit_json(document: Any) -> None:
    click.echo(json.dumps(document, indent=2, default=_json_default))


def emit_error(message: str, exit_code: int, details: dict | None = None) -> None:
    """With --json, the failure as the one JSON document on stdout (the error line on
    stderr stays): ``{"error": {"message": ..., "exit_code": ..., **details}}``."""
    from glueforge.cli.options import wants_json

    if wants_json():
        emit_json({"error": {"message": message, "exit_code": exit_code, **(details or {})}})


def failed(message: str, exit_code: int) -> SystemExit:
    """Report a failure a command handled itself (red line, and JSON with --json); the
    caller raises the returned SystemExit."""
    error_line(message)
    emit_error(message, exit_code)
    return SystemExit(exit_code)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m{secs:02d}s"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def usd(amount: float | None) -> str:
    return "-" if amount is None else f"${amount:,.4f}"


def when(moment: datetime | None) -> str:
    return "-" if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S %Z").strip()


def app_failed(error: Exception, *, debug: bool) -> None:
    """Report an app that is no app or failed to synthesize (an ``AssemblyError``).

    Its message holds the app's error, not its traceback; ``--debug`` first prints all
    the app printed.
    """
    output = getattr(error, "output", "")
    if debug and output:
        click.echo(output.rstrip(), err=True)
    click.secho(str(error), err=True, fg="red")
    if output and not debug:
        click.echo("(--debug shows all the app printed)", err=True)
