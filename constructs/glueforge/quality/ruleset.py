"""``DataQualityRuleset``: a DQDL ruleset on a catalog table (``AWS::Glue::DataQualityRuleset``).

The rules come from the typed builder (:class:`~glueforge.quality.builder.DqdlRuleset`)
or as DQDL text; either way glueforge parses them at synth
(:func:`~glueforge.quality.parser.parse_ruleset`) and, when the table's columns are known
in Python (a glueforge :class:`~glueforge.catalog.table.Table` or
:class:`~glueforge.catalog.iceberg.IcebergTable`), checks every column a rule names.
Properties: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-glue-dataqualityruleset.html
(``Name`` 1-255 and create-only, ``Description`` at most 2048, ``Ruleset`` 1-65,536,
``TargetTable`` {``DatabaseName``, ``TableName``}, ``Tags``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from aws_cdk import Resource
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from constructs import Construct

from glueforge.core.arns import arn_resource_name
from glueforge.core.errors import GlueforgeValidationError, child_path, require_types
from glueforge.core.limits import NAME_MAX, description_problems, name_problems
from glueforge.core.names import unique_resource_name
from glueforge.core.stack_cache import format_arn
from glueforge.core.tokens import is_unresolved
from glueforge.iam.actions import (
    DATA_QUALITY_EVALUATION_RUN_ACTIONS,
    DATA_QUALITY_RULESET_EVALUATE_ACTIONS,
    DATA_QUALITY_RULESET_READ_ACTIONS,
)
from glueforge.iam.grants import grant
from glueforge.quality.builder import DqdlRuleset
from glueforge.quality.model import Ruleset
from glueforge.quality.parser import parse_ruleset

# Choice: the IAM resource type as the Glue Data Quality authorization page writes it,
# "arn:aws:glue:<region>:<account>:dataQualityRuleset/<name>"
# (https://docs.aws.amazon.com/glue/latest/dg/data-quality-authorization.html); aws-cdk-lib's
# DataQualityRuleset formats "dataqualityruleset" (lower case). IAM compares resource ARNs
# case-sensitively, so the spelling AWS documents for policies is the one granted on.
RULESET_RESOURCE = "dataQualityRuleset"
_WILDCARD_REASON = (
    "Glue authorizes ruleset evaluation runs on dataQualityRuleset/* (the run is not one "
    "ruleset): https://docs.aws.amazon.com/glue/latest/dg/data-quality-authorization.html"
)


@runtime_checkable
class IDataQualityRuleset(Protocol):
    """A Glue Data Quality ruleset, made here or imported."""

    @property
    def ruleset_name(self) -> str: ...

    @property
    def ruleset_arn(self) -> str: ...

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant: ...

    def grant_evaluate(self, grantee: iam.IGrantable) -> iam.Grant: ...


class DataQualityRulesetBase(Resource):
    """What owned and imported rulesets share: the ARN, the grants and the imports."""

    ruleset_name: str
    ruleset_arn: str

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let ``grantee`` read the ruleset: glue:GetDataQualityRuleset on its ARN."""
        return grant(grantee, DATA_QUALITY_RULESET_READ_ACTIONS, [self.ruleset_arn])

    def grant_evaluate(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let ``grantee`` evaluate the ruleset and read its results.

        glue:GetDataQualityRuleset and glue:GetDataQualityResult on the ruleset's ARN, and
        glue:StartDataQualityRulesetEvaluationRun / GetDataQualityRulesetEvaluationRun on
        ``dataQualityRuleset/*`` (data-quality-authorization.html). Reading the table is the
        table's own grant (``table.grant_read``); an ETL job's EvaluateDataQuality transform
        needs glue:PublishDataQuality, which the job's spec grants.
        """
        on_ruleset = grant(grantee, DATA_QUALITY_RULESET_EVALUATE_ACTIONS, [self.ruleset_arn])
        runs = grant(
            grantee,
            DATA_QUALITY_EVALUATION_RUN_ACTIONS,
            [format_arn(self, service="glue", resource=RULESET_RESOURCE, resource_name="*")],
            wildcard_reason=_WILDCARD_REASON,
        )
        return on_ruleset.combine(runs)

    # ---- imports ---------------------------------------------------------------------

    @classmethod
    def from_ruleset_attributes(
        cls, scope: Construct, id: str, *, ruleset_name: str, ruleset_arn: str | None = None
    ) -> IDataQualityRuleset:
        """A ruleset made elsewhere.

        :param ruleset_name: its name.
        :param ruleset_arn: Default: built from the name in this stack's account and region.
        """
        return _ImportedDataQualityRuleset(
            scope, id, ruleset_name=ruleset_name, ruleset_arn=ruleset_arn
        )

    @classmethod
    def from_ruleset_name(cls, scope: Construct, id: str, ruleset_name: str) -> IDataQualityRuleset:
        """A ruleset made elsewhere, by name, in this stack's account and region."""
        return cls.from_ruleset_attributes(scope, id, ruleset_name=ruleset_name)

    @classmethod
    def from_ruleset_arn(cls, scope: Construct, id: str, ruleset_arn: str) -> IDataQualityRuleset:
        """A ruleset made elsewhere, by ARN (``arn:...:glue:...:dataQualityRuleset/NAME``)."""
        name = arn_resource_name(
            scope,
            id,
            ruleset_arn,
            service="glue",
            resource=RULESET_RESOURCE,
            expected=(
                f"expected e.g. 'arn:aws:glue:us-east-1:123456789012:{RULESET_RESOURCE}/orders'"
            ),
        )
        return cls.from_ruleset_attributes(scope, id, ruleset_name=name, ruleset_arn=ruleset_arn)


class _ImportedDataQualityRuleset(DataQualityRulesetBase):
    """A ruleset made elsewhere; see :meth:`DataQualityRulesetBase.from_ruleset_attributes`."""

    def __init__(
        self, scope: Construct, id: str, *, ruleset_name: str, ruleset_arn: str | None
    ) -> None:
        require_types(
            child_path(scope, id),
            {"ruleset_name": (ruleset_name, str), "ruleset_arn": (ruleset_arn, (str, None))},
        )
        super().__init__(scope, id)
        self.ruleset_name = ruleset_name
        self.ruleset_arn = ruleset_arn or format_arn(
            self, service="glue", resource=RULESET_RESOURCE, resource_name=ruleset_name
        )


class DataQualityRuleset(DataQualityRulesetBase):
    """A Glue Data Quality ruleset on a catalog table, its DQDL checked at synth.

    ::

        DataQualityRuleset(self, "OrdersQuality", table=orders, rules=DqdlRuleset([
            Rules.is_complete("order_id"),
            Rules.column_values("status").is_in(["open", "paid"]),
        ]))

    :param rules: a :class:`~glueforge.quality.builder.DqdlRuleset` or a DQDL document
        (``'Rules = [ IsComplete "order_id" ]'``). Parsed at synth: an unknown rule type, a
        wrong parameter count, a bad operator or threshold, and (when ``table``'s columns
        are known) a column not in the table or of a type the rule refuses, raise
        :class:`~glueforge.core.errors.GlueforgeValidationError`.
    :param table: the table the ruleset is for: a glueforge ``Table`` or ``IcebergTable``
        (columns checked), or anything with ``table_name`` and ``database`` (aws_glue
        ``ITable``; columns checked when it has ``columns``). Default: none; then give
        ``database_name`` and ``table_name``.
    :param database_name: the table's database, when ``table`` is not given.
    :param table_name: the table's name, when ``table`` is not given.
    :param ruleset_name: 1-255 characters; create-only, so renaming replaces the ruleset.
        Default: generated from the construct path.
    :param description: at most 2,048 characters. Default: none.
    :param tags: Default: none.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        rules: DqdlRuleset | str,
        table: Any = None,
        database_name: str | None = None,
        table_name: str | None = None,
        ruleset_name: str | None = None,
        description: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        path = child_path(scope, id)
        require_types(
            path,
            {
                "rules": (rules, (DqdlRuleset, str)),
                "database_name": (database_name, (str, None)),
                "table_name": (table_name, (str, None)),
                "ruleset_name": (ruleset_name, (str, None)),
                "description": (description, (str, None)),
                "tags": (tags, (Mapping, None)),
            },
        )
        super().__init__(scope, id)
        target, columns, problems = _target(table, database_name, table_name)
        self.dqdl: str = rules.to_dqdl() if isinstance(rules, DqdlRuleset) else rules
        parsed, rule_problems = parse_ruleset(self.dqdl, columns=columns)
        problems += rule_problems
        problems += name_problems("ruleset_name", ruleset_name, NAME_MAX)
        problems += description_problems(description)
        if problems:
            raise GlueforgeValidationError(self, problems)
        #: the parsed rules (what local runs evaluate)
        self.ruleset: Ruleset = parsed
        #: column name -> Glue type of the table, when known in Python
        self.columns: dict[str, str] | None = columns
        self.ruleset_name = ruleset_name or unique_resource_name(self, max_length=NAME_MAX)
        self.database_name, self.table_name = target
        self.resource = glue.CfnDataQualityRuleset(
            self,
            "Resource",
            name=self.ruleset_name,
            ruleset=self.dqdl,
            description=description,
            target_table=glue.CfnDataQualityRuleset.DataQualityTargetTableProperty(
                database_name=self.database_name, table_name=self.table_name
            ),
            tags=dict(tags) if tags else None,
        )
        self.ruleset_arn = format_arn(
            self, service="glue", resource=RULESET_RESOURCE, resource_name=self.ruleset_name
        )

    def to_dqdl(self) -> str:
        """The ruleset's DQDL, as given to CloudFormation."""
        return self.dqdl


def _target(
    table: Any, database_name: str | None, table_name: str | None
) -> tuple[tuple[str, str], dict[str, str] | None, list[str]]:
    """(database, table), the table's columns when known, and the problems."""
    if table is None:
        if database_name is None or table_name is None:
            return ("", ""), None, [
                "give table (a glueforge Table or IcebergTable, or an aws_glue ITable) or "
                "both database_name and table_name"
            ]  # fmt: skip
        return (database_name, table_name), None, []
    if database_name is not None or table_name is not None:
        return ("", ""), None, ["give table or database_name and table_name, not both"]
    database = getattr(table, "database", None)
    name = getattr(table, "table_name", None)
    db_name = getattr(database, "database_name", None)
    if not isinstance(name, str) or not isinstance(db_name, str):
        return ("", ""), None, [
            f"table must have table_name and database.database_name (a glueforge Table or "
            f"IcebergTable, or an aws_glue ITable), got {type(table).__name__}"
        ]  # fmt: skip
    return (db_name, name), table_columns(table), []


def table_columns(table: Any) -> dict[str, str] | None:
    """Column name -> Glue type of a glueforge or aws-cdk-lib table; None when unknown.

    A glueforge ``Table`` keeps its columns and partition keys in its ``s3_table``; an
    ``IcebergTable`` in ``columns`` (``IcebergField``); an aws_glue ``S3Table`` in
    ``columns``/``partition_keys``. Partition keys are columns a rule may name.
    """
    holder = getattr(table, "s3_table", table)
    found: dict[str, str] = {}
    fields = getattr(table, "columns", None)
    if fields is not None and not isinstance(holder, glue.S3Table):
        for field in fields:
            kind = getattr(field, "type", None)
            # IcebergList/IcebergMap/IcebergStruct -> "list"/"map"/"struct"
            found[field.name] = (
                kind
                if isinstance(kind, str)
                else type(kind).__name__.lower().removeprefix("iceberg")
            )
        return found or None
    if isinstance(holder, glue.S3Table):
        for column in [*(holder.columns or []), *(holder.partition_keys or [])]:
            kind = column.type.input_string
            if not is_unresolved(column.name):
                found[column.name] = kind
        return found or None
    return None
