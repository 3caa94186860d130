"""Work that waits for a stack to be complete, then runs once, batched.

Some of glueforge's bookkeeping needs the final template: the exact text of a cdk-nag
finding depends on logical ids, and a shared aws-cdk-lib function's policy keeps growing
while jobs are added. Doing it per grant costs thousands of jsii round trips on a large
app; doing it once per stack, when aspects run at synth, costs a few.
"""

from __future__ import annotations

from collections.abc import Callable

import jsii
from aws_cdk import Aspects, IAspect, Stack
from constructs import IConstruct

from glueforge.core.singletons import stack_state

Task = Callable[[Stack], None]
_ATTRIBUTE = "_glueforge_deferred"


@jsii.implements(IAspect)
class _Deferred:
    """The stack's one aspect: runs the tasks queued so far when it visits the stack."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.tasks: list[Task] = []

    def visit(self, node: IConstruct) -> None:
        if node is not self.stack:
            return
        tasks, self.tasks = self.tasks, []
        for task in tasks:
            task(self.stack)


def defer(scope: IConstruct, task: Task) -> None:
    """Run ``task(stack)`` once the stack of ``scope`` is complete (at synth)."""
    stack_state(scope, _ATTRIBUTE, _add_aspect).tasks.append(task)


def _add_aspect(stack: Stack) -> _Deferred:
    deferred = _Deferred(stack)
    Aspects.of(stack).add(deferred)
    return deferred
