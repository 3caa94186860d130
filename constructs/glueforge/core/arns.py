"""ARNs of the things glueforge grants on and imports: built and split in one place.

Every ARN comes from ``Stack.of(scope).format_arn``, never from an ``arn:aws:`` string, so
an app works in every partition (GovCloud and China included); each stack builds each
ARN once (:func:`glueforge.core.stack_cache.format_arn`), however often it is granted on.
The Glue resource types are the words of Glue's IAM reference ("Resource types defined by
AWS Glue").
"""

from __future__ import annotations

from aws_cdk import ArnFormat, Token
from constructs import IConstruct

from glueforge.core.errors import child_path, raise_if_problems, require_types
from glueforge.core.limits import catalog_name_problems
from glueforge.core.stack_cache import format_arn, stack_of
from glueforge.core.vocabulary import GlueWord


class GlueArnResource(GlueWord):
    """The resource type in a Glue ARN: ``arn:<partition>:glue:<region>:<account>:<type>/...``."""

    CATALOG = "catalog"
    DATABASE = "database"
    TABLE = "table"
    CONNECTION = "connection"
    JOB = "job"
    CRAWLER = "crawler"
    TRIGGER = "trigger"
    WORKFLOW = "workflow"


def glue_arn(scope: IConstruct, resource: GlueArnResource | str, name: str | None = None) -> str:
    """The ARN of the Glue ``resource`` called ``name`` in the stack of ``scope``.

    :param name: Default: none, for the one resource of its type (``catalog``).
    """
    return format_arn(
        scope, service="glue", resource=GlueArnResource(resource).value, resource_name=name
    )


def catalog_arn(scope: IConstruct) -> str:
    """The ARN of the account's Data Catalog, which Glue authorizes on every catalog call."""
    return glue_arn(scope, GlueArnResource.CATALOG)


def table_arn(scope: IConstruct, database_name: str, table_name: str) -> str:
    """ARN of a catalog table (``table/<db>/<table>``; ``<table>`` may end in ``*``).

    Raises :class:`~glueforge.core.errors.GlueforgeValidationError` naming ``scope`` (the
    database) when a name would make the ARN reach other tables (e.g. an imported
    database called ``sales*``).
    """
    raise_if_problems(
        scope,
        catalog_name_problems("database name", database_name)
        + catalog_name_problems("table name", table_name, trailing_wildcard=True),
    )
    return glue_arn(scope, GlueArnResource.TABLE, f"{database_name}/{table_name}")


def glue_arn_name(scope: IConstruct, id: str, arn: str, resource: GlueArnResource | str) -> str:
    """The name in a Glue ``resource`` ARN (``arn:<partition>:glue:<region>:<account>:
    <resource>/<name>``); a token passes through to CloudFormation's own split.

    Raises :class:`~glueforge.core.errors.GlueforgeValidationError` naming ``<scope>/<id>``
    when ``arn`` is a string that is not such an ARN.
    """
    resource = GlueArnResource(resource).value
    return arn_resource_name(
        scope,
        id,
        arn,
        service="glue",
        resource=resource,
        expected=f"expected e.g. 'arn:aws:glue:us-east-1:123456789012:{resource}/my-{resource}'",
    )


def arn_resource_name(
    scope: IConstruct,
    id: str,
    arn: str,
    *,
    service: str,
    resource: str,
    expected: str,
    require_location: bool = False,
) -> str:
    """The name in a ``<service>`` ARN of the form ``...:<resource>/<name>``; a token
    passes through to CloudFormation's own split.

    :param expected: what the error says a valid ARN looks like.
    :param require_location: refuse an ARN with no partition, region or account.
    """
    prop = f"{resource}_arn"
    require_types(child_path(scope, id), {prop: (arn, str)})
    if Token.is_unresolved(arn):
        return stack_of(scope).split_arn(arn, ArnFormat.SLASH_RESOURCE_NAME).resource_name  # type: ignore[return-value]
    parts = arn.split(":", 5)
    prefix = f"{resource}/"
    if (
        len(parts) != 6
        or parts[0] != "arn"
        or parts[2] != service
        or (require_location and not all(parts[1:5]))
        or not parts[5].startswith(prefix)
        or len(parts[5]) == len(prefix)
    ):
        label = _SERVICE_LABELS.get(service, service)
        raise_if_problems(
            child_path(scope, id), [f"{prop} {arn!r} is not a {label} {resource} ARN; {expected}"]
        )
    return parts[5][len(prefix) :]


_SERVICE_LABELS = {"glue": "Glue", "databrew": "DataBrew"}


def log_group_arn(scope: IConstruct, log_group_name: str, stream: str | None = None) -> str:
    """ARN of a CloudWatch Logs group, or of the streams in it matching ``stream``."""
    resource_name = log_group_name if stream is None else f"{log_group_name}:log-stream:{stream}"
    return format_arn(
        scope,
        service="logs",
        resource="log-group",
        resource_name=resource_name,
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )
