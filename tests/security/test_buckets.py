import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
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


# Issue 17, section 6: versioned by default, with noncurrent versions expiring.
# The rule, as S3's LifecycleConfiguration writes it (AWS::S3::Bucket Rule: Id,
# NoncurrentVersionExpiration.NoncurrentDays, ExpiredObjectDeleteMarker, Status).
def _noncurrent_rule(days):
    return {
        "Id": "ExpireNoncurrentVersions",
        "NoncurrentVersionExpiration": {"NoncurrentDays": days},
        "ExpiredObjectDeleteMarker": True,
        "Status": "Enabled",
    }


def test_secure_bucket_is_versioned_and_expires_noncurrent_versions_after_30_days(stack, synth):
    SecureBucket(stack, "Raw")
    report = synth(stack)
    assert_clean(report)
    props = _bucket_props(report.template("Test"), "Raw")
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert props["LifecycleConfiguration"] == {"Rules": [_noncurrent_rule(30)]}


def test_noncurrent_period_is_configurable_and_kept_beside_the_users_rules(stack, synth):
    SecureBucket(
        stack,
        "Raw",
        noncurrent_version_expiration=Duration.days(90),
        lifecycle_rules=[s3.LifecycleRule(id="Old", prefix="tmp/", expiration=Duration.days(3))],
    )
    props = _bucket_props(synth(stack, nag=False, cfn_lint=False).template("Test"), "Raw")
    assert props["LifecycleConfiguration"]["Rules"] == [
        {"Id": "Old", "Prefix": "tmp/", "ExpirationInDays": 3, "Status": "Enabled"},
        _noncurrent_rule(90),
    ]


def test_versioning_can_be_turned_off(stack, synth):
    SecureBucket(stack, "Scratch", versioned=False)
    props = _bucket_props(synth(stack, nag=False, cfn_lint=False).template("Test"), "Scratch")
    assert "VersioningConfiguration" not in props
    assert "LifecycleConfiguration" not in props


def test_access_logs_bucket_is_versioned_so_a_deleted_log_stays_recoverable(stack, synth):
    AccessLogsBucket.of_stack(stack)
    props = _bucket_props(synth(stack, nag=False).template("Test"), "GlueforgeAccessLogs")
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert props["LifecycleConfiguration"]["Rules"] == [
        {"ExpirationInDays": 365, "Status": "Enabled"},
        _noncurrent_rule(30),
    ]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (
            Duration.hours(12),
            "noncurrent_version_expiration must be a whole number of days, at least 1, "
            "got 12 hours",
        ),
        (
            Duration.hours(36),
            "noncurrent_version_expiration must be a whole number of days, at least 1, "
            "got 1 day 12 hours",
        ),
        (
            Duration.days(0),
            "noncurrent_version_expiration must be a whole number of days, at least 1, got 0 days",
        ),
        (
            30,
            "noncurrent_version_expiration must be an aws_cdk.Duration such as "
            "Duration.days(30), got int",
        ),
    ],
)
def test_bad_noncurrent_period_is_refused_with_the_path(value, problem):
    stack = Stack(App(), "DataLake")
    with pytest.raises(GlueforgeValidationError) as caught:
        SecureBucket(stack, "Raw", noncurrent_version_expiration=value)
    assert str(caught.value) == f"DataLake/Raw: {problem}"
    with pytest.raises(GlueforgeValidationError) as caught:
        AccessLogsBucket(stack, "Logs", noncurrent_version_expiration=value)
    assert str(caught.value) == f"DataLake/Logs: {problem}"


def test_noncurrent_period_without_versioning_is_refused():
    stack = Stack(App(), "DataLake")
    with pytest.raises(GlueforgeValidationError) as caught:
        SecureBucket(stack, "Raw", versioned=False, noncurrent_version_expiration=Duration.days(9))
    assert str(caught.value) == (
        "DataLake/Raw: noncurrent_version_expiration needs versioned=True: an unversioned "
        "bucket keeps no noncurrent versions"
    )


def test_versioned_must_be_a_bool():
    stack = Stack(App(), "DataLake")
    with pytest.raises(GlueforgeValidationError) as caught:
        SecureBucket(stack, "Raw", versioned="no")
    assert str(caught.value) == "DataLake/Raw: versioned must be True or False, got 'no'"
