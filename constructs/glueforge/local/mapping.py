"""Deploy-time job arguments become local values; ``s3://`` URLs become local folders.

A bucket is named by its construct id, so ``s3://<construct id>/<key>`` is the local
form of every URL into it and maps to ``<data>/<construct id>/<key>``. The script keeps
reading ``s3://`` URLs, exactly as on Glue.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from glueforge.local.runtime import LocalRunError

if TYPE_CHECKING:
    from glueforge.local.jobs import LocalJob

LOCAL_ACCOUNT = "000000000000"
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


def local_value(name: str, kind: dict[str, Any], job: LocalJob, data_dir: Path) -> str:
    """The local value of one deploy-time argument."""
    match kind.get("kind"):
        case "s3":
            return f"s3://{kind['bucket']}/{kind['key']}"
        case "s3_bucket":
            return kind["bucket"]
        case "catalog_database" | "catalog_table" | "jdbc_connection":
            return kind["name"]
        case "ddb_table_arn":
            return f"arn:aws:dynamodb:local:{LOCAL_ACCOUNT}:table/{kind['table']}"
        case "unused":
            return "local"
    raise LocalRunError(f"{job.path}: argument --{name} has no local mapping ({kind})")


def local_arguments(job: LocalJob, data_dir: Path) -> dict[str, str]:
    """Every argument the script reads, with its local value."""
    values: dict[str, str] = {}
    for name in job.argument_names:
        if name == "JOB_NAME":
            values[name] = job.job_name
        elif name == "TempDir":
            values[name] = str(data_dir / STATE_DIR / "temp" / job.job_name) + "/"
        elif name in job.local_arguments:
            values[name] = local_value(name, job.local_arguments[name], job, data_dir)
        else:
            raise LocalRunError(f"{job.path}: argument --{name} has no local mapping")
    return values


def local_argv(job: LocalJob, data_dir: Path, *, bookmarks: bool) -> list[str]:
    """``sys.argv`` as Glue passes it: the script, then ``--name value`` pairs."""
    argv = [job.file_name]
    option = "job-bookmark-enable" if bookmarks else "job-bookmark-disable"
    argv += ["--job-bookmark-option", option]
    for name, value in local_arguments(job, data_dir).items():
        argv += [f"--{name}", value]
    return argv
