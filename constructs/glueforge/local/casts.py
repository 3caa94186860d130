"""Values a job's casts turn into null, counted while its script runs locally.

Spark's ``cast`` (as Glue 5.0 runs it, ANSI mode off) returns null for a value it cannot
convert: ``"abc"`` as ``bigint``. A mapping step renders as ``frame.select(
F.col(source).cast(type).alias(target), ...)``, so while the script runs, each
``DataFrame.select`` called from the script's own lines is looked at: for every
``alias(cast(x))`` column, the rows where ``x`` is not null but the cast is are counted
(one Spark job per select) and recorded under the variable the script assigns.
"""

from __future__ import annotations

import contextlib
import linecache
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from glueforge.local.runtime import LocalRuntime


@contextlib.contextmanager
def watch_casts(runtime: LocalRuntime, script: Path) -> Iterator[None]:
    """Count nulled casts of the selects ``script`` makes, while the block runs."""
    if not runtime.count_rows:
        yield
        return
    from pyspark.sql import DataFrame

    original = DataFrame.select

    def select(self, *cols, **kwargs):  # the signature of DataFrame.select
        result = original(self, *cols, **kwargs)
        caller = sys._getframe(1)
        if caller.f_code.co_filename == str(script):
            casts = cast_columns(cols)
            if casts:
                name = assigned_name(script, caller.f_lineno)
                runtime.nulled_by_casts(name, count_nulled(self, casts))
        return result

    DataFrame.select = select  # type: ignore[method-assign]
    try:
        yield
    finally:
        DataFrame.select = original  # type: ignore[method-assign]


def cast_columns(cols: tuple[Any, ...]) -> dict[str, tuple[Any, Any]]:
    """Target name -> (the value cast, the cast), for each ``alias(cast(x))`` column."""
    from pyspark import SparkContext
    from pyspark.sql.column import Column

    found = {}
    for col in cols:
        if not isinstance(col, Column):
            continue
        expr = col._jc.expr()
        if expr.nodeName() != "Alias" or expr.child().nodeName() != "Cast":
            continue
        new_column = SparkContext._jvm.org.apache.spark.sql.Column  # type: ignore[union-attr]
        cast = expr.child()
        found[str(expr.name())] = (Column(new_column(cast.child())), Column(new_column(cast)))
    return found


def count_nulled(frame: Any, casts: dict[str, tuple[Any, Any]]) -> dict[str, int]:
    """Per target: rows whose value is set but whose cast is null."""
    from pyspark.sql import functions as F

    sums = [
        F.sum(F.when(value.isNotNull() & cast.isNull(), 1).otherwise(0)).alias(f"c{i}")
        for i, (value, cast) in enumerate(casts.values())
    ]
    [row] = frame.agg(*sums).collect()
    return {target: int(row[i] or 0) for i, target in enumerate(casts)}


def assigned_name(script: Path, line: int) -> str:
    """The variable the script line assigns (a mapping step's name), or ``line N``."""
    text = linecache.getline(str(script), line)
    match = re.match(r"\s*([A-Za-z_]\w*)\s*=[^=]", text)
    return match.group(1) if match else f"line {line}"
