"""Least-privilege grants shared by every glueforge construct.

Each function grants exactly one kind of access on exact ARNs and returns the
``iam.Grant`` it made, as aws-cdk-lib's ``grant*`` methods do. The actions come from
:mod:`glueforge.iam.actions`. Where a resource ARN must end in a wildcard (objects under a
prefix, tables a crawler has yet to create, log streams named at run time) the function
scopes it as tightly as the service allows and acknowledges that one finding
(``AwsSolutions-IAM5[Resource::...]``) with its reason, so a wildcard anybody else adds to
the same role is still reported.

Each ``grant*`` statement is one jsii round trip (``iam.Grant.add_to_principal``);
everything else a grant needs is read from node once and kept in Python: a bucket's ARN
and key, a database's ARNs, the stack of a principal (:mod:`glueforge.core.stack_cache`).
Internal grants whose ``iam.Grant`` nobody reads (a job's or crawler's own role) go
through the ``add*`` functions: inside the constructor that builds the role their
statements wait in Python and reach node as the role's one document
(:mod:`glueforge.iam.documents`); elsewhere each is one round trip, with no
``iam.Grant`` combined (each ``combine`` is one more round trip).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct, IConstruct

from glueforge.core.arns import table_arn
from glueforge.core.stack_cache import node_of, python_state, stack_of
from glueforge.iam.actions import (
    KEY_READ_ACTIONS,
    KEY_READ_WRITE_ACTIONS,
    LAKE_FORMATION_MODE_CONTEXT,
    LAKE_FORMATION_MODE_ON,
    S3_BUCKET_LOCATION_ACTIONS,
    S3_LIST_ACTIONS,
    S3_OBJECT_READ_ACTIONS,
    S3_OBJECT_READ_WRITE_ACTIONS,
    SECRET_READ_ACTIONS,
)
from glueforge.iam.documents import add_statement, flush, is_collecting
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

    Returns the ``iam.Grant``: the statements still waiting in Python for ``grantee``
    (:mod:`glueforge.iam.documents`) land first, so the order stays the order granted.

    :param conditions: the statement's IAM conditions. Default: none.
    :param wildcard_reason: why the resources must end in ``*``; required when one does.
    """
    _check_wildcards(actions, resources, wildcard_reason)
    flush(grantee)
    result = iam.Grant.add_to_principal(
        grantee=grantee,
        actions=list(actions),
        resource_arns=list(resources),
        conditions=dict(conditions) if conditions else None,
    )
    _acknowledge(grantee, resources, wildcard_reason)
    return result


def add(
    grantee: iam.IGrantable,
    actions: Sequence[str],
    resources: Sequence[str],
    *,
    conditions: Mapping[str, Any] | None = None,
    wildcard_reason: str | None = None,
) -> None:
    """:func:`grant`, for a grant whose ``iam.Grant`` nobody reads: inside a glueforge
    constructor building ``grantee``'s role, the statement waits in Python for the role's
    one document (:func:`glueforge.iam.documents.one_document`), with no round trip."""
    _check_wildcards(actions, resources, wildcard_reason)
    if not add_statement(grantee, actions, resources, conditions):
        iam.Grant.add_to_principal(
            grantee=grantee,
            actions=list(actions),
            resource_arns=list(resources),
            conditions=dict(conditions) if conditions else None,
        )
    _acknowledge(grantee, resources, wildcard_reason)


def _check_wildcards(
    actions: Sequence[str], resources: Sequence[str], wildcard_reason: str | None
) -> None:
    wildcards = [r for r in resources if _ends_in_wildcard(r)]
    if wildcards and not wildcard_reason:
        raise ValueError(f"granting {list(actions)} on {wildcards} needs a wildcard_reason")


def _acknowledge(
    grantee: iam.IGrantable, resources: Sequence[str], wildcard_reason: str | None
) -> None:
    wildcards = [r for r in resources if _ends_in_wildcard(r)]
    if wildcards:
        acknowledge_resource_wildcards(grantee, wildcards, wildcard_reason)


def lake_formation_mode(scope: IConstruct) -> bool:
    """Whether glueforge jobs and crawlers added to ``scope`` use Lake Formation
    (``glueforge.use_lake_formation``, or the context value in ``cdk.json``/``-c``).

    Kept per scope: a construct's context cannot change once it has children, so the
    jobs and crawlers of one scope ask node once between them.
    """
    value = python_state(
        scope,
        "_glueforge_lake_formation_mode",
        lambda: node_of(scope).try_get_context(LAKE_FORMATION_MODE_CONTEXT),
    )
    return value in LAKE_FORMATION_MODE_ON


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
    return grant(grantee, actions, _catalog_arns(database, tables), wildcard_reason=_CATALOG_REASON)


_CATALOG_REASON = (
    "tables are created with names learned from the data; access is limited to one "
    "database (and table-name prefix)"
)


def _catalog_arns(database: glue.IDatabase, tables: Sequence[str]) -> list[str]:
    facts = _database_facts(database)
    return [
        facts.catalog_arn,
        facts.database_arn,
        *(table_arn(database, facts.database_name, t) for t in tables),
    ]


def add_catalog(
    grantee: iam.IGrantable,
    database: glue.IDatabase,
    tables: Sequence[str],
    actions: Sequence[str],
) -> None:
    """:func:`grant_catalog`, for a grant whose ``iam.Grant`` nobody reads."""
    add(grantee, actions, _catalog_arns(database, tables), wildcard_reason=_CATALOG_REASON)


def grant_s3_prefix_read(
    grantee: iam.IGrantable, bucket: s3.IBucket, prefix: str = ""
) -> iam.Grant:
    """Read the objects under ``prefix``, and list only that prefix; decrypt with its key."""
    return _combined(_s3_prefix(grantee, bucket, prefix, read_write=False))


def grant_s3_prefix_read_write(
    grantee: iam.IGrantable, bucket: s3.IBucket, prefix: str = ""
) -> iam.Grant:
    """Read, write and delete objects under ``prefix`` (writers list and read what they
    write: bookmarks, overwrites, multipart uploads); encrypt with the bucket's key."""
    return _combined(_s3_prefix(grantee, bucket, prefix, read_write=True))


def add_s3_prefix_read(grantee: iam.IGrantable, bucket: s3.IBucket, prefix: str = "") -> None:
    """:func:`grant_s3_prefix_read`, for a grant whose ``iam.Grant`` nobody reads."""
    _s3_prefix_added(grantee, bucket, prefix, read_write=False)


def add_s3_prefix_read_write(grantee: iam.IGrantable, bucket: s3.IBucket, prefix: str = "") -> None:
    """:func:`grant_s3_prefix_read_write`, for a grant whose ``iam.Grant`` nobody reads."""
    _s3_prefix_added(grantee, bucket, prefix, read_write=True)


@dataclass(frozen=True)
class _PrefixStatements:
    """The statements of a prefix grant: objects, listing, Region; then the key's."""

    statements: list[tuple[Sequence[str], list[str], dict | None, str | None]]
    key: kms.IKey | None
    key_actions: Sequence[str]


def _prefix_statements(bucket: s3.IBucket, prefix: str, *, read_write: bool) -> _PrefixStatements:
    facts = _bucket_facts(bucket)
    access = "read and write" if read_write else "read"
    # What aws-cdk-lib's bucket.arn_for_objects returns, without asking node for it.
    objects = f"{facts.bucket_arn}/{prefix}*"
    conditions = {"StringLike": {"s3:prefix": [prefix, f"{prefix}*"]}} if prefix else None
    reason = f"object {access} is limited to the prefix '{prefix}' of the bucket"
    return _PrefixStatements(
        [
            (
                S3_OBJECT_READ_WRITE_ACTIONS if read_write else S3_OBJECT_READ_ACTIONS,
                [objects],
                None,
                reason,
            ),
            # Listing under the ``s3:prefix`` condition, and the bucket's Region in a
            # statement of its own: ``s3:prefix`` does not apply to GetBucketLocation, so
            # in the same statement the condition could never hold for it.
            (S3_LIST_ACTIONS, [facts.bucket_arn], conditions, None),
            (S3_BUCKET_LOCATION_ACTIONS, [facts.bucket_arn], None, None),
        ],
        facts.encryption_key,
        KEY_READ_WRITE_ACTIONS if read_write else KEY_READ_ACTIONS,
    )


def _s3_prefix(
    grantee: iam.IGrantable, bucket: s3.IBucket, prefix: str, *, read_write: bool
) -> list[iam.Grant]:
    """The prefix's statements, one ``iam.Grant`` each, in the order the policy lists them."""
    planned = _prefix_statements(bucket, prefix, read_write=read_write)
    grants = [
        grant(grantee, actions, resources, conditions=conditions, wildcard_reason=reason)
        for actions, resources, conditions, reason in planned.statements
    ]
    if planned.key is not None:
        grants.append(planned.key.grant(grantee, *planned.key_actions))
    return grants


def _s3_prefix_added(
    grantee: iam.IGrantable, bucket: s3.IBucket, prefix: str, *, read_write: bool
) -> None:
    """The prefix's statements, waiting in ``grantee``'s document where one is open."""
    planned = _prefix_statements(bucket, prefix, read_write=read_write)
    for actions, resources, conditions, reason in planned.statements:
        add(grantee, actions, resources, conditions=conditions, wildcard_reason=reason)
    key = planned.key
    if key is None:
        return
    # The statement key.grant puts on the principal, in its place in the document. For a
    # key aws-cdk-lib's Key class made in the stack of the role, that statement is all
    # key.grant does (KeyGrants.actions: same account and region, and the account's
    # identities trusted, which the Key refuses to turn off in aws-cdk-lib v2). Otherwise
    # key.grant itself runs when the document lands, for what it adds to the key's
    # policy; its principal statement is then a duplicate, rendered once.
    replay = (
        None
        if type(key) is kms.Key and isinstance(grantee, iam.Role)
        else lambda: key.grant(grantee, *planned.key_actions)
    )
    if (
        is_collecting(grantee)
        and _key_statement_is_plain(grantee, key)
        and add_statement(grantee, planned.key_actions, [_key_arn(key)], replay=replay)
    ):
        return
    flush(grantee)
    key.grant(grantee, *planned.key_actions)


def _key_statement_is_plain(grantee: iam.IGrantable, key: kms.IKey) -> bool:
    """Whether ``key.grant(grantee, ...)`` puts ``actions`` on exactly the key's ARN in the
    principal's policy: true for a key of the principal's own stack (aws-cdk-lib's
    ``KeyGrants.actions``: not cross-environment, so the principal's resource is the key's
    ARN, whether or not the key's policy is also changed)."""
    principal = grantee if isinstance(grantee, iam.Role) else grantee.grant_principal
    # A Python Construct (an owned role, a RolePolicy): no round trip to ask.
    return isinstance(principal, Construct) and stack_of(key) is stack_of(principal)


def _key_arn(key: kms.IKey) -> str:
    return python_state(key, "_glueforge_key_arn", lambda: key.key_arn)


def _combined(grants: Sequence[iam.Grant]) -> iam.Grant:
    result = grants[0]
    for other in grants[1:]:
        result = result.combine(other)
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
    flush(grantee)  # what waits in Python for grantee goes first
    key = secret.encryption_key
    policy_stack = _policy_stack(grantee)
    if key is None or policy_stack is None or stack_of(key) is policy_stack:
        return secret.grant_read(grantee)
    # aws-cdk-lib's ARN for policies: a partial ARN ends in Secrets Manager's 6 characters.
    arn = secret.secret_full_arn or f"{secret.secret_arn}-??????"
    read = iam.Grant.add_to_principal(
        grantee=grantee, actions=list(SECRET_READ_ACTIONS), resource_arns=[arn]
    )
    via = f"secretsmanager.{stack_of(secret).region}.amazonaws.com"
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
    return stack_of(principal) if hasattr(principal, "node") else None


@dataclass(frozen=True)
class _BucketFacts:
    bucket_arn: str
    encryption_key: kms.IKey | None


def _bucket_facts(bucket: s3.IBucket) -> _BucketFacts:
    """A bucket's ARN and key, read from node once per bucket: both are set when the
    bucket (or its import) is made and never change."""
    return python_state(
        bucket,
        "_glueforge_grant_facts",
        lambda: _BucketFacts(bucket.bucket_arn, bucket.encryption_key),
    )


@dataclass(frozen=True)
class _DatabaseFacts:
    catalog_arn: str
    database_arn: str
    database_name: str


def _database_facts(database: glue.IDatabase) -> _DatabaseFacts:
    """A database's catalog ARN, ARN and name, read from node once per database."""
    return python_state(
        database,
        "_glueforge_grant_facts",
        lambda: _DatabaseFacts(
            database.catalog.catalog_arn, database.database_arn, database.database_name
        ),
    )


def _ends_in_wildcard(resource: str) -> bool:
    # A token's string form keeps its literal tail ("${Token[TOKEN.12]}/raw/*"), so no
    # resolve (a jsii round trip) is needed to see a trailing wildcard.
    return resource.endswith("*")
