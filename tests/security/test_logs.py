"""Issue 17, section 6: every log group glueforge creates is KMS-encrypted, and the key's
policy lets CloudWatch Logs use the key for exactly those groups (and Glue's).

The walk covers the reference app and small apps that each create one kind of log group:
a job (the scripts deployment function's logs), a DataBrew chain (the state machine's
logs), a crawler in S3 event mode, and an ``EncryptedLogGroup`` on its own.
"""

from __future__ import annotations

import pytest
from aws_cdk import App, Stack, Token
from aws_cdk import aws_logs as logs

from glueforge import (
    EtlJob,
    GlueforgeValidationError,
    S3Sink,
    S3Source,
    SecureBucket,
)
from glueforge.databrew import Dataset, ProfileJob, RunAfterGlueJob
from glueforge.security.logs import EncryptedLogGroup
from tests.conftest import assert_clean
from tests.helpers.apps import event_crawler_app

# CloudWatch Logs' regional service principal, as the key policy writes it.
LOGS_PRINCIPAL = {"Fn::Join": ["", ["logs.", {"Ref": "AWS::Region"}, ".amazonaws.com"]]}


def _arn(name: str) -> dict:
    """A log group's ARN as CloudFormation writes it in an env-agnostic stack."""
    return {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                ":logs:",
                {"Ref": "AWS::Region"},
                ":",
                {"Ref": "AWS::AccountId"},
                f":log-group:{name}",
            ],
        ]
    }


def unencrypted_log_groups(template: dict) -> list[str]:
    """The logical ids of the log groups without a KMS key."""
    return [
        logical_id
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == "AWS::Logs::LogGroup"
        and not resource.get("Properties", {}).get("KmsKeyId")
    ]


def logs_key_problems(template: dict) -> list[str]:
    """What is wrong with the log groups' encryption: a group without a key, or with a key
    whose policy does not let CloudWatch Logs use it for exactly Glue's groups and these."""
    resources = template["Resources"]
    problems = [f"{g}: no KmsKeyId" for g in unencrypted_log_groups(template)]
    by_key: dict[str, list[str]] = {}
    for logical_id, resource in resources.items():
        if resource["Type"] != "AWS::Logs::LogGroup" or logical_id in unencrypted_log_groups(
            template
        ):
            continue
        props = resource["Properties"]
        key = props["KmsKeyId"]
        if not (isinstance(key, dict) and key.get("Fn::GetAtt", [None, None])[1] == "Arn"):
            problems.append(f"{logical_id}: KmsKeyId {key!r} is not a key of this stack")
            continue
        name = props.get("LogGroupName")
        if not isinstance(name, str):
            problems.append(f"{logical_id}: no literal LogGroupName for the key policy to name")
            continue
        by_key.setdefault(key["Fn::GetAtt"][0], []).append(name)
    for key_id, names in by_key.items():
        statements = resources[key_id]["Properties"]["KeyPolicy"]["Statement"]
        allowed = [s for s in statements if s.get("Principal", {}).get("Service") == LOGS_PRINCIPAL]
        if len(allowed) != 1:
            problems.append(f"{key_id}: {len(allowed)} statements for CloudWatch Logs")
            continue
        arns = allowed[0]["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"]
        arns = arns if isinstance(arns, list) else [arns]
        expected = [_arn("/aws-glue/*")] + [_arn(n) for n in sorted(names)]
        if sorted(map(str, arns)) != sorted(map(str, expected)):
            problems.append(f"{key_id}: the policy names {arns}, expected {expected}")
    return problems


def _job_app() -> tuple[App, Stack]:
    app = App()
    stack = Stack(app, "Test")
    bucket = SecureBucket(stack, "Data")
    EtlJob(
        stack,
        "Job",
        specs=[
            S3Source("raw", bucket=bucket, prefix="in/"),
            S3Sink("out", input="raw", bucket=bucket, prefix="out/"),
        ],
    )
    return app, stack


def _chain_app() -> tuple[App, Stack]:
    app, stack = _job_app()
    bucket = SecureBucket(stack, "Profiles")
    dataset = Dataset(
        stack,
        "Orders",
        source=S3Source("orders", bucket=bucket, prefix="orders/"),
        dataset_name="o",
    )
    profile = ProfileJob(
        stack, "Profile", dataset=dataset, output_bucket=bucket, output_prefix="p/", job_name="p"
    )
    RunAfterGlueJob(stack, "After", glue_job=stack.node.find_child("Job"), databrew_job=profile)
    return app, stack


def _own_group_app() -> tuple[App, Stack]:
    app = App()
    stack = Stack(app, "Test")
    EncryptedLogGroup(stack, "Audit", log_group_name="/team/audit")
    EncryptedLogGroup(stack, "Plain")
    return app, stack


@pytest.mark.parametrize("build", [_job_app, _chain_app, event_crawler_app, _own_group_app])
def test_every_log_group_of_a_test_app_is_encrypted_and_named_in_the_key_policy(build, synth):
    app, _ = build()
    report = synth(app)
    assert_clean(report)
    template = report.templates["Test"]
    assert logs_key_problems(template) == []


def test_every_log_group_of_the_reference_app_is_encrypted(reference):
    template = reference.templates["DataLake"]
    groups = [r for r in template["Resources"].values() if r["Type"] == "AWS::Logs::LogGroup"]
    # the VPC's flow logs, the DataBrew chain's state machine, the scripts deployment
    assert len(groups) == 3
    assert logs_key_problems(template) == []


def test_the_walk_reports_a_plain_log_group_and_one_the_policy_does_not_name(synth):
    app, stack = _own_group_app()
    logs.LogGroup(stack, "Forgotten")
    # encrypted with the glueforge key, but its name is not in the key policy
    logs.LogGroup(
        stack,
        "Unnamed",
        log_group_name="/other/x",
        encryption_key=stack.node.find_child("GlueforgeKey"),
    )
    template = synth(app, nag=False, cfn_lint=False).templates["Test"]
    problems = logs_key_problems(template)
    assert len(problems) == 2, problems
    assert problems[0].startswith("Forgotten") and problems[0].endswith(": no KmsKeyId")
    assert problems[1].startswith("GlueforgeKey") and "/other/x" in problems[1]


def test_state_machine_logs_sit_under_vended_logs(synth):
    app, _ = _chain_app()
    template = synth(app, nag=False, cfn_lint=False).templates["Test"]
    names = sorted(
        r["Properties"]["LogGroupName"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::Logs::LogGroup"
    )
    assert names[0].startswith("/aws/vendedlogs/states/Test-After-Logs-")
    assert names[1].startswith("/glueforge/Test-GlueforgeScriptsDeploymentLogs-")


def test_own_name_and_defaults(synth):
    app, _ = _own_group_app()
    template = synth(app, nag=False, cfn_lint=False).templates["Test"]
    groups = {k: r for k, r in template["Resources"].items() if r["Type"] == "AWS::Logs::LogGroup"}
    audit = next(r for k, r in groups.items() if k.startswith("Audit"))
    assert audit["Properties"]["LogGroupName"] == "/team/audit"
    assert audit["Properties"]["RetentionInDays"] == 365
    assert audit["DeletionPolicy"] == "Retain"


@pytest.mark.parametrize(
    ("props", "problem"),
    [
        (
            {"log_group_name": "bad name!"},
            "log_group_name 'bad name!' must be 1-512 characters of a-z, A-Z, 0-9, '_', '-', "
            "'/', '.' and '#'",
        ),
        (
            {"log_group_name": "x" * 513},
            "log_group_name '" + "x" * 513 + "' must be 1-512 characters of a-z, A-Z, 0-9, "
            "'_', '-', '/', '.' and '#'",
        ),
        (
            {"name_prefix": "/a b/"},
            "name_prefix '/a b/' must be 1-492 characters of a-z, A-Z, 0-9, '_', '-', '/', "
            "'.' and '#'",
        ),
        ({"log_group_name": 7}, "log_group_name must be a string, got int"),
    ],
)
def test_bad_names_are_refused_with_the_path(props, problem):
    stack = Stack(App(), "Lake")
    with pytest.raises(GlueforgeValidationError) as caught:
        EncryptedLogGroup(stack, "Logs", **props)
    assert str(caught.value) == f"Lake/Logs: {problem}"


def test_a_deploy_time_name_is_refused():
    stack = Stack(App(), "Lake")
    token = Token.as_string({"Ref": "Name"})
    with pytest.raises(GlueforgeValidationError) as caught:
        EncryptedLogGroup(stack, "Logs", log_group_name=token)
    assert "log_group_name must be a literal: the key policy names the log group" in str(
        caught.value
    )
