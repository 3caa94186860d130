"""What DataBrew's recipe and profile jobs are, made here or elsewhere, and what the two
job constructs share.

As in aws-cdk-lib: :class:`IDataBrewJob` lists what users, schedules and chaining rely on,
:class:`DataBrewJobBase` holds what owned and imported jobs share (ARN, grants, imports:
``RecipeJob.from_job_attributes`` with ``from_job_name`` and ``from_job_arn`` routed
through it), and :class:`_DataBrewJob` holds what the owned jobs add (role, limits, cost).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from aws_cdk import Annotations, Duration, Resource
from aws_cdk import aws_databrew as databrew
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from glueforge.core.arns import log_group_arn
from glueforge.core.errors import child_path, require_types
from glueforge.core.log_groups import DATABREW_LOG_GROUP_PREFIX
from glueforge.cost.prices import databrew_job_cost
from glueforge.databrew.dataset import IDataset
from glueforge.databrew.names import (
    DataBrewResource,
    check_import,
    databrew_arn,
    databrew_arn_name,
    generated_name,
    name_problems,
)
from glueforge.iam.actions import DATABREW_JOB_START_ACTIONS, DATABREW_LOG_ACTIONS
from glueforge.iam.documents import DocumentRole, flush, open_document
from glueforge.iam.grants import add, grant
from glueforge.iam.placement import grant_policies, role_grantee
from glueforge.iam.principals import DATABREW_SERVICE

DEFAULT_TIMEOUT = Duration.minutes(60)
DEFAULT_MAX_CAPACITY = 5  # DataBrew's own default: 5 nodes
UNGRANTED_DATASET_WARNING = "@glueforge/databrew:datasetReadNotGranted"


@runtime_checkable
class IDataBrewJob(Protocol):
    """A DataBrew recipe or profile job, made by glueforge or imported
    (:meth:`DataBrewJobBase.from_job_attributes`)."""

    @property
    def job_name(self) -> str: ...

    @property
    def job_arn(self) -> str: ...

    @property
    def timeout(self) -> Duration | None:
        """How long a run may take; None for an import that was not told."""
        ...

    def grant_start(self, grantee: iam.IGrantable) -> iam.Grant: ...


class DataBrewJobBase(Resource):
    """What owned and imported DataBrew jobs share: their ARN, the grants on it, and the
    imports."""

    job_name: str
    timeout: Duration | None

    @property
    def job_arn(self) -> str:
        """``arn:<partition>:databrew:<region>:<account>:job/<name>`` in this stack's env."""
        return databrew_arn(self, DataBrewResource.JOB, self.job_name)

    def grant_start(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow ``grantee`` to start runs of this job."""
        return grant(grantee, DATABREW_JOB_START_ACTIONS, [self.job_arn])

    @classmethod
    def from_job_attributes(
        cls,
        scope: Construct,
        id: str,
        *,
        job_name: str,
        job_arn: str | None = None,
        timeout: Duration | None = None,
    ) -> IDataBrewJob:
        """A DataBrew job that exists already (a recipe or profile job made elsewhere).

        :param job_name: its name.
        :param job_arn: its ARN. Default: built from ``job_name`` in this stack's account
            and region.
        :param timeout: the job's timeout. Default: unknown; ``RunAfterGlueJob``, which
            sizes its state machine's timeout from it, then refuses the job.
        """
        check_import(scope, id, DataBrewResource.JOB, job_name, job_arn)
        require_types(child_path(scope, id), {"timeout": (timeout, (Duration, None))})
        return _ImportedDataBrewJob(scope, id, job_name=job_name, job_arn=job_arn, timeout=timeout)

    @classmethod
    def from_job_name(cls, scope: Construct, id: str, job_name: str) -> IDataBrewJob:
        """A DataBrew job that exists already, by name (its timeout unknown: see
        :meth:`from_job_attributes`)."""
        return cls.from_job_attributes(scope, id, job_name=job_name)

    @classmethod
    def from_job_arn(cls, scope: Construct, id: str, job_arn: str) -> IDataBrewJob:
        """A DataBrew job that exists already, by ARN (``arn:...:databrew:...:job/NAME``)."""
        job_name = databrew_arn_name(scope, id, job_arn, DataBrewResource.JOB)
        return cls.from_job_attributes(scope, id, job_name=job_name, job_arn=job_arn)


class _ImportedDataBrewJob(DataBrewJobBase):
    """A DataBrew job made elsewhere; see :meth:`DataBrewJobBase.from_job_attributes`."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        job_name: str,
        job_arn: str | None,
        timeout: Duration | None,
    ) -> None:
        super().__init__(scope, id)
        self.job_name = job_name
        self.timeout = timeout
        self._job_arn = job_arn

    @property
    def job_arn(self) -> str:
        # An ARN given on import keeps its own account and region.
        return self._job_arn if self._job_arn is not None else super().job_arn


class _DataBrewJob(DataBrewJobBase):
    """What the recipe and profile jobs made here add: role, dataset, limits and cost."""

    role: iam.IRole
    timeout: Duration
    max_capacity: int
    dataset: IDataset

    @property
    def max_cost_per_run(self) -> float:
        """The worst case in USD: every node for the whole timeout, at glueforge's prices."""
        return databrew_job_cost(self.max_capacity, self.timeout.to_seconds())

    def _setup(
        self,
        *,
        dataset: IDataset,
        role: iam.IRole | None,
        job_name: str | None,
        timeout: Duration | None,
        max_capacity: int,
        max_retries: int,
        kind: str,
    ) -> list[str]:
        require_types(self, {"dataset": (dataset, IDataset)})
        self.timeout = timeout or DEFAULT_TIMEOUT
        self.max_capacity = max_capacity
        self.max_retries = max_retries
        self.dataset = dataset
        problems = name_problems("job_name", job_name)
        seconds = self.timeout.to_seconds()
        if seconds < 60 or seconds % 60:  # DataBrew takes whole minutes
            problems.append(
                "timeout must be a whole number of minutes, at least 1, got "
                f"{self.timeout.to_human_string()}"
            )
        if max_capacity < 1:
            problems.append(f"max_capacity must be 1 or more nodes, got {max_capacity}")
        if max_retries < 0:
            problems.append(f"max_retries must be 0 or more, got {max_retries}")
        self.job_name = job_name or generated_name(self)
        self.role = role or DocumentRole(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal(DATABREW_SERVICE),
            description=f"DataBrew {kind} job {self.node.path}: least privilege",
        )
        # Grants go on the role, or for a role of another stack on a policy here.
        self.grantee: iam.IGrantable = role_grantee(self, self.role)
        # glueforge's statements wait in Python and reach node as one document, when the
        # job's constructor ends (depend_on_role, its last step).
        open_document(self.grantee)
        problems += self._grant_dataset_read(dataset, role_given=role is not None)
        add(
            self.grantee,
            DATABREW_LOG_ACTIONS,
            [log_group_arn(self, f"{DATABREW_LOG_GROUP_PREFIX}*")],
            wildcard_reason="DataBrew names each job's log group and streams at run time, "
            f"under {DATABREW_LOG_GROUP_PREFIX}",
        )
        return problems

    def _grant_dataset_read(self, dataset: IDataset, *, role_given: bool) -> list[str]:
        """Grant the role what the dataset reads; an import without its source can be read
        only by a role given here, which must already read it."""
        if dataset.source is not None:
            dataset.grant_read(self.grantee)
            return []
        if not role_given:
            return [
                f"dataset {dataset.dataset_name!r} was imported without its source, so "
                "glueforge cannot grant this job's role what it reads; import it with "
                "Dataset.from_dataset_attributes(..., source=S3Source(...) or "
                "CatalogSource(...)), or give role= a role that already reads it"
            ]
        Annotations.of(self).add_warning_v2(
            UNGRANTED_DATASET_WARNING,
            f"dataset {dataset.dataset_name!r} was imported without its source: the role "
            "given must already read the dataset's input (nothing was granted for it)",
        )
        return []

    def _common_properties(self, encryption_key: kms.IKey | None) -> dict:
        return {
            "name": self.job_name,
            "role_arn": self.role.role_arn,
            "dataset_name": self.dataset.dataset_name,
            "timeout": int(self.timeout.to_minutes()),
            "max_capacity": self.max_capacity,
            "max_retries": self.max_retries,
            "log_subscription": "ENABLE",
            "encryption_mode": "SSE-KMS" if encryption_key else "SSE-S3",
            "encryption_key_arn": encryption_key.key_arn if encryption_key else None,
        }


def output_key(
    buckets: Sequence[s3.IBucket], encryption_key: kms.IKey | None, grantee: iam.IGrantable
) -> tuple[kms.IKey | None, list[str]]:
    """The key DataBrew encrypts output with: the given one, else the buckets' shared key."""
    # Keys by construct path: an imported bucket hands out a new proxy of its key on each
    # read, so the same key is not always the same Python object.
    keys: dict[str, kms.IKey] = {}
    for bucket in buckets:
        key = bucket.encryption_key
        if key is not None:
            keys.setdefault(key.node.path, key)
    if encryption_key is not None:
        if encryption_key.node.path not in keys:  # bucket keys are granted with the prefix
            encryption_key.grant(grantee, "kms:GenerateDataKey", "kms:Decrypt")
        return encryption_key, []
    if len(keys) > 1:
        return None, [
            "the outputs' buckets use different KMS keys; give encryption_key= to choose "
            "the one DataBrew encrypts output with"
        ]
    return next(iter(keys.values()), None), []


def depend_on_role(resource: databrew.CfnJob, role: iam.IRole, grantee: iam.IGrantable) -> None:
    # DataBrew checks the role when the job is created: its policy must exist by then.
    flush(grantee)  # the document _setup opened
    if isinstance(role, iam.Role):
        resource.node.add_dependency(role)
    if grantee is not role:
        for policy in grant_policies(grantee):
            resource.node.add_dependency(policy)
