"""A Spark schema printed the way the AWS Glue pages print a DynamicFrame's schema."""

from __future__ import annotations

from pyspark.sql import types as T


def glue_schema(struct: T.StructType) -> str:
    """``root`` then ``|-- name: type`` lines, ``|    `` per level, as printSchema() on Glue."""
    lines = ["root"]

    def emit(name: str, dtype: T.DataType, depth: int) -> None:
        kind = {T.StructType: "struct", T.ArrayType: "array", T.NullType: "null"}.get(
            type(dtype), dtype.simpleString()
        )
        lines.append("|    " * depth + f"|-- {name}: {kind}")
        if isinstance(dtype, T.StructType):
            for field in dtype.fields:
                emit(field.name, field.dataType, depth + 1)
        elif isinstance(dtype, T.ArrayType):
            emit("element", dtype.elementType, depth + 1)

    for field in struct.fields:
        emit(field.name, field.dataType, 0)
    return "\n".join(lines)
