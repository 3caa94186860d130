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
