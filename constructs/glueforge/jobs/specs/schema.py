"""A declared read schema: columns as ``(name, type)`` with Glue (Hive) type names.

Glue's Data Catalog spells column types the Hive way (``bigint``, ``decimal(10,2)``,
``varchar(20)``); Spark's DataFrame reader takes a DDL string such as
``"`id` BIGINT, `amount` DECIMAL(10,2)"``. This module checks the first and writes the
second, so the script reads with the schema and skips Spark's inference pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Hive primitive type names (Glue's catalog types) -> the Spark DDL type they read as.
PRIMITIVE_TYPES = {
    "string": "STRING",
    "boolean": "BOOLEAN",
    "tinyint": "TINYINT",
    "smallint": "SMALLINT",
    "int": "INT",
    "integer": "INT",
    "bigint": "BIGINT",
    "float": "FLOAT",
    "double": "DOUBLE",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "binary": "BINARY",
    # Hive's default precision and scale for a bare decimal
    "decimal": "DECIMAL(10,0)",
}
_DECIMAL = re.compile(r"^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$")
# Spark refuses CHAR/VARCHAR in a reader schema (they are table-schema types only), so
# they read as STRING, which is what Spark stores them as anyway.
_CHAR = re.compile(r"^(var)?char\(\s*(\d+)\s*\)$")
MAX_DECIMAL_PRECISION = 38  # Hive's and Spark's
MAX_VARCHAR_LENGTH = 65535  # Hive's
MAX_CHAR_LENGTH = 255  # Hive's
VALID_TYPES_HINT = (
    "a Glue (Hive) type: string, boolean, tinyint, smallint, int, bigint, float, double, "
    "date, timestamp, binary, decimal(p,s) with 1 <= p <= 38 and s <= p, char(n), varchar(n)"
)


def spark_type(type_: str) -> str | None:
    """The Spark DDL type a Glue type name reads as; ``None`` if it is not one."""
    name = type_.strip().lower()
    if name in PRIMITIVE_TYPES:
        return PRIMITIVE_TYPES[name]
    decimal = _DECIMAL.match(name)
    if decimal:
        precision, scale = int(decimal[1]), int(decimal[2])
        if 1 <= precision <= MAX_DECIMAL_PRECISION and scale <= precision:
            return f"DECIMAL({precision},{scale})"
        return None
    char = _CHAR.match(name)
    if char:
        limit = MAX_VARCHAR_LENGTH if char[1] else MAX_CHAR_LENGTH
        return "STRING" if 1 <= int(char[2]) <= limit else None
    return None


def schema_problems(schema: Sequence[object]) -> list[str]:
    """What is wrong with a declared schema: shape, names, repeated names, types."""
    problems: list[str] = []
    seen: set[str] = set()
    for column in schema:
        if not (isinstance(column, tuple | list) and len(column) == 2):
            problems.append(f"schema column {column!r} must be (name, type)")
            continue
        name, type_ = column
        if not isinstance(name, str) or not name.strip():
            problems.append(f"schema column names must not be empty, got {name!r}")
            continue
        # Spark resolves column names case-insensitively by default.
        if name.lower() in seen:
            problems.append(f"schema column {name!r} is listed twice")
        seen.add(name.lower())
        if not isinstance(type_, str) or spark_type(type_) is None:
            problems.append(f"schema column {name!r} has type {type_!r}; give {VALID_TYPES_HINT}")
    return problems


def ddl(schema: Sequence[tuple[str, str]]) -> str:
    """The schema as Spark DDL, each name quoted: ``"`id` BIGINT, `name` STRING"``."""
    return ", ".join(f"`{name.replace('`', '``')}` {spark_type(type_)}" for name, type_ in schema)
