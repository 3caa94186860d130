"""glueforge.iam.placement: where a construct's grants to a role it received land.

Expected templates are written from CloudFormation's documented shapes: a value of a
sibling stack arrives as ``Fn::ImportValue`` of the producer's export; a nested stack
receives a parent's value as a parameter (``Ref``); ``Ref`` of an ``AWS::IAM::Role`` is
its name and ``Fn::GetAtt [role, Arn]`` its ARN.
"""

from __future__ import annotations

import pytest
from aws_cdk import App, Environment, NestedStack, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template
from constructs import Construct

from glueforge import EtlJob, GlueforgeValidationError, S3Sink, S3Source
from glueforge.iam.grants import grant
from glueforge.iam.placement import RolePolicy, grant_policies, role_grantee
from tests.helpers.network import exported

ARN = "arn:aws:s3:::lake/raw/*"


def _role(scope: Construct, id: str = "Runner") -> iam.Role:
    return iam.Role(scope, id, assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))


def _policies(template: dict) -> dict[str, dict]:
    return {
        logical_id: resource["Properties"]
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == "AWS::IAM::Policy"
    }


def _two_stacks(tmp_path) -> tuple[App, Stack, Stack]:
    app = App(outdir=str(tmp_path / "cdk.out"))
    return app, Stack(app, "Platform"), Stack(app, "Lake")


def test_a_role_of_the_same_stack_is_its_own_grantee(stack):
    role = _role(stack)
    consumer = Construct(stack, "Job")
    assert role_grantee(consumer, role) is role
    grant(role_grantee(consumer, role), ["s3:GetObject"], ["arn:aws:s3:::lake/raw/data.csv"])
    [default_policy] = grant_policies(role)
    assert default_policy.node.path == "Test/Runner/DefaultPolicy"
    assert not any(isinstance(c, RolePolicy) for c in consumer.node.children)


def test_a_role_imported_into_the_same_stack_keeps_aws_cdk_libs_own_policy(stack):
    role = iam.Role.from_role_arn(stack, "Runner", "arn:aws:iam::123456789012:role/runner")
    consumer = Construct(stack, "Job")
    assert role_grantee(consumer, role) is role
    grant(role, ["s3:GetObject"], ["arn:aws:s3:::lake/raw/data.csv"])
    [(_, policy)] = _policies(Template.from_stack(stack).to_json()).items()
    # aws-cdk-lib's policy of an import names the role by the name in its ARN.
    assert policy["Roles"] == ["runner"]


def test_a_role_of_a_sibling_stack_gets_one_policy_in_the_consumers_stack(tmp_path):
    app, platform, lake = _two_stacks(tmp_path)
    role = _role(platform)
    consumer = Construct(lake, "Job")

    grantee = role_grantee(consumer, role)
    assert isinstance(grantee, RolePolicy)
    assert grantee.node.path == "Lake/Job/RolePolicy"
    assert grantee.role is role
    assert role_grantee(consumer, role) is grantee  # once per construct and role
    assert grantee.grant_principal is grantee
    assert grant_policies(grantee) == []  # nothing granted, no policy

    grant(grantee, ["s3:GetObject"], ["arn:aws:s3:::lake/raw/data.csv"])
    grant(grantee, ["s3:PutObject"], ["arn:aws:s3:::lake/curated/data.csv"])
    [policy] = grant_policies(grantee)
    assert policy.node.path == "Lake/Job/RolePolicy/Resource"

    assembly = app.synth()
    lake_template = assembly.get_stack_by_name("Lake").template
    platform_template = assembly.get_stack_by_name("Platform").template
    [(_, properties)] = _policies(lake_template).items()
    [role_name] = properties["Roles"]
    assert exported(platform_template, role_name) == {
        "Ref": platform.get_logical_id(role.node.default_child)
    }
    assert properties["PolicyDocument"]["Statement"] == [
        {"Action": "s3:GetObject", "Effect": "Allow", "Resource": "arn:aws:s3:::lake/raw/data.csv"},
        {
            "Action": "s3:PutObject",
            "Effect": "Allow",
            "Resource": "arn:aws:s3:::lake/curated/data.csv",
        },
    ]
    assert _policies(platform_template) == {}  # no DefaultPolicy on the role


def test_each_foreign_role_gets_its_own_policy(tmp_path):
    _, platform, lake = _two_stacks(tmp_path)
    consumer = Construct(lake, "Job")
    first = role_grantee(consumer, _role(platform, "First"))
    second = role_grantee(consumer, _role(platform, "Second"))
    assert (first.node.id, second.node.id) == ("RolePolicy", "RolePolicy2")


@pytest.mark.parametrize("role_in", ["parent", "nested"])
def test_a_role_across_a_nested_stack_boundary_gets_a_policy_on_the_consumers_side(
    tmp_path, role_in
):
    app = App(outdir=str(tmp_path / "cdk.out"))
    parent = Stack(app, "Lake")
    nested = NestedStack(parent, "Jobs")
    role = _role(parent if role_in == "parent" else nested)
    consumer = Construct(nested if role_in == "parent" else parent, "Job")
    grantee = role_grantee(consumer, role)
    assert isinstance(grantee, RolePolicy)
    grant(grantee, ["s3:GetObject"], ["arn:aws:s3:::lake/raw/data.csv"])
    [policy] = grant_policies(grantee)
    assert NestedStack.of(policy) is NestedStack.of(consumer)


def test_a_foreign_role_is_the_role_in_resource_policies(tmp_path):
    app, platform, lake = _two_stacks(tmp_path)
    role = _role(platform)
    grantee = role_grantee(Construct(lake, "Job"), role)
    statement = iam.PolicyStatement(actions=["s3:GetObject"], principals=[grantee.grant_principal])
    assert platform.resolve(statement.to_statement_json())["Principal"] == {
        "AWS": {"Fn::GetAtt": [platform.get_logical_id(role.node.default_child), "Arn"]}
    }
    assert grantee.grant_principal.principal_account == role.principal_account


def test_aws_cdk_libs_own_grants_on_a_foreign_role_land_in_the_consumers_policy(tmp_path):
    app, platform, lake = _two_stacks(tmp_path)
    role = _role(platform)
    bucket = s3.Bucket(lake, "Data")
    bucket.grant_read(role_grantee(Construct(lake, "Job"), role))
    assembly = app.synth()  # the bucket of Lake is read by a role of Platform: no cycle
    assert _policies(assembly.get_stack_by_name("Platform").template) == {}
    [(_, properties)] = _policies(assembly.get_stack_by_name("Lake").template).items()
    assert properties["PolicyDocument"]["Statement"][0]["Action"] == [
        "s3:GetObject*",
        "s3:GetBucket*",
        "s3:List*",
    ]
    # A grant to a principal of the same account needs nothing from the bucket's policy.
    assert "AWS::S3::BucketPolicy" not in str(assembly.get_stack_by_name("Lake").template)


def test_a_role_of_another_account_is_refused(tmp_path):
    app = App(outdir=str(tmp_path / "cdk.out"))
    platform = Stack(app, "Platform", env=Environment(account="111111111111", region="us-east-1"))
    lake = Stack(app, "Lake", env=Environment(account="222222222222", region="us-east-1"))
    role = _role(platform)
    with pytest.raises(GlueforgeValidationError) as caught:
        role_grantee(Construct(lake, "Job"), role)
    assert str(caught.value) == (
        "Lake/Job: role Platform/Runner belongs to account 111111111111, but this stack "
        "deploys to account 222222222222; Glue and DataBrew run only with a role of their "
        "own account, so give a role of account 222222222222"
    )


def test_a_job_refuses_a_role_of_another_account(tmp_path):
    app = App(outdir=str(tmp_path / "cdk.out"))
    lake = Stack(app, "Lake", env=Environment(account="222222222222", region="us-east-1"))
    role = iam.Role.from_role_arn(lake, "Runner", "arn:aws:iam::111111111111:role/runner")
    bucket = s3.Bucket(lake, "Data")
    with pytest.raises(GlueforgeValidationError) as caught:
        EtlJob(
            lake,
            "Orders",
            role=role,
            specs=[S3Source("raw", bucket=bucket), S3Sink("out", input="raw", bucket=bucket)],
        )
    assert caught.value.path == "Lake/Orders"
    assert "role Lake/Runner belongs to account 111111111111" in str(caught.value)


def test_a_role_whose_account_is_unknown_is_taken(tmp_path):
    # env-agnostic stacks: the accounts are tokens, and CloudFormation decides at deploy
    _, platform, lake = _two_stacks(tmp_path)
    imported = iam.Role.from_role_arn(platform, "Runner", "arn:aws:iam::111111111111:role/r")
    assert isinstance(role_grantee(Construct(lake, "Job"), imported), RolePolicy)
