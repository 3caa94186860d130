"""Opt-in alarms on jobs and crawlers, notifying a KMS-encrypted SNS topic.

Every job and crawler construct takes an ``alarms`` prop (:class:`JobAlarms`,
:class:`CrawlerAlarms`) and passes it to :func:`add_job_alarms` /
:func:`add_crawler_alarms` as its last step, which make an :class:`AlarmSet` child
(``Alarms``) holding:

- ``Failure``: a run failed. A run that ends ``FAILED`` sends a ``Glue Job State Change``
  event; the alarm watches the ``AWS/Events`` ``TriggeredRules`` metric (``Sum``, 5
  minutes) of the job's ``FailureMetricRule`` (:meth:`JobMonitoring.metric_failure`,
  as aws-cdk-lib's ``metricFailure``) and fires at 1 or more.
- ``Timeout``: the same on ``TIMEOUT`` (``TimeoutMetricRule``).
- ``Runtime`` (with ``max_runtime``): a run took too long. How depends on what the job
  publishes:

  - a Spark job run with ``--enable-metrics`` (``glueetl``; also an imported job, which
    glueforge cannot inspect): ``glue.driver.aggregate.elapsedTime`` (``Maximum``, 5
    minutes) above ``max_runtime`` in milliseconds. That metric leaves out the bootstrap
    time (Glue's metrics page), so a run is flagged once its ETL time passes the limit.
  - a job without Glue metrics (``pythonshell``, or a Spark job with ``metrics=False``):
    no metric measures its runtime, so glueforge sets the job's delay notification
    threshold (``NotificationProperty.NotifyDelayAfter``, whole minutes) to
    ``max_runtime``; Glue then sends a ``Glue Job Run Status`` event when a run is
    still running after that long (https://docs.aws.amazon.com/glue/latest/dg/automating-awsglue-with-cloudwatch-events.html),
    and the alarm watches a rule on it (``RuntimeRule``).
  - a streaming job (``gluestreaming``) runs until stopped, so ``max_runtime`` is refused:
    alarm on :meth:`JobMonitoring.metric_batch_processing_time` instead.

Crawlers have no per-crawler CloudWatch metric, so their ``Failure`` alarm watches the
``TriggeredRules`` metric of a rule on ``Glue Crawler State Change`` ``Failed`` events.

Missing data is not breaching: no run, no alarm. Each alarm notifies ``topic``, or the
stack's alarm topic (:mod:`glueforge.monitoring.topic`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

from aws_cdk import Duration, Token
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_glue as glue
from aws_cdk import aws_sns as sns
from constructs import Construct, IConstruct

from glueforge.core.errors import raise_if_problems, require_types
from glueforge.core.stack_cache import node_of
from glueforge.core.vocabulary import JobCommand
from glueforge.monitoring.events import JOB_RUN_STATUS, glue_rule
from glueforge.monitoring.metrics import rule_metric
from glueforge.monitoring.topic import alarm_topic

ALARMS_ID = "Alarms"
MS_PER_MINUTE = 60_000
METRICS_ARGUMENT = "--enable-metrics"


@dataclass(frozen=True, kw_only=True)
class JobAlarms:
    """Alarms for a job's ``alarms`` prop.

    :param topic: the SNS topic to notify; give it a KMS key whose policy lets
        ``cloudwatch.amazonaws.com`` use it, and a policy letting CloudWatch publish.
        Default: the stack's alarm topic (:func:`glueforge.monitoring.topic.alarm_topic`).
    :param on_failure: alarm when a run fails. Default: ``True``.
    :param on_timeout: alarm when a run times out. Default: ``True``.
    :param max_runtime: alarm when a run takes longer than this: whole minutes, at least
        1, and less than the job's timeout. Watched with ``glue.driver.aggregate.elapsedTime``
        for Spark jobs with metrics (and imported jobs, which glueforge cannot inspect:
        it assumes one), with the job's delay notification for jobs without Glue metrics
        (Python shell, ``metrics=False``); refused for streaming jobs. Default: no
        runtime alarm.
    """

    topic: sns.ITopic | None = None
    on_failure: bool = True
    on_timeout: bool = True
    max_runtime: Duration | None = None


@dataclass(frozen=True, kw_only=True)
class CrawlerAlarms:
    """Alarms for a crawler's ``alarms`` prop.

    :param topic: as :class:`JobAlarms`. Default: the stack's alarm topic.
    :param on_failure: alarm when a crawl fails. Default: ``True``.
    """

    topic: sns.ITopic | None = None
    on_failure: bool = True


class _MonitoredJob(Protocol):
    """What :func:`add_job_alarms` needs of a job (:class:`JobMonitoring` has it)."""

    job_name: str

    def metric_failure(self, **props: Any) -> cloudwatch.Metric: ...

    def metric_timeout(self, **props: Any) -> cloudwatch.Metric: ...

    def metric_elapsed_time(self, **props: Any) -> cloudwatch.Metric: ...


class _MonitoredCrawler(Protocol):
    crawler_name: str

    def metric_failure(self, **props: Any) -> cloudwatch.Metric: ...


class AlarmSet(Construct):
    """The alarms of one job or crawler, and the topic they notify.

    ``alarms`` maps each alarm's id (``Failure``, ``Timeout``, ``Runtime``) to it.
    """

    def __init__(self, scope: Construct, id: str, *, topic: sns.ITopic) -> None:
        super().__init__(scope, id)
        self.topic = topic
        self.alarms: dict[str, cloudwatch.Alarm] = {}

    def add(
        self,
        id: str,
        *,
        metric: cloudwatch.IMetric,
        threshold: float,
        description: str,
        comparison: cloudwatch.ComparisonOperator = (
            cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
        ),
    ) -> cloudwatch.Alarm:
        """An alarm on one period of ``metric`` that notifies :attr:`topic`."""
        alarm = cloudwatch.Alarm(
            self,
            id,
            metric=metric,
            threshold=threshold,
            comparison_operator=comparison,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            alarm_description=description,
        )
        alarm.add_alarm_action(actions.SnsAction(self.topic))
        self.alarms[id] = alarm
        return alarm


class _Runtime(Enum):
    """How a job's runtime is watched (see the module docstring)."""

    ELAPSED_TIME = "elapsed time metric"
    DELAY_NOTIFICATION = "delay notification"


def add_job_alarms(job: _MonitoredJob, alarms: JobAlarms | None) -> AlarmSet | None:
    """The alarms ``alarms`` asks for on ``job``, as its child ``Alarms``; None without.

    Every job construct calls this as the last step of its constructor, with its
    ``alarms`` prop: ``add_job_alarms(self, alarms)``. Problems (a bad ``max_runtime``)
    raise one :class:`~glueforge.core.errors.GlueforgeValidationError` naming the job.
    """
    if alarms is None:
        return None
    require_types(job, {"alarms": (alarms, JobAlarms)})  # type: ignore[arg-type]
    require_types(
        job,  # type: ignore[arg-type]
        {
            "alarms.on_failure": (alarms.on_failure, bool),
            "alarms.on_timeout": (alarms.on_timeout, bool),
            "alarms.max_runtime": (alarms.max_runtime, (Duration, None)),
        },
    )
    runtime = None
    if alarms.max_runtime is not None:
        runtime, problems = _runtime_plan(job, alarms.max_runtime)
        raise_if_problems(job, problems)  # type: ignore[arg-type]
    found = _alarm_set(job, alarms.topic)
    name = job.job_name
    if alarms.on_failure:
        found.add(
            "Failure",
            metric=job.metric_failure(),
            threshold=1,
            description=(f"Glue job {name}: a run failed ('Glue Job State Change' state FAILED)"),
        )
    if alarms.on_timeout:
        found.add(
            "Timeout",
            metric=job.metric_timeout(),
            threshold=1,
            description=(
                f"Glue job {name}: a run timed out ('Glue Job State Change' state TIMEOUT)"
            ),
        )
    if alarms.max_runtime is not None:
        _add_runtime_alarm(found, job, runtime, _whole_minutes(alarms.max_runtime))
    return found


def add_crawler_alarms(crawler: _MonitoredCrawler, alarms: CrawlerAlarms | None) -> AlarmSet | None:
    """The alarms ``alarms`` asks for on ``crawler``, as its child ``Alarms``; None without."""
    if alarms is None:
        return None
    require_types(crawler, {"alarms": (alarms, CrawlerAlarms)})  # type: ignore[arg-type]
    require_types(
        crawler,  # type: ignore[arg-type]
        {"alarms.on_failure": (alarms.on_failure, bool)},
    )
    found = _alarm_set(crawler, alarms.topic)
    if alarms.on_failure:
        found.add(
            "Failure",
            metric=crawler.metric_failure(),
            threshold=1,
            description=(
                f"Glue crawler {crawler.crawler_name}: a crawl failed "
                "('Glue Crawler State Change' state Failed)"
            ),
        )
    return found


# ---- helpers ------------------------------------------------------------------------------


def _alarm_set(owner: Any, topic: sns.ITopic | None) -> AlarmSet:
    if topic is not None and not hasattr(topic, "topic_arn"):
        raise TypeError(
            f"{node_of(owner).path}: alarms.topic must be an sns.ITopic, got "
            f"{type(topic).__name__} {topic!r:.60}"
        )
    return AlarmSet(owner, ALARMS_ID, topic=topic if topic is not None else alarm_topic(owner))


def _add_runtime_alarm(found: AlarmSet, job: Any, runtime: _Runtime | None, minutes: int):
    name = job.job_name
    if runtime is _Runtime.ELAPSED_TIME:
        found.add(
            "Runtime",
            metric=job.metric_elapsed_time(),
            threshold=minutes * MS_PER_MINUTE,
            comparison=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            description=f"Glue job {name}: a run's ETL time passed {minutes} minutes "
            "(glue.driver.aggregate.elapsedTime)",
        )
        return
    resource = _cfn_job(job)
    assert resource is not None  # _runtime_plan chose the delay notification for it
    resource.notification_property = glue.CfnJob.NotificationPropertyProperty(
        notify_delay_after=minutes
    )
    rule = glue_rule(
        found,
        "RuntimeRule",
        detail_types=(JOB_RUN_STATUS,),
        detail={"jobName": [name]},
        description=f"Glue job {name}: a run is still going after {minutes} minutes",
    )
    found.add(
        "Runtime",
        metric=rule_metric(rule),
        threshold=1,
        description=f"Glue job {name}: a run was still going after {minutes} minutes "
        "('Glue Job Run Status' event after NotifyDelayAfter)",
    )


def _runtime_plan(job: Any, max_runtime: Duration) -> tuple[_Runtime | None, list[str]]:
    """How to watch ``job``'s runtime, and what is wrong with ``max_runtime`` for it."""
    seconds = max_runtime.to_seconds(integral=False)
    if seconds < 60 or seconds % 60:
        return None, [
            f"alarms.max_runtime must be a whole number of minutes, at least 1 (Glue's "
            f"NotifyDelayAfter and job timeout are in minutes), got {seconds:g} seconds"
        ]
    minutes = int(seconds // 60)
    resource = _cfn_job(job)
    if resource is None:
        # Choice: an imported job cannot be inspected or changed; glueforge assumes a
        # Spark job with metrics, the most common kind (documented on JobAlarms).
        return _Runtime.ELAPSED_TIME, []
    command = getattr(resource.command, "name", None)
    if command == JobCommand.STREAMING:
        return None, [
            f"alarms.max_runtime ({minutes} minutes) is for jobs whose runs end: a "
            "streaming job (gluestreaming) runs until stopped; alarm on "
            "metric_batch_processing_time() instead, or leave max_runtime unset"
        ]
    problems = _timeout_problems(resource, minutes)
    if command == JobCommand.SPARK and METRICS_ARGUMENT in (_arguments(resource)):
        return _Runtime.ELAPSED_TIME, problems
    existing = getattr(resource.notification_property, "notify_delay_after", None)
    if existing is not None and existing != minutes:
        problems.append(
            f"alarms.max_runtime ({minutes} minutes) would set the job's NotifyDelayAfter, "
            f"which is {existing} minutes already; make them equal or drop one"
        )
    return _Runtime.DELAY_NOTIFICATION, problems


def _timeout_problems(resource: glue.CfnJob, minutes: int) -> list[str]:
    timeout = resource.timeout
    # Choice: with no Timeout set, Glue's default depends on the Glue version (2880
    # or 480 minutes); the run ends at it and on_timeout covers it, so no check here.
    if not isinstance(timeout, (int, float)) or Token.is_unresolved(timeout):
        return []
    if minutes >= timeout:
        return [
            f"alarms.max_runtime ({minutes} minutes) must be less than the job's timeout "
            f"({timeout:g} minutes): a run that reaches the timeout ends as TIMEOUT, "
            "which alarms.on_timeout alarms on"
        ]
    return []


def _cfn_job(job: Any) -> glue.CfnJob | None:
    """The ``AWS::Glue::Job`` of a job made in this app (its ``resource``), if any."""
    resource = getattr(job, "resource", None)
    return resource if isinstance(resource, glue.CfnJob) else None


def _arguments(resource: glue.CfnJob) -> dict[str, Any]:
    arguments = resource.default_arguments
    return arguments if isinstance(arguments, dict) else {}


def _whole_minutes(duration: Duration) -> int:
    return int(duration.to_seconds(integral=False) // 60)


def alarm_set_of(scope: IConstruct) -> AlarmSet | None:
    """The :class:`AlarmSet` of a job or crawler, if it has alarms."""
    child = node_of(scope).try_find_child(ALARMS_ID)
    return child if isinstance(child, AlarmSet) else None
