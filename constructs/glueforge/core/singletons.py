"""Per-stack singletons: things a stack holds exactly one of, created on first use.

A stack of many jobs shares one key, one security configuration, one scripts bucket, one
deployment of job files and one batch of deferred work. Each is found again by its
construct id (or, for plain Python state, by an attribute on the stack), so the first
construct that needs it creates it and every later one reuses it, whatever order the app
builds them in. Constructs stay the ones aws-cdk-lib looks up with
``node.try_find_child``: their ids, and so the template, do not depend on this helper.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from aws_cdk import Stack
from constructs import IConstruct

from glueforge.core.stack_cache import node_of, python_state, stack_cache, stack_of

T = TypeVar("T")


def stack_singleton(scope: IConstruct, id: str, create: Callable[[Stack, str], T]) -> T:
    """The construct ``id`` directly under the stack of ``scope``, created on first use.

    :param create: makes the construct as ``create(stack, id)``: it must create the child
        of ``stack`` called ``id`` (which later calls find) and return it.
    """
    stack = stack_of(scope)
    # Found once, then kept by id in Python: each job asks for the stack's key, buckets
    # and deployment, and each lookup in node is a jsii round trip.
    children = stack_cache(stack)
    key = ("singleton", id)
    existing = children.get(key)
    if existing is None:
        existing = node_of(stack).try_find_child(id)
        if existing is None:
            existing = create(stack, id)
        children[key] = existing
    return existing  # type: ignore[return-value]


def stack_state(scope: IConstruct, attribute: str, create: Callable[[Stack], T]) -> T:
    """Plain Python state kept once per stack (not a construct), created on first use.

    For bookkeeping that must not appear in the template, such as a list of work to do
    when the stack is complete (:mod:`glueforge.iam.deferred`).

    :param attribute: a private attribute name on the stack object, e.g.
        ``"_glueforge_deferred"``.
    :param create: makes the state as ``create(stack)``.
    """
    stack = stack_of(scope)
    return python_state(stack, attribute, lambda: create(stack))
