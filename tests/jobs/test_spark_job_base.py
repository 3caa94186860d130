"""EtlJob and StreamingJob: two kinds of Spark job on one base, neither the other.

Command names written by hand from the Glue API, JobCommand.Name: "For an Apache Spark
ETL job, this must be glueetl. [...] For an Apache Spark streaming ETL job, this must be
gluestreaming." https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-jobs-job.html
"""

import dataclasses
import inspect

import pytest
from aws_cdk import aws_kinesis as kinesis

import glueforge
from glueforge import EtlJob, KinesisSource, S3Sink, S3Source, SecureBucket, StreamingJob
from glueforge.core.vocabulary import JobCommand
from glueforge.jobs import etl_job, streaming_job
from glueforge.jobs.base import JobBase
from glueforge.jobs.spark_job import SparkJobBase

# What each kind of Spark job decides for itself (SparkJobBase's hooks).
HOOKS = (
    "_job_spec",
    "_kind_problems",
    "_template",
    "_job_timeout",
    "_maintenance_window",
    "_run_cost",
)


@pytest.fixture
def jobs(stack):
    lake = SecureBucket(stack, "Lake")
    stream = kinesis.Stream(stack, "ClickStream", stream_name="clicks")
    batch = EtlJob(
        stack,
        "Orders",
        specs=[
            S3Source("orders", bucket=lake, prefix="raw/"),
            S3Sink("curated", input="orders", bucket=lake, prefix="curated/"),
        ],
    )
    streaming = StreamingJob(
        stack,
        "Clicks",
        specs=[
            KinesisSource("clicks", stream=stream),
            S3Sink("curated", input="clicks", bucket=lake, prefix="clicks/"),
        ],
    )
    return batch, streaming


def test_a_streaming_job_is_no_etl_job_and_both_are_spark_jobs(jobs):
    batch, streaming = jobs
    assert not isinstance(streaming, EtlJob)
    assert not isinstance(batch, StreamingJob)
    for job in jobs:
        assert isinstance(job, SparkJobBase)
        assert isinstance(job, JobBase)


def test_neither_kind_subclasses_the_other():
    assert not issubclass(StreamingJob, EtlJob)
    assert not issubclass(EtlJob, StreamingJob)
    assert EtlJob.__bases__ == (SparkJobBase,)
    assert StreamingJob.__bases__ == (SparkJobBase,)


def test_command_names_come_from_the_vocabulary(jobs):
    batch, streaming = jobs
    assert batch.command_name is JobCommand.SPARK
    assert streaming.command_name is JobCommand.STREAMING
    # A plain string reaches the template (passed across jsii as the member's value).
    assert batch.resource.command.name == "glueetl"
    assert streaming.resource.command.name == "gluestreaming"
    assert (batch.streaming, streaming.streaming) == (False, True)


@pytest.mark.parametrize("kind", [EtlJob, StreamingJob])
@pytest.mark.parametrize("hook", HOOKS)
def test_each_kind_decides_every_hook_itself(kind, hook):
    assert getattr(kind, hook) is not getattr(SparkJobBase, hook)


def test_the_base_leaves_each_hook_to_the_kinds():
    base = object.__new__(SparkJobBase)
    for hook in HOOKS:
        with pytest.raises(NotImplementedError):
            getattr(base, hook)(None)


@pytest.mark.parametrize(
    ("kind", "props"),
    [(EtlJob, etl_job._Props), (StreamingJob, streaming_job._StreamingProps)],
)
def test_every_prop_reaches_the_constructor_steps(kind, props):
    given = [
        p.name
        for p in inspect.signature(kind.__init__).parameters.values()
        if p.kind is p.KEYWORD_ONLY
    ]
    assert given == [f.name for f in dataclasses.fields(props)]


def test_what_a_streaming_job_has_no_say_in_is_fixed(jobs):
    _, streaming = jobs
    # No Flex class for streaming jobs, checkpoints rather than bookmarks, no timeout set.
    assert (streaming.flex, streaming.bookmarks, streaming.timeout) == (False, False, None)
    for prop in ("flex", "bookmarks", "typical_duration"):
        assert prop not in inspect.signature(StreamingJob.__init__).parameters


def test_the_base_is_not_exported():
    assert "SparkJobBase" not in glueforge.__all__
    assert "SparkJobBase" not in dir(glueforge)
