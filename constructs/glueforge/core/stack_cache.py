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
from constructs import IConstruct, Node

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
    """``Stack.of(scope)``, asked of node once per construct.

    A stack is its own (``Stack.of`` returns the first stack among the construct and its
    scopes): a Python ``Stack`` needs no round trip.
    """
    if isinstance(scope, Stack):
        return scope
    return python_state(scope, "_glueforge_stack", lambda: Stack.of(scope))


def node_of(construct: IConstruct) -> Node:
    """``construct.node``, asked of node once per construct (a construct keeps its node)."""
    return python_state(construct, "_glueforge_node", lambda: construct.node)


def node_id(construct: IConstruct) -> str:
    """``construct.node.id``, asked of node once per construct."""
    return python_state(construct, "_glueforge_id", lambda: node_of(construct).id)


def node_path(construct: IConstruct) -> str:
    """``construct.node.path``, asked of node once per construct."""
    return python_state(construct, "_glueforge_path", lambda: node_of(construct).path)


def note_child(child: IConstruct, scope: IConstruct, id: str) -> None:
    """Keep the id, path and stack of ``child``, just made as ``Construct(scope, id)``.

    They follow from its scope's, so only the scope's are asked of node (once per scope,
    shared by its children). constructs 10 (``construct.ts``): a node's id is the id it
    was given with each ``/`` replaced by ``--``, and its path joins the non-empty ids of
    its scopes and its own with ``/`` (the root's id is empty).
    """
    child_id = id.replace("/", "--")
    parent_path = node_path(scope)
    python_state(child, "_glueforge_id", lambda: child_id)
    python_state(
        child, "_glueforge_path", lambda: f"{parent_path}/{child_id}" if parent_path else child_id
    )
    if isinstance(child, Stack):
        return
    try:
        stack = stack_of(scope)
    except RuntimeError:  # no stack above: Stack.of(child) would say so, when asked
        return
    python_state(child, "_glueforge_stack", lambda: stack)


def fixed_attribute(obj: Any, name: str) -> Any:
    """``getattr(obj, name)``, asked of node once per object.

    Only for an attribute that is fixed when the object is made, e.g. a role's
    ``role_arn`` or a database's ``database_name`` (a token string where deploy decides).
    """
    return python_state(obj, f"_glueforge_{name}", lambda: getattr(obj, name))


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
    """``Stack.of(scope).format_arn(...)``, asked of node once per stack, service,
    resource and format.

    aws-cdk-lib 2.275 (``core/lib/arn.ts``, ``Arn.format``) joins the ARN's parts, then,
    for a resource name, the separator and the name: so the ARN of a named resource is
    the ARN for an empty name followed by the name (token strings included).
    """
    stack = stack_of(scope)
    prefix = cached(
        stack,
        ("format_arn", service, resource, resource_name is None, arn_format),
        lambda: stack.format_arn(
            service=service,
            resource=resource,
            resource_name=None if resource_name is None else "",
            arn_format=arn_format,
        ),
    )
    return prefix if resource_name is None else prefix + resource_name


def bucket_name(bucket: Any) -> str:
    """``bucket.bucket_name``, asked of node once per bucket (a token string or a name)."""
    return fixed_attribute(bucket, "bucket_name")


def s3_url(bucket: Any, key: str) -> str:
    """``bucket.s3_url_for_object(key)``, asked of node once per bucket.

    aws-cdk-lib's own buckets build the URL as ``urlJoin("s3://", bucketName, key)``
    (2.275, ``aws-s3/lib/bucket.ts``), which is done here in Python on the bucket's name
    (a token string where deploy decides it); a bucket class of another library is asked.
    """
    urls: dict[str, str] = python_state(bucket, "_glueforge_s3_urls", dict)
    if key not in urls:
        own = getattr(type(bucket).s3_url_for_object, "__module__", "") == "aws_cdk.aws_s3"
        urls[key] = (
            _url_join("s3://", bucket_name(bucket), key) if own else bucket.s3_url_for_object(key)
        )
    return urls[key]


def _url_join(*components: str) -> str:
    # aws-cdk-lib's BucketBase.urlJoin: one "/" between parts, one dropped on each side.
    result = components[0]
    for component in components[1:]:
        result = f"{result.removesuffix('/')}/{component.removeprefix('/')}"
    return result
