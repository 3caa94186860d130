"""glueforge's reference app: a small data lake for an online shop.

One env-agnostic stack, ``DataLake``, built from clearly separated parts so later pieces
(crawlers, connectors, jobs, pipelines) slot in beside them:

* ``Storage``: the KMS key and the raw and curated zone buckets;
* ``Catalog``: one Glue catalog database per zone, each kept current by a crawler: the
  raw clickstream is crawled in S3 event mode, the curated zone nightly.

``cdk synth`` needs no AWS account, credentials or region, and runs cdk-nag's AwsSolutions
checks as part of synthesis.
"""

from __future__ import annotations

import sys
from pathlib import Path

from aws_cdk import App, Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_kms as kms
from constructs import Construct

try:
    import glueforge  # noqa: F401  (installed: pip install -e .)
except ImportError:  # running from a checkout without an install
    sys.path.insert(0, str(Path(__file__).resolve().parent / "constructs"))

from glueforge import (
    CatalogDatabase,
    Crawler,
    CrawlerOutput,
    CrawlerTarget,
    JsonClassifier,
    RecrawlBehavior,
    SecureBucket,
)
from glueforge.checks import enable_nag

STACK_ID = "DataLake"
CLICKSTREAM_PREFIX = "clickstream/"


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
            recrawl=RecrawlBehavior.CRAWL_EVENT_MODE,
            schedule="cron(0/30 * * * ? *)",
            classifiers=[JsonClassifier(self, "ClickJson", json_path="$[*]")],
            output=CrawlerOutput(
                combine_compatible_schemas=True, partitions_inherit_from_table=True
            ),
            table_prefix="clickstream_",
        )
        self.curated_zone = CatalogDatabase(
            self,
            "Curated",
            bucket=storage.curated,
            database_name="shop_curated",
            description="Cleaned, typed and partitioned shop data, ready for analytics.",
            schedule="cron(0 3 * * ? *)",
            output=CrawlerOutput(table_level=1, add_new_columns_only=True),
        )
        self.curated = self.curated_zone.database


class DataLakeStack(Stack):
    """The reference data lake. Env-agnostic: no account, region or context lookups."""

    def __init__(self, scope: Construct, id: str = STACK_ID) -> None:
        super().__init__(scope, id, description="glueforge reference data lake for an online shop")
        self.storage = LakeStorage(self, "Storage")
        self.catalog = LakeCatalog(self, "Catalog", storage=self.storage)


def build_app(outdir: str | None = None) -> tuple[App, DataLakeStack]:
    """The reference app with cdk-nag AwsSolutions enabled, and its stack."""
    app = App(outdir=outdir) if outdir else App()
    stack = DataLakeStack(app)
    enable_nag(app)
    return app, stack


if __name__ == "__main__":
    app, _ = build_app()
    app.synth()
