"""KinesisSource and KafkaSource: script options, checks, grants and local mapping.

Option names are Glue's for scripts ("typeOfData", "streamARN", "startingPosition",
"classification", "inferSchema"; "connectionName", "topicName", "startingOffsets"):
https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-kinesis-home.html
and .../aws-glue-programming-etl-connect-kafka-home.html. MSK IAM actions and resource
ARNs: https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html and the
MSK IAM access control page (cluster/, topic/, group/ ARNs).
"""

import pytest
from aws_cdk import aws_glue as glue
from aws_cdk import aws_kinesis as kinesis
from aws_cdk.assertions import Template

from glueforge import (
    GlueforgeValidationError,
    KafkaSource,
    KinesisSource,
    S3Sink,
    SecureBucket,
    StartingOffsets,
    StartingPosition,
    StreamingJob,
)
from glueforge.assembly.local_arguments import LocalS3Bucket
from glueforge.core.vocabulary import Language
from glueforge.jobs.arguments import ArgRef
from tests.helpers.iam import logical_id, policy_statements

CLUSTER = (
    "arn:aws:kafka:eu-west-1:111111111111:cluster/events/0b1c2d3e-1111-2222-3333-444455556666-7"
)


@pytest.fixture
def kafka(stack):
    connection = glue.Connection(
        stack,
        "Kafka",
        type=glue.ConnectionType.KAFKA,
        connection_name="events-kafka",
        properties={"KAFKA_BOOTSTRAP_SERVERS": "b-1.events:9098"},
    )
    return stack, connection, SecureBucket(stack, "Lake")


def _problems(spec):
    return spec.problems()


def test_kinesis_options_are_glues_own(stack):
    stream = kinesis.Stream(stack, "S")
    source = KinesisSource(
        "clicks",
        stream=stream,
        starting_position=StartingPosition.TRIM_HORIZON,
        format="csv",
        schema="user_id STRING, ts TIMESTAMP",
        options={"maxFetchTimeInMs": "1000"},
    )
    assert source.render_context(Language.PYSPARK)["connection_options"] == {
        "typeOfData": "kinesis",
        "streamARN": ArgRef("source_clicks_stream_arn"),
        "startingPosition": "trim_horizon",
        "classification": "csv",
        "schema": "user_id STRING, ts TIMESTAMP",
        "maxFetchTimeInMs": "1000",
    }
    assert source.bookmarkable is False
    assert _problems(source) == []


def test_a_utc_timestamp_starting_position_is_accepted(stack):
    source = KinesisSource(
        "clicks", stream=kinesis.Stream(stack, "S"), starting_position="2026-11-30T00:00:00Z"
    )
    assert _problems(source) == []


@pytest.mark.parametrize(
    "props, words",
    [
        ({"starting_position": "oldest"}, "starting_position 'oldest' is not one of"),
        ({"starting_position": "2026-11-30 00:00"}, "or a UTC timestamp"),
        ({"format": "parquet"}, "format 'parquet' is not one of ['json', 'csv', 'avro']"),
        ({"infer_schema": False}, "infer_schema=False needs schema=..."),
        ({"infer_schema": True, "schema": "a INT"}, "not both"),
        ({"options": {"streamARN": "x"}}, "options ['streamARN'] are set by glueforge"),
        ({"options": {"maxFetchTimeInMs": 1000}}, "options['maxFetchTimeInMs'] must be a string"),
    ],
)
def test_kinesis_problems(stack, props, words):
    source = KinesisSource("clicks", stream=kinesis.Stream(stack, "S"), **props)
    assert any(words in p for p in _problems(source)), _problems(source)


def test_kafka_options_are_glues_own(kafka):
    _, connection, _ = kafka
    source = KafkaSource(
        "events", connection=connection, topic="clicks", starting_offsets=StartingOffsets.EARLIEST
    )
    assert source.render_context(Language.PYSPARK)["connection_options"] == {
        "connectionName": ArgRef("source_events_connection"),
        "topicName": "clicks",
        "startingOffsets": "earliest",
        "classification": "json",
        "inferSchema": "true",
    }
    # a local run needs a name only (the construct id, as for JDBC connections): the
    # topic names the folder streams/<topic>/
    assert source.local_arguments() == {"source_events_connection": LocalS3Bucket(bucket="Kafka")}


@pytest.mark.parametrize(
    "props, words",
    [
        ({"topic": ""}, "topic is required"),
        ({"topic": "a b"}, "must be a literal Kafka topic name"),
        ({"starting_offsets": "trim_horizon"}, "starting_offsets 'trim_horizon' is not one of"),
        ({"msk_cluster_arn": "arn:aws:kafka:eu-west-1:1:topic/x"}, "is not an MSK cluster ARN"),
        ({"options": {"topicName": "other"}}, "options ['topicName'] are set by glueforge"),
    ],
)
def test_kafka_problems(kafka, props, words):
    _, connection, _ = kafka
    source = KafkaSource("events", connection=connection, **{"topic": "clicks", **props})
    assert any(words in p for p in _problems(source)), _problems(source)


def test_a_kafka_job_lists_its_connection_and_reads_the_msk_topic_only(kafka):
    stack, connection, lake = kafka
    StreamingJob(
        stack,
        "Events",
        job_name="events",
        specs=[
            KafkaSource("events", connection=connection, topic="clicks", msk_cluster_arn=CLUSTER),
            S3Sink("curated", input="events", bucket=lake),
        ],
    )
    template = Template.from_stack(stack).to_json()
    props = template["Resources"][logical_id(template, "AWS::Glue::Job", "Events")]["Properties"]
    assert props["Connections"] == {
        "Connections": [{"Ref": logical_id(template, "AWS::Glue::Connection", "Kafka")}]
    }
    assert props["DefaultArguments"]["--source_events_connection"] == {
        "Ref": logical_id(template, "AWS::Glue::Connection", "Kafka")
    }
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "EventsRole"))
    msk = [s for s in statements if "kafka-cluster" in str(s["Action"])]
    # arn:aws:kafka:<region>:<account>:<cluster|topic|group>/<name>/<uuid>[/<topic|group>]
    assert msk == [
        {"Action": "kafka-cluster:Connect", "Effect": "Allow", "Resource": CLUSTER},
        {
            "Action": ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"],
            "Effect": "Allow",
            "Resource": "arn:aws:kafka:eu-west-1:111111111111:topic/events/"
            "0b1c2d3e-1111-2222-3333-444455556666-7/clicks",
        },
        {
            "Action": ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"],
            "Effect": "Allow",
            "Resource": "arn:aws:kafka:eu-west-1:111111111111:group/events/"
            "0b1c2d3e-1111-2222-3333-444455556666-7/*",
        },
    ]
    get_connection = [s for s in statements if s["Action"] == "glue:GetConnection"]
    assert len(get_connection) == 1


def test_a_kafka_job_without_msk_iam_gets_no_kafka_cluster_actions(kafka):
    stack, connection, lake = kafka
    StreamingJob(
        stack,
        "Events",
        specs=[
            KafkaSource("events", connection=connection, topic="clicks"),
            S3Sink("curated", input="events", bucket=lake),
        ],
    )
    template = Template.from_stack(stack).to_json()
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "EventsRole"))
    assert not [s for s in statements if "kafka-cluster" in str(s["Action"])]


def test_the_kafka_script_reads_through_the_connection(kafka):
    stack, connection, lake = kafka
    job = StreamingJob(
        stack,
        "Events",
        specs=[
            KafkaSource("events", connection=connection, topic="clicks"),
            S3Sink("curated", input="events", bucket=lake),
        ],
    )
    assert (
        "events_stream = glue_context.create_data_frame.from_options(\n"
        '    connection_type="kafka",\n'
        "    connection_options={\n"
        '        "connectionName": args["source_events_connection"],\n'
        '        "topicName": "clicks",\n'
        '        "startingOffsets": "latest",\n'
    ) in job.script.text


def test_a_bad_spec_fails_the_job_with_its_path(kafka):
    stack, connection, lake = kafka
    with pytest.raises(GlueforgeValidationError) as error:
        StreamingJob(
            stack,
            "Events",
            specs=[
                KafkaSource("events", connection=connection, topic="a b"),
                S3Sink("curated", input="events", bucket=lake),
            ],
        )
    assert str(error.value).startswith("Test/Events")
    assert "source 'events': topic 'a b' must be a literal Kafka topic name" in str(error.value)
