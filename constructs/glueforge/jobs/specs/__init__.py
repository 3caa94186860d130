"""Typed specs for a job's sources, transforms and sinks.

One list of specs drives three things, so they cannot drift apart: the rendered script
(each spec names its template macro and prepares a clean, static context for it), the
job's arguments (each deploy-time value, such as a bucket name, becomes a job argument the
script reads) and the job role's grants (each spec grants exactly what it touches).
"""

from glueforge.jobs.specs.base import JobSpec, Spec
from glueforge.jobs.specs.iceberg import IcebergSink, IcebergSource
from glueforge.jobs.specs.quality import DataQualityFailureAction, EvaluateDataQuality
from glueforge.jobs.specs.sinks import CatalogSink, JdbcSink, S3Sink
from glueforge.jobs.specs.sources import CatalogSource, DynamoDBExportSource, JdbcSource, S3Source
from glueforge.jobs.specs.streaming import KafkaSource, KinesisSource
from glueforge.jobs.specs.transforms import (
    Aggregate,
    Dedupe,
    Filter,
    Join,
    Mapping,
    Relationalize,
    Sql,
)

__all__ = [
    "Aggregate",
    "CatalogSink",
    "CatalogSource",
    "DataQualityFailureAction",
    "Dedupe",
    "DynamoDBExportSource",
    "EvaluateDataQuality",
    "Filter",
    "IcebergSink",
    "IcebergSource",
    "JdbcSink",
    "JdbcSource",
    "JobSpec",
    "Join",
    "KafkaSource",
    "KinesisSource",
    "Mapping",
    "Relationalize",
    "S3Sink",
    "S3Source",
    "Spec",
    "Sql",
]
