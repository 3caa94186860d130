"""DynamoDB JSON items, shaped as Glue's export connector shapes them.

What each mode does, and where AWS says so:

- raw (neither option): one ``Item`` column holding the typed structure, as the input
  schemas of the Glue pages show it (``Item: struct``, ``ColA: struct<S: string>``, an
  empty ``L`` as ``array<null>``).
- ``dynamodb.unnestDDBJson``: AWS Glue developer guide, "DynamicFrame class",
  ``unnest_ddb_json``: ``Item.ColA: struct<S: string>`` becomes ``ColA: string``,
  ``ColC: struct<N: string>`` becomes ``ColC: string``, ``ColD: struct<L: array<null>>``
  becomes ``ColD: array<null>``; "Columns that are of an array of struct types will not be
  unnested".
  https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html#aws-glue-api-crawler-pyspark-extensions-dynamic-frame-unnest_ddb_json
- ``dynamodb.simplifyDDBJson``: the same page, ``simplify_ddb_json``, and the Glue
  "DynamoDB connections" page, "Simplifying usage of DynamoDB export JSON": wrappers go at
  every level, ``M`` becomes a struct, ``N`` stays a string (``updatedAt: string``), sets
  become arrays of strings (``numbers: array<string>``, ``binaries: array<string>``),
  ``BOOL`` a boolean, ``NULL`` a ``null``; "If there're multiple types or Map type in a
  List type, the elements in the List will not be simplified".
  https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-dynamodb-home.html#etl-connect-dynamodb-traversing-structure

Choices where the pages say nothing (docs/connectors.md lists them too) are marked
"Choice:" next to the code that makes them.

The schema is built here, from the DynamoDB types, and never inferred by Spark's JSON
reader: that reader turns an all-null field into ``string``, an empty list into
``array<string>`` and sorts columns, none of which Glue does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pyspark.sql.types import DataType

Mode = Literal["raw", "unnest", "simplify"]

#: the DynamoDB JSON type tags (DynamoDB developer guide, "Data types"; "Data objects" of
#: the export output format page)
SCALAR_TAGS = {"S": str, "N": str, "B": str, "BOOL": bool}
SET_TAGS = ("SS", "NS", "BS")
TAGS = (*SCALAR_TAGS, "NULL", "M", "L", *SET_TAGS)

#: a shape: ("null",), ("string",), ("boolean",), ("struct", {name: shape}),
#: ("array", shape) or ("choice", {kind: shape}) for a value whose kind differs by item
Shape = tuple[Any, ...]
NULL: Shape = ("null",)


def check_item(item: Any) -> str | None:
    """Why ``item`` (the value of a line's ``Item``) is not DynamoDB JSON; None if it is."""
    if not isinstance(item, dict):
        return f"'Item' must be an object of attributes, got {type(item).__name__}"
    for name, value in item.items():
        problem = _value_problem(value)
        if problem:
            return f"attribute {name!r}: {problem}"
    return None


def _value_problem(value: Any) -> str | None:
    if not isinstance(value, dict) or len(value) != 1:
        return f"expected one type tag of {list(TAGS)}, got {value!r}"
    [(tag, inner)] = value.items()
    if tag in SCALAR_TAGS:
        ok = isinstance(inner, SCALAR_TAGS[tag])
    elif tag == "NULL":
        ok = inner is True
    elif tag in SET_TAGS:
        ok = isinstance(inner, list) and all(isinstance(v, str) for v in inner)
    elif tag == "M":
        if not isinstance(inner, dict):
            return f"'M' holds an object, got {inner!r}"
        return next(filter(None, (_value_problem(v) for v in inner.values())), None)
    elif tag == "L":
        if not isinstance(inner, list):
            return f"'L' holds a list, got {inner!r}"
        return next(filter(None, (_value_problem(v) for v in inner)), None)
    else:
        return f"unknown type tag {tag!r}; DynamoDB JSON has {list(TAGS)}"
    return None if ok else f"{tag!r} does not hold {inner!r}"


def columns(item: dict[str, Any], mode: Mode) -> dict[str, Any]:
    """One checked item as the columns of one row, in the item's attribute order."""
    if mode == "raw":
        return {"Item": item}
    if mode == "unnest":
        return {name: _unwrap(value) for name, value in item.items()}
    return {name: simplify(value) for name, value in item.items()}


def _unwrap(value: dict[str, Any]) -> Any:
    """unnest_ddb_json: the top-level wrapper goes, what it holds stays as exported."""
    [(tag, inner)] = value.items()
    # Choice: NULL unnests to null. The page shows no NULL; its ``true`` only marks the
    # null, and null is what simplify_ddb_json documents for it.
    # M and L keep their inner wrappers: the page removes one level ("array of struct
    # types will not be unnested") and recommends simplify for maps.
    return None if tag == "NULL" else inner


def simplify(value: dict[str, Any]) -> Any:
    """simplify_ddb_json of one typed value."""
    [(tag, inner)] = value.items()
    if tag == "NULL":
        return None
    if tag == "M":
        return {name: simplify(v) for name, v in inner.items()}
    if tag == "L":
        tags = {next(iter(v)) for v in inner}
        # "If there're multiple types or Map type in a List type, the elements in the List
        # will not be simplified": they stay DynamoDB JSON.
        if len(tags) > 1 or "M" in tags:
            return inner
        return [simplify(v) for v in inner]
    # S, N and B stay the exported strings: N is never parsed, so a number of 38 digits
    # keeps every digit (the page: ``updatedAt: string``); B stays base64 text
    # (``binaries: array<string>``). SS/NS/BS become arrays of those strings.
    return list(inner) if tag in SET_TAGS else inner


def shape_of(value: Any) -> Shape:
    """The shape of a plain value (after :func:`columns`)."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return ("boolean",)
    if isinstance(value, str):
        return ("string",)
    if isinstance(value, dict):
        return ("struct", {name: shape_of(v) for name, v in value.items()})
    element = NULL
    # Choice: an empty list is array<null>, as the unnest_ddb_json page shows for ColD;
    # a non-empty one of another item gives the element type.
    for v in value:
        element = merge(element, shape_of(v))
    return ("array", element)


def merge(a: Shape, b: Shape) -> Shape:
    """One shape for values of two items.

    Choice: fields keep the order in which items first show them (the Glue pages list
    attributes in export order, not sorted). A value whose kind differs between items
    (a boolean here, a string there) becomes a struct with one field per kind, named by
    the kind, the way a DynamicFrame choice type reaches ``toDF()`` as ``make_struct``.
    """
    if a == NULL:
        return b
    if b == NULL:
        return a
    if a[0] == "choice" or b[0] == "choice" or a[0] != b[0]:
        options = dict(a[1]) if a[0] == "choice" else {a[0]: a}
        for kind, shape in (b[1] if b[0] == "choice" else {b[0]: b}).items():
            options[kind] = merge(options[kind], shape) if kind in options else shape
        return ("choice", options) if len(options) > 1 else next(iter(options.values()))
    if a[0] == "struct":
        fields = dict(a[1])
        for name, shape in b[1].items():
            fields[name] = merge(fields[name], shape) if name in fields else shape
        return ("struct", fields)
    if a[0] == "array":
        return ("array", merge(a[1], b[1]))
    return a


def spark_type(shape: Shape) -> DataType:
    from pyspark.sql import types as T

    kind = shape[0]
    if kind in ("struct", "choice"):
        return T.StructType([T.StructField(n, spark_type(s), True) for n, s in shape[1].items()])
    if kind == "array":
        return T.ArrayType(spark_type(shape[1]), True)
    return {"null": T.NullType(), "string": T.StringType(), "boolean": T.BooleanType()}[kind]


def fit(value: Any, shape: Shape) -> Any:
    """``value`` laid out for ``shape``: structs as tuples in field order, nulls filled."""
    if value is None:
        return None
    kind = shape[0]
    if kind == "choice":
        own = shape_of(value)[0]
        return tuple(fit(value, s) if k == own else None for k, s in shape[1].items())
    if kind == "struct":
        return tuple(fit(value.get(name), s) for name, s in shape[1].items())
    if kind == "array":
        return [fit(v, shape[1]) for v in value]
    return value


def frame_shape(rows: list[dict[str, Any]]) -> Shape:
    """The shape of a frame whose rows are ``rows``: a struct of its columns."""
    shape: Shape = ("struct", {})
    for row in rows:
        shape = merge(shape, shape_of(row))
    return shape
