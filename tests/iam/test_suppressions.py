import pytest
from aws_cdk import aws_s3 as s3

from glueforge import GlueforgeValidationError, acknowledge
from glueforge.iam.suppressions import qualified_rule_id


def test_short_reason_is_refused(stack):
    bucket = s3.Bucket(stack, "B")
    with pytest.raises(GlueforgeValidationError) as caught:
        acknowledge(bucket, "AwsSolutions-S1", "because")
    assert "Test/B: acknowledging 'AwsSolutions-S1' needs a written reason" in str(caught.value)
    assert "got 'because'" in str(caught.value)


def test_empty_rule_is_refused(stack):
    with pytest.raises(GlueforgeValidationError, match="needs a rule id"):
        acknowledge(stack, " ", "a perfectly long reason")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("AwsSolutions-S1", "AwsSolutions::AwsSolutions-S1"),
        ("AwsSolutions-IAM5[Resource::*]", "AwsSolutions::AwsSolutions-IAM5[Resource::*]"),
        ("AwsSolutions::AwsSolutions-S1", "AwsSolutions::AwsSolutions-S1"),
    ],
)
def test_rule_ids_are_plugin_qualified(given, expected):
    assert qualified_rule_id(given) == expected


def test_acknowledged_finding_is_reported_with_its_reason(stack, synth):
    bucket = s3.Bucket(stack, "B", enforce_ssl=True)
    acknowledge(bucket, "AwsSolutions-S1", "test bucket that holds nothing")
    report = synth(stack, cfn_lint=False)
    assert not report.errors("cdk-nag")
    assert [(a.rule, a.location, a.reason) for a in report.acknowledged] == [
        ("AwsSolutions-S1", "Test/B", "test bucket that holds nothing")
    ]


# ---- ids aws-cdk-lib cannot parse (issue 16, point 4) -------------------------------------


def _role(stack):
    from aws_cdk import aws_iam as iam

    return iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))


@pytest.mark.parametrize(
    ("prefix", "shown"),
    [
        ("a)b/", "a)b/"),
        ("a(b/", "a(b/"),
        ("a}b/", "a>b/"),  # cdk-nag shows '}' as '>' (it reads '${...}' as '<...>')
        ("a{b/", "a{b/"),
        ("a]b::c/", "a]b::c/"),
        ("2024(q1)/", "2024(q1)/"),
        ("cost$/", "cost$/"),
    ],
)
def test_prefix_with_brackets_is_acknowledged_exactly(stack, synth, prefix, shown):
    from glueforge.iam.grants import grant_s3_prefix_read

    grant_s3_prefix_read(_role(stack), s3.Bucket.from_bucket_name(stack, "B", "landing"), prefix)
    report = synth(stack, cfn_lint=False)
    assert not report.errors("cdk-nag"), report.errors()
    assert [a.rule for a in report.acknowledged] == [
        f"AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::landing/{shown}*]"
    ]


def test_user_acknowledgment_aws_cdk_lib_cannot_parse(stack, synth):
    from aws_cdk import aws_iam as iam

    role = _role(stack)
    role.add_to_policy(
        iam.PolicyStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::lake/raw)/*"])
    )
    # aws-cdk-lib's Validations.acknowledge raises InvalidValidationId for this id.
    acknowledge(
        role,
        "AwsSolutions-IAM5[Resource::arn:aws:s3:::lake/raw)/*]",
        "objects of the raw) folder are read whole",
    )
    report = synth(stack, cfn_lint=False)
    assert not report.errors("cdk-nag"), report.errors()
    assert [(a.tool, a.rule, a.location) for a in report.acknowledged] == [
        ("cdk-nag", "AwsSolutions-IAM5[Resource::arn:aws:s3:::lake/raw)/*]", "Test/R")
    ]
    # Written in the form cdk-nag reads itself, so the finding never reaches aws-cdk-lib.
    [entry] = [e for e in role.node.metadata if e.type == "aws:cdk:acknowledged-rules"]
    assert entry.data == {
        "AwsSolutions-IAM5[Resource::arn:aws:s3:::lake/raw)/*]": (
            "objects of the raw) folder are read whole"
        )
    }
