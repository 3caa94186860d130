"""The Glue crawler construct (aws-cdk-lib has only ``CfnCrawler``).

The crawler's role is derived from its targets: read on exactly what it crawls, catalog
writes on exactly its database, logs on exactly its own log stream. Event mode creates
and wires the SQS queues and S3 notifications end to end.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol, runtime_checkable

from aws_cdk import Duration, Names, Resource, Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import custom_resources as cr
from constructs import Construct

from glueforge.core.cron import cron_problems
from glueforge.core.errors import (
    UNSAFE_NAME_CHARACTERS,
    name_problems,
    raise_if_problems,
    require_types,
)
from glueforge.core.limits import NAME_MAX, description_problems
from glueforge.cost.guard import watch_costs
from glueforge.cost.model import CostInputs, cost_prop_problems
from glueforge.cost.prices import CRAWLER_ASSUMED_DPU, CRAWLER_MINIMUM_SECONDS
from glueforge.crawlers.classifiers import IClassifier
from glueforge.crawlers.events import CrawlerEventQueue
from glueforge.crawlers.targets import CatalogTarget, CrawlerTarget, S3Target
from glueforge.iam.grants import (
    CATALOG_DELETE_ACTIONS,
    CATALOG_WRITE_ACTIONS,
    glue_arn_name,
    grant,
    grant_catalog,
    log_group_arn,
)
from glueforge.iam.suppressions import acknowledge
from glueforge.security.configuration import choose_security_configuration, grant_key_use

TABLE_PREFIX_MAX = 128
CRAWLER_LOG_GROUP = "/aws-glue/crawlers"
# Crawlers whose security configuration encrypts CloudWatch logs write here instead.
ENCRYPTED_CRAWLER_LOG_GROUP_PREFIX = "/aws-glue/crawlers-role/"

READ_ACTIONS = ("glue:GetCrawler", "glue:GetCrawlerMetrics", "glue:ListCrawls")


class UpdateBehavior(Enum):
    """What the crawler does when a table's schema changed."""

    UPDATE_IN_DATABASE = "UPDATE_IN_DATABASE"
    LOG = "LOG"


class DeleteBehavior(Enum):
    """What the crawler does when a table or partition is gone from the data store."""

    DEPRECATE_IN_DATABASE = "DEPRECATE_IN_DATABASE"
    DELETE_FROM_DATABASE = "DELETE_FROM_DATABASE"
    LOG = "LOG"


class RecrawlBehavior(Enum):
    """What later crawls read: everything, new folders only, or S3 events."""

    CRAWL_EVERYTHING = "CRAWL_EVERYTHING"
    CRAWL_NEW_FOLDERS_ONLY = "CRAWL_NEW_FOLDERS_ONLY"
    CRAWL_EVENT_MODE = "CRAWL_EVENT_MODE"


@dataclass(frozen=True)
class CrawlerOutput:
    """The crawler's Configuration JSON, as typed options.

    :param combine_compatible_schemas: one table per include path when schemas are
        compatible (``TableGroupingPolicy: CombineCompatibleSchemas``). Default: ``False``.
    :param table_level: the absolute folder level that holds tables, counted from the
        bucket (1 is the bucket's top level). Default: Glue decides.
    :param partitions_inherit_from_table: update all partitions with the table's schema
        (``InheritFromTable``). Default: ``False``.
    :param add_new_columns_only: only add new columns, never change existing ones
        (``MergeNewColumns``). Default: ``False``.
    :param table_threshold: fail the crawl rather than create more than this many tables.
        Default: no limit.
    :param create_partition_index: add partition indexes to new tables. Default: Glue's
        (``True``).
    """

    combine_compatible_schemas: bool = False
    table_level: int | None = None
    partitions_inherit_from_table: bool = False
    add_new_columns_only: bool = False
    table_threshold: int | None = None
    create_partition_index: bool | None = None

    def problems(self) -> list[str]:
        problems = []
        if self.table_level is not None and self.table_level < 1:
            problems.append(f"table_level must be 1 or more, got {self.table_level}")
        if self.table_threshold is not None and self.table_threshold < 1:
            problems.append(f"table_threshold must be 1 or more, got {self.table_threshold}")
        return problems

    def to_json(self) -> str | None:
        config: dict[str, Any] = {}
        grouping: dict[str, Any] = {}
        if self.combine_compatible_schemas:
            grouping["TableGroupingPolicy"] = "CombineCompatibleSchemas"
        if self.table_level is not None:
            grouping["TableLevelConfiguration"] = self.table_level
        if grouping:
            config["Grouping"] = grouping
        output: dict[str, Any] = {}
        if self.partitions_inherit_from_table:
            output["Partitions"] = {"AddOrUpdateBehavior": "InheritFromTable"}
        tables: dict[str, Any] = {}
        if self.add_new_columns_only:
            tables["AddOrUpdateBehavior"] = "MergeNewColumns"
        if self.table_threshold is not None:
            tables["TableThreshold"] = self.table_threshold
        if tables:
            output["Tables"] = tables
        if output:
            config["CrawlerOutput"] = output
        if self.create_partition_index is not None:
            config["CreatePartitionIndex"] = self.create_partition_index
        if not config:
            return None
        return json.dumps({"Version": 1.0, **config}, sort_keys=True)


@runtime_checkable
class ICrawler(Protocol):
    """A crawler, made by glueforge or imported by name."""

    @property
    def crawler_name(self) -> str: ...

    @property
    def crawler_arn(self) -> str: ...

    def grant_start(self, grantee: iam.IGrantable) -> iam.Grant: ...

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant: ...


class CrawlerBase(Resource):
    """What owned and imported crawlers share: their ARN and the grants on it."""

    crawler_name: str

    @property
    def crawler_arn(self) -> str:
        return crawler_arn(self, self.crawler_name)

    def grant_start(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow ``grantee`` to start (and stop) this crawler."""
        return grant(grantee, ["glue:StartCrawler", "glue:StopCrawler"], [self.crawler_arn])

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow ``grantee`` to read this crawler's definition, state, crawls and metrics."""
        return grant(grantee, READ_ACTIONS, [self.crawler_arn])


def crawler_arn(scope: Construct, crawler_name: str) -> str:
    return Stack.of(scope).format_arn(
        service="glue", resource="crawler", resource_name=crawler_name
    )


class _ImportedCrawler(CrawlerBase):
    def __init__(self, scope: Construct, id: str, crawler_name: str):
        super().__init__(scope, id)
        self.crawler_name = crawler_name


class Crawler(CrawlerBase):
    """A Glue crawler whose IAM, event wiring and settings follow from its targets.

    :param database: the catalog database the crawler writes tables into.
    :param targets: what to crawl; S3, JDBC, DynamoDB, Delta, Iceberg, Hudi and MongoDB
        targets mix freely; catalog targets stand alone.
    :param role: Default: a new role with exactly what ``targets`` need. A given role
        gets the same grants added.
    :param crawler_name: Default: generated from the construct path.
    :param description: at most 2048 characters. Default: none.
    :param schedule: a Glue cron expression, e.g. ``cron(0 2 * * ? *)``. Default: on
        demand only.
    :param update_behavior: Default: ``UPDATE_IN_DATABASE``; ``LOG`` when crawling new
        folders only, which requires it.
    :param delete_behavior: Default: ``DEPRECATE_IN_DATABASE``; ``LOG`` for catalog
        targets and new-folders-only crawls, which require it.
    :param recrawl: Default: ``CRAWL_EVERYTHING``. ``CRAWL_EVENT_MODE`` (one S3 target)
        creates the SQS queue with a dead-letter queue, the S3 notifications for the
        target's prefix and their permissions.
    :param classifiers: tried in order before Glue's built-in classifiers. Default: none.
    :param output: the Configuration JSON as typed options. Default: Glue's defaults.
    :param table_prefix: prepended to created table names, at most 128 characters.
        Default: none.
    :param encryption: run under a security configuration. ``False`` is the explicit
        opt-out: no security configuration at all. Default: ``True``.
    :param security_configuration: encrypts the crawler's logs. Default: the stack's
        glueforge configuration (KMS on one rotated customer-managed key:
        :mod:`glueforge.security.configuration`).
    :param typical_duration: how long a crawl usually takes, for the expected cost.
        Default: 10 minutes, the minimum a crawl is billed for.
    :param lake_formation_credentials: crawl with Lake Formation credentials instead of
        the role's IAM permissions. Default: ``False``.
    :param lake_formation_account_id: the account holding the data, for cross-account
        Lake Formation crawls. Default: this account.
    :param lineage: record data lineage. CloudFormation has no property for it, so it is
        set through a custom resource calling ``glue:UpdateCrawler``. Default: ``False``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        database: glue.IDatabase,
        targets: Sequence[CrawlerTarget],
        role: iam.IRole | None = None,
        crawler_name: str | None = None,
        description: str | None = None,
        schedule: str | None = None,
        update_behavior: UpdateBehavior | None = None,
        delete_behavior: DeleteBehavior | None = None,
        recrawl: RecrawlBehavior = RecrawlBehavior.CRAWL_EVERYTHING,
        classifiers: Sequence[IClassifier] = (),
        output: CrawlerOutput | None = None,
        table_prefix: str | None = None,
        encryption: bool = True,
        security_configuration: glue.ISecurityConfiguration | None = None,
        typical_duration: Duration | None = None,
        lake_formation_credentials: bool = False,
        lake_formation_account_id: str | None = None,
        lineage: bool = False,
    ) -> None:
        super().__init__(scope, id)
        require_types(
            self,
            {
                "targets": (targets, (list, tuple)),
                "crawler_name": (crawler_name, (str, None)),
                "description": (description, (str, None)),
                "schedule": (schedule, (str, None)),
                "table_prefix": (table_prefix, (str, None)),
                "typical_duration": (typical_duration, (Duration, None)),
                "recrawl": (recrawl, RecrawlBehavior),
                "lake_formation_credentials": (lake_formation_credentials, bool),
                "lineage": (lineage, bool),
            },
        )
        wrong = [t for t in targets if not isinstance(t, CrawlerTarget)]
        if wrong:
            raise TypeError(
                f"{self.node.path}: targets must be CrawlerTarget values, e.g. "
                f"CrawlerTarget.s3(bucket, 'raw/'), got {type(wrong[0]).__name__}"
            )
        targets = list(targets)
        event_mode = recrawl is RecrawlBehavior.CRAWL_EVENT_MODE
        logs_only = _logs_only_reason(targets, recrawl)
        if update_behavior is None:
            update_behavior = (
                UpdateBehavior.LOG
                if recrawl is RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY
                else UpdateBehavior.UPDATE_IN_DATABASE
            )
        if delete_behavior is None:
            delete_behavior = (
                DeleteBehavior.LOG if logs_only else DeleteBehavior.DEPRECATE_IN_DATABASE
            )
        output = output or CrawlerOutput()
        security_configuration, security_problems = choose_security_configuration(
            self, encryption=encryption, security_configuration=security_configuration
        )
        typical_minutes = (
            CRAWLER_MINIMUM_SECONDS / 60
            if typical_duration is None
            else typical_duration.to_seconds(integral=False) / 60
        )
        raise_if_problems(
            self,
            security_problems
            + cost_prop_problems(
                timeout_minutes=None,
                typical_minutes=typical_minutes,
                max_cost_per_run=None,
                monthly_budget=None,
            )
            + _problems(
                targets=targets,
                crawler_name=crawler_name,
                description=description,
                schedule=schedule,
                recrawl=recrawl,
                update_behavior=update_behavior,
                delete_behavior=delete_behavior,
                table_prefix=table_prefix,
                output=output,
            ),
        )
        self.database = database
        self.targets: tuple[CrawlerTarget, ...] = tuple(targets)
        self.crawler_name = crawler_name or Names.unique_resource_name(self, max_length=NAME_MAX)
        self.role: iam.IRole = role or iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("glue.amazonaws.com"),
            description=f"Glue crawler {self.node.path}: least privilege from its targets",
        )
        self.event_queue = (
            CrawlerEventQueue(self, "Events", [t.location for t in targets]) if event_mode else None
        )

        for target in targets:
            target.grant_read(self.role)
        self._grant_catalog_writes(delete_behavior, table_prefix)
        self._grant_logs(security_configuration)
        if security_configuration is not None:
            grant_key_use(self.role, security_configuration)
        if self.event_queue is not None:
            self.event_queue.grant_consume(self.role)
        if lake_formation_credentials:
            self._grant_lake_formation()

        self.resource = glue.CfnCrawler(
            self,
            "Resource",
            name=self.crawler_name,
            role=self.role.role_arn,
            database_name=database.database_name,
            description=description,
            targets=_render_targets(targets, self.event_queue),
            schedule=glue.CfnCrawler.ScheduleProperty(schedule_expression=schedule)
            if schedule
            else None,
            schema_change_policy=glue.CfnCrawler.SchemaChangePolicyProperty(
                update_behavior=update_behavior.value, delete_behavior=delete_behavior.value
            ),
            recrawl_policy=glue.CfnCrawler.RecrawlPolicyProperty(recrawl_behavior=recrawl.value),
            classifiers=[c.classifier_name for c in classifiers] or None,
            configuration=output.to_json(),
            table_prefix=table_prefix,
            crawler_security_configuration=security_configuration.security_configuration_name
            if security_configuration
            else None,
            lake_formation_configuration=glue.CfnCrawler.LakeFormationConfigurationProperty(
                use_lake_formation_credentials=True, account_id=lake_formation_account_id
            )
            if lake_formation_credentials
            else None,
        )
        # CloudFormation checks the role's permissions and the queue's policy when it
        # creates the crawler, so both must exist first (aws-cdk issue 33907). The role and
        # queues themselves are referenced already; their policies are not.
        for policy in _policies_of(self.role):
            self.resource.node.add_dependency(policy)
        if self.event_queue is not None:
            for policy in self.event_queue.queue_policies():
                self.resource.node.add_dependency(policy)
        for classifier in classifiers:
            if isinstance(classifier, Construct):
                self.resource.node.add_dependency(classifier)
        if lineage:
            self._enable_lineage()
        self.security_configuration = security_configuration
        self.cost_inputs = CostInputs(
            path=self.node.path,
            kind="crawler",
            name=self.crawler_name,
            rate="crawler",
            dpu=CRAWLER_ASSUMED_DPU,
            typical_minutes=typical_minutes,
            minimum_seconds=CRAWLER_MINIMUM_SECONDS,
            schedule=schedule,
        )
        watch_costs(self)

    # ---- imports ---------------------------------------------------------------------

    @classmethod
    def from_crawler_name(cls, scope: Construct, id: str, crawler_name: str) -> ICrawler:
        """A crawler that exists already, by name."""
        return _ImportedCrawler(scope, id, crawler_name)

    @classmethod
    def from_crawler_arn(cls, scope: Construct, id: str, crawler_arn: str) -> ICrawler:
        """A crawler that exists already, by ARN (``arn:...:glue:...:crawler/NAME``)."""
        return _ImportedCrawler(scope, id, glue_arn_name(scope, id, crawler_arn, "crawler"))

    # ---- grants to the crawler's own role --------------------------------------------

    def _grant_catalog_writes(self, delete_behavior: DeleteBehavior, table_prefix: str | None):
        actions = list(CATALOG_WRITE_ACTIONS)
        if delete_behavior is DeleteBehavior.DELETE_FROM_DATABASE:
            actions += CATALOG_DELETE_ACTIONS
        catalog_targets = [t for t in self.targets if isinstance(t, CatalogTarget)]
        if not catalog_targets:
            grant_catalog(self.role, self.database, [f"{table_prefix or ''}*"], actions)
        for target in catalog_targets:
            grant_catalog(self.role, target.database, target.table_names(), actions)

    def _grant_logs(self, security_configuration: glue.ISecurityConfiguration | None) -> None:
        if security_configuration is None:
            group = CRAWLER_LOG_GROUP
        else:
            group = (
                f"{ENCRYPTED_CRAWLER_LOG_GROUP_PREFIX}{self.role.role_name}-"
                f"{security_configuration.security_configuration_name}"
            )
        grant(self.role, ["logs:CreateLogGroup"], [log_group_arn(self, group)])
        grant(
            self.role,
            ["logs:CreateLogStream", "logs:PutLogEvents"],
            [log_group_arn(self, group, stream=self.crawler_name)],
        )
        if security_configuration is not None:
            grant(self.role, ["logs:AssociateKmsKey"], [log_group_arn(self, group)])

    def _grant_lake_formation(self) -> None:
        grant(
            self.role,
            ["lakeformation:GetDataAccess"],
            ["*"],
            wildcard_reason=(
                "lakeformation:GetDataAccess has no resource-level permissions; Lake Formation "
                "grants decide what the crawler may read"
            ),
        )

    def _enable_lineage(self) -> None:
        call = cr.AwsSdkCall(
            service="Glue",
            action="updateCrawler",
            parameters={
                "Name": self.crawler_name,
                "LineageConfiguration": {"CrawlerLineageSettings": "ENABLE"},
            },
            physical_resource_id=cr.PhysicalResourceId.of(f"{self.crawler_name}-lineage"),
        )
        lineage = cr.AwsCustomResource(
            self,
            "Lineage",
            on_create=call,
            on_update=call,
            policy=cr.AwsCustomResourcePolicy.from_statements(
                [iam.PolicyStatement(actions=["glue:UpdateCrawler"], resources=[self.crawler_arn])]
            ),
            install_latest_aws_sdk=False,
        )
        lineage.node.add_dependency(self.resource)
        provider_id = "AWS" + cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", "")
        acknowledge(
            Stack.of(self).node.find_child(provider_id),
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
            "AWSLambdaBasicExecutionRole]",
            "aws-cdk-lib's AwsCustomResource provider logs with the AWS managed basic "
            "execution policy; it only writes its own CloudWatch logs.",
        )


def _policies_of(role: iam.IRole) -> list[iam.Policy]:
    """The IAM policies glueforge's grants created on ``role`` (owned or imported)."""
    return [child for child in role.node.children if isinstance(child, iam.Policy)]


def _render_targets(targets: Sequence[CrawlerTarget], event_queue: Any) -> Any:
    fields: dict[str, list[Any]] = {}
    for target in targets:
        queue = event_queue if isinstance(target, S3Target) else None
        fields.setdefault(target.targets_field, []).append(target.render(queue))
    return glue.CfnCrawler.TargetsProperty(**fields)


def _logs_only_reason(targets: Sequence[CrawlerTarget], recrawl: RecrawlBehavior) -> str | None:
    """Why this crawler may only log deletions, if it must."""
    if any(isinstance(t, CatalogTarget) for t in targets):
        return "catalog targets"
    if recrawl is RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY:
        return "crawls of new folders only"
    return None


def _problems(
    *,
    targets: Sequence[CrawlerTarget],
    crawler_name: str | None,
    description: str | None,
    schedule: str | None,
    recrawl: RecrawlBehavior,
    update_behavior: UpdateBehavior,
    delete_behavior: DeleteBehavior,
    table_prefix: str | None,
    output: CrawlerOutput,
) -> list[str]:
    problems: list[str] = []
    if not targets:
        problems.append(
            "a crawler needs at least one target; expected e.g. "
            "targets=[CrawlerTarget.s3(bucket, 'raw/clicks/')]"
        )
    kinds = sorted({t.kind for t in targets})
    if "Catalog" in kinds and len(kinds) > 1:
        problems.append(
            f"catalog targets cannot be mixed with other target types, got {kinds}; "
            "use a separate crawler"
        )
    if recrawl is RecrawlBehavior.CRAWL_EVENT_MODE:
        if len(targets) != 1 or not isinstance(targets[0], S3Target):
            problems.append(
                "recrawl CRAWL_EVENT_MODE needs exactly one S3 target (S3 events drive it), "
                f"got {[t.kind for t in targets] or 'no targets'}"
            )
        elif targets[0].sample_size is not None:
            problems.append("recrawl CRAWL_EVENT_MODE does not support sample_size; remove it")
    reason = _logs_only_reason(targets, recrawl)
    if reason and delete_behavior is not DeleteBehavior.LOG:
        problems.append(f"{reason} require delete_behavior LOG, got {delete_behavior.value}")
    if (
        recrawl is RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY
        and update_behavior is not UpdateBehavior.LOG
    ):
        problems.append(
            f"recrawl CRAWL_NEW_FOLDERS_ONLY requires update_behavior LOG, got "
            f"{update_behavior.value}"
        )
    if schedule is not None:
        problems.extend(cron_problems(schedule))
    if table_prefix is not None and len(table_prefix) > TABLE_PREFIX_MAX:
        problems.append(
            f"table_prefix must be at most {TABLE_PREFIX_MAX} characters, got "
            f"{len(table_prefix)} ({table_prefix[:20]!r}...)"
        )
    problems += name_problems(
        "crawler_name", crawler_name, NAME_MAX, forbidden=UNSAFE_NAME_CHARACTERS
    )
    problems += description_problems(description)
    for target in targets:
        problems.extend(f"{target.kind} target: {p}" for p in target.problems())
    problems.extend(output.problems())
    return problems
