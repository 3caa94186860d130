"""Catalog and S3 prefix grants, checked where mutation testing found them unchecked
(``make mutants``, docs/contributing.md): which ARNs are granted, under which condition,
and why a wildcard is acknowledged."""

from __future__ import annotations

import pytest
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from glueforge.iam.grants import grant_catalog, grant_s3_prefix_read, grant_s3_prefix_read_write
from glueforge.iam.suppressions import nag_resource_text


def test_catalog_grant_names_the_catalog_the_database_and_each_table(stack):
    role = iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    database = glue.Database(stack, "Shop", database_name="shop")
    result = grant_catalog(role, database, ["orders", "raw_*"], ["glue:GetTable"])
    [statement] = result.principal_statements
    resources = [nag_resource_text(stack.resolve(r)) for r in statement.resources]
    # Glue's ARN formats (Glue developer guide, "Specifying AWS Glue resource ARNs"):
    # catalog, database/<database>, table/<database>/<table>; the database's name is its
    # Ref (which CloudFormation resolves to the name)
    name = f"<{stack.get_logical_id(database.node.default_child)}>"
    assert [r.rsplit(":", 1)[1] for r in resources] == [
        "catalog",
        f"database/{name}",
        f"table/{name}/orders",
        f"table/{name}/raw_*",
    ]


def test_a_table_prefix_is_acknowledged_with_its_reason(stack, synth):
    role = iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    database = glue.Database(stack, "Shop", database_name="shop")
    grant_catalog(role, database, ["raw_*"], ["glue:GetTable"])
    report = synth(stack, cfn_lint=False)
    assert not report.errors("cdk-nag"), report.errors()
    [acknowledged] = report.acknowledged
    assert acknowledged.rule.startswith("AwsSolutions-IAM5[Resource::")
    name = f"<{stack.get_logical_id(database.node.default_child)}>"
    assert acknowledged.rule.endswith(f":table/{name}/raw_*]")
    assert acknowledged.reason == (
        "tables are created with names learned from the data; access is limited to one "
        "database (and table-name prefix)"
    )


# ---- S3 prefix grants: what each statement allows, and under which condition ------------


def _statements(stack, result: iam.Grant) -> list[tuple[list[str], list[str], dict | None]]:
    """(actions, resources as cdk-nag prints them, conditions) of each statement."""
    found = []
    for statement in result.principal_statements:
        resolved = stack.resolve(statement.to_statement_json())
        resources = resolved["Resource"]
        resources = resources if isinstance(resources, list) else [resources]
        actions = resolved["Action"]
        found.append(
            (
                sorted(actions if isinstance(actions, list) else [actions]),
                [nag_resource_text(r) for r in resources],
                resolved.get("Condition"),
            )
        )
    return sorted(found, key=lambda s: s[0])


def test_reading_a_prefix_lists_only_that_prefix(stack):
    role = iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    bucket = s3.Bucket.from_bucket_name(stack, "B", "landing")
    result = grant_s3_prefix_read(role, bucket, "raw/")
    # s3:prefix applies to ListBucket and not to GetBucketLocation (Service Authorization
    # Reference, Amazon S3), so GetBucketLocation has a statement of its own
    assert _statements(stack, result) == [
        (["s3:GetBucketLocation"], ["arn:<AWS::Partition>:s3:::landing"], None),
        (["s3:GetObject"], ["arn:<AWS::Partition>:s3:::landing/raw/*"], None),
        (
            ["s3:ListBucket"],
            ["arn:<AWS::Partition>:s3:::landing"],
            {"StringLike": {"s3:prefix": ["raw/", "raw/*"]}},
        ),
    ]


def test_the_whole_bucket_is_listed_without_a_condition(stack):
    role = iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    bucket = s3.Bucket.from_bucket_name(stack, "B", "landing")
    statements = _statements(stack, grant_s3_prefix_read(role, bucket))
    listing = [s for s in statements if "s3:ListBucket" in s[0]]
    assert listing == [(["s3:ListBucket"], ["arn:<AWS::Partition>:s3:::landing"], None)]


@pytest.mark.parametrize(
    ("grant_prefix", "access"),
    [(grant_s3_prefix_read, "read"), (grant_s3_prefix_read_write, "read and write")],
)
def test_an_object_wildcard_is_acknowledged_with_its_reason(stack, synth, grant_prefix, access):
    role = iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    grant_prefix(role, s3.Bucket.from_bucket_name(stack, "B", "landing"), "out/")
    [acknowledged] = synth(stack, cfn_lint=False).acknowledged
    assert acknowledged.reason == f"object {access} is limited to the prefix 'out/' of the bucket"


def test_without_a_prefix_the_whole_bucket_is_granted(stack):
    role = iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    bucket = s3.Bucket.from_bucket_name(stack, "B", "landing")
    objects = [
        s
        for s in _statements(stack, grant_s3_prefix_read_write(role, bucket))
        if "s3:PutObject" in s[0]
    ]
    assert [s[1] for s in objects] == [["arn:<AWS::Partition>:s3:::landing/*"]]


def test_a_secret_read_by_a_bare_principal_is_granted_as_aws_cdk_lib_does(stack):
    # A service principal has no stack (no policy of its own to write): grant_read adds
    # the grant to the secret's resource policy instead, as aws-cdk-lib does.
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_secretsmanager as secretsmanager

    from glueforge.iam.grants import grant_secret_read

    secret = secretsmanager.Secret(stack, "S", encryption_key=kms.Key(stack, "K"))
    result = grant_secret_read(iam.ServicePrincipal("glue.amazonaws.com"), secret)
    assert result.success
    assert result.principal_statements == [] or result.resource_statement is not None
