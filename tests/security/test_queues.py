"""Issue 17, section 6: every SQS queue glueforge creates is encrypted with a
customer-managed key that S3 event notifications can use.

Expected statements are the S3 User Guide's, "Granting permissions to publish event
notification messages to a destination"
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html):
the key policy statement for an encrypted destination (principal s3.amazonaws.com,
kms:GenerateDataKey and kms:Decrypt, resource "*") and the SQS queue policy
(SQS:SendMessage, ArnLike aws:SourceArn the bucket, StringEquals aws:SourceAccount).
"""

from __future__ import annotations

from aws_cdk import aws_sqs as sqs

from tests.conftest import assert_clean
from tests.helpers.apps import event_crawler_app

S3_KEY_STATEMENT = {
    "Sid": "AllowS3EventNotifications",
    "Effect": "Allow",
    "Principal": {"Service": "s3.amazonaws.com"},
    "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
    "Resource": "*",
}


def queue_key_problems(template: dict) -> list[str]:
    """Queues not encrypted with a key of this stack that lets S3 publish."""
    resources = template["Resources"]
    problems = []
    for logical_id, queue in resources.items():
        if queue["Type"] != "AWS::SQS::Queue":
            continue
        key = queue.get("Properties", {}).get("KmsMasterKeyId")
        if not (isinstance(key, dict) and "Fn::GetAtt" in key):
            problems.append(f"{logical_id}: not encrypted with a customer-managed key")
            continue
        statements = resources[key["Fn::GetAtt"][0]]["Properties"]["KeyPolicy"]["Statement"]
        if S3_KEY_STATEMENT not in statements:
            problems.append(f"{logical_id}: its key does not let S3 publish")
    return problems


def _resources(template, type_):
    return {k: v for k, v in template["Resources"].items() if v["Type"] == type_}


def test_reference_app_queues_use_a_key_s3_can_use(reference):
    template = reference.templates["DataLake"]
    # the crawler's event queue, its dead-letter queue, the deployment's dead letters
    assert len(_resources(template, "AWS::SQS::Queue")) == 3
    assert queue_key_problems(template) == []


def test_event_queues_are_encrypted_and_s3_may_publish(synth):
    app, _ = event_crawler_app()
    report = synth(app)
    assert_clean(report)
    template = report.templates["Test"]
    assert queue_key_problems(template) == []
    queues = _resources(template, "AWS::SQS::Queue")
    assert len(queues) == 2
    for queue in queues.values():
        assert "SqsManagedSseEnabled" not in queue["Properties"]
    (key_id,) = [k for k in _resources(template, "AWS::KMS::Key") if k.startswith("GlueforgeQueue")]
    key = template["Resources"][key_id]["Properties"]
    assert key["EnableKeyRotation"] is True
    (queue_id,) = [k for k in queues if k.startswith("CrawlerEventsQueue")]
    (bucket_id,) = [k for k in _resources(template, "AWS::S3::Bucket") if k.startswith("Data")]
    (policy,) = [
        p
        for p in _resources(template, "AWS::SQS::QueuePolicy").values()
        if p["Properties"]["Queues"] == [{"Ref": queue_id}]
    ]
    allow = [
        s for s in policy["Properties"]["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"
    ]
    assert allow == [
        {
            "Effect": "Allow",
            "Principal": {"Service": "s3.amazonaws.com"},
            "Action": "sqs:SendMessage",
            "Resource": {"Fn::GetAtt": [queue_id, "Arn"]},
            "Condition": {
                "ArnLike": {"aws:SourceArn": {"Fn::GetAtt": [bucket_id, "Arn"]}},
                "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
            },
        }
    ]


def test_the_crawler_may_decrypt_its_events(synth):
    app, _ = event_crawler_app()
    template = synth(app, nag=False, cfn_lint=False).templates["Test"]
    (key_id,) = [k for k in _resources(template, "AWS::KMS::Key") if k.startswith("GlueforgeQueue")]
    statements = [
        s
        for logical_id, p in _resources(template, "AWS::IAM::Policy").items()
        if logical_id.startswith("CrawlerRole")
        for s in p["Properties"]["PolicyDocument"]["Statement"]
    ]
    assert {
        "Action": "kms:Decrypt",
        "Effect": "Allow",
        "Resource": {"Fn::GetAtt": [key_id, "Arn"]},
    } in (statements)


def test_the_walk_reports_an_sse_sqs_queue_and_a_key_without_the_s3_statement(synth):
    app, stack = event_crawler_app()
    sqs.Queue(stack, "Plain", encryption=sqs.QueueEncryption.SQS_MANAGED, enforce_ssl=True)
    sqs.Queue(stack, "OwnKey", encryption=sqs.QueueEncryption.KMS, enforce_ssl=True)
    template = synth(app, nag=False, cfn_lint=False).templates["Test"]
    problems = sorted(queue_key_problems(template))
    assert len(problems) == 2, problems
    assert problems[0].startswith("OwnKey") and problems[0].endswith("does not let S3 publish")
    assert problems[1].startswith("Plain") and problems[1].endswith(
        "not encrypted with a customer-managed key"
    )
