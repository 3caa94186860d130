"""Schedule: DataBrew jobs started on a cron schedule (``AWS::DataBrew::Schedule``)."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Resource
from aws_cdk import aws_databrew as databrew
from constructs import Construct

from glueforge.core.cron import cron_problems
from glueforge.core.errors import raise_if_problems
from glueforge.databrew.job_base import DataBrewJobBase
from glueforge.databrew.names import generated_name, name_problems

MAX_JOBS = 50  # AWS::DataBrew::Schedule JobNames maxItems


class Schedule(Resource):
    """Starts ``jobs`` on a cron schedule.

    DataBrew schedules take the same six-field ``cron(...)`` expressions as Glue and
    EventBridge; they are checked with Glue's rules (including its 5-minute minimum
    interval), the stricter reading where the DataBrew guide was not at hand.

    :param cron: e.g. ``"cron(0 3 * * ? *)"`` (UTC).
    :param jobs: 1-50 DataBrew jobs.
    :param schedule_name: Default: generated from the construct path.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cron: str,
        jobs: Sequence[DataBrewJobBase],
        schedule_name: str | None = None,
    ) -> None:
        super().__init__(scope, id)
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
