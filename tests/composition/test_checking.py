"""The matrix's cfn-lint (rules loaded once, templates linted once) finds what
``glueforge.checks.cfn_lint.lint_template`` finds."""

from __future__ import annotations

from glueforge.checks.cfn_lint import lint_template
from tests.composition.checking import lint

# An error (E3012: a bucket name must be a string) and a warning (W3005: a DependsOn
# that a Ref already implies), written by hand.
TEMPLATE = {
    "Resources": {
        "Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": ["not", "a", "string"]}},
        "Topic": {
            "Type": "AWS::SNS::Topic",
            "DependsOn": "Data",
            "Properties": {"TopicName": {"Ref": "Data"}},
        },
    }
}


def test_lint_finds_what_lint_template_finds():
    expected = lint_template(TEMPLATE, name="t.json")
    assert {f.severity for f in expected} >= {"error", "warning"}
    assert lint(TEMPLATE, "t.json") == expected
    assert lint(TEMPLATE, "t.json") == expected  # again, from the cache
