"""How a job reshapes data between its sources and sinks (DataFrame and Spark SQL API).

Each transform reads named outputs of earlier specs and defines its own. Operators and
functions come from closed tables here; user values (column names, literals, SQL) reach the
script only through the templates' literal filters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from glueforge.core.vocabulary import Language
from glueforge.jobs.arguments import TEMP_DIR, ArgRef
from glueforge.jobs.specs.base import NAME, Spec, Stage, column_problems

SPARK_TYPE = re.compile(
    r"^(string|boolean|tinyint|byte|smallint|short|int|integer|bigint|long|float|double|"
    r"date|timestamp|timestamp_ntz|binary|decimal(\(\s*\d{1,2}\s*(,\s*\d{1,2}\s*)?\))?)$"
)
_F = {"pyspark.sql": ("functions as F",)}

# operator -> (PySpark, Scala) code; comparisons take one value
COMPARISONS = {
    "==": ("==", "==="),
    "!=": ("!=", "=!="),
    ">": (">", ">"),
    ">=": (">=", ">="),
    "<": ("<", "<"),
    "<=": ("<=", "<="),
}
PREDICATES = ("is_null", "not_null", "in")
# function -> (PySpark F.<name>, Scala functions.<name>)
AGGREGATES = {
    "sum": ("sum", "sum"),
    "count": ("count", "count"),
    "min": ("min", "min"),
    "max": ("max", "max"),
    "avg": ("avg", "avg"),
    "count_distinct": ("count_distinct", "countDistinct"),
}
JOIN_TYPES = ("inner", "left", "right", "outer")


@dataclass(frozen=True, kw_only=True)
class Mapping(Spec):
    """Select, rename and cast columns: each ``(source, target, type)``.

    :param mappings: e.g. ``[("id", "order_id", "bigint"), ("ts", "ordered_at",
        "timestamp")]``; columns not listed are dropped. Types are Spark SQL types.
    """

    input: str
    mappings: tuple[tuple[str, str, str], ...]

    stage: ClassVar = Stage.TRANSFORM
    macro: ClassVar[str] = "mapping"
    py_imports: ClassVar = _F

    @property
    def reads(self) -> tuple[str, ...]:
        return (self.input,)

    def problems(self) -> list[str]:
        problems = [] if self.mappings else ["mappings must list at least one column"]
        for mapping in self.mappings:
            if len(mapping) != 3:
                problems.append(f"mapping {mapping!r} must be (source, target, type)")
                continue
            source, target, type_ = mapping
            problems += column_problems("mapping", [source, target])
            if not SPARK_TYPE.match(type_.strip().lower()):
                problems.append(
                    f"type {type_!r} of column {source!r} is not a Spark SQL type such as "
                    "'string', 'bigint', 'double', 'date', 'timestamp' or 'decimal(10,2)'"
                )
        return problems

    def render_context(self, language: Language) -> dict[str, Any]:
        return {
            "columns": [
                {"source": s, "target": t, "type": type_.strip().lower()}
                for s, t, type_ in self.mappings
            ]
        }


@dataclass(frozen=True, kw_only=True)
class Filter(Spec):
    """Keep the rows that match: ``column`` ``op`` ``value``, or a SQL ``expression``.

    :param op: ``==``, ``!=``, ``>``, ``>=``, ``<``, ``<=``, ``in`` (value is a list),
        ``is_null`` or ``not_null`` (no value).
    :param expression: a Spark SQL boolean expression, e.g. ``"amount > 0 AND status =
        'PAID'"``, instead of column/op/value.
    """

    input: str
    column: str | None = None
    op: str | None = None
    value: Any = None
    expression: str | None = None

    stage: ClassVar = Stage.TRANSFORM
    macro: ClassVar[str] = "filter"
    py_imports: ClassVar = _F

    @property
    def reads(self) -> tuple[str, ...]:
        return (self.input,)

    def problems(self) -> list[str]:
        if self.expression is not None:
            if self.column is not None or self.op is not None:
                return ["give either expression, or column and op, not both"]
            return [] if self.expression.strip() else ["expression must not be empty"]
        problems = column_problems("filter", [self.column or ""])
        if self.op not in COMPARISONS and self.op not in PREDICATES:
            problems.append(f"op {self.op!r} is not one of {[*COMPARISONS, *PREDICATES]}")
        if self.op == "in" and not isinstance(self.value, list | tuple):
            problems.append(f"op 'in' needs a list value, got {self.value!r}")
        if self.op in ("is_null", "not_null") and self.value is not None:
            problems.append(f"op {self.op!r} takes no value, got {self.value!r}")
        if self.op in COMPARISONS and not isinstance(self.value, str | int | float | bool):
            problems.append(f"op {self.op!r} needs a string or number value, got {self.value!r}")
        return problems

    def render_context(self, language: Language) -> dict[str, Any]:
        if self.expression is not None:
            return {"kind": "expression", "expression": self.expression}
        if self.op in COMPARISONS:
            operator = COMPARISONS[self.op][0 if language == Language.PYSPARK else 1]
            return {
                "kind": "compare",
                "column": self.column,
                "operator": operator,
                "value": self.value,
            }
        value = list(self.value) if self.op == "in" else None
        return {"kind": self.op, "column": self.column, "value": value}


@dataclass(frozen=True, kw_only=True)
class Dedupe(Spec):
    """One row per key: the latest by ``latest_by``, or any one without it.

    :param keys: the columns that identify a row.
    :param latest_by: keep the row with the highest value here. Default: any one row.
    """

    input: str
    keys: tuple[str, ...]
    latest_by: str | None = None

    stage: ClassVar = Stage.TRANSFORM
    macro: ClassVar[str] = "dedupe"

    @property
    def py_imports(self) -> dict[str, tuple[str, ...]]:  # type: ignore[override]
        if self.latest_by is None:
            return {}
        return {**_F, "pyspark.sql.window": ("Window",)}

    @property
    def reads(self) -> tuple[str, ...]:
        return (self.input,)

    def problems(self) -> list[str]:
        problems = [] if self.keys else ["keys must list at least one column"]
        return problems + column_problems(
            "keys", [*self.keys, *([self.latest_by] if self.latest_by is not None else [])]
        )

    def render_context(self, language: Language) -> dict[str, Any]:
        return {"key_columns": list(self.keys), "latest_by": self.latest_by}


@dataclass(frozen=True, kw_only=True)
class Join(Spec):
    """Join two inputs on columns of the same name.

    :param how: ``inner``, ``left``, ``right`` or ``outer``. Default: ``inner``.
    """

    left: str
    right: str
    on: tuple[str, ...]
    how: Literal["inner", "left", "right", "outer"] = "inner"

    stage: ClassVar = Stage.TRANSFORM
    macro: ClassVar[str] = "join"

    @property
    def reads(self) -> tuple[str, ...]:
        return (self.left, self.right)

    def problems(self) -> list[str]:
        problems = [] if self.on else ["on must list at least one column"]
        if self.how not in JOIN_TYPES:
            problems.append(f"how {self.how!r} is not one of {list(JOIN_TYPES)}")
        return problems + column_problems("on", self.on)

    def render_context(self, language: Language) -> dict[str, Any]:
        return {"on": list(self.on), "how": self.how}


@dataclass(frozen=True, kw_only=True)
class Aggregate(Spec):
    """Group rows and aggregate: each aggregation is ``(function, column, alias)``.

    :param group_by: the grouping columns.
    :param aggregations: functions ``sum``, ``count`` (column ``*`` counts rows), ``min``,
        ``max``, ``avg`` and ``count_distinct``.
    """

    input: str
    group_by: tuple[str, ...]
    aggregations: tuple[tuple[str, str, str], ...]

    stage: ClassVar = Stage.TRANSFORM
    macro: ClassVar[str] = "aggregate"
    py_imports: ClassVar = _F

    @property
    def reads(self) -> tuple[str, ...]:
        return (self.input,)

    def problems(self) -> list[str]:
        problems = [] if self.aggregations else ["aggregations must list at least one"]
        for aggregation in self.aggregations:
            if len(aggregation) != 3:
                problems.append(f"aggregation {aggregation!r} must be (function, column, alias)")
                continue
            function, column, alias = aggregation
            if function not in AGGREGATES:
                problems.append(f"function {function!r} is not one of {list(AGGREGATES)}")
            if column == "*" and function != "count":
                problems.append(f"column '*' works only with count, got {function!r}")
            problems += column_problems("aggregation", [column, alias])
        return problems + column_problems("group_by", self.group_by)

    def render_context(self, language: Language) -> dict[str, Any]:
        return {
            "group_by": list(self.group_by),
            "aggregations": [
                {
                    "call": AGGREGATES[f][0 if language == Language.PYSPARK else 1],
                    "column": c,
                    "alias": a,
                    "rows": c == "*",
                }
                for f, c, a in self.aggregations
            ],
        }


@dataclass(frozen=True, kw_only=True)
class Sql(Spec):
    """A Spark SQL query over named inputs, each visible as a view of its own name."""

    inputs: tuple[str, ...]
    query: str

    stage: ClassVar = Stage.TRANSFORM
    macro: ClassVar[str] = "sql"
    uses_spark_session: ClassVar[bool] = True

    @property
    def reads(self) -> tuple[str, ...]:
        return self.inputs

    def problems(self) -> list[str]:
        problems = [] if self.inputs else ["inputs must name at least one earlier step"]
        return problems + ([] if self.query.strip() else ["query must not be empty"])

    def render_context(self, language: Language) -> dict[str, Any]:
        return {"query": self.query}


@dataclass(frozen=True, kw_only=True)
class Relationalize(Spec):
    """Glue's Relationalize: flatten nested structs, pivot arrays into child tables.

    The root table keeps one row per input row, with struct fields flattened to
    ``a.b`` columns and each array replaced by a key into its child table. Each child
    (``<root>_<array path>``) has ``id`` (that key), ``index`` (the position) and the
    element's fields.

    :param children: array paths to expose as child outputs, e.g. ``["items"]`` defines
        ``<name>_items``. Default: the root table only.
    :param root_table: Glue's name for the root table. Default: ``"root"``.
    """

    input: str
    children: tuple[str, ...] = ()
    root_table: str = "root"

    stage: ClassVar = Stage.TRANSFORM
    macro: ClassVar[str] = "relationalize"
    py_imports: ClassVar = {"awsglue.transforms": ("Relationalize",)}
    # Glue stages the pivoted tables in the job's temporary directory.
    glue_arguments: ClassVar = (TEMP_DIR,)

    @property
    def reads(self) -> tuple[str, ...]:
        return (self.input,)

    @property
    def outputs(self) -> tuple[str, ...]:
        return (self.name, *(self.child_output(c) for c in self.children))

    def child_output(self, path: str) -> str:
        return f"{self.name}_{re.sub(r'[^a-z0-9_]', '_', path.lower())}"

    def problems(self) -> list[str]:
        problems = column_problems("children", self.children)
        if not NAME.match(self.root_table):
            problems.append(f"root_table {self.root_table!r} must be a simple lowercase name")
        return problems

    def render_context(self, language: Language) -> dict[str, Any]:
        return {
            "root_table": self.root_table,
            "staging_path": ArgRef(TEMP_DIR),
            "children": [
                {"var": self.child_output(c), "table": f"{self.root_table}_{c}"}
                for c in self.children
            ],
        }
