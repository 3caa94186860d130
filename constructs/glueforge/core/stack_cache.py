"""Answers about the construct tree that never change, kept in Python.

Each read of a construct's stack, path or ARN is a jsii round trip to node, and glueforge
asks the same few questions once per statement, per job and per grant: thousands of
round trips on an app of a hundred pipelines (issue 18). A construct's stack and path are
fixed when it is created, and ``format_arn`` of the same stack with the same parts gives
the same string (a token string for the stack's partition, region and account), so each
answer is kept on the Python object it is about, and asked of node only once.

Only answers that cannot change are kept here: never a construct's children or metadata,
which grow while the app is built.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from aws_cdk import ArnFormat, Stack
from constructs import IConstruct

T = TypeVar("T")

_MISSING = object()
# Objects that take no Python attribute (none known today) keep their answers here, by
# the jsii reference that names them in node; such objects live as long as the app.
_FALLBACK: dict[tuple[str, str], Any] = {}


def python_state(obj: Any, attribute: str, create: Callable[[], T]) -> T:
    """``obj``'s private Python ``attribute``, made by ``create()`` on first use.

    No jsii round trip: a jsii object is a Python object too, and takes attributes.
    """
    value = getattr(obj, attribute, _MISSING)
    if value is not _MISSING:
        return value
    ref = getattr(getattr(obj, "__jsii_ref__", None), "ref", None)
    if ref is not None and (ref, attribute) in _FALLBACK:
        return _FALLBACK[(ref, attribute)]
    value = create()
    try:
        setattr(obj, attribute, value)
    except AttributeError:
        if ref is None:
            raise
        _FALLBACK[(ref, attribute)] = value
    return value


def stack_of(scope: IConstruct) -> Stack:
    """``Stack.of(scope)``, asked of node once per construct."""
    return python_state(scope, "_glueforge_stack", lambda: Stack.of(scope))


def node_path(construct: IConstruct) -> str:
    """``construct.node.path``, asked of node once per construct."""
    return python_state(construct, "_glueforge_path", lambda: construct.node.path)


def stack_cache(scope: IConstruct) -> dict[Hashable, Any]:
    """A dict kept once per stack (the stack of ``scope``), for answers about it."""
    return python_state(stack_of(scope), "_glueforge_cache", dict)


def cached(scope: IConstruct, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, once per stack of ``scope`` and ``key``."""
    cache = stack_cache(scope)
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def format_arn(
    scope: IConstruct,
    *,
    service: str,
    resource: str,
    resource_name: str | None = None,
    arn_format: ArnFormat | None = None,
) -> str:
    """``Stack.of(scope).format_arn(...)``, asked of node once per stack and parts."""
    stack = stack_of(scope)
    return cached(
        stack,
        ("format_arn", service, resource, resource_name, arn_format),
        lambda: stack.format_arn(
            service=service, resource=resource, resource_name=resource_name, arn_format=arn_format
        ),
    )


def s3_url(bucket: Any, key: str) -> str:
    """``bucket.s3_url_for_object(key)``, asked of node once per bucket and key."""
    urls: dict[str, str] = python_state(bucket, "_glueforge_s3_urls", dict)
    if key not in urls:
        urls[key] = bucket.s3_url_for_object(key)
    return urls[key]
