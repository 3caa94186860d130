"""Glue Data Catalog table optimizers for Iceberg tables (aws-cdk-lib has only
``CfnTableOptimizer``): compaction, snapshot retention and orphan file deletion.

Each optimizer runs as a role Glue assumes. Without one given, the optimizer derives a
least-privilege role with exactly what AWS's "Table optimization prerequisites" page lists
(https://docs.aws.amazon.com/glue/latest/dg/optimization-prerequisites.html), scoped to the
one table, its data prefix and the optimizer's own log group.
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from constructs import Construct

from glueforge.catalog.iceberg import IcebergTable, IIcebergTable
from glueforge.core.arns import log_group_arn
from glueforge.core.errors import raise_if_problems, require_types
from glueforge.core.locations import s3_prefix_problems
from glueforge.core.stack_cache import node_of, node_path, python_state, stack_of
from glueforge.core.tokens import is_unresolved
from glueforge.core.vocabulary import GlueWord
from glueforge.cost.guard import watch_costs
from glueforge.cost.model import CostInputs
from glueforge.cost.prices import OPTIMIZER_RATE, UNPRICED
from glueforge.iam.actions import (
    KEY_READ_WRITE_ACTIONS,
    S3_LIST_ACTIONS,
    TABLE_OPTIMIZER_CATALOG_ACTIONS,
    TABLE_OPTIMIZER_LOG_ACTIONS,
    TABLE_OPTIMIZER_OBJECT_ACTIONS,
    TABLE_OPTIMIZER_ORPHAN_CATALOG_ACTIONS,
    TABLE_OPTIMIZER_ORPHAN_OBJECT_ACTIONS,
)
from glueforge.iam.documents import DocumentRole, one_document
from glueforge.iam.grants import add, add_catalog
from glueforge.iam.placement import grant_policies, role_grantee, service_principal
from glueforge.iam.principals import GLUE_SERVICE


class OptimizerKind(GlueWord):
    """What a table optimizer does; the value is CloudFormation's ``Type``."""

    COMPACTION = "compaction"
    SNAPSHOT_RETENTION = "retention"
    ORPHAN_FILE_DELETION = "orphan_file_deletion"

    @property
    def log_group_name(self) -> str:
        """The log group the optimizer writes its runs to (the prerequisites page's
        policy names one per optimizer)."""
        return _LOG_GROUPS[self]


_LOG_GROUPS = {
    OptimizerKind.COMPACTION: "/aws-glue/iceberg-compaction/logs",
    OptimizerKind.SNAPSHOT_RETENTION: "/aws-glue/iceberg-retention/logs",
    OptimizerKind.ORPHAN_FILE_DELETION: "/aws-glue/iceberg-orphan-file-deletion/logs",
}


class CompactionStrategy(GlueWord):
    """How compaction rewrites files (cfn-lint schema AWS::Glue::TableOptimizer,
    ``IcebergCompactionConfiguration.Strategy``)."""

    BINPACK = "binpack"
    SORT = "sort"
    Z_ORDER = "z-order"


@dataclass(frozen=True)
class _Settings:
    """The optimizer's kind-specific props, as given (None: Glue's default)."""

    strategy: CompactionStrategy | None = None
    min_input_files: int | None = None
    delete_file_threshold: int | None = None
    snapshot_retention_days: int | None = None
    snapshots_to_retain: int | None = None
    clean_expired_files: bool | None = None
    orphan_retention_days: int | None = None
    orphan_location_prefix: str | None = None

    _BY_KIND = {
        OptimizerKind.COMPACTION: ("strategy", "min_input_files", "delete_file_threshold"),
        OptimizerKind.SNAPSHOT_RETENTION: (
            "snapshot_retention_days",
            "snapshots_to_retain",
            "clean_expired_files",
        ),
        OptimizerKind.ORPHAN_FILE_DELETION: ("orphan_retention_days", "orphan_location_prefix"),
    }

    def problems(self, kind: OptimizerKind, table_prefix: str) -> list[str]:
        problems = []
        for other, names in self._BY_KIND.items():
            given = [n for n in names if getattr(self, n) is not None]
            if other is not kind and given:
                problems.append(
                    f"{', '.join(given)} set a {other.name} optimizer; this one is {kind.name} "
                    f"(it takes {', '.join(self._BY_KIND[kind])})"
                )
        for name in (
            "min_input_files",
            "delete_file_threshold",
            "snapshot_retention_days",
            "snapshots_to_retain",
            "orphan_retention_days",
        ):
            value = getattr(self, name)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or value < 1
            ):
                problems.append(f"{name} must be a positive whole number, got {value!r}")
        if self.strategy is not None and not isinstance(self.strategy, CompactionStrategy):
            problems.append(f"strategy {self.strategy!r} must be a CompactionStrategy")
        problems += self._location_problems(table_prefix)
        return problems

    @staticmethod
    def table_problems(table: IIcebergTable) -> list[str]:
        """CloudFormation's TableName "must be entirely lowercase" (cfn-lint schema
        AWS::Glue::TableOptimizer)."""
        name = table.table_name
        if isinstance(name, str) and not is_unresolved(name) and name != name.lower():
            return [
                f"table {name!r}: an optimizer's table name must be entirely lowercase; "
                f"expected {name.lower()!r}"
            ]
        return []

    def _location_problems(self, table_prefix: str) -> list[str]:
        location = self.orphan_location_prefix
        if location is None:
            return []
        problems = s3_prefix_problems(location, "orphan_location_prefix")
        if not problems and not location.startswith(table_prefix):
            # The page's Location: "a sub-directory rather than the top-level table location".
            problems.append(
                f"orphan_location_prefix {location!r} must lie under the table's prefix "
                f"{table_prefix!r}; expected e.g. '{table_prefix}data/'"
            )
        return problems


class TableOptimizer(Construct):
    """A Glue table optimizer on one Iceberg table: ``AWS::Glue::TableOptimizer``.

    A table has at most one optimizer of each kind (CloudFormation's identifier is the
    catalog, database, table and type). Compaction needs Parquet data files; retention
    and orphan deletion delete at most 1,000,000 files a run
    (https://docs.aws.amazon.com/glue/latest/dg/optimizer-notes.html).

    :param table: the Iceberg table.
    :param kind: compaction, snapshot retention or orphan file deletion.
    :param role: the role Glue assumes to run it. Default: a new role trusting
        ``glue.amazonaws.com`` with exactly the prerequisites page's permissions for this
        kind (orphan deletion: no ``glue:UpdateTable``, no ``s3:PutObject``), on this
        table, its prefix (with the bucket's key) and this kind's log group. A given
        role gets the same grants (in this stack's policy if it is of another stack).
    :param enabled: Default: ``True``.
    :param strategy: compaction only. Default: Glue's (binpack).
    :param min_input_files: compaction only: files needed before compaction runs.
        Default: Glue's.
    :param delete_file_threshold: compaction only: deletes in a data file that make it
        eligible. Default: Glue's.
    :param snapshot_retention_days: retention only. Default: Glue's (5 days).
    :param snapshots_to_retain: retention only. Default: Glue's (1).
    :param clean_expired_files: retention only: delete files expired snapshots leave.
        Default: Glue's (true).
    :param orphan_retention_days: orphan deletion only: age before an unreferenced file
        is deleted. Default: Glue's (3 days).
    :param orphan_location_prefix: orphan deletion only: a key prefix under the table's
        prefix to look in. Default: the table's location.
    :param expected_dpu_hours_per_month: the DPU-hours the optimizer's runs use in a
        month, for the cost estimate. Glue sizes and starts runs itself, so no figure can
        be derived from the template. Default: none; the optimizer is then reported as
        usage-based and unpriced, never as $0.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        table: IIcebergTable,
        kind: OptimizerKind,
        role: iam.IRole | None = None,
        enabled: bool = True,
        strategy: CompactionStrategy | None = None,
        min_input_files: int | None = None,
        delete_file_threshold: int | None = None,
        snapshot_retention_days: int | None = None,
        snapshots_to_retain: int | None = None,
        clean_expired_files: bool | None = None,
        orphan_retention_days: int | None = None,
        orphan_location_prefix: str | None = None,
        expected_dpu_hours_per_month: float | None = None,
    ) -> None:
        super().__init__(scope, id)
        require_types(
            self,
            {
                "table": (table, IIcebergTable),
                "kind": (kind, OptimizerKind),
                "enabled": (enabled, bool),
                "clean_expired_files": (clean_expired_files, (bool, None)),
                "orphan_location_prefix": (orphan_location_prefix, (str, None)),
            },
        )
        settings = _Settings(
            strategy,
            min_input_files,
            delete_file_threshold,
            snapshot_retention_days,
            snapshots_to_retain,
            clean_expired_files,
            orphan_retention_days,
            orphan_location_prefix,
        )
        raise_if_problems(
            self,
            settings.problems(kind, table.location.prefix)
            + _Settings.table_problems(table)
            + _compaction_problems(kind, table)
            + _usage_problems(expected_dpu_hours_per_month),
        )
        self.table = table
        self.kind = kind
        self.role: iam.IRole = role or self._create_role()
        self.grantee: iam.IGrantable = role_grantee(self, self.role)
        self._grant_role()
        self.resource = self._create_cfn_optimizer(settings, enabled)
        self._report_cost(expected_dpu_hours_per_month)

    def _create_role(self) -> iam.Role:
        return DocumentRole(
            self,
            "Role",
            assumed_by=service_principal(self, GLUE_SERVICE),
            description=f"Glue table optimizer {node_path(self)}: least privilege on its table",
        )

    def _grant_role(self) -> None:
        """The prerequisites page's statements, scoped to this table and kind."""
        orphan = self.kind is OptimizerKind.ORPHAN_FILE_DELETION
        location = self.table.location
        bucket_arn = python_state(
            location.bucket, "_glueforge_optimizer_bucket_arn", lambda: location.bucket.bucket_arn
        )
        with one_document(self.grantee):
            # Choice: the page grants objects on '<bucket>/*'; the optimizer touches only the
            # table's files, so the grant is the table's prefix.
            add(
                self.grantee,
                TABLE_OPTIMIZER_ORPHAN_OBJECT_ACTIONS if orphan else TABLE_OPTIMIZER_OBJECT_ACTIONS,
                [f"{bucket_arn}/{location.prefix}*"],
                wildcard_reason=(
                    f"the optimizer rewrites and deletes the table's files under "
                    f"'{location.prefix}'"
                ),
            )
            # Choice: listing is limited to the table's prefix (s3:prefix), as every
            # glueforge prefix grant; the page lists the bucket without a condition.
            conditions = (
                {"StringLike": {"s3:prefix": [location.prefix, f"{location.prefix}*"]}}
                if location.prefix
                else None
            )
            add(self.grantee, S3_LIST_ACTIONS, [bucket_arn], conditions=conditions)
            add_catalog(
                self.grantee,
                self.table.database,
                [self.table.table_name],
                TABLE_OPTIMIZER_ORPHAN_CATALOG_ACTIONS
                if orphan
                else TABLE_OPTIMIZER_CATALOG_ACTIONS,
            )
            # The page lists one log group per kind; this optimizer writes to its own only.
            add(
                self.grantee,
                TABLE_OPTIMIZER_LOG_ACTIONS,
                [f"{log_group_arn(self, self.kind.log_group_name)}:*"],
                wildcard_reason=(
                    f"the optimizer's log streams in {self.kind.log_group_name} are named "
                    "at run time"
                ),
            )
            key = location.bucket.encryption_key
            if key is not None:
                # Choice: not on the page; an SSE-KMS bucket's objects cannot be read or
                # written without its key (compaction supports SSE-KMS: optimizer-notes).
                add(self.grantee, KEY_READ_WRITE_ACTIONS, [key.key_arn])

    def _create_cfn_optimizer(self, settings: _Settings, enabled: bool) -> glue.CfnTableOptimizer:
        configuration = glue.CfnTableOptimizer.TableOptimizerConfigurationProperty(
            enabled=enabled,
            role_arn=self.role.role_arn,
            **_kind_configuration(self.kind, settings, self.table),
        )
        resource = glue.CfnTableOptimizer(
            self,
            "Resource",
            catalog_id=stack_of(self).account,
            database_name=self.table.database.database_name,
            table_name=self.table.table_name,
            type=self.kind.value,
            table_optimizer_configuration=configuration,
        )
        # Glue checks the role when it creates the optimizer, and the table must exist: both
        # come first (a table name given as text makes no reference CloudFormation sees).
        needed = [*grant_policies(self.grantee)]
        if isinstance(self.table, IcebergTable):
            needed.append(self.table.resource)
        if needed:
            node_of(resource).add_dependency(*needed)
        return resource

    def _report_cost(self, dpu_hours: float | None) -> None:
        """The cost model counts an optimizer's month as one run of its DPU-hours at 1 DPU
        (:class:`~glueforge.cost.model.CostInputs`); without them it is unpriced."""
        self.cost_inputs = CostInputs(
            path=node_path(self),
            kind="optimizer",
            name=f"{self.table.table_name} {self.kind.value}",
            rate=UNPRICED if dpu_hours is None else OPTIMIZER_RATE,
            dpu=1.0,
            typical_minutes=60.0 * (dpu_hours or 1.0),
            minimum_seconds=OPTIMIZER_MINIMUM_SECONDS,
        )
        watch_costs(self)


# Billed per second with a 1-minute minimum (prices.SOURCES['optimizer-third-party']).
OPTIMIZER_MINIMUM_SECONDS = 60


def _usage_problems(dpu_hours: object) -> list[str]:
    if dpu_hours is None:
        return []
    if isinstance(dpu_hours, bool) or not isinstance(dpu_hours, (int, float)):
        raise TypeError(
            f"expected_dpu_hours_per_month must be a number, got {type(dpu_hours).__name__}"
        )
    if not 0 < dpu_hours < float("inf"):
        return [f"expected_dpu_hours_per_month must be a positive number, got {dpu_hours!r}"]
    return []


def _kind_configuration(kind: OptimizerKind, settings: _Settings, table: IIcebergTable) -> dict:
    """The configuration block of ``kind``, or none when every setting is Glue's default."""
    t = glue.CfnTableOptimizer
    if kind is OptimizerKind.COMPACTION:
        values = {
            "strategy": settings.strategy.value if settings.strategy else None,
            "min_input_files": settings.min_input_files,
            "delete_file_threshold": settings.delete_file_threshold,
        }
        if not any(v is not None for v in values.values()):
            return {}
        block = t.IcebergCompactionConfigurationProperty(**values)
        return {
            "compaction_configuration": t.CompactionConfigurationProperty(
                iceberg_configuration=block
            )
        }
    if kind is OptimizerKind.SNAPSHOT_RETENTION:
        values = {
            "snapshot_retention_period_in_days": settings.snapshot_retention_days,
            "number_of_snapshots_to_retain": settings.snapshots_to_retain,
            "clean_expired_files": settings.clean_expired_files,
        }
        if not any(v is not None for v in values.values()):
            return {}
        block = t.IcebergRetentionConfigurationProperty(**values)
        return {
            "retention_configuration": t.RetentionConfigurationProperty(iceberg_configuration=block)
        }
    location = (
        table.location.__class__(table.location.bucket, settings.orphan_location_prefix).url()
        if settings.orphan_location_prefix is not None
        else None
    )
    if settings.orphan_retention_days is None and location is None:
        return {}
    block = t.IcebergConfigurationProperty(
        orphan_file_retention_period_in_days=settings.orphan_retention_days, location=location
    )
    return {
        "orphan_file_deletion_configuration": t.OrphanFileDeletionConfigurationProperty(
            iceberg_configuration=block
        )
    }


def _compaction_problems(kind: OptimizerKind, table: IIcebergTable) -> list[str]:
    """What Glue's compaction cannot handle in a table glueforge declares: only Parquet
    data files, and no ``fixed`` columns ("Considerations and limitations",
    https://docs.aws.amazon.com/glue/latest/dg/optimizer-notes.html). An imported table's
    schema is unknown here, so it passes."""
    if kind is not OptimizerKind.COMPACTION or not isinstance(table, IcebergTable):
        return []
    problems = []
    data_format = table.properties.get("write.format.default", "parquet")
    if data_format.lower() != "parquet":
        problems.append(
            f"compaction supports Parquet data files only; the table's write.format.default "
            f"is {data_format!r}"
        )
    fixed = [
        c.name for c in table.columns if isinstance(c.type, str) and c.type.startswith("fixed[")
    ]
    if fixed:
        problems.append(
            f"compaction does not support fixed columns; the table has {', '.join(fixed)}"
        )
    return problems
