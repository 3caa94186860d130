"""SQS queues encrypted with a customer-managed key that S3 event notifications can use.

Every queue glueforge creates (a crawler's S3 event queue and its dead-letter queue, the
scripts deployment function's dead-letter queue) is an :func:`encrypted_queue` on the
stack's queue key (:func:`queue_key`), created on first use like the Glue key.

S3 publishes to an encrypted queue only if the key lets it. The S3 User Guide, "Granting
permissions to publish event notification messages to a destination" (section "AWS KMS
key policy", https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html),
gives the statement: principal ``s3.amazonaws.com``, actions ``kms:GenerateDataKey`` and
``kms:Decrypt``, resource ``*``, and no condition. The same page scopes the queue policy
with ``aws:SourceArn`` (the bucket) and ``aws:SourceAccount`` (its owner); it documents
no condition for the key policy, so glueforge adds none there (a condition S3 does not
send would drop every notification without a word). The key encrypts only these queues,
and the queue policy admits only the buckets that notify them.
"""

from __future__ import annotations

import jsii
from aws_cdk import Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from constructs import Construct, IConstruct

from glueforge.core.singletons import stack_singleton
from glueforge.iam.grants import grant

QUEUE_KEY_ID = "GlueforgeQueueKey"
S3_SERVICE = "s3.amazonaws.com"
# What S3 does with the queue key (S3 User Guide, "AWS KMS key policy").
S3_NOTIFICATION_KEY_ACTIONS = ("kms:GenerateDataKey", "kms:Decrypt")
# What S3 does with the queue (same page, "IAM policy for a destination SQS queue").
S3_NOTIFICATION_QUEUE_ACTIONS = ("sqs:SendMessage",)
# A consumer reads messages: SQS decrypts them with the consumer's permission on the key.
QUEUE_CONSUME_KEY_ACTIONS = ("kms:Decrypt",)
# A producer (a Lambda function's dead-letter delivery) encrypts new messages.
QUEUE_SEND_KEY_ACTIONS = ("kms:GenerateDataKey", "kms:Decrypt")
# SQS's maximum: a message waits two weeks for a consumer.
MAX_RETENTION = Duration.days(14)


def queue_key(scope: IConstruct) -> kms.Key:
    """The stack's key for glueforge's SQS queues, created on first use."""
    return stack_singleton(scope, QUEUE_KEY_ID, _create_queue_key)


def _create_queue_key(stack: Stack, id: str) -> kms.Key:
    key = kms.Key(
        stack,
        id,
        enable_key_rotation=True,
        description="glueforge: SQS queues (S3 event notifications, dead letters)",
    )
    return key


def encrypted_queue(
    scope: Construct,
    id: str,
    *,
    retention_period: Duration = MAX_RETENTION,
    dead_letter_queue: sqs.DeadLetterQueue | None = None,
) -> sqs.Queue:
    """A TLS-only queue encrypted with :func:`queue_key`."""
    return sqs.Queue(
        scope,
        id,
        encryption=sqs.QueueEncryption.KMS,
        encryption_master_key=queue_key(scope),
        enforce_ssl=True,
        retention_period=retention_period,
        dead_letter_queue=dead_letter_queue,
    )


def grant_consume_key(grantee: iam.IGrantable, queue: sqs.IQueue) -> iam.Grant:
    """Let ``grantee`` decrypt what it receives from ``queue`` (none for an SSE-SQS queue)."""
    key = queue.encryption_master_key
    if key is None:
        return iam.Grant.drop(grantee, "decrypt an unencrypted queue's messages")
    return grant(grantee, QUEUE_CONSUME_KEY_ACTIONS, [key.key_arn])


def grant_send(grantee: iam.IGrantable, queue: sqs.IQueue) -> iam.Grant:
    """Let ``grantee`` send to ``queue``: the queue by its ARN, and its key if it has one."""
    sent = grant(grantee, ("sqs:SendMessage",), [queue.queue_arn])
    key = queue.encryption_master_key
    if key is None:
        return sent
    return sent.combine(grant(grantee, QUEUE_SEND_KEY_ACTIONS, [key.key_arn]))


@jsii.implements(s3.IBucketNotificationDestination)
class S3NotificationQueue:
    """An encrypted queue as an S3 event notification destination, as the S3 guide has it.

    Binding a bucket adds to the queue policy ``sqs:SendMessage`` for ``s3.amazonaws.com``
    with ``aws:SourceArn`` (the bucket) and ``aws:SourceAccount`` (its account), and to
    the queue's key policy the documented S3 statement, once per key. A drop-in for
    ``aws_s3_notifications.SqsDestination``, which grants ``kms:GenerateDataKey*``.
    """

    def __init__(self, queue: sqs.Queue) -> None:
        self.queue = queue

    def bind(self, scope: Construct, bucket: object) -> s3.BucketNotificationDestinationConfig:
        bucket_arn = _bucket_arn(bucket)
        self.queue.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal(S3_SERVICE)],
                actions=list(S3_NOTIFICATION_QUEUE_ACTIONS),
                resources=[self.queue.queue_arn],
                conditions={
                    "ArnLike": {"aws:SourceArn": bucket_arn},
                    "StringEquals": {"aws:SourceAccount": _bucket_account(bucket)},
                },
            )
        )
        key = self.queue.encryption_master_key
        if key is not None:
            allow_s3_notifications(key)
        return s3.BucketNotificationDestinationConfig(
            arn=self.queue.queue_arn,
            type=s3.BucketNotificationDestinationType.QUEUE,
            dependencies=[self.queue],
        )


def allow_s3_notifications(key: kms.IKey) -> None:
    """Add the S3 User Guide's statement for encrypted destinations to ``key``'s policy,
    once. An imported key's policy cannot be changed: grant it there yourself."""
    marker = "_glueforge_allows_s3_notifications"
    if getattr(key, marker, False):
        return
    # A key policy's "*" resource means this key itself.
    key.add_to_resource_policy(
        iam.PolicyStatement(
            sid="AllowS3EventNotifications",
            principals=[iam.ServicePrincipal(S3_SERVICE)],
            actions=list(S3_NOTIFICATION_KEY_ACTIONS),
            resources=["*"],
        ),
        True,
    )
    setattr(key, marker, True)


def _bucket_arn(bucket: object) -> str:
    arn = getattr(bucket, "bucket_arn", None)
    return arn if arn is not None else bucket.bucket_ref.bucket_arn  # type: ignore[attr-defined]


def _bucket_account(bucket: object) -> str:
    """The bucket owner's account: an imported bucket's own, else its stack's."""
    env = getattr(bucket, "env", None)
    account = getattr(env, "account", None)
    return account if account is not None else Stack.of(bucket).account  # type: ignore[arg-type]
