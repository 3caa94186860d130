"""The schema of an Iceberg table as glueforge declares it: typed fields (with stable
field ids), the partition spec, the write order, their synth-time checks, and their
rendering as CloudFormation's ``IcebergTableInput`` (cfn-lint schema AWS::Glue::Table).

The type words are Iceberg's (table spec, https://iceberg.apache.org/spec/); the checks
cite the spec's sections. :class:`~glueforge.catalog.iceberg.IcebergTable` uses them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar

from aws_cdk import aws_glue as glue

from glueforge.core.limits import NAME_MAX, token_problems
from glueforge.core.locations import s3_prefix_problems
from glueforge.core.tokens import is_unresolved

# ---- types ------------------------------------------------------------------------------

# Iceberg's primitive types, as Glue stores them in an Iceberg schema (Iceberg table spec,
# "Primitive Types", https://iceberg.apache.org/spec/#primitive-types). decimal(P, S) and
# fixed[L] are built with IcebergType.decimal / IcebergType.fixed.
PRIMITIVES = frozenset(
    {
        "boolean",
        "int",
        "long",
        "float",
        "double",
        "date",
        "time",
        "timestamp",
        "timestamptz",
        "string",
        "uuid",
        "binary",
    }
)
_DECIMAL = re.compile(r"^decimal\((\d+), (\d+)\)$")
_DECIMAL_LOOSE = re.compile(r"^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$", re.I)
_FIXED = re.compile(r"^fixed\[(\d+)\]$")
# Iceberg: "decimal(P,S)" precision at most 38 (spec, "Primitive Types").
DECIMAL_MAX_PRECISION = 38


@dataclass(frozen=True)
class IcebergList:
    """A list column: ``element`` is a primitive type string or a nested type.

    :param element_required: whether elements may be null. Default: ``False``.
    :param element_id: pin the element's field id. Default: assigned (see :class:`IcebergTable`).
    """

    element: IcebergFieldType
    element_required: bool = False
    element_id: int | None = None


@dataclass(frozen=True)
class IcebergMap:
    """A map column.

    :param value_required: whether values may be null (keys never are). Default: ``False``.
    :param key_id: pin the key's field id. Default: assigned.
    :param value_id: pin the value's field id. Default: assigned.
    """

    key: IcebergFieldType
    value: IcebergFieldType
    value_required: bool = False
    key_id: int | None = None
    value_id: int | None = None


@dataclass(frozen=True)
class IcebergStruct:
    """A struct column: its own fields, each with its own id."""

    fields: tuple[IcebergField, ...]


#: A column type: a primitive (``"long"``, :meth:`IcebergType.decimal`) or a nested type.
IcebergFieldType = str | IcebergList | IcebergMap | IcebergStruct


class IcebergType:
    """Builders for the Iceberg types that take parameters, in the text Glue stores."""

    @staticmethod
    def decimal(precision: int, scale: int) -> str:
        """``decimal(P, S)``, with the space after the comma Glue stores: a schema sent
        without it differs from Glue's text on every update, and the update fails with
        "Cannot set last added schema: no schema has been added" (ksco92/arceus
        ``cdk-glue-iceberg-table`` iceberg-type.ts)."""
        return f"decimal({precision}, {scale})"

    @staticmethod
    def fixed(length: int) -> str:
        """``fixed[L]``: L bytes."""
        return f"fixed[{length}]"


@dataclass(frozen=True)
class IcebergField:
    """A column of an Iceberg table (or a field of a struct).

    :param name: lowercase (Glue folds names to lowercase), 1-255 characters.
    :param type: a primitive type (``"long"``, ``IcebergType.decimal(10, 2)``) or an
        :class:`IcebergList`, :class:`IcebergMap` or :class:`IcebergStruct`.
    :param required: whether the column may be null. Default: ``False``.
    :param doc: Default: none.
    :param field_id: pin the column's Iceberg field id. Default: assigned (see
        :class:`IcebergTable`).
    """

    name: str
    type: IcebergFieldType
    required: bool = False
    doc: str | None = None
    field_id: int | None = None


def _primitive_problems(where: str, value: str) -> list[str]:
    if value in PRIMITIVES:
        return []
    decimal = _DECIMAL.match(value)
    if decimal:
        precision, scale = int(decimal[1]), int(decimal[2])
        if not 1 <= precision <= DECIMAL_MAX_PRECISION or scale > precision:
            return [
                f"{where} type {value!r}: precision must be 1-{DECIMAL_MAX_PRECISION} and "
                "scale at most the precision (Iceberg spec, primitive types)"
            ]
        return []
    loose = _DECIMAL_LOOSE.match(value)
    if loose:
        return [
            f"{where} type {value!r} must be written 'decimal({loose[1]}, {loose[2]})', with "
            "the space Glue stores (a different text fails every later update): use "
            f"IcebergType.decimal({loose[1]}, {loose[2]})"
        ]
    fixed = _FIXED.match(value)
    if fixed and int(fixed[1]) > 0:
        return []
    return [
        f"{where} type {value!r} is not an Iceberg type; expected one of "
        f"{', '.join(sorted(PRIMITIVES))}, IcebergType.decimal(P, S), IcebergType.fixed(L), "
        "or an IcebergList, IcebergMap or IcebergStruct"
    ]


# ---- schema rendering: field ids -----------------------------------------------------------


class _Ids:
    """Field ids: pinned ones as given, the others the lowest ids no pin takes, in
    declaration order (depth first)."""

    def __init__(self, pinned: Sequence[int]) -> None:
        self.pinned = set(pinned)
        self.next = 1

    def take(self, pinned: int | None) -> int:
        if pinned is not None:
            return pinned
        while self.next in self.pinned:
            self.next += 1
        self.next += 1
        return self.next - 1


def _pinned_ids(fields: Sequence[IcebergField]) -> list[tuple[str, int]]:
    """Every pinned id with the field path that pins it."""
    found: list[tuple[str, int]] = []

    def visit_type(path: str, value: IcebergFieldType) -> None:
        if isinstance(value, IcebergList):
            if value.element_id is not None:
                found.append((f"{path}.element", value.element_id))
            visit_type(f"{path}.element", value.element)
        elif isinstance(value, IcebergMap):
            for part, pinned in (("key", value.key_id), ("value", value.value_id)):
                if pinned is not None:
                    found.append((f"{path}.{part}", pinned))
            visit_type(f"{path}.key", value.key)
            visit_type(f"{path}.value", value.value)
        elif isinstance(value, IcebergStruct):
            visit_fields(f"{path}.", value.fields)

    def visit_fields(prefix: str, members: Sequence[IcebergField]) -> None:
        for member in members:
            path = f"{prefix}{member.name}"
            if member.field_id is not None:
                found.append((path, member.field_id))
            visit_type(path, member.type)

    visit_fields("", fields)
    return found


def _type_json(value: IcebergFieldType, ids: _Ids) -> Any:
    """A type as Iceberg's JSON schema writes it (spec, "Appendix C: JSON serialization")."""
    if isinstance(value, str):
        return value
    if isinstance(value, IcebergList):
        element_id = ids.take(value.element_id)
        return {
            "type": "list",
            "element-id": element_id,
            "element": _type_json(value.element, ids),
            "element-required": value.element_required,
        }
    if isinstance(value, IcebergMap):
        key_id, value_id = ids.take(value.key_id), ids.take(value.value_id)
        return {
            "type": "map",
            "key-id": key_id,
            "key": _type_json(value.key, ids),
            "value-id": value_id,
            "value": _type_json(value.value, ids),
            "value-required": value.value_required,
        }
    fields = [(member, ids.take(member.field_id)) for member in value.fields]
    return {
        "type": "struct",
        "fields": [
            {
                "id": field_id,
                "name": member.name,
                "required": member.required,
                "type": _type_json(member.type, ids),
                **({"doc": member.doc} if member.doc is not None else {}),
            }
            for member, field_id in fields
        ],
    }


def _top_level_ids(
    fields: Sequence[IcebergField], ids: _Ids
) -> list[tuple[IcebergField, int, Any]]:
    """Each column, its id and its type's JSON. Columns take their ids first (as Iceberg
    assigns a new table's ids, top level before nested), so a nested type added to a
    later column never moves an earlier column's id."""
    with_ids = [(f, ids.take(f.field_id)) for f in fields]
    return [(f, field_id, _type_json(f.type, ids)) for f, field_id in with_ids]


# ---- partitions and write order ----------------------------------------------------------

_TEMPORAL = frozenset({"date", "timestamp", "timestamptz"})
_TIMESTAMPS = frozenset({"timestamp", "timestamptz"})
_BUCKETABLE = frozenset(
    {"int", "long", "date", "time", "timestamp", "timestamptz", "string", "uuid", "binary"}
)
_TRUNCATABLE = frozenset({"int", "long", "string", "binary"})


@dataclass(frozen=True)
class IcebergTransform:
    """A partition (or sort) transform on a source column: use the constants and builders.

    Which source types each takes is the Iceberg spec's table, "Partition Transforms"
    (https://iceberg.apache.org/spec/#partition-transforms).
    """

    value: str
    kind: str

    IDENTITY: ClassVar[IcebergTransform]
    YEAR: ClassVar[IcebergTransform]
    MONTH: ClassVar[IcebergTransform]
    DAY: ClassVar[IcebergTransform]
    HOUR: ClassVar[IcebergTransform]

    @staticmethod
    def bucket(count: int) -> IcebergTransform:
        """``bucket[N]``: a hash of the value, modulo ``count`` (at least 1)."""
        return IcebergTransform(f"bucket[{count}]", "bucket")

    @staticmethod
    def truncate(width: int) -> IcebergTransform:
        """``truncate[W]``: the value truncated to ``width`` (at least 1)."""
        return IcebergTransform(f"truncate[{width}]", "truncate")

    def problems(self, where: str, source_type: str) -> list[str]:
        """Why this transform cannot apply to a column of ``source_type``."""
        parameter = re.fullmatch(r"\w+\[(-?\d+)\]", self.value)
        if self.kind in ("bucket", "truncate") and not (parameter and int(parameter[1]) >= 1):
            return [f"{where} transform {self.value!r} needs a positive parameter"]
        base = "decimal" if source_type.startswith("decimal(") else source_type
        base = "fixed" if base.startswith("fixed[") else base
        accepted = {
            "identity": PRIMITIVES | {"decimal", "fixed"},
            "year": _TEMPORAL,
            "month": _TEMPORAL,
            "day": _TEMPORAL,
            "hour": _TIMESTAMPS,
            "bucket": _BUCKETABLE | {"decimal", "fixed"},
            "truncate": _TRUNCATABLE | {"decimal"},
        }[self.kind]
        if base in accepted:
            return []
        return [
            f"{where} transform {self.value!r} does not apply to a {source_type!r} column; "
            f"it takes {', '.join(sorted(accepted))} (Iceberg spec, partition transforms)"
        ]


IcebergTransform.IDENTITY = IcebergTransform("identity", "identity")
IcebergTransform.YEAR = IcebergTransform("year", "year")
IcebergTransform.MONTH = IcebergTransform("month", "month")
IcebergTransform.DAY = IcebergTransform("day", "day")
IcebergTransform.HOUR = IcebergTransform("hour", "hour")


@dataclass(frozen=True)
class IcebergPartitionField:
    """One field of the partition spec.

    :param source: the top-level column partitioned on (a primitive column).
    :param transform: Default: ``IcebergTransform.IDENTITY``.
    :param name: Default: the source column's name for identity, else
        ``<source>_<transform>`` (``ts_day``, ``id_bucket_16``, ``name_truncate_4``).
    :param field_id: Default: 1000, 1001, ... in order (Iceberg's partition field ids
        start at 1000).
    """

    source: str
    transform: IcebergTransform = IcebergTransform.IDENTITY
    name: str | None = None
    field_id: int | None = None

    @property
    def partition_name(self) -> str:
        if self.name is not None:
            return self.name
        if self.transform.kind == "identity":
            return self.source
        suffix = re.sub(r"\W+", "_", self.transform.value).strip("_")
        return f"{self.source}_{suffix}"


class IcebergSortDirection(Enum):
    ASC = "asc"
    DESC = "desc"


@dataclass(frozen=True)
class IcebergSortField:
    """One field of the write order.

    :param source: the top-level column sorted on.
    :param direction: Default: ascending.
    :param nulls_first: Default: nulls first ascending, last descending (Iceberg's default).
    :param transform: Default: identity.
    """

    source: str
    direction: IcebergSortDirection = IcebergSortDirection.ASC
    nulls_first: bool | None = None
    transform: IcebergTransform = IcebergTransform.IDENTITY


PARTITION_FIELD_ID_START = 1000
FORMAT_VERSIONS = (1, 2)


# ---- validation --------------------------------------------------------------------------


def _name_problems(where: str, name: object) -> list[str]:
    if not isinstance(name, str) or not 1 <= len(name) <= NAME_MAX:
        return [f"{where} name {name!r} must be 1-{NAME_MAX} characters"]
    if name != name.lower():
        # Glue folds names to lowercase (cfn-lint schema AWS::Glue::Table, Name).
        return [f"{where} name {name!r} must be lowercase; expected {name.lower()!r}"]
    return token_problems(f"{where} name", name)


def _fields_problems(prefix: str, fields: Sequence[IcebergField]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for member in fields:
        if not isinstance(member, IcebergField):
            problems.append(f"{prefix or 'columns'}: {member!r} is not an IcebergField")
            continue
        path = f"{prefix}{member.name}"
        problems += _name_problems(f"column {path!r}", member.name)
        if member.name in seen:
            problems.append(f"column name {path!r} is used twice; names must be unique")
        seen.add(member.name)
        problems += _type_problems(f"column {path!r}", member.type, path)
    return problems


def _type_problems(where: str, value: object, path: str) -> list[str]:
    if isinstance(value, str):
        return _primitive_problems(where, value)
    if isinstance(value, IcebergList):
        return _type_problems(where, value.element, f"{path}.element")
    if isinstance(value, IcebergMap):
        return _type_problems(where, value.key, f"{path}.key") + _type_problems(
            where, value.value, f"{path}.value"
        )
    if isinstance(value, IcebergStruct):
        if not value.fields:
            return [f"{where}: a struct needs at least one field"]
        return _fields_problems(f"{path}.", value.fields)
    return [f"{where} type {value!r} is not an Iceberg type"]


def _id_problems(
    fields: Sequence[IcebergField], partitions: Sequence[IcebergPartitionField]
) -> list[str]:
    problems = []
    by_id: dict[int, str] = {}
    for path, field_id in _pinned_ids(fields):
        if isinstance(field_id, bool) or not isinstance(field_id, int) or field_id < 1:
            problems.append(f"field id {field_id!r} of {path!r} must be a positive integer")
        elif field_id in by_id:
            problems.append(
                f"field id {field_id} is pinned by both {by_id[field_id]!r} and {path!r}; ids "
                "must be unique across the table, nested types included (a reused id makes "
                "old snapshots read the wrong column)"
            )
        else:
            by_id[field_id] = path
    pinned = [p.field_id for p in partitions if p.field_id is not None]
    if len(set(pinned)) != len(pinned):
        problems.append(f"partition field ids {pinned} must be unique")
    return problems


def _partition_problems(
    columns: Mapping[str, IcebergField], partitions: Sequence[IcebergPartitionField]
) -> list[str]:
    problems: list[str] = []
    names: set[str] = set()
    for index, partition in enumerate(partitions):
        where = f"partition_spec[{index}]"
        column = columns.get(partition.source)
        if column is None:
            problems.append(
                f"{where} source {partition.source!r} is not a column; expected one of "
                f"{sorted(columns)}"
            )
            continue
        if not isinstance(column.type, str):
            problems.append(f"{where} source {partition.source!r} must be a primitive column")
            continue
        problems += partition.transform.problems(where, column.type)
        name = partition.partition_name
        problems += _name_problems(f"{where}", name)
        if name in names:
            problems.append(f"{where} name {name!r} is used twice; partition names must be unique")
        elif name in columns and not (
            name == partition.source and partition.transform.kind == "identity"
        ):
            # Iceberg refuses a partition name equal to another column's (spec, partitioning).
            problems.append(
                f"{where} name {name!r} is a column's name; only an identity partition may "
                "share its source column's name"
            )
        names.add(name)
    return problems


def _identifier_problems(
    columns: Mapping[str, IcebergField], identifiers: Sequence[str]
) -> list[str]:
    problems = []
    for name in identifiers:
        column = columns.get(name)
        if column is None:
            problems.append(
                f"identifier field {name!r} is not a column; expected one of {sorted(columns)}"
            )
        elif (
            not column.required
            or not isinstance(column.type, str)
            or column.type in ("float", "double")
        ):
            # Iceberg spec, "Identifier Field IDs": required, primitive, not float or double.
            problems.append(
                f"identifier field {name!r} must be a required primitive column that is not "
                f"float or double (Iceberg spec, identifier field ids); got type "
                f"{column.type if isinstance(column.type, str) else type(column.type).__name__}, "
                f"required={column.required}"
            )
    if len(set(identifiers)) != len(identifiers):
        problems.append(f"identifier_fields {list(identifiers)} name a column twice")
    return problems


def _write_order_problems(
    columns: Mapping[str, IcebergField], order: Sequence[IcebergSortField]
) -> list[str]:
    problems = []
    for index, sort in enumerate(order):
        where = f"write_order[{index}]"
        column = columns.get(sort.source)
        if column is None or not isinstance(column.type, str):
            problems.append(
                f"{where} source {sort.source!r} must be a primitive column of the table"
            )
        else:
            problems += sort.transform.problems(where, column.type)
    return problems


def property_problems(properties: Mapping[str, str]) -> list[str]:
    problems = []
    for key, value in properties.items():
        if not isinstance(key, str) or not isinstance(value, str) or not key:
            problems.append(
                f"property {key!r}: {value!r} must be a non-empty string key and a string value"
            )
        elif key in _MANAGED_PROPERTIES:
            problems.append(
                f"property {key!r} is set by IcebergTable's {_MANAGED_PROPERTIES[key]} prop; "
                "set it there (one way to say each thing)"
            )
    return problems


_MANAGED_PROPERTIES = {"format-version": "format_version", "comment": "description"}


def schema_problems(
    table_name, prefix, columns, partition_spec, identifier_fields, write_order, format_version
) -> list[str]:
    """Every problem with an IcebergTable's schema props, in the order users read them."""
    problems = _name_problems("table", table_name) if table_name is not None else []
    problems += s3_prefix_problems(prefix, "prefix")
    if not problems and prefix and not is_unresolved(prefix) and not prefix.endswith("/"):
        problems.append(
            f"prefix {prefix!r} must end with '/': grants reach '<prefix>*', which would "
            f"include e.g. '{prefix}_old/'; expected {prefix + '/'!r}"
        )
    if isinstance(format_version, bool) or format_version not in FORMAT_VERSIONS:
        problems.append(f"format_version {format_version!r} must be one of {FORMAT_VERSIONS}")
    if not columns:
        return [*problems, "columns must hold at least one IcebergField"]
    column_problems = _fields_problems("", columns)
    if column_problems:
        return problems + column_problems
    by_name = {c.name: c for c in columns}
    return (
        problems
        + _id_problems(columns, partition_spec)
        + _partition_problems(by_name, partition_spec)
        + _identifier_problems(by_name, identifier_fields)
        + _write_order_problems(by_name, write_order)
    )


def render_table_input(
    location: str,
    columns: Sequence[IcebergField],
    partition_spec: Sequence[IcebergPartitionField],
    identifier_fields: Sequence[str],
    write_order: Sequence[IcebergSortField],
    properties: Mapping[str, str],
) -> glue.CfnTable.IcebergTableInputProperty:
    """The CloudFormation IcebergTableInput (cfn-lint schema AWS::Glue::Table)."""
    ids = _Ids([field_id for _, field_id in _pinned_ids(columns)])
    top = _top_level_ids(columns, ids)
    id_of = {column.name: field_id for column, field_id, _ in top}
    schema = glue.CfnTable.IcebergSchemaProperty(
        type="struct",
        schema_id=0,
        fields=[
            glue.CfnTable.IcebergStructFieldProperty(
                id=field_id,
                name=column.name,
                required=column.required,
                type=rendered
                if isinstance(rendered, str)
                else json.dumps(rendered, separators=(",", ":")),
                doc=column.doc,
            )
            for column, field_id, rendered in top
        ],
        identifier_field_ids=[id_of[name] for name in identifier_fields] or None,
    )
    partition_ids = _Ids([p.field_id for p in partition_spec if p.field_id is not None])
    partition_ids.next = PARTITION_FIELD_ID_START
    spec = glue.CfnTable.IcebergPartitionSpecProperty(
        spec_id=0,
        fields=[
            glue.CfnTable.IcebergPartitionFieldProperty(
                source_id=id_of[p.source],
                transform=p.transform.value,
                name=p.partition_name,
                field_id=partition_ids.take(p.field_id),
            )
            for p in partition_spec
        ],
    )
    order = (
        glue.CfnTable.IcebergSortOrderProperty(
            order_id=1,
            fields=[
                glue.CfnTable.IcebergSortFieldProperty(
                    source_id=id_of[s.source],
                    transform=s.transform.value,
                    direction=s.direction.value,
                    null_order=_null_order(s),
                )
                for s in write_order
            ],
        )
        if write_order
        else None
    )
    return glue.CfnTable.IcebergTableInputProperty(
        location=location,
        schema=schema,
        partition_spec=spec if partition_spec else None,
        write_order=order,
        properties=dict(properties) or None,
    )


def _null_order(sort: IcebergSortField) -> str:
    first = (
        sort.nulls_first
        if sort.nulls_first is not None
        else sort.direction is IcebergSortDirection.ASC
    )
    return "nulls-first" if first else "nulls-last"
