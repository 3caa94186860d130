"""The state of one local run, shared by the runner and the awsglue shim.

The shim's classes are created by the job script itself, so they find the run they
belong to here (:func:`current`) rather than through their constructors, whose
signatures must stay those of Glue's.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from glueforge.local.errors import LocalRunError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from glueforge.local.bookmarks import BookmarkStore
    from glueforge.local.catalog import LocalCatalog
    from glueforge.local.progress import Reporter
    from glueforge.local.projection import ProjectedTable


@dataclass
class StepStats:
    """What one source or sink did."""

    ctx: str
    kind: str
    where: str
    rows: int = 0
    partitions: int | None = None
    rows_per_partition: list[int] | None = None
    seconds: float = 0.0
    #: csv and json sources: records that did not parse (kept as nulls in PERMISSIVE
    #: mode, left out in DROPMALFORMED); None where the format has no such records
    malformed: int | None = None
    #: the first malformed record, ``file: 'text'``
    malformed_example: str | None = None
    #: the malformed records were left out (mode DROPMALFORMED)
    dropped: bool | None = None

    #: sinks: rows already at the location when the sink wrote (Glue appends to them)
    rows_before: int | None = None
    #: sinks: the local folder ``clear_output`` emptied first, with the rows it held
    cleared: str | None = None
    #: catalog sinks: what the write did to the table (created, schema replaced, kept)
    catalog: str | None = None

    #: streaming sources and forEachBatch steps: records in each micro-batch, in order
    batches: list[int] | None = None
    #: forEachBatch: the windowSize Glue would wait between batches (a local run does not)
    window: str | None = None
    #: forEachBatch: failed attempts retried (batchMaxRetries)
    retried: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass
class JdbcServer:
    """The local database server every JDBC connection of a job goes to."""

    url: str

    def url_for(self, database: str | None) -> str:
        """The server URL, on ``database`` when one is named (as a Glue connection does)."""
        if not database:
            return self.url
        scheme, rest = self.url.split(":", 1) if self.url.startswith("jdbc:") else ("", self.url)
        parts = urlsplit(rest)
        swapped = urlunsplit(parts._replace(path="/" + database))
        return f"{scheme}:{swapped}" if scheme else swapped


@dataclass
class LocalRuntime:
    """Everything a running script's Glue calls need."""

    data_dir: Path
    spark: SparkSession
    job_name: str
    catalog: LocalCatalog
    bookmarks: BookmarkStore | None
    reporter: Reporter
    jdbc: JdbcServer | None = None
    #: local connection name -> the database its Glue connection names
    connections: dict[str, str | None] = field(default_factory=dict)
    stats: list[StepStats] = field(default_factory=list)
    committed: bool = False
    #: count rows per source and sink for the summary (an extra Spark job each); off
    #: where only the script's own work may run, as in bench/job_speed.py
    count_rows: bool = True
    #: empty each file sink's location (inside data_dir only) before its first write
    clear_output: bool = False
    #: source ctx -> (malformed records, first example, dropped), until its step is recorded
    malformed: dict[str, tuple[int, str | None, bool]] = field(default_factory=dict)
    #: frames cached for the run (malformed-record counts), released when it ends
    cached: list[DataFrame] = field(default_factory=list)
    #: mapping (the script's variable) -> target column -> values its cast nulled
    casts: dict[str, dict[str, int]] = field(default_factory=dict)
    #: table name -> how its partitions are projected (glueforge.local.projection)
    projections: dict[str, ProjectedTable] = field(default_factory=dict)
    #: the run's time in naive UTC for NOW in projected dates; None: the clock's
    now: datetime | None = None
    #: Data Quality evaluations (awsgluedq shim), in run order: (evaluation context, the
    #: outcome of each rule: glueforge.local.quality.RuleOutcome)
    quality: list[tuple[str, list[Any]]] = field(default_factory=list)
    #: streaming jobs: stop after this many micro-batches; None: every record there is
    max_batches: int | None = None
    #: streaming jobs: the folder of stream folders; None: ``<data_dir>/streams``
    streams_dir: Path | None = None
    #: streaming sources opened, by id of their frame (glueforge.local.streaming)
    streams: dict[int, Any] = field(default_factory=dict)

    def note_malformed(self, ctx: str, count: int, example: str | None, *, dropped: bool):
        """Malformed records one read of source ``ctx`` found (several paths add up)."""
        ctx = ctx or "source"  # as the shim records a source without transformation_ctx
        before, first, _ = self.malformed.get(ctx, (0, None, dropped))
        self.malformed[ctx] = (before + count, first or example, dropped)

    def release(self) -> None:
        for frame in self.cached:
            frame.unpersist()
        self.cached.clear()

    def jdbc_url(self, connection: str, database: str | None = None) -> str:
        if self.jdbc is None:
            raise LocalRunError(
                f"connection {connection!r} needs a local database: pass --jdbc-url, e.g. "
                "jdbc:postgresql://127.0.0.1:5433/postgres?user=glueforge"
            )
        return self.jdbc.url_for(database or self.connections.get(connection))

    def source(self, ctx: str, where: str, df: DataFrame, *, partitions: bool = False):
        """Count and record what a source read; returns the frame."""
        if not self.count_rows:
            self.stats.append(StepStats(ctx, "source", where))
            return df
        started = time.monotonic()
        with self.reporter.step(ctx, f"reading {where}") as done:
            stats = StepStats(ctx, "source", where)
            if ctx in self.malformed:
                count, example, dropped = self.malformed.pop(ctx)
                stats.malformed, stats.malformed_example = count, example
                stats.dropped = dropped if count else None
            if partitions:
                from pyspark.sql import functions as F

                counts = dict(
                    df.groupBy(F.spark_partition_id().alias("p")).count().collect()  # type: ignore[arg-type]
                )
                stats.partitions = df.rdd.getNumPartitions()
                stats.rows_per_partition = [counts.get(i, 0) for i in range(stats.partitions)]
                stats.rows = sum(stats.rows_per_partition)
            else:
                stats.rows = df.count()
            stats.seconds = time.monotonic() - started
            self.stats.append(stats)
            bad = f", {stats.malformed} malformed" if stats.malformed else ""
            done(f"{stats.rows} rows{bad}")
        return df

    def nulled_by_casts(self, mapping: str, nulled: dict[str, int]) -> None:
        """Record the values one mapping's casts turned into null, by target column."""
        known = self.casts.setdefault(mapping, {})
        for column, count in nulled.items():
            known[column] = known.get(column, 0) + count

    @contextlib.contextmanager
    def sink(self, ctx: str, where: str, df: DataFrame) -> Iterator[DataFrame]:
        """Count what a sink writes: the body writes the yielded (cached) frame."""
        if not self.count_rows:
            yield df
            self.stats.append(StepStats(ctx, "sink", where))
            return
        started = time.monotonic()
        with self.reporter.step(ctx, f"writing {where}") as done:
            cached = df.persist()
            try:
                rows = cached.count()
                yield cached
            finally:
                cached.unpersist()
            self.stats.append(
                StepStats(ctx, "sink", where, rows, seconds=time.monotonic() - started)
            )
            done(f"{rows} rows")


_current: LocalRuntime | None = None


def current() -> LocalRuntime:
    """The run the calling script belongs to."""
    if _current is None:
        raise LocalRunError(
            "the awsglue shim runs only inside `glueforge local-run` (glueforge.local.run_job)"
        )
    return _current


@contextlib.contextmanager
def activate(runtime: LocalRuntime) -> Iterator[LocalRuntime]:
    global _current
    previous, _current = _current, runtime
    try:
        yield runtime
    finally:
        _current = previous
