"""Job metrics: namespace, dimensions and statistic, as the AWS pages give them.

- Glue metrics: namespace ``Glue``, dimensions ``JobName``, ``JobRunId`` (``ALL`` for all
  runs) and ``Type`` (``count``/``gauge``); names from the table of
  https://docs.aws.amazon.com/glue/latest/dg/monitoring-awsglue-with-cloudwatch-metrics.html
  (count metrics are read with ``Sum``).
- Rule metrics: ``AWS/Events`` ``TriggeredRules`` with ``RuleName``
  (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html), ``Sum``,
  on a rule with aws-cdk-lib's id (``FailureMetricRule``, job.ts).
- Observability metrics add ``ObservabilityGroup``
  (https://docs.aws.amazon.com/glue/latest/dg/monitor-observability.html).
"""

from __future__ import annotations

import pytest
from aws_cdk import Duration, Stack

from glueforge import GlueforgeValidationError, MetricType
from glueforge.jobs.etl_job import EtlJob
from tests.monitoring.stacks import etl_job, only

ALL_RUNS = {"JobName": "orders", "JobRunId": "ALL"}


@pytest.mark.parametrize(
    ("method", "name", "type", "statistic"),
    [
        ("metric_elapsed_time", "glue.driver.aggregate.elapsedTime", "count", "Maximum"),
        ("metric_records_read", "glue.driver.aggregate.recordsRead", "count", "Sum"),
        ("metric_bytes_read", "glue.driver.aggregate.bytesRead", "count", "Sum"),
        ("metric_failed_tasks", "glue.driver.aggregate.numFailedTasks", "count", "Sum"),
        ("metric_completed_tasks", "glue.driver.aggregate.numCompletedTasks", "count", "Sum"),
        ("metric_killed_tasks", "glue.driver.aggregate.numKilledTasks", "count", "Sum"),
        (
            "metric_executors",
            "glue.driver.ExecutorAllocationManager.executors.numberAllExecutors",
            "gauge",
            "Average",
        ),
        (
            "metric_max_needed_executors",
            "glue.driver.ExecutorAllocationManager.executors.numberMaxNeededExecutors",
            "gauge",
            "Maximum",
        ),
        ("metric_heap_usage", "glue.ALL.jvm.heap.usage", "gauge", "Average"),
        ("metric_cpu_load", "glue.ALL.system.cpuSystemLoad", "gauge", "Average"),
        ("metric_s3_bytes_read", "glue.ALL.s3.filesystem.read_bytes", "gauge", "Sum"),
        ("metric_streaming_records", "glue.driver.streaming.numRecords", "count", "Sum"),
        (
            "metric_batch_processing_time",
            "glue.driver.streaming.batchProcessingTimeInMs",
            "count",
            "Average",
        ),
    ],
)
def test_glue_metrics(stack, method, name, type, statistic):
    metric = getattr(etl_job(stack), method)()
    assert metric.namespace == "Glue"
    assert metric.metric_name == name
    assert metric.dimensions == {**ALL_RUNS, "Type": type}
    assert metric.statistic == statistic
    assert metric.period.to_seconds() == 300  # aws-cdk-lib's default period


def test_props_reach_the_metric(stack):
    metric = etl_job(stack).metric_records_read(period=Duration.minutes(1), statistic="Maximum")
    assert metric.period.to_seconds() == 60
    assert metric.statistic == "Maximum"


def test_any_metric_by_name_and_a_per_executor_metric(stack):
    job = etl_job(stack)
    metric = job.metric("glue.driver.aggregate.shuffleLocalBytesRead", MetricType.COUNT)
    assert metric.dimensions == {**ALL_RUNS, "Type": "count"}
    assert metric.statistic == "Average"  # aws-cdk-lib's Metric default
    assert job.metric_heap_usage("driver").metric_name == "glue.driver.jvm.heap.usage"


def test_observability_metrics_carry_their_group(stack):
    metric = etl_job(stack).metric_worker_utilization()
    assert metric.metric_name == "glue.driver.workerUtilization"
    assert metric.dimensions == {
        **ALL_RUNS,
        "Type": "gauge",
        "ObservabilityGroup": "resource_utilization",
    }


def test_a_bad_type_or_executor_is_refused_naming_the_job(stack):
    job = etl_job(stack)
    with pytest.raises(GlueforgeValidationError) as error:
        job.metric("glue.driver.aggregate.bytesRead", "sum")
    assert str(error.value) == "Test/Job: type 'sum' is not one of ['count', 'gauge']"
    with pytest.raises(GlueforgeValidationError, match=r"^Test/Job: executor must be .*'a.b'"):
        job.metric_cpu_load("a.b")


@pytest.mark.parametrize(
    ("method", "state", "rule_id"),
    [
        ("metric_success", "SUCCEEDED", "SuccessMetricRule"),
        ("metric_failure", "FAILED", "FailureMetricRule"),
        ("metric_timeout", "TIMEOUT", "TimeoutMetricRule"),
    ],
)
def test_outcome_metrics_count_a_rule_made_once(stack, synth, method, state, rule_id):
    job = etl_job(stack)
    first = getattr(job, method)()
    getattr(job, method)(period=Duration.hours(1))  # the same rule again
    assert first.namespace == "AWS/Events"
    assert first.metric_name == "TriggeredRules"
    assert first.statistic == "Sum"
    rule = job.node.find_child(rule_id)
    assert first.dimensions == {"RuleName": rule.rule_name}
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    props = only(template, "AWS::Events::Rule")
    assert props["EventPattern"]["detail"] == {"jobName": ["orders"], "state": [state]}


def test_an_imported_job_has_the_same_metrics():
    stack = Stack()
    job = EtlJob.from_job_arn(stack, "Imported", "arn:aws:glue:eu-west-1:111122223333:job/x")
    dimensions = job.metric_bytes_read().dimensions
    assert dimensions == {"JobName": "x", "JobRunId": "ALL", "Type": "count"}
