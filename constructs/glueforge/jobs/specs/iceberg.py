"""Where a job reads and writes Apache Iceberg tables, through Glue 5.0's Iceberg support.

AWS Glue runs Iceberg when the job has ``--datalake-formats iceberg`` and the Spark
catalog configuration in ``--conf`` ("Using the Iceberg framework in AWS Glue",
https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-format-iceberg.html):
each spec here sets both as job arguments (:meth:`Spec.job_settings`), so no other place
knows them. ``spark.sql.extensions`` is a static Spark setting: it must come in through
``--conf``, before the session exists, not from the script.

The script names the table ``glue_catalog.<database>.<table>``: the database and table
names reach it as job arguments, each quoted as a Spark SQL identifier at run time, never
pasted into code.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from aws_cdk import aws_iam as iam

from glueforge.assembly.local_arguments import (
    LocalArgument,
    LocalCatalogDatabase,
    LocalIcebergTable,
)
from glueforge.catalog.iceberg import IIcebergTable
from glueforge.core.locations import S3Location
from glueforge.core.vocabulary import GlueVersion, Language
from glueforge.jobs.specs.base import Spec, Stage, column_problems, local_name

#: the Spark catalog the ``--conf`` settings define; scripts name tables under it
ICEBERG_CATALOG = "glue_catalog"
#: Glue's ``--datalake-formats`` value for Iceberg
ICEBERG_FORMAT = "iceberg"
# "Using the Iceberg framework in AWS Glue", "Enabling the Iceberg framework": the
# settings, in the order the page gives them (the warehouse is added per spec).
_SPARK_SETTINGS = (
    ("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions"),
    (f"spark.sql.catalog.{ICEBERG_CATALOG}", "org.apache.iceberg.spark.SparkCatalog"),
)
_CATALOG_SETTINGS = (
    (
        f"spark.sql.catalog.{ICEBERG_CATALOG}.catalog-impl",
        "org.apache.iceberg.aws.glue.GlueCatalog",
    ),
    (f"spark.sql.catalog.{ICEBERG_CATALOG}.io-impl", "org.apache.iceberg.aws.s3.S3FileIO"),
)
# The same page: "AWS Glue 3.0 and later supports the Apache Iceberg framework" (through
# --datalake-formats), with Iceberg 0.13.1 on 3.0, 1.0.0 on 4.0, 1.7.1 on 5.0 and 1.10.0
# on 5.1. Choice: glueforge asks for 5.0 or later (the job's GlueVersion), the Spark
# 3.5.4 and Iceberg 1.7.1 whose writeTo and MERGE INTO it renders and local runs mirror.
MINIMUM_GLUE_VERSION = GlueVersion.V5_0

IcebergWriteMode = Literal["append", "overwrite", "merge"]
WRITE_MODES = ("append", "overwrite", "merge")


def iceberg_conf(warehouse: str) -> str:
    """The one ``--conf`` value: each setting after the first is one more ``--conf``, as
    the Glue page writes it (Glue passes the value through to spark-submit)."""
    settings = [
        *_SPARK_SETTINGS,
        (f"spark.sql.catalog.{ICEBERG_CATALOG}.warehouse", warehouse),
        *_CATALOG_SETTINGS,
    ]
    return " --conf ".join(f"{key}={value}" for key, value in settings)


def quoted(identifier: str) -> str:
    """A Spark SQL identifier in backquotes, a backquote in it doubled."""
    return "`" + identifier.replace("`", "``") + "`"


@dataclass(frozen=True, kw_only=True)
class _IcebergSpec(Spec):
    table: IIcebergTable
    warehouse: S3Location | None = None

    macro: ClassVar[str] = "iceberg"
    bookmarkable: ClassVar[bool] = False
    uses_spark_session: ClassVar[bool] = True
    minimum_glue_version: ClassVar[GlueVersion | None] = MINIMUM_GLUE_VERSION

    @property
    def warehouse_location(self) -> S3Location:
        """``warehouse``, else the root of the table's bucket."""
        return self.warehouse or S3Location(self.table.location.bucket, "")

    @property
    def _is_iceberg_table(self) -> bool:
        # Anything else is a problem (problems()); the job's checks read the values first.
        return isinstance(self.table, IIcebergTable)

    def deploy_values(self) -> dict[str, Any]:
        if not self._is_iceberg_table:
            return {}
        return {"database": self.table.database.database_name, "table": self.table.table_name}

    def job_settings(self) -> dict[str, str]:
        if not self._is_iceberg_table:
            return {}
        return {
            "datalake-formats": ICEBERG_FORMAT,
            "conf": iceberg_conf(self.warehouse_location.url()),
        }

    def local_arguments(self) -> dict[str, LocalArgument]:
        database = self.table.database
        schema = iceberg_schema(self.table)
        return {
            self.arg("database"): LocalCatalogDatabase(
                name=local_name(database.database_name, database)
            ),
            self.arg("table"): LocalIcebergTable(
                name=local_name(self.table.table_name, self.table),
                schema=json.dumps(schema, sort_keys=True) if schema else None,
            ),
        }

    def problems(self) -> list[str]:
        if not self._is_iceberg_table:
            return [
                f"table must be an Iceberg table (IcebergTable, or one imported with "
                f"IcebergTable.from_iceberg_table_attributes), got {type(self.table).__name__}"
            ]
        return self.warehouse.problems() if self.warehouse else []

    def render_context(self, language: Language) -> dict[str, Any]:
        return {"catalog": ICEBERG_CATALOG}


@dataclass(frozen=True, kw_only=True)
class IcebergSource(_IcebergSpec):
    """An Iceberg table read whole: ``spark.table("glue_catalog.<database>.<table>")``.

    The job gets ``--datalake-formats iceberg`` and the Glue catalog's Spark settings
    (``--conf``), and the table's :meth:`grant_read`. Needs Glue 5.0 or later.

    :param table: the table, made by glueforge or imported (an ``IIcebergTable``).
    :param warehouse: the Iceberg catalog's warehouse (where tables made without a
        location would go). Default: the root of the table's bucket.
    """

    stage: ClassVar = Stage.SOURCE

    def grant(self, grantee: iam.IGrantable) -> None:
        self.table.grant_read(grantee)


@dataclass(frozen=True, kw_only=True)
class IcebergSink(_IcebergSpec):
    """Rows written to an Iceberg table: appended, overwritten, or merged on a key.

    - ``append``: ``df.writeTo(...).append()``;
    - ``overwrite``: ``df.writeTo(...).overwritePartitions()``, which replaces the
      partitions the frame has rows for (the whole table when it is unpartitioned);
    - ``merge``: an upsert, ``MERGE INTO ... t USING <frame> s ON t.k = s.k WHEN MATCHED
      THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *`` (Iceberg's Spark SQL extensions,
      which the ``--conf`` settings load). Each key must match at most one row of the
      frame: dedupe it first (e.g. with :class:`Dedupe`).

    The job gets the table's :meth:`grant_write`. Needs Glue 5.0 or later.

    :param input: the frame to write.
    :param table: the table, made by glueforge or imported (an ``IIcebergTable``).
    :param mode: ``append``, ``overwrite`` or ``merge``. Default: ``append``.
    :param merge_key: for ``merge``: the columns that identify a row. Default: the
        table's ``identifier_fields``.
    :param warehouse: the Iceberg catalog's warehouse. Default: the root of the table's
        bucket.
    """

    input: str
    mode: IcebergWriteMode = "append"
    merge_key: Sequence[str] | None = None

    stage: ClassVar = Stage.SINK
    writes_dynamic_frame: ClassVar[bool] = False

    @property
    def reads(self) -> tuple[str, ...]:
        return (self.input,)

    @property
    def key(self) -> tuple[str, ...]:
        """The merge key: ``merge_key``, else the table's identifier fields."""
        if self.merge_key is not None:
            return tuple(self.merge_key)
        return tuple(getattr(self.table, "identifier_fields", None) or ())

    @property
    def batch_view(self) -> str:
        """The temporary view a merge reads the frame from."""
        return f"{self.ctx}_batch"

    def grant(self, grantee: iam.IGrantable) -> None:
        self.table.grant_write(grantee)

    def problems(self) -> list[str]:
        problems = super().problems()
        if problems:
            return problems
        if self.mode not in WRITE_MODES:
            return [f"mode {self.mode!r} is not one of {list(WRITE_MODES)}"]
        if self.mode != "merge":
            if self.merge_key is not None:
                problems.append(f"merge_key is only for mode='merge', got mode={self.mode!r}")
            return problems
        if not self.key:
            return [
                "mode='merge' needs a key: give merge_key=['order_id'], or identifier_fields "
                "on the table"
            ]
        problems += column_problems("merge_key", self.key)
        if len(set(self.key)) != len(self.key):
            problems.append(f"merge_key {list(self.key)!r} names a column twice")
        known = _column_names(self.table)
        unknown = [c for c in self.key if known is not None and c not in known]
        if unknown:
            problems.append(
                f"merge_key columns {unknown!r} are not columns of the table; its columns: "
                f"{sorted(known or ())}"
            )
        return problems

    def render_context(self, language: Language) -> dict[str, Any]:
        context = {**super().render_context(language), "mode": self.mode}
        if self.mode != "merge":
            return context
        on = " AND ".join(f"t.{quoted(c)} = s.{quoted(c)}" for c in self.key)
        return {
            **context,
            "batch_view": self.batch_view,
            # What follows MERGE INTO <table>: static text, the key columns quoted.
            "merge_clauses": (
                f" t USING {self.batch_view} s ON {on}"
                " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *"
            ),
        }


def iceberg_schema(table: Any) -> dict[str, Any] | None:
    """The table's Iceberg schema in the Iceberg spec's JSON form, from the schema its
    CloudFormation resource declares; None where it is not declared here (imported)."""
    declared = getattr(getattr(table, "resource", None), "open_table_format_input", None)
    declared = getattr(getattr(declared, "iceberg_input", None), "iceberg_table_input", None)
    schema = getattr(declared, "schema", None)
    if schema is None or not schema.fields:
        return None
    fields = []
    for field in schema.fields:
        kind = field.type
        nested = isinstance(kind, str) and kind.startswith("{")
        fields.append(
            {
                "id": field.id,
                "name": field.name,
                "required": bool(field.required),
                "type": json.loads(kind) if nested else kind,
            }
        )
    return {
        "type": "struct",
        "schema-id": schema.schema_id or 0,
        "fields": fields,
        "identifier-field-ids": list(schema.identifier_field_ids or []),
    }


def _column_names(table: Any) -> set[str] | None:
    """The table's column names where its schema is known here, else None (imported)."""
    schema = iceberg_schema(table)
    return {field["name"] for field in schema["fields"]} if schema else None
