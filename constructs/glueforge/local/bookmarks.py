"""Local job bookmarks: what each transformation_ctx has already processed.

Like Glue's, state is keyed by job name and transformation_ctx, read at ``job.init``,
and saved only by ``job.commit()``, so a run that fails reprocesses its input next time.
S3 sources remember files (relative to the data folder); JDBC sources remember the
highest (or, sorted ``desc``, lowest) value of their bookmark keys.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from glueforge.local.errors import LocalRunError


class BookmarkFileError(LocalRunError):
    """A bookmark file that is not one: a broken input file, so the CLI exits 2."""

    exit_code = 2


class BookmarkStore:
    """One job's bookmark file: ``<data>/.glueforge/bookmarks/<job name>.json``."""

    def __init__(self, path: Path, data_dir: Path) -> None:
        self.path = path
        self.data_dir = data_dir
        self.state: dict[str, dict[str, Any]] = _read(path) if path.is_file() else {}
        self.pending: dict[str, dict[str, Any]] = {}

    def new_files(self, ctx: str, files: list[Path]) -> list[Path]:
        """The files ``ctx`` has not processed; staged as processed on commit."""
        done = set(self.state.get(ctx, {}).get("files", []))
        names = [self._name(f) for f in files]
        self.pending[ctx] = {"files": sorted(done | set(names))}
        return [f for f, n in zip(files, names, strict=True) if n not in done]

    def jdbc_after(self, ctx: str) -> list[str] | None:
        """SQL literals of the last bookmark key values ``ctx`` read, or None."""
        return self.state.get(ctx, {}).get("last_sql")

    def stage_jdbc(self, ctx: str, keys: list[str], order: str, last: list[Any]) -> None:
        self.pending[ctx] = {
            "keys": keys,
            "order": order,
            "last": [str(v) if isinstance(v, Decimal) else v for v in last],
            "last_sql": [sql_literal(v) for v in last],
        }

    def commit(self) -> None:
        self.state.update(self.pending)
        self.pending = {}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        scratch = self.path.with_suffix(".tmp")
        scratch.write_text(json.dumps(self.state, indent=2, sort_keys=True, default=str))
        os.replace(scratch, self.path)

    def _name(self, file: Path) -> str:
        try:
            return file.resolve().relative_to(self.data_dir.resolve()).as_posix()
        except ValueError:
            return str(file.resolve())


def _read(path: Path) -> dict[str, dict[str, Any]]:
    """A bookmark file's state; a file that is not what commit() writes is reported by
    name (the run stops: guessing would reprocess or skip data)."""
    fix = "fix it, or delete it to process every input again"
    try:
        state = json.loads(path.read_text())
    except ValueError as error:
        raise BookmarkFileError(f"bookmark file {path} is not JSON ({error}); {fix}") from None
    if not isinstance(state, dict) or not all(isinstance(v, dict) for v in state.values()):
        raise BookmarkFileError(
            f"bookmark file {path} is not a bookmark file (an object of objects, one "
            f"per transformation_ctx); {fix}"
        )
    return state


def sql_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"
