"""The constructs of the matrix: each row declares one glueforge construct in the consumer
stack from what a :class:`~tests.composition.supplies.Supply` hands it, and names the
kinds of things it receives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from glueforge import (
    CatalogDatabase,
    CatalogSink,
    CatalogSource,
    Condition,
    Crawler,
    CrawlerTarget,
    DynamoDBExport,
    DynamoDBExportSource,
    EtlJob,
    JdbcConnection,
    JdbcSource,
    MongoDbConnection,
    Pipeline,
    RecrawlBehavior,
    S3Sink,
    S3Source,
    SecureBucket,
    StartTrigger,
)
from glueforge.databrew import (
    Dataset,
    JobOutput,
    ProfileJob,
    Recipe,
    RecipeJob,
    RecipeStep,
    RunAfterGlueJob,
)
from tests.composition.supplies import Kind, Supply

K = Kind


@dataclass(frozen=True)
class Row:
    """One construct: its name in test ids, what it receives, how to declare it."""

    name: str
    kinds: tuple[Kind, ...]
    build: Callable[[Supply], object]


def _sink(supply: Supply, input: str) -> S3Sink:
    return S3Sink("curated", input=input, bucket=supply.bucket(), prefix="curated/")


def etl_s3(s: Supply) -> EtlJob:
    return EtlJob(
        s.consumer,
        "Job",
        role=s.role(),
        specs=[S3Source("orders", bucket=s.bucket(), prefix="raw/orders/"), _sink(s, "orders")],
    )


def etl_catalog(s: Supply) -> EtlJob:
    orders = s.catalog_table()
    return EtlJob(
        s.consumer,
        "Job",
        role=s.role(),
        specs=[
            CatalogSource("orders", database=orders.database, table=orders.table, data=orders.data),
            CatalogSink(
                "curated",
                input="orders",
                database=s.database(),
                table="orders_curated",
                bucket=SecureBucket(s.consumer, "Curated"),
                prefix="orders/",
            ),
        ],
    )


def etl_jdbc(s: Supply) -> EtlJob:
    return EtlJob(
        s.consumer,
        "Job",
        role=s.role(),
        specs=[
            JdbcSource("orders", connection=s.connection(), table="public.orders"),
            _sink(s, "orders"),
        ],
    )


def _export(s: Supply) -> DynamoDBExport:
    table = s.dynamodb_table()
    imported = s.kind is Kind.DYNAMODB and s.world.producer is None
    return DynamoDBExport(
        s.consumer, "CustomersExport", table=table, point_in_time_recovery_confirmed=imported
    )


def etl_dynamodb(s: Supply) -> EtlJob:
    return EtlJob(
        s.consumer,
        "Job",
        role=s.role(),
        specs=[DynamoDBExportSource("customers", export=_export(s)), _sink(s, "customers")],
    )


def dynamodb_export(s: Supply) -> DynamoDBExport:
    table = s.dynamodb_table()
    imported = s.kind is Kind.DYNAMODB and s.world.producer is None
    export = DynamoDBExport(
        s.consumer,
        "CustomersExport",
        table=table,
        bucket=s.bucket(),
        prefix="exports/customers/",
        point_in_time_recovery_confirmed=imported,
    )
    EtlJob(
        s.consumer,
        "Job",
        specs=[
            DynamoDBExportSource("customers", export=export),
            S3Sink("curated", input="customers", bucket=SecureBucket(s.consumer, "Out")),
        ],
    )
    return export


def _crawler(s: Supply, targets, database=None) -> Crawler:
    return Crawler(
        s.consumer, "Crawler", database=database or s.database(), targets=targets, role=s.role()
    )


def crawl_s3(s: Supply) -> Crawler:
    return _crawler(s, [CrawlerTarget.s3(s.bucket(), "raw/")])


def crawl_s3_events(s: Supply) -> Crawler:
    # Event mode: S3 notifies the crawler's queue of what changed under the prefix.
    return Crawler(
        s.consumer,
        "Crawler",
        database=s.database(),
        targets=[CrawlerTarget.s3(s.bucket(), "raw/")],
        recrawl=RecrawlBehavior.CRAWL_EVENT_MODE,
    )


def crawl_jdbc(s: Supply) -> Crawler:
    return _crawler(s, [CrawlerTarget.jdbc(s.connection(), "orders/public/%")])


def crawl_dynamodb(s: Supply) -> Crawler:
    return _crawler(s, [CrawlerTarget.dynamodb(s.dynamodb_table())])


def crawl_catalog(s: Supply) -> Crawler:
    orders = s.catalog_table()
    return _crawler(s, [CrawlerTarget.catalog(orders.database, [orders.table])], orders.database)


def catalog_database(s: Supply) -> CatalogDatabase:
    return CatalogDatabase(
        s.consumer, "Curated", bucket=s.bucket(), prefix="curated/", crawler_role=s.role()
    )


def jdbc_connection(s: Supply) -> JdbcConnection:
    vpc, group = s.vpc()
    connection = JdbcConnection(
        s.consumer,
        "Orders",
        engine="postgresql",
        secret=s.secret(),
        host="orders.db.internal",
        database="orders",
        vpc=vpc,
        security_groups=[group],
    )
    _read_by_a_job(s, connection)
    return connection


def jdbc_from_cluster(s: Supply) -> JdbcConnection:
    cluster, vpc, secret = s.cluster()
    connection = JdbcConnection.from_rds_cluster(
        s.consumer, "Orders", cluster=cluster, database="orders", vpc=vpc, secret=secret
    )
    _read_by_a_job(s, connection)
    return connection


def mongodb_connection(s: Supply) -> MongoDbConnection:
    vpc, group = s.vpc()
    connection = MongoDbConnection(
        s.consumer,
        "Events",
        url="mongodb://events.db.internal:27017/events",
        secret=s.secret(),
        vpc=vpc,
        security_groups=[group],
    )
    Crawler(
        s.consumer,
        "EventsCrawler",
        database=s.database(),
        targets=[CrawlerTarget.mongodb(connection, "events/clicks")],
    )
    return connection


def _read_by_a_job(s: Supply, connection) -> None:
    EtlJob(
        s.consumer,
        "Job",
        specs=[
            JdbcSource("orders", connection=connection, table="public.orders"),
            _sink(s, "orders"),
        ],
    )


def pipeline(s: Supply) -> Pipeline:
    job, crawler = s.job(), s.crawler()
    nightly = Pipeline(s.consumer, "Nightly")
    nightly.add_trigger("Start", StartTrigger.on_demand(), run=[job])
    nightly.add_trigger("Loaded", Condition.succeeded(job), run=[crawler])
    return nightly


def _dataset(s: Supply) -> Dataset:
    return Dataset(
        s.consumer, "Clicks", source=S3Source("clicks", bucket=s.bucket(), prefix="clicks/")
    )


def recipe_job(s: Supply) -> RecipeJob:
    return RecipeJob(
        s.consumer,
        "Clean",
        dataset=_dataset(s),
        recipe=Recipe(s.consumer, "Steps", steps=[RecipeStep.rename("ts", "clicked_at")]),
        outputs=[
            JobOutput.s3(s.bucket(), "clean/"),
            JobOutput.catalog(s.database(), "clicks_clean", bucket=s.bucket(), prefix="cc/"),
        ],
        encryption_key=s.key(),
        role=s.role(),
    )


def profile_job(s: Supply) -> ProfileJob:
    return ProfileJob(
        s.consumer,
        "Profile",
        dataset=_dataset(s),
        output_bucket=s.bucket(),
        encryption_key=s.key(),
        role=s.role(),
    )


def run_after_glue_job(s: Supply) -> RunAfterGlueJob:
    return RunAfterGlueJob(s.consumer, "After", glue_job=s.job(), databrew_job=s.databrew_job())


ROWS: tuple[Row, ...] = (
    Row("EtlJob[S3]", (K.ROLE, K.BUCKET, K.KEY), etl_s3),
    Row("EtlJob[catalog]", (K.ROLE, K.DATABASE, K.TABLE), etl_catalog),
    Row("EtlJob[JDBC]", (K.ROLE, K.CONNECTION), etl_jdbc),
    Row("EtlJob[DynamoDB-export]", (K.ROLE, K.DYNAMODB), etl_dynamodb),
    Row("Crawler[S3]", (K.ROLE, K.BUCKET, K.KEY), crawl_s3),
    Row("Crawler[S3-event-mode]", (K.BUCKET,), crawl_s3_events),
    Row("Crawler[JDBC]", (K.ROLE, K.CONNECTION), crawl_jdbc),
    Row("Crawler[DynamoDB]", (K.ROLE, K.DYNAMODB), crawl_dynamodb),
    Row("Crawler[catalog]", (K.ROLE, K.TABLE), crawl_catalog),
    Row("CatalogDatabase", (K.ROLE, K.BUCKET, K.KEY), catalog_database),
    Row("DynamoDBExport", (K.DYNAMODB, K.BUCKET), dynamodb_export),
    Row("JdbcConnection", (K.VPC, K.SECRET), jdbc_connection),
    Row("JdbcConnection.from_rds_cluster", (K.CLUSTER,), jdbc_from_cluster),
    Row("MongoDbConnection", (K.VPC, K.SECRET), mongodb_connection),
    Row("Pipeline", (K.JOB, K.CRAWLER), pipeline),
    Row("RecipeJob", (K.ROLE, K.BUCKET, K.KEY, K.DATABASE), recipe_job),
    Row("ProfileJob", (K.ROLE, K.BUCKET, K.KEY), profile_job),
    Row("RunAfterGlueJob", (K.JOB, K.DATABREW_JOB), run_after_glue_job),
)
