"""The Glue crawler construct (aws-cdk-lib has only ``CfnCrawler``).

The crawler's role is derived from its targets: read on exactly what it crawls, catalog
writes on exactly its database, logs on exactly its own log stream. Event mode creates
and wires the SQS queues and S3 notifications end to end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from aws_cdk import Duration, Resource
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import custom_resources as cr
from constructs import Construct

from glueforge.core.arns import GlueArnResource, glue_arn, glue_arn_name, log_group_arn
from glueforge.core.cron import cron_problems
from glueforge.core.errors import child_path, raise_if_problems, require_types
from glueforge.core.limits import (
    NAME_MAX,
    UNSAFE_NAME_CHARACTERS,
    catalog_name_problems,
    description_problems,
    name_problems,
    path_problems,
)
from glueforge.core.log_groups import CRAWLER_LOG_GROUP, encrypted_crawler_log_group
from glueforge.core.names import unique_resource_name
from glueforge.core.stack_cache import fixed_attribute, node_of, node_path, note_child, stack_of
from glueforge.cost.guard import watch_costs
from glueforge.cost.model import CostInputs, cost_prop_problems
from glueforge.cost.prices import CRAWLER_ASSUMED_DPU, CRAWLER_MINIMUM_SECONDS
from glueforge.crawlers.classifiers import IClassifier
from glueforge.crawlers.events import CrawlerEventQueue
from glueforge.crawlers.options import (
    CrawlerOutput,
    DeleteBehavior,
    RecrawlBehavior,
    UpdateBehavior,
)
from glueforge.crawlers.targets import CatalogTarget, CrawlerTarget, S3Target
from glueforge.iam.actions import (
    CATALOG_DELETE_ACTIONS,
    CATALOG_WRITE_ACTIONS,
    CRAWLER_READ_ACTIONS,
    CRAWLER_START_ACTIONS,
    CRAWLER_UPDATE_ACTIONS,
    LAKE_FORMATION_DATA_ACCESS_ACTIONS,
    LOG_GROUP_CREATE_ACTIONS,
    LOG_GROUP_ENCRYPT_ACTIONS,
    LOG_STREAM_WRITE_ACTIONS,
)
from glueforge.iam.documents import DocumentRole, one_document
from glueforge.iam.grants import add, add_catalog, grant, lake_formation_mode
from glueforge.iam.placement import grant_policies, role_grantee, service_principal
from glueforge.iam.principals import GLUE_SERVICE
from glueforge.iam.suppressions import acknowledge_basic_execution_policy
from glueforge.monitoring.alarms import CrawlerAlarms, add_crawler_alarms
from glueforge.monitoring.crawlers import CrawlerMonitoring
from glueforge.security.configuration import add_key_use, choose_security_configuration

TABLE_PREFIX_MAX = 128


@runtime_checkable
class ICrawler(Protocol):
    """A crawler, made by glueforge or imported (:meth:`Crawler.from_crawler_attributes`)."""

    @property
    def crawler_name(self) -> str: ...

    @property
    def crawler_arn(self) -> str: ...

    def grant_start(self, grantee: iam.IGrantable) -> iam.Grant: ...

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant: ...


class CrawlerBase(CrawlerMonitoring, Resource):
    """What owned and imported crawlers share: their ARN, the grants on it, and
    monitoring (``on_failure``, ``metric_failure``, ...:
    :class:`~glueforge.monitoring.crawlers.CrawlerMonitoring`)."""

    crawler_name: str

    @property
    def crawler_arn(self) -> str:
        """``arn:<partition>:glue:<region>:<account>:crawler/<name>`` in this stack's env."""
        return glue_arn(self, GlueArnResource.CRAWLER, self.crawler_name)

    def grant_start(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow ``grantee`` to start (and stop) this crawler."""
        return grant(grantee, CRAWLER_START_ACTIONS, [self.crawler_arn])

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow ``grantee`` to read this crawler's definition, state, crawls and metrics."""
        return grant(grantee, CRAWLER_READ_ACTIONS, [self.crawler_arn])


class _ImportedCrawler(CrawlerBase):
    """A crawler made elsewhere; see :meth:`Crawler.from_crawler_attributes`."""

    def __init__(
        self, scope: Construct, id: str, *, crawler_name: str, crawler_arn: str | None
    ) -> None:
        super().__init__(scope, id)
        self.crawler_name = crawler_name
        self._crawler_arn = crawler_arn

    @property
    def crawler_arn(self) -> str:
        # An ARN given on import keeps its own account and region.
        return self._crawler_arn if self._crawler_arn is not None else super().crawler_arn


@dataclass(frozen=True)
class _Settings:
    """A crawler's props once type-checked and defaulted: what its build steps read."""

    targets: tuple[CrawlerTarget, ...]
    crawler_name: str | None
    description: str | None
    schedule: str | None
    recrawl: RecrawlBehavior
    update_behavior: UpdateBehavior
    delete_behavior: DeleteBehavior
    classifiers: tuple[IClassifier, ...]
    output: CrawlerOutput
    table_prefix: str | None
    typical_minutes: float
    lake_formation_credentials: bool
    lake_formation_account_id: str | None

    @property
    def event_mode(self) -> bool:
        return self.recrawl is RecrawlBehavior.CRAWL_EVENT_MODE

    def problems(self) -> list[str]:
        """Every problem with the props, cost first, in the order users read them."""
        return (
            cost_prop_problems(
                timeout_minutes=None,
                typical_minutes=self.typical_minutes,
                max_cost_per_run=None,
                monthly_budget=None,
            )
            + _target_set_problems(self.targets, self.recrawl)
            + _behavior_problems(self)
            + _field_problems(self)
            + [f"{t.kind} target: {p}" for t in self.targets for p in t.problems()]
            + self.output.problems()
        )


class Crawler(CrawlerBase):
    """A Glue crawler whose IAM, event wiring and settings follow from its targets.

    :param database: the catalog database the crawler writes tables into.
    :param targets: what to crawl; S3, JDBC, DynamoDB, Delta, Iceberg, Hudi and MongoDB
        targets mix freely; catalog targets stand alone.
    :param role: Default: a new role with exactly what ``targets`` need. A given role
        gets the same grants: in its own policy when it is in this stack, else in a
        policy of this crawler's stack attached to it (:mod:`glueforge.iam.placement`).
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
    :param alarms: a CloudWatch alarm on failed crawls, notifying a KMS-encrypted SNS
        topic, e.g. ``CrawlerAlarms()`` (:mod:`glueforge.monitoring.alarms`). Default: none.
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
        alarms: CrawlerAlarms | None = None,
    ) -> None:
        super().__init__(scope, id)
        note_child(self, scope, id)
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
                "alarms": (alarms, (CrawlerAlarms, None)),
            },
        )
        self._require_targets(targets)
        settings = _Settings(
            targets=tuple(targets),
            crawler_name=crawler_name,
            description=description,
            schedule=schedule,
            recrawl=recrawl,
            update_behavior=_default_update_behavior(recrawl)
            if update_behavior is None
            else update_behavior,
            delete_behavior=_default_delete_behavior(targets, recrawl)
            if delete_behavior is None
            else delete_behavior,
            classifiers=tuple(classifiers),
            output=output or CrawlerOutput(),
            table_prefix=table_prefix,
            typical_minutes=_typical_minutes(typical_duration),
            # Lake Formation mode (glueforge.use_lake_formation) turns it on for all.
            lake_formation_credentials=lake_formation_credentials or lake_formation_mode(scope),
            lake_formation_account_id=lake_formation_account_id,
        )
        self.security_configuration = self._validate(
            settings, encryption=encryption, security_configuration=security_configuration
        )
        self.database = database
        self.targets: tuple[CrawlerTarget, ...] = settings.targets
        self.crawler_name = crawler_name or unique_resource_name(self, max_length=NAME_MAX)
        self.role: iam.IRole = role or self._create_role()
        # Grants go on the role, or for a role of another stack on a policy here.
        self.grantee: iam.IGrantable = role_grantee(self, self.role)
        self.event_queue = self._create_event_queue(settings)
        self._grant_role(settings)
        self.resource = self._create_cfn_crawler(settings)
        self._create_after_permissions(settings.classifiers)
        if lineage:
            self._enable_lineage()
        self._report_cost(settings)
        self.alarm_set = add_crawler_alarms(self, alarms)

    # ---- imports ---------------------------------------------------------------------

    @classmethod
    def from_crawler_attributes(
        cls, scope: Construct, id: str, *, crawler_name: str, crawler_arn: str | None = None
    ) -> ICrawler:
        """A crawler that exists already (made elsewhere, by hand or in another app).

        :param crawler_name: its name.
        :param crawler_arn: its ARN, for a crawler in another account or region.
            Default: built from ``crawler_name`` in this stack's account and region.
        """
        require_types(
            child_path(scope, id),
            {"crawler_name": (crawler_name, str), "crawler_arn": (crawler_arn, (str, None))},
        )
        return _ImportedCrawler(scope, id, crawler_name=crawler_name, crawler_arn=crawler_arn)

    @classmethod
    def from_crawler_name(cls, scope: Construct, id: str, crawler_name: str) -> ICrawler:
        """A crawler that exists already, by name."""
        return cls.from_crawler_attributes(scope, id, crawler_name=crawler_name)

    @classmethod
    def from_crawler_arn(cls, scope: Construct, id: str, crawler_arn: str) -> ICrawler:
        """A crawler that exists already, by ARN (``arn:...:glue:...:crawler/NAME``)."""
        crawler_name = glue_arn_name(scope, id, crawler_arn, GlueArnResource.CRAWLER)
        return cls.from_crawler_attributes(
            scope, id, crawler_name=crawler_name, crawler_arn=crawler_arn
        )

    # ---- build steps, in the order __init__ takes them --------------------------------

    def _require_targets(self, targets: Sequence[Any]) -> None:
        wrong = [t for t in targets if not isinstance(t, CrawlerTarget)]
        if wrong:
            raise TypeError(
                f"{self.node.path}: targets must be CrawlerTarget values, e.g. "
                f"CrawlerTarget.s3(bucket, 'raw/'), got {type(wrong[0]).__name__}"
            )

    def _validate(
        self,
        settings: _Settings,
        *,
        encryption: bool,
        security_configuration: glue.ISecurityConfiguration | None,
    ) -> glue.ISecurityConfiguration | None:
        """Raise every problem at once; return the security configuration to run under."""
        chosen, security_problems = choose_security_configuration(
            self, encryption=encryption, security_configuration=security_configuration
        )
        raise_if_problems(self, path_problems(self) + security_problems + settings.problems())
        return chosen

    def _create_role(self) -> iam.Role:
        role = DocumentRole(
            self,
            "Role",
            assumed_by=service_principal(self, GLUE_SERVICE),
            description=f"Glue crawler {node_path(self)}: least privilege from its targets",
        )
        note_child(role, self, "Role")
        return role

    def _create_event_queue(self, settings: _Settings) -> CrawlerEventQueue | None:
        if not settings.event_mode:
            return None
        # _validate made sure the one target is an S3 target.
        locations = [t.location for t in settings.targets if isinstance(t, S3Target)]
        return CrawlerEventQueue(self, "Events", locations)

    def _grant_role(self, settings: _Settings) -> None:
        """Everything the crawler's role needs, and nothing else."""
        # glueforge's statements wait in Python and reach node as one document.
        with one_document(self.grantee):
            for target in settings.targets:
                target.grant_read(self.grantee)
            self._grant_catalog_writes(settings.delete_behavior, settings.table_prefix)
            self._grant_logs()
            if self.security_configuration is not None:
                add_key_use(self.grantee, self.security_configuration)
            if self.event_queue is not None:
                self.event_queue.grant_consume(self.grantee)
            if settings.lake_formation_credentials:
                self._grant_lake_formation()

    def _grant_catalog_writes(self, delete_behavior: DeleteBehavior, table_prefix: str | None):
        actions = list(CATALOG_WRITE_ACTIONS)
        if delete_behavior is DeleteBehavior.DELETE_FROM_DATABASE:
            actions += CATALOG_DELETE_ACTIONS
        catalog_targets = [t for t in self.targets if isinstance(t, CatalogTarget)]
        if not catalog_targets:
            add_catalog(self.grantee, self.database, [f"{table_prefix or ''}*"], actions)
        for target in catalog_targets:
            add_catalog(self.grantee, target.database, target.table_names(), actions)

    def _grant_logs(self) -> None:
        security_configuration = self.security_configuration
        if security_configuration is None:
            group = CRAWLER_LOG_GROUP
        else:
            group = encrypted_crawler_log_group(
                fixed_attribute(self.role, "role_name"),
                fixed_attribute(security_configuration, "security_configuration_name"),
            )
        group_arn = log_group_arn(self, group)
        add(self.grantee, LOG_GROUP_CREATE_ACTIONS, [group_arn])
        add(
            self.grantee,
            LOG_STREAM_WRITE_ACTIONS,
            [log_group_arn(self, group, stream=self.crawler_name)],
        )
        if security_configuration is not None:
            add(self.grantee, LOG_GROUP_ENCRYPT_ACTIONS, [group_arn])

    def _grant_lake_formation(self) -> None:
        add(
            self.grantee,
            LAKE_FORMATION_DATA_ACCESS_ACTIONS,
            ["*"],
            wildcard_reason=(
                "lakeformation:GetDataAccess has no resource-level permissions; Lake Formation "
                "grants decide what the crawler may read"
            ),
        )

    def _create_cfn_crawler(self, settings: _Settings) -> glue.CfnCrawler:
        security_configuration = self.security_configuration
        return glue.CfnCrawler(
            self,
            "Resource",
            name=self.crawler_name,
            role=fixed_attribute(self.role, "role_arn"),
            database_name=fixed_attribute(self.database, "database_name"),
            description=settings.description,
            targets=_render_targets(settings.targets, self.event_queue),
            schedule=glue.CfnCrawler.ScheduleProperty(schedule_expression=settings.schedule)
            if settings.schedule
            else None,
            schema_change_policy=glue.CfnCrawler.SchemaChangePolicyProperty(
                update_behavior=settings.update_behavior.value,
                delete_behavior=settings.delete_behavior.value,
            ),
            recrawl_policy=glue.CfnCrawler.RecrawlPolicyProperty(
                recrawl_behavior=settings.recrawl.value
            ),
            classifiers=[c.classifier_name for c in settings.classifiers] or None,
            configuration=settings.output.to_json(),
            table_prefix=settings.table_prefix,
            crawler_security_configuration=fixed_attribute(
                security_configuration, "security_configuration_name"
            )
            if security_configuration
            else None,
            lake_formation_configuration=glue.CfnCrawler.LakeFormationConfigurationProperty(
                use_lake_formation_credentials=True,
                account_id=settings.lake_formation_account_id,
            )
            if settings.lake_formation_credentials
            else None,
        )

    def _create_after_permissions(self, classifiers: Sequence[IClassifier]) -> None:
        """Order the crawler after what CloudFormation checks when it creates it.

        CloudFormation checks the role's permissions and the queue's policy when it
        creates the crawler, so both must exist first (aws-cdk issue 33907). The role and
        queues themselves are referenced already; their policies are not. Classifiers
        are referenced by name only.
        """
        needed = [*grant_policies(self.grantee)]
        if self.event_queue is not None:
            needed += self.event_queue.queue_policies()
        needed += [c for c in classifiers if isinstance(c, Construct)]
        if needed:  # one jsii call for all of them, in the same order
            node_of(self.resource).add_dependency(*needed)

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
                [
                    iam.PolicyStatement(
                        actions=list(CRAWLER_UPDATE_ACTIONS), resources=[self.crawler_arn]
                    )
                ]
            ),
            install_latest_aws_sdk=False,
        )
        lineage.node.add_dependency(self.resource)
        provider_id = "AWS" + cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", "")
        acknowledge_basic_execution_policy(
            node_of(stack_of(self)).find_child(provider_id),
            "aws-cdk-lib's AwsCustomResource provider",
        )

    def _report_cost(self, settings: _Settings) -> None:
        """What a crawl costs follows from these inputs; the cost guard reads them at synth."""
        self.cost_inputs = CostInputs(
            path=node_path(self),
            kind="crawler",
            name=self.crawler_name,
            rate="crawler",
            dpu=CRAWLER_ASSUMED_DPU,
            typical_minutes=settings.typical_minutes,
            minimum_seconds=CRAWLER_MINIMUM_SECONDS,
            schedule=settings.schedule,
        )
        watch_costs(self)


def _render_targets(
    targets: Sequence[CrawlerTarget], event_queue: CrawlerEventQueue | None
) -> glue.CfnCrawler.TargetsProperty:
    fields: dict[str, list[Any]] = {}
    for target in targets:
        queue = event_queue if isinstance(target, S3Target) else None
        fields.setdefault(target.targets_field, []).append(target.render(queue))
    return glue.CfnCrawler.TargetsProperty(**fields)


# ---- defaults ----------------------------------------------------------------------------


def _typical_minutes(typical_duration: Duration | None) -> float:
    if typical_duration is None:
        return CRAWLER_MINIMUM_SECONDS / 60
    return typical_duration.to_seconds(integral=False) / 60


def _default_update_behavior(recrawl: RecrawlBehavior) -> UpdateBehavior:
    # Glue requires LOG when crawling new folders only.
    if recrawl is RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY:
        return UpdateBehavior.LOG
    return UpdateBehavior.UPDATE_IN_DATABASE


def _default_delete_behavior(
    targets: Sequence[CrawlerTarget], recrawl: RecrawlBehavior
) -> DeleteBehavior:
    if _logs_only_reason(targets, recrawl):
        return DeleteBehavior.LOG
    return DeleteBehavior.DEPRECATE_IN_DATABASE


def _logs_only_reason(targets: Sequence[CrawlerTarget], recrawl: RecrawlBehavior) -> str | None:
    """Why this crawler may only log deletions, if it must."""
    if any(isinstance(t, CatalogTarget) for t in targets):
        return "catalog targets"
    if recrawl is RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY:
        return "crawls of new folders only"
    return None


# ---- validation --------------------------------------------------------------------------


def _target_set_problems(targets: Sequence[CrawlerTarget], recrawl: RecrawlBehavior) -> list[str]:
    """What is wrong with the targets as a set: none, mixed kinds, event mode's one S3."""
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
    return problems


def _behavior_problems(settings: _Settings) -> list[str]:
    """Schema change behaviours Glue refuses with these targets and this recrawl policy."""
    problems: list[str] = []
    reason = _logs_only_reason(settings.targets, settings.recrawl)
    if reason and settings.delete_behavior is not DeleteBehavior.LOG:
        problems.append(
            f"{reason} require delete_behavior LOG, got {settings.delete_behavior.value}"
        )
    if (
        settings.recrawl is RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY
        and settings.update_behavior is not UpdateBehavior.LOG
    ):
        problems.append(
            f"recrawl CRAWL_NEW_FOLDERS_ONLY requires update_behavior LOG, got "
            f"{settings.update_behavior.value}"
        )
    return problems


def _field_problems(settings: _Settings) -> list[str]:
    """The schedule, table prefix, name and description, each against Glue's rules."""
    problems = list(cron_problems(settings.schedule)) if settings.schedule is not None else []
    table_prefix = settings.table_prefix
    if table_prefix is not None and len(table_prefix) > TABLE_PREFIX_MAX:
        problems.append(
            f"table_prefix must be at most {TABLE_PREFIX_MAX} characters, got "
            f"{len(table_prefix)} ({table_prefix[:20]!r}...)"
        )
    elif table_prefix:
        problems += catalog_name_problems("table_prefix", table_prefix)
    problems += name_problems(
        "crawler_name", settings.crawler_name, NAME_MAX, forbidden=UNSAFE_NAME_CHARACTERS
    )
    problems += description_problems(settings.description)
    return problems
