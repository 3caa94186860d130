"""Where a local run keeps things: ``s3://`` URLs become folders of a data folder.

A bucket is named by its construct id, so ``s3://<construct id>/<key>`` is the local
form of every URL into it and maps to ``<data>/<construct id>/<key>``. The script keeps
reading ``s3://`` URLs, exactly as on Glue.
"""

from __future__ import annotations

from pathlib import Path

from glueforge.local.errors import LocalRunError

#: glueforge's own files inside a data folder: scripts, bookmarks, Relationalize staging
STATE_DIR = ".glueforge"


def local_path(location: str, data_dir: Path) -> Path:
    """The local folder or file of an ``s3://`` URL, a ``file:`` URL or a local path."""
    if location.startswith(("s3://", "s3a://", "s3n://")):
        bucket, _, key = location.split("://", 1)[1].partition("/")
        if not bucket:
            raise LocalRunError(f"{location!r} names no bucket")
        return data_dir / bucket / key
    if location.startswith("file://"):
        return Path(location.removeprefix("file://"))
    return Path(location) if Path(location).is_absolute() else data_dir / location


def temp_dir(data_dir: Path, job_name: str) -> str:
    """The local ``TempDir`` of a job, as Glue gives it: a folder URL ending in ``/``."""
    return str(data_dir / STATE_DIR / "temp" / job_name) + "/"
