"""What starts a pipeline and what moves it on: start triggers and conditions.

These are values: factories build them, :class:`glueforge.Pipeline` checks them (naming
its construct path) and renders them into ``AWS::Glue::Trigger`` properties. The jobs
and crawlers they name are :mod:`glueforge.pipelines.runnables`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_glue as glue
from aws_cdk import aws_s3 as s3

from glueforge.core.cron import cron_problems
from glueforge.core.vocabulary import CRAWL_END_STATES, JOB_END_STATES, CrawlerState, JobState
from glueforge.pipelines.runnables import Runnable, RunnableRef

# Glue's limits on event batching (AWS::Glue::Trigger EventBatchingCondition).
BATCH_SIZE_RANGE = (1, 100)
BATCH_WINDOW_SECONDS_RANGE = (1, 900)
DEFAULT_BATCH_WINDOW = Duration.seconds(900)  # Glue's own default when none is given


@dataclass(frozen=True)
class _Clause:
    runnable: RunnableRef
    state: str

    def problems(self) -> list[str]:
        kind = self.runnable.kind
        allowed = JOB_END_STATES if kind == "job" else CRAWL_END_STATES
        if self.state in allowed:
            return []
        return [
            f"a condition on {self.runnable.describe()} waits for state {self.state!r}, which "
            f"never ends a {kind} run; a {kind} condition takes {', '.join(allowed)}"
        ]

    def render(self) -> dict[str, str]:
        # LogicalOperator is required by Glue even for one condition (aws-cdk issue 34652).
        if self.runnable.kind == "job":
            return {
                "logicalOperator": "EQUALS",
                "jobName": self.runnable.name,
                "state": self.state,
            }
        return {
            "logicalOperator": "EQUALS",
            "crawlerName": self.runnable.name,
            "crawlState": self.state,
        }


class Condition:
    """When a conditional trigger fires: a job or crawler ending in a state, or all/any
    of several.

    Glue predicates are flat, so :meth:`all_of` and :meth:`any_of` combine single
    conditions (or conditions of the same kind, which are flattened). Build one with the
    factories (:meth:`succeeded`, :meth:`failed`, ..., :meth:`all_of`, :meth:`any_of`).
    """

    def __init__(self, clauses: tuple[_Clause, ...], logical: Literal["AND", "ANY"]):
        self._clauses = clauses
        self._logical = logical
        self._problems: list[str] = []

    @classmethod
    def state(
        cls,
        runnable: Runnable,
        state: str | JobState | CrawlerState | glue.JobState | glue.CrawlerState,
    ) -> Condition:
        """The job or crawler ``runnable`` ended in ``state``: SUCCEEDED, FAILED, TIMEOUT or
        STOPPED for a job; SUCCEEDED, FAILED or CANCELLED for a crawler. Other states fail
        at synth."""
        value = state.value if isinstance(state, (glue.JobState, glue.CrawlerState)) else state
        return cls((_Clause(RunnableRef.of(runnable), str(value)),), "AND")

    @classmethod
    def succeeded(cls, runnable: Runnable) -> Condition:
        """The job or crawler ``runnable`` succeeded."""
        return cls.state(runnable, JobState.SUCCEEDED)  # a crawl's SUCCEEDED is the same word

    @classmethod
    def failed(cls, runnable: Runnable) -> Condition:
        """The job or crawler ``runnable`` failed."""
        return cls.state(runnable, JobState.FAILED)  # a crawl's FAILED is the same word

    @classmethod
    def timed_out(cls, job: Runnable) -> Condition:
        """The job ``job`` ran past its timeout."""
        return cls.state(job, JobState.TIMEOUT)

    @classmethod
    def stopped(cls, job: Runnable) -> Condition:
        """The job ``job`` was stopped."""
        return cls.state(job, JobState.STOPPED)

    @classmethod
    def cancelled(cls, crawler: Runnable) -> Condition:
        """The crawler ``crawler`` was cancelled."""
        return cls.state(crawler, CrawlerState.CANCELLED)

    @classmethod
    def all_of(cls, *conditions: Condition) -> Condition:
        """Fire when every one of ``conditions`` holds (Glue ``Logical: AND``)."""
        return cls._combine("AND", conditions)

    @classmethod
    def any_of(cls, *conditions: Condition) -> Condition:
        """Fire when any one of ``conditions`` holds (Glue ``Logical: ANY``)."""
        return cls._combine("ANY", conditions)

    @classmethod
    def _combine(
        cls, logical: Literal["AND", "ANY"], conditions: tuple[Condition, ...]
    ) -> Condition:
        clauses: list[_Clause] = []
        problems: list[str] = []
        name = "all_of" if logical == "AND" else "any_of"
        for condition in conditions:
            if not isinstance(condition, Condition):
                raise TypeError(f"{name} takes Condition values, got {condition!r}")
            nested = len(condition._clauses) > 1 and condition._logical != logical
            if nested:
                problems.append(
                    f"{name}({condition.describe()}) nests a different logic; Glue predicates "
                    "are flat, so split it into separate triggers"
                )
            clauses.extend(condition._clauses)
            problems.extend(condition._problems)
        if not clauses:
            problems.append(f"{name}() needs at least one condition")
        if logical == "AND":
            states: dict[str, set[str]] = {}
            for clause in clauses:
                states.setdefault(clause.runnable.key, set()).add(clause.state)
            problems.extend(
                f"all_of waits on {clause.runnable.describe()} ending both "
                f"{' and '.join(sorted(states[clause.runnable.key]))}, which can never happen; "
                "use any_of"
                for clause in {c.runnable.key: c for c in clauses}.values()
                if len(states[clause.runnable.key]) > 1
            )
        combined = cls(tuple(clauses), logical)
        combined._problems = problems
        return combined

    @property
    def runnables(self) -> tuple[RunnableRef, ...]:
        """The jobs and crawlers this condition waits on."""
        return tuple(c.runnable for c in self._clauses)

    @property
    def clauses(self) -> tuple[tuple[RunnableRef, str], ...]:
        """Each job or crawler with the state it waits for."""
        return tuple((c.runnable, c.state) for c in self._clauses)

    @property
    def logical(self) -> Literal["AND", "ANY"]:
        return self._logical

    def problems(self) -> list[str]:
        return [*self._problems, *(p for c in self._clauses for p in c.problems())]

    def describe(self) -> str:
        parts = [f"{c.runnable.describe()} {c.state}" for c in self._clauses]
        joiner = " and " if self._logical == "AND" else " or "
        return joiner.join(parts)

    def predicate(self) -> dict[str, Any]:
        # Always send Logical: Glue requires it with several conditions, and moto crashes
        # without it even for one (notes/moto.md 1c).
        return {"logical": self._logical, "conditions": [c.render() for c in self._clauses]}


@dataclass(frozen=True)
class EventSource:
    """The EventBridge events that start a pipeline."""

    pattern: events.EventPattern
    description: str
    bucket: s3.IBucket | None = None


class StartTrigger:
    """What starts a pipeline's workflow: on demand, on a schedule, or on EventBridge events.

    A Glue workflow has exactly one start trigger. Build one with the factories
    (:meth:`on_demand`, :meth:`schedule`, :meth:`s3_object_created`, :meth:`event`).
    """

    def __init__(
        self,
        kind: Literal["ON_DEMAND", "SCHEDULED", "EVENT"],
        *,
        schedule: str | None = None,
        enabled: bool = True,
        source: EventSource | None = None,
        batch_size: int | None = None,
        batch_window: Duration | None = None,
    ) -> None:
        self.kind = kind
        self.schedule_expression = schedule
        self.enabled = enabled
        self.source = source
        self.batch_size = batch_size
        self.batch_window = batch_window

    @classmethod
    def on_demand(cls) -> StartTrigger:
        """Started by hand: console, ``aws glue start-workflow-run`` or the API."""
        return cls("ON_DEMAND")

    @classmethod
    def schedule(cls, cron: str, *, enabled: bool = True) -> StartTrigger:
        """Started by a Glue cron schedule, e.g. ``cron(0 2 * * ? *)`` (UTC), checked at synth.

        :param enabled: activate the schedule when it is created (``StartOnCreation``).
            Default: ``True``; a schedule left deactivated never fires.
        """
        return cls("SCHEDULED", schedule=cron, enabled=enabled)

    @classmethod
    def s3_object_created(
        cls,
        bucket: s3.IBucket,
        *,
        prefix: str = "",
        batch_size: int = 1,
        batch_window: Duration = DEFAULT_BATCH_WINDOW,
    ) -> StartTrigger:
        """Started by S3 ``Object Created`` events for ``bucket`` (under ``prefix``).

        The bucket must send its events to EventBridge. For a bucket this app owns
        (an ``aws_s3.Bucket``, e.g. ``glueforge.SecureBucket``) the pipeline turns that on;
        for an imported bucket, turn on "Send notifications to Amazon EventBridge" on the
        bucket yourself.

        :param prefix: only objects whose key starts with this. Default: the whole bucket.
        :param batch_size: start after this many events, 1-100. Default: 1.
        :param batch_window: or this long after the first event, 1-900 seconds.
            Default: 900 seconds, Glue's default.
        """
        detail: dict[str, Any] = {"bucket": {"name": [bucket.bucket_name]}}
        if prefix:
            detail["object"] = {"key": [{"prefix": prefix}]}
        source = EventSource(
            pattern=events.EventPattern(
                source=["aws.s3"], detail_type=["Object Created"], detail=detail
            ),
            description=f"S3 Object Created under '{prefix}'" if prefix else "S3 Object Created",
            bucket=bucket,
        )
        return cls("EVENT", source=source, batch_size=batch_size, batch_window=batch_window)

    @classmethod
    def event(
        cls,
        event_pattern: events.EventPattern,
        *,
        description: str = "EventBridge event",
        batch_size: int = 1,
        batch_window: Duration = DEFAULT_BATCH_WINDOW,
    ) -> StartTrigger:
        """Started by any EventBridge event on the default bus that matches ``event_pattern``.

        :param description: how drawings name the event. Default: ``"EventBridge event"``.
        :param batch_size: start after this many events, 1-100. Default: 1.
        :param batch_window: or this long after the first event, 1-900 seconds.
            Default: 900 seconds, Glue's default.
        """
        source = EventSource(pattern=event_pattern, description=description)
        return cls("EVENT", source=source, batch_size=batch_size, batch_window=batch_window)

    def problems(self) -> list[str]:
        if self.kind == "SCHEDULED":
            return cron_problems(self.schedule_expression)
        if self.kind != "EVENT":
            return []
        problems = []
        low, high = BATCH_SIZE_RANGE
        size = self.batch_size
        if not (isinstance(size, int) and not isinstance(size, bool) and low <= size <= high):
            problems.append(f"batch_size must be {low}-{high} events, got {size!r}")
        window = self._window_seconds()
        low, high = BATCH_WINDOW_SECONDS_RANGE
        if not (isinstance(window, int) and low <= window <= high):
            shown = self.batch_window.to_human_string() if self.batch_window else None
            problems.append(f"batch_window must be {low}-{high} seconds, got {shown!r}")
        return problems

    def _window_seconds(self) -> int | None:
        if not isinstance(self.batch_window, Duration):
            return None
        try:
            seconds = self.batch_window.to_seconds()
        except RuntimeError:  # fractional seconds
            return None
        return int(seconds) if float(seconds).is_integer() else None

    def properties(self) -> Mapping[str, Any]:
        """The ``AWS::Glue::Trigger`` properties this start trigger sets.

        StartOnCreation is set only on schedules: Glue refuses ``true`` on ON_DEMAND
        triggers, and an EVENT trigger cannot be started at all (it stays CREATED and
        fires on its events).
        """
        if self.kind == "SCHEDULED":
            return {"schedule": self.schedule_expression, "start_on_creation": self.enabled}
        if self.kind == "EVENT":
            return {
                "event_batching_condition": {
                    "batchSize": self.batch_size,
                    "batchWindow": self._window_seconds(),
                }
            }
        return {}

    def describe(self) -> str:
        if self.kind == "SCHEDULED":
            return f"schedule {self.schedule_expression}"
        if self.kind == "EVENT":
            assert self.source is not None
            return (
                f"{self.source.description}, {self.batch_size} events or {self._window_seconds()} s"
            )
        return "on demand"
