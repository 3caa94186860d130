"""Work that waits for a stack to be final, then runs once, batched.

Some of glueforge's bookkeeping needs the finished template: the exact text of a cdk-nag
finding names each resource the way the template does, and a shared aws-cdk-lib
function's policy keeps growing while jobs are added. Doing it per grant costs thousands
of jsii round trips on a large app; doing it once per stack costs a few.

It runs when aws-cdk-lib validates the construct tree during synth, not from an aspect:
aws-cdk-lib turns references between stacks into their final form (``Fn::ImportValue``
of a sibling stack's export, a parameter of a nested stack) only when it prepares the
app, after every aspect has run and before it validates. Resolved from an aspect, a
sibling stack's bucket still reads as ``Fn::GetAtt`` of a resource this template does
not have, and an acknowledgment written from it would match no finding. The work only
adds construct metadata (acknowledgments), which synth writes after validation.
"""

from __future__ import annotations

from collections.abc import Callable

import jsii
from aws_cdk import Stack
from constructs import IConstruct, IValidation

from glueforge.core.singletons import stack_state

Task = Callable[[Stack], None]
_ATTRIBUTE = "_glueforge_deferred"


@jsii.implements(IValidation)
class _Deferred:
    """The stack's one validation: runs the tasks queued so far, and finds no problem."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.tasks: list[Task] = []

    def validate(self) -> list[str]:
        tasks, self.tasks = self.tasks, []
        for task in tasks:
            task(self.stack)
        return []


def defer(scope: IConstruct, task: Task) -> None:
    """Run ``task(stack)`` once the stack of ``scope`` is final (at synth, after aspects
    and after aws-cdk-lib has settled the references between stacks)."""
    stack_state(scope, _ATTRIBUTE, _add_validation).tasks.append(task)


def _add_validation(stack: Stack) -> _Deferred:
    deferred = _Deferred(stack)
    stack.node.add_validation(deferred)
    return deferred
