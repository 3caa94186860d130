"""Reads that skip Spark's inference pass where a Mapping types every column anyway.

A csv or json :class:`~glueforge.jobs.specs.sources.S3Source` whose only reader is a
:class:`~glueforge.jobs.specs.transforms.Mapping` needs no inferred types: the Mapping
keeps only the columns it lists and casts each of them. Such a source is read by Spark's
DataFrame reader instead: csv columns as strings named by the header (no inference pass),
json with the Mapping's source columns as strings. A DataFrame read has no
``transformation_ctx``, so this applies only to jobs with ``bookmarks=False``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from glueforge.core.vocabulary import Language
from glueforge.jobs.specs.base import Spec
from glueforge.jobs.specs.sources import S3Source
from glueforge.jobs.specs.transforms import Mapping


@dataclasses.dataclass(frozen=True, kw_only=True)
class _MappedS3Source(S3Source):
    """An S3Source read untyped by the DataFrame reader, its Mapping casting after it."""

    #: the columns read from json (csv reads its header's); ``()`` for csv
    string_columns: tuple[str, ...] = ()

    @property
    def bookmarkable(self) -> bool:  # type: ignore[override]
        return False

    def render_context(self, language: Language) -> dict[str, Any]:
        schema = tuple((name, "string") for name in self.string_columns)
        return dataclasses.replace(self, schema=schema)._schema_read_context()


def typed_reads(specs: Sequence[Spec], *, bookmarks: bool | None) -> list[Spec]:
    """``specs`` with each S3 source that only a Mapping reads turned into a typed read.

    Only with ``bookmarks=False``: the default keeps bookmarks on, and so the
    DynamicFrame read a bookmark tracks.
    """
    if bookmarks is not False:
        return list(specs)
    return [_mapped(spec, specs) if _untyped_candidate(spec) else spec for spec in specs]


def _untyped_candidate(spec: Spec) -> bool:
    return (
        type(spec) is S3Source
        and not spec.schema
        and spec.format in ("csv", "json")
        # without a header Spark names csv columns _c0, Glue col0: the Mapping's names
        and (spec.format == "json" or spec.csv_header)
        and spec.recurse
        and not (spec.group_files or spec.group_size is not None or spec.exclusions)
        and not spec.json_path
    )


def _mapped(source: S3Source, specs: Sequence[Spec]) -> Spec:
    readers = [s for s in specs if source.name in s.reads]
    if len(readers) != 1 or not isinstance(readers[0], Mapping):
        return source
    columns = _mapping_sources(readers[0])
    if columns is None:
        return source
    fields = {f.name: getattr(source, f.name) for f in dataclasses.fields(source) if f.init}
    return _MappedS3Source(**fields, string_columns=columns if source.format == "json" else ())


def _mapping_sources(mapping: Mapping) -> tuple[str, ...] | None:
    """The Mapping's source columns, or None where a plain top-level read cannot give them.

    A dotted or quoted name selects a nested field, which a string schema would flatten.
    """
    names: list[str] = []
    for column in mapping.mappings:
        if len(column) != 3 or not isinstance(column[0], str):
            return None  # an invalid Mapping: its own problems() reports it
        source = column[0]
        if not source.strip() or any(c in source for c in ".`"):
            return None
        if source.lower() not in (n.lower() for n in names):
            names.append(source)
    return tuple(names) if names else None
