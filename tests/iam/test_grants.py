import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from glueforge.iam.grants import (
    grant,
    grant_catalog,
    grant_s3_prefix_read,
    grant_s3_prefix_read_write,
)
from glueforge.iam.suppressions import nag_resource_text


def test_nag_resource_text_matches_cdk_nag_format():
    resolved = {
        "Fn::Join": [
            "",
            ["arn:", {"Ref": "AWS::Partition"}, ":s3:::", {"Fn::GetAtt": ["B1", "Arn"]}, "/x/*"],
        ]
    }
    assert nag_resource_text(resolved) == "arn:<AWS::Partition>:s3:::<B1.Arn>/x/*"
    assets = {"Fn::Sub": "cdk-assets-${AWS::AccountId}-${AWS::Region}"}
    assert nag_resource_text(assets) == "cdk-assets-<AWS::AccountId>-<AWS::Region>"
    # Issue 16: every form renders as cdk-nag's flattenCfnReference does (its fallback is
    # JSON.stringify), where it used to raise "cannot render"; tests/iam/test_nag_text.py.
    assert nag_resource_text({"Fn::Select": [0, ["x"]]}) == '{"Fn::Select":[0,["x"]]}'


def test_wildcard_grant_needs_a_reason(stack):
    role = iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    with pytest.raises(ValueError, match="needs a wildcard_reason"):
        grant(role, ["s3:GetObject"], ["arn:aws:s3:::bucket/*"])


def test_prefix_write_is_clean_under_nag(stack, synth):
    role = iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    bucket = s3.Bucket.from_bucket_name(stack, "B", "landing")
    grant_s3_prefix_read_write(role, bucket, "out/")
    report = synth(stack, cfn_lint=False)
    assert not report.errors("cdk-nag"), report.errors()
    assert [a.rule for a in report.acknowledged] == [
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::landing/out/*]"
    ]


def test_someone_elses_wildcard_is_still_reported(stack, synth):
    role = iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    grant_s3_prefix_read_write(role, s3.Bucket.from_bucket_name(stack, "B", "landing"), "out/")
    role.add_to_policy(iam.PolicyStatement(actions=["s3:GetObject"], resources=["*"]))
    report = synth(stack, cfn_lint=False)
    assert [f.rule for f in report.errors("cdk-nag")] == ["AwsSolutions-IAM5[Resource::*]"]


def _actions(result: iam.Grant) -> list[str]:
    return sorted(a for s in result.principal_statements for a in s.actions)


def test_prefix_grants_return_one_grant_with_every_statement(stack):
    from aws_cdk import aws_kms as kms

    role = iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    bucket = s3.Bucket(stack, "Lake", encryption_key=kms.Key(stack, "LakeKey"))
    read = grant_s3_prefix_read(role, bucket, "raw/")
    write = grant_s3_prefix_read_write(role, bucket, "curated/")
    assert isinstance(read, iam.Grant) and read.success
    assert _actions(read) == [
        "kms:Decrypt",
        "s3:GetBucketLocation",
        "s3:GetObject",
        "s3:ListBucket",
    ]
    assert _actions(write) == [
        "kms:Decrypt",
        "kms:GenerateDataKey",
        "s3:AbortMultipartUpload",
        "s3:DeleteObject",
        "s3:GetBucketLocation",
        "s3:GetObject",
        "s3:ListBucket",
        "s3:PutObject",
    ]


def test_catalog_grant_returns_its_grant(stack):
    from aws_cdk import aws_glue as glue

    role = iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    database = glue.Database(stack, "Shop", database_name="shop")
    result = grant_catalog(role, database, ["orders"], ["glue:GetTable"])
    assert isinstance(result, iam.Grant) and result.success
    assert _actions(result) == ["glue:GetTable"]


def test_lake_formation_mode_is_asked_of_node_once_per_scope():
    from helpers.round_trips import RoundTrips

    from glueforge.iam.grants import lake_formation_mode

    app = App(context={"glueforge:lakeFormation": "true"})
    stack = Stack(app, "S")
    plain = Stack(app, "Plain")
    with RoundTrips() as first:
        answers = [lake_formation_mode(stack)]
    with RoundTrips() as again:
        answers += [lake_formation_mode(stack) for _ in range(4)]
    assert answers == [True] * 5
    # The stack's node and its context value, once; nothing after.
    assert (first.total, again.total) == (2, 0)
    # A scope below which the switch is off (the default) answers False.
    assert lake_formation_mode(Stack(App(), "Off")) is False
    assert lake_formation_mode(plain) is True  # app-wide context reaches every stack
