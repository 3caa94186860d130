"""``EncryptedLogGroup``: every log group glueforge creates, KMS-encrypted and kept.

Glue encrypts its own logs through the security configuration; the log groups glueforge
creates itself (a state machine's, a VPC's flow logs, the scripts deployment function's)
are encrypted with the same stack key (:func:`~glueforge.security.configuration.glue_key`),
whose policy names each of them (:func:`~glueforge.security.configuration.allow_log_group`).

Each group gets a literal name: the key policy must name the group, and it cannot do so by
reference (the group refers to the key; the reference back would be a cycle). The default
name is ``<prefix><unique path name>``, unique per stack and stable across synths.
"""

from __future__ import annotations

import re

from aws_cdk import Names, RemovalPolicy, Token
from aws_cdk import aws_logs as logs
from constructs import Construct

from glueforge.core.errors import child_path, raise_if_problems
from glueforge.security.configuration import allow_log_group, glue_key

DEFAULT_NAME_PREFIX = "/glueforge/"
# Step Functions and other vended-log sources: names under this prefix let CloudWatch Logs
# keep one resource-policy entry for all of them (AWS's advice for state machine logs).
VENDED_LOGS_PREFIX = "/aws/vendedlogs/"
# CloudWatch Logs: 1-512 characters of a-z, A-Z, 0-9, '_', '-', '/', '.' and '#'.
MAX_NAME_LENGTH = 512
_NAME_CHARACTERS = re.compile(r"[A-Za-z0-9_\-/.#]+")


class EncryptedLogGroup(logs.LogGroup):
    """A CloudWatch Logs group encrypted with the stack's glueforge key, kept on delete.

    :param log_group_name: Default: ``name_prefix`` plus a name unique to this construct's
        path (at most 512 characters). A literal: the key policy names it.
    :param name_prefix: where the default name starts. Default: ``/glueforge/``; a
        state machine's group uses ``/aws/vendedlogs/states/`` (AWS's advice).
    :param retention: Default: one year.
    :param removal_policy: Default: ``RemovalPolicy.RETAIN``, so logs outlive the stack.
        A kept group keeps its name: delete it before creating the same stack again.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        log_group_name: str | None = None,
        name_prefix: str = DEFAULT_NAME_PREFIX,
        retention: logs.RetentionDays = logs.RetentionDays.ONE_YEAR,
        removal_policy: RemovalPolicy = RemovalPolicy.RETAIN,
    ) -> None:
        raise_if_problems(
            child_path(scope, id),
            _name_problems("log_group_name", log_group_name)
            # leave the unique part room for its path and 8-character hash
            + _name_problems("name_prefix", name_prefix, max_length=MAX_NAME_LENGTH - 20),
        )
        super().__init__(
            scope,
            id,
            log_group_name=log_group_name,
            encryption_key=glue_key(scope),
            retention=retention,
            removal_policy=removal_policy,
        )
        if log_group_name is None:
            # Unique to the construct path, so only known once this construct exists.
            unique = Names.unique_resource_name(
                self, max_length=MAX_NAME_LENGTH - len(name_prefix), separator="-"
            )
            log_group_name = f"{name_prefix}{unique}"
            self.node.default_child.log_group_name = log_group_name  # type: ignore[union-attr]
        #: The literal name, the one the key policy names.
        self.literal_name = log_group_name
        allow_log_group(self, log_group_name)


def _name_problems(prop: str, name: str | None, max_length: int = MAX_NAME_LENGTH) -> list[str]:
    if name is None:
        return []
    if not isinstance(name, str):
        return [f"{prop} must be a string, got {type(name).__name__}"]
    if Token.is_unresolved(name):
        return [
            f"{prop} must be a literal: the key policy names the log group, and a "
            f"deploy-time value cannot be named there; got {name!r}"
        ]
    if not _NAME_CHARACTERS.fullmatch(name) or not 1 <= len(name) <= max_length:
        return [
            f"{prop} {name!r} must be 1-{max_length} characters of a-z, A-Z, 0-9, '_', "
            "'-', '/', '.' and '#'"
        ]
    return []
