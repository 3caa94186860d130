"""Least-privilege grants shared by every glueforge construct.

Each function grants exactly one kind of access on exact ARNs and returns the
``iam.Grant`` it made, as aws-cdk-lib's ``grant*`` methods do. The actions come from
:mod:`glueforge.iam.actions`. Where a resource ARN must end in a wildcard (objects under a
prefix, tables a crawler has yet to create, log streams named at run time) the function
scopes it as tightly as the service allows and acknowledges that one finding
(``AwsSolutions-IAM5[Resource::...]``) with its reason, so a wildcard anybody else adds to
the same role is still reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager

from glueforge.core.arns import table_arn
from glueforge.iam.actions import (
    KEY_READ_ACTIONS,
    KEY_READ_WRITE_ACTIONS,
    S3_BUCKET_LOCATION_ACTIONS,
    S3_LIST_ACTIONS,
    S3_OBJECT_READ_ACTIONS,
    S3_OBJECT_READ_WRITE_ACTIONS,
    SECRET_READ_ACTIONS,
)
from glueforge.iam.suppressions import acknowledge_resource_wildcards


def grant(
    grantee: iam.IGrantable,
    actions: Sequence[str],
    resources: Sequence[str],
    *,
    conditions: Mapping[str, Any] | None = None,
    wildcard_reason: str | None = None,
) -> iam.Grant:
    """Allow ``actions`` on ``resources``; acknowledge their trailing wildcards, if any.

    :param conditions: the statement's IAM conditions. Default: none.
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


def grant_catalog(
    grantee: iam.IGrantable,
    database: glue.IDatabase,
    tables: Sequence[str],
    actions: Sequence[str],
) -> iam.Grant:
    """``actions`` on tables of ``database``: Glue authorizes the catalog, the database
    and the table, so all three ARNs are granted. A table name may end in ``*``.

    :param actions: usually :data:`~glueforge.iam.actions.CATALOG_READ_ACTIONS` or
        :data:`~glueforge.iam.actions.CATALOG_WRITE_ACTIONS`.
    """
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


def grant_s3_prefix_read(
    grantee: iam.IGrantable, bucket: s3.IBucket, prefix: str = ""
) -> iam.Grant:
    """Read the objects under ``prefix``, and list only that prefix; decrypt with its key."""
    return _grant_prefix(grantee, bucket, prefix, "read", S3_OBJECT_READ_ACTIONS, KEY_READ_ACTIONS)


def grant_s3_prefix_read_write(
    grantee: iam.IGrantable, bucket: s3.IBucket, prefix: str = ""
) -> iam.Grant:
    """Read, write and delete objects under ``prefix`` (writers list and read what they
    write: bookmarks, overwrites, multipart uploads); encrypt with the bucket's key."""
    return _grant_prefix(
        grantee,
        bucket,
        prefix,
        "read and write",
        S3_OBJECT_READ_WRITE_ACTIONS,
        KEY_READ_WRITE_ACTIONS,
    )


def _grant_prefix(
    grantee: iam.IGrantable,
    bucket: s3.IBucket,
    prefix: str,
    access: str,
    object_actions: Sequence[str],
    key_actions: Sequence[str],
) -> iam.Grant:
    """The objects under ``prefix``, the listing of that prefix, and the bucket's key."""
    result = grant(
        grantee,
        object_actions,
        [bucket.arn_for_objects(f"{prefix}*")],
        wildcard_reason=f"object {access} is limited to the prefix '{prefix}' of the bucket",
    ).combine(_grant_list(grantee, bucket, prefix))
    if bucket.encryption_key is not None:
        result = result.combine(bucket.encryption_key.grant(grantee, *key_actions))
    return result


def grant_secret_read(grantee: iam.IGrantable, secret: secretsmanager.ISecret) -> iam.Grant:
    """Read ``secret``, and decrypt it with its key through Secrets Manager only.

    aws-cdk-lib's ``secret.grant_read`` does this, and allows the key's use in the key's
    own policy, naming the grantee. For a key of another stack than the grantee's policy
    that statement would point from the key's stack back at the grantee's (a
    ``DependencyCycle``), so there the key's use is granted on the grantee's side only:
    ``kms:Decrypt`` on the key, on condition that Secrets Manager asks
    (``kms:ViaService``). The key's policy must let IAM policies allow its use, as a key
    with aws-cdk-lib's default policy does.
    """
    key = secret.encryption_key
    policy_stack = _policy_stack(grantee)
    if key is None or policy_stack is None or Stack.of(key) is policy_stack:
        return secret.grant_read(grantee)
    # aws-cdk-lib's ARN for policies: a partial ARN ends in Secrets Manager's 6 characters.
    arn = secret.secret_full_arn or f"{secret.secret_arn}-??????"
    read = iam.Grant.add_to_principal(
        grantee=grantee, actions=list(SECRET_READ_ACTIONS), resource_arns=[arn]
    )
    via = f"secretsmanager.{Stack.of(secret).region}.amazonaws.com"
    return read.combine(
        iam.Grant.add_to_principal(
            grantee=grantee,
            actions=list(KEY_READ_ACTIONS),
            resource_arns=[key.key_arn],
            conditions={"StringEquals": {"kms:ViaService": via}},
        )
    )


def _policy_stack(grantee: iam.IGrantable) -> Stack | None:
    """The stack of the policy ``grantee``'s grants go into; None for a bare principal."""
    principal = grantee.grant_principal
    return Stack.of(principal) if hasattr(principal, "node") else None


def _grant_list(grantee: iam.IGrantable, bucket: s3.IBucket, prefix: str) -> iam.Grant:
    """Listing ``prefix`` (ListBucket under ``s3:prefix``), and the bucket's Region in a
    statement of its own: ``s3:prefix`` does not apply to GetBucketLocation, so in the
    same statement the condition could never hold for it."""
    conditions = {"StringLike": {"s3:prefix": [prefix, f"{prefix}*"]}} if prefix else None
    listing = grant(grantee, S3_LIST_ACTIONS, [bucket.bucket_arn], conditions=conditions)
    return listing.combine(grant(grantee, S3_BUCKET_LOCATION_ACTIONS, [bucket.bucket_arn]))


def _ends_in_wildcard(resource: str) -> bool:
    # A token's string form keeps its literal tail ("${Token[TOKEN.12]}/raw/*"), so no
    # resolve (a jsii round trip) is needed to see a trailing wildcard.
    return resource.endswith("*")
