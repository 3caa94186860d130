"""Job options every Spark job (batch or streaming) takes: run queuing, observability
metrics, the Spark UI, and (streaming only) a maintenance window.

Each option is an ``AWS::Glue::Job`` property or one of Glue's special job parameters
(https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html);
here are their checks, their arguments and the grant the Spark UI needs, so
:class:`~glueforge.EtlJob` and :class:`~glueforge.StreamingJob` say each once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from glueforge.core.locations import s3_prefix_problems
from glueforge.core.stack_cache import s3_url
from glueforge.iam.grants import add_s3_prefix_read_write

#: Glue's special parameters for these options (the page above)
OBSERVABILITY_METRICS = "--enable-observability-metrics"
SPARK_UI = "--enable-spark-ui"
SPARK_EVENT_LOGS_PATH = "--spark-event-logs-path"
#: AWS::Glue::Job MaintenanceWindow: a day of the week and an hour in GMT, e.g. "Sun:10"
#: (the CloudFormation schema's and the Glue API's pattern)
MAINTENANCE_WINDOW = re.compile(r"^(Sun|Mon|Tue|Wed|Thu|Fri|Sat):([01]?[0-9]|2[0-3])$")
#: the Spark UI's event logs, under the job's folder of the temporary bucket by default
DEFAULT_SPARK_UI_FOLDER = "spark-ui/"


@dataclass(frozen=True, kw_only=True)
class SparkUiOptions:
    """Where a job writes its Spark event logs, for the Spark UI (``--enable-spark-ui``).

    :param bucket: the bucket. Default: the job's temporary bucket (the stack's glueforge
        temp bucket, SSE-KMS with the stack's key: :mod:`glueforge.security.buckets`).
    :param prefix: the key prefix, ending in ``/``. Default: ``<job name>/spark-ui/``.
    """

    bucket: s3.IBucket | None = None
    prefix: str | None = None


def spark_ui_location(
    spark_ui: bool | SparkUiOptions, *, temp_bucket: s3.IBucket, job_name: str
) -> tuple[s3.IBucket, str] | None:
    """The bucket and prefix of the job's Spark event logs; None with the UI off."""
    if spark_ui is False:
        return None
    options = spark_ui if isinstance(spark_ui, SparkUiOptions) else SparkUiOptions()
    prefix = (
        options.prefix if options.prefix is not None else f"{job_name}/{DEFAULT_SPARK_UI_FOLDER}"
    )
    return options.bucket or temp_bucket, prefix


def spark_option_problems(
    *,
    job_run_queuing: bool,
    flex: bool,
    max_retries: int,
    spark_ui: bool | SparkUiOptions,
) -> list[str]:
    """Why Glue would refuse these options together; empty when it takes them."""
    problems = []
    # aws-cdk-lib's job props (jobRunQueuingEnabled): "This property must be set to false
    # for flex jobs. If this property is enabled, maxRetries must be set to zero."
    if job_run_queuing and flex:
        problems.append(
            "job_run_queuing=True cannot be used with flex=True: Glue queues only standard "
            "runs (JobRunQueuingEnabled must be false for flex jobs)"
        )
    if job_run_queuing and max_retries:
        problems.append(
            f"job_run_queuing=True needs max_retries=0, got {max_retries}: a queued run is "
            "not retried (JobRunQueuingEnabled needs MaxRetries 0)"
        )
    if isinstance(spark_ui, SparkUiOptions) and spark_ui.prefix is not None:
        prefix = spark_ui.prefix
        problems += s3_prefix_problems(prefix, "spark_ui prefix")
        if isinstance(prefix, str) and not prefix.endswith("/"):
            problems.append(
                f"spark_ui prefix {prefix!r} must end with '/': Glue writes the event logs "
                "into that folder, e.g. 'spark-ui/orders/'"
            )
    return problems


def maintenance_window_problems(window: object) -> list[str]:
    """Why Glue would refuse ``window`` as a MaintenanceWindow; empty when it takes it."""
    if window is None:
        return []
    if not isinstance(window, str) or not MAINTENANCE_WINDOW.match(window):
        return [
            f"maintenance_window {window!r} does not match {MAINTENANCE_WINDOW.pattern} "
            "(a day and an hour in GMT, e.g. 'Sun:10')"
        ]
    return []


def spark_option_arguments(
    *, observability_metrics: bool, spark_ui: tuple[s3.IBucket, str] | None
) -> dict[str, str]:
    """The job arguments of these options, only for those that are on."""
    arguments = {}
    if observability_metrics:
        arguments[OBSERVABILITY_METRICS] = "true"
    if spark_ui is not None:
        bucket, prefix = spark_ui
        arguments[SPARK_UI] = "true"
        arguments[SPARK_EVENT_LOGS_PATH] = s3_url(bucket, prefix)
    return arguments


def grant_spark_ui(
    grantee: iam.IGrantable, spark_ui: tuple[s3.IBucket, str] | None, *, covered: tuple
) -> None:
    """Read/write on exactly the event-log prefix (its key too, for an SSE-KMS bucket),
    unless ``covered`` (a bucket and prefix already granted) holds it."""
    if spark_ui is None:
        return
    bucket, prefix = spark_ui
    if bucket is covered[0] and prefix.startswith(covered[1]):
        return
    add_s3_prefix_read_write(grantee, bucket, prefix)
