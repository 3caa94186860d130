"""What DataBrew's recipe and profile jobs share: DataBrewJobBase (name, ARN, role,
limits, grants) and the helpers both job constructs use.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Duration, Resource
from aws_cdk import aws_databrew as databrew
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

from glueforge.core.arns import log_group_arn
from glueforge.core.log_groups import DATABREW_LOG_GROUP_PREFIX
from glueforge.cost.prices import databrew_job_cost
from glueforge.databrew.dataset import Dataset
from glueforge.databrew.names import databrew_arn, generated_name, name_problems
from glueforge.iam.actions import DATABREW_JOB_START_ACTIONS, DATABREW_LOG_ACTIONS
from glueforge.iam.grants import grant
from glueforge.iam.principals import DATABREW_SERVICE

DEFAULT_TIMEOUT = Duration.minutes(60)
DEFAULT_MAX_CAPACITY = 5  # DataBrew's own default: 5 nodes


class DataBrewJobBase(Resource):
    """What recipe and profile jobs share: name, ARN, role, limits and grants."""

    job_name: str
    role: iam.IRole
    timeout: Duration
    max_capacity: int

    @property
    def job_arn(self) -> str:
        return databrew_arn(self, "job", self.job_name)

    @property
    def max_cost_per_run(self) -> float:
        """The worst case in USD: every node for the whole timeout, at glueforge's prices."""
        return databrew_job_cost(self.max_capacity, self.timeout.to_seconds())

    def grant_start(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow ``grantee`` to start runs of this job."""
        return grant(grantee, DATABREW_JOB_START_ACTIONS, [self.job_arn])

    def _setup(
        self,
        *,
        dataset: Dataset,
        role: iam.IRole | None,
        job_name: str | None,
        timeout: Duration | None,
        max_capacity: int,
        max_retries: int,
        kind: str,
    ) -> list[str]:
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
        self.role = role or iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal(DATABREW_SERVICE),
            description=f"DataBrew {kind} job {self.node.path}: least privilege",
        )
        dataset.grant_read(self.role)
        grant(
            self.role,
            DATABREW_LOG_ACTIONS,
            [log_group_arn(self, f"{DATABREW_LOG_GROUP_PREFIX}*")],
            wildcard_reason="DataBrew names each job's log group and streams at run time, "
            f"under {DATABREW_LOG_GROUP_PREFIX}",
        )
        return problems

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
    keys = []
    for bucket in buckets:
        if bucket.encryption_key is not None and bucket.encryption_key not in keys:
            keys.append(bucket.encryption_key)
    if encryption_key is not None:
        if encryption_key not in keys:  # the buckets' own keys are granted with the prefix
            encryption_key.grant(grantee, "kms:GenerateDataKey", "kms:Decrypt")
        return encryption_key, []
    if len(keys) > 1:
        return None, [
            "the outputs' buckets use different KMS keys; give encryption_key= to choose "
            "the one DataBrew encrypts output with"
        ]
    return (keys[0] if keys else None), []


def depend_on_role(resource: databrew.CfnJob, role: iam.IRole) -> None:
    # DataBrew checks the role when the job is created: its policy must exist by then.
    if isinstance(role, iam.Role):
        resource.node.add_dependency(role)
