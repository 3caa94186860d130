"""glueforge's reference app: a small data lake for an online shop.

One env-agnostic stack, ``DataLake``, built from clearly separated parts so later pieces
(crawlers, connectors, jobs, pipelines) slot in beside them:

* ``Storage``: the KMS key and the raw and curated zone buckets;
* ``Catalog``: one Glue catalog database per zone, each kept current by a crawler: the
  raw clickstream is crawled in S3 event mode, the curated zone nightly; a typed table of
  the raw clickstream whose daily partitions Athena projects (no crawl needed to query
  them); and the curated orders as an Iceberg table, kept compact by a table optimizer,
  with a Glue Data Quality ruleset;
* ``Network``: a small private VPC for the operational databases and Glue's workers;
* ``Sources``: the shop's operational data: the orders PostgreSQL database, the
  customers DynamoDB table and the live clickstream's Kinesis stream;
* ``Jobs``: four templated ETL jobs (orders, customers, clickstream, daily analytics);
  the orders job checks each batch against the curated orders' Data Quality ruleset
  before it writes (failing rows go to the raw zone's quarantine), and merges each
  order into the Iceberg table (an upsert on order_id);
  a streaming job that lands live clicks from Kinesis in the curated zone; a Python shell
  job that plans the raw clickstream's retention; a failure alarm on every job;
* ``Governance``: Lake Formation grants: the clickstream job may describe and select the
  raw clickstream table;
* ``Pipelines``: the nightly workflow (ending with the maintenance job) and the
  event-driven clickstream workflow;
* ``DataBrew``: a DataBrew profile job with data-quality rules on the curated orders,
  run each time the orders job succeeds;
* ``Connectors``: how Glue reaches those sources: a JDBC connection to orders and a
  DynamoDB export of customers.

``cdk synth`` needs no AWS account, credentials or region, and runs cdk-nag's AwsSolutions
checks as part of synthesis.
"""

from __future__ import annotations

import sys
from pathlib import Path

from aws_cdk import App, Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_glue as glue
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_rds as rds
from constructs import Construct

try:
    import glueforge  # noqa: F401  (installed: pip install -e .)
except ImportError:  # running from a checkout without an install
    sys.path.insert(0, str(Path(__file__).resolve().parent / "constructs"))

from glueforge import (
    Aggregate,
    CatalogDatabase,
    CatalogSink,
    CatalogSource,
    Condition,
    Crawler,
    CrawlerOutput,
    CrawlerTarget,
    DataQualityFailureAction,
    DataQualityRuleset,
    DateProjection,
    Dedupe,
    DqdlRuleset,
    DynamoDBExport,
    DynamoDBExportSource,
    EncryptedLogGroup,
    EtlJob,
    EvaluateDataQuality,
    IcebergField,
    IcebergPartitionField,
    IcebergSink,
    IcebergTable,
    IcebergTransform,
    IcebergType,
    JdbcConnection,
    JdbcSource,
    JobAlarms,
    JsonClassifier,
    KinesisSource,
    LakeFormationPermissions,
    LfPermission,
    LfResource,
    LibrarySet,
    Mapping,
    OptimizerKind,
    Pipeline,
    PythonShellJob,
    RecrawlBehavior,
    Rules,
    S3Location,
    S3Sink,
    S3Source,
    SecureBucket,
    Sql,
    StartingPosition,
    StartTrigger,
    StreamingJob,
    Table,
    TableFormat,
    TableOptimizer,
    acknowledge,
    enable_checks,
)
from glueforge.databrew import (
    DataQualityRule,
    Dataset,
    ProfileJob,
    Ruleset,
    RunAfterGlueJob,
    Threshold,
)

STACK_ID = "DataLake"
CLICKSTREAM_PREFIX = "clickstream/"
ANALYTICS_PREFIX = "analytics/"
CURATED_ORDERS_PREFIX = "orders/"
PROFILES_PREFIX = "databrew-profiles/"
#: the Iceberg tables' files (data and metadata), out of the curated crawler's way
ICEBERG_PREFIX = "iceberg/"
#: the first day of clickstream the projected table knows
CLICKSTREAM_SINCE = "2026/01/01"
#: orders that failed a Data Quality rule, set aside in the raw zone
QUARANTINE_PREFIX = "quarantine/orders/"
#: the reference app's own job templates (the Python shell maintenance job's)
APP_TEMPLATES = str(Path(__file__).resolve().parent / "app_templates")


class LakeStorage(Construct):
    """The lake's key and its zone buckets: raw (as landed) and curated (cleaned)."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.key = kms.Key(
            self,
            "LakeKey",
            enable_key_rotation=True,
            description="glueforge reference data lake: zone buckets and Glue data",
        )
        self.raw = SecureBucket(self, "RawBucket", encryption_key=self.key)
        self.curated = SecureBucket(self, "CuratedBucket", encryption_key=self.key)


class LakeCatalog(Construct):
    """One Glue catalog database per zone, each with the crawler that keeps it current."""

    def __init__(self, scope: Construct, id: str, *, storage: LakeStorage) -> None:
        super().__init__(scope, id)
        self.raw = glue.Database(
            self,
            "RawDatabase",
            database_name="shop_raw",
            description="Shop data as it lands: clickstream JSON, exports and extracts.",
            location_uri=storage.raw.s3_url_for_object(),
        )
        # Clickstream JSON lands continuously: S3 events tell the crawler what is new, so
        # each crawl reads only the new objects.
        self.clickstream_crawler = Crawler(
            self,
            "ClickstreamCrawler",
            database=self.raw,
            targets=[CrawlerTarget.s3(storage.raw, CLICKSTREAM_PREFIX)],
            crawler_name="shop-clickstream-crawler",
            recrawl=RecrawlBehavior.CRAWL_EVENT_MODE,
            classifiers=[JsonClassifier(self, "ClickJson", json_path="$[*]")],
            output=CrawlerOutput(
                combine_compatible_schemas=True, partitions_inherit_from_table=True
            ),
            table_prefix="clickstream_",
            # Event mode reads only the new objects: well inside the 10-minute minimum.
            typical_duration=Duration.minutes(2),
        )
        self.curated_zone = CatalogDatabase(
            self,
            "Curated",
            bucket=storage.curated,
            database_name="shop_curated",
            description="Cleaned, typed and partitioned shop data, ready for analytics.",
            crawler_name="shop-curated-crawler",
            # The analytics job registers its own table as it writes; DataBrew's profiles
            # are reports, not tables; Iceberg tables are declared, never crawled.
            exclusions=[f"{ANALYTICS_PREFIX}**", f"{PROFILES_PREFIX}**", f"{ICEBERG_PREFIX}**"],
            output=CrawlerOutput(table_level=1, add_new_columns_only=True),
        )
        self.curated = self.curated_zone.database
        self.clickstream = self._clickstream_table(storage)
        self.orders = self._orders_table(storage)

    def _clickstream_table(self, storage: LakeStorage) -> Table:
        """The raw clickstream as it lands: one JSON object per line, under
        ``clickstream/yyyy/MM/dd/``. Athena projects the day partitions from that layout, so
        a query sees a new day as soon as its first file lands, without a crawl or
        ``MSCK REPAIR``."""
        return Table(
            self,
            "ClickstreamTable",
            database=self.raw,
            bucket=storage.raw,
            prefix=CLICKSTREAM_PREFIX,
            table_name="clickstream",
            description="Raw clickstream JSON; day partitions projected from the key layout.",
            format=TableFormat.json(),
            columns=[
                glue.Column(name="user_id", type=glue.Schema.STRING),
                glue.Column(name="page", type=glue.Schema.STRING),
                # Choice: ISO-8601 text without a zone ("2026-11-25T08:20:00"), kept as
                # landed; the clickstream job casts it to a timestamp.
                glue.Column(name="ts", type=glue.Schema.STRING),
            ],
            partition_keys=[glue.Column(name="dt", type=glue.Schema.STRING)],
            partition_projection={
                "dt": DateProjection(format="yyyy/MM/dd", start=CLICKSTREAM_SINCE, end="NOW"),
            },
            location_template="${dt}/",
        )

    def _orders_table(self, storage: LakeStorage) -> IcebergTable:
        """The curated orders as an Iceberg table: the orders job merges each order on
        ``order_id``, so a rerun or a changed order updates its row instead of adding one."""
        orders = IcebergTable(
            self,
            "OrdersTable",
            database=self.curated,
            bucket=storage.curated,
            prefix=f"{ICEBERG_PREFIX}orders/",
            table_name="orders_iceberg",
            description="Curated orders, one row per order (merged on order_id).",
            columns=[
                IcebergField("order_id", "long", required=True),
                IcebergField("customer_id", "string"),
                IcebergField("amount", IcebergType.decimal(12, 2)),
                IcebergField("status", "string"),
                IcebergField("ordered_at", "timestamptz"),
                IcebergField("order_date", "date"),
            ],
            partition_spec=[IcebergPartitionField("order_date", IcebergTransform.MONTH)],
            identifier_fields=["order_id"],
        )
        # What a curated order must be: the orders job evaluates these rules on each batch
        # before it writes (results to CloudWatch and S3), and sets failing rows aside.
        self.orders_quality = DataQualityRuleset(
            self,
            "OrdersQuality",
            table=orders,
            ruleset_name="shop-curated-orders-quality",
            description="Curated orders: complete, unique ids; known statuses; no negatives.",
            rules=DqdlRuleset(
                [
                    Rules.is_complete("order_id"),
                    Rules.is_unique("order_id"),
                    Rules.completeness("customer_id").greater_than_or_equal_to(0.99),
                    Rules.column_values("amount").greater_than_or_equal_to(0),
                    Rules.column_values("status").is_in(["PAID", "REFUNDED", "CANCELLED"]),
                ]
            ),
        )
        # Each nightly merge adds small files; Glue rewrites them into larger ones. Glue
        # decides when compaction runs: 4 DPU-hours a month is this small table's estimate.
        self.orders_compaction = TableOptimizer(
            self,
            "OrdersCompaction",
            table=orders,
            kind=OptimizerKind.COMPACTION,
            expected_dpu_hours_per_month=4,
        )
        return orders


class LakeNetwork(Construct):
    """A private VPC: two AZs of isolated subnets, no NAT gateways, no internet route.

    Glue workers reach S3 through the gateway endpoint and Secrets Manager (the JDBC
    connection's SECRET_ID) through an interface endpoint that admits only the security
    groups allowed in with :meth:`allow_secrets`.
    Rejected traffic goes to a flow log, in a KMS-encrypted log group kept two years.
    """

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.vpc = ec2.Vpc(
            self,
            "Vpc",
            max_azs=2,
            nat_gateways=0,
            subnet_configuration=[
                ec2.SubnetConfiguration(
                    name="Data", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED, cidr_mask=24
                )
            ],
            gateway_endpoints={
                "S3": ec2.GatewayVpcEndpointOptions(service=ec2.GatewayVpcEndpointAwsService.S3)
            },
            flow_logs={
                "Rejected": ec2.FlowLogOptions(
                    traffic_type=ec2.FlowLogTrafficType.REJECT,
                    destination=ec2.FlowLogDestination.to_cloud_watch_logs(
                        EncryptedLogGroup(self, "FlowLogs", retention=logs.RetentionDays.TWO_YEARS)
                    ),
                )
            },
        )
        self.secrets_endpoint = self.vpc.add_interface_endpoint(
            "SecretsManager",
            service=ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
            open=False,
        )

    def allow_secrets(self, *peers: ec2.IConnectable) -> None:
        """Let ``peers`` reach Secrets Manager through the interface endpoint (HTTPS)."""
        for peer in peers:
            self.secrets_endpoint.connections.allow_default_port_from(peer)


class LakeSources(Construct):
    """The shop's operational data stores, which the lake ingests.

    * ``orders``: RDS PostgreSQL, Multi-AZ, encrypted, deletion-protected, on a
      non-default port, with IAM authentication and an RDS-managed, rotated secret;
    * ``customers``: a DynamoDB table, encrypted with the sources' key;
    * ``clickstream``: the shop's live clicks, a Kinesis data stream (on-demand capacity),
      encrypted with the sources' key.
    """

    ORDERS_DATABASE = "orders"

    def __init__(self, scope: Construct, id: str, *, network: LakeNetwork) -> None:
        super().__init__(scope, id)
        self.key = kms.Key(
            self,
            "SourcesKey",
            enable_key_rotation=True,
            description="glueforge reference data lake: operational sources and their secrets",
        )
        self.orders = rds.DatabaseInstance(
            self,
            "OrdersDatabase",
            engine=rds.DatabaseInstanceEngine.postgres(version=rds.PostgresEngineVersion.VER_17_5),
            instance_type=ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
            vpc=network.vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
            database_name=self.ORDERS_DATABASE,
            # RDS keeps the password in Secrets Manager and rotates it itself (every 7 days):
            # no rotation function, and no password in the template.
            manage_master_user_password=True,
            credentials=rds.Credentials.from_username("glueforge", encryption_key=self.key),
            port=5433,
            storage_encrypted=True,
            storage_encryption_key=self.key,
            multi_az=True,
            deletion_protection=True,
            iam_authentication=True,
            backup_retention=Duration.days(7),
            allocated_storage=20,
            cloudwatch_logs_exports=["postgresql"],
            removal_policy=RemovalPolicy.SNAPSHOT,
        )
        self.customers = dynamodb.Table(
            self,
            "CustomersTable",
            partition_key=dynamodb.Attribute(
                name="customer_id", type=dynamodb.AttributeType.STRING
            ),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=self.key,
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.clickstream = kinesis.Stream(
            self,
            "ClickstreamStream",
            stream_name="shop-clickstream",
            stream_mode=kinesis.StreamMode.ON_DEMAND,
            encryption=kinesis.StreamEncryption.KMS,
            encryption_key=self.key,
        )
        acknowledge(
            self.clickstream,
            "AwsSolutions-KDS3",
            "The sources share one customer-managed, rotated key, so a single key policy "
            "decides who may read the shop's data; its cost per consumer is accepted.",
        )


class LakeConnectors(Construct):
    """How Glue reaches the sources: JDBC to orders, a DynamoDB export of customers."""

    def __init__(
        self, scope: Construct, id: str, *, network: LakeNetwork, sources: LakeSources
    ) -> None:
        super().__init__(scope, id)
        self.orders = JdbcConnection.from_rds_instance(
            self,
            "OrdersConnection",
            instance=sources.orders,
            database=LakeSources.ORDERS_DATABASE,
            description="The shop's orders database (RDS PostgreSQL)",
        )
        network.allow_secrets(*self.orders.security_groups)
        self.customers = DynamoDBExport(self, "CustomersExport", table=sources.customers)


class LakeJobs(Construct):
    """The ETL jobs: each script, its arguments and its role come from one spec list."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        storage: LakeStorage,
        catalog: LakeCatalog,
        sources: LakeSources,
        connectors: LakeConnectors,
    ) -> None:
        super().__init__(scope, id)
        curated = storage.curated
        # Every job alarms on a failed or timed-out run, on the stack's encrypted topic.
        alarms = JobAlarms()
        # Orders: a parallel JDBC read (4 ranges of order_id), bookmarked on order_id so
        # each run reads only new orders; partitioned by order date, and merged into the
        # Iceberg table on order_id (Iceberg needs Glue 5.0, the default version). Before it
        # writes, the batch is checked against the curated orders' Data Quality ruleset:
        # results go to CloudWatch and S3, and rows that fail a rule land in the raw zone's
        # quarantine instead of the curated zone. (A night without new orders is an empty
        # batch, on which Glue fails dataset rules such as IsComplete: routing, rather than
        # failing the run, keeps that night green; the results still show it.)
        self.orders = EtlJob(
            self,
            "OrdersJob",
            job_name="shop-orders",
            alarms=alarms,
            specs=[
                JdbcSource(
                    "orders",
                    connection=connectors.orders,
                    table="public.orders",
                    hash_field="order_id",
                    hash_partitions=4,
                    bookmark_keys=("order_id",),
                ),
                Mapping(
                    "typed_orders",
                    input="orders",
                    mappings=(
                        ("order_id", "order_id", "bigint"),
                        ("customer_id", "customer_id", "string"),
                        ("amount", "amount", "decimal(12,2)"),
                        ("status", "status", "string"),
                        ("ordered_at", "ordered_at", "timestamp"),
                        ("ordered_at", "order_date", "date"),
                    ),
                ),
                EvaluateDataQuality(
                    "checked_orders",
                    input="typed_orders",
                    ruleset=catalog.orders_quality,
                    on_failure=DataQualityFailureAction.ROUTE,
                ),
                S3Sink(
                    "quarantined_orders",
                    input="checked_orders_failed",
                    bucket=storage.raw,
                    prefix=QUARANTINE_PREFIX,
                ),
                S3Sink(
                    "curated_orders",
                    input="checked_orders",
                    bucket=curated,
                    prefix=CURATED_ORDERS_PREFIX,
                    partition_keys=("order_date",),
                ),
                IcebergSink(
                    "iceberg_orders", input="checked_orders", table=catalog.orders, mode="merge"
                ),
            ],
        )
        # Customers: from a point-in-time export, so the table's throughput is untouched.
        self.customers = EtlJob(
            self,
            "CustomersJob",
            job_name="shop-customers",
            alarms=alarms,
            specs=[
                DynamoDBExportSource("customers", export=connectors.customers),
                Dedupe("latest_customers", input="customers", keys=("customer_id",)),
                S3Sink(
                    "curated_customers",
                    input="latest_customers",
                    bucket=curated,
                    prefix="customers/",
                ),
            ],
        )
        self.clickstream = EtlJob(
            self,
            "ClickstreamJob",
            job_name="shop-clickstream",
            alarms=alarms,
            # A 15-minute batch of clicks: minutes, not the nightly jobs' quarter hour.
            typical_duration=Duration.minutes(5),
            specs=[
                S3Source("clicks", bucket=storage.raw, prefix=CLICKSTREAM_PREFIX, format="json"),
                Mapping(
                    "typed_clicks",
                    input="clicks",
                    mappings=(
                        ("user_id", "customer_id", "string"),
                        ("page", "page", "string"),
                        ("ts", "clicked_at", "timestamp"),
                        ("ts", "event_date", "date"),
                    ),
                ),
                S3Sink(
                    "curated_clicks",
                    input="typed_clicks",
                    bucket=curated,
                    prefix="clicks/",
                    partition_keys=("event_date",),
                ),
            ],
        )
        # The daily aggregate reads the crawled curated tables and registers its output
        # table (and each new partition) in the catalog as it writes.
        curated_db = catalog.curated
        self.daily_analytics = EtlJob(
            self,
            "DailyAnalyticsJob",
            job_name="shop-daily-analytics",
            alarms=alarms,
            specs=[
                CatalogSource(
                    "orders",
                    database=curated_db,
                    table="orders",
                    data=S3Location(curated, "orders/"),
                ),
                CatalogSource(
                    "customers",
                    database=curated_db,
                    table="customers",
                    data=S3Location(curated, "customers/"),
                ),
                CatalogSource(
                    "clicks",
                    database=curated_db,
                    table="clicks",
                    data=S3Location(curated, "clicks/"),
                ),
                Aggregate(
                    "daily_clicks",
                    input="clicks",
                    group_by=("customer_id", "event_date"),
                    aggregations=(("count", "*", "clicks"),),
                ),
                Sql(
                    "daily_sales",
                    inputs=("orders", "customers", "daily_clicks"),
                    query=(
                        "SELECT o.order_date, o.customer_id, c.country, "
                        "COUNT(*) AS orders, SUM(o.amount) AS revenue, "
                        "COALESCE(MAX(k.clicks), 0) AS clicks "
                        "FROM orders o "
                        "LEFT JOIN customers c ON o.customer_id = c.customer_id "
                        "LEFT JOIN daily_clicks k ON o.customer_id = k.customer_id "
                        "AND o.order_date = k.event_date "
                        "GROUP BY o.order_date, o.customer_id, c.country"
                    ),
                ),
                CatalogSink(
                    "analytics",
                    input="daily_sales",
                    database=curated_db,
                    table="daily_customer_sales",
                    bucket=curated,
                    prefix=f"{ANALYTICS_PREFIX}daily_customer_sales/",
                    partition_keys=("order_date",),
                ),
            ],
        )

        self._live_and_maintenance(storage, sources, alarms)

    def _live_and_maintenance(
        self, storage: LakeStorage, sources: LakeSources, alarms: JobAlarms
    ) -> None:
        # Live clicks: a streaming job lands each 100-second window of the Kinesis stream
        # in the curated zone. Two G.025X workers (Glue's size for low-volume streams) run
        # around the clock: 0.5 DPU x 730 hours x $0.44, about $161 a month.
        self.clickstream_live = StreamingJob(
            self,
            "LiveClickstreamJob",
            job_name="shop-clickstream-live",
            worker_type="G.025X",
            number_of_workers=2,
            maintenance_window="Sun:3",
            alarms=alarms,
            specs=[
                KinesisSource(
                    "live_clicks",
                    stream=sources.clickstream,
                    starting_position=StartingPosition.TRIM_HORIZON,
                    schema="user_id STRING, page STRING, ts STRING",
                ),
                Mapping(
                    "typed_live_clicks",
                    input="live_clicks",
                    mappings=(
                        ("user_id", "customer_id", "string"),
                        ("page", "page", "string"),
                        ("ts", "clicked_at", "timestamp"),
                        ("ts", "event_date", "date"),
                    ),
                ),
                S3Sink(
                    "curated_live_clicks",
                    input="typed_live_clicks",
                    bucket=storage.curated,
                    prefix="clicks_live/",
                    partition_keys=("event_date",),
                ),
            ],
        )
        # Maintenance without an API call: which raw clickstream days left the 90-day
        # window this week, computed on 1/16 DPU with plain Python.
        self.retention_plan = PythonShellJob(
            self,
            "RetentionPlanJob",
            job_name="shop-retention-plan",
            template="retention_plan.py.j2",
            template_folders=[APP_TEMPLATES],
            template_variables={"prefix": CLICKSTREAM_PREFIX, "layout": "%Y/%m/%d/"},
            default_arguments={"--keep_days": "90", "--run_date": "today"},
            library_set=LibrarySet.NONE,
            timeout=Duration.minutes(10),
            typical_duration=Duration.minutes(1),
            alarms=alarms,
        )

    @property
    def all(self) -> list[EtlJob]:
        """The batch Spark jobs (the ones the nightly and clickstream pipelines run)."""
        return [self.orders, self.customers, self.clickstream, self.daily_analytics]


class LakeGovernance(Construct):
    """Lake Formation grants to the jobs' roles. They take effect once a location is
    registered with Lake Formation; until then IAM alone decides, and the grants wait."""

    def __init__(self, scope: Construct, id: str, *, catalog: LakeCatalog, jobs: LakeJobs) -> None:
        super().__init__(scope, id)
        self.clickstream_job = LakeFormationPermissions(
            self,
            "ClickstreamJobReadsClicks",
            principal=jobs.clickstream,
            resource=LfResource.table(catalog.raw, catalog.clickstream.table_name),
            permissions=[LfPermission.SELECT, LfPermission.DESCRIBE],
        )
        # A grant on a table that does not exist yet fails: create the table first.
        self.clickstream_job.node.add_dependency(catalog.clickstream)


class LakePipelines(Construct):
    """The nightly batch and the clickstream micro-batches, each a Glue workflow.

    Crawlers and jobs run only from these workflows, so a scheduled crawl never collides
    with the workflow's own run of the same crawler.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        storage: LakeStorage,
        catalog: LakeCatalog,
        jobs: LakeJobs,
    ) -> None:
        super().__init__(scope, id)
        curated_crawler = catalog.curated_zone.crawler
        self.nightly = Pipeline(
            self,
            "Nightly",
            workflow_name="shop-nightly",
            max_concurrent_runs=1,
            max_cost_per_run=5,
            monthly_budget=100,
        )
        self.nightly.add_trigger(
            "Schedule",
            StartTrigger.schedule("cron(0 2 * * ? *)"),
            run=[jobs.orders, jobs.customers],
        )
        self.nightly.add_trigger(
            "SourcesLoaded",
            Condition.all_of(Condition.succeeded(jobs.orders), Condition.succeeded(jobs.customers)),
            run=[curated_crawler],
        )
        self.nightly.add_trigger(
            "CuratedCrawled", Condition.succeeded(curated_crawler), run=[jobs.daily_analytics]
        )
        self.nightly.add_trigger(
            "AnalyticsDone", Condition.succeeded(jobs.daily_analytics), run=[jobs.retention_plan]
        )
        # New clickstream objects start a run once 100 have landed or 15 minutes passed.
        # Event-started: its runs cannot be counted from a schedule. At most one run per
        # 15-minute window, so price the worst month of windows: 4 x 24 x 31.
        self.clickstream = Pipeline(
            self,
            "Clickstream",
            workflow_name="shop-clickstream",
            max_concurrent_runs=1,
            expected_runs_per_month=4 * 24 * 31,
            monthly_budget=800,
        )
        self.clickstream.add_trigger(
            "ClicksLanded",
            StartTrigger.s3_object_created(
                storage.raw,
                prefix=CLICKSTREAM_PREFIX,
                batch_size=100,
                batch_window=Duration.minutes(15),
            ),
            run=[catalog.clickstream_crawler],
        )
        self.clickstream.add_trigger(
            "ClicksCrawled",
            Condition.succeeded(catalog.clickstream_crawler),
            run=[jobs.clickstream],
        )


class LakeDataBrew(Construct):
    """A DataBrew profile of the curated orders, with data-quality rules, after each run
    of the orders job (an EventBridge rule starts a Step Functions state machine that runs
    the profile job: Glue workflows cannot hold DataBrew jobs)."""

    def __init__(self, scope: Construct, id: str, *, storage: LakeStorage, jobs: LakeJobs) -> None:
        super().__init__(scope, id)
        self.orders = Dataset(
            self,
            "CuratedOrders",
            source=S3Source(
                "curated_orders",
                bucket=storage.curated,
                prefix=CURATED_ORDERS_PREFIX,
                format="parquet",
            ),
            dataset_name="shop-curated-orders",
        )
        self.rules = Ruleset(
            self,
            "OrderRules",
            dataset=self.orders,
            ruleset_name="shop-curated-orders-rules",
            rules=[
                DataQualityRule(
                    "amount is not negative",
                    ":col1 >= :val1",
                    values={":col1": "`amount`", ":val1": "0"},
                    threshold=Threshold(100),
                ),
            ],
        )
        self.profile = ProfileJob(
            self,
            "OrdersProfile",
            job_name="shop-curated-orders-profile",
            dataset=self.orders,
            output_bucket=storage.curated,
            output_prefix=f"{PROFILES_PREFIX}orders/",
            rulesets=[self.rules],
            sample_rows=100_000,
            timeout=Duration.minutes(30),
            max_capacity=2,
        )
        self.after_orders = RunAfterGlueJob(
            self, "AfterOrdersJob", glue_job=jobs.orders, databrew_job=self.profile
        )


class DataLakeStack(Stack):
    """The reference data lake. Env-agnostic: no account, region or context lookups."""

    def __init__(self, scope: Construct, id: str = STACK_ID) -> None:
        super().__init__(scope, id, description="glueforge reference data lake for an online shop")
        self.storage = LakeStorage(self, "Storage")
        self.catalog = LakeCatalog(self, "Catalog", storage=self.storage)
        self.network = LakeNetwork(self, "Network")
        self.sources = LakeSources(self, "Sources", network=self.network)
        self.connectors = LakeConnectors(
            self, "Connectors", network=self.network, sources=self.sources
        )
        self.jobs = LakeJobs(
            self,
            "Jobs",
            storage=self.storage,
            catalog=self.catalog,
            sources=self.sources,
            connectors=self.connectors,
        )
        self.governance = LakeGovernance(self, "Governance", catalog=self.catalog, jobs=self.jobs)
        self.pipelines = LakePipelines(
            self, "Pipelines", storage=self.storage, catalog=self.catalog, jobs=self.jobs
        )
        self.databrew = LakeDataBrew(self, "DataBrew", storage=self.storage, jobs=self.jobs)


def build_app(outdir: str | None = None) -> tuple[App, DataLakeStack]:
    """The reference app, with its synth checks, and its stack."""
    app = App(outdir=outdir) if outdir else App()
    stack = DataLakeStack(app)
    # cdk-nag AwsSolutions, the template-size check, and the budget: synth fails when a
    # job could cost more than $2 a run or the app more than $1000 a month (`glueforge
    # cost` shows the arithmetic).
    enable_checks(app, max_cost_per_run=2, monthly_budget=1000)
    return app, stack


if __name__ == "__main__":
    app, _ = build_app()
    app.synth()
