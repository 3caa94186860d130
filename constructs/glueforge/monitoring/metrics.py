"""The CloudWatch metrics of Glue jobs and of EventBridge rules.

Glue job metrics ("Monitoring AWS Glue using Amazon CloudWatch metrics",
https://docs.aws.amazon.com/glue/latest/dg/monitoring-awsglue-with-cloudwatch-metrics.html):
namespace ``Glue``, dimensions ``JobName``, ``JobRunId`` (a run id, or ``ALL`` for every
run) and ``Type`` (``count`` for aggregates, ``gauge`` for point-in-time values), names
prefixed ``glue.driver.``, ``glue.<executorId>.`` or ``glue.ALL.``. Glue reports them every
30 seconds, as deltas from the last report for counts. They exist only for Spark jobs run
with ``--enable-metrics`` (a GlueContext publishes them); Python shell jobs have none.

Observability metrics (``--enable-observability-metrics``, Glue 4.0 and later,
https://docs.aws.amazon.com/glue/latest/dg/monitor-observability.html) carry one more
dimension, ``ObservabilityGroup``.

A rule's metric: ``AWS/Events`` ``TriggeredRules`` with the ``RuleName`` dimension, the
number of times the rule matched an event ("Monitoring Amazon EventBridge",
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html). aws-cdk-lib
counts job successes, failures and timeouts with it (``JobBase.metricRule`` in
``aws-glue/lib/jobs/job.ts``), with the ``Sum`` statistic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_events as events

from glueforge.core.vocabulary import GlueWord

GLUE_NAMESPACE = "Glue"
EVENTS_NAMESPACE = "AWS/Events"
#: the namespace Glue Data Quality publishes its rule outcomes in
#: (``glue.data.quality.rules.passed``/``failed``, dimension ``EvaluationContext``):
#: https://docs.aws.amazon.com/glue/latest/dg/data-quality-alerts.html
DATA_QUALITY_METRICS_NAMESPACE = "Glue Data Quality"
TRIGGERED_RULES = "TriggeredRules"
ALL_RUNS = "ALL"


class MetricType(GlueWord):
    """The ``Type`` dimension of a Glue job metric (aws-cdk-lib's ``MetricType``)."""

    #: An aggregate over the run so far, reported as deltas: read with ``Sum``.
    COUNT = "count"
    #: A value at a point in time: read with ``Average`` or ``Maximum``.
    GAUGE = "gauge"


class ObservabilityGroup(GlueWord):
    """The ``ObservabilityGroup`` dimension of a Glue observability metric.

    The groups the observability page describes, as dashboards built on them spell the
    dimension (the error-class group's spelling is not confirmed: pass it as a string).
    """

    RESOURCE_UTILIZATION = "resource_utilization"
    JOB_PERFORMANCE = "job_performance"
    THROUGHPUT = "throughput"


# ---- metric names, from the metrics page ------------------------------------------------

ELAPSED_TIME = "glue.driver.aggregate.elapsedTime"
RECORDS_READ = "glue.driver.aggregate.recordsRead"
BYTES_READ = "glue.driver.aggregate.bytesRead"
COMPLETED_STAGES = "glue.driver.aggregate.numCompletedStages"
COMPLETED_TASKS = "glue.driver.aggregate.numCompletedTasks"
FAILED_TASKS = "glue.driver.aggregate.numFailedTasks"
KILLED_TASKS = "glue.driver.aggregate.numKilledTasks"
SHUFFLE_BYTES_WRITTEN = "glue.driver.aggregate.shuffleBytesWritten"
ALL_EXECUTORS = "glue.driver.ExecutorAllocationManager.executors.numberAllExecutors"
MAX_NEEDED_EXECUTORS = "glue.driver.ExecutorAllocationManager.executors.numberMaxNeededExecutors"
DISK_SPACE_USED = "glue.driver.BlockManager.disk.diskSpaceUsed_MB"
# Per executor: glue.<driver|executor id|ALL>.<name>.
HEAP_USAGE = "jvm.heap.usage"
CPU_LOAD = "system.cpuSystemLoad"
S3_BYTES_READ = "s3.filesystem.read_bytes"
S3_BYTES_WRITTEN = "s3.filesystem.write_bytes"
# Streaming jobs: updated by each micro-batch (forEachBatch, aws-glue-libs context.py).
STREAMING_RECORDS = "glue.driver.streaming.numRecords"
BATCH_PROCESSING_TIME = "glue.driver.streaming.batchProcessingTimeInMs"
# Observability (resource_utilization group): the share of workers in use, 0 to 1.
WORKER_UTILIZATION = "glue.driver.workerUtilization"


def glue_job_metric(
    job_name: str,
    metric_name: str,
    type: MetricType | str,
    *,
    dimensions_map: Mapping[str, str] | None = None,
    **props: Any,
) -> cloudwatch.Metric:
    """A ``Glue`` metric of every run of ``job_name``, as aws-cdk-lib's ``JobBase.metric``.

    :param dimensions_map: more dimensions, e.g. ``{"ObservabilityGroup": ...}``; they
        cannot replace ``JobName``, ``JobRunId`` or ``Type``. Default: none.
    :param props: any other ``cloudwatch.Metric`` prop (``statistic``, ``period``,
        ``label``, ``unit``, ...). Default: aws-cdk-lib's (``Average`` over 5 minutes).
    """
    dimensions = {"JobName": job_name, "JobRunId": ALL_RUNS, "Type": str(MetricType(type))}
    for name, value in (dimensions_map or {}).items():
        dimensions.setdefault(name, value)
    return cloudwatch.Metric(
        namespace=GLUE_NAMESPACE, metric_name=metric_name, dimensions_map=dimensions, **props
    )


def rule_metric(rule: events.IRule, **props: Any) -> cloudwatch.Metric:
    """How many times ``rule`` matched an event: ``AWS/Events`` ``TriggeredRules``, ``Sum``."""
    props.setdefault("statistic", cloudwatch.Stats.SUM)
    return cloudwatch.Metric(
        namespace=EVENTS_NAMESPACE,
        metric_name=TRIGGERED_RULES,
        dimensions_map={"RuleName": rule.rule_name},
        **props,
    )
