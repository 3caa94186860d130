"""EtlJob: a Glue Spark job whose script, arguments and IAM come from one spec list.

Built on ``CfnJob`` rather than aws-cdk-lib's ``PySparkEtlJob``/``ScalaSparkEtlJob``,
because in 2.275 those classes stand in the way of a least-privilege, correct job: they
grant the role read on the whole CDK assets bucket (cdk-nag IAM5), upload extra Python
files under content-hash names (so ``import mymodule`` fails: aws-cdk issue 20481), and
reject ``--extra-py-files`` and ``--enable-metrics`` in ``default_arguments``, which
glueforge must set from the specs.
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

from glueforge.core.stack_cache import note_child
from glueforge.core.vocabulary import (
    DEFAULT_GLUE_VERSION,
    GlueVersion,
    JobCommand,
    Language,
    WorkerType,
)
from glueforge.jobs.spark_job import RunCost, SparkJobBase, SparkJobProps
from glueforge.jobs.spark_options import SparkUiOptions
from glueforge.jobs.specs.base import JobSpec, Spec
from glueforge.jobs.specs.streaming import StreamingSource
from glueforge.jobs.specs.typed_reads import typed_reads
from glueforge.monitoring.alarms import JobAlarms, add_job_alarms


@dataclass(frozen=True)
class _Props(SparkJobProps):
    """EtlJob's props as given (see :class:`EtlJob` for each), for the steps of its constructor."""

    specs: Sequence[Spec]
    language: Language | str
    template: str | None
    template_folders: Sequence[str]
    template_variables: Mapping[str, Any] | None
    glue_version: GlueVersion | str
    worker_type: WorkerType | str
    number_of_workers: int
    auto_scaling: bool
    flex: bool
    timeout: Duration | None
    max_retries: int
    max_concurrent_runs: int
    bookmarks: bool | None
    role: iam.IRole | None
    job_name: str | None
    description: str | None
    encryption: bool
    security_configuration: glue.ISecurityConfiguration | None
    typical_duration: Duration | None
    max_cost_per_run: float | None
    monthly_budget: float | None
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


class EtlJob(SparkJobBase):
    """A Glue Spark ETL job rendered from specs (PySpark or Scala).

    :param specs: sources, transforms and sinks, e.g. ``[S3Source("orders", ...),
        Dedupe("latest", ...), S3Sink("curated", ...)]``.
    :param language: a :class:`~glueforge.core.vocabulary.Language`, or its value
        ``"pyspark"`` or ``"scala"``. Default: ``Language.PYSPARK``.
    :param template: a template of your own, e.g. ``"orders.py.j2"``, looked up in
        ``template_folders`` first, then in glueforge's. Default: the built-in recipe.
    :param template_folders: folders holding your templates. Default: none.
    :param template_variables: extra values your template sees as ``vars``; they pass
        through the same literal filters. Default: none.
    :param glue_version: a :class:`~glueforge.core.vocabulary.GlueVersion`, or its value
        such as ``"5.0"``. Default: ``GlueVersion.V5_0`` (Spark 3.5.4, as glueforge runs
        locally).
    :param worker_type: a :class:`~glueforge.core.vocabulary.WorkerType`, or its value such
        as ``"G.1X"``. R.* (memory-optimized) jobs are estimated as unpriced: no source
        confirms their M-DPU rate. Default: ``WorkerType.G_1X``.
    :param number_of_workers: the maximum with auto-scaling. Default: 2.
    :param auto_scaling: let Glue use fewer workers when it can. Default: ``True``.
    :param flex: run on spare capacity at the lower Flex rate. Default: ``False``.
    :param timeout: Default: 60 minutes (Glue's own default is 8 to 48 hours).
    :param max_retries: Default: 0.
    :param max_concurrent_runs: Default: 1.
    :param bookmarks: Default: on when every source can use a bookmark.
    :param role: Default: a new role with exactly what the specs need. A role of this
        stack gets the grants in its own policy; a role of another stack (sibling, parent
        or nested) gets them in a policy of this job's stack attached to it, so neither
        stack points back at the other (:mod:`glueforge.iam.placement`).
    :param job_name: a literal string (not a deploy-time token: the job's files are
        staged under it at synth). Default: generated from the construct path.
    :param description: Default: none.
    :param encryption: run under a security configuration. ``False`` is the explicit
        opt-out: no security configuration at all. Default: ``True``.
    :param security_configuration: the configuration to run under. Default: the stack's
        glueforge configuration (SSE-KMS for S3, KMS for logs, CSE-KMS for bookmarks, on
        one rotated customer-managed key: :mod:`glueforge.security.configuration`).
    :param typical_duration: how long a run usually takes, for the expected cost.
        Default: a quarter of ``timeout``.
    :param max_cost_per_run: fail synth when the worst case per run (workers x DPU x
        timeout at the job's rate) exceeds this many USD. Default: no limit.
    :param monthly_budget: fail synth when the expected monthly cost exceeds this many
        USD. Default: no limit.
    :param temp_location: bucket for ``--TempDir``. Default: the stack's glueforge temp
        bucket (objects expire after 7 days), under ``<job name>/``.
    :param additional_python_modules: pinned requirements, e.g. ``["pyarrow==17.0.0"]``.
    :param extra_python_files: local ``.py`` files and package folders; zipped into one
        archive so ``import name`` works on Glue. Default: none.
    :param default_arguments: more job arguments; those glueforge manages are refused.
    :param continuous_logging: Default: ``True``.
    :param metrics: Default: ``True``.
    :param job_run_queuing: queue runs that would exceed a Glue quota instead of failing
        them (``JobRunQueuingEnabled``; a queued run waits in state ``WAITING``). Refused
        with ``flex`` or ``max_retries`` above 0. Default: ``False``.
    :param observability_metrics: Glue's observability metrics (Glue 4.0+:
        ``--enable-observability-metrics``). Default: ``False``.
    :param spark_ui: write Spark event logs for the Spark UI (``--enable-spark-ui``,
        ``--spark-event-logs-path``): ``True`` for ``<job name>/spark-ui/`` in the job's
        temporary bucket (SSE-KMS), or a :class:`~glueforge.SparkUiOptions` for another
        place, which the role may then read and write. Default: ``False``.
    :param alarms: CloudWatch alarms on failed and timed-out runs and on runtime,
        notifying a KMS-encrypted SNS topic, e.g. ``JobAlarms(max_runtime=
        Duration.minutes(45))`` (:mod:`glueforge.monitoring.alarms`). Default: none.

    A job made elsewhere comes in through :meth:`from_job_attributes`,
    :meth:`from_job_name` or :meth:`from_job_arn` (inherited from :class:`JobBase`).
    """

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
        flex: bool = False,
        timeout: Duration | None = None,
        max_retries: int = 0,
        max_concurrent_runs: int = 1,
        bookmarks: bool | None = None,
        role: iam.IRole | None = None,
        job_name: str | None = None,
        description: str | None = None,
        encryption: bool = True,
        security_configuration: glue.ISecurityConfiguration | None = None,
        typical_duration: Duration | None = None,
        max_cost_per_run: float | None = None,
        monthly_budget: float | None = None,
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
        props = _Props.given(locals())
        self._build(scope, props)
        self.alarm_set = add_job_alarms(self, props.alarms)

    #: Glue's command for this kind of job (JobCommand.Name)
    command_name = JobCommand.SPARK
    #: whether this is a streaming job (G.025X workers, no flex)
    streaming = False

    # ---- what a batch job decides (the steps are SparkJobBase's) ---------------------------

    def _job_spec(self, props: _Props) -> JobSpec:
        return JobSpec.of(typed_reads(props.specs, bookmarks=props.bookmarks))

    def _kind_problems(self, props: _Props) -> list[str]:
        """Streaming sources: only a StreamingJob reads them."""
        return [
            f"source {s.name!r} is a {type(s).__name__}, which only a StreamingJob reads "
            "(Glue reads Kinesis and Kafka as streams, in micro-batches); use StreamingJob"
            for s in self.spec.sources
            if isinstance(s, StreamingSource)
        ]

    def _template(self, props: _Props) -> str | None:
        return props.template

    def _job_timeout(self, props: _Props) -> Duration:
        return props.run_timeout

    def _maintenance_window(self, props: _Props) -> str | None:
        # Glue restarts streaming jobs in a maintenance window; batch jobs have none
        # (Glue API, Job.MaintenanceWindow: "for streaming jobs").
        return None

    def _run_cost(self, props: _Props) -> RunCost:
        return RunCost(
            kind="job",
            timeout_minutes=props.timeout_minutes,
            typical_minutes=props.typical_minutes,
            max_cost_per_run=props.max_cost_per_run,
        )
