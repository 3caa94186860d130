"""What a Lake Formation grant or LF-tag association is on: :class:`LfResource`.

Rendered in the shapes of the ``Resource`` property of
``AWS::LakeFormation::PrincipalPermissions`` and ``AWS::LakeFormation::TagAssociation``
(their CloudFormation schemas), with the LF-tag expression limits of ``LFTagPolicy``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from aws_cdk import aws_glue as glue
from aws_cdk import aws_s3 as s3

#: the CFN schema of LFTagPolicy: 1-5 expressions; a key 1-128, 1-50 values of <= 256
TAG_EXPRESSION_MAX = 5
TAG_VALUES_PER_GRANT_MAX = 50
TAG_KEY_MAX = 128
TAG_VALUE_MAX = 256


class LfTagResourceType(Enum):
    """What an LF-tag policy grant covers (``LFTagPolicy.ResourceType``)."""

    DATABASE = "DATABASE"
    TABLE = "TABLE"


@dataclass(frozen=True)
class LfResource:
    """What a Lake Formation grant is on. Make one with a factory: ``database``,
    ``table``, ``all_tables``, ``columns``, ``data_location``, ``tag_policy`` or
    ``lf_tag``."""

    kind: str
    on_database: glue.IDatabase | None = None
    table_name: str | None = None
    column_names: tuple[str, ...] | None = None
    excluded_columns: tuple[str, ...] | None = None
    bucket: s3.IBucket | None = None
    prefix: str = ""
    tag_resource_type: LfTagResourceType | None = None
    expression: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    @classmethod
    def database(cls, database: glue.IDatabase) -> LfResource:
        """The database itself (not its tables)."""
        return cls("database", on_database=database)

    @classmethod
    def table(cls, database: glue.IDatabase, table_name: str) -> LfResource:
        """One table of ``database``, by name."""
        return cls("table", on_database=database, table_name=table_name)

    @classmethod
    def all_tables(cls, database: glue.IDatabase) -> LfResource:
        """Every table of ``database``, now and later (``TableWildcard``)."""
        return cls("table", on_database=database)

    @classmethod
    def columns(
        cls,
        database: glue.IDatabase,
        table_name: str,
        *,
        include: Sequence[str] | None = None,
        exclude: Sequence[str] | None = None,
    ) -> LfResource:
        """Columns of one table: exactly ``include``, or all but ``exclude`` (give one;
        ``exclude=[]`` means every column). Lake Formation grants only SELECT on columns."""
        return cls(
            "columns",
            on_database=database,
            table_name=table_name,
            column_names=None if include is None else tuple(include),
            excluded_columns=None if exclude is None else tuple(exclude),
        )

    @classmethod
    def data_location(cls, bucket: s3.IBucket, prefix: str = "") -> LfResource:
        """A registered S3 location (see :class:`~glueforge.DataLakeLocation`)."""
        return cls("data location", bucket=bucket, prefix=prefix)

    @classmethod
    def tag_policy(
        cls, resource_type: LfTagResourceType, expression: dict[str, Sequence[str]]
    ) -> LfResource:
        """Every database or table whose LF-tags match ``expression``: each key must have
        one of its values (keys are ANDed, values ORed)."""
        return cls(
            f"LF-tag policy on {resource_type.value.lower()}s",
            tag_resource_type=resource_type,
            expression=tuple((k, tuple(v)) for k, v in dict(expression).items()),
        )

    @classmethod
    def lf_tag(cls, tag: Any, values: Sequence[str]) -> LfResource:
        """Values of an LF-tag (an :class:`~glueforge.LfTag`, an import, or its key), for
        permissions on the tag itself: associating it, describing it, granting with it."""
        key = getattr(tag, "lf_tag_name", tag)
        return cls("LF-tag", expression=((key, tuple(values)),))

    def problems(self) -> list[str]:
        if self.kind == "columns":
            if (self.column_names is None) == (self.excluded_columns is None):
                return ["columns need exactly one of include=[...] or exclude=[...]"]
            if self.column_names is not None and not self.column_names:
                return ["include=[] grants no column; name at least one"]
        if self.kind.startswith("LF-tag"):
            return _expression_problems(self.expression)
        if self.table_name is not None and not self.table_name:
            return ["table_name must not be empty"]
        return []

    def render(self, catalog_id: str) -> dict[str, Any]:
        """The ``Resource`` property, in CloudFormation's casing."""
        if self.kind == "database":
            return {"Database": {"CatalogId": catalog_id, "Name": self.on_database.database_name}}
        if self.kind == "table":
            table: dict[str, Any] = {
                "CatalogId": catalog_id,
                "DatabaseName": self.on_database.database_name,
            }
            if self.table_name is None:
                table["TableWildcard"] = {}
            else:
                table["Name"] = self.table_name
            return {"Table": table}
        if self.kind == "columns":
            return {"TableWithColumns": self._columns(catalog_id)}
        if self.kind == "data location":
            return {"DataLocation": {"CatalogId": catalog_id, "ResourceArn": self.location_arn()}}
        if self.kind == "LF-tag":
            [(key, values)] = self.expression
            return {"LFTag": {"CatalogId": catalog_id, "TagKey": key, "TagValues": list(values)}}
        return {
            "LFTagPolicy": {
                "CatalogId": catalog_id,
                "ResourceType": self.tag_resource_type.value,
                "Expression": [
                    {"TagKey": key, "TagValues": list(values)} for key, values in self.expression
                ],
            }
        }

    def _columns(self, catalog_id: str) -> dict[str, Any]:
        rendered: dict[str, Any] = {
            "CatalogId": catalog_id,
            "DatabaseName": self.on_database.database_name,
            "Name": self.table_name,
        }
        if self.column_names is not None:
            rendered["ColumnNames"] = list(self.column_names)
        else:
            wildcard = {"ExcludedColumnNames": list(self.excluded_columns)}
            rendered["ColumnWildcard"] = wildcard if self.excluded_columns else {}
        return rendered

    def location_arn(self) -> str:
        """The location's ARN as Lake Formation registers it: the bucket, or a prefix of
        it (a location is a bucket or a prefix, never an object)."""
        prefix = self.prefix.strip("/")
        return f"{self.bucket.bucket_arn}/{prefix}" if prefix else self.bucket.bucket_arn


def jsii_props(value: Any) -> Any:
    """CloudFormation-cased property values as aws-cdk-lib's L1 structs take them nested
    in a dict (jsii's camel case): with CloudFormation's keys they would not deserialize."""
    if isinstance(value, dict):
        return {_camel(k): jsii_props(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsii_props(v) for v in value]
    return value


def _camel(key: str) -> str:
    """``CatalogId`` -> ``catalogId``, ``LFTagPolicy`` -> ``lfTagPolicy``."""
    run = re.match(r"[A-Z]+", key)
    if run is None:
        return key
    upper = run.group()
    if len(upper) > 1 and len(upper) < len(key):
        upper = upper[:-1]  # the last capital starts the next word
    return upper.lower() + key[len(upper) :]


def _expression_problems(expression: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
    problems = []
    if not 1 <= len(expression) <= TAG_EXPRESSION_MAX:
        problems.append(
            f"an LF-tag expression has 1 to {TAG_EXPRESSION_MAX} keys (CFN LFTagPolicy), "
            f"got {len(expression)}"
        )
    for key, values in expression:
        if not 1 <= len(key) <= TAG_KEY_MAX:
            problems.append(f"LF-tag key {key!r} must be 1 to {TAG_KEY_MAX} characters")
        if not 1 <= len(values) <= TAG_VALUES_PER_GRANT_MAX:
            problems.append(
                f"LF-tag key {key!r} needs 1 to {TAG_VALUES_PER_GRANT_MAX} values in an "
                f"expression, got {len(values)}"
            )
        long = [v for v in values if len(v) > TAG_VALUE_MAX]
        if long:
            problems.append(f"LF-tag values longer than {TAG_VALUE_MAX} characters: {long}")
    return problems
