"""S3 event mode for crawlers, wired end to end.

S3 sends object-created and object-removed events for each crawled prefix to an SQS queue
(with a dead-letter queue), both encrypted with the stack's queue key, whose policy lets S3
publish (:mod:`glueforge.security.queues`); the crawler reads them on its next run and
crawls only what changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aws_cdk import Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from glueforge.iam.actions import CRAWLER_QUEUE_ACTIONS
from glueforge.iam.grants import grant
from glueforge.iam.suppressions import acknowledge, acknowledge_notifications_handler
from glueforge.security.queues import S3NotificationQueue, encrypted_queue, grant_consume_key

if TYPE_CHECKING:
    from glueforge.core.locations import S3Location

RETENTION = Duration.days(14)  # SQS's maximum: events wait for the next scheduled crawl
MAX_RECEIVE_COUNT = 5
EVENT_TYPES = (s3.EventType.OBJECT_CREATED, s3.EventType.OBJECT_REMOVED)


class CrawlerEventQueue(Construct):
    """The event queue, its dead-letter queue and the S3 notifications that feed it."""

    def __init__(self, scope: Construct, id: str, locations: Sequence[S3Location]) -> None:
        super().__init__(scope, id)
        self.dead_letter_queue = encrypted_queue(
            self, "DeadLetterQueue", retention_period=RETENTION
        )
        acknowledge(
            self.dead_letter_queue,
            "AwsSolutions-SQS3",
            "This queue is the dead-letter queue of the crawler's event queue.",
        )
        self.queue = encrypted_queue(
            self,
            "Queue",
            retention_period=RETENTION,
            dead_letter_queue=sqs.DeadLetterQueue(
                queue=self.dead_letter_queue, max_receive_count=MAX_RECEIVE_COUNT
            ),
        )
        for index, location in enumerate(locations):
            bucket = self._notifying(location.bucket, index)
            key_filter = s3.NotificationKeyFilter(prefix=location.prefix or None)
            for event in EVENT_TYPES:
                bucket.add_event_notification(event, S3NotificationQueue(self.queue), key_filter)
        acknowledge_notifications_handler(self)

    def _notifying(self, bucket: s3.IBucket, index: int) -> s3.IBucket:
        """``bucket``, or for a bucket of another stack, the same bucket imported here.

        aws-cdk-lib writes a bucket's notifications in the stack the bucket construct is
        in: for a bucket of another stack, that stack would point at this one's queue
        while this one points at the bucket (a ``DependencyCycle``). Imported here, the
        notifications are written from this stack, which adds them beside the bucket's
        others (aws-cdk-lib's handler for imported buckets keeps those).
        """
        if Stack.of(bucket) is Stack.of(self):
            return bucket
        return s3.Bucket.from_bucket_attributes(
            self, f"Bucket{index}", bucket_arn=bucket.bucket_arn, bucket_name=bucket.bucket_name
        )

    def queue_policies(self) -> list[sqs.QueuePolicy]:
        """The queues' resource policies: S3's permission to send, and TLS-only access."""
        return [
            child
            for queue in (self.queue, self.dead_letter_queue)
            for child in queue.node.children
            if isinstance(child, sqs.QueuePolicy)
        ]

    def grant_consume(self, grantee: iam.IGrantable) -> iam.Grant:
        """What the crawler needs to read events from both queues, and decrypt them."""
        return grant(
            grantee,
            CRAWLER_QUEUE_ACTIONS,
            [self.queue.queue_arn, self.dead_letter_queue.queue_arn],
        ).combine(grant_consume_key(grantee, self.queue))
