"""Helpers for the local-run tests."""

from __future__ import annotations

from pathlib import Path


def rows(spark, path: Path, *order: str) -> list[tuple]:
    frame = spark.read.parquet(str(path))
    return [tuple(r) for r in frame.orderBy(*(order or frame.columns)).collect()]
