"""Glue's vocabulary, defined once: languages, versions, worker types and run states.

Every other module imports these words from here. Each is a ``str`` enum, so a member
compares equal to (and hashes like) the string Glue uses, and props accept either
``WorkerType.G_1X`` or ``"G.1X"``. Pass ``member.value`` across jsii: aws-cdk-lib expects
plain strings.

Checked against the Glue API model (botocore 1.44: ``JobRunState``, ``CrawlState``,
``WorkerType``) and the AWS Glue docs ("Worker types", "AWS Glue versions") in November
2026.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

W = TypeVar("W", bound="GlueWord")


class GlueWord(str, Enum):
    """A word of Glue's API: prints, formats and compares as its plain string value."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    @classmethod
    def parse(cls: type[W], value: object, prop: str) -> tuple[W | None, list[str]]:
        """``value`` as a member, or None and a problem naming ``prop`` and what is valid."""
        try:
            return cls(value), []
        except ValueError:
            return None, [f"{prop} {value!r} is not one of {cls.values()}"]

    @classmethod
    def values(cls) -> list[str]:
        """Every member's string, in declaration order: what error messages list as valid."""
        return [str(member.value) for member in cls]


class Language(GlueWord):
    """The language of a Spark job's script."""

    PYSPARK = "pyspark"
    SCALA = "scala"


class GlueVersion(GlueWord):
    """Glue versions that still take new jobs. 5.0 runs Spark 3.5.4, as local runs do."""

    V4_0 = "4.0"
    V5_0 = "5.0"
    V5_1 = "5.1"
    V6_0 = "6.0"


DEFAULT_GLUE_VERSION = GlueVersion.V5_0


class JobCommand(GlueWord):
    """A job's kind, as Glue names it in ``Command.Name``: "For an Apache Spark ETL job,
    this must be glueetl. For a Python shell job, it must be pythonshell. For an Apache
    Spark streaming ETL job, this must be gluestreaming." (Glue API, JobCommand:
    https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-jobs-job.html). Ray
    (``glueray``) is left out: AWS Glue for Ray is closed to new customers since
    2026-04-30."""

    SPARK = "glueetl"
    PYTHON_SHELL = "pythonshell"
    STREAMING = "gluestreaming"


class PythonVersion(GlueWord):
    """The Python of a Python shell job that Glue still runs (``Command.PythonVersion``).

    AWS lists Python 3.6 and 3.9 for Python shell jobs, and "Support for Pyshell v3.6 will
    end on March 1, 2026" (https://docs.aws.amazon.com/glue/latest/dg/add-job-python.html):
    3.9 is the one left.
    """

    V3_9 = "3.9"


#: the Glue version Python shell 3.9 runs on: "PythonShell v3.9 is supported in Glue
#: version 3.0" (https://docs.aws.amazon.com/glue/latest/dg/release-notes.html). Not a
#: GlueVersion member: Spark jobs can no longer be created on Glue 3.0.
PYTHON_SHELL_GLUE_VERSION = "3.0"


class LibrarySet(GlueWord):
    """The libraries a Python 3.9 shell job loads: its ``library-set`` job argument.

    "Load common analytics libraries (Recommended)": "If you select this option, the
    library-set option is set to analytics. If you deselect this option, the library-set
    option is set to none." (https://docs.aws.amazon.com/glue/latest/dg/add-job-python.html)
    """

    ANALYTICS = "analytics"
    NONE = "none"


class WorkerType(GlueWord):
    """Glue worker types ("Worker types" in the AWS Glue docs), with their DPUs.

    G.025X serves streaming jobs only; Flex runs on G.1X and G.2X only. R.* workers count
    memory-optimized DPUs.
    """

    G_025X = "G.025X"
    G_1X = "G.1X"
    G_2X = "G.2X"
    G_4X = "G.4X"
    G_8X = "G.8X"
    G_12X = "G.12X"
    G_16X = "G.16X"
    R_1X = "R.1X"
    R_2X = "R.2X"
    R_4X = "R.4X"
    R_8X = "R.8X"

    @property
    def dpu(self) -> float:
        """DPUs per worker: the figure Glue bills."""
        return _WORKER_DPU[self.value]

    @property
    def streaming_only(self) -> bool:
        """Whether only streaming jobs may run on this worker type (G.025X)."""
        return self is WorkerType.G_025X

    @property
    def flex(self) -> bool:
        """Whether the FLEX execution class runs on this worker type."""
        return self in (WorkerType.G_1X, WorkerType.G_2X)


# "Worker types" in the AWS Glue docs: a G.<n>X or R.<n>X worker is <n> DPUs.
_WORKER_DPU = {
    "G.025X": 0.25,
    "G.1X": 1.0,
    "G.2X": 2.0,
    "G.4X": 4.0,
    "G.8X": 8.0,
    "G.12X": 12.0,
    "G.16X": 16.0,
    "R.1X": 1.0,
    "R.2X": 2.0,
    "R.4X": 4.0,
    "R.8X": 8.0,
}


class JobState(GlueWord):
    """A Glue job run's state (``JobRunState``)."""

    STARTING = "STARTING"
    RUNNING = "RUNNING"
    STOPPING = "STOPPING"
    STOPPED = "STOPPED"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    TIMEOUT = "TIMEOUT"
    ERROR = "ERROR"
    WAITING = "WAITING"
    EXPIRED = "EXPIRED"


class CrawlerState(GlueWord):
    """A crawl's state (``CrawlState``), as a trigger condition names it."""

    RUNNING = "RUNNING"
    CANCELLING = "CANCELLING"
    CANCELLED = "CANCELLED"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    ERROR = "ERROR"


# The states that end a run, as a trigger condition waits on them and as AWS Glue's
# "Glue Job State Change" EventBridge events report them. aws-cdk-lib's enums also offer
# RUNNING, STARTING and STOPPING; Glue (and cfn-lint's schema for jobs) refuses them there.
JOB_END_STATES = (JobState.SUCCEEDED, JobState.FAILED, JobState.TIMEOUT, JobState.STOPPED)
CRAWL_END_STATES = (CrawlerState.SUCCEEDED, CrawlerState.FAILED, CrawlerState.CANCELLED)


class ReadMode(GlueWord):
    """What a csv or json reader does with a record it cannot parse (``mode``).

    Spark's CSV and JSON data source options (spark.apache.org/docs/3.5.4,
    sql-data-sources-csv.html and sql-data-sources-json.html), which Glue 5.0's Spark
    reads with: PERMISSIVE (the documented default) keeps the record, its unparsed
    fields null; DROPMALFORMED leaves it out; FAILFAST stops the read.
    """

    PERMISSIVE = "PERMISSIVE"
    DROPMALFORMED = "DROPMALFORMED"
    FAILFAST = "FAILFAST"


DEFAULT_READ_MODE = ReadMode.PERMISSIVE


class StartingPosition(GlueWord):
    """Where a streaming job's Kinesis read starts (``startingPosition``) when it has no
    checkpoint yet. Glue API ``KinesisStreamingSourceOptions.StartingPosition``: "latest",
    "trim_horizon" or "earliest" (a UTC timestamp too, from Glue 4.0; the Kinesis source
    takes it as a ``datetime``). Default "latest". https://docs.aws.amazon.com/glue/latest/
    dg/aws-glue-programming-etl-connect-kinesis-home.html
    """

    LATEST = "latest"
    TRIM_HORIZON = "trim_horizon"
    EARLIEST = "earliest"


class StartingOffsets(GlueWord):
    """Where a streaming job's Kafka read starts (``startingOffsets``) when it has no
    checkpoint yet. Glue API ``KafkaStreamingSourceOptions.StartingOffsets``: "earliest"
    or "latest" (default). https://docs.aws.amazon.com/glue/latest/dg/
    aws-glue-programming-etl-connect-kafka-home.html
    """

    EARLIEST = "earliest"
    LATEST = "latest"


class DataQualityOutcome(GlueWord):
    """A rule's ``Outcome`` in the results of Glue's EvaluateDataQuality transform
    (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-transforms-EvaluateDataQuality.html),
    and a row's ``DataQualityEvaluationResult`` in its row-level outcomes."""

    PASSED = "Passed"
    FAILED = "Failed"


#: the columns EvaluateDataQuality's row-level outcomes (``rowLevelOutcomes``) add to the
#: frame (AWS's open-source reference implementation, awslabs/deequ
#: ``dqdl/execution/RowLevelResultHelper.scala``)
DATA_QUALITY_ROW_COLUMNS = (
    "DataQualityRulesPass",
    "DataQualityRulesFail",
    "DataQualityRulesSkip",
    "DataQualityEvaluationResult",
)
