import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from glueforge.iam.grants import grant, grant_s3_prefix_read_write
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
    with pytest.raises(ValueError, match="cannot render"):
        nag_resource_text({"Fn::Select": [0, ["x"]]})


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
