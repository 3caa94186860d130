"""glueforge: AWS Glue in production, on the AWS CDK.

Everything the README uses is importable from here: ``from glueforge import EtlJob,
S3Source, Pipeline, enable_checks, ...``. DataBrew, an AWS service of its own whose words
(Dataset, Recipe, Ruleset, Schedule) would read as Glue's here, keeps its namespace:
``from glueforge.databrew import ...`` (or ``glueforge.databrew``), as aws-cdk-lib keeps
``aws_databrew`` apart from ``aws_glue``.

Constructs are imported lazily, so ``import glueforge`` (and the CLI, and reading the
shipped job templates) does not pay for loading aws-cdk-lib until a construct is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it, by sub-package
_EXPORTS: dict[str, str] = {
    # core/: Glue's vocabulary, errors, S3 locations
    "GlueforgeValidationError": "glueforge.core.errors",
    "S3Location": "glueforge.core.locations",
    "CrawlerState": "glueforge.core.vocabulary",
    "GlueVersion": "glueforge.core.vocabulary",
    "JobState": "glueforge.core.vocabulary",
    "Language": "glueforge.core.vocabulary",
    "WorkerType": "glueforge.core.vocabulary",
    "PythonVersion": "glueforge.core.vocabulary",
    "LibrarySet": "glueforge.core.vocabulary",
    "ReadMode": "glueforge.core.vocabulary",
    # security/: secure buckets
    "AccessLogsBucket": "glueforge.security.buckets",
    "SecureBucket": "glueforge.security.buckets",
    "EncryptedLogGroup": "glueforge.security.logs",
    # iam/: cdk-nag acknowledgments
    "acknowledge": "glueforge.iam.suppressions",
    # catalog/: catalog databases
    "CatalogDatabase": "glueforge.catalog.database",
    # catalog/: tables on S3, their formats and partition projection
    "ITable": "glueforge.catalog.table",
    "Table": "glueforge.catalog.table",
    "TableFormat": "glueforge.catalog.formats",
    "DateProjection": "glueforge.catalog.projection",
    "EnumProjection": "glueforge.catalog.projection",
    "InjectedProjection": "glueforge.catalog.projection",
    "IntegerProjection": "glueforge.catalog.projection",
    # catalog/: Lake Formation and Data Catalog encryption
    "DataCatalogEncryption": "glueforge.catalog.encryption",
    "LakeFormationPermissions": "glueforge.catalog.lake_formation",
    "LfPermission": "glueforge.catalog.lake_formation",
    "LfResource": "glueforge.catalog.lake_formation_targets",
    "LfTagResourceType": "glueforge.catalog.lake_formation_targets",
    "use_lake_formation": "glueforge.catalog.lake_formation",
    "DataLakeLocation": "glueforge.catalog.lake_formation_resources",
    "ILfTag": "glueforge.catalog.lake_formation_resources",
    "LfTag": "glueforge.catalog.lake_formation_resources",
    "LfTagAssociation": "glueforge.catalog.lake_formation_resources",
    # catalog/: Iceberg tables and their table optimizers
    "IIcebergTable": "glueforge.catalog.iceberg",
    "IcebergTable": "glueforge.catalog.iceberg",
    "IcebergField": "glueforge.catalog.iceberg",
    "IcebergList": "glueforge.catalog.iceberg",
    "IcebergMap": "glueforge.catalog.iceberg",
    "IcebergStruct": "glueforge.catalog.iceberg",
    "IcebergType": "glueforge.catalog.iceberg",
    "IcebergTransform": "glueforge.catalog.iceberg",
    "IcebergPartitionField": "glueforge.catalog.iceberg",
    "IcebergSortField": "glueforge.catalog.iceberg",
    "IcebergSortDirection": "glueforge.catalog.iceberg",
    "TableOptimizer": "glueforge.catalog.optimizer",
    "OptimizerKind": "glueforge.catalog.optimizer",
    "CompactionStrategy": "glueforge.catalog.optimizer",
    # quality/: Glue Data Quality rulesets (DQDL), typed or parsed
    "DataQualityRuleset": "glueforge.quality.ruleset",
    "DataQualityRulesetBase": "glueforge.quality.ruleset",
    "IDataQualityRuleset": "glueforge.quality.ruleset",
    "DqdlRuleset": "glueforge.quality.builder",
    "DqdlRule": "glueforge.quality.builder",
    "DqdlThreshold": "glueforge.quality.builder",
    "DqdlError": "glueforge.quality.builder",
    "Rules": "glueforge.quality.builder",
    "all_of": "glueforge.quality.builder",
    "any_of": "glueforge.quality.builder",
    "parse_ruleset": "glueforge.quality.parser",
    # crawlers/: crawlers, their targets, options and classifiers
    "CsvClassifier": "glueforge.crawlers.classifiers",
    "CsvCustomType": "glueforge.crawlers.classifiers",
    "CsvHeader": "glueforge.crawlers.classifiers",
    "GrokClassifier": "glueforge.crawlers.classifiers",
    "IClassifier": "glueforge.crawlers.classifiers",
    "JsonClassifier": "glueforge.crawlers.classifiers",
    "XmlClassifier": "glueforge.crawlers.classifiers",
    "Crawler": "glueforge.crawlers.crawler",
    "ICrawler": "glueforge.crawlers.crawler",
    "CrawlerOutput": "glueforge.crawlers.options",
    "DeleteBehavior": "glueforge.crawlers.options",
    "RecrawlBehavior": "glueforge.crawlers.options",
    "UpdateBehavior": "glueforge.crawlers.options",
    "CrawlerTarget": "glueforge.crawlers.targets",
    # connections/: connections and the DynamoDB export
    "IConnection": "glueforge.connections.base",
    "DynamoDBExport": "glueforge.connections.dynamodb_export",
    "JdbcEngine": "glueforge.connections.engines",
    "IJdbcConnection": "glueforge.connections.jdbc",
    "JdbcConnection": "glueforge.connections.jdbc",
    "MongoDbConnection": "glueforge.connections.native",
    "SalesforceConnection": "glueforge.connections.native",
    # monitoring/: alarms on jobs and crawlers, their metrics and topic
    "JobAlarms": "glueforge.monitoring.alarms",
    "CrawlerAlarms": "glueforge.monitoring.alarms",
    "MetricType": "glueforge.monitoring.metrics",
    "ObservabilityGroup": "glueforge.monitoring.metrics",
    "alarm_topic": "glueforge.monitoring.topic",
    # jobs/: the templated job and its specs: sources, transforms, sinks
    "IJob": "glueforge.jobs.base",
    "EtlJob": "glueforge.jobs.etl_job",
    "PythonShellJob": "glueforge.jobs.python_shell_job",
    "StreamingJob": "glueforge.jobs.streaming_job",
    "SparkUiOptions": "glueforge.jobs.spark_options",
    "KinesisSource": "glueforge.jobs.specs.streaming",
    "KafkaSource": "glueforge.jobs.specs.streaming",
    "StartingPosition": "glueforge.core.vocabulary",
    "StartingOffsets": "glueforge.core.vocabulary",
    "CatalogSink": "glueforge.jobs.specs.sinks",
    "IcebergSink": "glueforge.jobs.specs.iceberg",
    "IcebergSource": "glueforge.jobs.specs.iceberg",
    "JdbcSink": "glueforge.jobs.specs.sinks",
    "S3Sink": "glueforge.jobs.specs.sinks",
    "CatalogSource": "glueforge.jobs.specs.sources",
    "DynamoDBExportSource": "glueforge.jobs.specs.sources",
    "JdbcSource": "glueforge.jobs.specs.sources",
    "S3Source": "glueforge.jobs.specs.sources",
    "Aggregate": "glueforge.jobs.specs.transforms",
    "Dedupe": "glueforge.jobs.specs.transforms",
    "Filter": "glueforge.jobs.specs.transforms",
    "Join": "glueforge.jobs.specs.transforms",
    "Mapping": "glueforge.jobs.specs.transforms",
    "Relationalize": "glueforge.jobs.specs.transforms",
    "EvaluateDataQuality": "glueforge.jobs.specs.quality",
    "DataQualityFailureAction": "glueforge.jobs.specs.quality",
    "Sql": "glueforge.jobs.specs.transforms",
    # pipelines/: pipelines (Glue workflows) and their triggers
    "IPipeline": "glueforge.pipelines.base",
    "Pipeline": "glueforge.pipelines.pipeline",
    "Condition": "glueforge.pipelines.triggers",
    "StartTrigger": "glueforge.pipelines.triggers",
    # checks/: synth checks: cdk-nag, template limits, cost guardrails
    "enable_checks": "glueforge.checks.enable",
    "synthesize": "glueforge.checks.synth",
}

# Sub-packages that are namespaces of their own.
_NAMESPACES = ("databrew",)

__all__ = ["__version__", *_EXPORTS, *_NAMESPACES]

if TYPE_CHECKING:  # explicit re-exports for type checkers and IDEs
    from glueforge.catalog.database import CatalogDatabase as CatalogDatabase
    from glueforge.catalog.encryption import DataCatalogEncryption as DataCatalogEncryption
    from glueforge.catalog.formats import TableFormat as TableFormat
    from glueforge.catalog.iceberg import IcebergField as IcebergField
    from glueforge.catalog.iceberg import IcebergList as IcebergList
    from glueforge.catalog.iceberg import IcebergMap as IcebergMap
    from glueforge.catalog.iceberg import IcebergPartitionField as IcebergPartitionField
    from glueforge.catalog.iceberg import IcebergSortDirection as IcebergSortDirection
    from glueforge.catalog.iceberg import IcebergSortField as IcebergSortField
    from glueforge.catalog.iceberg import IcebergStruct as IcebergStruct
    from glueforge.catalog.iceberg import IcebergTable as IcebergTable
    from glueforge.catalog.iceberg import IcebergTransform as IcebergTransform
    from glueforge.catalog.iceberg import IcebergType as IcebergType
    from glueforge.catalog.iceberg import IIcebergTable as IIcebergTable
    from glueforge.catalog.lake_formation import (
        LakeFormationPermissions as LakeFormationPermissions,
    )
    from glueforge.catalog.lake_formation import LfPermission as LfPermission
    from glueforge.catalog.lake_formation import use_lake_formation as use_lake_formation
    from glueforge.catalog.lake_formation_resources import DataLakeLocation as DataLakeLocation
    from glueforge.catalog.lake_formation_resources import ILfTag as ILfTag
    from glueforge.catalog.lake_formation_resources import LfTag as LfTag
    from glueforge.catalog.lake_formation_resources import LfTagAssociation as LfTagAssociation
    from glueforge.catalog.lake_formation_targets import LfResource as LfResource
    from glueforge.catalog.lake_formation_targets import LfTagResourceType as LfTagResourceType
    from glueforge.catalog.optimizer import CompactionStrategy as CompactionStrategy
    from glueforge.catalog.optimizer import OptimizerKind as OptimizerKind
    from glueforge.catalog.optimizer import TableOptimizer as TableOptimizer
    from glueforge.catalog.projection import DateProjection as DateProjection
    from glueforge.catalog.projection import EnumProjection as EnumProjection
    from glueforge.catalog.projection import InjectedProjection as InjectedProjection
    from glueforge.catalog.projection import IntegerProjection as IntegerProjection
    from glueforge.catalog.table import ITable as ITable
    from glueforge.catalog.table import Table as Table
    from glueforge.checks.enable import enable_checks as enable_checks
    from glueforge.checks.synth import synthesize as synthesize
    from glueforge.connections.base import IConnection as IConnection
    from glueforge.connections.dynamodb_export import DynamoDBExport as DynamoDBExport
    from glueforge.connections.engines import JdbcEngine as JdbcEngine
    from glueforge.connections.jdbc import IJdbcConnection as IJdbcConnection
    from glueforge.connections.jdbc import JdbcConnection as JdbcConnection
    from glueforge.connections.native import MongoDbConnection as MongoDbConnection
    from glueforge.connections.native import SalesforceConnection as SalesforceConnection
    from glueforge.core.errors import GlueforgeValidationError as GlueforgeValidationError
    from glueforge.core.locations import S3Location as S3Location
    from glueforge.core.vocabulary import CrawlerState as CrawlerState
    from glueforge.core.vocabulary import GlueVersion as GlueVersion
    from glueforge.core.vocabulary import JobState as JobState
    from glueforge.core.vocabulary import Language as Language
    from glueforge.core.vocabulary import LibrarySet as LibrarySet
    from glueforge.core.vocabulary import PythonVersion as PythonVersion
    from glueforge.core.vocabulary import ReadMode as ReadMode
    from glueforge.core.vocabulary import StartingOffsets as StartingOffsets
    from glueforge.core.vocabulary import StartingPosition as StartingPosition
    from glueforge.core.vocabulary import WorkerType as WorkerType
    from glueforge.crawlers.classifiers import CsvClassifier as CsvClassifier
    from glueforge.crawlers.classifiers import CsvCustomType as CsvCustomType
    from glueforge.crawlers.classifiers import CsvHeader as CsvHeader
    from glueforge.crawlers.classifiers import GrokClassifier as GrokClassifier
    from glueforge.crawlers.classifiers import IClassifier as IClassifier
    from glueforge.crawlers.classifiers import JsonClassifier as JsonClassifier
    from glueforge.crawlers.classifiers import XmlClassifier as XmlClassifier
    from glueforge.crawlers.crawler import Crawler as Crawler
    from glueforge.crawlers.crawler import ICrawler as ICrawler
    from glueforge.crawlers.options import CrawlerOutput as CrawlerOutput
    from glueforge.crawlers.options import DeleteBehavior as DeleteBehavior
    from glueforge.crawlers.options import RecrawlBehavior as RecrawlBehavior
    from glueforge.crawlers.options import UpdateBehavior as UpdateBehavior
    from glueforge.crawlers.targets import CrawlerTarget as CrawlerTarget
    from glueforge.iam.suppressions import acknowledge as acknowledge
    from glueforge.jobs.base import IJob as IJob
    from glueforge.jobs.etl_job import EtlJob as EtlJob
    from glueforge.jobs.python_shell_job import PythonShellJob as PythonShellJob
    from glueforge.jobs.spark_options import SparkUiOptions as SparkUiOptions
    from glueforge.jobs.specs.iceberg import IcebergSink as IcebergSink
    from glueforge.jobs.specs.iceberg import IcebergSource as IcebergSource
    from glueforge.jobs.specs.quality import DataQualityFailureAction as DataQualityFailureAction
    from glueforge.jobs.specs.quality import EvaluateDataQuality as EvaluateDataQuality
    from glueforge.jobs.specs.sinks import CatalogSink as CatalogSink
    from glueforge.jobs.specs.sinks import JdbcSink as JdbcSink
    from glueforge.jobs.specs.sinks import S3Sink as S3Sink
    from glueforge.jobs.specs.sources import CatalogSource as CatalogSource
    from glueforge.jobs.specs.sources import DynamoDBExportSource as DynamoDBExportSource
    from glueforge.jobs.specs.sources import JdbcSource as JdbcSource
    from glueforge.jobs.specs.sources import S3Source as S3Source
    from glueforge.jobs.specs.streaming import KafkaSource as KafkaSource
    from glueforge.jobs.specs.streaming import KinesisSource as KinesisSource
    from glueforge.jobs.specs.transforms import Aggregate as Aggregate
    from glueforge.jobs.specs.transforms import Dedupe as Dedupe
    from glueforge.jobs.specs.transforms import Filter as Filter
    from glueforge.jobs.specs.transforms import Join as Join
    from glueforge.jobs.specs.transforms import Mapping as Mapping
    from glueforge.jobs.specs.transforms import Relationalize as Relationalize
    from glueforge.jobs.specs.transforms import Sql as Sql
    from glueforge.jobs.streaming_job import StreamingJob as StreamingJob
    from glueforge.monitoring.alarms import CrawlerAlarms as CrawlerAlarms
    from glueforge.monitoring.alarms import JobAlarms as JobAlarms
    from glueforge.monitoring.metrics import MetricType as MetricType
    from glueforge.monitoring.metrics import ObservabilityGroup as ObservabilityGroup
    from glueforge.monitoring.topic import alarm_topic as alarm_topic
    from glueforge.pipelines.base import IPipeline as IPipeline
    from glueforge.pipelines.pipeline import Pipeline as Pipeline
    from glueforge.pipelines.triggers import Condition as Condition
    from glueforge.pipelines.triggers import StartTrigger as StartTrigger
    from glueforge.quality.builder import DqdlError as DqdlError
    from glueforge.quality.builder import DqdlRule as DqdlRule
    from glueforge.quality.builder import DqdlRuleset as DqdlRuleset
    from glueforge.quality.builder import DqdlThreshold as DqdlThreshold
    from glueforge.quality.builder import Rules as Rules
    from glueforge.quality.builder import all_of as all_of
    from glueforge.quality.builder import any_of as any_of
    from glueforge.quality.parser import parse_ruleset as parse_ruleset
    from glueforge.quality.ruleset import DataQualityRuleset as DataQualityRuleset
    from glueforge.quality.ruleset import DataQualityRulesetBase as DataQualityRulesetBase
    from glueforge.quality.ruleset import IDataQualityRuleset as IDataQualityRuleset
    from glueforge.security.buckets import AccessLogsBucket as AccessLogsBucket
    from glueforge.security.buckets import SecureBucket as SecureBucket
    from glueforge.security.logs import EncryptedLogGroup as EncryptedLogGroup


def __getattr__(name: str) -> Any:
    if name in _NAMESPACES:
        return importlib.import_module(f"{__name__}.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'glueforge' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
