"""Checks on a catalog table's columns, partition keys and partition indexes.

Columns are aws-cdk-lib's ``aws_glue.Column`` with ``aws_glue.Schema`` types (which
already build ``struct<...>``, ``array<...>``, ``map<...>``, ``decimal(p,s)``,
``char(n)`` and ``varchar(n)``); this module checks what the L2 leaves to deploy time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aws_cdk import aws_glue as glue

from glueforge.core.limits import NAME_MAX

# Choice: names every engine that reads the catalog accepts. Athena: "Use lower case for
# table names and table column names" and special characters other than underscore are
# not supported; Glue: 1-255 bytes
# (https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html ;
# https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-catalog-tables.html).
CATALOG_NAME = re.compile(rf"^[a-z0-9_]{{1,{NAME_MAX}}}$")
# CloudFormation's AWS::Glue::Table Column.Type: at most 131072 characters (registry
# schema; https://docs.aws.amazon.com/glue/latest/webapi/API_Column.html).
COLUMN_TYPE_MAX = 131072
COLUMN_COMMENT_MAX = 255
# "Number of partition indexes per table": 3 (Glue quotas; aws-cdk-lib enforces the same);
# index keys may be string, char, varchar, int, bigint, long, tinyint, smallint or date
# (https://docs.aws.amazon.com/glue/latest/dg/partition-indexes.html).
PARTITION_INDEX_MAX = 3
PARTITION_INDEX_KEY_TYPES = (
    "string", "char", "varchar", "int", "integer", "bigint", "long", "tinyint", "smallint", "date"
)  # fmt: skip


def type_name(column: glue.Column) -> str:
    """The column's Glue type string, e.g. ``struct<a:int>``."""
    return column.type.input_string


def column_problems(
    columns: Sequence[glue.Column], partition_keys: Sequence[glue.Column]
) -> list[str]:
    """Why Glue or Athena would refuse these columns and partition keys."""
    problems = []
    if not columns:
        problems.append("columns must hold at least one aws_glue.Column")
    for label, group in (("columns", columns), ("partition_keys", partition_keys)):
        wrong = [c for c in group if not isinstance(c, glue.Column)]
        if wrong:
            problems.append(f"{label} must be aws_glue.Column values, got {wrong[0]!r:.60}")
            continue
        problems += [p for c in group for p in _one_column_problems(label, c)]
    if problems:
        return problems
    names = [c.name for c in (*columns, *partition_keys)]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        problems.append(
            f"column names must be unique across columns and partition_keys, got {twice} twice"
        )
    complex_keys = [f"{c.name} {type_name(c)}" for c in partition_keys if not c.type.is_primitive]
    if complex_keys:
        # CFN TableInput.PartitionKeys: "Only primitive types are supported as partition keys."
        problems.append(
            f"partition keys must have primitive types (Glue: 'Only primitive types are "
            f"supported as partition keys'), got {complex_keys}; e.g. Schema.STRING"
        )
    return problems


def _one_column_problems(label: str, column: glue.Column) -> list[str]:
    problems = []
    if not CATALOG_NAME.match(column.name or ""):
        problems.append(
            f"{label}: column name {column.name!r} must be 1-{NAME_MAX} lowercase letters, "
            "digits or '_' (what Athena and Glue both accept), e.g. 'order_id'"
        )
    length = len(type_name(column))
    if length > COLUMN_TYPE_MAX:
        problems.append(
            f"{label}: column {column.name!r} has a type of {length} characters; "
            f"CloudFormation takes at most {COLUMN_TYPE_MAX}"
        )
    if column.comment is not None and len(column.comment) > COLUMN_COMMENT_MAX:
        problems.append(
            f"{label}: column {column.name!r} has a comment of {len(column.comment)} "
            f"characters; Glue takes at most {COLUMN_COMMENT_MAX}"
        )
    return problems


def partition_index_problems(
    indexes: Sequence[glue.PartitionIndex], partition_keys: Sequence[glue.Column]
) -> list[str]:
    """Why Glue would refuse these partition indexes."""
    problems = []
    if len(indexes) > PARTITION_INDEX_MAX:
        problems.append(
            f"a table takes at most {PARTITION_INDEX_MAX} partition indexes, got {len(indexes)}"
        )
    types = {
        c.name: type_name(c).split("(", 1)[0] for c in partition_keys if isinstance(c, glue.Column)
    }
    for index in indexes:
        keys = list(index.key_names)
        unknown = [k for k in keys if k not in types]
        if not keys or unknown:
            problems.append(
                f"partition index keys must be partition keys ({sorted(types)}), got {keys}"
            )
            continue
        wrong = [f"{k} {types[k]}" for k in keys if types[k] not in PARTITION_INDEX_KEY_TYPES]
        if wrong:
            problems.append(
                f"partition index keys must be of type {', '.join(PARTITION_INDEX_KEY_TYPES)}, "
                f"got {wrong}"
            )
    return problems
