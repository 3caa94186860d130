"""StreamingJob: a Glue streaming ETL job (``gluestreaming``) rendered from specs.

One Kinesis or Kafka source is read as a stream; every micro-batch (100 seconds by
default) goes through the transforms and sinks of the batch recipe, inside the batch
function of ``glueContext.forEachBatch``. The job is built by the steps every Spark job
shares (:class:`~glueforge.jobs.spark_job.SparkJobBase`: files, role and grants,
arguments, the ``AWS::Glue::Job``, cost), as :class:`~glueforge.EtlJob` is, but it is no
``EtlJob``: it decides for itself its command, its template, the checkpoint, what it
refuses, its timeout and how its cost is counted.

AWS Glue streaming ETL: https://docs.aws.amazon.com/glue/latest/dg/add-job-streaming.html
("By default, AWS Glue processes and writes out data in 100-second windows"; "AWS Glue
streaming jobs use checkpoints rather than job bookmarks"; "AWS Glue bills hourly for
streaming ETL jobs while they are running").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aws_cdk import Duration
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from glueforge.core.errors import require_types
from glueforge.core.limits import NAME_MAX
from glueforge.core.locations import S3Location
from glueforge.core.names import unique_resource_name
from glueforge.core.stack_cache import note_child
from glueforge.core.vocabulary import (
    DEFAULT_GLUE_VERSION,
    GlueVersion,
    JobCommand,
    Language,
    WorkerType,
)
from glueforge.cost.model import STREAMING_HOURS_PER_MONTH
from glueforge.jobs.assets import state_bucket
from glueforge.jobs.spark_job import RunCost, SparkJobBase, SparkJobProps
from glueforge.jobs.spark_options import SparkUiOptions, maintenance_window_problems
from glueforge.jobs.specs.base import JobSpec, Spec
from glueforge.jobs.specs.streaming import StreamCheckpoint, StreamingSource
from glueforge.jobs.specs.transforms import Dedupe, Join, Relationalize
from glueforge.monitoring.alarms import JobAlarms, add_job_alarms

DEFAULT_WINDOW_SECONDS = 100
STREAMING_TEMPLATES = {
    Language.PYSPARK: "pyspark/streaming.py.j2",
    Language.SCALA: "scala/streaming.scala.j2",
}
#: the checkpoint's folder under the job's folder of the stack's state bucket
CHECKPOINT_FOLDER = "checkpoint/"
# Transforms that mean something else on one micro-batch than on the whole data, and why.
REFUSED_TRANSFORMS: dict[type, str] = {
    Dedupe: "it would drop duplicates within one micro-batch only, and let through those "
    "that arrive in different batches",
    Join: "forEachBatch hands the batch function one stream's micro-batch, so there is "
    "no second frame to join with",
    Relationalize: "the ids it generates to link the child tables to the root restart "
    "with every call, so the child rows of different micro-batches would share ids",
}
STREAMING_PROP_TYPES: dict[str, Any] = {
    "window_size": (Duration, None),
    "checkpoint_location": (S3Location, None),
    "maintenance_window": (str, None),
}


@dataclass(frozen=True)
class _StreamingProps(SparkJobProps):
    """StreamingJob's props as given (see :class:`StreamingJob` for each), for the steps of
    its constructor; what a streaming job has no say in is fixed."""

    specs: Sequence[Spec]
    language: Language | str
    template: str | None
    template_folders: Sequence[str]
    template_variables: Mapping[str, Any] | None
    glue_version: GlueVersion | str
    worker_type: WorkerType | str
    number_of_workers: int
    auto_scaling: bool
    window_size: Duration | None
    checkpoint_location: S3Location | None
    maintenance_window: str | None
    timeout: Duration | None
    max_retries: int
    max_concurrent_runs: int
    role: iam.IRole | None
    job_name: str | None
    description: str | None
    encryption: bool
    security_configuration: glue.ISecurityConfiguration | None
    monthly_budget: float | None
    max_cost_per_run: float | None
    temp_location: s3.IBucket | None
    additional_python_modules: Sequence[str]
    extra_python_files: Sequence[str]
    default_arguments: Mapping[str, str] | None
    continuous_logging: bool
    metrics: bool
    job_run_queuing: bool
    observability_metrics: bool
    spark_ui: bool | SparkUiOptions
    alarms: JobAlarms | None

    @property
    def flex(self) -> bool:
        return False  # streaming jobs cannot use the FLEX class

    @property
    def bookmarks(self) -> bool:
        return False  # a stream's progress is its checkpoint, not a job bookmark

    @property
    def typical_duration(self) -> None:
        return None  # a streaming run has no typical length: it runs until stopped


class StreamingJob(SparkJobBase):
    """A Glue streaming ETL job rendered from specs (PySpark or Scala).

    :param specs: one streaming source (:class:`~glueforge.KinesisSource` or
        :class:`~glueforge.KafkaSource`), then transforms and sinks as for
        :class:`~glueforge.EtlJob`, applied to each micro-batch. ``Dedupe``, ``Join`` and
        ``Relationalize`` are refused: per micro-batch they would not do what they say.
    :param language: a :class:`~glueforge.core.vocabulary.Language`. Default:
        ``Language.PYSPARK``.
    :param template: a template of your own. Default: the built-in streaming recipe.
    :param template_folders: folders holding your templates. Default: none.
    :param template_variables: extra values your template sees as ``vars``. Default: none.
    :param glue_version: Default: ``GlueVersion.V5_0``.
    :param worker_type: Default: ``WorkerType.G_1X``; ``G.025X`` (a quarter DPU, for
        low-volume streams) is for streaming jobs only.
    :param number_of_workers: Default: 2.
    :param auto_scaling: Default: ``True``.
    :param window_size: how often a micro-batch is processed (``windowSize``), in whole
        seconds. Default: 100 seconds, Glue's own.
    :param checkpoint_location: where Spark keeps the stream's progress (offsets and
        commits), an :class:`~glueforge.core.locations.S3Location`; the role may read and
        write it. Default: ``<job name>/checkpoint/`` in the stack's glueforge state
        bucket (SSE-KMS, nothing expires). Not the temporary bucket, where Glue Studio
        puts it: its objects expire after 7 days, and Spark writes a checkpoint's
        ``metadata`` once, when the query first starts, so a stream running longer
        would lose it before its next restart.
    :param maintenance_window: when Glue may restart the job for maintenance, a day and
        an hour in GMT such as ``"Sun:10"`` (``MaintenanceWindow``; Glue restarts it
        within 3 hours of it). Default: none.
    :param timeout: Default: none, so the job runs until stopped.
    :param max_retries: Default: 0.
    :param max_concurrent_runs: Default: 1.
    :param role: Default: a new role with exactly what the specs need.
    :param job_name: a literal string. Default: generated from the construct path.
    :param description: Default: none.
    :param encryption: Default: ``True``.
    :param security_configuration: Default: the stack's glueforge configuration.
    :param monthly_budget: fail synth when a month of running (DPUs x 730 h x rate)
        exceeds this many USD. Default: no limit.
    :param max_cost_per_run: refused: a streaming run has no natural end, so no cost per
        run can be bounded; use ``monthly_budget``.
    :param temp_location: bucket for ``--TempDir``. Default: the stack's glueforge temp
        bucket.
    :param additional_python_modules: pinned requirements. Default: none.
    :param extra_python_files: local ``.py`` files and package folders. Default: none.
    :param default_arguments: more job arguments; those glueforge manages are refused.
    :param continuous_logging: Default: ``True``.
    :param metrics: Default: ``True``.
    :param job_run_queuing: Default: ``False``; as for :class:`~glueforge.EtlJob`.
    :param observability_metrics: Default: ``False``; as for :class:`~glueforge.EtlJob`.
    :param spark_ui: Default: ``False``; as for :class:`~glueforge.EtlJob`.
    :param alarms: CloudWatch alarms on failed runs, as for :class:`~glueforge.EtlJob`
        (``max_runtime`` is refused: a streaming run does not end). Default: none.
    """

    #: Glue's command for this kind of job (JobCommand.Name)
    command_name = JobCommand.STREAMING
    #: whether this is a streaming job (G.025X workers, no flex)
    streaming = True

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        specs: Sequence[Spec],
        language: Language | str = Language.PYSPARK,
        template: str | None = None,
        template_folders: Sequence[str] = (),
        template_variables: Mapping[str, Any] | None = None,
        glue_version: GlueVersion | str = DEFAULT_GLUE_VERSION,
        worker_type: WorkerType | str = WorkerType.G_1X,
        number_of_workers: int = 2,
        auto_scaling: bool = True,
        window_size: Duration | None = None,
        checkpoint_location: S3Location | None = None,
        maintenance_window: str | None = None,
        timeout: Duration | None = None,
        max_retries: int = 0,
        max_concurrent_runs: int = 1,
        role: iam.IRole | None = None,
        job_name: str | None = None,
        description: str | None = None,
        encryption: bool = True,
        security_configuration: glue.ISecurityConfiguration | None = None,
        monthly_budget: float | None = None,
        max_cost_per_run: float | None = None,
        temp_location: s3.IBucket | None = None,
        additional_python_modules: Sequence[str] = (),
        extra_python_files: Sequence[str] = (),
        default_arguments: Mapping[str, str] | None = None,
        continuous_logging: bool = True,
        metrics: bool = True,
        job_run_queuing: bool = False,
        observability_metrics: bool = False,
        spark_ui: bool | SparkUiOptions = False,
        alarms: JobAlarms | None = None,
    ) -> None:
        super().__init__(scope, id)
        note_child(self, scope, id)
        given = dict(locals())
        require_types(self, {name: (given[name], t) for name, t in STREAMING_PROP_TYPES.items()})
        props = _StreamingProps.given(given)
        self._build(scope, props)
        self.alarm_set = add_job_alarms(self, props.alarms)

    # ---- what a streaming job decides (the steps are SparkJobBase's) ------------------------

    def _job_spec(self, props: _StreamingProps) -> JobSpec:
        job_name = props.job_name or unique_resource_name(self, max_length=NAME_MAX)
        location = props.checkpoint_location or S3Location(
            state_bucket(self), f"{job_name}/{CHECKPOINT_FOLDER}"
        )
        checkpoint = StreamCheckpoint(
            name="checkpoint", location=location, window_seconds=_window_seconds(props)
        )
        return JobSpec.of([*props.specs, checkpoint])

    def _kind_problems(self, props: _StreamingProps) -> list[str]:
        problems = _source_problems(self.spec)
        problems += [
            f"transform {t.name!r}: a {type(t).__name__} cannot run in a StreamingJob: "
            f"{REFUSED_TRANSFORMS[type(t)]}"
            for t in self.spec.transforms
            if type(t) in REFUSED_TRANSFORMS
        ]
        if not [s for s in self.spec.sinks if not isinstance(s, StreamCheckpoint)]:
            problems.append("a job needs at least one sink, e.g. S3Sink('curated', ...)")
        seconds = _window_seconds(props)
        if props.window_size is not None and (seconds < 1 or seconds != _exact_seconds(props)):
            problems.append(
                f"window_size must be a whole number of seconds, at least 1, got "
                f"{_exact_seconds(props):g} seconds"
            )
        problems += maintenance_window_problems(props.maintenance_window)
        if props.max_cost_per_run is not None:
            problems.append(
                f"max_cost_per_run ({props.max_cost_per_run!r}) cannot be checked for a "
                "streaming job: its run has no natural end (Glue bills it hourly while it "
                "runs); use monthly_budget, checked against DPUs x "
                f"{STREAMING_HOURS_PER_MONTH} h x rate"
            )
        return problems

    def _template(self, props: _StreamingProps) -> str | None:
        return props.template or STREAMING_TEMPLATES[Language(props.language)]

    def _job_timeout(self, props: _StreamingProps) -> Duration | None:
        # Choice: no Timeout unless given, as aws-cdk-lib's streaming jobs do. A streaming
        # job runs until stopped; the Terraform AWS provider documents the gluestreaming
        # default as 0 (unlimited). UNCONFIRMED against an AWS page: the Glue API's Timeout
        # doc gives batch defaults (480 minutes from Glue 5.0) and says a streaming job with
        # a maintenance window restarts "after 7 days"; pass timeout= to bound it.
        return props.timeout

    def _maintenance_window(self, props: _StreamingProps) -> str | None:
        return props.maintenance_window

    def _run_cost(self, props: _StreamingProps) -> RunCost:
        # Always running: one "run" a month of 730 hours, with no worst case per run.
        return RunCost(
            kind="streaming",
            timeout_minutes=None,
            typical_minutes=STREAMING_HOURS_PER_MONTH * 60,
            max_cost_per_run=None,
        )


def _exact_seconds(props: _StreamingProps) -> float:
    if props.window_size is None:
        return DEFAULT_WINDOW_SECONDS
    return props.window_size.to_seconds(integral=False)


def _window_seconds(props: _StreamingProps) -> int:
    return int(_exact_seconds(props))


def _source_problems(spec: JobSpec) -> list[str]:
    """Exactly one source, and a streaming one."""
    problems = [
        f"source {s.name!r} is a {type(s).__name__}, which a StreamingJob cannot read: "
        "its source is one KinesisSource or KafkaSource (read a table in an EtlJob)"
        for s in spec.sources
        if not isinstance(s, StreamingSource)
    ]
    if len(spec.sources) > 1:
        problems.append(
            f"a StreamingJob reads one stream, got sources {[s.name for s in spec.sources]}: "
            "forEachBatch hands the batch function one stream's micro-batches"
        )
    return problems
