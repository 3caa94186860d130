"""glueforge's cfn-lint (rules loaded once, each template linted once) finds exactly what
cfn-lint's own API finds, template by template."""

from __future__ import annotations

import json

from cfnlint.api import ManualArgs, lint

from glueforge.checks.cfn_lint import lint_template

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


def _reference(template: dict) -> list[tuple[str, int, str]]:
    matches = lint(json.dumps(template, indent=1), config=ManualArgs(regions=["us-east-1"]))
    return [(m.rule.id, m.linenumber, m.message) for m in matches]


def _ours(template: dict) -> list[tuple[str, int, str]]:
    return [
        (f.rule, int(f.location.rsplit(":", 1)[1]), f.message)
        for f in lint_template(template, name="t.json")
    ]


def test_same_findings_as_cfn_lint_api():
    expected = _reference(TEMPLATE)
    assert {rule for rule, _, _ in expected} >= {"E3012", "W3005"}
    assert _ours(TEMPLATE) == expected
    assert _ours(TEMPLATE) == expected  # again, from the cache


def test_severity_from_the_rule_prefix():
    severities = {f.rule: f.severity for f in lint_template(TEMPLATE, name="t.json")}
    assert severities["E3012"] == "error"
    assert severities["W3005"] == "warning"


def test_a_clean_template_has_no_findings():
    assert lint_template({"Resources": {"Data": {"Type": "AWS::S3::Bucket"}}}, name="t") == []


def test_nested_stack_templates_are_linted(stack, synth):
    from aws_cdk import NestedStack
    from aws_cdk import aws_s3 as s3

    nested = NestedStack(stack, "Inner")
    bucket = s3.CfnBucket(nested, "Bad")
    bucket.add_property_override("BucketName", ["not", "a", "string"])
    report = synth(stack, nag=False)
    [finding] = [f for f in report.errors("cfn-lint") if f.rule == "E3012"]
    assert finding.location.startswith("TestInner") and ".nested.template.json:" in finding.location
