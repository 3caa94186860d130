"""Data Catalog encryption at rest and connection-password encryption, opt-in.

This is an **account- and Region-wide setting**: the Data Catalog of an account and
Region has one ``AWS::Glue::DataCatalogEncryptionSettings`` (its only identifier is the
catalog id, the account), so a second one for the same account and Region overwrites the
first at deploy time (aws-cdk-lib's ``Catalog.encryptAccount`` docs; the CFN schema's
primaryIdentifier). glueforge refuses a second one in the same app at synth.

Choice: built on the L1 ``glue.CfnDataCatalogEncryptionSettings``, not aws-cdk-lib
2.275's ``glue.Catalog.encrypt_account``. That renders the resource correctly, but throws
``AccountCatalogAlreadyInUse`` once anything in the stack has used the account catalog
(a ``glue.Database``, or a grant reading ``database.catalog``), so it would work only when
declared before every database: an order no other glueforge construct asks for.

"When you enable encryption for your Data Catalog, all new objects that you create will be
encrypted" and a crawler that processed an encrypted catalog fails if the settings are
removed later (https://docs.aws.amazon.com/glue/latest/dg/encrypt-glue-data-catalog.html).
"""

from __future__ import annotations

from typing import Any

from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from glueforge.core.errors import raise_if_problems, require_types
from glueforge.core.stack_cache import node_of, note_child, python_state, stack_of
from glueforge.iam.actions import CATALOG_KEY_ACTIONS, KEY_READ_ACTIONS
from glueforge.iam.grants import grant
from glueforge.security.configuration import glue_key

# On the app: (account, region) -> the path of the DataCatalogEncryption made for it.
_MADE = "_glueforge_catalog_encryption"


class DataCatalogEncryption(Construct):
    """Encrypt this account's Data Catalog in this Region, and its connection passwords.

    An account- and Region-wide setting: make **one** per account and Region, in one
    stack (a second one in the same app is a synth-time error).

    Whoever reads or writes the encrypted catalog (jobs, crawlers, Athena users, table
    optimizers) needs ``kms:GenerateDataKey``, ``kms:Decrypt`` and ``kms:Encrypt`` on the
    catalog's key: give it with :meth:`grant_catalog_use`. Whoever reads connection
    passwords needs ``kms:Decrypt`` on the password key: :meth:`grant_password_decrypt`
    ("Setting up encryption in AWS Glue",
    https://docs.aws.amazon.com/glue/latest/ug/set-up-encryption.html).

    :param key: the KMS key for the catalog and the passwords. Default: the stack's
        glueforge key (:func:`glueforge.security.configuration.glue_key`).
    :param mode: ``glue.CatalogEncryptionMode.SSE_KMS``,
        ``SSE_KMS_WITH_SERVICE_ROLE`` (Glue assumes ``service_role`` to use the key) or
        ``DISABLED`` (new objects are no longer encrypted). Default (None): ``SSE_KMS``.
    :param service_role: the role Glue assumes in ``SSE_KMS_WITH_SERVICE_ROLE`` mode
        (required there, refused otherwise); it is granted the catalog's key use.
    :param encrypt_connection_passwords: encrypt connection passwords with
        ``password_key``. Default: ``True``.
    :param password_key: Default: ``key``.
    :param return_passwords_encrypted: GetConnection returns passwords encrypted.
        Default: ``True``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        key: kms.IKey | None = None,
        mode: glue.CatalogEncryptionMode | None = None,
        service_role: iam.IRole | None = None,
        encrypt_connection_passwords: bool = True,
        password_key: kms.IKey | None = None,
        return_passwords_encrypted: bool = True,
    ) -> None:
        super().__init__(scope, id)
        note_child(self, scope, id)
        require_types(
            self,
            {
                "mode": (mode, (glue.CatalogEncryptionMode, None)),
                "encrypt_connection_passwords": (encrypt_connection_passwords, bool),
                "return_passwords_encrypted": (return_passwords_encrypted, bool),
            },
        )
        mode = glue.CatalogEncryptionMode.SSE_KMS if mode is None else mode
        self._check(mode, service_role, encrypt_connection_passwords, password_key)
        self.key: kms.IKey = key or glue_key(self)
        self.mode = mode
        self.service_role = service_role
        self.password_key: kms.IKey | None = (
            (password_key or self.key) if encrypt_connection_passwords else None
        )
        cfn = glue.CfnDataCatalogEncryptionSettings
        self.cfn = cfn(
            self,
            "Resource",
            catalog_id=stack_of(self).account,
            data_catalog_encryption_settings=cfn.DataCatalogEncryptionSettingsProperty(
                encryption_at_rest=self._at_rest(),
                connection_password_encryption=cfn.ConnectionPasswordEncryptionProperty(
                    kms_key_id=self.password_key.key_arn,
                    return_connection_password_encrypted=return_passwords_encrypted,
                )
                if self.password_key is not None
                else None,
            ),
        )
        if service_role is not None:
            self.grant_catalog_use(service_role)

    def _check(
        self,
        mode: glue.CatalogEncryptionMode,
        service_role: iam.IRole | None,
        encrypt_connection_passwords: bool,
        password_key: kms.IKey | None,
    ) -> None:
        problems = []
        with_role = mode is glue.CatalogEncryptionMode.SSE_KMS_WITH_SERVICE_ROLE
        if with_role and service_role is None:
            problems.append("mode SSE_KMS_WITH_SERVICE_ROLE needs a service_role for Glue")
        if service_role is not None and not with_role:
            problems.append(
                f"service_role is used only in mode SSE_KMS_WITH_SERVICE_ROLE, got {mode.name}"
            )
        if password_key is not None and not encrypt_connection_passwords:
            problems.append("password_key given with encrypt_connection_passwords=False")
        stack = stack_of(self)
        made: dict[tuple[str, str], str] = python_state(node_of(self).root, _MADE, dict)
        place = (stack.account, stack.region)
        earlier = made.get(place)
        if earlier is not None:
            problems.append(
                f"{earlier} already sets the Data Catalog encryption of this account and "
                "Region; it is one setting per account and Region "
                "(AWS::Glue::DataCatalogEncryptionSettings is identified by the catalog id "
                "alone), so a second one would overwrite it: keep one"
            )
        raise_if_problems(self, problems)
        made[place] = node_of(self).path

    def _at_rest(self) -> glue.CfnDataCatalogEncryptionSettings.EncryptionAtRestProperty:
        # aws-cdk-lib's enum names the CFN values with underscores (SSE_KMS for SSE-KMS).
        mode = self.mode.value.replace("_", "-")
        disabled = self.mode is glue.CatalogEncryptionMode.DISABLED
        return glue.CfnDataCatalogEncryptionSettings.EncryptionAtRestProperty(
            catalog_encryption_mode=mode,
            sse_aws_kms_key_id=None if disabled else self.key.key_arn,
            catalog_encryption_service_role=self.service_role.role_arn
            if self.service_role is not None
            else None,
        )

    def grant_catalog_use(self, grantee: iam.IGrantable | Any) -> iam.Grant:
        """Let ``grantee`` read and write the encrypted catalog: ``kms:GenerateDataKey``,
        ``kms:Decrypt``, ``kms:Encrypt`` on the key (set-up-encryption.html: "Any client
        that accesses or writes to an encrypted catalog").

        :param grantee: an ``iam.IGrantable``, or a glueforge job or crawler."""
        return grant(_grantable(grantee), CATALOG_KEY_ACTIONS, [self.key.key_arn])

    def grant_password_decrypt(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let ``grantee`` read encrypted connection passwords: ``kms:Decrypt`` on the
        password key. A dropped grant when passwords are not encrypted."""
        if self.password_key is None:
            return iam.Grant.drop(grantee, "decrypt connection passwords (not encrypted)")
        return grant(_grantable(grantee), KEY_READ_ACTIONS, [self.password_key.key_arn])


def _grantable(grantee: Any) -> iam.IGrantable:
    """A grantable, or a glueforge crawler's (which grants through its ``grantee``: its
    role, or a policy for a role of another stack)."""
    if hasattr(grantee, "grant_principal"):
        return grantee
    inner = getattr(grantee, "grantee", None)
    return inner if inner is not None else grantee
