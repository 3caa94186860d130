"""Secure by default: one customer-managed key and one Glue security configuration per stack.

Every glueforge job and crawler runs under a security configuration unless the user opts
out with ``encryption=False``: SSE-KMS for what Glue writes to S3, KMS for its CloudWatch
logs, and client-side KMS for job bookmarks, all on one rotated customer-managed key
(cdk-nag AwsSolutions-GL1 and GL3). The key and the configuration are created on first
use, like the scripts bucket (:mod:`glueforge.jobs.assets`), so a stack of many jobs has
exactly one of each.
"""

from __future__ import annotations

from aws_cdk import Aws, Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from glueforge.iam.grants import grant, log_group_arn

KEY_ID = "GlueforgeKey"
SECURITY_CONFIGURATION_ID = "GlueforgeSecurityConfiguration"
# What CloudWatch Logs needs to encrypt and read a log group with a customer-managed key
# (the actions of the CloudWatch Logs guide's key policy).
LOGS_KEY_ACTIONS = (
    "kms:Encrypt*",
    "kms:Decrypt*",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:Describe*",
)
# What a job or crawler role needs on the key: SSE-KMS writes and reads to S3, client-side
# encrypted bookmarks. Exact actions, no wildcards (cdk-nag IAM5).
ROLE_KEY_ACTIONS = ("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey")


def glue_key(scope: Construct) -> kms.Key:
    """The stack's key for Glue's S3 data, logs and bookmarks, created on first use."""
    stack = Stack.of(scope)
    existing = stack.node.try_find_child(KEY_ID)
    if existing is not None:
        return existing  # type: ignore[return-value]
    key = kms.Key(
        stack,
        KEY_ID,
        enable_key_rotation=True,
        description="glueforge: Glue job and crawler data, logs and bookmarks",
    )
    # A key policy's "*" resource means this key itself.
    key.add_to_resource_policy(
        iam.PolicyStatement(
            actions=list(LOGS_KEY_ACTIONS),
            principals=[iam.ServicePrincipal(f"logs.{Aws.REGION}.amazonaws.com")],
            resources=["*"],
            conditions={
                # Only for Glue's log groups (the encryption context CloudWatch Logs sends).
                "ArnLike": {
                    "kms:EncryptionContext:aws:logs:arn": log_group_arn(stack, "/aws-glue/*")
                }
            },
        )
    )
    return key


def default_security_configuration(scope: Construct) -> glue.SecurityConfiguration:
    """The stack's security configuration on :func:`glue_key`, created on first use."""
    stack = Stack.of(scope)
    existing = stack.node.try_find_child(SECURITY_CONFIGURATION_ID)
    if existing is not None:
        return existing  # type: ignore[return-value]
    key = glue_key(scope)
    return glue.SecurityConfiguration(
        stack,
        SECURITY_CONFIGURATION_ID,
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
) -> None:
    """Let ``role`` use the keys of ``security_configuration``, each by its ARN.

    An imported configuration does not say which keys it uses: grant those yourself.
    """
    if not isinstance(security_configuration, glue.SecurityConfiguration):
        return
    keys = {
        key.key_arn: key
        for key in (
            security_configuration.s3_encryption_key,
            security_configuration.cloud_watch_encryption_key,
            security_configuration.job_bookmarks_encryption_key,
        )
        if key is not None
    }
    if keys:
        grant(role, ROLE_KEY_ACTIONS, list(keys))
