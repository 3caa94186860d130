"""Secure by default: one customer-managed key and one Glue security configuration per stack.

Every glueforge job and crawler runs under a security configuration unless the user opts
out with ``encryption=False``: SSE-KMS for what Glue writes to S3, KMS for its CloudWatch
logs, and client-side KMS for job bookmarks, all on one rotated customer-managed key
(cdk-nag AwsSolutions-GL1 and GL3). The key and the configuration are created on first
use, like the scripts bucket (:mod:`glueforge.jobs.assets`), so a stack of many jobs has
exactly one of each.

The same key encrypts the log groups glueforge creates itself (:mod:`glueforge.security.logs`):
its policy lets CloudWatch Logs use it for Glue's log groups and for exactly those groups,
in one statement built here.
"""

from __future__ import annotations

import jsii
from aws_cdk import IResolvable, IResolveContext, Stack, Token
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from glueforge.core.arns import log_group_arn
from glueforge.core.log_groups import GLUE_LOG_GROUPS
from glueforge.core.singletons import stack_singleton, stack_state
from glueforge.core.stack_cache import python_state
from glueforge.iam.actions import LOGS_KEY_ACTIONS, SECURITY_CONFIGURATION_KEY_ACTIONS
from glueforge.iam.grants import add, grant
from glueforge.iam.principals import logs_service

KEY_ID = "GlueforgeKey"
SECURITY_CONFIGURATION_ID = "GlueforgeSecurityConfiguration"
# The names of the stack's own encrypted log groups, kept on the stack as they are added.
_LOG_GROUP_NAMES = "_glueforge_encrypted_log_groups"


def glue_key(scope: Construct) -> kms.Key:
    """The stack's key for Glue's S3 data, logs and bookmarks, created on first use."""
    return stack_singleton(scope, KEY_ID, _create_key)


def allow_log_group(scope: Construct, log_group_name: str) -> kms.Key:
    """Let CloudWatch Logs encrypt the log group ``log_group_name`` with :func:`glue_key`.

    The name must be a literal: a key policy cannot name a log group by reference, because
    the log group refers to the key (``KmsKeyId``), and the reference back would be a cycle.
    Returns the key.
    """
    key = glue_key(scope)
    names = stack_state(scope, _LOG_GROUP_NAMES, lambda stack: [])
    if log_group_name not in names:
        names.append(log_group_name)
    return key


def _create_key(stack: Stack, id: str) -> kms.Key:
    key = kms.Key(
        stack,
        id,
        enable_key_rotation=True,
        description="glueforge: Glue job and crawler data, logs and bookmarks, and the "
        "stack's own log groups",
    )
    # A key policy's "*" resource means this key itself.
    key.add_to_resource_policy(
        iam.PolicyStatement(
            actions=list(LOGS_KEY_ACTIONS),
            principals=[iam.ServicePrincipal(logs_service())],
            resources=["*"],
            conditions={
                # Only for Glue's log groups and the stack's own (the encryption context
                # CloudWatch Logs sends); those are added until synth, hence lazy.
                "ArnLike": {"kms:EncryptionContext:aws:logs:arn": _LogGroupArns(stack)}
            },
        )
    )
    return key


@jsii.implements(IResolvable)
class _LogGroupArns:
    """The ARNs the key policy names: Glue's log groups, then the stack's own, at synth."""

    creation_stack: list[str] = []

    def __init__(self, stack: Stack) -> None:
        self.stack = stack

    def to_string(self) -> str:
        return Token.as_string(self)

    def resolve(self, context: IResolveContext) -> object:
        names = [GLUE_LOG_GROUPS, *stack_state(self.stack, _LOG_GROUP_NAMES, lambda stack: [])]
        arns = [log_group_arn(self.stack, name) for name in names]
        # One ARN stays a plain string, as the policy had it before any group was added.
        return arns[0] if len(arns) == 1 else arns


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
    keys = _key_arns(security_configuration)
    if not keys:
        return iam.Grant.drop(role, "use the keys of a Glue security configuration")
    return grant(role, SECURITY_CONFIGURATION_KEY_ACTIONS, keys)


def add_key_use(role: iam.IGrantable, security_configuration: glue.ISecurityConfiguration) -> None:
    """:func:`grant_key_use`, for a grant whose ``iam.Grant`` nobody reads (it may wait in
    the role's one document, :mod:`glueforge.iam.documents`)."""
    keys = _key_arns(security_configuration)
    if keys:
        add(role, SECURITY_CONFIGURATION_KEY_ACTIONS, keys)


def _key_arns(security_configuration: glue.ISecurityConfiguration) -> list[str]:
    """The ARNs of the configuration's keys; none known for an imported one."""
    if not isinstance(security_configuration, glue.SecurityConfiguration):
        return []
    # The configuration's keys never change: read them (six jsii round trips) once, not
    # once for every job that uses the stack's configuration.
    keys = python_state(
        security_configuration,
        "_glueforge_key_arns",
        lambda: {
            key.key_arn: key
            for key in (
                security_configuration.s3_encryption_key,
                security_configuration.cloud_watch_encryption_key,
                security_configuration.job_bookmarks_encryption_key,
            )
            if key is not None
        },
    )
    return list(keys)
