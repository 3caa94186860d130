"""glueforge's reference app: a small data lake for an online shop.

One env-agnostic stack, ``DataLake``, built from clearly separated parts so later pieces
(crawlers, connectors, jobs, pipelines) slot in beside them:

* ``Storage``: the KMS key and the raw and curated zone buckets;
* ``Catalog``: one Glue catalog database per zone.

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

from glueforge import SecureBucket
from glueforge.checks import enable_nag

STACK_ID = "DataLake"


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
    """One Glue catalog database per zone, located at the zone's bucket."""

    def __init__(self, scope: Construct, id: str, *, storage: LakeStorage) -> None:
        super().__init__(scope, id)
        self.raw = glue.Database(
            self,
            "RawDatabase",
            database_name="shop_raw",
            description="Shop data as it lands: clickstream JSON, exports and extracts.",
            location_uri=storage.raw.s3_url_for_object(),
        )
        self.curated = glue.Database(
            self,
            "CuratedDatabase",
            database_name="shop_curated",
            description="Cleaned, typed and partitioned shop data, ready for analytics.",
            location_uri=storage.curated.s3_url_for_object(),
        )


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
