"""Names and ARNs of DataBrew resources, shared by every DataBrew construct."""

from __future__ import annotations

from aws_cdk import Names, Stack
from constructs import IConstruct

# DataBrew names: the CloudFormation schemas allow 255 characters; job names 240 (the
# DataBrew API's limit for jobs), so the shorter one is used for every generated name.
DATABREW_NAME_MAX = 240


def generated_name(scope: IConstruct) -> str:
    """A name unique in the account and region, from the construct path."""
    return Names.unique_resource_name(scope, max_length=DATABREW_NAME_MAX, separator="-")


def databrew_arn(scope: IConstruct, resource: str, name: str) -> str:
    """``arn:<partition>:databrew:<region>:<account>:<resource>/<name>``."""
    return Stack.of(scope).format_arn(service="databrew", resource=resource, resource_name=name)


def name_problems(label: str, name: str | None) -> list[str]:
    if name is not None and not 1 <= len(name) <= DATABREW_NAME_MAX:
        return [f"{label} must be 1-{DATABREW_NAME_MAX} characters, got {len(name)} ({name!r})"]
    return []
