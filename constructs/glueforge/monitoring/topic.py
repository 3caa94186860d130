"""The stack's alarm topic: SNS, encrypted with a rotated customer-managed key.

Alarms on glueforge jobs and crawlers notify this topic unless given one. It is created
on first use, once per stack, like the stack's Glue key (:mod:`glueforge.security`):

- its own key (``GlueforgeAlarmKey``), rotated (cdk-nag AwsSolutions-KMS5), whose policy
  lets CloudWatch alarms use it: ``kms:Decrypt`` and ``kms:GenerateDataKey*`` for
  ``cloudwatch.amazonaws.com`` (SNS Developer Guide, "Enable compatibility between event
  sources from AWS services and encrypted topics",
  https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services),
  with no condition, as the guide writes it (a condition CloudWatch does not send would
  drop every notification without a word); the key encrypts only this topic;
- the topic (``GlueforgeAlarmTopic``) encrypted with it (AwsSolutions-SNS2), whose policy
  refuses requests without TLS (AwsSolutions-SNS3) and lets CloudWatch publish for this
  account's alarms only (``aws:SourceArn`` ``arn:...:cloudwatch:<region>:<account>:alarm:*``
  and ``aws:SourceAccount``, as AWS's Knowledge Center article
  https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger gives it).
  A topic policy replaces SNS's default one, so without that statement the TLS-only
  policy would leave CloudWatch no permission to publish.

Subscribe to it with ``alarm_topic(stack).add_subscription(...)``.
"""

from __future__ import annotations

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from constructs import IConstruct

from glueforge.core.singletons import stack_singleton
from glueforge.iam.actions import ALARM_TOPIC_KEY_ACTIONS, ALARM_TOPIC_PUBLISH_ACTIONS

ALARM_KEY_ID = "GlueforgeAlarmKey"
ALARM_TOPIC_ID = "GlueforgeAlarmTopic"
CLOUDWATCH_SERVICE = "cloudwatch.amazonaws.com"


def alarm_key(scope: IConstruct) -> kms.Key:
    """The stack's key for its alarm topic, created on first use."""
    return stack_singleton(scope, ALARM_KEY_ID, _create_alarm_key)


def alarm_topic(scope: IConstruct) -> sns.Topic:
    """The stack's alarm topic, created on first use."""
    return stack_singleton(scope, ALARM_TOPIC_ID, _create_alarm_topic)


def _create_alarm_key(stack: Stack, id: str) -> kms.Key:
    key = kms.Key(
        stack,
        id,
        enable_key_rotation=True,
        description="glueforge: the SNS topic glueforge's alarms notify",
    )
    # A key policy's "*" resource means this key itself.
    key.add_to_resource_policy(
        iam.PolicyStatement(
            sid="AllowCloudWatchAlarms",
            principals=[iam.ServicePrincipal(CLOUDWATCH_SERVICE)],
            actions=list(ALARM_TOPIC_KEY_ACTIONS),
            resources=["*"],
        ),
        True,
    )
    return key


def _create_alarm_topic(stack: Stack, id: str) -> sns.Topic:
    topic = sns.Topic(
        stack,
        id,
        display_name="glueforge alarms",
        master_key=alarm_key(stack),
        enforce_ssl=True,
    )
    alarms = stack.format_arn(
        service="cloudwatch",
        resource="alarm",
        resource_name="*",
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )
    topic.add_to_resource_policy(
        iam.PolicyStatement(
            sid="AllowCloudWatchAlarms",
            principals=[iam.ServicePrincipal(CLOUDWATCH_SERVICE)],
            actions=list(ALARM_TOPIC_PUBLISH_ACTIONS),
            resources=[topic.topic_arn],
            conditions={
                "ArnLike": {"aws:SourceArn": alarms},
                "StringEquals": {"aws:SourceAccount": stack.account},
            },
        )
    )
    return topic
