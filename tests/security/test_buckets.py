import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_kms as kms
from aws_cdk.assertions import Match

from glueforge import AccessLogsBucket, GlueforgeValidationError, SecureBucket
from tests.conftest import assert_clean


def _bucket_props(template, logical_prefix):
    buckets = template.find_resources("AWS::S3::Bucket")
    [(_, bucket)] = [(k, v) for k, v in buckets.items() if k.startswith(logical_prefix)]
    return bucket["Properties"]


def test_secure_bucket_defaults(stack, synth):
    SecureBucket(stack, "Raw")
    report = synth(stack)
    assert_clean(report)
    template = report.template("Test")
    props = _bucket_props(template, "Raw")
    template.has_resource_properties(
        "AWS::S3::Bucket",
        {
            "BucketEncryption": {
                "ServerSideEncryptionConfiguration": [
                    {
                        "BucketKeyEnabled": True,
                        "ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"},
                    }
                ]
            },
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True,
                "BlockPublicPolicy": True,
                "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True,
            },
            "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
            "LoggingConfiguration": {"LogFilePrefix": "Raw/"},
        },
    )
    # the new key rotates, and it is the one the bucket uses
    keys = template.find_resources("AWS::KMS::Key")
    [(key_id, key)] = keys.items()
    assert key["Properties"]["EnableKeyRotation"] is True
    sse = props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert sse["ServerSideEncryptionByDefault"]["KMSMasterKeyID"] == {"Fn::GetAtt": [key_id, "Arn"]}
    # TLS only
    template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Effect": "Deny",
                                "Action": "s3:*",
                                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                            }
                        )
                    ]
                )
            }
        },
    )


def test_access_logs_bucket_is_shared_per_stack_and_uses_sse_s3(stack, synth):
    first = SecureBucket(stack, "Raw")
    second = SecureBucket(stack, "Curated")
    assert AccessLogsBucket.of_stack(first) is AccessLogsBucket.of_stack(second)
    report = synth(stack)
    assert_clean(report)
    template = report.template("Test")
    template.resource_count_is("AWS::S3::Bucket", 3)
    logs = _bucket_props(template, "GlueforgeAccessLogs")
    assert logs["BucketEncryption"]["ServerSideEncryptionConfiguration"] == [
        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
    ]
    assert logs["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert "AccessControl" not in logs
    assert logs["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == 365
    # log delivery is granted by bucket policy, scoped to the source buckets
    template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "logging.s3.amazonaws.com"},
                                "Action": "s3:PutObject",
                            }
                        )
                    ]
                )
            }
        },
    )
    assert [(a.rule, a.location) for a in report.acknowledged] == [
        ("AwsSolutions-S1", "Test/GlueforgeAccessLogs/Bucket")
    ]


def test_given_key_and_log_bucket_are_used(stack, synth):
    key = kms.Key(stack, "LakeKey", enable_key_rotation=True)
    logs = AccessLogsBucket(stack, "Logs")
    SecureBucket(stack, "Raw", encryption_key=key, server_access_logs_bucket=logs)
    template = synth(stack, nag=False, cfn_lint=False).template("Test")
    template.resource_count_is("AWS::KMS::Key", 1)
    template.resource_count_is("AWS::S3::Bucket", 2)
    # without the bucket-policy feature flag, aws-cdk-lib needs ACLs on the log bucket
    assert _bucket_props(template, "Logs")["OwnershipControls"] == {
        "Rules": [{"ObjectOwnership": "ObjectWriter"}]
    }


def test_bad_log_prefix_names_the_path():
    stack = Stack(App(), "DataLake")
    with pytest.raises(GlueforgeValidationError) as caught:
        SecureBucket(stack, "Raw", server_access_logs_prefix="/logs/")
    assert str(caught.value) == (
        "DataLake/Raw: server_access_logs_prefix '/logs/' must not start with '/'; "
        "expected e.g. 'raw/'"
    )


def test_the_first_access_logs_bucket_is_made_in_its_holder(stack):
    made = AccessLogsBucket.of_stack(stack)
    assert isinstance(made, AccessLogsBucket)
    assert made.node.path == "Test/GlueforgeAccessLogs/Bucket"
    assert AccessLogsBucket.of_stack(SecureBucket(stack, "Raw")) is made
