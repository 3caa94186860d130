"""Issue 17, section 6: the scripts deployment function, hardened.

CDK file assets cannot keep the scripts' real names (aws-cdk-lib's asset manifest builder
names each asset ``<bucketPrefix><sourceHash><extension>``), so aws-cdk-lib's
BucketDeployment handler stays, with reserved concurrency, a KMS-encrypted dead-letter
queue, a KMS-encrypted environment and a KMS-encrypted log group with a retention.
"""

from __future__ import annotations

from aws_cdk import App, Stack

from glueforge import EtlJob, S3Sink, S3Source, SecureBucket
from tests.conftest import assert_clean

HANDLER = "CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C"


def _app(jobs=2):
    app = App()
    stack = Stack(app, "Test")
    bucket = SecureBucket(stack, "Data")
    for n in range(jobs):
        EtlJob(
            stack,
            f"Job{n}",
            job_name=f"job-{n}",
            specs=[
                S3Source("raw", bucket=bucket, prefix=f"in{n}/"),
                S3Sink("out", input="raw", bucket=bucket, prefix=f"out{n}/"),
            ],
        )
    return app


def _one(template, type_, prefix):
    found = [
        (k, v)
        for k, v in template["Resources"].items()
        if v["Type"] == type_ and k.startswith(prefix)
    ]
    assert len(found) == 1, found
    return found[0]


def test_the_handler_is_hardened(synth):
    report = synth(_app())
    assert_clean(report)
    template = report.templates["Test"]
    _, function = _one(template, "AWS::Lambda::Function", HANDLER)
    props = function["Properties"]
    glue_key, _ = _one(template, "AWS::KMS::Key", "GlueforgeKey")
    queue_id, queue = _one(template, "AWS::SQS::Queue", "GlueforgeScriptsDeploymentDeadLetter")
    logs_id, logs = _one(template, "AWS::Logs::LogGroup", "GlueforgeScriptsDeploymentLogs")
    assert props["ReservedConcurrentExecutions"] == 1
    assert props["DeadLetterConfig"] == {"TargetArn": {"Fn::GetAtt": [queue_id, "Arn"]}}
    assert props["KmsKeyArn"] == {"Fn::GetAtt": [glue_key, "Arn"]}
    assert props["LoggingConfig"] == {"LogGroup": {"Ref": logs_id}}
    assert logs["Properties"]["KmsKeyId"] == {"Fn::GetAtt": [glue_key, "Arn"]}
    assert logs["Properties"]["RetentionInDays"] == 365
    queue_key, _ = _one(template, "AWS::KMS::Key", "GlueforgeQueueKey")
    assert queue["Properties"]["KmsMasterKeyId"] == {"Fn::GetAtt": [queue_key, "Arn"]}
    assert queue["Properties"]["MessageRetentionPeriod"] == 14 * 24 * 3600


def test_the_handler_role_may_send_dead_letters_and_read_its_environment(synth):
    template = synth(_app(), nag=False, cfn_lint=False).templates["Test"]
    _, policy = _one(template, "AWS::IAM::Policy", f"{HANDLER}ServiceRoleDefaultPolicy")
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    queue_id, _ = _one(template, "AWS::SQS::Queue", "GlueforgeScriptsDeploymentDeadLetter")
    queue_key, _ = _one(template, "AWS::KMS::Key", "GlueforgeQueueKey")
    glue_key, _ = _one(template, "AWS::KMS::Key", "GlueforgeKey")
    for expected in (
        {"Action": "sqs:SendMessage", "Resource": {"Fn::GetAtt": [queue_id, "Arn"]}},
        {
            "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
            "Resource": {"Fn::GetAtt": [queue_key, "Arn"]},
        },
        {"Action": "kms:Decrypt", "Resource": {"Fn::GetAtt": [glue_key, "Arn"]}},
    ):
        assert {"Effect": "Allow", **expected} in statements


def test_one_handler_one_queue_one_log_group_however_many_jobs(synth):
    template = synth(_app(jobs=3), nag=False, cfn_lint=False).templates["Test"]
    types = [r["Type"] for r in template["Resources"].values()]
    assert types.count("AWS::Lambda::Function") == 1
    assert types.count("AWS::SQS::Queue") == 1
    assert types.count("AWS::Logs::LogGroup") == 1
    # the deployment still writes each job's script under its job name
    (deployment,) = [
        r for r in template["Resources"].values() if r["Type"] == "Custom::CDKBucketDeployment"
    ]
    assert deployment["Properties"]["Prune"] is True
