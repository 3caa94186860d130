"""Run queuing, observability metrics and the Spark UI on EtlJob and StreamingJob.

Expected CloudFormation by hand from:
- JobRunQueuingEnabled: AWS::Glue::Job (cfn-lint 1.58 schema); Glue API Job: "If false or
  not populated, the job runs will not be considered for queueing"; aws-cdk-lib job props:
  "This property must be set to false for flex jobs. If this property is enabled,
  maxRetries must be set to zero."
- ``--enable-observability-metrics``, ``--enable-spark-ui``, ``--spark-event-logs-path``:
  https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html
- MaintenanceWindow is for streaming jobs only (Glue API Job.MaintenanceWindow).
"""

import pytest
from aws_cdk import aws_kinesis as kinesis
from aws_cdk.assertions import Template

from glueforge import (
    EtlJob,
    GlueforgeValidationError,
    KinesisSource,
    S3Sink,
    S3Source,
    SecureBucket,
    SparkUiOptions,
    StreamingJob,
)
from tests.helpers.iam import logical_id, policy_statements


@pytest.fixture
def lake(stack):
    return stack, SecureBucket(stack, "Raw"), SecureBucket(stack, "Curated")


def _specs(raw, curated):
    return [
        S3Source("orders", bucket=raw, prefix="orders/"),
        S3Sink("curated", input="orders", bucket=curated, prefix="orders/"),
    ]


def _props(stack, prefix="Job"):
    template = Template.from_stack(stack).to_json()
    return template, template["Resources"][logical_id(template, "AWS::Glue::Job", prefix)][
        "Properties"
    ]


def _s3(bucket_id, key):
    return {"Fn::Join": ["", ["s3://", {"Ref": bucket_id}, key]]}


def test_all_three_are_off_and_absent_by_default(lake):
    stack, raw, curated = lake
    EtlJob(stack, "Job", specs=_specs(raw, curated))
    _, props = _props(stack)
    assert "JobRunQueuingEnabled" not in props
    for name in ("--enable-observability-metrics", "--enable-spark-ui", "--spark-event-logs-path"):
        assert name not in props["DefaultArguments"]


def test_run_queuing_and_observability_metrics(lake):
    stack, raw, curated = lake
    EtlJob(
        stack,
        "Job",
        specs=_specs(raw, curated),
        job_run_queuing=True,
        observability_metrics=True,
    )
    _, props = _props(stack)
    assert props["JobRunQueuingEnabled"] is True
    assert props["MaxRetries"] == 0
    assert props["DefaultArguments"]["--enable-observability-metrics"] == "true"


def test_run_queuing_is_refused_with_flex_and_with_retries(lake):
    stack, raw, curated = lake
    with pytest.raises(GlueforgeValidationError) as error:
        EtlJob(
            stack,
            "Job",
            specs=_specs(raw, curated),
            job_run_queuing=True,
            flex=True,
            max_retries=2,
        )
    message = str(error.value)
    assert message.startswith("Test/Job")
    assert "job_run_queuing=True cannot be used with flex=True" in message
    assert "job_run_queuing=True needs max_retries=0, got 2" in message


def test_spark_ui_in_the_jobs_temporary_prefix(lake):
    stack, raw, curated = lake
    EtlJob(stack, "Job", job_name="orders", specs=_specs(raw, curated), spark_ui=True)
    template, props = _props(stack)
    temp = logical_id(template, "AWS::S3::Bucket", "GlueforgeTemp")
    assert props["DefaultArguments"]["--enable-spark-ui"] == "true"
    assert props["DefaultArguments"]["--spark-event-logs-path"] == _s3(temp, "/orders/spark-ui/")
    # Inside the job's temporary prefix, already read/write: no statement of its own.
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "JobRole"))
    assert not [s for s in statements if "spark-ui" in str(s["Resource"])]
    # The temporary bucket is SSE-KMS: the role may use its key (the temp prefix grant).
    temp_key = logical_id(template, "AWS::KMS::Key", "GlueforgeTempKey")
    assert {
        "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
        "Effect": "Allow",
        "Resource": {"Fn::GetAtt": [temp_key, "Arn"]},
    } in statements


def test_spark_ui_elsewhere_is_granted_exactly_its_prefix(lake):
    stack, raw, curated = lake
    logs = SecureBucket(stack, "SparkLogs")
    EtlJob(
        stack,
        "Job",
        specs=_specs(raw, curated),
        spark_ui=SparkUiOptions(bucket=logs, prefix="events/orders/"),
    )
    template, props = _props(stack)
    logs_id = logical_id(template, "AWS::S3::Bucket", "SparkLogs")
    assert props["DefaultArguments"]["--spark-event-logs-path"] == _s3(logs_id, "/events/orders/")
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "JobRole"))
    assert {
        "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
        "Effect": "Allow",
        "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": [logs_id, "Arn"]}, "/events/orders/*"]]},
    } in statements


@pytest.mark.parametrize(
    "prefix, words",
    [
        ("events", "spark_ui prefix 'events' must end with '/'"),
        ("/events/", "must not start with '/'"),
        ("ev*/", "spark_ui prefix"),
    ],
)
def test_a_bad_spark_ui_prefix_is_refused(lake, prefix, words):
    stack, raw, curated = lake
    with pytest.raises(GlueforgeValidationError) as error:
        EtlJob(stack, "Job", specs=_specs(raw, curated), spark_ui=SparkUiOptions(prefix=prefix))
    assert str(error.value).startswith("Test/Job")
    assert words in str(error.value)


@pytest.mark.parametrize(
    "name", ["--enable-observability-metrics", "--enable-spark-ui", "--spark-event-logs-path"]
)
def test_their_arguments_are_set_through_the_props_only(lake, name):
    stack, raw, curated = lake
    with pytest.raises(GlueforgeValidationError, match="use the matching prop"):
        EtlJob(stack, "Job", specs=_specs(raw, curated), default_arguments={name: "true"})


def test_a_maintenance_window_is_for_streaming_jobs_only(lake):
    stack, raw, curated = lake
    with pytest.raises(TypeError, match="maintenance_window"):
        EtlJob(stack, "Job", specs=_specs(raw, curated), maintenance_window="Sun:10")


def test_the_options_on_a_streaming_job(lake):
    stack, _, curated = lake
    stream = kinesis.Stream(stack, "Clicks")
    StreamingJob(
        stack,
        "Job",
        job_name="clicks",
        specs=[
            KinesisSource("clicks", stream=stream),
            S3Sink("curated", input="clicks", bucket=curated),
        ],
        job_run_queuing=True,
        observability_metrics=True,
        spark_ui=True,
    )
    template, props = _props(stack)
    temp = logical_id(template, "AWS::S3::Bucket", "GlueforgeTemp")
    assert props["JobRunQueuingEnabled"] is True
    arguments = props["DefaultArguments"]
    assert arguments["--enable-observability-metrics"] == "true"
    assert arguments["--enable-spark-ui"] == "true"
    assert arguments["--spark-event-logs-path"] == _s3(temp, "/clicks/spark-ui/")


def test_run_queuing_with_retries_is_refused_on_a_streaming_job(lake):
    stack, _, curated = lake
    stream = kinesis.Stream(stack, "Clicks")
    with pytest.raises(GlueforgeValidationError, match="needs max_retries=0, got 1"):
        StreamingJob(
            stack,
            "Job",
            specs=[
                KinesisSource("clicks", stream=stream),
                S3Sink("curated", input="clicks", bucket=curated),
            ],
            job_run_queuing=True,
            max_retries=1,
        )
