"""Lake Formation resources beside the grants: LF-tags, their associations, and the
registration of S3 locations.

- :class:`LfTag`: ``AWS::LakeFormation::Tag`` (limits from its CloudFormation schema and
  https://docs.aws.amazon.com/lake-formation/latest/APIReference/API_LFTag.html).
- :class:`LfTagAssociation`: ``AWS::LakeFormation::TagAssociation`` on a database, a
  table or columns of a table.
- :class:`DataLakeLocation`: ``AWS::LakeFormation::Resource``, with a least-privilege role
  Lake Formation assumes, or its service-linked role
  (https://docs.aws.amazon.com/lake-formation/latest/dg/registration-role.html).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from aws_cdk import Resource
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lakeformation as lakeformation
from aws_cdk import aws_s3 as s3
from constructs import Construct

from glueforge.catalog.lake_formation import LakeFormationPermissions, LfPermission
from glueforge.catalog.lake_formation_targets import (
    TAG_KEY_MAX,
    TAG_VALUE_MAX,
    LfResource,
    jsii_props,
)
from glueforge.core.errors import (
    GlueforgeValidationError,
    child_path,
    raise_if_problems,
    require_types,
)
from glueforge.core.stack_cache import node_of, node_path, note_child, stack_of
from glueforge.iam.documents import DocumentRole, one_document
from glueforge.iam.grants import add_s3_prefix_read_write
from glueforge.iam.placement import service_principal

#: the service that assumes a registration role (registration-role.html: "a trust
#: relationship with lakeformation.amazonaws.com")
LAKE_FORMATION_SERVICE = "lakeformation.amazonaws.com"
#: "The maximum number of values that can be defined for a LF-Tag is 1000" (API_LFTag)
TAG_VALUES_MAX = 1000
#: the CFN schema of TagAssociation: 1-50 LF-tags on one resource
TAGS_PER_ASSOCIATION_MAX = 50
# The CFN schema's LFTagKey and LFTagValue patterns (a value may also be "*").
_KEY_PATTERN = re.compile(r"^[a-zA-Z\s0-9_.:/=+\-@%]*$")
_VALUE_PATTERN = re.compile(r"^[a-zA-Z\s0-9_.:*/=+\-@%]*$")


def _tag_problems(key: str, values: Sequence[str], max_values: int) -> list[str]:
    problems = []
    if not 1 <= len(key) <= TAG_KEY_MAX or not _KEY_PATTERN.match(key):
        problems.append(
            f"LF-tag key {key!r} must be 1 to {TAG_KEY_MAX} letters, digits, spaces or _.:/=+-@%"
        )
    if not 1 <= len(values) <= max_values:
        problems.append(f"LF-tag {key!r} needs 1 to {max_values} values, got {len(values)}")
    bad = [v for v in values if len(v) > TAG_VALUE_MAX or not _VALUE_PATTERN.match(v)]
    if bad:
        problems.append(
            f"LF-tag {key!r} values {bad} must be at most {TAG_VALUE_MAX} letters, digits, "
            "spaces or _.:*/=+-@%"
        )
    if len(set(values)) != len(values):
        problems.append(f"LF-tag {key!r} lists a value twice")
    return problems


@runtime_checkable
class ILfTag(Protocol):
    """An LF-tag, made by glueforge or imported (:meth:`LfTag.from_lf_tag_attributes`)."""

    @property
    def lf_tag_name(self) -> str: ...

    def grant_policy(self, values: Sequence[str] | None = None) -> dict[str, Sequence[str]]: ...


class LfTagBase(Resource):
    """What owned and imported LF-tags share: the key, and the expressions built on it.
    An LF-tag has no ARN: Lake Formation names it by key in its catalog."""

    lf_tag_name: str
    #: its values, when known (None for an import that did not list them)
    values: tuple[str, ...] | None

    @property
    def key(self) -> str:
        """The tag's key (its name)."""
        return self.lf_tag_name

    def grant_policy(self, values: Sequence[str] | None = None) -> dict[str, Sequence[str]]:
        """An expression term for :meth:`LfResource.tag_policy`: this key with ``values``.
        Default: all of its values (which an import must have been given)."""
        chosen = values if values is not None else self.values
        if chosen is None:
            raise GlueforgeValidationError(
                self, ["this imported LF-tag lists no values: name the values to grant on"]
            )
        return {self.lf_tag_name: tuple(chosen)}


class _ImportedLfTag(LfTagBase):
    """An LF-tag made elsewhere; see :meth:`LfTag.from_lf_tag_attributes`."""

    def __init__(
        self, scope: Construct, id: str, *, lf_tag_name: str, values: Sequence[str] | None
    ) -> None:
        super().__init__(scope, id)
        self.lf_tag_name = lf_tag_name
        self.values = tuple(values) if values is not None else None


class LfTag(LfTagBase):
    """An LF-tag: a key and the values it may take (``AWS::LakeFormation::Tag``).

    :param key: 1-128 characters (CFN schema LFTagKey).
    :param values: 1-1000 values of at most 256 characters each.
    """

    def __init__(self, scope: Construct, id: str, *, key: str, values: Sequence[str]) -> None:
        super().__init__(scope, id)
        note_child(self, scope, id)
        require_types(self, {"key": (key, str), "values": (values, (list, tuple))})
        raise_if_problems(self, _tag_problems(key, list(values), TAG_VALUES_MAX))
        self.lf_tag_name = key
        self.values = tuple(values)
        self.cfn = lakeformation.CfnTag(
            self,
            "Resource",
            catalog_id=stack_of(self).account,
            tag_key=key,
            tag_values=list(values),
        )

    @classmethod
    def from_lf_tag_attributes(
        cls, scope: Construct, id: str, *, lf_tag_name: str, values: Sequence[str] | None = None
    ) -> ILfTag:
        """An LF-tag that exists already (made in another stack or by hand).

        :param lf_tag_name: its key.
        :param values: its values, for ``grant_policy()`` without values and for checking
            associations. Default: unknown.
        """
        require_types(
            child_path(scope, id),
            {"lf_tag_name": (lf_tag_name, str), "values": (values, (list, tuple, None))},
        )
        return _ImportedLfTag(scope, id, lf_tag_name=lf_tag_name, values=values)

    @classmethod
    def from_lf_tag_name(cls, scope: Construct, id: str, lf_tag_name: str) -> ILfTag:
        """An LF-tag that exists already, by key."""
        return cls.from_lf_tag_attributes(scope, id, lf_tag_name=lf_tag_name)


class LfTagAssociation(Construct):
    """LF-tags on a database, a table or columns of a table
    (``AWS::LakeFormation::TagAssociation``).

    :param resource: ``LfResource.database(db)``, ``LfResource.table(db, name)`` or
        ``LfResource.columns(db, name, include=[...])``.
    :param tags: key to the one value the resource takes (Lake Formation attaches one
        value of a key to a resource). Keys of :class:`LfTag` constructs made in the app
        are created first. 1 to 50 tags.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        resource: LfResource,
        tags: Mapping[ILfTag | str, str],
    ) -> None:
        super().__init__(scope, id)
        note_child(self, scope, id)
        self._check(resource, tags)
        catalog_id = stack_of(self).account
        rendered = resource.render(catalog_id)
        if "TableWithColumns" in rendered:  # TagAssociation takes named columns only
            rendered["TableWithColumns"].pop("ColumnWildcard", None)
        self.cfn = lakeformation.CfnTagAssociation(
            self,
            "Resource",
            resource=jsii_props(rendered),
            lf_tags=[
                {"catalogId": catalog_id, "tagKey": _key(t), "tagValues": [value]}
                for t, value in tags.items()
            ],
        )
        tag_constructs = [t.cfn for t in tags if isinstance(t, LfTag)]
        if tag_constructs:
            node_of(self.cfn).add_dependency(*tag_constructs)

    def _check(self, resource: LfResource, tags: Mapping[ILfTag | str, str]) -> None:
        problems = (
            list(resource.problems())
            if isinstance(resource, LfResource)
            else [f"resource must be an LfResource, got {type(resource).__name__}"]
        )
        kinds = ("database", "table", "columns")
        if isinstance(resource, LfResource):
            if resource.kind not in kinds:
                problems.append(
                    f"LF-tags attach to a database, table or columns, not a {resource.kind}"
                )
            elif resource.kind == "table" and resource.table_name is None:
                problems.append(
                    "name the table: TableWildcard is deprecated in "
                    "TagAssociation (tag the database instead)"
                )
            elif resource.kind == "columns" and resource.column_names is None:
                problems.append(
                    "name the columns with include=[...]: TagAssociation takes ColumnNames only"
                )
        if not 1 <= len(tags) <= TAGS_PER_ASSOCIATION_MAX:
            problems.append(
                f"tags must hold 1 to {TAGS_PER_ASSOCIATION_MAX} LF-tags, got {len(tags)}"
            )
        for tag, value in tags.items():
            problems += _tag_problems(_key(tag), [value], 1)
            if isinstance(tag, LfTagBase) and tag.values is not None and value not in tag.values:
                problems.append(
                    f"LF-tag {tag.lf_tag_name!r} has no value {value!r}; "
                    f"its values: {list(tag.values)}"
                )
        raise_if_problems(self, problems)


def _key(tag: ILfTag | str) -> str:
    return tag.lf_tag_name if isinstance(tag, LfTagBase) else tag


class DataLakeLocation(Construct):
    """An S3 location registered with Lake Formation (``AWS::LakeFormation::Resource``).

    Lake Formation assumes the registration role to vend temporary credentials for the
    location (register-location.html). Registering takes a data lake administrator.

    :param bucket: the bucket.
    :param prefix: the prefix under it; a location is a bucket or a prefix, never an
        object. Default: the whole bucket.
    :param role: the role Lake Formation assumes. Default: a new role trusting
        ``lakeformation.amazonaws.com`` with read, write and delete on exactly the prefix
        and its key (registration-role.html's typical policy, scoped to the prefix).
    :param use_service_linked_role: register with Lake Formation's service-linked role
        instead of a role (not for cross-account locations, an ``aws/s3``-encrypted
        bucket or EMR: registration-role.html). Default: ``False``.
    :param hybrid_access: let IAM and Lake Formation permissions both apply to the
        location (``HybridAccessEnabled``). Default: ``False``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        bucket: s3.IBucket,
        prefix: str = "",
        role: iam.IRole | None = None,
        use_service_linked_role: bool = False,
        hybrid_access: bool = False,
    ) -> None:
        super().__init__(scope, id)
        note_child(self, scope, id)
        require_types(
            self,
            {
                "prefix": (prefix, str),
                "use_service_linked_role": (use_service_linked_role, bool),
                "hybrid_access": (hybrid_access, bool),
            },
        )
        problems = []
        if role is not None and use_service_linked_role:
            problems.append("give a role or use_service_linked_role=True, not both")
        # A location is a bucket or a prefix of it, never an object or a pattern
        # (access-control-underlying-data.html); the bucket comes from ``bucket``.
        if prefix.startswith(("/", "s3://")) or "*" in prefix:
            problems.append(
                f"prefix {prefix!r} must be a key prefix inside the bucket, e.g. 'raw/', "
                "with no leading '/', no 's3://' and no '*'"
            )
        raise_if_problems(self, problems)
        self.bucket = bucket
        self.prefix = prefix
        self.location = LfResource.data_location(bucket, prefix)
        self.role: iam.IRole | None = None
        if not use_service_linked_role:
            self.role = role or self._create_role()
        self.cfn = lakeformation.CfnResource(
            self,
            "Resource",
            resource_arn=self.location.location_arn(),
            use_service_linked_role=use_service_linked_role,
            role_arn=self.role.role_arn if self.role is not None else None,
            hybrid_access_enabled=hybrid_access or None,
        )

    def _create_role(self) -> iam.IRole:
        role = DocumentRole(
            self,
            "Role",
            assumed_by=service_principal(self, LAKE_FORMATION_SERVICE),
            description=f"Lake Formation location {node_path(self)}: read and write on it",
        )
        note_child(role, self, "Role")
        with one_document(role):
            add_s3_prefix_read_write(role, self.bucket, self.prefix)
        return role

    def grant_data_location_access(
        self, scope: Construct, id: str, principal: iam.IRole | iam.IGrantable | Any
    ) -> LakeFormationPermissions:
        """Let ``principal`` create or alter tables pointing here (``DATA_LOCATION_ACCESS``);
        a crawler writing tables of this location needs it."""
        grant = LakeFormationPermissions(
            scope,
            id,
            principal=principal,
            resource=self.location,
            permissions=[LfPermission.DATA_LOCATION_ACCESS],
        )
        node_of(grant.cfn).add_dependency(self.cfn)
        return grant
