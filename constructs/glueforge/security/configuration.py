"""Secure by default: one customer-managed key and one Glue security configuration per stack.

Every glueforge job and crawler runs under a security configuration unless the user opts
out with ``encryption=False``: SSE-KMS for what Glue writes to S3, KMS for its CloudWatch
logs, and client-side KMS for job bookmarks, all on one rotated customer-managed key
(cdk-nag AwsSolutions-GL1 and GL3). The key and the configuration are created on first
use, like the scripts bucket (:mod:`glueforge.jobs.assets`), so a stack of many jobs has
exactly one of each.
"""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from glueforge.core.arns import log_group_arn
from glueforge.core.log_groups import GLUE_LOG_GROUPS
from glueforge.core.singletons import stack_singleton
from glueforge.iam.actions import LOGS_KEY_ACTIONS, SECURITY_CONFIGURATION_KEY_ACTIONS
from glueforge.iam.grants import grant
from glueforge.iam.principals import logs_service

KEY_ID = "GlueforgeKey"
SECURITY_CONFIGURATION_ID = "GlueforgeSecurityConfiguration"


def glue_key(scope: Construct) -> kms.Key:
    """The stack's key for Glue's S3 data, logs and bookmarks, created on first use."""
    return stack_singleton(scope, KEY_ID, _create_key)


def _create_key(stack: Stack, id: str) -> kms.Key:
    key = kms.Key(
        stack,
        id,
        enable_key_rotation=True,
        description="glueforge: Glue job and crawler data, logs and bookmarks",
    )
    # A key policy's "*" resource means this key itself.
    key.add_to_resource_policy(
        iam.PolicyStatement(
            actions=list(LOGS_KEY_ACTIONS),
            principals=[iam.ServicePrincipal(logs_service())],
            resources=["*"],
            conditions={
                # Only for Glue's log groups (the encryption context CloudWatch Logs sends).
                "ArnLike": {
                    "kms:EncryptionContext:aws:logs:arn": log_group_arn(stack, GLUE_LOG_GROUPS)
                }
            },
        )
    )
    return key


def default_security_configuration(scope: Construct) -> glue.SecurityConfiguration:
    """The stack's security configuration on :func:`glue_key`, created on first use."""
    return stack_singleton(scope, SECURITY_CONFIGURATION_ID, _create_security_configuration)


def _create_security_configuration(stack: Stack, id: str) -> glue.SecurityConfiguration:
    key = glue_key(stack)
    return glue.SecurityConfiguration(
        stack,
        id,
        cloud_watch_encryption=glue.CloudWatchEncryption.kms(key),
        job_bookmarks_encryption=glue.JobBookmarksEncryption.client_side_kms(key),
        s3_encryption=glue.S3Encryption.kms(key),
    )


def choose_security_configuration(
    scope: Construct,
    *,
    encryption: bool,
    security_configuration: glue.ISecurityConfiguration | None,
) -> tuple[glue.ISecurityConfiguration | None, list[str]]:
    """The configuration a job or crawler runs under, and any problem with the choice.

    Opting out is explicit (``encryption=False``); ``security_configuration=None`` means
    the default, never "none".
    """
    if not isinstance(encryption, bool):
        raise TypeError(f"{scope.node.path}: encryption must be True or False, got {encryption!r}")
    if not encryption:
        if security_configuration is not None:
            return None, [
                "encryption=False turns encryption off; do not also pass a security_configuration"
            ]
        return None, []
    if security_configuration is None:
        return default_security_configuration(scope), []
    # jsii interfaces are not runtime-checkable: look for what glueforge uses.
    if not isinstance(getattr(security_configuration, "security_configuration_name", None), str):
        raise TypeError(
            f"{scope.node.path}: security_configuration must be an "
            f"aws_glue.ISecurityConfiguration, got {type(security_configuration).__name__}"
        )
    return security_configuration, []


def grant_key_use(
    role: iam.IGrantable, security_configuration: glue.ISecurityConfiguration
) -> iam.Grant:
    """Let ``role`` use the keys of ``security_configuration``, each by its ARN.

    An imported configuration does not say which keys it uses: grant those yourself. For
    it (and for a configuration without keys) the grant returned is aws-cdk-lib's
    "dropped" one (``iam.Grant.drop``), which adds nothing.
    """
    intent = "use the keys of a Glue security configuration"
    if not isinstance(security_configuration, glue.SecurityConfiguration):
        return iam.Grant.drop(role, intent)
    keys = {
        key.key_arn: key
        for key in (
            security_configuration.s3_encryption_key,
            security_configuration.cloud_watch_encryption_key,
            security_configuration.job_bookmarks_encryption_key,
        )
        if key is not None
    }
    if not keys:
        return iam.Grant.drop(role, intent)
    return grant(role, SECURITY_CONFIGURATION_KEY_ACTIONS, list(keys))
