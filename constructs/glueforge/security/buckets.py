"""S3 buckets with the data-lake defaults every glueforge bucket gets.

Each bucket blocks public access, refuses non-TLS requests, disables ACLs, is encrypted,
is versioned with a lifecycle rule that expires noncurrent versions, and (except the
access-log bucket itself) logs server access. Both classes are ordinary ``aws_s3.Bucket``
subclasses, so they go anywhere an ``IBucket`` is accepted.

Why versioned by default: a Glue job that overwrites a partition, a ``purge_s3_path`` or a
mistaken ``aws s3 rm`` deletes data for good in an unversioned bucket. Versioned, the old
objects stay recoverable as noncurrent versions for ``noncurrent_version_expiration``, and
the lifecycle rule then removes them (and the delete markers left alone), so storage stays
bounded. Glue reads and writes the current versions only (``s3:GetObject``,
``s3:PutObject``, ``s3:DeleteObject``): no role needs ``s3:GetObjectVersion``.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Duration, FeatureFlags, RemovalPolicy, Stack
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from glueforge.core.errors import child_path, raise_if_problems
from glueforge.core.singletons import stack_singleton
from glueforge.iam.suppressions import acknowledge

ACCESS_LOGS_BUCKET_ID = "GlueforgeAccessLogs"
# How long a replaced or deleted object stays recoverable: a month is long enough to notice
# a bad overwrite or deletion (a monthly report, an audit), short enough to bound the
# extra storage a rewritten partition costs. AWS's own lifecycle examples use 30 days.
DEFAULT_NONCURRENT_VERSION_EXPIRATION = Duration.days(30)
NONCURRENT_VERSIONS_RULE_ID = "ExpireNoncurrentVersions"
# With this flag, aws-cdk-lib grants log delivery by bucket policy instead of the legacy
# LogDeliveryWrite ACL, so the log bucket can disable ACLs (BucketOwnerEnforced).
LOGS_USE_BUCKET_POLICY = "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy"


class AccessLogsBucket(s3.Bucket):
    """The destination bucket for S3 server access logs.

    S3 delivers server access logs only to buckets encrypted with SSE-S3, so this bucket
    uses S3-managed keys rather than KMS. Use :meth:`of_stack` to share one per stack.
    Where the app enables ``@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy`` (as
    :meth:`of_stack` does for its own scope), ACLs are disabled and delivery is granted by
    bucket policy; otherwise aws-cdk-lib needs the ObjectWriter ownership for its ACL.

    Versioned too: S3 writes each log object once under a new key, so versioning costs
    nothing until something deletes a log; then the deleted log stays recoverable for
    ``noncurrent_version_expiration``. An audit trail that one ``DeleteObject`` can erase
    is not one. (S3 allows a versioned target bucket; it refuses only Object Lock default
    retention and Requester Pays there.)

    :param expiration: how long log objects are kept. Default: 365 days.
    :param noncurrent_version_expiration: how long a deleted or expired log stays
        recoverable. Default: 30 days. Whole days, at least 1.
    :param removal_policy: Default: ``RemovalPolicy.RETAIN``, so an audit trail outlives
        the stack.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        expiration: Duration | None = None,
        noncurrent_version_expiration: Duration | None = None,
        removal_policy: RemovalPolicy = RemovalPolicy.RETAIN,
    ) -> None:
        expiration = expiration or Duration.days(365)
        noncurrent = noncurrent_version_expiration or DEFAULT_NONCURRENT_VERSION_EXPIRATION
        raise_if_problems(
            child_path(scope, id),
            noncurrent_expiration_problems(noncurrent_version_expiration),
        )
        ownership = (
            s3.ObjectOwnership.BUCKET_OWNER_ENFORCED
            if FeatureFlags.of(scope).is_enabled(LOGS_USE_BUCKET_POLICY)
            else s3.ObjectOwnership.OBJECT_WRITER
        )
        super().__init__(
            scope,
            id,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=ownership,
            versioned=True,
            lifecycle_rules=[s3.LifecycleRule(expiration=expiration), noncurrent_rule(noncurrent)],
            removal_policy=removal_policy,
        )
        acknowledge(
            self,
            "AwsSolutions-S1",
            "This bucket is the server-access-log destination; logging it into itself "
            "would log every log delivery.",
        )

    @classmethod
    def of_stack(cls, scope: Construct) -> AccessLogsBucket:
        """The stack's shared access-log bucket, created on first use.

        It sits in a holder construct (``GlueforgeAccessLogs/Bucket``) that turns on
        ``@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy`` for it alone, whatever the
        app's own flags.
        """
        holder = stack_singleton(scope, ACCESS_LOGS_BUCKET_ID, cls._create_holder)
        return holder.node.find_child("Bucket")  # type: ignore[return-value]

    @classmethod
    def _create_holder(cls, stack: Stack, id: str) -> Construct:
        holder = Construct(stack, id)
        holder.node.set_context(LOGS_USE_BUCKET_POLICY, True)
        cls(holder, "Bucket")
        return holder


class SecureBucket(s3.Bucket):
    """A KMS-encrypted, TLS-only, private bucket that logs server access.

    :param encryption_key: the customer-managed key for SSE-KMS. Default: a new key with
        yearly rotation, created beside the bucket as ``<id>Key``.
    :param server_access_logs_bucket: where server access logs go. It must use SSE-S3.
        Default: the stack's shared :class:`AccessLogsBucket`.
    :param server_access_logs_prefix: the log object prefix. Default: ``<id>/``.
    :param bucket_name: Default: generated by CloudFormation.
    :param versioned: Default: ``True``, so an overwrite or a deletion can be undone.
        ``False`` turns versioning off (for scratch data that can be made again).
    :param noncurrent_version_expiration: how long a replaced or deleted object stays
        recoverable before the lifecycle rule ``ExpireNoncurrentVersions`` removes it
        (with the delete markers left without versions). Default: 30 days. Whole days,
        at least 1; only with ``versioned=True``.
    :param event_bridge_enabled: send S3 events to EventBridge. Default: ``False``.
    :param lifecycle_rules: more lifecycle rules. Default: none besides
        ``ExpireNoncurrentVersions``.
    :param removal_policy: Default: ``RemovalPolicy.RETAIN``, so data outlives the stack.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        encryption_key: kms.IKey | None = None,
        server_access_logs_bucket: s3.IBucket | None = None,
        server_access_logs_prefix: str | None = None,
        bucket_name: str | None = None,
        versioned: bool = True,
        noncurrent_version_expiration: Duration | None = None,
        event_bridge_enabled: bool = False,
        lifecycle_rules: Sequence[s3.LifecycleRule] | None = None,
        removal_policy: RemovalPolicy = RemovalPolicy.RETAIN,
    ) -> None:
        problems = noncurrent_expiration_problems(noncurrent_version_expiration)
        if server_access_logs_prefix is not None and server_access_logs_prefix.startswith("/"):
            problems.append(
                f"server_access_logs_prefix {server_access_logs_prefix!r} must not start "
                "with '/'; expected e.g. 'raw/'"
            )
        if not isinstance(versioned, bool):
            problems.append(f"versioned must be True or False, got {versioned!r}")
        elif not versioned and noncurrent_version_expiration is not None:
            problems.append(
                "noncurrent_version_expiration needs versioned=True: an unversioned bucket "
                "keeps no noncurrent versions"
            )
        raise_if_problems(child_path(scope, id), problems)
        rules = list(lifecycle_rules or ())
        if versioned:
            rules.append(
                noncurrent_rule(
                    noncurrent_version_expiration or DEFAULT_NONCURRENT_VERSION_EXPIRATION
                )
            )
        if encryption_key is None:
            encryption_key = kms.Key(
                scope,
                f"{id}Key",
                enable_key_rotation=True,
                description=f"SSE-KMS key of bucket {child_path(scope, id)}",
                removal_policy=removal_policy,
            )
        super().__init__(
            scope,
            id,
            bucket_name=bucket_name,
            encryption=s3.BucketEncryption.KMS,
            encryption_key=encryption_key,
            bucket_key_enabled=True,
            enforce_ssl=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=server_access_logs_bucket or AccessLogsBucket.of_stack(scope),
            server_access_logs_prefix=server_access_logs_prefix or f"{id}/",
            versioned=versioned,
            event_bridge_enabled=event_bridge_enabled,
            lifecycle_rules=rules or None,
            removal_policy=removal_policy,
        )


def noncurrent_rule(expiration: Duration) -> s3.LifecycleRule:
    """Expire noncurrent versions after ``expiration``, and the delete markers left alone.

    A delete marker with no versions behind it is an "expired object delete marker"; S3
    removes it only when a rule says so, and many of them slow down every listing.
    """
    return s3.LifecycleRule(
        id=NONCURRENT_VERSIONS_RULE_ID,
        noncurrent_version_expiration=expiration,
        expired_object_delete_marker=True,
    )


def noncurrent_expiration_problems(expiration: object) -> list[str]:
    """Why ``expiration`` cannot be a lifecycle rule's NoncurrentDays (a whole day count, at
    least 1, as S3's NoncurrentVersionExpiration requires)."""
    if expiration is None:
        return []
    if not isinstance(expiration, Duration):
        return [
            "noncurrent_version_expiration must be an aws_cdk.Duration such as "
            f"Duration.days(30), got {type(expiration).__name__}"
        ]
    if expiration.is_unresolved():
        return []
    days = expiration.to_days(integral=False)
    if days < 1 or days != int(days):
        return [
            "noncurrent_version_expiration must be a whole number of days, at least 1, got "
            f"{expiration.to_human_string()}"
        ]
    return []
