"""What every Glue job is, made here or elsewhere: ``IJob``, ``JobBase`` and imports.

As in aws-cdk-lib: an interface (:class:`IJob`) listing what users rely on, a base class
(:class:`JobBase`) holding what owned and imported jobs share, and
``from_job_attributes`` (with ``from_job_name`` and ``from_job_arn`` routed through it)
on every job class, returning a private imported job.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import jsii
from aws_cdk import Resource
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from constructs import Construct

from glueforge.core.arns import GlueArnResource, glue_arn, glue_arn_name
from glueforge.core.errors import child_path, require_types
from glueforge.iam.actions import JOB_READ_ACTIONS, JOB_START_ACTIONS
from glueforge.iam.grants import grant
from glueforge.monitoring.jobs import JobMonitoring


@runtime_checkable
class IJob(Protocol):
    """A Glue job, made by glueforge or imported by name or ARN."""

    @property
    def job_name(self) -> str: ...

    @property
    def job_arn(self) -> str: ...

    @property
    def grant_principal(self) -> iam.IPrincipal: ...

    def grant_start(self, grantee: iam.IGrantable) -> iam.Grant: ...

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant: ...

    # Monitoring, as aws-cdk-lib's IJob lists it (glueforge.monitoring.jobs.JobMonitoring).
    def on_event(self, id: str, **options: Any) -> events.Rule: ...

    def on_success(self, id: str, **options: Any) -> events.Rule: ...

    def on_failure(self, id: str, **options: Any) -> events.Rule: ...

    def on_timeout(self, id: str, **options: Any) -> events.Rule: ...

    def metric_success(self, **props: Any) -> cloudwatch.Metric: ...

    def metric_failure(self, **props: Any) -> cloudwatch.Metric: ...

    def metric_timeout(self, **props: Any) -> cloudwatch.Metric: ...


# Declared to jsii, not only in Python: an aws-cdk-lib grant (``bucket.grant_read(job)``)
# runs in node, which reads ``grantPrincipal`` only from objects declared IGrantable.
@jsii.implements(iam.IGrantable)
class JobBase(JobMonitoring, Resource):
    """What owned and imported jobs share: their ARN, the grants on it, the imports, and
    monitoring (``on_failure``, ``metric_*``, ...:
    :class:`~glueforge.monitoring.jobs.JobMonitoring`).

    A job is an ``iam.IGrantable``: grants to it land on the role it runs as.
    """

    job_name: str

    @property
    def job_arn(self) -> str:
        return glue_arn(self, GlueArnResource.JOB, self.job_name)

    def grant_start(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow ``grantee`` to start and stop runs of this job."""
        return grant(grantee, JOB_START_ACTIONS, [self.job_arn])

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow ``grantee`` to read this job, its runs and its bookmark."""
        return grant(grantee, JOB_READ_ACTIONS, [self.job_arn])

    @classmethod
    def from_job_attributes(
        cls,
        scope: Construct,
        id: str,
        *,
        job_name: str,
        job_arn: str | None = None,
        role: iam.IRole | None = None,
    ) -> IJob:
        """A job that exists already.

        :param job_name: the job's name.
        :param job_arn: its ARN, for a job in another account or region. Default: built
            from ``job_name`` in this stack's account and region.
        :param role: the role the job runs as, so grants to the job reach it. Default:
            unknown; grants to the job are then dropped with a warning, as aws-cdk-lib
            does for an ``iam.UnknownPrincipal``.
        """
        require_types(
            child_path(scope, id), {"job_name": (job_name, str), "job_arn": (job_arn, (str, None))}
        )
        return _ImportedJob(scope, id, job_name=job_name, job_arn=job_arn, role=role)

    @classmethod
    def from_job_name(cls, scope: Construct, id: str, job_name: str) -> IJob:
        """A job that exists already, by name."""
        return cls.from_job_attributes(scope, id, job_name=job_name)

    @classmethod
    def from_job_arn(cls, scope: Construct, id: str, job_arn: str) -> IJob:
        """A job that exists already, by ARN (``arn:...:glue:...:job/NAME``)."""
        job_name = glue_arn_name(scope, id, job_arn, GlueArnResource.JOB)
        return cls.from_job_attributes(scope, id, job_name=job_name, job_arn=job_arn)


class _ImportedJob(JobBase):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        job_name: str,
        job_arn: str | None,
        role: iam.IRole | None,
    ):
        super().__init__(scope, id)
        self.job_name = job_name
        self._job_arn = job_arn
        self.role = role
        self._principal: iam.IPrincipal = (
            role.grant_principal if role is not None else iam.UnknownPrincipal(resource=self)
        )

    @property
    def job_arn(self) -> str:
        # The ARN given keeps its own account and region, as aws-cdk-lib's imports do.
        return self._job_arn if self._job_arn is not None else super().job_arn

    @property
    def grant_principal(self) -> iam.IPrincipal:
        return self._principal
