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
    "CatalogDatabase": "glueforge.catalog_database",
    "CsvClassifier": "glueforge.classifiers",
    "CsvCustomType": "glueforge.classifiers",
    "CsvHeader": "glueforge.classifiers",
    "GrokClassifier": "glueforge.classifiers",
    "IClassifier": "glueforge.classifiers",
    "JsonClassifier": "glueforge.classifiers",
    "XmlClassifier": "glueforge.classifiers",
    "Crawler": "glueforge.crawler",
    "CrawlerOutput": "glueforge.crawler",
    "DeleteBehavior": "glueforge.crawler",
    "ICrawler": "glueforge.crawler",
    "RecrawlBehavior": "glueforge.crawler",
    "UpdateBehavior": "glueforge.crawler",
    "CrawlerTarget": "glueforge.crawler_targets",
    "GlueforgeValidationError": "glueforge.errors",
    "SecureBucket": "glueforge.storage",
    "AccessLogsBucket": "glueforge.storage",
    "acknowledge": "glueforge.suppressions",
    "JdbcConnection": "glueforge.connections.jdbc",
    "ImportedJdbcConnection": "glueforge.connections.jdbc",
    "JdbcEngine": "glueforge.connections.engines",
    "MongoDbConnection": "glueforge.connections.native",
    "SalesforceConnection": "glueforge.connections.native",
    "DynamoDBExport": "glueforge.dynamodb_export",
    "Pipeline": "glueforge.pipeline",
    "Condition": "glueforge.pipeline_triggers",
    "StartTrigger": "glueforge.pipeline_triggers",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:  # explicit re-exports for type checkers and IDEs
    from glueforge.catalog_database import CatalogDatabase as CatalogDatabase
    from glueforge.classifiers import CsvClassifier as CsvClassifier
    from glueforge.classifiers import CsvCustomType as CsvCustomType
    from glueforge.classifiers import CsvHeader as CsvHeader
    from glueforge.classifiers import GrokClassifier as GrokClassifier
    from glueforge.classifiers import IClassifier as IClassifier
    from glueforge.classifiers import JsonClassifier as JsonClassifier
    from glueforge.classifiers import XmlClassifier as XmlClassifier
    from glueforge.connections.engines import JdbcEngine as JdbcEngine
    from glueforge.connections.jdbc import ImportedJdbcConnection as ImportedJdbcConnection
    from glueforge.connections.jdbc import JdbcConnection as JdbcConnection
    from glueforge.connections.native import MongoDbConnection as MongoDbConnection
    from glueforge.connections.native import SalesforceConnection as SalesforceConnection
    from glueforge.crawler import Crawler as Crawler
    from glueforge.crawler import CrawlerOutput as CrawlerOutput
    from glueforge.crawler import DeleteBehavior as DeleteBehavior
    from glueforge.crawler import ICrawler as ICrawler
    from glueforge.crawler import RecrawlBehavior as RecrawlBehavior
    from glueforge.crawler import UpdateBehavior as UpdateBehavior
    from glueforge.crawler_targets import CrawlerTarget as CrawlerTarget
    from glueforge.dynamodb_export import DynamoDBExport as DynamoDBExport
    from glueforge.errors import GlueforgeValidationError as GlueforgeValidationError
    from glueforge.pipeline import Pipeline as Pipeline
    from glueforge.pipeline_triggers import Condition as Condition
    from glueforge.pipeline_triggers import StartTrigger as StartTrigger
    from glueforge.storage import AccessLogsBucket as AccessLogsBucket
    from glueforge.storage import SecureBucket as SecureBucket
    from glueforge.suppressions import acknowledge as acknowledge


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'glueforge' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
