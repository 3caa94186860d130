"""Bad input: every public construct answers bad props with a clear error.

Each bad value must raise GlueforgeValidationError (or TypeError for a wrong type) whose
message names the prop; never a raw jsii traceback, and never a silently wrong template.
"""

from __future__ import annotations

import re

import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_glue as glue
from aws_cdk import aws_s3 as s3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glueforge import (
    CatalogDatabase,
    Crawler,
    CrawlerTarget,
    CsvClassifier,
    DynamoDBExport,
    GlueforgeValidationError,
    JsonClassifier,
    Pipeline,
    StartTrigger,
)
from glueforge.core.limits import UNSAFE_NAME_CHARACTERS
from glueforge.jobs.etl_job import EtlJob
from glueforge.jobs.specs import S3Sink, S3Source

LONG = "x" * 256
UNICODE_CONTROL = "job\nname"
FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,  # no .hypothesis folder in the checkout
    # A shared 2-core machine can make any example slow: that is not a bug in the props.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _stack():
    return Stack(App(), "Fuzz")


def _bucket(stack):
    return s3.Bucket(stack, f"B{len(stack.node.children)}", enforce_ssl=True)


def _steps(bucket):
    return [
        S3Source("raw", bucket=bucket, prefix="in/"),
        S3Sink("out", input="raw", bucket=bucket, prefix="out/"),
    ]


def _job(**props):
    stack = _stack()
    return EtlJob(stack, "Job", specs=_steps(_bucket(stack)), **props)


def _crawler(**props):
    stack = _stack()
    database = glue.Database(stack, "Db", database_name="db")
    values = {"database": database, "targets": [CrawlerTarget.s3(_bucket(stack), "in/")]}
    return Crawler(stack, "Crawler", **(values | props))


def _database(**props):
    stack = _stack()
    return CatalogDatabase(stack, "Zone", bucket=_bucket(stack), **props)


def _pipeline(schedule="cron(0 2 * * ? *)", **props):
    stack = _stack()
    job = EtlJob(stack, "Job", specs=_steps(_bucket(stack)))
    pipeline = Pipeline(stack, "P", **props)
    pipeline.add_trigger("Start", StartTrigger.schedule(schedule), run=[job])
    stack.node.root.synth()
    return pipeline


def _rejects(build, prop, value):
    with pytest.raises((GlueforgeValidationError, TypeError)) as error:
        build(**{prop: value})
    message = str(error.value)
    assert "jsii" not in message.lower() and "Traceback" not in message, message
    if isinstance(error.value, GlueforgeValidationError):
        assert error.value.path.startswith("Fuzz")
    assert prop.split("_")[0] in message or prop in message, (prop, message)
    return message


BAD_JOB_PROPS = [
    ("job_name", ""),
    ("job_name", LONG),
    ("job_name", UNICODE_CONTROL),
    ("job_name", 42),
    ("job_name", "orders*"),
    ("job_name", "orders(v2)"),
    ("worker_type", "G.3X"),
    ("worker_type", ""),
    ("worker_type", None),
    ("glue_version", "9.9"),
    ("glue_version", 5.0),
    ("number_of_workers", 0),
    ("number_of_workers", -3),
    ("number_of_workers", 10**6),
    ("number_of_workers", "2"),
    ("number_of_workers", 2.5),
    ("timeout", Duration.days(8)),
    ("timeout", 60),
    ("max_retries", -1),
    ("max_retries", 11),
    ("max_retries", "0"),
    ("max_concurrent_runs", 0),
    ("max_concurrent_runs", None),
    ("description", LONG * 9),
    ("description", 7),
    ("language", "java"),
    ("default_arguments", {"no-dashes": "x"}),
    ("default_arguments", {"--TempDir": "s3://x"}),
    ("default_arguments", "--a=b"),
    ("additional_python_modules", ["pyarrow"]),
    ("additional_python_modules", "pyarrow==17.0.0"),
    ("typical_duration", Duration.hours(5)),
    ("typical_duration", 10),
    ("max_cost_per_run", -1),
    ("max_cost_per_run", "1"),
    ("monthly_budget", 0),
    ("encryption", "no"),
    ("security_configuration", "my-config"),
    ("flex", "yes"),
    ("auto_scaling", 1),
    ("template", "does-not-exist.py.j2"),
    ("specs", []),
    ("specs", "S3Source"),
]


BAD_CRAWLER_PROPS = [
    ("crawler_name", ""),
    ("crawler_name", LONG),
    ("crawler_name", "bad\nname"),
    ("crawler_name", 3),
    ("description", "d" * 2049),
    ("schedule", "every day"),
    ("schedule", "cron(0 2 * * * *)"),
    ("schedule", "cron(61 2 * * ? *)"),
    ("schedule", "cron(0/1 * * * ? *)"),
    ("schedule", "cron(0 2 ? * MON#6 *)"),
    ("schedule", ""),
    ("schedule", 5),
    ("table_prefix", "p" * 129),
    ("targets", []),
    ("targets", "s3://bucket/prefix"),
    ("typical_duration", Duration.seconds(0)),
    ("encryption", None),
]


BAD_DATABASE_PROPS = [
    ("database_name", ""),
    ("database_name", "Upper"),
    ("database_name", "naïve"),
    ("database_name", LONG),
    ("database_name", 1),
    ("schedule", "cron(0 2 * *)"),
    ("crawler_name", ""),
]


BAD_PIPELINE_PROPS = [
    ("workflow_name", ""),
    ("workflow_name", LONG),
    ("max_concurrent_runs", 0),
    ("max_concurrent_runs", "1"),
    ("default_run_properties", {"": "x"}),
    ("monthly_budget", -5),
    ("expected_runs_per_month", -1),
    ("expected_runs_per_month", "10"),
    ("schedule", "rate(1 day)"),
    ("schedule", "cron(0 2 * * * *)"),
]


def _json_classifier(**props):
    return JsonClassifier(_stack(), "Json", **({"json_path": "$[*]"} | props))


def _csv_classifier(**props):
    return CsvClassifier(_stack(), "Csv", **props)


def _export(**props):
    stack = _stack()
    table = dynamodb.Table(
        stack, "T", partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING)
    )
    return DynamoDBExport(stack, "Export", **({"table": table} | props))


BAD_OTHER_PROPS = [
    (_json_classifier, "json_path", ""),
    (_json_classifier, "json_path", 5),
    (_json_classifier, "classifier_name", ""),
    (_json_classifier, "classifier_name", "a\nb"),
    (_json_classifier, "classifier_name", LONG),
    (_json_classifier, "classifier_name", 3),
    (_csv_classifier, "delimiter", ""),
    (_csv_classifier, "delimiter", 5),
    (_csv_classifier, "column_names", "a,b"),
    (_export, "table", "orders"),
    (_export, "sts_role_arn", "not-an-arn"),
    (_export, "sts_role_arn", "arn:aws:s3:::bucket"),
    (_export, "prefix", 5),
    (_export, "prefix", ""),
    (_export, "export_retention", 5),
    (_export, "bucket_owner", "abc"),
]

CASES = [
    *((_job, prop, value) for prop, value in BAD_JOB_PROPS),
    *((_crawler, prop, value) for prop, value in BAD_CRAWLER_PROPS),
    *((_database, prop, value) for prop, value in BAD_DATABASE_PROPS),
    *((_pipeline, prop, value) for prop, value in BAD_PIPELINE_PROPS),
    *BAD_OTHER_PROPS,
]


@pytest.mark.parametrize(
    ("build", "prop", "value"),
    CASES,
    ids=[f"{build.__name__[1:]}:{prop}={value!r}"[:50] for build, prop, value in CASES],
)
def test_bad_prop_is_refused_clearly(build, prop, value):
    _rejects(build, prop, value)


@pytest.mark.parametrize(
    "arn",
    ["", "not-an-arn", "arn:aws:glue:us-east-1:123456789012:crawler/x", "arn:aws:s3:::bucket", 5],
)
def test_from_job_arn_rejects_bad_arns(arn):
    with pytest.raises((GlueforgeValidationError, TypeError)) as error:
        EtlJob.from_job_arn(_stack(), "Imported", arn)
    assert "job_arn" in str(error.value)


# ---- property-based: any text name is either refused clearly or synthesized as given ----

# Glue's name pattern, less the tab it allows: printable characters, astral ones included.
# Glue's name pattern, less the tab it allows (printable characters, astral ones included),
# less what glueforge refuses because names go into IAM resources and nag ids.
GLUE_NAME = re.compile(r"^[\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]{1,255}$")


def _valid_name(name):
    return bool(GLUE_NAME.fullmatch(name)) and not set(name) & set(UNSAFE_NAME_CHARACTERS)


@pytest.mark.parametrize(("build", "prop"), [(_job, "job_name"), (_crawler, "crawler_name")])
@FUZZ
@given(name=st.text(max_size=300))
def test_any_name_is_refused_or_kept_verbatim(build, prop, name):
    try:
        built = build(**{prop: name})
    except GlueforgeValidationError as error:
        assert prop in str(error)
        assert not _valid_name(name)
        return
    assert _valid_name(name), f"accepted {name!r}, which Glue refuses"
    assert built.resource.name == name


@FUZZ
@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_any_worker_count_is_refused_or_in_range(workers):
    try:
        job = _job(number_of_workers=workers)
    except GlueforgeValidationError as error:
        assert "number_of_workers" in str(error)
        assert not 2 <= workers <= 299
        return
    assert 2 <= workers <= 299 and job.number_of_workers == workers


@FUZZ
@given(st.text(max_size=60))
def test_any_schedule_text_is_refused_or_counts_runs(text):
    from glueforge.core.cron import cron_problems, runs_in_month

    expression = f"cron({text})"
    if cron_problems(expression):
        with pytest.raises(GlueforgeValidationError, match="schedule"):
            _crawler(schedule=expression)
    else:
        # What the cron check accepts, the crawler accepts too, and the cost model counts.
        assert _crawler(schedule=expression) is not None
        assert 0 <= runs_in_month(expression, 2027, 1) <= 31 * 24 * 12
