"""A role's statements, built with what glueforge read from node once (issue 18).

Expected statements are written by hand from the IAM policy grammar; the ARNs of
aws-cdk-lib's own resources (a bucket's, a key's) are named by their logical ids.
"""

from aws_cdk import App, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

from glueforge.iam.grants import (
    add_s3_prefix_read,
    add_s3_prefix_read_write,
    grant_s3_prefix_read,
    grant_s3_prefix_read_write,
)
from glueforge.iam.placement import service_principal

GLUE = "glue.amazonaws.com"


def _role(stack: Stack, id: str) -> iam.Role:
    return iam.Role(stack, id, assumed_by=iam.ServicePrincipal(GLUE))


def _statements(stack: Stack, role: iam.Role) -> list[dict]:
    policy = role.node.find_child("DefaultPolicy")
    return stack.resolve(policy.document)["Statement"]


def _getatt_arn(stack: Stack, construct) -> dict:
    return {"Fn::GetAtt": [stack.get_logical_id(construct.node.default_child), "Arn"]}


def _objects(stack: Stack, bucket: s3.Bucket, prefix: str) -> dict:
    return {"Fn::Join": ["", [_getatt_arn(stack, bucket), f"/{prefix}*"]]}


def _prefix_statements(stack, bucket, key, prefix, object_actions, key_actions) -> list[dict]:
    bucket_arn = _getatt_arn(stack, bucket)
    return [
        {
            "Action": object_actions,
            "Effect": "Allow",
            "Resource": _objects(stack, bucket, prefix),
        },
        {
            "Action": "s3:ListBucket",
            "Condition": {"StringLike": {"s3:prefix": [prefix, f"{prefix}*"]}},
            "Effect": "Allow",
            "Resource": bucket_arn,
        },
        {"Action": "s3:GetBucketLocation", "Effect": "Allow", "Resource": bucket_arn},
        {"Action": key_actions, "Effect": "Allow", "Resource": _getatt_arn(stack, key)},
    ]


def test_internal_prefix_grants_put_the_statements_of_the_public_ones(stack):
    key = kms.Key(stack, "LakeKey")
    bucket = s3.Bucket(stack, "Lake", encryption_key=key)
    granted, added = _role(stack, "Granted"), _role(stack, "Added")
    grant_s3_prefix_read(granted, bucket, "raw/")
    grant_s3_prefix_read_write(granted, bucket, "curated/")
    assert add_s3_prefix_read(added, bucket, "raw/") is None
    assert add_s3_prefix_read_write(added, bucket, "curated/") is None

    read = _prefix_statements(stack, bucket, key, "raw/", "s3:GetObject", "kms:Decrypt")
    write = _prefix_statements(
        stack,
        bucket,
        key,
        "curated/",
        ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
        ["kms:Decrypt", "kms:GenerateDataKey"],
    )
    # The second GetBucketLocation on the same bucket is the first one again: aws-cdk-lib
    # writes a statement once however often it was added.
    expected = read + [write[0], write[1], write[3]]
    assert _statements(stack, granted) == expected
    assert _statements(stack, added) == expected


class _CountingBucket:
    """A bucket that counts how often its ARN and key are asked for."""

    def __init__(self, arn: str) -> None:
        self._arn = arn
        self.reads = 0

    @property
    def bucket_arn(self) -> str:
        self.reads += 1
        return self._arn

    @property
    def encryption_key(self) -> None:
        self.reads += 1
        return None


def test_a_bucket_is_read_once_for_all_the_grants_on_it(stack):
    role = _role(stack, "R")
    bucket = _CountingBucket("arn:aws:s3:::landing")
    add_s3_prefix_read(role, bucket, "a/")
    add_s3_prefix_read_write(role, bucket, "b/")
    grant_s3_prefix_read(role, bucket, "c/")
    assert bucket.reads == 2  # its ARN once, its key once
    objects = [s["Resource"] for s in _statements(stack, role) if s["Action"] != "s3:ListBucket"]
    # GetBucketLocation on the bucket is written once, after the first prefix's objects.
    assert objects == [
        "arn:aws:s3:::landing/a/*",
        "arn:aws:s3:::landing",
        "arn:aws:s3:::landing/b/*",
        "arn:aws:s3:::landing/c/*",
    ]


def test_the_roles_of_a_stack_share_one_glue_principal_and_trust_it_alike():
    app = App()
    first, second = Stack(app, "First"), Stack(app, "Second")
    principal = service_principal(first, GLUE)
    assert service_principal(first, GLUE) is principal
    assert service_principal(second, GLUE) is not principal
    roles = [iam.Role(first, f"R{i}", assumed_by=principal) for i in range(2)]
    trust = {
        "Statement": [
            {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": GLUE}}
        ],
        "Version": "2012-10-17",
    }
    for role in roles:
        cfn = role.node.default_child
        assert first.resolve(cfn.assume_role_policy_document) == trust
