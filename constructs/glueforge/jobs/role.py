"""A job's role, and what every Spark job's role needs whatever its specs: logs, metrics.

The specs grant what they touch (:meth:`~glueforge.jobs.specs.base.Spec.grant`); the job
grants its files and temporary directory (:mod:`glueforge.jobs.assets`); this module
holds the rest, which follows from Glue itself.
"""

from __future__ import annotations

from aws_cdk import aws_iam as iam
from constructs import Construct

from glueforge.core.arns import log_group_arn
from glueforge.core.log_groups import ENCRYPTED_JOB_LOG_GROUPS, JOB_LOG_GROUPS
from glueforge.core.stack_cache import node_path
from glueforge.iam.actions import (
    LOG_GROUP_CREATE_ACTIONS,
    LOG_GROUP_ENCRYPT_ACTIONS,
    LOG_STREAM_WRITE_ACTIONS,
    METRICS_PUT_ACTIONS,
)
from glueforge.iam.documents import DocumentRole
from glueforge.iam.grants import add
from glueforge.iam.placement import service_principal
from glueforge.iam.principals import GLUE_SERVICE


def job_role(job: Construct, role: iam.IRole | None) -> iam.IRole:
    """``role``, or a new role Glue assumes, granted nothing yet."""
    return role or DocumentRole(
        job,
        "Role",
        assumed_by=service_principal(job, GLUE_SERVICE),
        description=f"Glue job {node_path(job)}: least privilege from its specs",
    )


def grant_job_logs(role: iam.IGrantable, scope: Construct, *, encrypted: bool) -> None:
    """Writing the job's CloudWatch logs: Glue's default groups, or its encrypted ones.

    :param encrypted: the job runs under a security configuration, whose log groups Glue
        names after the configuration and the role.
    """
    groups = [ENCRYPTED_JOB_LOG_GROUPS] if encrypted else list(JOB_LOG_GROUPS)
    group_arns = [log_group_arn(scope, g) for g in groups]
    add(
        role,
        LOG_GROUP_CREATE_ACTIONS,
        group_arns,
        wildcard_reason="Glue names encrypted job log groups after the security "
        "configuration and role",
    )
    add(
        role,
        LOG_STREAM_WRITE_ACTIONS,
        [log_group_arn(scope, g, stream="*") for g in groups],
        wildcard_reason="Glue names each log stream after the job run id, known only at run time",
    )
    if encrypted:
        add(
            role,
            LOG_GROUP_ENCRYPT_ACTIONS,
            group_arns,
            wildcard_reason="Glue encrypts the job's log groups with the security "
            "configuration's key",
        )


def grant_job_metrics(role: iam.IGrantable) -> None:
    """Publishing the job's metrics, in Glue's CloudWatch namespace only."""
    add(
        role,
        METRICS_PUT_ACTIONS,
        ["*"],
        conditions={"StringEquals": {"cloudwatch:namespace": "Glue"}},
        wildcard_reason="cloudwatch:PutMetricData has no resource-level permissions; "
        "the condition limits it to the Glue namespace",
    )
