"""The stack's alarm topic, and cdk-nag/cfn-lint on a stack with alarms.

Expected by hand:

- the topic is encrypted with a customer-managed key (``KmsMasterKeyId``; cdk-nag
  AwsSolutions-SNS2) that rotates (KMS5);
- the key policy lets ``cloudwatch.amazonaws.com`` use it: ``kms:Decrypt`` and
  ``kms:GenerateDataKey*`` on ``*`` (SNS Developer Guide, "Enable compatibility between
  event sources from AWS services and encrypted topics",
  https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services);
- the topic policy denies ``sns:Publish`` without TLS (``aws:SecureTransport`` false;
  AwsSolutions-SNS3) and allows ``cloudwatch.amazonaws.com`` to publish for this
  account's alarms (https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger).
"""

from __future__ import annotations

from aws_cdk import Duration

from glueforge import CrawlerAlarms, JobAlarms, alarm_topic
from tests.conftest import assert_clean
from tests.monitoring.stacks import crawler, etl_job, only, resources

ACCOUNT = {"Ref": "AWS::AccountId"}
TOPIC = "GlueforgeAlarmTopic7F4B4C4A"


def test_one_topic_per_stack(stack):
    assert alarm_topic(stack) is alarm_topic(stack)
    assert alarm_topic(stack).node.path == "Test/GlueforgeAlarmTopic"


def test_the_topic_its_key_and_their_policies(stack, synth):
    etl_job(stack, alarms=JobAlarms())
    crawler(stack, alarms=CrawlerAlarms())
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    [topic] = resources(template, "AWS::SNS::Topic").values()
    [key_id] = [
        k
        for k, v in resources(template, "AWS::KMS::Key").items()
        if v["Properties"]["Description"].startswith("glueforge: the SNS topic")
    ]
    assert topic["Properties"]["KmsMasterKeyId"] == {"Fn::GetAtt": [key_id, "Arn"]}
    key = template["Resources"][key_id]["Properties"]
    assert key["EnableKeyRotation"] is True
    assert {
        "Sid": "AllowCloudWatchAlarms",
        "Effect": "Allow",
        "Principal": {"Service": "cloudwatch.amazonaws.com"},
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
        "Resource": "*",
    } in key["KeyPolicy"]["Statement"]
    policy = only(template, "AWS::SNS::TopicPolicy")
    assert policy["Topics"] == [{"Ref": TOPIC}]
    assert policy["PolicyDocument"]["Statement"] == [
        {
            "Sid": "AllowPublishThroughSSLOnly",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "sns:Publish",
            "Resource": {"Ref": TOPIC},
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        },
        {
            "Sid": "AllowCloudWatchAlarms",
            "Effect": "Allow",
            "Principal": {"Service": "cloudwatch.amazonaws.com"},
            "Action": "sns:Publish",
            "Resource": {"Ref": TOPIC},
            "Condition": {
                "ArnLike": {
                    "aws:SourceArn": {
                        "Fn::Join": [
                            "",
                            [
                                "arn:",
                                {"Ref": "AWS::Partition"},
                                ":cloudwatch:",
                                {"Ref": "AWS::Region"},
                                ":",
                                ACCOUNT,
                                ":alarm:*",
                            ],
                        ]
                    }
                },
                "StringEquals": {"aws:SourceAccount": ACCOUNT},
            },
        },
    ]
    # Both alarms of the job and the crawler's notify the one topic.
    actions = [
        a["Properties"]["AlarmActions"]
        for a in resources(template, "AWS::CloudWatch::Alarm").values()
    ]
    assert actions == [[{"Ref": TOPIC}]] * 3


def test_a_stack_with_alarms_passes_cdk_nag_and_cfn_lint(stack, synth):
    etl_job(stack, alarms=JobAlarms(max_runtime=Duration.minutes(30)))
    etl_job(
        stack,
        "Shell",
        job_name="no-metrics",
        metrics=False,
        alarms=JobAlarms(max_runtime=Duration.minutes(20)),
    )
    crawler(stack, alarms=CrawlerAlarms())
    report = synth(stack)
    assert_clean(report)
    assert not [a for a in report.acknowledged if "Alarm" in a.location]
