"""The harness itself must be able to fail: each check reports what it is for."""

import pytest
from aws_cdk import CfnResource
from aws_cdk import aws_s3 as s3

from glueforge import GlueforgeValidationError, SecureBucket
from glueforge.checks import enable_checks


def test_nag_error_becomes_a_finding_not_an_exception(stack, synth):
    s3.Bucket(stack, "Leaky")  # no access logs, no TLS-only policy
    report = synth(stack, cfn_lint=False)
    rules = {(f.rule, f.location) for f in report.errors("cdk-nag")}
    assert ("AwsSolutions-S1", "Test/Leaky/Resource") in rules
    assert ("AwsSolutions-S10", "Test/Leaky/Resource") in rules
    assert "Test" in report.templates  # the assembly is still there to inspect


def test_cfn_lint_error_is_reported(stack, synth):
    CfnResource(
        stack,
        "Broken",
        type="AWS::Glue::Database",
        properties={"CatalogId": {"Ref": "AWS::AccountId"}, "DatabaseInput": {"Nmae": "x"}},
    )
    report = synth(stack, nag=False)
    lint_errors = report.errors("cfn-lint")
    assert lint_errors, report.findings
    assert all(f.location.startswith("Test.template.json:") for f in lint_errors)


def test_clean_stack_has_no_findings(stack, synth):
    SecureBucket(stack, "Data")
    report = synth(stack)
    assert report.findings == []
    report.template("Test").resource_count_is("AWS::S3::Bucket", 2)


def test_nag_is_added_once_per_app(stack, synth):
    s3.Bucket(stack, "Leaky")
    enable_checks(stack.node.root)
    report = synth(stack, cfn_lint=False)
    s1 = [f for f in report.errors("cdk-nag") if f.rule == "AwsSolutions-S1"]
    assert len(s1) == 1


def test_unknown_stack_names_the_known_ones(stack, synth):
    report = synth(stack, nag=False, cfn_lint=False)
    try:
        report.template("Nope")
    except KeyError as error:
        assert "['Test']" in str(error)
    else:  # pragma: no cover
        raise AssertionError("expected KeyError")


def test_template_over_the_size_limit_fails_with_a_finding(stack, synth):
    from aws_cdk import CfnResource

    for i in range(3):
        CfnResource(stack, f"Q{i}", type="AWS::SQS::Queue", properties={"QueueName": "q" * 80})
    enable_checks(stack.node.root, nag=False, max_template_bytes=400)
    report = synth(stack, nag=False, cfn_lint=False)
    [finding] = report.errors("glueforge")
    assert finding.rule == "Glueforge-TemplateSize"
    assert "Test.template.json is" in finding.message
    assert finding.message.endswith("bytes; CloudFormation accepts at most 400")


def test_templates_under_the_limit_pass(stack, synth):
    SecureBucket(stack, "Data")
    assert synth(stack, nag=False, cfn_lint=False).errors("glueforge") == []


def test_enable_checks_refuses_a_bad_budget_before_adding_any_check(stack):
    with pytest.raises(GlueforgeValidationError, match="monthly_budget must be a positive"):
        enable_checks(stack.node.root, monthly_budget=0)
    assert [e.type for e in stack.node.root.node.metadata] == []


def test_enable_checks_turns_on_each_check_once(stack):
    root = stack.node.root
    enable_checks(root, monthly_budget=10)
    enable_checks(root, monthly_budget=10)
    types = [e.type for e in root.node.metadata]
    assert types.count("glueforge:nag-enabled") == 1
    assert types.count("glueforge:limits-enabled") == 1
    assert types.count("glueforge:cost-watched") == 1


def _report_by_hand():
    from pathlib import Path

    from glueforge.checks import Acknowledged, Finding, SynthReport

    huge = {"Resources": {f"Queue{i}": {"Type": "AWS::SQS::Queue"} for i in range(500)}}
    return SynthReport(
        outdir=Path("/tmp/app/cdk.out"),
        templates={"Lake": huge, "Base": {"Resources": {}}},
        findings=[
            Finding("cdk-nag", "AwsSolutions-S1", "error", "Lake/Raw/Resource", "no logs"),
            Finding("cfn-lint", "W3005", "warning", "Lake.template.json:12", "obsolete"),
            Finding("cdk-nag", "AwsSolutions-IAM5", "warning", "Lake/Role", "wildcard"),
            Finding("cdk-nag", "AwsSolutions-S10", "error", "Lake/Raw/Resource", "no TLS"),
        ],
        acknowledged=[Acknowledged("cdk-nag", "AwsSolutions-IAM4", "Lake/Role", "managed")],
    )


def test_printing_a_report_summarizes_it_instead_of_dumping_templates():
    report = _report_by_hand()
    assert str(report) == "\n".join(
        [
            "synth of 2 stack(s) in /tmp/app/cdk.out: Base, Lake",
            "cdk-nag: 2 error(s), 1 warning(s)",
            "cfn-lint: 1 warning(s)",
            "acknowledged: 1",
            "  [cdk-nag error] AwsSolutions-S1 at Lake/Raw/Resource: no logs",
            "  [cdk-nag error] AwsSolutions-S10 at Lake/Raw/Resource: no TLS",
        ]
    )
    assert repr(report) == (
        "<SynthReport '/tmp/app/cdk.out' stacks=['Base', 'Lake'] errors=2 warnings=2 "
        "acknowledged=1>"
    )
    assert "Queue0" not in str(report) + repr(report)
    assert report.counts() == {
        "cdk-nag": {"error": 2, "warning": 1},
        "cfn-lint": {"warning": 1},
    }


def test_a_report_without_findings_says_so_and_long_error_lists_are_cut():
    from pathlib import Path

    from glueforge.checks import Finding, SynthReport

    assert str(SynthReport(outdir=Path("out"))) == "\n".join(
        ["synth of 0 stack(s) in out: none", "findings: none", "acknowledged: 0"]
    )
    many = SynthReport(
        outdir=Path("out"),
        templates={"S": {}},
        findings=[
            Finding("cfn-lint", f"E{i}", "error", "S.template.json:1", "bad") for i in range(23)
        ],
    )
    lines = str(many).splitlines()
    assert lines[1] == "cfn-lint: 23 error(s)"
    assert len(lines) == 3 + 20 + 1
    assert lines[-1] == "  ... and 3 more (report.errors())"
