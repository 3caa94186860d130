"""Lake Formation permissions for job and crawler roles, and the app-level switch to LF mode.

aws-cdk-lib has only the L1s. :class:`LakeFormationPermissions` renders
``AWS::LakeFormation::PrincipalPermissions``, the resource AWS recommends over the legacy
``AWS::LakeFormation::Permissions`` (which has no LF-tag support and untyped permissions).
Every property of it is create-only, so any change replaces the grant (revoke, then grant).

Which permission applies to which kind of resource follows the Lake Formation permissions
reference, https://docs.aws.amazon.com/lake-formation/latest/dg/lf-permissions-reference.html
(checked at synth: Lake Formation would reject the grant at deploy time).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

from aws_cdk import aws_iam as iam
from aws_cdk import aws_lakeformation as lakeformation
from constructs import Construct, IConstruct

from glueforge.catalog.lake_formation_targets import LfResource, jsii_props
from glueforge.core.errors import GlueforgeValidationError, raise_if_problems
from glueforge.core.singletons import stack_state
from glueforge.core.stack_cache import node_of, note_child, stack_of
from glueforge.iam.actions import LAKE_FORMATION_MODE_CONTEXT


class LfPermission(Enum):
    """A Lake Formation permission (the ``Permission`` enum of
    AWS::LakeFormation::PrincipalPermissions)."""

    ALL = "ALL"
    SELECT = "SELECT"
    ALTER = "ALTER"
    DROP = "DROP"
    DELETE = "DELETE"
    INSERT = "INSERT"
    DESCRIBE = "DESCRIBE"
    CREATE_DATABASE = "CREATE_DATABASE"
    CREATE_TABLE = "CREATE_TABLE"
    DATA_LOCATION_ACCESS = "DATA_LOCATION_ACCESS"
    CREATE_LF_TAG = "CREATE_LF_TAG"
    ASSOCIATE = "ASSOCIATE"
    GRANT_WITH_LF_TAG_EXPRESSION = "GRANT_WITH_LF_TAG_EXPRESSION"


_P = LfPermission
# The Lake Formation permissions reference (lf-permissions-reference.html), per resource.
_DATABASE = (_P.ALL, _P.ALTER, _P.CREATE_TABLE, _P.DESCRIBE, _P.DROP)
_TABLE = (_P.ALL, _P.ALTER, _P.DELETE, _P.DESCRIBE, _P.DROP, _P.INSERT, _P.SELECT)

#: what Lake Formation accepts per kind of resource
VALID_PERMISSIONS: dict[str, tuple[LfPermission, ...]] = {
    "database": _DATABASE,
    "table": _TABLE,
    # "Table with column filter: SELECT"; the CFN schema: TableWithColumns is "only used
    # when granting a SELECT permission".
    "columns": (_P.SELECT,),
    "data location": (_P.DATA_LOCATION_ACCESS,),
    "LF-tag policy on databases": _DATABASE,
    "LF-tag policy on tables": _TABLE,
    # Choice: the reference lists DROP and ALTER on LF-tags, and ASSOCIATE, DESCRIBE and
    # GrantWithLFTagExpression on their values; CFN's LFTag resource names a key with
    # values, so all five are taken.
    "LF-tag": (
        _P.ASSOCIATE,
        _P.DESCRIBE,
        _P.GRANT_WITH_LF_TAG_EXPRESSION,
        _P.ALTER,
        _P.DROP,
    ),
}


def principal_arn(scope: IConstruct, principal: object) -> str:
    """The IAM ARN Lake Formation grants to: a role, a glueforge job or crawler (its
    ``role``), or a grantable whose principal is a role or has an ARN."""
    for candidate in (principal, getattr(principal, "role", None)):
        arn = getattr(candidate, "role_arn", None) if candidate is not None else None
        if isinstance(arn, str):
            return arn
    grant_principal = getattr(principal, "grant_principal", None)
    for attribute in ("role_arn", "user_arn", "arn"):
        arn = getattr(grant_principal, attribute, None)
        if isinstance(arn, str):
            return arn
    raise GlueforgeValidationError(
        scope,
        [
            f"principal must be an iam.IRole, a glueforge job or crawler (with a .role), or an "
            f"iam.IGrantable whose principal is a role or has an ARN; got "
            f"{type(principal).__name__}"
        ],
    )


class LakeFormationPermissions(Construct):
    """Lake Formation permissions of one principal on one resource
    (``AWS::LakeFormation::PrincipalPermissions``), in the stack's account's catalog.

    :param principal: who is granted: an ``iam.IRole``, a glueforge ``EtlJob`` or
        ``Crawler`` (its role), or an ``iam.IGrantable`` whose principal is a role.
    :param resource: what on: an :class:`LfResource` (database, table, all tables,
        columns, data location or LF-tag policy).
    :param permissions: the permissions; each must apply to the resource's kind (Lake
        Formation permissions reference). At least one.
    :param grantable_permissions: which of ``permissions`` the principal may grant on to
        others (``PermissionsWithGrantOption``). Default: none.

    Grants of one principal in a stack are created one after another (``DependsOn``):
    concurrent grants to the same principal fail with ConcurrentModificationException
    (aws-cdk issue 36215).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        principal: iam.IRole | iam.IGrantable | Any,
        resource: LfResource,
        permissions: Sequence[LfPermission],
        grantable_permissions: Sequence[LfPermission] = (),
    ) -> None:
        super().__init__(scope, id)
        note_child(self, scope, id)
        self._check(resource, permissions, grantable_permissions)
        self.principal_arn = principal_arn(self, principal)
        self.resource = resource
        catalog_id = stack_of(self).account
        self.cfn = lakeformation.CfnPrincipalPermissions(
            self,
            "Resource",
            principal=lakeformation.CfnPrincipalPermissions.DataLakePrincipalProperty(
                data_lake_principal_identifier=self.principal_arn
            ),
            resource=jsii_props(resource.render(catalog_id)),
            permissions=[p.value for p in permissions],
            permissions_with_grant_option=[p.value for p in grantable_permissions],
        )
        self._after_earlier_grants()

    def _check(
        self,
        resource: LfResource,
        permissions: Sequence[LfPermission],
        grantable: Sequence[LfPermission],
    ) -> None:
        if not isinstance(resource, LfResource):
            raise TypeError(
                f"{self.node.path}: resource must be an LfResource, e.g. "
                f"LfResource.table(database, 'orders'), got {type(resource).__name__}"
            )
        wrong_type = [p for p in [*permissions, *grantable] if not isinstance(p, LfPermission)]
        if wrong_type:
            raise TypeError(
                f"{self.node.path}: permissions must be LfPermission values, got {wrong_type[0]!r}"
            )
        valid = VALID_PERMISSIONS[resource.kind]
        problems = list(resource.problems())
        if not permissions:
            problems.append("permissions must name at least one LfPermission")
        for name, values in (("permissions", permissions), ("grantable_permissions", grantable)):
            bad = [p.value for p in values if p not in valid]
            if bad:
                problems.append(
                    f"{name} {bad} do not apply to a {resource.kind}; valid: "
                    f"{[p.value for p in valid]} (Lake Formation permissions reference)"
                )
        # Choice: the API's PermissionsWithGrantOption is the subset of the permissions
        # granted that the principal may pass on; one outside it is taken as a mistake.
        extra = [p.value for p in grantable if p not in permissions]
        if extra:
            problems.append(f"grantable_permissions {extra} are not among permissions")
        raise_if_problems(self, problems)

    def _after_earlier_grants(self) -> None:
        earlier = stack_state(self, "_glueforge_lf_grants", lambda stack: {})
        key = self.principal_arn
        previous = earlier.get(key)
        if previous is not None:
            node_of(self.cfn).add_dependency(previous)
        earlier[key] = self.cfn


# ---- the app-level switch ---------------------------------------------------------------


def use_lake_formation(scope: Construct) -> None:
    """Make every glueforge job and crawler under ``scope`` use Lake Formation.

    Call it on the app (or a stack) before adding constructs to it; or set the context
    value ``"glueforge:lakeFormation": true`` in ``cdk.json``. In Lake Formation mode:

    - each job's and crawler's role is granted ``lakeformation:GetDataAccess`` (Lake
      Formation vends the credentials for registered S3 locations: "Crawler errors when
      the crawler is using Lake Formation permissions", AWS Glue guide);
    - each crawler crawls with Lake Formation credentials (``LakeFormationConfiguration``
      with ``UseLakeFormationCredentials``).

    The roles keep their IAM catalog and S3 statements: Lake Formation checks both IAM
    and its own permissions (access-control-underlying-data.html). What a role may read
    or write in the catalog is then decided by Lake Formation grants: give them with
    :class:`LakeFormationPermissions`.
    """
    try:
        node_of(scope).set_context(LAKE_FORMATION_MODE_CONTEXT, True)
    except RuntimeError as error:  # jsii: children were added already
        raise GlueforgeValidationError(
            scope,
            [
                "use_lake_formation must be called before constructs are added to this "
                f"scope ({error}); call it right after App() or Stack(), or set the "
                f"context value {LAKE_FORMATION_MODE_CONTEXT!r} in cdk.json"
            ],
        ) from None
