"""``Names.unique_resource_name``, worked out in Python from the construct's path.

Each job, crawler, workflow and trigger glueforge names asks aws-cdk-lib for a unique
name: a jsii round trip, and one more to set a trigger's name after it is made (issue
18). The name follows from the stack's name and the construct ids under it, which
glueforge keeps in Python (:mod:`glueforge.core.stack_cache`), so it is computed here the
way aws-cdk-lib 2.275 does (``core/lib/names.ts``, ``uniqueResourceName``, and
``core/lib/private/unique-resource-name.ts``, ``makeUniqueResourceName``):

- the components are the name of the last top-level stack among the construct's scopes
  (a stack whose name is not a token: a nested stack's is) and the ids below it;
- ids ``Default`` are dropped; the hash is the first 8 hex digits, upper case, of the
  MD5 of the components joined by ``/``;
- the human part drops a component that the one before it ends with, then ``Resource``
  ids, keeps only ``A-Za-z0-9`` of each, and is cut in its middle to leave room for the
  hash.

Where the construct has no top-level stack, aws-cdk-lib is asked.
"""

from __future__ import annotations

import hashlib
import re

from aws_cdk import Names, Stack
from constructs import IConstruct

from glueforge.core.stack_cache import node_path, python_state, stack_of
from glueforge.core.tokens import is_unresolved

_HIDDEN_ID = "Default"
_HIDDEN_FROM_HUMAN_ID = "Resource"
_HASH_LEN = 8
_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9]")


def unique_resource_name(construct: IConstruct, *, max_length: int) -> str:
    """``Names.unique_resource_name(construct, max_length=max_length)``."""
    name = _unique_name(construct, node_path(construct), max_length)
    if name is None:
        return Names.unique_resource_name(construct, max_length=max_length)
    return name


def unique_child_name(scope: IConstruct, id: str, *, max_length: int) -> str | None:
    """The unique resource name of the child ``id`` of ``scope``, before it is made.

    ``None`` where only aws-cdk-lib can tell (no top-level stack among the scopes): ask
    :func:`unique_resource_name` once the child exists.
    """
    parent = node_path(scope)
    child_id = id.replace("/", "--")
    return _unique_name(scope, f"{parent}/{child_id}" if parent else child_id, max_length)


def _unique_name(scope: IConstruct, path: str, max_length: int) -> str | None:
    try:
        stack = _top_level_stack(stack_of(scope))
    except RuntimeError:  # no stack at all: aws-cdk-lib names it from the root
        return None
    if stack is None or max_length <= _HASH_LEN:
        return None
    stack_path = node_path(stack)
    if path == stack_path:
        relative: list[str] = []
    elif not stack_path or path.startswith(f"{stack_path}/"):
        relative = path[len(stack_path) + 1 if stack_path else 0 :].split("/")
    else:
        return None
    return _make_unique_resource_name([_stack_name(stack), *relative], max_length)


def _top_level_stack(stack: Stack | None) -> Stack | None:
    while stack is not None and is_unresolved(_stack_name(stack)):
        stack = python_state(stack, "_glueforge_parent", lambda s=stack: s.nested_stack_parent)
    return stack


def _stack_name(stack: Stack) -> str:
    return python_state(stack, "_glueforge_stack_name", lambda: stack.stack_name)


def _make_unique_resource_name(components: list[str], max_length: int) -> str | None:
    components = [c for c in components if c != _HIDDEN_ID]
    if not components:
        return None  # aws-cdk-lib refuses it: let it say so
    if len(components) == 1:
        top_level = _NOT_ALLOWED.sub("", components[0])
        if len(top_level) <= max_length:
            return top_level
    try:
        digest = hashlib.md5("/".join(components).encode("utf-8")).hexdigest()
    except UnicodeEncodeError:  # a lone surrogate: node encodes it its own way
        return None
    deduped: list[str] = []
    for component in components:
        if not deduped or not deduped[-1].endswith(component):
            deduped.append(component)
    human = "".join(
        kept
        for kept in (_NOT_ALLOWED.sub("", c) for c in deduped if c != _HIDDEN_FROM_HUMAN_ID)
        if kept
    )
    max_human = max_length - _HASH_LEN
    if len(human) > max_human:
        half = int(max_human / 2)  # JavaScript's slice truncates a fractional index
        human = human[:half] + human[-half:]
    return f"{human}{digest[:_HASH_LEN].upper()}"
