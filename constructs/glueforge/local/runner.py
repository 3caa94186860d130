"""Run a job's exact script on local Spark with the awsglue shim, and summarize it."""

from __future__ import annotations

import contextlib
import re
import sys
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glueforge.core.vocabulary import DataQualityOutcome
from glueforge.local.bookmarks import BookmarkStore
from glueforge.local.casts import watch_casts
from glueforge.local.catalog import CATALOG_FILE, LocalCatalog
from glueforge.local.errors import LocalRunError
from glueforge.local.iceberg import declared_schemas, iceberg_tables
from glueforge.local.local_job import LocalJob
from glueforge.local.locations import STATE_DIR
from glueforge.local.mapping import local_argv
from glueforge.local.progress import Reporter
from glueforge.local.projection import projected_tables
from glueforge.local.runtime import JdbcServer, LocalRuntime, StepStats, activate

if TYPE_CHECKING:
    from pyspark.sql import SparkSession
    from rich.console import Console

SHIM_DIR = Path(__file__).resolve().parent / "shim"
#: The exit code of ``glueforge local-run`` when input was malformed or casts nulled
#: values, unless ``--allow-malformed`` (1 is a failed run, 2 a usage error).
MALFORMED_EXIT = 3
#: The exit code of ``glueforge local-run`` when a Data Quality rule failed or could not be
#: evaluated locally, unless ``--allow-dq-failures`` (Glue itself fails the job only when
#: the script says so; locally a failing rule must not look like success).
QUALITY_EXIT = 4
#: a local file named in a Spark error: file:/path or file:///path
FILE_URI = re.compile(r"file:(?://)?(/[^\s,;]+?)(?=[.,;]?(?:\s|$))")


@dataclass
class RunSummary:
    """What a run read and wrote, and how long it took."""

    job: str
    seconds: float
    bookmarks: bool
    arguments: dict[str, str]
    steps: list[StepStats] = field(default_factory=list)
    #: mapping (its variable in the script) -> target column -> values its cast nulled
    casts: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Data Quality evaluations in run order: (evaluation context, rule outcomes)
    quality: list[tuple[str, list[Any]]] = field(default_factory=list)

    def quality_problems(self) -> list[str]:
        """One line per evaluation whose rules did not all pass (failed or unsupported).

        Empty when every rule passed: then ``local-run`` exits 0 (see QUALITY_EXIT).
        """
        lines = []
        for context, outcomes in self.quality:
            failed = sum(o.outcome == DataQualityOutcome.FAILED for o in outcomes)
            unsupported = sum(o.outcome not in DataQualityOutcome.values() for o in outcomes)
            if failed or unsupported:
                lines.append(
                    f"{context}: {failed} of {len(outcomes)} rules failed"
                    + (f", {unsupported} not evaluated locally" if unsupported else "")
                )
        return lines

    def rows(self, ctx: str) -> int:
        return sum(s.rows for s in self.steps if s.ctx == ctx)

    def malformed(self, ctx: str) -> int:
        """Malformed records source ``ctx`` read (kept as nulls, or dropped)."""
        return sum(s.malformed or 0 for s in self.steps if s.ctx == ctx)

    def problems(self) -> list[str]:
        """One line per source with malformed records and per mapping that nulled values.

        Empty when the input was clean: then ``local-run`` exits 0.
        """
        lines = []
        for step in self.steps:
            if step.malformed:
                fate = (
                    "left out (DROPMALFORMED)"
                    if step.dropped
                    else "kept (PERMISSIVE: unparsed fields are null)"
                )
                lines.append(
                    f"{step.ctx}: {_count(step.malformed, 'malformed record')} {fate}, "
                    f"the first in {step.malformed_example}"
                )
        for mapping, columns in self.casts.items():
            nulled = {c: n for c, n in columns.items() if n}
            if nulled:
                each = ", ".join(f"{c}: {n}" for c, n in nulled.items())
                total = _count(sum(nulled.values()), "value")
                lines.append(f"{mapping}: casts turned {total} into null ({each})")
        return lines

    def as_dict(self) -> dict[str, Any]:
        return {
            "job": self.job,
            "seconds": round(self.seconds, 3),
            "bookmarks": self.bookmarks,
            "arguments": self.arguments,
            "steps": [s.as_dict() for s in self.steps],
            "casts": self.casts,
            "problems": self.problems(),
            "quality": [
                {
                    "context": context,
                    "rules": [
                        {
                            "rule": o.rule,
                            "outcome": o.outcome,
                            "reason": o.reason,
                            "metrics": o.metrics,
                        }
                        for o in outcomes
                    ],
                }
                for context, outcomes in self.quality
            ],
        }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def run_job(
    job: LocalJob,
    *,
    data_dir: str | Path,
    spark: SparkSession,
    jdbc_url: str | None = None,
    catalog_file: str | Path | None = None,
    bookmarks: bool | None = None,
    console: Console | None = None,
    count_rows: bool = True,
    clear_output: bool = False,
    max_batches: int | None = None,
    stream_folder: str | Path | None = None,
) -> RunSummary:
    """Run ``job``'s script on ``spark`` against the local data in ``data_dir``.

    :param jdbc_url: the local database server of every JDBC connection, e.g.
        ``jdbc:postgresql://127.0.0.1:5433/postgres?user=glueforge``; each connection's
        own database replaces the URL's.
    :param catalog_file: Default: ``<data_dir>/catalog.json``.
    :param bookmarks: Default: as the job is deployed.
    :param console: where progress shows. Default: nowhere.
    :param count_rows: count each source's and sink's rows for the summary (an extra Spark
        job each). Default: ``True``.
    :param clear_output: empty each file sink's local folder before the sink first writes,
        so a rerun does not append to the last run's rows (Glue appends). Only folders
        inside ``data_dir`` are cleared; any other raises. Default: ``False``.
    :param max_batches: streaming jobs: stop each ``forEachBatch`` after this many
        micro-batches (the next run resumes from its checkpoint). Default: every record
        in the stream folders.
    :param stream_folder: streaming jobs: the folder holding one folder of record files
        per Kinesis stream or Kafka topic. Default: ``<data_dir>/streams``.
    :raises LocalRunError: with a one-line cause when the run fails.
    """
    data_dir = Path(data_dir).resolve()
    if not data_dir.is_dir():
        raise LocalRunError(f"data folder {data_dir} does not exist")
    enabled = job.bookmarks if bookmarks is None else bookmarks
    argv = local_argv(job, data_dir, bookmarks=enabled)
    state = data_dir / STATE_DIR
    runtime = LocalRuntime(
        data_dir=data_dir,
        spark=spark,
        job_name=job.job_name,
        catalog=LocalCatalog(Path(catalog_file) if catalog_file else data_dir / CATALOG_FILE),
        bookmarks=BookmarkStore(state / "bookmarks" / f"{job.job_name}.json", data_dir)
        if enabled
        else None,
        reporter=Reporter(console),
        count_rows=count_rows,
        clear_output=clear_output,
        jdbc=JdbcServer(jdbc_url) if jdbc_url else None,
        connections=job.jdbc_databases(),
        projections=projected_tables(job.local_arguments),
        max_batches=max_batches,
        streams_dir=Path(stream_folder).resolve() if stream_folder else None,
    )
    script_path = _write_script(job, state)
    code = compile(job.script, str(script_path), "exec")
    started = time.monotonic()
    with (
        activate(runtime),
        runtime.reporter,
        _shim_on_path(),
        _argv(argv),
        iceberg_tables(data_dir, spark, declared_schemas(job.local_arguments)),
    ):
        try:
            with watch_casts(runtime, script_path):
                exec(code, {"__name__": "__main__", "__file__": str(script_path)})
        except LocalRunError as error:
            raise _failure(f"{job.job_name}: {error}", runtime) from error
        except Exception as error:
            raise _failure(f"{job.job_name}: {explain(error, script_path)}", runtime) from error
        finally:
            runtime.release()
    if not runtime.committed:
        raise LocalRunError(f"{job.job_name}: the script ended without job.commit()")
    values = dict(zip(argv[1::2], argv[2::2], strict=True))
    return RunSummary(
        job=job.job_name,
        seconds=time.monotonic() - started,
        bookmarks=enabled,
        arguments={k.removeprefix("--"): v for k, v in values.items()},
        steps=runtime.stats,
        casts=runtime.casts,
        quality=runtime.quality,
    )


def _failure(message: str, runtime: LocalRuntime) -> LocalRunError:
    """The run's error, carrying the Data Quality outcomes so far (``quality``): a script
    may fail the run on failed rules, and ``local-run`` shows them first."""
    failure = LocalRunError(message)
    failure.quality = runtime.quality  # type: ignore[attr-defined]
    return failure


def _write_script(job: LocalJob, state: Path) -> Path:
    """The script as deployed, byte for byte, kept on disk so tracebacks can name its lines."""
    script_path = state / "scripts" / job.file_name
    script_path.parent.mkdir(parents=True, exist_ok=True)
    script_path.write_text(job.script)
    return script_path


def explain(error: BaseException, script: Path) -> str:
    """One line: where in the script, and the root cause without a Java stack trace."""
    line = next(
        (
            f.lineno
            for f in reversed(traceback.extract_tb(error.__traceback__))
            if f.filename == str(script)
        ),
        None,
    )
    where = f"line {line} of {script.name}: " if line else ""
    return where + _cause(error)


def _cause(error: BaseException) -> str:
    java = getattr(error, "java_exception", None)
    if java is not None:
        # Py4JJavaError: the innermost Java cause says what went wrong; an outer one may
        # name the file Spark was reading ("Encountered error while reading file ...").
        messages = []
        cause = java
        while cause is not None:
            messages.append(str(cause.toString()))
            cause = cause.getCause()
        return _with_file(_first_line(messages[-1]), messages)
    from pyspark.errors import PySparkException

    if isinstance(error, PySparkException):
        return _first_line(str(error))
    return f"{type(error).__name__}: {_first_line(str(error))}"


def _with_file(what: str, messages: list[str]) -> str:
    for message in messages:
        match = FILE_URI.search(message)
        if match and match.group(1) not in what:
            return f"{what} (reading {match.group(1)})"
    return what


def _first_line(text: str) -> str:
    return next((t.strip() for t in text.splitlines() if t.strip()), text)


@contextlib.contextmanager
def _shim_on_path() -> Iterator[None]:
    """``import awsglue`` (and ``awsgluedq``) finds the shim for the run, and nothing of it
    stays behind."""

    def drop_awsglue() -> dict[str, Any]:
        return {
            name: sys.modules.pop(name)
            for name in list(sys.modules)
            if name in ("awsglue", "awsgluedq") or name.startswith(("awsglue.", "awsgluedq."))
        }

    saved = drop_awsglue()
    sys.path.insert(0, str(SHIM_DIR))
    try:
        yield
    finally:
        sys.path.remove(str(SHIM_DIR))
        drop_awsglue()
        sys.modules.update(saved)


@contextlib.contextmanager
def _argv(argv: list[str]) -> Iterator[None]:
    saved = sys.argv
    sys.argv = argv
    try:
        yield
    finally:
        sys.argv = saved
