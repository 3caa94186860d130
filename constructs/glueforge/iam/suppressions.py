"""Acknowledged cdk-nag findings, each with the written reason it is right.

glueforge acknowledges a rule only where the finding is a false positive or a deliberate,
documented trade-off. Every acknowledgment goes through :func:`acknowledge`, which refuses
a missing or token-length reason, so a suppression can never be silent.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from aws_cdk import Acknowledgment, Stack, Validations
from aws_cdk import aws_iam as iam
from constructs import IConstruct

from glueforge.core.errors import raise_if_problems
from glueforge.core.rule_ids import cdk_parses_rule_id, qualified_rule_id, split_rule_id
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
        ``AwsSolutions-IAM5[Resource::*]``. Any finding cdk-nag prints is accepted,
        including one naming an S3 key with a ``)`` in it.
    :param reason: why the finding is right here; at least 10 characters.
    """
    problems = []
    if not rule_id or not rule_id.strip():
        problems.append("acknowledge needs a rule id such as 'AwsSolutions-S1', got an empty one")
    problems += _reason_problems({rule_id: reason})
    raise_if_problems(scope, problems)
    acknowledge_all(scope, {rule_id: reason})


def acknowledge_all(scope: IConstruct, reasons: dict[str, str]) -> None:
    """Acknowledge several findings on ``scope`` at once: ``{rule id: reason}``.

    One ``Validations.of(scope).acknowledge(...)`` call for all of them, where glueforge
    acknowledges many findings on one role at synth.

    aws-cdk-lib refuses an id it cannot parse (:mod:`glueforge.core.rule_ids`), with a
    raw ``InvalidValidationId`` error, and would refuse it again when it matches the
    finding to the acknowledgment. Such an id is written to the construct's metadata in
    the form cdk-nag reads itself (unqualified, under aws-cdk-lib's acknowledgment key):
    cdk-nag then drops the finding before aws-cdk-lib sees it.
    """
    raise_if_problems(scope, _reason_problems(reasons))
    parsed = {qualified_rule_id(rule): reason.strip() for rule, reason in reasons.items()}
    unparsed = {
        split_rule_id(rule)[1]: parsed.pop(rule)
        for rule in list(parsed)
        if not cdk_parses_rule_id(rule)
    }
    if parsed:
        Validations.of(scope).acknowledge(
            *(Acknowledgment(id=rule, reason=reason) for rule, reason in parsed.items())
        )
    if unparsed:
        scope.node.add_metadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, unparsed)


def _reason_problems(reasons: dict[str, str]) -> list[str]:
    return [
        f"acknowledging {rule!r} needs a written reason of at least {MIN_REASON_LENGTH} "
        f"characters, got {reason!r}"
        for rule, reason in reasons.items()
        if len((reason or "").strip()) < MIN_REASON_LENGTH
    ]


def nag_resource_text(value: object) -> str:
    """A resolved policy resource, as cdk-nag 3.0.2 prints it in an IAM5 finding.

    A port of cdk-nag's ``flattenCfnReference`` (``src/utils/flatten-cfn-reference.ts``),
    form by form, so an acknowledgment matches however the ARN arrives:

    - a string: as is, with ``${`` read as ``<`` and ``}`` as ``>`` (for ``Fn::Sub``);
    - ``Fn::Join``: its parts, each flattened, joined by its delimiter;
    - ``Fn::Sub``: its template string (a ``[template, variables]`` pair: the fallback);
    - ``Fn::GetAtt``: ``<Resource.Attribute>``, e.g. ``<LakeBucket1234.Arn>``, or
      ``<Nested.NestedStackResource.Outputs.X>`` for an output of a nested stack;
    - ``Fn::ImportValue`` (a sibling stack's export): the export name it imports, e.g.
      ``Foundation:ExportsOutputFnGetAttLakeBucket1234Arn5678``;
    - ``Ref``: ``<Name>``, e.g. ``<AWS::Partition>``, ``<BucketNameParameter>``, or
      ``<referencetoLakeBucketArn>`` for the parameter a nested stack receives;
    - anything else (``Fn::Select``, ``Fn::Split``, ``Fn::If``, a number): compact JSON,
      as JavaScript's ``JSON.stringify`` writes it.

    Like cdk-nag, an intrinsic is recognised by a truthy value under its key, in the
    order above.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("${", "<").replace("}", ">")
    if isinstance(value, dict):
        if _js_truthy(value.get("Fn::Join")):
            delimiter, items = value["Fn::Join"]
            return nag_resource_text(delimiter).join(nag_resource_text(i) for i in items)
        if _js_truthy(value.get("Fn::Sub")):
            return nag_resource_text(value["Fn::Sub"])
        if _js_truthy(value.get("Fn::GetAtt")):
            # JavaScript's `const [resource, attribute] = ...`: the first two, or undefined.
            parts = [*value["Fn::GetAtt"], None, None]
            return f"<{nag_resource_text(parts[0])}.{nag_resource_text(parts[1])}>"
        if _js_truthy(value.get("Fn::ImportValue")):
            return nag_resource_text(value["Fn::ImportValue"])
        if _js_truthy(value.get("Ref")):
            return f"<{nag_resource_text(value['Ref'])}>"
    return _js_json(value)


def _js_truthy(value: object) -> bool:
    # JavaScript's `!!value`: an empty list or object is true there, unlike in Python.
    if isinstance(value, (list, dict)):
        return True
    return bool(value) and value == value  # NaN is false in JavaScript too


def _js_json(value: object) -> str:
    """``JSON.stringify(value)``: compact, non-ASCII kept, whole floats without ``.0``."""

    def plain(item: object) -> object:
        if isinstance(item, float) and item.is_integer():
            return int(item)
        if isinstance(item, dict):
            return {key: plain(v) for key, v in item.items()}
        if isinstance(item, list):
            return [plain(v) for v in item]
        return item

    return json.dumps(plain(value), separators=(",", ":"), ensure_ascii=False)


# ---- wildcards in glueforge's own grants ------------------------------------------------

_LEDGER = "_glueforge_wildcards"


def acknowledge_resource_wildcards(
    grantee: iam.IGrantable,
    resources: Sequence[str],
    reason: str,
    *,
    scope: IConstruct | None = None,
) -> None:
    """Acknowledge cdk-nag's IAM5 finding for each of ``resources``, exactly as it reports it.

    The finding names the resource as the finished template does: by logical ids in its
    own stack, by the export name (``Fn::ImportValue``) of a sibling stack's resource, by
    the parameter (``Ref``) a nested stack receives. aws-cdk-lib settles those
    cross-stack forms only when it prepares the app for synth, after every aspect has
    run, so the findings are computed then (:mod:`glueforge.iam.deferred`): one resolve
    for the whole stack, one acknowledgment call per construct.

    :param scope: the construct whose policy holds the statements (the acknowledgment
        covers it and its children). Default: the grantee's principal, which holds its
        own policy (a role's DefaultPolicy). A grantee with no construct (a bare
        principal) then has nothing to acknowledge on, and is skipped.
    """
    target = scope if scope is not None else _principal_construct(grantee)
    if target is None:
        return
    ledger = stack_state(target, _LEDGER, _start_ledger)
    ledger.extend((target, resource, reason) for resource in resources)


def _start_ledger(stack: Stack) -> list[tuple[IConstruct, str, str]]:
    ledger: list[tuple[IConstruct, str, str]] = []
    defer(stack, lambda s: _acknowledge_ledger(s, ledger))
    return ledger


def _acknowledge_ledger(stack: Stack, ledger: list[tuple[IConstruct, str, str]]) -> None:
    # Resolved in the stack of the policy, as cdk-nag resolves the policy document.
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
