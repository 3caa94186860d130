"""DataCatalogEncryption: AWS::Glue::DataCatalogEncryptionSettings, one per account and Region.

Expected properties are written by hand from the CloudFormation schema of
AWS::Glue::DataCatalogEncryptionSettings (modes ``DISABLED | SSE-KMS |
SSE-KMS-WITH-SERVICE-ROLE``) and the KMS actions from "Setting up encryption in AWS Glue"
(https://docs.aws.amazon.com/glue/latest/ug/set-up-encryption.html).
"""

import pytest
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms

from glueforge import CatalogDatabase, DataCatalogEncryption, GlueforgeValidationError, SecureBucket
from tests.conftest import assert_clean
from tests.helpers.iam import logical_id, policy_statements

SETTINGS = "AWS::Glue::DataCatalogEncryptionSettings"


def _settings(template):
    return template["Resources"][logical_id(template, SETTINGS, "Encryption")]["Properties"]


def test_default_uses_the_stacks_glueforge_key_for_both(stack, synth):
    # After a database: the account catalog is in use already (the order aws-cdk-lib's
    # Catalog.encrypt_account refuses).
    CatalogDatabase(stack, "Sales", bucket=SecureBucket(stack, "Lake"), database_name="sales")
    DataCatalogEncryption(stack, "Encryption")
    report = synth(stack)
    assert_clean(report)
    t = report.templates["Test"]
    key = {"Fn::GetAtt": [logical_id(t, "AWS::KMS::Key", "GlueforgeKey"), "Arn"]}
    assert _settings(t) == {
        "CatalogId": {"Ref": "AWS::AccountId"},
        "DataCatalogEncryptionSettings": {
            "EncryptionAtRest": {"CatalogEncryptionMode": "SSE-KMS", "SseAwsKmsKeyId": key},
            "ConnectionPasswordEncryption": {
                "KmsKeyId": key,
                "ReturnConnectionPasswordEncrypted": True,
            },
        },
    }


def test_own_keys_and_grants_for_the_catalogs_users(stack, synth):
    catalog_key = kms.Key(stack, "CatalogKey", enable_key_rotation=True)
    password_key = kms.Key(stack, "PasswordKey", enable_key_rotation=True)
    encryption = DataCatalogEncryption(
        stack,
        "Encryption",
        key=catalog_key,
        password_key=password_key,
        return_passwords_encrypted=False,
    )
    reader = iam.Role(stack, "Reader", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    encryption.grant_catalog_use(reader)
    encryption.grant_password_decrypt(reader)
    report = synth(stack)
    assert_clean(report)
    t = report.templates["Test"]
    catalog_arn = {"Fn::GetAtt": [logical_id(t, "AWS::KMS::Key", "CatalogKey"), "Arn"]}
    password_arn = {"Fn::GetAtt": [logical_id(t, "AWS::KMS::Key", "PasswordKey"), "Arn"]}
    assert _settings(t)["DataCatalogEncryptionSettings"] == {
        "EncryptionAtRest": {"CatalogEncryptionMode": "SSE-KMS", "SseAwsKmsKeyId": catalog_arn},
        "ConnectionPasswordEncryption": {
            "KmsKeyId": password_arn,
            "ReturnConnectionPasswordEncrypted": False,
        },
    }
    statements = policy_statements(t, logical_id(t, "AWS::IAM::Role", "Reader"))
    assert statements == [
        {
            "Action": ["kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt"],
            "Effect": "Allow",
            "Resource": catalog_arn,
        },
        {"Action": "kms:Decrypt", "Effect": "Allow", "Resource": password_arn},
    ]


def test_service_role_mode_grants_the_role_the_key(stack, synth):
    role = iam.Role(stack, "CatalogRole", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    DataCatalogEncryption(
        stack,
        "Encryption",
        mode=glue.CatalogEncryptionMode.SSE_KMS_WITH_SERVICE_ROLE,
        service_role=role,
        encrypt_connection_passwords=False,
    )
    report = synth(stack)
    assert_clean(report)
    t = report.templates["Test"]
    role_id = logical_id(t, "AWS::IAM::Role", "CatalogRole")
    key = {"Fn::GetAtt": [logical_id(t, "AWS::KMS::Key", "GlueforgeKey"), "Arn"]}
    assert _settings(t)["DataCatalogEncryptionSettings"] == {
        "EncryptionAtRest": {
            "CatalogEncryptionMode": "SSE-KMS-WITH-SERVICE-ROLE",
            "SseAwsKmsKeyId": key,
            "CatalogEncryptionServiceRole": {"Fn::GetAtt": [role_id, "Arn"]},
        }
    }
    assert policy_statements(t, role_id) == [
        {
            "Action": ["kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt"],
            "Effect": "Allow",
            "Resource": key,
        }
    ]


def test_disabled_names_no_key(stack):
    encryption = DataCatalogEncryption(
        stack,
        "Encryption",
        mode=glue.CatalogEncryptionMode.DISABLED,
        encrypt_connection_passwords=False,
    )
    assert stack.resolve(encryption.cfn.data_catalog_encryption_settings) == {
        "encryptionAtRest": {"catalogEncryptionMode": "DISABLED"}
    }
    grant = encryption.grant_password_decrypt(
        iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    )
    assert not grant.success


def test_glueforge_jobs_and_crawlers_are_granted_the_catalog_key(stack, synth):
    from glueforge import Crawler, CrawlerTarget

    bucket = SecureBucket(stack, "Lake")
    zone = CatalogDatabase(stack, "Sales", bucket=bucket, database_name="sales")
    crawler = Crawler(
        stack, "Raw", database=zone.database, targets=[CrawlerTarget.s3(bucket, "r/")]
    )
    encryption = DataCatalogEncryption(stack, "Encryption")
    encryption.grant_catalog_use(crawler)
    t = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    key = {"Fn::GetAtt": [logical_id(t, "AWS::KMS::Key", "GlueforgeKey"), "Arn"]}
    statements = policy_statements(t, logical_id(t, "AWS::IAM::Role", "RawRole"))
    assert {
        "Action": ["kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt"],
        "Effect": "Allow",
        "Resource": key,
    } in statements


# ---- validation ---------------------------------------------------------------------------


def test_a_second_one_for_the_same_account_and_region_is_an_error():
    app = App()
    DataCatalogEncryption(Stack(app, "One"), "Encryption")
    with pytest.raises(GlueforgeValidationError) as caught:
        DataCatalogEncryption(Stack(app, "Two"), "Encryption")
    assert str(caught.value).startswith(
        "Two/Encryption: One/Encryption already sets the Data Catalog encryption of this "
        "account and Region"
    )


def test_one_per_region_is_fine():
    app = App()
    for region in ("eu-west-1", "us-east-1"):
        env = Environment(account="111122223333", region=region)
        DataCatalogEncryption(Stack(app, region, env=env), "Encryption")
    # A fresh app starts over: the record is per app.
    DataCatalogEncryption(Stack(App(), "One"), "Encryption")


@pytest.mark.parametrize(
    "props, message",
    [
        (
            {"mode": glue.CatalogEncryptionMode.SSE_KMS_WITH_SERVICE_ROLE},
            "mode SSE_KMS_WITH_SERVICE_ROLE needs a service_role",
        ),
        ({"service_role": "ROLE"}, "service_role is used only in mode SSE_KMS_WITH_SERVICE_ROLE"),
        (
            {"password_key": "KEY", "encrypt_connection_passwords": False},
            "password_key given with encrypt_connection_passwords=False",
        ),
    ],
)
def test_bad_combinations(props, message):
    stack = Stack(App(), "DataLake")
    if props.get("service_role") == "ROLE":
        props["service_role"] = iam.Role(
            stack, "R", assumed_by=iam.ServicePrincipal("glue.amazonaws.com")
        )
    if props.get("password_key") == "KEY":
        props["password_key"] = kms.Key(stack, "K")
    with pytest.raises(GlueforgeValidationError, match=message):
        DataCatalogEncryption(stack, "Encryption", **props)
