"""One policy document per role, built in Python: glueforge's grants to a role it builds.

Each IAM statement granted through node is a jsii round trip (``iam.Grant.add_to_principal``),
and for a Python-implemented principal node calls back into Python for it. A glueforge
constructor that builds a role (a job's, a crawler's, a DataBrew job's, a
:class:`~glueforge.iam.placement.RolePolicy` for a role of another stack) grants it a dozen
statements or more. Inside :func:`one_document` those statements wait in Python, in the
order granted, and reach node as one ``iam.PolicyDocument.from_json`` when the block ends:

- **A role:** glueforge builds it as a :class:`DocumentRole`, an ``iam.Role`` that makes
  its ``DefaultPolicy`` itself, as aws-cdk-lib's ``Role.addToPrincipalPolicy`` does
  (``new Policy(role, 'DefaultPolicy')`` attached to the role) but with ``document=`` the
  document. Later statements, from Python or node, go to that policy one by one, as
  aws-cdk-lib's role would add them.
- **A RolePolicy:** its ``iam.Policy`` is made then, with ``document=`` the document.

If a user's property injector for ``iam.Policy`` replaced the document, the statements
follow the injector's one by one. A role whose ``DefaultPolicy`` aws-cdk-lib would treat
differently is a plain ``iam.Role`` in all but name: statements one by one through node,
when the stack minimizes policies (``@aws-cdk/aws-iam:minimizePolicies``), customizes roles
(``iam.Role.customize_roles``), or the document is large enough that aws-cdk-lib would split
it into overflow managed policies (estimated as aws-cdk-lib does). A role whose document
landed in Python and then receives more than that later is not split (aws-cdk-lib's split
reads the role's private default policy).

Nothing waits past the block: its end flushes, and so does anything that reads the policy
(:func:`~glueforge.iam.placement.grant_policies`) or grants through node in the meantime.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aws_cdk import FeatureFlags, Stack
from aws_cdk import aws_iam as iam

from glueforge.core.errors import GlueforgeValidationError
from glueforge.core.singletons import stack_state

_ATTRIBUTE = "_glueforge_document"
_STACK = "_glueforge_document_stack"
_MINIMIZE = "@aws-cdk/aws-iam:minimizePolicies"
_CUSTOMIZE_ROLES = "@aws-cdk/iam:customizeRoles"
_ARN_SIZE_ESTIMATE = "@aws-cdk/aws-iam.arnSizeEstimate"
DEFAULT_POLICY_ID = "DefaultPolicy"
#: aws-cdk-lib's ``MAX_INLINE_SIZE`` (aws-iam/lib/role.ts): a default policy this large is
#: split into overflow managed policies
_SPLIT_SIZE = 10_000
#: aws-cdk-lib's ``DEFAULT_ARN_SIZE_ESTIMATE`` (aws-iam/lib/policy-statement.ts)
_DEFAULT_ARN_ESTIMATE = 150
_ACTION_ESTIMATE = 20

# How many documents are open: with none open (outside glueforge's constructors) a grant
# looks nothing up.
_open = [0]


@dataclass
class _Document:
    """The statements waiting for one principal, in grant order."""

    statements: list[dict[str, Any]] = field(default_factory=list)
    #: per statement, the aws-cdk-lib grant to run after the document lands (its side
    #: effects beyond the principal's statement, e.g. a key policy), or None
    replays: list[Callable[[], object] | None] = field(default_factory=list)
    landing: bool = False


class DocumentRole(iam.Role):
    """An ``iam.Role`` whose ``DefaultPolicy`` can be made with a whole document at once.

    Takes ``iam.Role``'s props. Outside :func:`one_document` it is an ``iam.Role``.
    """

    #: the DefaultPolicy made from a document (None: aws-cdk-lib's own, or none yet)
    _document_policy: iam.Policy | None = None
    #: whether aws-cdk-lib's Role has a statement (then its own DefaultPolicy holds them)
    _node_policy = False
    #: the DefaultPolicy's size as aws-cdk-lib estimates it, once made from a document
    _document_size = 0

    def add_to_principal_policy(
        self, statement: iam.PolicyStatement
    ) -> iam.AddToPrincipalPolicyResult:
        # A grant through node or Python: the statements waiting in Python go first.
        flush(self)
        policy = self._document_policy
        if policy is None:
            self._node_policy = True
            return super().add_to_principal_policy(statement)
        self._count_late_statement(statement)
        policy.add_statements(statement)
        return iam.AddToPrincipalPolicyResult(statement_added=True, policy_dependable=policy)

    def _count_late_statement(self, statement: iam.PolicyStatement) -> None:
        """aws-cdk-lib splits a DefaultPolicy it made past its size limit into overflow
        managed policies; it cannot split one made from a document (it only looks at its
        own). So a grant after the document that would take the policy past that limit is
        refused here, rather than left to fail at deploy time (IAM's inline limit)."""
        rendered = statement.to_statement_json()
        lists = {
            key: [rendered[key]] if isinstance(rendered.get(key), str) else rendered.get(key, [])
            for key in ("Action", "Resource")
        }
        if rendered.get("Condition"):
            lists["Condition"] = rendered["Condition"]
        facts = stack_state(self, _STACK, _StackFacts.of)
        self._document_size += _estimated_size([lists], facts.arn_estimate)
        if self._document_size < _SPLIT_SIZE:
            return
        raise GlueforgeValidationError(
            self,
            [
                f"a grant of {lists['Action']} on {lists['Resource']} takes this role's "
                f"DefaultPolicy to about {self._document_size} characters (aws-cdk-lib's "
                f"estimate), past the {_SPLIT_SIZE} at which aws-cdk-lib splits a policy; "
                "glueforge made this policy in one piece and cannot split it, so give the "
                "construct a role of your own (role=...), which aws-cdk-lib splits, or grant "
                "fewer statements to this one"
            ],
        )

    def known_policies(self) -> list[iam.Policy] | None:
        """Its policies, when known without asking node: glueforge builds a DocumentRole
        in a constructor, and only aws-cdk-lib's Role (through a statement granted before
        any document, noted) or a document makes an ``iam.Policy`` in it there."""
        if self._node_policy:
            return None
        return [self._document_policy] if self._document_policy is not None else []

    def receive_document(self, document: _Document) -> None:
        """Make the DefaultPolicy with the document, or (where aws-cdk-lib would treat its
        default policy differently) grant the statements one by one through node."""
        if not document.statements:
            return
        facts = stack_state(self, _STACK, _StackFacts.of)
        if _estimated_size(document.statements, facts.arn_estimate) >= _SPLIT_SIZE:
            grant_one_by_one(self, document, 0)
            return
        made = iam.PolicyDocument.from_json(document_json(document))
        self._document_size = _estimated_size(document.statements, facts.arn_estimate)
        # What Role.addToPrincipalPolicy does: new Policy(this, 'DefaultPolicy') and
        # attachInlinePolicy (Policy's roles= attaches it the same way).
        policy = iam.Policy(self, DEFAULT_POLICY_ID, document=made, roles=[self])
        self._document_policy = policy
        if kept_document(policy, made):
            run_replays(document)
        else:  # a user's property injector replaced the document: one by one after it
            grant_one_by_one(self, document, 0)


@contextmanager
def one_document(grantee: iam.IGrantable) -> Iterator[None]:
    """Collect glueforge's grants to ``grantee`` in Python until the block ends.

    :param grantee: a :class:`DocumentRole` or a RolePolicy (or a grantee whose principal
        is one); anything else is granted as before, statement by statement.
    """
    opened = open_document(grantee)
    try:
        yield
    finally:
        if opened:
            flush(grantee)


def add_statement(
    grantee: iam.IGrantable,
    actions: Sequence[str],
    resources: Sequence[str],
    conditions: Mapping[str, Any] | None = None,
    *,
    replay: Callable[[], object] | None = None,
) -> bool:
    """Put the statement in ``grantee``'s open document; False when none is open.

    :param replay: the aws-cdk-lib grant this statement stands for, run after the document
        lands (its principal statement is then a duplicate, rendered once).
    """
    document = _document_of(grantee)
    if document is None:
        return False
    statement: dict[str, Any] = {"Action": list(actions), "Resource": list(resources)}
    if conditions:
        statement["Condition"] = dict(conditions)
    document.statements.append(statement)
    document.replays.append(replay)
    return True


def is_collecting(grantee: iam.IGrantable) -> bool:
    """Whether ``grantee``'s statements wait in Python now (not yet handed to node)."""
    return _document_of(grantee) is not None


def flush(grantee: iam.IGrantable) -> None:
    """Hand ``grantee``'s waiting statements to node now; later grants go there directly."""
    document = _document_of(grantee)
    if document is None:
        return
    principal = _principal(grantee)
    # Landing: grants made meanwhile (the fallback's, node's callbacks) go to node.
    document.landing = True
    try:
        principal.receive_document(document)
    finally:
        setattr(principal, _ATTRIBUTE, None)
        _open[0] -= 1


def document_json(document: _Document) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": document.statements}


def grant_one_by_one(principal: iam.IGrantable, document: _Document, start: int) -> None:
    """The statements from ``start`` on, each granted through node (the fallback)."""
    for statement, replay in zip(
        document.statements[start:], document.replays[start:], strict=True
    ):
        if replay is not None:
            replay()
        else:
            iam.Grant.add_to_principal(
                grantee=principal,
                actions=statement["Action"],
                resource_arns=statement["Resource"],
                conditions=statement.get("Condition"),
            )


def kept_document(policy: iam.Policy, made: iam.PolicyDocument) -> bool:
    """Whether ``policy`` has the document ``made`` (not one a user's property injector
    set). jsii hands back a new proxy for an object a static method made (``from_json``),
    so the node objects are compared by their jsii reference."""
    return policy.document.__jsii_ref__.ref == made.__jsii_ref__.ref


def run_replays(document: _Document) -> None:
    for replay in document.replays:
        if replay is not None:
            replay()


def _estimated_size(statements: list[dict[str, Any]], arn_estimate: int) -> int:
    """The size aws-cdk-lib's ``PolicyStatement._estimateSize`` gives the statements, all
    counted (a duplicate too: an overestimate only falls back more often)."""
    size = 0
    for statement in statements:
        size += len('"Effect": "Allow",')
        for key, estimate in (("Action", _ACTION_ESTIMATE), ("Resource", arn_estimate)):
            values = statement[key]
            if values:
                size += len(key) + 5
                size += sum((estimate if "${Token[" in v else len(v)) + 3 for v in values)
        conditions = statement.get("Condition")
        size += len(json.dumps(conditions or {}, separators=(",", ":"), ensure_ascii=False))
    return size


def _principal(grantee: iam.IGrantable) -> Any:
    if hasattr(grantee, "receive_document"):
        return grantee
    return grantee.grant_principal


def _document_of(grantee: iam.IGrantable) -> _Document | None:
    if not _open[0]:
        return None
    document = getattr(grantee, _ATTRIBUTE, None)
    if document is None and not hasattr(grantee, "receive_document"):
        document = getattr(grantee.grant_principal, _ATTRIBUTE, None)
    return None if document is None or document.landing else document


def open_document(grantee: iam.IGrantable) -> bool:
    """Start collecting ``grantee``'s statements (see :func:`one_document`); the caller
    must :func:`flush` before its constructor returns. True if a document was opened."""
    if _document_of(grantee) is not None:
        return False  # already open: the outer block flushes
    principal = _principal(grantee)
    if isinstance(principal, DocumentRole):
        if principal._document_policy is not None or principal._node_policy:
            return False  # its DefaultPolicy exists: statements go there
        if not _document_allowed(principal):
            return False
    elif hasattr(principal, "receive_document") and principal.policy is None:  # RolePolicy
        if stack_state(principal, _STACK, _StackFacts.of).minimize:
            return False
    else:
        return False
    setattr(principal, _ATTRIBUTE, _Document())
    _open[0] += 1
    return True


def _document_allowed(role: DocumentRole) -> bool:
    facts = stack_state(role, _STACK, _StackFacts.of)
    return not (facts.minimize or facts.customize_roles)


@dataclass
class _StackFacts:
    """Read once per stack: what makes aws-cdk-lib treat a role's default policy apart."""

    minimize: bool
    customize_roles: bool
    arn_estimate: int

    @classmethod
    def of(cls, stack: Stack) -> _StackFacts:
        estimate = stack.node.try_get_context(_ARN_SIZE_ESTIMATE)
        return cls(
            minimize=bool(FeatureFlags.of(stack).is_enabled(_MINIMIZE)),
            customize_roles=stack.node.try_get_context(_CUSTOMIZE_ROLES) is not None,
            arn_estimate=estimate if isinstance(estimate, int) else _DEFAULT_ARN_ESTIMATE,
        )
