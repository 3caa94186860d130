"""Where what a construct receives lives, and the things themselves, for the matrix.

A cell of the matrix declares one glueforge construct in the *consumer* stack and gives
it one kind of thing (a role, a bucket, ...) from one :class:`Placement`; everything else
it needs is made in the consumer stack itself. :class:`Supply` hands the construct each
thing: the cell's kind from the cell's placement, the rest from the consumer.

Imported things name real-looking resources; where the resource type can be shared
across accounts (S3 buckets, KMS keys, secrets, DynamoDB tables) the import is of
another account, :data:`OTHER_ACCOUNT`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from aws_cdk import App, Duration, NestedStack, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_rds as rds
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from glueforge import (
    CatalogDatabase,
    Crawler,
    CrawlerTarget,
    EtlJob,
    JdbcConnection,
    S3Sink,
    S3Source,
    SecureBucket,
    acknowledge,
)
from glueforge.core.locations import S3Location
from glueforge.databrew import Dataset, ProfileJob, RecipeJob
from tests.helpers.network import private_vpc

OTHER_ACCOUNT = "111111111111"
THIS_ACCOUNT = "123456789012"
IMPORTED_ROLE_ARN = f"arn:aws:iam::{THIS_ACCOUNT}:role/platform/glue-runner"
IMPORTED_KEY_ARN = f"arn:aws:kms:us-east-1:{OTHER_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
IMPORTED_SECRET_ARN = f"arn:aws:secretsmanager:us-east-1:{OTHER_ACCOUNT}:secret:orders-db-AbCdEf"
IMPORTED_TABLE_ARN = f"arn:aws:dynamodb:us-east-1:{OTHER_ACCOUNT}:table/orders"
IMPORTED_GLUE_TABLE_ARN = f"arn:aws:glue:us-east-1:{THIS_ACCOUNT}:table/platform/orders"


class Placement(Enum):
    """Where the received thing lives, relative to the construct that receives it."""

    SAME = "same"  # the consumer's own stack
    SIBLING = "sibling"  # another stack of the same app
    NESTED = "nested"  # a nested stack (aws_cdk.NestedStack) of the consumer's stack
    PARENT = "parent"  # the parent stack, the consumer being in a nested stack of it
    IMPORTED = "imported"  # imported into the consumer's stack by name or ARN


class Kind(Enum):
    """What a construct receives."""

    ROLE = "role"
    BUCKET = "bucket"
    KEY = "key"
    DATABASE = "database"
    TABLE = "table"
    CONNECTION = "connection"
    VPC = "vpc"  # a VPC with a security group in it
    DYNAMODB = "dynamodb"
    SECRET = "secret"
    JOB = "job"
    CRAWLER = "crawler"
    DATABREW_JOB = "databrew-job"
    CLUSTER = "cluster"  # an Aurora PostgreSQL cluster, with its VPC and secret


@dataclass
class World:
    """One app: the consumer stack, and where the received things are made.

    ``producer`` is ``None`` for imports, which are made in the consumer stack by name.
    """

    app: App
    consumer: Construct  # a Stack, or for PARENT a NestedStack
    producer: Construct | None

    @classmethod
    def build(cls, placement: Placement, outdir: Path) -> World:
        app = App(outdir=str(outdir))
        if placement is Placement.SIBLING:
            platform = Stack(app, "Platform")
            return cls(app, Stack(app, "Lake"), platform)
        if placement is Placement.PARENT:
            platform = Stack(app, "Platform")
            return cls(app, NestedStack(platform, "Lake"), platform)
        lake = Stack(app, "Lake")
        if placement is Placement.NESTED:
            return cls(app, lake, NestedStack(lake, "Platform"))
        if placement is Placement.IMPORTED:
            return cls(app, lake, None)
        return cls(app, lake, lake)


@dataclass(frozen=True)
class CatalogTable:
    """A catalog table as a job's source needs it: its database, itself, its files."""

    database: glue.IDatabase
    table: glue.ITable
    data: S3Location | None


@dataclass
class Supply:
    """The things one cell's construct receives: ``kind`` from ``world.producer`` (or
    imported), the rest from the consumer stack. ``kind=None`` takes everything from the
    consumer (the same-stack cell of a row, which names every kind it receives)."""

    world: World
    kind: Kind | None
    _made: dict[str, Any] = field(default_factory=dict)

    @property
    def consumer(self) -> Construct:
        return self.world.consumer

    def _place(self, kind: Kind) -> tuple[Construct, bool]:
        """(scope to make a ``kind`` in, whether to import it rather than make it)."""
        if kind is self.kind and self.world.producer is None:
            return self.consumer, True
        if kind is self.kind:
            return self.world.producer, False  # type: ignore[return-value]
        return self.consumer, False

    def _once(self, key: str, make) -> Any:
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]

    # ---- the kinds -------------------------------------------------------------------

    def role(self) -> iam.IRole | None:
        """A role Glue and DataBrew assume; None (the construct's own role) by default."""
        if self.kind not in (Kind.ROLE, None):
            return None
        scope, imported = self._place(Kind.ROLE)
        if imported:
            return self._once(
                "role", lambda: iam.Role.from_role_arn(scope, "Runner", IMPORTED_ROLE_ARN)
            )
        return self._once(
            "role",
            lambda: iam.Role(
                scope,
                "Runner",
                assumed_by=iam.CompositePrincipal(
                    iam.ServicePrincipal("glue.amazonaws.com"),
                    iam.ServicePrincipal("databrew.amazonaws.com"),
                ),
            ),
        )

    def key(self) -> kms.IKey | None:
        """A KMS key for a consumer's bucket (or a DataBrew job's output); None by default."""
        if self.kind not in (Kind.KEY, None):
            return None
        scope, imported = self._place(Kind.KEY)
        if imported:
            return self._once("key", lambda: kms.Key.from_key_arn(scope, "Key", IMPORTED_KEY_ARN))
        return self._once("key", lambda: kms.Key(scope, "Key", enable_key_rotation=True))

    def bucket(self) -> s3.IBucket:
        """The data bucket (KMS-encrypted)."""
        scope, imported = self._place(Kind.BUCKET)
        if imported:
            return self._once(
                "bucket",
                lambda: s3.Bucket.from_bucket_attributes(
                    scope,
                    "Data",
                    bucket_name="platform-data",
                    account=OTHER_ACCOUNT,
                    encryption_key=kms.Key.from_key_arn(scope, "DataKey", IMPORTED_KEY_ARN),
                ),
            )
        return self._once("bucket", lambda: SecureBucket(scope, "Data", encryption_key=self.key()))

    def database(self) -> glue.IDatabase:
        scope, imported = self._place(Kind.DATABASE)
        if imported:
            return self._once(
                "database", lambda: CatalogDatabase.from_database_name(scope, "Db", "platform")
            )
        return self._once("database", lambda: glue.Database(scope, "Db", database_name="lake"))

    def catalog_table(self) -> CatalogTable:
        """A table to read, with its own database and bucket where it lives."""
        scope, imported = self._place(Kind.TABLE)
        if imported:
            return self._once("table", lambda: self._imported_table(scope))
        return self._once("table", lambda: self._owned_table(scope))

    def _owned_table(self, scope: Construct) -> CatalogTable:
        # A table's database and files come with it from where it lives.
        if scope is self.consumer:
            database, bucket = self.database(), self.bucket()
        else:
            database = glue.Database(scope, "TableDb", database_name="platform")
            bucket = SecureBucket(scope, "TableData")
        table = glue.S3Table(
            scope,
            "Orders",
            database=database,
            storage=glue.S3TableStorage.from_bucket(bucket),
            s3_prefix="orders/",
            columns=[glue.Column(name="id", type=glue.Schema.STRING)],
            data_format=glue.DataFormat.PARQUET,
        )
        return CatalogTable(database, table, None)

    def _imported_table(self, scope: Construct) -> CatalogTable:
        database = CatalogDatabase.from_database_name(scope, "TableDb", "platform")
        table = glue.S3Table.from_table_arn(scope, "Orders", IMPORTED_GLUE_TABLE_ARN)
        return CatalogTable(database, table, S3Location(self.bucket(), "orders/"))

    def secret(self) -> secretsmanager.ISecret:
        scope, imported = self._place(Kind.SECRET)
        if imported:
            return self._once(
                "secret",
                lambda: secretsmanager.Secret.from_secret_complete_arn(
                    scope, "DbSecret", IMPORTED_SECRET_ARN
                ),
            )
        return self._once("secret", lambda: _secret(scope))

    def vpc(self) -> tuple[ec2.IVpc, ec2.ISecurityGroup]:
        """A VPC and a self-referencing security group in it (what Glue requires)."""
        scope, imported = self._place(Kind.VPC)
        if imported:
            return self._once("vpc", lambda: _imported_network(scope))
        return self._once("vpc", lambda: _network(scope))

    def dynamodb_table(self) -> dynamodb.ITable:
        scope, imported = self._place(Kind.DYNAMODB)
        if imported:
            return self._once(
                "dynamodb",
                lambda: dynamodb.Table.from_table_attributes(
                    scope,
                    "Customers",
                    table_arn=IMPORTED_TABLE_ARN,
                    encryption_key=kms.Key.from_key_arn(scope, "CustomersKey", IMPORTED_KEY_ARN),
                ),
            )
        return self._once("dynamodb", lambda: _dynamodb_table(scope))

    def connection(self) -> Any:
        """A JDBC connection (with its VPC and secret where it lives)."""
        scope, imported = self._place(Kind.CONNECTION)
        if imported:
            return self._once(
                "connection",
                lambda: JdbcConnection.from_connection_attributes(
                    scope,
                    "Orders",
                    connection_name="platform-orders",
                    engine="postgresql",
                    database="orders",
                ),
            )
        return self._once("connection", lambda: self._owned_connection(scope))

    def _owned_connection(self, scope: Construct) -> JdbcConnection:
        if scope is self.consumer:
            (vpc, group), secret = self.vpc(), self.secret()
        else:
            vpc, group = _network(scope)
            secret = _secret(scope)
        return JdbcConnection(
            scope,
            "Orders",
            engine="postgresql",
            secret=secret,
            host="orders.db.internal",
            database="orders",
            vpc=vpc,
            security_groups=[group],
        )

    def cluster(
        self,
    ) -> tuple[rds.IDatabaseCluster, ec2.IVpc | None, secretsmanager.ISecret | None]:
        """A database cluster, and the VPC and secret to give with it (None: its own)."""
        scope, imported = self._place(Kind.CLUSTER)
        if imported:
            return self._once("cluster", lambda: _imported_cluster(scope))
        return self._once("cluster", lambda: (_aurora(scope), None, None))

    def job(self) -> Any:
        """A Glue job to run or to follow."""
        scope, imported = self._place(Kind.JOB)
        if imported:
            return self._once("job", lambda: EtlJob.from_job_name(scope, "Orders", "orders-etl"))
        return self._once("job", lambda: _etl_job(scope, self._bucket_in(scope)))

    def crawler(self) -> Any:
        scope, imported = self._place(Kind.CRAWLER)
        if imported:
            return self._once(
                "crawler", lambda: Crawler.from_crawler_name(scope, "Raw", "platform-raw")
            )
        return self._once(
            "crawler",
            lambda: Crawler(
                scope,
                "Raw",
                database=self.database()
                if scope is self.consumer
                else glue.Database(scope, "RawDb"),
                targets=[CrawlerTarget.s3(self._bucket_in(scope), "raw/")],
            ),
        )

    def databrew_job(self) -> Any:
        scope, imported = self._place(Kind.DATABREW_JOB)
        if imported:
            return self._once(
                "databrew",
                lambda: RecipeJob.from_job_attributes(
                    scope, "Profile", job_name="profile-orders", timeout=Duration.minutes(30)
                ),
            )
        return self._once("databrew", lambda: _profile_job(scope, self._bucket_in(scope)))

    def _bucket_in(self, scope: Construct) -> s3.IBucket:
        """The consumer's bucket, or one of the producer's own for what it makes."""
        if scope is self.consumer:
            return self.bucket()
        return self._once(f"bucket@{scope.node.path}", lambda: SecureBucket(scope, "Own"))


# ---- things made where they live -----------------------------------------------------------


def _rotated_elsewhere(secret):
    acknowledge(
        secret,
        "AwsSolutions-SMG4",
        "Test scaffolding: the platform team rotates the database secret with the database.",
    )
    return secret


def _secret(scope: Construct) -> secretsmanager.Secret:
    """A database secret encrypted with a key of its own stack."""
    key = kms.Key(scope, "DbSecretKey", enable_key_rotation=True)
    return _rotated_elsewhere(secretsmanager.Secret(scope, "DbSecret", encryption_key=key))


def _network(scope: Construct) -> tuple[ec2.IVpc, ec2.ISecurityGroup]:
    vpc = private_vpc(scope, "Vpc", max_azs=1)
    group = ec2.SecurityGroup(scope, "GlueSg", vpc=vpc, description="Glue workers")
    group.add_ingress_rule(group, ec2.Port.all_tcp(), "Glue workers reach each other")
    return vpc, group


def _imported_network(scope: Construct) -> tuple[ec2.IVpc, ec2.ISecurityGroup]:
    vpc = ec2.Vpc.from_vpc_attributes(
        scope,
        "Vpc",
        vpc_id="vpc-0123456789abcdef0",
        availability_zones=["us-east-1a"],
        isolated_subnet_ids=["subnet-0123456789abcdef0"],
    )
    group = ec2.SecurityGroup.from_security_group_id(scope, "GlueSg", "sg-0123456789abcdef0")
    return vpc, group


def _aurora(scope: Construct) -> rds.DatabaseCluster:
    """An Aurora PostgreSQL cluster that passes cdk-nag (its secret's rotation acknowledged)."""
    cluster = rds.DatabaseCluster(
        scope,
        "Aurora",
        engine=rds.DatabaseClusterEngine.aurora_postgres(
            version=rds.AuroraPostgresEngineVersion.VER_16_4
        ),
        writer=rds.ClusterInstance.provisioned("Writer"),
        credentials=rds.Credentials.from_generated_secret("glueforge"),
        vpc=private_vpc(scope, "AuroraVpc", max_azs=2),
        vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
        port=5433,
        storage_encrypted=True,
        iam_authentication=True,
        deletion_protection=True,
    )
    # cluster.secret is the secret's attachment to the cluster: acknowledge the secret.
    _rotated_elsewhere(cluster.node.find_child("Secret"))
    return cluster


def _imported_cluster(
    scope: Construct,
) -> tuple[rds.IDatabaseCluster, ec2.IVpc, secretsmanager.ISecret]:
    vpc, group = _imported_network(scope)
    cluster = rds.DatabaseCluster.from_database_cluster_attributes(
        scope,
        "Aurora",
        cluster_identifier="orders",
        cluster_endpoint_address="orders.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com",
        port=5433,
        security_groups=[group],
        engine=rds.DatabaseClusterEngine.aurora_postgres(
            version=rds.AuroraPostgresEngineVersion.VER_16_4
        ),
    )
    secret = secretsmanager.Secret.from_secret_complete_arn(
        scope, "AuroraSecret", IMPORTED_SECRET_ARN
    )
    return cluster, vpc, secret


def _dynamodb_table(scope: Construct) -> dynamodb.Table:
    return dynamodb.Table(
        scope,
        "Customers",
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryption_key=kms.Key(scope, "CustomersKey", enable_key_rotation=True),
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
    )


def _etl_job(scope: Construct, bucket: s3.IBucket) -> EtlJob:
    return EtlJob(
        scope,
        "Orders",
        specs=[
            S3Source("orders", bucket=bucket, prefix="raw/orders/"),
            S3Sink("curated", input="orders", bucket=bucket, prefix="curated/orders/"),
        ],
    )


def _profile_job(scope: Construct, bucket: s3.IBucket) -> ProfileJob:
    dataset = Dataset(scope, "Clicks", source=S3Source("clicks", bucket=bucket, prefix="clicks/"))
    return ProfileJob(scope, "Profile", dataset=dataset, output_bucket=bucket)
