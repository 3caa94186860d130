"""Names and ARNs of DataBrew resources, shared by every DataBrew construct: built and
split in one place.

The resource types are the words of DataBrew's IAM reference ("Actions, resources, and
condition keys for AWS Glue DataBrew"): ``arn:${Partition}:databrew:${Region}:${Account}:
<type>/${ResourceId}``.
"""

from __future__ import annotations

from aws_cdk import Names, Stack, Token
from constructs import IConstruct

from glueforge.core.arns import arn_resource_name
from glueforge.core.errors import child_path, raise_if_problems, require_types
from glueforge.core.vocabulary import GlueWord

# DataBrew names: the CloudFormation schemas allow 255 characters; job names 240 (the
# DataBrew API's limit for jobs), so the shorter one is used for every generated name.
DATABREW_NAME_MAX = 240


class DataBrewResource(GlueWord):
    """The resource type in a DataBrew ARN (the ones glueforge declares)."""

    DATASET = "dataset"
    JOB = "job"
    RECIPE = "recipe"
    RULESET = "ruleset"
    SCHEDULE = "schedule"


def generated_name(scope: IConstruct) -> str:
    """A name unique in the account and region, from the construct path."""
    return Names.unique_resource_name(scope, max_length=DATABREW_NAME_MAX, separator="-")


def databrew_arn(scope: IConstruct, resource: DataBrewResource | str, name: str) -> str:
    """``arn:<partition>:databrew:<region>:<account>:<resource>/<name>`` in the stack of
    ``scope``."""
    return Stack.of(scope).format_arn(
        service="databrew", resource=DataBrewResource(resource).value, resource_name=name
    )


def databrew_arn_name(
    scope: IConstruct, id: str, arn: str, resource: DataBrewResource | str
) -> str:
    """The name in a DataBrew ``resource`` ARN; a token passes through to CloudFormation's
    own split.

    Raises :class:`~glueforge.core.errors.GlueforgeValidationError` naming ``<scope>/<id>``
    when ``arn`` is a string that is not such an ARN.
    """
    resource = DataBrewResource(resource).value
    return arn_resource_name(
        scope,
        id,
        arn,
        service="databrew",
        resource=resource,
        expected=f"expected 'arn:<partition>:databrew:<region>:<account>:{resource}/<name>', "
        f"e.g. 'arn:aws:databrew:us-east-1:123456789012:{resource}/my-{resource}'",
        # DataBrew ARNs name their partition, region and account.
        require_location=True,
    )


def check_import(
    scope: IConstruct, id: str, resource: DataBrewResource, name: str, arn: str | None
) -> None:
    """Raise unless ``name`` (and ``arn``, when given) can import a DataBrew ``resource``:
    a name that is not empty, and an ARN of that resource type that carries that name."""
    label = f"{resource.value}_name"
    path = child_path(scope, id)
    require_types(path, {label: (name, str), f"{resource.value}_arn": (arn, (str, None))})
    problems = [] if name else [f"{label} must not be empty, e.g. 'my-{resource.value}'"]
    if arn is not None:
        in_arn = databrew_arn_name(scope, id, arn, resource)
        if not (Token.is_unresolved(arn) or Token.is_unresolved(name)) and in_arn != name:
            problems.append(f"{label} {name!r} is not the name in {resource.value}_arn {arn!r}")
    raise_if_problems(path, problems)


def name_problems(label: str, name: str | None) -> list[str]:
    if name is not None and not 1 <= len(name) <= DATABREW_NAME_MAX:
        return [f"{label} must be 1-{DATABREW_NAME_MAX} characters, got {len(name)} ({name!r})"]
    return []
