"""Glue's Relationalize, on DataFrames, with the semantics the Glue guide documents.

- The root table has one row per input row; nested struct fields become ``a.b``
  columns.
- Each array is replaced in its table by a bigint key, and pivoted into a child table
  ``<root>_<path>`` with ``id`` (that key), ``index`` (0-based position) and the
  element as ``<path>.val`` (a scalar) or ``<path>.val.<field>`` (a struct, flattened).
- Arrays inside elements repeat this, giving tables such as ``<root>_items.val.tags``.
A null array gives a null key and no child rows; an empty one a key and no rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

KEY = "__glueforge_key"


def relationalize(frame: DataFrame, root: str) -> dict[str, DataFrame]:
    """Table name -> frame: the root first, then child tables as they are found."""
    tables: dict[str, DataFrame] = {}
    _table(frame, root, root, [], tables)
    return tables


def _name(column: str) -> str:
    return "`" + column.replace("`", "``") + "`"


def _table(frame: DataFrame, root: str, table: str, head: list[str], tables) -> None:
    from pyspark.sql import functions as F

    # Keys must be the same wherever a table and its children are computed, so number the
    # rows once and keep that result (the frame is lazily recomputed otherwise).
    keyed = frame.withColumn(KEY, F.monotonically_increasing_id()).localCheckpoint()
    columns: list[Column] = [F.col(_name(h)) for h in head]
    arrays: list[tuple[str, Column]] = []
    for field in keyed.schema.fields:
        if field.name not in head and field.name != KEY:
            _flatten(F.col(_name(field.name)), field.dataType, field.name, columns, arrays)
    tables[table] = keyed.select(*columns)
    for path, column in arrays:
        child = keyed.select(
            F.col(KEY).alias("id"), F.posexplode(column).alias("index", f"{path}.val")
        )
        _table(child, root, f"{root}_{path}", ["id", "index"], tables)


def _flatten(column: Column, data_type, path: str, columns: list, arrays: list) -> None:
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, StructType

    if isinstance(data_type, StructType):
        for field in data_type.fields:
            _flatten(
                column.getField(field.name), field.dataType, f"{path}.{field.name}", columns, arrays
            )
    elif isinstance(data_type, ArrayType):
        columns.append(F.when(column.isNotNull(), F.col(KEY)).alias(path))
        arrays.append((path, column))
    else:
        columns.append(column.alias(path))
