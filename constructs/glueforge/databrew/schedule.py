"""Schedule: DataBrew jobs started on a cron schedule (``AWS::DataBrew::Schedule``).

As in aws-cdk-lib: :class:`ISchedule` lists what users rely on, :class:`ScheduleBase`
holds what owned and imported schedules share, and ``Schedule.from_schedule_attributes``
(with ``from_schedule_name`` and ``from_schedule_arn`` routed through it) imports one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from aws_cdk import Resource
from aws_cdk import aws_databrew as databrew
from constructs import Construct

from glueforge.core.cron import cron_problems
from glueforge.core.errors import raise_if_problems, require_types, sequence_of
from glueforge.databrew.job_base import IDataBrewJob
from glueforge.databrew.names import (
    DataBrewResource,
    check_import,
    databrew_arn,
    databrew_arn_name,
    generated_name,
    name_problems,
)

MAX_JOBS = 50  # AWS::DataBrew::Schedule JobNames maxItems


@runtime_checkable
class ISchedule(Protocol):
    """A DataBrew schedule, made by glueforge or imported
    (:meth:`Schedule.from_schedule_attributes`)."""

    @property
    def schedule_name(self) -> str: ...

    @property
    def schedule_arn(self) -> str: ...


class ScheduleBase(Resource):
    """What owned and imported schedules share: their name and ARN."""

    schedule_name: str

    @property
    def schedule_arn(self) -> str:
        """``arn:<partition>:databrew:<region>:<account>:schedule/<name>`` in this stack's env."""
        return databrew_arn(self, DataBrewResource.SCHEDULE, self.schedule_name)


class _ImportedSchedule(ScheduleBase):
    """A schedule made elsewhere; see :meth:`Schedule.from_schedule_attributes`."""

    def __init__(
        self, scope: Construct, id: str, *, schedule_name: str, schedule_arn: str | None
    ) -> None:
        super().__init__(scope, id)
        self.schedule_name = schedule_name
        self._schedule_arn = schedule_arn

    @property
    def schedule_arn(self) -> str:
        # An ARN given on import keeps its own account and region.
        return self._schedule_arn if self._schedule_arn is not None else super().schedule_arn


class Schedule(ScheduleBase):
    """Starts ``jobs`` on a cron schedule.

    DataBrew schedules take the same six-field ``cron(...)`` expressions as Glue and
    EventBridge; they are checked with Glue's rules (including its 5-minute minimum
    interval), the stricter reading where the DataBrew guide was not at hand.

    :param cron: e.g. ``"cron(0 3 * * ? *)"`` (UTC).
    :param jobs: 1-50 DataBrew jobs: ``RecipeJob``/``ProfileJob``s, or jobs imported with
        ``RecipeJob.from_job_name`` (the schedule needs only their names).
    :param schedule_name: Default: generated from the construct path.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cron: str,
        jobs: Sequence[IDataBrewJob],
        schedule_name: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        if sequence_of(jobs):
            require_types(self, {f"jobs[{i}]": (job, IDataBrewJob) for i, job in enumerate(jobs)})
        problems = cron_problems(cron) + name_problems("schedule_name", schedule_name)
        if not 1 <= len(jobs) <= MAX_JOBS:
            problems.append(f"a schedule starts 1-{MAX_JOBS} jobs, got {len(jobs)}")
        raise_if_problems(self, problems)
        self.cron = cron
        self.jobs = tuple(jobs)
        self.schedule_name = schedule_name or generated_name(self)
        self.resource = databrew.CfnSchedule(
            self,
            "Resource",
            name=self.schedule_name,
            cron_expression=cron,
            job_names=[job.job_name for job in jobs],
        )
        self.resource.node.add_dependency(*jobs)

    # ---- imports ---------------------------------------------------------------------

    @classmethod
    def from_schedule_attributes(
        cls, scope: Construct, id: str, *, schedule_name: str, schedule_arn: str | None = None
    ) -> ISchedule:
        """A schedule that exists already (made elsewhere, by hand or in another app).

        :param schedule_name: its name.
        :param schedule_arn: its ARN. Default: built from ``schedule_name`` in this
            stack's account and region.
        """
        check_import(scope, id, DataBrewResource.SCHEDULE, schedule_name, schedule_arn)
        return _ImportedSchedule(scope, id, schedule_name=schedule_name, schedule_arn=schedule_arn)

    @classmethod
    def from_schedule_name(cls, scope: Construct, id: str, schedule_name: str) -> ISchedule:
        """A schedule that exists already, by name."""
        return cls.from_schedule_attributes(scope, id, schedule_name=schedule_name)

    @classmethod
    def from_schedule_arn(cls, scope: Construct, id: str, schedule_arn: str) -> ISchedule:
        """A schedule that exists already, by ARN (``arn:...:databrew:...:schedule/NAME``)."""
        schedule_name = databrew_arn_name(scope, id, schedule_arn, DataBrewResource.SCHEDULE)
        return cls.from_schedule_attributes(
            scope, id, schedule_name=schedule_name, schedule_arn=schedule_arn
        )
