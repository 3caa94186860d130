"""CRAWL_EVENT_MODE: queue, dead-letter queue, S3 notifications, permissions, ordering."""

import pytest
from aws_cdk import aws_glue as glue
from aws_cdk.assertions import Match

from glueforge import Crawler, CrawlerTarget, RecrawlBehavior, SecureBucket
from tests.conftest import assert_clean
from tests.helpers.iam import logical_id, policy_statements


@pytest.fixture
def report(stack, synth):
    bucket = SecureBucket(stack, "Raw")
    database = glue.Database(stack, "Db", database_name="raw")
    Crawler(
        stack,
        "Clicks",
        database=database,
        targets=[CrawlerTarget.s3(bucket, "clickstream/")],
        recrawl=RecrawlBehavior.CRAWL_EVENT_MODE,
    )
    return synth(stack)


def test_checks_pass(report):
    assert_clean(report)
    assert {(a.rule, a.location) for a in report.acknowledged} >= {
        ("AwsSolutions-SQS3", "Test/Clicks/Events/DeadLetterQueue"),
        (
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
            "AWSLambdaBasicExecutionRole]",
            "Test/BucketNotificationsHandler050a0587b7544547bf325f094a3db834",
        ),
    }


def test_queues_are_encrypted_tls_only_with_a_dead_letter_queue(report):
    template = report.templates["Test"]
    queue_id = logical_id(template, "AWS::SQS::Queue", "ClicksEventsQueue")
    dlq_id = logical_id(template, "AWS::SQS::Queue", "ClicksEventsDeadLetterQueue")
    queue = template["Resources"][queue_id]["Properties"]
    # Issue 17: both queues on the stack's customer-managed queue key (not SSE-SQS), which
    # S3 may use (tests/security/test_queues.py checks the key policy).
    queue_key = {"Fn::GetAtt": [logical_id(template, "AWS::KMS::Key", "GlueforgeQueueKey"), "Arn"]}
    assert queue == {
        "KmsMasterKeyId": queue_key,
        "MessageRetentionPeriod": 1209600,
        "RedrivePolicy": {
            "deadLetterTargetArn": {"Fn::GetAtt": [dlq_id, "Arn"]},
            "maxReceiveCount": 5,
        },
    }
    assert template["Resources"][dlq_id]["Properties"]["KmsMasterKeyId"] == queue_key
    report.template("Test").has_resource_properties(
        "AWS::SQS::QueuePolicy",
        {
            "Queues": [{"Ref": queue_id}],
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Effect": "Deny",
                                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                            }
                        ),
                        Match.object_like(
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "s3.amazonaws.com"},
                                # The S3 User Guide's SQS queue policy (issue 17).
                                "Action": "sqs:SendMessage",
                                "Condition": {
                                    "ArnLike": {
                                        "aws:SourceArn": {
                                            "Fn::GetAtt": [
                                                logical_id(template, "AWS::S3::Bucket", "Raw"),
                                                "Arn",
                                            ]
                                        }
                                    },
                                    "StringEquals": {
                                        "aws:SourceAccount": {"Ref": "AWS::AccountId"}
                                    },
                                },
                            }
                        ),
                    ]
                )
            },
        },
    )


def test_bucket_notifies_the_queue_for_the_prefix(report):
    template = report.templates["Test"]
    queue_id = logical_id(template, "AWS::SQS::Queue", "ClicksEventsQueue")
    notifications = next(
        v for v in template["Resources"].values() if v["Type"] == "Custom::S3BucketNotifications"
    )
    configs = notifications["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
    prefix_filter = {"Key": {"FilterRules": [{"Name": "prefix", "Value": "clickstream/"}]}}
    assert configs == [
        {
            "Events": ["s3:ObjectCreated:*"],
            "Filter": prefix_filter,
            "QueueArn": {"Fn::GetAtt": [queue_id, "Arn"]},
        },
        {
            "Events": ["s3:ObjectRemoved:*"],
            "Filter": prefix_filter,
            "QueueArn": {"Fn::GetAtt": [queue_id, "Arn"]},
        },
    ]


def test_crawler_reads_both_queues_and_waits_for_their_policies(report):
    template = report.templates["Test"]
    queue_id = logical_id(template, "AWS::SQS::Queue", "ClicksEventsQueue")
    dlq_id = logical_id(template, "AWS::SQS::Queue", "ClicksEventsDeadLetterQueue")
    crawler = template["Resources"][logical_id(template, "AWS::Glue::Crawler", "Clicks")]
    assert crawler["Properties"]["Targets"]["S3Targets"][0]["EventQueueArn"] == {
        "Fn::GetAtt": [queue_id, "Arn"]
    }
    assert crawler["Properties"]["Targets"]["S3Targets"][0]["DlqEventQueueArn"] == {
        "Fn::GetAtt": [dlq_id, "Arn"]
    }
    assert crawler["Properties"]["RecrawlPolicy"] == {"RecrawlBehavior": "CRAWL_EVENT_MODE"}
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "ClicksRole"))
    assert {
        "Action": [
            "sqs:DeleteMessage",
            "sqs:GetQueueUrl",
            "sqs:ListDeadLetterSourceQueues",
            "sqs:ReceiveMessage",
            "sqs:GetQueueAttributes",
            "sqs:ListQueueTags",
            "sqs:SetQueueAttributes",
            "sqs:PurgeQueue",
        ],
        "Effect": "Allow",
        "Resource": [{"Fn::GetAtt": [queue_id, "Arn"]}, {"Fn::GetAtt": [dlq_id, "Arn"]}],
    } in statements
    # aws-cdk issue 33907: CloudFormation must create the queue policies and the role's
    # policy before the crawler, or CreateCrawler fails on the queue.
    assert sorted(crawler["DependsOn"]) == sorted(
        [
            logical_id(template, "AWS::SQS::QueuePolicy", "ClicksEventsQueuePolicy"),
            logical_id(template, "AWS::SQS::QueuePolicy", "ClicksEventsDeadLetterQueuePolicy"),
            logical_id(template, "AWS::IAM::Policy", "ClicksRoleDefaultPolicy"),
        ]
    )
