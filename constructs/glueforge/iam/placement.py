"""Where a construct's grants to a role it was given land: the one rule, applied once.

A glueforge construct that takes a role (``EtlJob(role=...)``, ``Crawler(role=...)``,
``RecipeJob(role=...)``, ...) grants that role what the construct needs: its files, its
logs, what its specs or targets read and write. Where those grants land decides whether
the app deploys:

- **The role is in the construct's stack** (made there, or imported there with
  ``iam.Role.from_role_arn``/``from_role_name``): the grants go on the role itself, as
  aws-cdk-lib's own ``grant*`` methods put them: an owned role's DefaultPolicy, an
  imported role's own policy in this stack (or nowhere, for an import with
  ``mutable=False``: the role's owner then grants, as aws-cdk-lib does).
- **The role is in another stack** (a sibling stack of the app, the parent of this
  nested stack, a nested stack of this one): the grants go into an ``iam.Policy`` in the
  construct's own stack, attached to the role by name. The role's DefaultPolicy lives in
  the role's stack; grants there would point from that stack back at this one (at the
  job's scripts bucket, its log groups, its queues), while this stack already points at
  the role, and CloudFormation refuses the pair as a ``DependencyCycle``. An
  ``iam.Policy`` here points one way only, at the role's name. It is what
  ``iam.Role.from_role_arn(this_stack_scope, ..., mutable=True)`` does, without the user
  importing the role again, and it names the role by its name rather than by a name cut
  out of its ARN (which goes wrong for a role with a path).

Each construct asks :func:`role_grantee` once for the role it received and makes every
grant on what it returns, including aws-cdk-lib's own (``key.grant``,
``secret.grant_read``, ``table.grant``), which take any ``iam.IGrantable``. A role of
another account is refused: Glue and DataBrew accept only a role of their own account
(the deploying identity must be allowed ``iam:PassRole`` on it).
"""

from __future__ import annotations

import jsii
from aws_cdk import Token
from aws_cdk import aws_iam as iam
from constructs import Construct, IConstruct

from glueforge.core.errors import raise_if_problems
from glueforge.core.stack_cache import cached, python_state, stack_of
from glueforge.iam.documents import (
    DocumentRole,
    document_json,
    flush,
    grant_one_by_one,
    kept_document,
    run_replays,
)

ROLE_POLICY_ID = "RolePolicy"


def role_grantee(scope: Construct, role: iam.IRole) -> iam.IGrantable:
    """What ``scope`` puts its grants to ``role`` on (see the module's rule).

    :param scope: the construct that received ``role`` and grants it what it needs.
    :returns: ``role`` itself when it is in the stack of ``scope``; otherwise the one
        :class:`RolePolicy` of ``scope`` for ``role``, created on first use.
    """
    same_stack = stack_of(role) is stack_of(scope)
    # A role made in this stack (an iam.Role, not an import) has the stack's account:
    # nothing to check, and no round trip to node to check it.
    if not (same_stack and isinstance(role, iam.Role)):
        raise_if_problems(scope, role_account_problems(scope, role))
    if same_stack:
        return role
    for child in scope.node.children:
        if isinstance(child, RolePolicy) and child.role is role:
            return child
    taken = {child.node.id for child in scope.node.children}
    number = 1
    while _policy_id(number) in taken:
        number += 1
    return RolePolicy(scope, _policy_id(number), role=role)


def role_account_problems(scope: IConstruct, role: iam.IRole) -> list[str]:
    """Why ``scope`` cannot use ``role``: a role of another account, where both are known."""
    role_account = python_state(role, "_glueforge_account", lambda: role.env.account)
    account = cached(scope, ("stack_account",), lambda: stack_of(scope).account)
    if Token.is_unresolved(role_account) or Token.is_unresolved(account):
        return []
    if role_account == account:
        return []
    return [
        f"role {role.node.path} belongs to account {role_account}, but this stack deploys "
        f"to account {account}; Glue and DataBrew run only with a role of their own "
        f"account, so give a role of account {account}"
    ]


def service_principal(scope: IConstruct, service: str) -> iam.ServicePrincipal:
    """The principal of ``service`` (e.g. ``glue.amazonaws.com``) for roles it assumes, made
    once per stack of ``scope``: a principal is not a construct, and the roles of a stack
    can share it (each renders it in its own trust policy)."""
    return cached(scope, ("service_principal", service), lambda: iam.ServicePrincipal(service))


def grant_policies(grantee: iam.IGrantable) -> list[iam.Policy]:
    """The IAM policies holding the grants made to ``grantee`` so far.

    A resource that the service checks its role's permissions on at create time (a
    crawler, a DataBrew job) depends on these, so the permissions exist first.
    """
    # Reading the policies: the statements waiting in Python go there first.
    flush(grantee)
    if isinstance(grantee, RolePolicy):
        return [grantee.policy] if grantee.policy is not None else []
    known = grantee.known_policies() if isinstance(grantee, DocumentRole) else None
    if known is not None:
        return known
    node = getattr(grantee, "node", None)
    if node is None:
        return []
    return [child for child in node.children if isinstance(child, iam.Policy)]


def _policy_id(number: int) -> str:
    return ROLE_POLICY_ID if number == 1 else f"{ROLE_POLICY_ID}{number}"


@jsii.implements(iam.IPrincipal, iam.IGrantable)
class RolePolicy(Construct):
    """A role of another stack, as a grantee: grants made to it go into one
    ``iam.Policy`` in this construct's stack, attached to the role.

    Made by :func:`role_grantee`; a construct holds one per foreign role. It is its own
    grant principal, so glueforge's cdk-nag acknowledgments land on it (and its policy).
    In a resource policy (a key's, a bucket's) it is the role, by ARN.

    :param role: the role of another stack.
    """

    #: the id of its one policy
    POLICY_ID = "Resource"

    def __init__(self, scope: Construct, id: str, *, role: iam.IRole) -> None:
        super().__init__(scope, id)
        self.role = role
        #: the policy, created with the first grant (an empty policy is not rendered)
        self.policy: iam.Policy | None = None

    # ---- IGrantable / IPrincipal -----------------------------------------------------

    @property
    def grant_principal(self) -> iam.IPrincipal:
        return self

    @property
    def assume_role_action(self) -> str:
        return self.role.assume_role_action

    @property
    def policy_fragment(self) -> iam.PrincipalPolicyFragment:
        # In a resource policy, the principal is the role itself.
        return self.role.policy_fragment

    @property
    def principal_account(self) -> str | None:
        # The role's account: aws-cdk-lib's grants compare it with the resource's to
        # decide whether the resource's policy must allow it too (cross-account only).
        return self.role.principal_account

    def add_to_principal_policy(
        self, statement: iam.PolicyStatement
    ) -> iam.AddToPrincipalPolicyResult:
        # A grant through node: the statements waiting in Python go first.
        flush(self)
        if self.policy is None:
            self.policy = iam.Policy(self, self.POLICY_ID, roles=[self.role])
        self.policy.add_statements(statement)
        return iam.AddToPrincipalPolicyResult(statement_added=True, policy_dependable=self.policy)

    def add_to_policy(self, statement: iam.PolicyStatement) -> bool:
        return self.add_to_principal_policy(statement).statement_added

    def receive_document(self, document) -> None:
        """Make the policy with the document of the statements collected in Python
        (:mod:`glueforge.iam.documents`)."""
        if not document.statements:
            return
        made = iam.PolicyDocument.from_json(document_json(document))
        self.policy = iam.Policy(self, self.POLICY_ID, roles=[self.role], document=made)
        if kept_document(self.policy, made):
            run_replays(document)
        else:  # a user's property injector replaced the document: one by one after it
            grant_one_by_one(self, document, 0)
