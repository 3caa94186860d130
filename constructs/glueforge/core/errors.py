"""Synth-time validation errors.

Every glueforge construct checks its props in its constructor, collects every problem it
finds, and raises once, so a user fixes a whole construct in one round trip. Each problem
names the bad value and what would be valid; the error adds the construct path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from constructs import IConstruct

from glueforge.core.stack_cache import node_path


class GlueforgeValidationError(ValueError):
    """Bad input to a glueforge construct, raised at synth time.

    ``str(error)`` reads ``"<construct path>: <problem>; <problem>"``, for example
    ``DataLake/OrdersCrawler: schedule 'every day' is not a Glue cron expression;
    expected e.g. 'cron(0 2 * * ? *)'``.
    """

    def __init__(self, scope: IConstruct | str, problems: Iterable[str]):
        self.path: str = scope if isinstance(scope, str) else scope.node.path
        self.problems: list[str] = list(problems)
        if not self.problems:
            raise ValueError("GlueforgeValidationError needs at least one problem")
        super().__init__(f"{self.path}: " + "; ".join(self.problems))


def glueforge_error_behind(error: BaseException) -> GlueforgeValidationError | None:
    """The :class:`GlueforgeValidationError` a jsii ``RuntimeError`` stands for, if any.

    A check that needs the whole app runs inside aws-cdk-lib's synth (an aspect's
    ``visit``, a construct's validation), called back from JavaScript. jsii cannot carry
    a Python exception through JavaScript: it hands JavaScript ``str(exception)`` and,
    once synth fails, raises ``RuntimeError`` with that text. The RuntimeError is raised
    while jsii handles the original, so Python keeps the original as its
    ``__context__`` (a few RuntimeErrors deep when callbacks nest). This finds it, and
    only when the RuntimeError's text carries it, so a later, unrelated failure is never
    blamed on it. Where glueforge itself calls ``app.synth()``
    (:func:`glueforge.checks.synthesize`), it raises the original instead.
    """
    text = str(error)
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, GlueforgeValidationError):
            return current if str(current) in text else None
        seen.add(id(current))
        current = current.__context__
    return None


def child_path(scope: IConstruct, id: str) -> str:
    """The path a construct with ``id`` will have under ``scope``.

    For errors raised before ``super().__init__`` has created the construct.
    """
    parent = node_path(scope)
    return f"{parent}/{id}" if parent else id


def raise_if_problems(scope: IConstruct | str, problems: Iterable[str]) -> None:
    """Raise one :class:`GlueforgeValidationError` listing ``problems``, if there are any."""
    collected = [p for p in problems if p]
    if collected:
        raise GlueforgeValidationError(scope, collected)


# ---- checks every construct's props share --------------------------------------------


def require_types(scope: IConstruct | str, props: Mapping[str, tuple[Any, Any]]) -> None:
    """Raise one ``TypeError`` naming every prop whose value is of the wrong type.

    ``props`` maps a prop name to ``(value, allowed types)``; ``None`` among the types
    allows None. ``bool`` is accepted only where ``bool`` itself is allowed (Python's
    bool is an int, and ``True`` workers is surely a mistake).
    """
    wrong = []
    for name, (value, allowed) in props.items():
        types = allowed if isinstance(allowed, tuple) else (allowed,)
        if value is None and None in types:
            continue
        real = tuple(t for t in types if t is not None)
        if isinstance(value, bool) and bool not in real:
            ok = False
        else:
            ok = isinstance(value, real)
        if not ok:
            names = " or ".join("None" if t is None else t.__name__ for t in types)
            wrong.append(f"{name} must be {names}, got {type(value).__name__} {value!r:.60}")
    if wrong:
        # Read only now: a construct's path is a jsii round trip, and most props are fine.
        path = scope if isinstance(scope, str) else node_path(scope)
        raise TypeError(f"{path}: " + "; ".join(wrong))


def sequence_of(value: Any) -> bool:
    """A list or tuple (not a str, which is a sequence of characters)."""
    return isinstance(value, (list, tuple))
