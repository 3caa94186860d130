"""StreamingJob: a gluestreaming job whose script, arguments and IAM come from one spec list.

Expected values are written by hand from AWS's pages:
- Command name ``gluestreaming``: Glue API JobCommand.Name ("For an Apache Spark
  streaming ETL job, this must be gluestreaming"),
  https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-jobs-job.html
- 100-second windows, checkpoints instead of bookmarks, hourly billing:
  https://docs.aws.amazon.com/glue/latest/dg/add-job-streaming.html
- forEachBatch's ``windowSize`` and ``checkpointLocation`` options and the Kinesis
  ``from_options`` call: aws-glue-libs awsglue/context.py and
  https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-kinesis-home.html
- MaintenanceWindow pattern: AWS::Glue::Job schema (cfn-lint 1.58) and the Glue API.
"""

import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_kms as kms
from aws_cdk.assertions import Template

from glueforge import (
    Dedupe,
    EtlJob,
    Filter,
    GlueforgeValidationError,
    Join,
    KinesisSource,
    Relationalize,
    S3Location,
    S3Sink,
    S3Source,
    SecureBucket,
    StreamingJob,
)
from glueforge.assembly.local_arguments import LocalS3Url
from glueforge.cost.model import estimate
from tests.conftest import assert_clean
from tests.helpers.iam import logical_id, policy_statements

PATH = "Test/Clicks"


@pytest.fixture
def parts(stack):
    key = kms.Key(stack, "StreamKey", enable_key_rotation=True)
    stream = kinesis.Stream(
        stack,
        "ClickStream",
        stream_name="clicks",
        encryption=kinesis.StreamEncryption.KMS,
        encryption_key=key,
    )
    return stack, stream, SecureBucket(stack, "Lake")


def _specs(stream, lake, *middle):
    return [
        KinesisSource("clicks", stream=stream),
        *middle,
        S3Sink(
            "curated", input=middle[-1].name if middle else "clicks", bucket=lake, prefix="clicks/"
        ),
    ]


def _job_props(template, prefix="Clicks"):
    return template["Resources"][logical_id(template, "AWS::Glue::Job", prefix)]["Properties"]


def _s3(bucket_id, key):
    return {"Fn::Join": ["", ["s3://", {"Ref": bucket_id}, key]]}


def test_exact_cloudformation_of_a_kinesis_streaming_job(parts, synth):
    stack, stream, lake = parts
    StreamingJob(stack, "Clicks", job_name="clicks", specs=_specs(stream, lake))
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    ids = {
        name: logical_id(template, "AWS::S3::Bucket", name)
        for name in ("Lake", "GlueforgeTemp", "GlueforgeState", "GlueforgeScripts")
    }
    stream_id = logical_id(template, "AWS::Kinesis::Stream", "ClickStream")
    props = _job_props(template)
    assert props["Command"] == {
        "Name": "gluestreaming",
        "PythonVersion": "3",
        "ScriptLocation": _s3(ids["GlueforgeScripts"], "/clicks/clicks.py"),
    }
    assert (props["GlueVersion"], props["WorkerType"], props["NumberOfWorkers"]) == (
        "5.0",
        "G.1X",
        2,
    )
    # A streaming job runs until stopped: no Timeout, no maintenance window unless asked,
    # no queuing, no Flex.
    for absent in ("Timeout", "MaintenanceWindow", "JobRunQueuingEnabled", "ExecutionClass"):
        assert absent not in props
    assert props["DefaultArguments"] == {
        "--job-language": "python",
        # checkpoints, not bookmarks, track what a streaming job read
        "--job-bookmark-option": "job-bookmark-disable",
        "--TempDir": _s3(ids["GlueforgeTemp"], "/clicks/"),
        "--enable-glue-datacatalog": "true",
        "--enable-auto-scaling": "true",
        "--enable-metrics": "true",
        "--enable-continuous-cloudwatch-log": "true",
        "--source_clicks_stream_arn": {"Fn::GetAtt": [stream_id, "Arn"]},
        "--sink_curated_path": _s3(ids["Lake"], "/clicks/"),
        # in the stack's state bucket, where nothing expires (the temp bucket's objects
        # expire after 7 days, and Spark writes a checkpoint's metadata once)
        "--sink_checkpoint_location": _s3(ids["GlueforgeState"], "/clicks/checkpoint/"),
    }


def test_role_reads_exactly_the_stream_and_decrypts_with_its_key(parts):
    stack, stream, lake = parts
    StreamingJob(stack, "Clicks", job_name="clicks", specs=_specs(stream, lake))
    template = Template.from_stack(stack).to_json()
    stream_id = logical_id(template, "AWS::Kinesis::Stream", "ClickStream")
    key_id = logical_id(template, "AWS::KMS::Key", "StreamKey")
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "ClicksRole"))
    on_stream = [s for s in statements if stream_id in str(s["Resource"])]
    assert on_stream == [
        {
            "Action": [
                "kinesis:DescribeStream",
                "kinesis:DescribeStreamSummary",
                "kinesis:GetRecords",
                "kinesis:GetShardIterator",
                "kinesis:ListShards",
            ],
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [stream_id, "Arn"]},
        }
    ]
    on_key = [s for s in statements if key_id in str(s["Resource"])]
    assert on_key == [
        {"Action": "kms:Decrypt", "Effect": "Allow", "Resource": {"Fn::GetAtt": [key_id, "Arn"]}}
    ]
    # The default checkpoint: read and write on exactly the job's folder of the state
    # bucket; the temporary prefix stays the job's own as before.
    for bucket, prefix in (
        ("GlueforgeState", "/clicks/checkpoint/*"),
        ("GlueforgeTemp", "/clicks/*"),
    ):
        bucket_id = logical_id(template, "AWS::S3::Bucket", bucket)
        objects = [
            s for s in statements if bucket_id in str(s["Resource"]) and "PutObject" in str(s)
        ]
        assert [s["Resource"] for s in objects] == [
            {"Fn::Join": ["", [{"Fn::GetAtt": [bucket_id, "Arn"]}, prefix]]}
        ]


def test_a_checkpoint_location_of_your_own_is_passed_and_granted(parts):
    stack, stream, lake = parts
    state = SecureBucket(stack, "State")
    StreamingJob(
        stack,
        "Clicks",
        job_name="clicks",
        specs=_specs(stream, lake),
        checkpoint_location=S3Location(state, "checkpoints/clicks/"),
    )
    template = Template.from_stack(stack).to_json()
    state_id = logical_id(template, "AWS::S3::Bucket", "State")
    props = _job_props(template)
    assert props["DefaultArguments"]["--sink_checkpoint_location"] == _s3(
        state_id, "/checkpoints/clicks/"
    )
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "ClicksRole"))
    objects = {
        "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
        "Effect": "Allow",
        "Resource": {
            "Fn::Join": ["", [{"Fn::GetAtt": [state_id, "Arn"]}, "/checkpoints/clicks/*"]]
        },
    }
    listing = {
        "Action": "s3:ListBucket",
        "Condition": {"StringLike": {"s3:prefix": ["checkpoints/clicks/", "checkpoints/clicks/*"]}},
        "Effect": "Allow",
        "Resource": {"Fn::GetAtt": [state_id, "Arn"]},
    }
    assert objects in statements and listing in statements


def test_the_pyspark_script_reads_the_stream_and_runs_micro_batches(parts):
    stack, stream, lake = parts
    job = StreamingJob(
        stack,
        "Clicks",
        specs=_specs(
            stream, lake, Filter("valid", input="clicks", expression="user_id IS NOT NULL")
        ),
        window_size=Duration.seconds(30),
    )
    text = job.script.text
    assert job.script.template == "pyspark/streaming.py.j2"
    expected_read = (
        "clicks_stream = glue_context.create_data_frame.from_options(\n"
        '    connection_type="kinesis",\n'
        "    connection_options={\n"
        '        "typeOfData": "kinesis",\n'
        '        "streamARN": args["source_clicks_stream_arn"],\n'
        '        "startingPosition": "latest",\n'
        '        "classification": "json",\n'
        '        "inferSchema": "true",\n'
        "    },\n"
        '    transformation_ctx="source_clicks",\n'
        ")\n"
    )
    assert expected_read in text
    assert "def process_batch(clicks, batch_id):\n" in text
    # the batch recipe's own macros, indented into the batch function
    assert '    valid = clicks.filter(F.expr("user_id IS NOT NULL"))\n' in text
    assert '        frame=DynamicFrame.fromDF(valid, glue_context, "sink_curated"),\n' in text
    expected_loop = (
        "glue_context.forEachBatch(\n"
        "    frame=clicks_stream,\n"
        "    batch_function=process_batch,\n"
        "    options={\n"
        '        "windowSize": "30 seconds",\n'
        '        "checkpointLocation": args["sink_checkpoint_location"],\n'
        "    },\n"
        ")\n"
        "job.commit()\n"
    )
    assert text.endswith(expected_loop)
    assert job.script.argument_names == (
        "JOB_NAME",
        "source_clicks_stream_arn",
        "sink_curated_path",
        "sink_checkpoint_location",
    )


def test_the_scala_script_uses_for_each_batch_with_json_options(parts):
    stack, stream, lake = parts
    job = StreamingJob(stack, "Clicks", language="scala", specs=_specs(stream, lake))
    text = job.script.text
    assert job.script.template == "scala/streaming.scala.j2"
    assert (
        "    val clicksStream = glueContext.getSource(\n"
        '      connectionType = "kinesis",\n'
        "      connectionOptions = JsonOptions(Map(\n"
        '        "typeOfData" -> "kinesis",\n'
        '        "streamARN" -> args("source_clicks_stream_arn"),\n'
    ) in text
    assert (
        "    glueContext.forEachBatch(clicksStream, (clicks: Dataset[Row], batchId: Long) => {\n"
    ) in text
    assert (
        "    }, JsonOptions(Map(\n"
        '      "windowSize" -> "100 seconds",\n'
        '      "checkpointLocation" -> args("sink_checkpoint_location")\n'
        "    )))\n"
    ) in text
    assert _job_props(Template.from_stack(stack).to_json())["Command"]["Name"] == "gluestreaming"


def test_local_arguments_map_the_stream_and_the_checkpoint_to_folders(parts):
    stack, stream, lake = parts
    job = StreamingJob(stack, "Clicks", job_name="clicks", specs=_specs(stream, lake))
    local = job.spec.local_arguments()
    assert local["source_clicks_stream_arn"] == LocalS3Url(bucket="streams", key="clicks/")
    assert local["sink_checkpoint_location"] == LocalS3Url(
        bucket="GlueforgeState", key="clicks/checkpoint/"
    )
    assert job.script_metadata["bookmarks"] is False
    assert job.script_metadata["localArguments"]["source_clicks_stream_arn"] == {
        "kind": "s3",
        "bucket": "streams",
        "key": "clicks/",
    }


def test_maintenance_window_and_g025x_workers(parts):
    stack, stream, lake = parts
    StreamingJob(
        stack,
        "Clicks",
        specs=_specs(stream, lake),
        maintenance_window="Sun:10",
        worker_type="G.025X",
        timeout=Duration.hours(3),
    )
    props = _job_props(Template.from_stack(stack).to_json())
    assert props["MaintenanceWindow"] == "Sun:10"
    assert props["WorkerType"] == "G.025X"
    assert props["Timeout"] == 180


@pytest.mark.parametrize("window", ["Sunday:10", "Sun:24", "sun:1", "Sun 10", ""])
def test_a_bad_maintenance_window_is_refused(parts, window):
    stack, stream, lake = parts
    with pytest.raises(GlueforgeValidationError) as error:
        StreamingJob(stack, "Clicks", specs=_specs(stream, lake), maintenance_window=window)
    message = str(error.value)
    assert message.startswith(PATH)
    assert f"maintenance_window {window!r} does not match" in message
    assert "^(Sun|Mon|Tue|Wed|Thu|Fri|Sat):([01]?[0-9]|2[0-3])$" in message


@pytest.mark.parametrize(
    "middle, words",
    [
        (lambda: Dedupe("unique", input="clicks", keys=("id",)), "a Dedupe cannot run"),
        (
            lambda: Relationalize("flat", input="clicks"),
            "a Relationalize cannot run",
        ),
    ],
)
def test_transforms_that_mean_something_else_per_micro_batch_are_refused(parts, middle, words):
    stack, stream, lake = parts
    with pytest.raises(GlueforgeValidationError) as error:
        StreamingJob(stack, "Clicks", specs=_specs(stream, lake, middle()))
    assert str(error.value).startswith(PATH)
    assert words in str(error.value)


def test_a_join_is_refused_and_a_second_stream_too(parts):
    stack, stream, lake = parts
    other = kinesis.Stream(stack, "Other")
    specs = [
        KinesisSource("clicks", stream=stream),
        KinesisSource("views", stream=other),
        Join("both", left="clicks", right="views", on=("id",)),
        S3Sink("curated", input="both", bucket=lake),
    ]
    with pytest.raises(GlueforgeValidationError) as error:
        StreamingJob(stack, "Clicks", specs=specs)
    message = str(error.value)
    assert "a Join cannot run in a StreamingJob" in message
    assert "a StreamingJob reads one stream, got sources ['clicks', 'views']" in message


def test_a_batch_source_is_refused_in_a_streaming_job(parts):
    stack, _, lake = parts
    specs = [S3Source("orders", bucket=lake), S3Sink("curated", input="orders", bucket=lake)]
    with pytest.raises(GlueforgeValidationError) as error:
        StreamingJob(stack, "Clicks", specs=specs)
    assert str(error.value).startswith(PATH)
    assert "source 'orders' is a S3Source, which a StreamingJob cannot read" in str(error.value)


def test_a_stream_is_refused_in_an_etl_job(parts):
    stack, stream, lake = parts
    with pytest.raises(GlueforgeValidationError) as error:
        EtlJob(stack, "Batch", specs=_specs(stream, lake))
    assert str(error.value).startswith("Test/Batch")
    assert "source 'clicks' is a KinesisSource, which only a StreamingJob reads" in str(error.value)


def test_a_streaming_job_needs_a_sink_of_its_own(parts):
    stack, stream, _ = parts
    with pytest.raises(GlueforgeValidationError, match="at least one sink"):
        StreamingJob(stack, "Clicks", specs=[KinesisSource("clicks", stream=stream)])


@pytest.mark.parametrize("window", [Duration.millis(1500), Duration.millis(500)])
def test_window_size_must_be_whole_seconds(parts, window):
    stack, stream, lake = parts
    with pytest.raises(GlueforgeValidationError) as error:
        StreamingJob(stack, "Clicks", specs=_specs(stream, lake), window_size=window)
    assert "window_size must be a whole number of seconds, at least 1" in str(error.value)


def test_max_cost_per_run_is_refused_visibly(parts):
    stack, stream, lake = parts
    with pytest.raises(GlueforgeValidationError) as error:
        StreamingJob(stack, "Clicks", specs=_specs(stream, lake), max_cost_per_run=5.0)
    message = str(error.value)
    assert message.startswith(PATH)
    assert "max_cost_per_run (5.0) cannot be checked for a streaming job" in message
    assert "use monthly_budget" in message


def test_flex_is_not_a_streaming_prop(parts):
    stack, stream, lake = parts
    with pytest.raises(TypeError, match="flex"):
        StreamingJob(stack, "Clicks", specs=_specs(stream, lake), flex=True)


def test_a_streaming_job_costs_a_month_of_running(parts):
    stack, stream, lake = parts
    job = StreamingJob(stack, "Clicks", specs=_specs(stream, lake))
    report = estimate([job.cost_inputs])
    [row] = report.rows
    # Always running: 2 workers x 1 DPU (G.1X) x 730 h x $0.44/DPU-hour = $642.40.
    assert row.kind == "streaming"
    assert row.runs_per_month == 1.0
    assert row.worst_per_run is None
    assert row.monthly == pytest.approx(642.40)


def test_a_quarter_dpu_stream_costs_a_quarter(parts):
    stack, stream, lake = parts
    job = StreamingJob(stack, "Clicks", specs=_specs(stream, lake), worker_type="G.025X")
    # 2 workers x 0.25 DPU (G.025X) x 730 h x $0.44/DPU-hour = $160.60.
    assert estimate([job.cost_inputs]).rows[0].monthly == pytest.approx(160.60)


def test_the_monthly_budget_sees_a_streaming_job():
    app = App()
    stack = Stack(app, "Costly")
    stream = kinesis.Stream(stack, "ClickStream", stream_name="clicks")
    lake = SecureBucket(stack, "Lake")
    StreamingJob(stack, "Clicks", specs=_specs(stream, lake), monthly_budget=600)
    with pytest.raises(RuntimeError) as error:
        app.synth()
    assert str(error.value) == (
        "Costly/Clicks: monthly $642.40 = 1 runs in 2027-01 x expected per run $642.40 = "
        "2 workers x 1 DPU x 730 h x $0.44/DPU-hour (standard) exceeds monthly_budget $600.00"
    )


def test_alarms_on_a_streaming_job_are_made_last(parts):
    from glueforge import JobAlarms

    stack, stream, lake = parts
    job = StreamingJob(stack, "Clicks", specs=_specs(stream, lake), alarms=JobAlarms())
    assert job.alarm_set is not None
    template = Template.from_stack(stack).to_json()
    alarms = [r for r in template["Resources"].values() if r["Type"] == "AWS::CloudWatch::Alarm"]
    # on_failure and on_timeout, both on by default
    assert len(alarms) == 2


def test_a_runtime_alarm_is_refused_on_a_streaming_job(parts):
    from glueforge import JobAlarms

    stack, stream, lake = parts
    with pytest.raises(GlueforgeValidationError) as error:
        StreamingJob(
            stack,
            "Clicks",
            specs=_specs(stream, lake),
            alarms=JobAlarms(max_runtime=Duration.minutes(30)),
        )
    assert str(error.value).startswith(PATH)
    assert "a streaming job (gluestreaming) runs until stopped" in str(error.value)


def test_no_timeout_unless_given(parts):
    stack, stream, lake = parts
    job = StreamingJob(stack, "Clicks", specs=_specs(stream, lake))
    assert job.timeout is None


def test_glueforge_cost_shows_the_month_of_running(parts):
    from glueforge.cost.model import to_text

    stack, stream, lake = parts
    job = StreamingJob(stack, "Clicks", specs=_specs(stream, lake))
    lines = to_text(estimate([job.cost_inputs])).splitlines()
    row = lines[2].split()
    assert row == [PATH, "streaming", "1", "runs", "until", "stopped", "$642.40", "$642.40"]
    assert "App total: $642.40/month" in lines[4]


@pytest.mark.parametrize("language", ["pyspark", "scala"])
def test_the_batch_recipe_macros_render_inside_the_batch_function(parts, language):
    # Rendering checks the script (pyflakes for PySpark, scalac's parser for Scala): a
    # macro that does not fit inside the batch function fails the job's construction.
    from aws_cdk import aws_glue as glue

    from glueforge import Aggregate, CatalogSink, Mapping, Sql

    stack, stream, lake = parts
    database = glue.Database(stack, "Db", database_name="web")
    job = StreamingJob(
        stack,
        "Clicks",
        language=language,
        specs=[
            KinesisSource("clicks", stream=stream),
            Mapping("typed", input="clicks", mappings=(("ts", "ts", "timestamp"),)),
            Sql("dated", inputs=("typed",), query="SELECT *, to_date(ts) AS day FROM typed"),
            Aggregate(
                "daily", input="dated", group_by=("day",), aggregations=(("count", "*", "clicks"),)
            ),
            S3Sink("raw", input="typed", bucket=lake, prefix="raw/"),
            CatalogSink(
                "counts",
                input="daily",
                database=database,
                table="daily_clicks",
                bucket=lake,
                prefix="counts/",
            ),
        ],
    )
    text = job.script.text
    if language == "pyspark":
        assert "    dated = spark.sql(" in text
        assert "    counts_sink.writeFrame(DynamicFrame.fromDF(daily, glue_context, " in text
    else:
        assert "      val dated = spark.sql(" in text
    assert "sink_checkpoint_location" in text


def test_each_micro_batch_merges_into_an_iceberg_table(parts):
    """An IcebergSink in a StreamingJob writes each micro-batch with the same MERGE as in
    a batch job, inside the forEachBatch function, with Glue's Iceberg job arguments
    (``--datalake-formats iceberg``: "Using the Iceberg framework in AWS Glue",
    https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-format-iceberg.html)."""
    from aws_cdk import aws_glue as glue

    from glueforge import IcebergField, IcebergSink, IcebergTable

    stack, stream, lake = parts
    database = glue.Database(stack, "Db", database_name="lake")
    table = IcebergTable(
        stack,
        "Clicks",
        database=database,
        bucket=lake,
        prefix="iceberg/clicks/",
        table_name="clicks",
        columns=[IcebergField("user_id", "string", required=True), IcebergField("page", "string")],
        identifier_fields=["user_id"],
    )
    job = StreamingJob(
        stack,
        "Live",
        job_name="live",
        specs=[
            KinesisSource("clicks", stream=stream, schema="user_id STRING, page STRING"),
            IcebergSink("latest", input="clicks", table=table, mode="merge"),
        ],
    )
    text = job.script.text
    batch_function = text[
        text.index("def process_batch(") : text.index("glue_context.forEachBatch(")
    ]
    assert "MERGE INTO" in batch_function
    assert "ON t.`user_id` = s.`user_id`" in batch_function
    assert job.arguments["--datalake-formats"] == "iceberg"
    assert job.arguments["--sink_latest_table"] == "clicks"
