"""Acknowledged cdk-nag findings, each with the written reason it is right.

glueforge acknowledges a rule only where the finding is a false positive or a deliberate,
documented trade-off. Every acknowledgment goes through :func:`acknowledge`, which refuses
a missing or token-length reason, so a suppression can never be silent.
"""

from __future__ import annotations

import re

from aws_cdk import Acknowledgment, Validations
from constructs import IConstruct

from glueforge.core.errors import raise_if_problems

MIN_REASON_LENGTH = 10


def acknowledge(scope: IConstruct, rule_id: str, reason: str) -> None:
    """Acknowledge the cdk-nag finding ``rule_id`` on ``scope`` and its children.

    :param rule_id: the finding, as cdk-nag prints it, e.g. ``AwsSolutions-S1`` or
        ``AwsSolutions-IAM5[Resource::*]``.
    :param reason: why the finding is right here; at least 10 characters.
    """
    problems = []
    if not rule_id or not rule_id.strip():
        problems.append("acknowledge needs a rule id such as 'AwsSolutions-S1', got an empty one")
    if len((reason or "").strip()) < MIN_REASON_LENGTH:
        problems.append(
            f"acknowledging {rule_id!r} needs a written reason of at least "
            f"{MIN_REASON_LENGTH} characters, got {reason!r}"
        )
    raise_if_problems(scope, problems)
    Validations.of(scope).acknowledge(
        Acknowledgment(id=qualified_rule_id(rule_id), reason=reason.strip())
    )


def acknowledge_all(scope: IConstruct, reasons: dict[str, str]) -> None:
    """Acknowledge several findings on ``scope`` at once: ``{rule id: reason}``.

    One ``Validations.of(scope).acknowledge(...)`` call for all of them, where glueforge
    acknowledges many findings on one role at synth.
    """
    problems = [
        f"acknowledging {rule!r} needs a written reason of at least {MIN_REASON_LENGTH} "
        f"characters, got {reason!r}"
        for rule, reason in reasons.items()
        if len((reason or "").strip()) < MIN_REASON_LENGTH
    ]
    raise_if_problems(scope, problems)
    if reasons:
        Validations.of(scope).acknowledge(
            *(
                Acknowledgment(id=qualified_rule_id(rule), reason=reason.strip())
                for rule, reason in reasons.items()
            )
        )


def qualified_rule_id(rule_id: str) -> str:
    """``AwsSolutions-S1`` -> ``AwsSolutions::AwsSolutions-S1``.

    aws-cdk-lib files an id without a ``<plugin>::`` prefix as an annotation rule; cdk-nag
    honours both, but lists only plugin-qualified acknowledgments in the validation
    report, which is where ``glueforge check`` and the tests read them back.
    """
    if "::" in rule_id.split("[", 1)[0]:
        return rule_id
    return f"{rule_id.split('-', 1)[0]}::{rule_id}"


def iam5_resource_finding(scope: IConstruct, resource: str) -> str:
    """The cdk-nag finding id for a wildcard ``resource`` in an IAM policy of ``scope``.

    cdk-nag names ``{"Fn::GetAtt": ["Table", "Arn"]}`` as ``<Table.Arn>`` and
    ``{"Ref": "AWS::Partition"}`` as ``<AWS::Partition>``; this renders a (tokenized) ARN
    the same way, so an acknowledgment matches exactly one resource pattern.
    """
    from aws_cdk import Stack

    return f"AwsSolutions-IAM5[Resource::{nag_resource_text(Stack.of(scope).resolve(resource))}]"


def nag_resource_text(value: object) -> str:
    """A resolved ARN the way cdk-nag prints it: ``<Logical.Arn>``, ``<AWS::Region>``."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Ref" in value:
        return f"<{value['Ref']}>"
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return f"<{'.'.join(value['Fn::GetAtt'])}>"
    if isinstance(value, dict) and isinstance(value.get("Fn::Sub"), str):
        return re.sub(r"\$\{([^}]+)\}", r"<\1>", value["Fn::Sub"])
    if isinstance(value, dict) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return separator.join(nag_resource_text(part) for part in parts)
    raise ValueError(f"cannot render {value!r} as cdk-nag does")
