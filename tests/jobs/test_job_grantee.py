"""A glueforge job is an ``iam.IGrantable`` to aws-cdk-lib too: ``bucket.grant_read(job)``
runs in node, which finds the job's ``grantPrincipal`` only when the job is declared
IGrantable to jsii (issue 18: it failed with "Cannot read properties of undefined
(reading 'addToPrincipalPolicy')").
"""

from __future__ import annotations

from aws_cdk import App, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from glueforge.jobs.etl_job import EtlJob
from glueforge.jobs.specs import S3Sink, S3Source
from tests.helpers.iam import logical_id, policy_statements


def _read_statement(bucket_id: str) -> dict:
    # aws-cdk-lib's Bucket.grantRead: the bucket's read actions on the bucket and its
    # objects (aws-s3 perms.ts, BUCKET_READ_ACTIONS), written out by hand.
    arn = {"Fn::GetAtt": [bucket_id, "Arn"]}
    return {
        "Action": ["s3:GetObject*", "s3:GetBucket*", "s3:List*"],
        "Effect": "Allow",
        "Resource": [arn, {"Fn::Join": ["", [arn, "/*"]]}],
    }


def _stack() -> tuple[App, Stack, s3.Bucket, s3.Bucket]:
    app = App()
    stack = Stack(app, "S")
    data = s3.Bucket(stack, "Data")
    shared = s3.Bucket(stack, "Shared")
    return app, stack, data, shared


def _policies_with(template: dict, statement: dict) -> list[str]:
    return [
        key
        for key, resource in template["Resources"].items()
        if resource["Type"] == "AWS::IAM::Policy"
        and statement in resource["Properties"]["PolicyDocument"]["Statement"]
    ]


def _template(app: App, stack: Stack) -> dict:
    return app.synth().get_stack_by_name(stack.stack_name).template


def test_an_aws_cdk_lib_grant_to_an_etl_job_lands_in_its_own_role_policy():
    app, stack, data, shared = _stack()
    job = EtlJob(
        stack,
        "Job",
        specs=[
            S3Source("raw", bucket=data, prefix="in/"),
            S3Sink("out", input="raw", bucket=data, prefix="out/"),
        ],
    )
    grant = shared.grant_read(job)
    assert grant.success
    template = _template(app, stack)
    expected = _read_statement(logical_id(template, "AWS::S3::Bucket", "Shared"))
    role = logical_id(template, "AWS::IAM::Role", "JobRole")
    assert expected in policy_statements(template, role)
    assert len(_policies_with(template, expected)) == 1


def test_an_aws_cdk_lib_grant_to_an_imported_job_lands_in_the_role_it_was_given():
    app, stack, _, shared = _stack()
    role = iam.Role(stack, "Runner", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    job = EtlJob.from_job_attributes(stack, "Imported", job_name="orders", role=role)
    shared.grant_read(job)
    template = _template(app, stack)
    expected = _read_statement(logical_id(template, "AWS::S3::Bucket", "Shared"))
    assert expected in policy_statements(template, logical_id(template, "AWS::IAM::Role", "Runner"))
    assert len(_policies_with(template, expected)) == 1


def test_an_aws_cdk_lib_grant_to_an_imported_job_without_a_role_grants_nothing():
    # aws-cdk-lib's UnknownPrincipal: a grant to the principal is dropped with a warning
    # (and reported as successful, so no resource policy is tried).
    # (A grant that falls back to a resource policy, as bucket.grant_read does, fails in
    # aws-cdk-lib instead: "resource imported without a role", as for its own imports.)
    app, stack, _, shared = _stack()
    job = EtlJob.from_job_attributes(stack, "Imported", job_name="orders")
    grant = iam.Grant.add_to_principal(
        grantee=job, actions=["s3:GetObject"], resource_arns=[shared.arn_for_objects("*")]
    )
    assert grant.success
    template = _template(app, stack)
    assert [r for r in template["Resources"].values() if r["Type"] == "AWS::IAM::Policy"] == []
