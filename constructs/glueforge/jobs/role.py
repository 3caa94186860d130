"""A job's role, and what every job's role needs whatever its specs: logs, metrics.

The specs grant what they touch (:meth:`~glueforge.jobs.specs.base.Spec.grant`); the job
grants its files and temporary directory (:mod:`glueforge.jobs.assets`); this module
holds the rest, which follows from Glue itself.
"""

from __future__ import annotations

from aws_cdk import aws_iam as iam
from constructs import Construct

from glueforge.core.arns import log_group_arn
from glueforge.core.log_groups import (
    ENCRYPTED_JOB_LOG_GROUPS,
    ENCRYPTED_PYTHON_SHELL_LOG_GROUPS,
    JOB_LOG_GROUPS,
    PYTHON_SHELL_LOG_GROUPS,
)
from glueforge.core.stack_cache import node_path, note_child
from glueforge.iam.actions import (
    LOG_GROUP_CREATE_ACTIONS,
    LOG_GROUP_ENCRYPT_ACTIONS,
    LOG_STREAM_WRITE_ACTIONS,
    METRICS_PUT_ACTIONS,
)
from glueforge.iam.documents import DocumentRole
from glueforge.iam.grants import add
from glueforge.iam.placement import role_grantee, service_principal
from glueforge.iam.principals import GLUE_SERVICE
from glueforge.monitoring.metrics import GLUE_NAMESPACE


def job_role(job: Construct, role: iam.IRole | None) -> iam.IRole:
    """``role``, or a new role Glue assumes, granted nothing yet."""
    return role or DocumentRole(
        job,
        "Role",
        assumed_by=service_principal(job, GLUE_SERVICE),
        description=f"Glue job {node_path(job)}: least privilege from its specs",
    )


def role_and_grantee(job: Construct, role: iam.IRole | None) -> tuple[iam.IRole, iam.IGrantable]:
    """The role ``job`` runs as (``role``, or a new one) and where its grants go: the role,
    or for a role of another stack a policy in ``job``'s stack
    (:mod:`glueforge.iam.placement`)."""
    job_runs_as = job_role(job, role)
    if role is None:
        note_child(job_runs_as, job, "Role")
    return job_runs_as, role_grantee(job, job_runs_as)


def grant_job_logs(role: iam.IGrantable, scope: Construct, *, encrypted: bool) -> None:
    """Writing the job's CloudWatch logs: Glue's default groups, or its encrypted ones.

    :param encrypted: the job runs under a security configuration, whose log groups Glue
        names after the configuration and the role.
    """
    _grant_log_groups(
        role,
        scope,
        [ENCRYPTED_JOB_LOG_GROUPS] if encrypted else list(JOB_LOG_GROUPS),
        encrypted=encrypted,
        create_reason="Glue names encrypted job log groups after the security "
        "configuration and role",
        encrypt_reason="Glue encrypts the job's log groups with the security configuration's key",
    )


def grant_python_shell_logs(role: iam.IGrantable, scope: Construct, *, encrypted: bool) -> None:
    """Writing the Python shell log groups, beside the jobs' ones (a Python shell job gets
    both: :data:`~glueforge.core.log_groups.PYTHON_SHELL_LOG_GROUPS` are unconfirmed)."""
    reason = "Glue names encrypted Python shell log groups after the security configuration"
    _grant_log_groups(
        role,
        scope,
        [ENCRYPTED_PYTHON_SHELL_LOG_GROUPS] if encrypted else list(PYTHON_SHELL_LOG_GROUPS),
        encrypted=encrypted,
        create_reason=reason,
        encrypt_reason=reason,
    )


def _grant_log_groups(
    role: iam.IGrantable,
    scope: Construct,
    groups: list[str],
    *,
    encrypted: bool,
    create_reason: str,
    encrypt_reason: str,
) -> None:
    group_arns = [log_group_arn(scope, g) for g in groups]
    add(role, LOG_GROUP_CREATE_ACTIONS, group_arns, wildcard_reason=create_reason)
    add(
        role,
        LOG_STREAM_WRITE_ACTIONS,
        [log_group_arn(scope, g, stream="*") for g in groups],
        wildcard_reason="Glue names each log stream after the job run id, known only at run time",
    )
    if encrypted:
        add(role, LOG_GROUP_ENCRYPT_ACTIONS, group_arns, wildcard_reason=encrypt_reason)


def grant_job_metrics(role: iam.IGrantable) -> None:
    """Publishing the job's metrics, in Glue's CloudWatch namespace only."""
    add(
        role,
        METRICS_PUT_ACTIONS,
        ["*"],
        conditions={"StringEquals": {"cloudwatch:namespace": GLUE_NAMESPACE}},
        wildcard_reason="cloudwatch:PutMetricData has no resource-level permissions; "
        "the condition limits it to the Glue namespace",
    )
