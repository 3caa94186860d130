"""glueforge.iam.grants.grant_secret_read: reading a secret, its key's use never granted
from the key's policy in another stack.

Expected statements are written from the Secrets Manager and KMS guides: reading a secret
is secretsmanager:GetSecretValue (and DescribeSecret); decrypting it is kms:Decrypt on its
key, which Secrets Manager calls for the reader (``kms:ViaService`` is
``secretsmanager.<region>.amazonaws.com``).
"""

from __future__ import annotations

from aws_cdk import App, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk.assertions import Template

from glueforge.iam.grants import grant_secret_read
from tests.helpers.network import exported

VIA_SECRETS_MANAGER = {
    "StringEquals": {
        "kms:ViaService": {
            "Fn::Join": ["", ["secretsmanager.", {"Ref": "AWS::Region"}, ".amazonaws.com"]]
        }
    }
}


def _role(scope, id="Reader") -> iam.Role:
    return iam.Role(scope, id, assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))


def _statements(template: dict, role_id: str) -> list[dict]:
    return [
        statement
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::IAM::Policy"
        and resource["Properties"]["Roles"] == [{"Ref": role_id}]
        for statement in resource["Properties"]["PolicyDocument"]["Statement"]
    ]


def _key_principals(template: dict, key_id: str) -> list[dict]:
    policy = template["Resources"][key_id]["Properties"]["KeyPolicy"]
    return [statement["Principal"] for statement in policy["Statement"]]


def test_a_key_of_another_stack_is_granted_on_the_readers_side_only(tmp_path):
    app = App(outdir=str(tmp_path / "cdk.out"))
    platform, lake = Stack(app, "Platform"), Stack(app, "Lake")
    key = kms.Key(platform, "Key")
    secret = secretsmanager.Secret(platform, "Secret", encryption_key=key)
    role = _role(lake)
    grant_secret_read(role, secret)

    assembly = app.synth()  # the key's policy naming the lake's role would be a cycle
    found = assembly.get_stack_by_name("Platform").template
    lake_template = assembly.get_stack_by_name("Lake").template
    read, decrypt = _statements(lake_template, lake.get_logical_id(role.node.default_child))
    assert read["Action"] == ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    assert exported(found, read["Resource"]) == {
        "Ref": platform.get_logical_id(secret.node.default_child)
    }
    assert decrypt["Action"] == "kms:Decrypt"
    assert decrypt["Condition"] == VIA_SECRETS_MANAGER
    key_id = platform.get_logical_id(key.node.default_child)
    assert exported(found, decrypt["Resource"]) == {"Fn::GetAtt": [key_id, "Arn"]}
    account_root = {
        "AWS": {
            "Fn::Join": [
                "",
                ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "AWS::AccountId"}, ":root"],
            ]
        }
    }
    assert all(p == account_root for p in _key_principals(found, key_id))


def test_a_key_of_the_readers_stack_keeps_aws_cdk_libs_grant(stack):
    key = kms.Key(stack, "Key")
    secret = secretsmanager.Secret(stack, "Secret", encryption_key=key)
    role = _role(stack)
    grant_secret_read(role, secret)
    template = Template.from_stack(stack).to_json()
    role_arn = {"Fn::GetAtt": [stack.get_logical_id(role.node.default_child), "Arn"]}
    # aws-cdk-lib allows the key's use to the reader, via Secrets Manager, in the key policy.
    assert {"AWS": role_arn} in _key_principals(
        template, stack.get_logical_id(key.node.default_child)
    )


def test_a_secret_without_a_key_of_its_own_is_read_as_aws_cdk_lib_grants_it(tmp_path):
    app = App(outdir=str(tmp_path / "cdk.out"))
    platform, lake = Stack(app, "Platform"), Stack(app, "Lake")
    secret = secretsmanager.Secret(platform, "Secret")
    role = _role(lake)
    grant_secret_read(role, secret)
    [read] = _statements(
        app.synth().get_stack_by_name("Lake").template,
        lake.get_logical_id(role.node.default_child),
    )
    assert read["Action"] == ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
