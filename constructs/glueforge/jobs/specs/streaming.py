"""Where a streaming job reads: Kinesis Data Streams and Kafka (Amazon MSK or self-managed).

Each source reads with Glue's own call, ``glueContext.create_data_frame.from_options``
(Scala: ``glueContext.getSource(...).getDataFrame()``), which returns a streaming Spark
DataFrame that the job hands to ``glueContext.forEachBatch``. The option names are
Glue's, as the Glue docs spell them for scripts:
https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-kinesis-home.html
and https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-kafka-home.html

:class:`StreamCheckpoint` is the job's side of ``forEachBatch``: the window size and the
checkpoint location. :class:`~glueforge.StreamingJob` adds it to the spec list itself, so
the one list still drives the script, the job's arguments and the role's grants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from aws_cdk import Fn
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kinesis as kinesis

from glueforge.assembly.local_arguments import LocalArgument, LocalS3Bucket, LocalS3Url
from glueforge.connections.grants import grant_connection
from glueforge.core.locations import S3Location
from glueforge.core.stack_cache import node_id, node_of, stack_of
from glueforge.core.tokens import is_unresolved
from glueforge.core.vocabulary import Language, StartingOffsets, StartingPosition
from glueforge.iam.actions import (
    KEY_READ_ACTIONS,
    KINESIS_READ_ACTIONS,
    MSK_CLUSTER_CONNECT_ACTIONS,
    MSK_GROUP_ACTIONS,
    MSK_TOPIC_READ_ACTIONS,
)
from glueforge.iam.grants import add, add_s3_prefix_read_write
from glueforge.jobs.specs.base import Spec, Stage, s3_argument

StreamFormat = Literal["json", "csv", "avro"]
# The classifications this spec renders; Glue also knows grok and others, which need
# options glueforge does not model.
STREAM_FORMATS = ("json", "csv", "avro")
#: the folder, under a local run's data root, that holds one folder of records per stream
#: or topic: ``streams/<stream name>/`` (a local run reads it as the stream)
LOCAL_STREAMS = "streams"
# A UTC timestamp startingPosition (Glue 4.0+): yyyy-mm-ddTHH:MM:SSZ.
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
# Option names glueforge sets itself; ``options`` may not set them again.
_KINESIS_MANAGED = frozenset(
    {"typeOfData", "streamARN", "streamName", "classification", "startingPosition", "inferSchema"}
)
_KAFKA_MANAGED = frozenset(
    {"connectionName", "topicName", "classification", "startingOffsets", "inferSchema"}
)


@dataclass(frozen=True, kw_only=True)
class StreamingSource(Spec):
    """What Kinesis and Kafka sources share: a format, a schema or inference, options."""

    format: StreamFormat = "json"
    schema: str | None = None
    infer_schema: bool | None = None
    options: dict[str, str] = field(default_factory=dict)

    stage: ClassVar = Stage.SOURCE
    #: streams are tracked by the job's checkpoint, never a job bookmark
    bookmarkable: ClassVar[bool] = False
    _managed: ClassVar[frozenset[str]] = frozenset()

    @property
    def infers(self) -> bool:
        return self.schema is None if self.infer_schema is None else self.infer_schema

    def _common_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {"classification": self.format}
        if self.infers:
            options["inferSchema"] = "true"
        else:
            # Glue's "schema" option: a Spark DDL string of the records' columns.
            options["schema"] = self.schema
        return options

    def _common_problems(self) -> list[str]:
        problems = []
        if self.format not in STREAM_FORMATS:
            problems.append(f"format {self.format!r} is not one of {list(STREAM_FORMATS)}")
        if self.infer_schema is False and self.schema is None:
            problems.append(
                "infer_schema=False needs schema=..., a Spark DDL string such as "
                "'user_id STRING, ts TIMESTAMP'"
            )
        if self.infer_schema and self.schema is not None:
            problems.append("give schema=... or infer_schema=True, not both")
        clashes = sorted(set(self.options) & self._managed)
        if clashes:
            problems.append(
                f"options {clashes} are set by glueforge from the source's props; use the props"
            )
        problems += [
            f"options[{key!r}] must be a string, got {type(value).__name__}"
            for key, value in self.options.items()
            if not isinstance(value, str)
        ]
        return problems


@dataclass(frozen=True, kw_only=True)
class KinesisSource(StreamingSource):
    """A Kinesis data stream, read as micro-batches.

    The role may read exactly this stream (and decrypt with its key if it has one); the
    stream's ARN reaches the script as a job argument.

    :param stream: the stream, e.g. an ``aws_kinesis.Stream``.
    :param starting_position: where the first run starts, a
        :class:`~glueforge.core.vocabulary.StartingPosition` (``latest``,
        ``trim_horizon``, ``earliest``) or a UTC timestamp ``"2026-11-30T00:00:00Z"``.
        Later runs resume from the job's checkpoint. Default: ``StartingPosition.LATEST``.
    :param format: the records' ``classification``: ``json``, ``csv`` or ``avro``.
        Default: ``json``.
    :param schema: the records' columns as a Spark DDL string, e.g.
        ``"user_id STRING, ts TIMESTAMP"``. Default: none (inferred).
    :param infer_schema: infer the columns from each micro-batch. Default: on without a
        schema.
    :param options: more of Glue's Kinesis options, as strings, e.g.
        ``{"maxFetchTimeInMs": "1000"}``. Default: none.
    """

    stream: kinesis.IStream

    starting_position: StartingPosition | str = StartingPosition.LATEST
    macro: ClassVar[str] = "kinesis"
    _managed: ClassVar[frozenset[str]] = _KINESIS_MANAGED

    def deploy_values(self) -> dict[str, Any]:
        return {"stream_arn": self.stream.stream_arn}

    def local_arguments(self) -> dict[str, LocalArgument]:
        # A local run reads the folder streams/<stream name>/ under its data root.
        return {self.arg("stream_arn"): LocalS3Url(bucket=LOCAL_STREAMS, key=self._local_key())}

    def _local_key(self) -> str:
        return f"{_stream_local_name(self.stream)}/"

    def grant(self, grantee: iam.IGrantable) -> None:
        add(grantee, KINESIS_READ_ACTIONS, [self.stream.stream_arn])
        key = self.stream.encryption_key
        if key is not None:
            add(grantee, KEY_READ_ACTIONS, [key.key_arn])

    def problems(self) -> list[str]:
        problems = self._common_problems()
        position = str(self.starting_position)
        if position not in StartingPosition.values() and not TIMESTAMP.match(position):
            problems.append(
                f"starting_position {position!r} is not one of {StartingPosition.values()} "
                "or a UTC timestamp like '2026-11-30T00:00:00Z'"
            )
        return problems

    def render_context(self, language: Language) -> dict[str, Any]:
        options: dict[str, Any] = {
            "typeOfData": "kinesis",
            "streamARN": self.ref("stream_arn"),
            "startingPosition": str(self.starting_position),
            **self._common_options(),
            **self.options,
        }
        return {"connection_type": "kinesis", "connection_options": options}


@dataclass(frozen=True, kw_only=True)
class KafkaSource(StreamingSource):
    """A Kafka topic read through a Glue connection (Amazon MSK or self-managed Kafka).

    glueforge has no Kafka connection construct: pass the Glue connection of type
    ``KAFKA`` (an ``aws_glue`` connection, or any with ``connection_name`` and
    ``connection_arn``), which holds the brokers, TLS and SASL settings and the VPC. The
    role gets ``glue:GetConnection`` on it and the network interfaces Glue creates (as
    for JDBC connections). For an MSK cluster with IAM access control, also pass
    ``msk_cluster_arn``: the role then gets ``kafka-cluster`` actions on that cluster,
    this topic and the job's consumer groups only.

    :param connection: the Glue connection to the Kafka cluster.
    :param topic: the topic to read (``topicName``).
    :param starting_offsets: where the first run starts, a
        :class:`~glueforge.core.vocabulary.StartingOffsets`. Later runs resume from the
        job's checkpoint. Default: ``StartingOffsets.LATEST``.
    :param msk_cluster_arn: the MSK cluster's ARN, for IAM access control. Default: none
        (the connection authenticates with TLS or SASL/SCRAM).
    :param format: the records' ``classification``: ``json``, ``csv`` or ``avro``.
        Default: ``json``.
    :param schema: the records' columns as a Spark DDL string. Default: none (inferred).
    :param infer_schema: infer the columns from each micro-batch. Default: on without a
        schema.
    :param options: more of Glue's Kafka options, as strings, e.g.
        ``{"maxOffsetsPerTrigger": "10000"}``. Default: none.
    """

    connection: Any
    topic: str
    starting_offsets: StartingOffsets | str = StartingOffsets.LATEST
    msk_cluster_arn: str | None = None

    macro: ClassVar[str] = "kafka"
    _managed: ClassVar[frozenset[str]] = _KAFKA_MANAGED

    def deploy_values(self) -> dict[str, Any]:
        return {"connection": self.connection.connection_name}

    def local_arguments(self) -> dict[str, LocalArgument]:
        # A local run needs only a name for the connection, its construct id (as for JDBC
        # connections): the topic names the folder, streams/<topic>/ under its data root.
        return {self.arg("connection"): LocalS3Bucket(bucket=node_id(self.connection))}

    def connections(self) -> tuple[Any, ...]:
        return (self.connection,)

    def grant(self, grantee: iam.IGrantable) -> None:
        grant_connection(grantee, self.connection)
        if self.msk_cluster_arn is None:
            return
        cluster = self.msk_cluster_arn
        add(grantee, MSK_CLUSTER_CONNECT_ACTIONS, [cluster])
        add(grantee, MSK_TOPIC_READ_ACTIONS, [_msk_arn(cluster, "topic", self.topic)])
        add(
            grantee,
            MSK_GROUP_ACTIONS,
            [_msk_arn(cluster, "group", "*")],
            wildcard_reason="Spark's Kafka source names its consumer group at run time "
            "(spark-kafka-source-<uuid>); the grant stays on this cluster's groups",
        )

    def problems(self) -> list[str]:
        problems = self._common_problems()
        _, bad = StartingOffsets.parse(self.starting_offsets, "starting_offsets")
        problems += bad
        if not isinstance(self.topic, str) or not self.topic.strip():
            problems.append("topic is required, e.g. topic='clicks'")
        elif is_unresolved(self.topic) or not re.fullmatch(r"[A-Za-z0-9._\-]{1,249}", self.topic):
            problems.append(
                f"topic {self.topic!r} must be a literal Kafka topic name: 1-249 letters, "
                "digits, '.', '_' or '-'"
            )
        arn = self.msk_cluster_arn
        if arn is not None and not is_unresolved(arn) and ":cluster/" not in arn:
            problems.append(
                f"msk_cluster_arn {arn!r} is not an MSK cluster ARN "
                "(arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>)"
            )
        return problems

    def render_context(self, language: Language) -> dict[str, Any]:
        options: dict[str, Any] = {
            "connectionName": self.ref("connection"),
            "topicName": self.topic,
            "startingOffsets": str(self.starting_offsets),
            **self._common_options(),
            **self.options,
        }
        return {"connection_type": "kafka", "connection_options": options}


def _stream_local_name(stream: kinesis.IStream) -> str:
    """The stream's name where the app fixes it, else its construct id.

    ``Stream.stream_name`` is a ``Ref`` token even for a name the app gives, so look at
    the ``AWS::Kinesis::Stream`` resource's own ``Name`` too.
    """
    name = stream.stream_name
    if not is_unresolved(name):
        return name
    given = getattr(node_of(stream).default_child, "name", None)
    if given is not None:
        resolved = stack_of(stream).resolve(given)
        if isinstance(resolved, str):
            return resolved
    return node_id(stream)


def _msk_arn(cluster_arn: str, resource: str, name: str) -> str:
    """The ARN of a topic or group of an MSK cluster: ``arn:aws:kafka:<region>:<account>:
    <resource>/<cluster name>/<cluster uuid>/<name>`` (MSK developer guide, IAM access
    control, "Authorization policy resources")."""
    if not is_unresolved(cluster_arn):
        return cluster_arn.replace(":cluster/", f":{resource}/", 1) + f"/{name}"
    parts = Fn.split(":cluster/", cluster_arn, 2)
    return Fn.join("", [Fn.select(0, parts), f":{resource}/", Fn.select(1, parts), f"/{name}"])


@dataclass(frozen=True, kw_only=True)
class StreamCheckpoint(Spec):
    """The job's ``forEachBatch`` settings: a window size and the checkpoint location.

    Made by :class:`~glueforge.StreamingJob`, not by users. It sits with the sinks
    because the checkpoint is the streaming query's own write: the script reads its
    location as the job argument ``sink_checkpoint_location`` and passes it, with the
    window size as a literal, to ``glueContext.forEachBatch`` (which raises without
    either: aws-glue-libs ``awsglue/context.py`` ``forEachBatch``).
    """

    location: S3Location
    window_seconds: int

    stage: ClassVar = Stage.SINK
    macro: ClassVar[str] = "for_each_batch"
    writes_dynamic_frame: ClassVar[bool] = False

    @property
    def window_size(self) -> str:
        """Glue's ``windowSize`` option: a Spark processing-time interval, "100 seconds"."""
        return f"{self.window_seconds} seconds"

    def deploy_values(self) -> dict[str, Any]:
        return {"location": self.location.url()}

    def local_arguments(self) -> dict[str, LocalArgument]:
        return {self.arg("location"): s3_argument(self.location.bucket, self.location.prefix)}

    def grant(self, grantee: iam.IGrantable) -> None:
        # Spark writes offsets, commits and state under the location, and lists it.
        add_s3_prefix_read_write(grantee, self.location.bucket, self.location.prefix)

    def problems(self) -> list[str]:
        return self.location.problems()

    def render_context(self, language: Language) -> dict[str, Any]:
        return {"window_size": self.window_size, "location": self.ref("location")}
