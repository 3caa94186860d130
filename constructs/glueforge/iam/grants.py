"""Least-privilege IAM statements shared by every glueforge construct.

Each helper grants exactly one kind of access on exact ARNs. Where a resource ARN must end
in a wildcard (objects under a prefix, tables a crawler has yet to create, log streams
named at run time) the helper scopes it as tightly as the service allows and
acknowledges that one finding (``AwsSolutions-IAM5[Resource::...]``) with its reason, so a
wildcard anybody else adds to the same role is still reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from aws_cdk import ArnFormat, Stack, Token
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import IConstruct

from glueforge.iam.deferred import defer
from glueforge.iam.suppressions import acknowledge, acknowledge_all, nag_resource_text

# Reading catalog tables and their partitions.
CATALOG_READ_ACTIONS = (
    "glue:GetDatabase",
    "glue:GetTable",
    "glue:GetTables",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:BatchGetPartition",
)
# What writers of tables do (a crawler, or a job updating the catalog): read what exists,
# create and update tables and partitions. Deletes are separate, granted only when asked.
CATALOG_WRITE_ACTIONS = (
    "glue:GetDatabase",
    "glue:GetTable",
    "glue:GetTables",
    "glue:CreateTable",
    "glue:UpdateTable",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:BatchGetPartition",
    "glue:CreatePartition",
    "glue:BatchCreatePartition",
    "glue:UpdatePartition",
    "glue:BatchUpdatePartition",
    "glue:CreatePartitionIndex",
    "glue:GetPartitionIndexes",
)
CATALOG_DELETE_ACTIONS = (
    "glue:DeleteTable",
    "glue:BatchDeleteTable",
    "glue:DeletePartition",
    "glue:BatchDeletePartition",
)


def glue_arn_name(scope: IConstruct, id: str, arn: str, resource: str) -> str:
    """The name in a Glue ``resource`` ARN (``arn:<partition>:glue:<region>:<account>:
    <resource>/<name>``); a token passes through to CloudFormation's own split."""
    from glueforge.core.errors import child_path, raise_if_problems, require_types

    prop = f"{resource}_arn"
    require_types(child_path(scope, id), {prop: (arn, str)})
    if Token.is_unresolved(arn):
        return Stack.of(scope).split_arn(arn, ArnFormat.SLASH_RESOURCE_NAME).resource_name  # type: ignore[return-value]
    parts = arn.split(":", 5)
    prefix = f"{resource}/"
    if (
        len(parts) != 6
        or parts[0] != "arn"
        or parts[2] != "glue"
        or not parts[5].startswith(prefix)
        or len(parts[5]) == len(prefix)
    ):
        raise_if_problems(
            child_path(scope, id),
            [
                f"{prop} {arn!r} is not a Glue {resource} ARN; expected e.g. "
                f"'arn:aws:glue:us-east-1:123456789012:{resource}/my-{resource}'"
            ],
        )
    return parts[5][len(prefix) :]


def table_arn(scope: IConstruct, database_name: str, table_name: str) -> str:
    """ARN of a catalog table (``table/<db>/<table>``; ``<table>`` may end in ``*``)."""
    return Stack.of(scope).format_arn(
        service="glue", resource="table", resource_name=f"{database_name}/{table_name}"
    )


def grant_catalog(
    grantee: iam.IGrantable,
    database: glue.IDatabase,
    tables: Sequence[str],
    actions: Sequence[str],
) -> iam.Grant:
    """``actions`` on tables of ``database``: Glue authorizes the catalog, the database
    and the table, so all three ARNs are granted. A table name may end in ``*``."""
    return grant(
        grantee,
        actions,
        [
            database.catalog.catalog_arn,
            database.database_arn,
            *(table_arn(database, database.database_name, t) for t in tables),
        ],
        wildcard_reason="tables are created with names learned from the data; access is "
        "limited to one database (and table-name prefix)",
    )


def grant(
    grantee: iam.IGrantable,
    actions: Sequence[str],
    resources: Sequence[str],
    *,
    conditions: Mapping[str, Any] | None = None,
    wildcard_reason: str | None = None,
) -> iam.Grant:
    """Allow ``actions`` on ``resources``; acknowledge their trailing wildcards, if any.

    :param wildcard_reason: why the resources must end in ``*``; required when one does.
    """
    result = iam.Grant.add_to_principal(
        grantee=grantee,
        actions=list(actions),
        resource_arns=list(resources),
        conditions=dict(conditions) if conditions else None,
    )
    wildcards = [r for r in resources if _ends_in_wildcard(r)]
    if wildcards:
        if not wildcard_reason:
            raise ValueError(f"granting {list(actions)} on {wildcards} needs a wildcard_reason")
        acknowledge_resource_wildcards(grantee, wildcards, wildcard_reason)
    return result


def grant_s3_prefix_read(
    grantee: iam.IGrantable, bucket: s3.IBucket, prefix: str = ""
) -> list[iam.Grant]:
    """Read the objects under ``prefix``, and list only that prefix; decrypt with its key."""
    return _grant_prefix(grantee, bucket, prefix, "read", ["s3:GetObject"], ["kms:Decrypt"])


def grant_s3_prefix_read_write(
    grantee: iam.IGrantable, bucket: s3.IBucket, prefix: str = ""
) -> list[iam.Grant]:
    """Read, write and delete objects under ``prefix`` (writers list and read what they
    write: bookmarks, overwrites, multipart uploads); encrypt with the bucket's key."""
    return _grant_prefix(
        grantee,
        bucket,
        prefix,
        "read and write",
        ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
        ["kms:Decrypt", "kms:GenerateDataKey"],
    )


def _grant_prefix(
    grantee: iam.IGrantable,
    bucket: s3.IBucket,
    prefix: str,
    access: str,
    object_actions: Sequence[str],
    key_actions: Sequence[str],
) -> list[iam.Grant]:
    grants = [
        grant(
            grantee,
            object_actions,
            [bucket.arn_for_objects(f"{prefix}*")],
            wildcard_reason=f"object {access} is limited to the prefix '{prefix}' of the bucket",
        ),
        _grant_list(grantee, bucket, prefix),
    ]
    if bucket.encryption_key is not None:
        grants.append(bucket.encryption_key.grant(grantee, *key_actions))
    return grants


def _grant_list(grantee: iam.IGrantable, bucket: s3.IBucket, prefix: str) -> iam.Grant:
    conditions = {"StringLike": {"s3:prefix": [prefix, f"{prefix}*"]}} if prefix else None
    return grant(
        grantee,
        ["s3:ListBucket", "s3:GetBucketLocation"],
        [bucket.bucket_arn],
        conditions=conditions,
    )


def log_group_arn(scope: IConstruct, log_group_name: str, stream: str | None = None) -> str:
    """ARN of a CloudWatch Logs group, or of the streams in it matching ``stream``."""
    resource_name = log_group_name if stream is None else f"{log_group_name}:log-stream:{stream}"
    return Stack.of(scope).format_arn(
        service="logs",
        resource="log-group",
        resource_name=resource_name,
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )


def acknowledge_resource_wildcards(
    grantee: iam.IGrantable, resources: Sequence[str], reason: str
) -> None:
    """Acknowledge cdk-nag's IAM5 finding for each of ``resources``, exactly as it reports it.

    The finding names the resource by its logical ids, so it is computed at synth: one
    resolve for the whole stack, one acknowledgment call per role
    (:mod:`glueforge.iam.deferred`).
    """
    scope = _principal_construct(grantee)
    if scope is None:
        return
    stack = Stack.of(scope)
    ledger = getattr(stack, _LEDGER, None)
    if ledger is None:
        ledger = []
        setattr(stack, _LEDGER, ledger)
        defer(stack, lambda s: _acknowledge_ledger(s, ledger))
    ledger.extend((scope, resource, reason) for resource in resources)


_LEDGER = "_glueforge_wildcards"


def _acknowledge_ledger(stack: Stack, ledger: list[tuple[IConstruct, str, str]]) -> None:
    resolved = stack.resolve([resource for _, resource, _ in ledger])
    by_scope: dict[int, tuple[IConstruct, dict[str, str]]] = {}
    for (scope, _, reason), value in zip(ledger, resolved, strict=True):
        finding = f"AwsSolutions-IAM5[Resource::{nag_resource_text(value)}]"
        by_scope.setdefault(id(scope), (scope, {}))[1].setdefault(finding, reason)
    for scope, reasons in by_scope.values():
        acknowledge_all(scope, reasons)


def _ends_in_wildcard(resource: str) -> bool:
    # A token's string form keeps its literal tail ("${Token[TOKEN.12]}/raw/*"), so no
    # resolve (a jsii round trip) is needed to see a trailing wildcard.
    return resource.endswith("*")


def _principal_construct(grantee: iam.IGrantable) -> IConstruct | None:
    # An owned role is a Python Construct: isinstance needs no jsii round trip.
    if isinstance(grantee, iam.Role):
        return grantee
    principal = grantee.grant_principal
    return principal if hasattr(principal, "node") else None  # type: ignore[return-value]


def _acknowledge_on_principal(grantee: iam.IGrantable, rule_id: str, reason: str) -> None:
    scope = _principal_construct(grantee)
    if scope is not None:
        acknowledge(scope, rule_id, reason)
