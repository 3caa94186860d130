"""glueforge: AWS Glue in production, on the AWS CDK.

Constructs are imported lazily, so ``import glueforge`` (and the CLI, and reading the
shipped job templates) does not pay for loading aws-cdk-lib until a construct is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "CatalogDatabase": "glueforge.catalog.database",
    "CsvClassifier": "glueforge.crawlers.classifiers",
    "CsvCustomType": "glueforge.crawlers.classifiers",
    "CsvHeader": "glueforge.crawlers.classifiers",
    "GrokClassifier": "glueforge.crawlers.classifiers",
    "IClassifier": "glueforge.crawlers.classifiers",
    "JsonClassifier": "glueforge.crawlers.classifiers",
    "XmlClassifier": "glueforge.crawlers.classifiers",
    "Crawler": "glueforge.crawlers.crawler",
    "CrawlerOutput": "glueforge.crawlers.crawler",
    "DeleteBehavior": "glueforge.crawlers.crawler",
    "ICrawler": "glueforge.crawlers.crawler",
    "RecrawlBehavior": "glueforge.crawlers.crawler",
    "UpdateBehavior": "glueforge.crawlers.crawler",
    "CrawlerTarget": "glueforge.crawlers.targets",
    "GlueforgeValidationError": "glueforge.core.errors",
    "SecureBucket": "glueforge.security.buckets",
    "AccessLogsBucket": "glueforge.security.buckets",
    "acknowledge": "glueforge.iam.suppressions",
    "JdbcConnection": "glueforge.connections.jdbc",
    "ImportedJdbcConnection": "glueforge.connections.jdbc",
    "JdbcEngine": "glueforge.connections.engines",
    "MongoDbConnection": "glueforge.connections.native",
    "SalesforceConnection": "glueforge.connections.native",
    "DynamoDBExport": "glueforge.connections.dynamodb_export",
    "Pipeline": "glueforge.pipelines.pipeline",
    "Condition": "glueforge.pipelines.triggers",
    "StartTrigger": "glueforge.pipelines.triggers",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:  # explicit re-exports for type checkers and IDEs
    from glueforge.catalog.database import CatalogDatabase as CatalogDatabase
    from glueforge.connections.dynamodb_export import DynamoDBExport as DynamoDBExport
    from glueforge.connections.engines import JdbcEngine as JdbcEngine
    from glueforge.connections.jdbc import ImportedJdbcConnection as ImportedJdbcConnection
    from glueforge.connections.jdbc import JdbcConnection as JdbcConnection
    from glueforge.connections.native import MongoDbConnection as MongoDbConnection
    from glueforge.connections.native import SalesforceConnection as SalesforceConnection
    from glueforge.core.errors import GlueforgeValidationError as GlueforgeValidationError
    from glueforge.crawlers.classifiers import CsvClassifier as CsvClassifier
    from glueforge.crawlers.classifiers import CsvCustomType as CsvCustomType
    from glueforge.crawlers.classifiers import CsvHeader as CsvHeader
    from glueforge.crawlers.classifiers import GrokClassifier as GrokClassifier
    from glueforge.crawlers.classifiers import IClassifier as IClassifier
    from glueforge.crawlers.classifiers import JsonClassifier as JsonClassifier
    from glueforge.crawlers.classifiers import XmlClassifier as XmlClassifier
    from glueforge.crawlers.crawler import Crawler as Crawler
    from glueforge.crawlers.crawler import CrawlerOutput as CrawlerOutput
    from glueforge.crawlers.crawler import DeleteBehavior as DeleteBehavior
    from glueforge.crawlers.crawler import ICrawler as ICrawler
    from glueforge.crawlers.crawler import RecrawlBehavior as RecrawlBehavior
    from glueforge.crawlers.crawler import UpdateBehavior as UpdateBehavior
    from glueforge.crawlers.targets import CrawlerTarget as CrawlerTarget
    from glueforge.iam.suppressions import acknowledge as acknowledge
    from glueforge.pipelines.pipeline import Pipeline as Pipeline
    from glueforge.pipelines.triggers import Condition as Condition
    from glueforge.pipelines.triggers import StartTrigger as StartTrigger
    from glueforge.security.buckets import AccessLogsBucket as AccessLogsBucket
    from glueforge.security.buckets import SecureBucket as SecureBucket


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'glueforge' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
