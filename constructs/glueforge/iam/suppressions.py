"""Acknowledged cdk-nag findings, each with the written reason it is right.

glueforge acknowledges a rule only where the finding is a false positive or a deliberate,
documented trade-off. Every acknowledgment goes through :func:`acknowledge`, which refuses
a missing or token-length reason, so a suppression can never be silent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aws_cdk import Acknowledgment, Stack, Validations
from aws_cdk import aws_iam as iam
from constructs import IConstruct

from glueforge.core.errors import raise_if_problems
from glueforge.core.singletons import stack_state
from glueforge.iam.deferred import defer

MIN_REASON_LENGTH = 10
# cdk-nag's finding for a Lambda function whose role has AWS's managed basic execution
# policy: aws-cdk-lib's own singleton functions (custom resource providers) all do.
LAMBDA_BASIC_EXECUTION_FINDING = (
    "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
    "AWSLambdaBasicExecutionRole]"
)


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


# ---- wildcards in glueforge's own grants ------------------------------------------------

_LEDGER = "_glueforge_wildcards"


def acknowledge_resource_wildcards(
    grantee: iam.IGrantable, resources: Sequence[str], reason: str
) -> None:
    """Acknowledge cdk-nag's IAM5 finding for each of ``resources``, exactly as it reports it.

    The finding names the resource by its logical ids, so it is computed at synth: one
    resolve for the whole stack, one acknowledgment call per role
    (:mod:`glueforge.iam.deferred`). A grantee with no construct (a bare principal) has
    nothing to acknowledge on, and is skipped.
    """
    scope = _principal_construct(grantee)
    if scope is None:
        return
    ledger = stack_state(scope, _LEDGER, _start_ledger)
    ledger.extend((scope, resource, reason) for resource in resources)


def _start_ledger(stack: Stack) -> list[tuple[IConstruct, str, str]]:
    ledger: list[tuple[IConstruct, str, str]] = []
    defer(stack, lambda s: _acknowledge_ledger(s, ledger))
    return ledger


def _acknowledge_ledger(stack: Stack, ledger: list[tuple[IConstruct, str, str]]) -> None:
    resolved = stack.resolve([resource for _, resource, _ in ledger])
    by_scope: dict[int, tuple[IConstruct, dict[str, str]]] = {}
    for (scope, _, reason), value in zip(ledger, resolved, strict=True):
        finding = f"AwsSolutions-IAM5[Resource::{nag_resource_text(value)}]"
        by_scope.setdefault(id(scope), (scope, {}))[1].setdefault(finding, reason)
    for scope, reasons in by_scope.values():
        acknowledge_all(scope, reasons)


def _principal_construct(grantee: iam.IGrantable) -> IConstruct | None:
    # An owned role is a Python Construct: isinstance needs no jsii round trip.
    if isinstance(grantee, iam.Role):
        return grantee
    principal = grantee.grant_principal
    return principal if hasattr(principal, "node") else None  # type: ignore[return-value]


# ---- aws-cdk-lib's own singleton functions ------------------------------------------------


def acknowledge_basic_execution_policy(function: IConstruct, what: str) -> None:
    """Acknowledge IAM4 for AWS's managed basic execution policy on ``function``.

    :param what: the aws-cdk-lib function, as the reason names it, e.g.
        ``"aws-cdk-lib's BucketDeployment function"``.
    """
    acknowledge(
        function,
        LAMBDA_BASIC_EXECUTION_FINDING,
        f"{what} logs with the AWS managed basic execution policy; it only writes its own "
        "CloudWatch logs.",
    )


# The construct id of aws-cdk-lib's one-per-stack Lambda that writes bucket notification
# configurations (aws-s3 ``NotificationsResourceHandler``).
NOTIFICATIONS_HANDLER_ID = "BucketNotificationsHandler050a0587b7544547bf325f094a3db834"


def acknowledge_notifications_handler(scope: IConstruct) -> None:
    """Acknowledge IAM4 on aws-cdk-lib's bucket-notifications handler in ``scope``'s stack.

    aws-cdk-lib creates that handler the first time a bucket of the stack gets an event
    notification (a crawler's event mode, a pipeline's S3 event source); call this after
    adding one. Without a handler in the stack it does nothing.
    """
    handler = Stack.of(scope).node.try_find_child(NOTIFICATIONS_HANDLER_ID)
    if handler is None:
        return
    acknowledge_basic_execution_policy(handler, "aws-cdk-lib's bucket-notifications handler")
