"""Every condition glueforge writes can hold for every action it guards (issue 17).

A condition key that an action does not support is absent from that action's request
context, so ``StringLike``/``ArnLike`` on it never hold: in an Allow statement the action
is never granted (``s3:GetBucketLocation`` beside ``s3:ListBucket`` under ``s3:prefix``
was), in a Deny statement it is never denied. The keys each action supports are data
written from the Service Authorization Reference (:mod:`tests.iam.service_authorization`),
not taken from glueforge.

Checked: every statement of every policy document in the synthesized templates (role
inline policies, managed policies, trust policies, and the bucket, key and queue
policies glueforge writes) of the reference app and of apps declaring every construct
(each row of the composition matrix: everything in its stack, and each thing it receives
from a sibling stack or imported).
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.composition.rows import ROWS, Row
from tests.composition.supplies import Kind, Placement, Supply, World
from tests.iam.service_authorization import ACTION_CONDITION_KEYS, GLOBAL_KEYS, SOURCES

# Operators that are true when the key is absent: they do not need the key to apply.
_IF_EXISTS = "IfExists"
_NULL = "Null"


def _matches(key: str, pattern: str) -> bool:
    """``pattern`` from the reference, with ``${...}`` standing for any text."""
    regex = "".join(
        ".+" if part.startswith("${") else re.escape(part)
        for part in re.split(r"(\$\{[^}]*\})", pattern)
    )
    return re.fullmatch(regex, key, flags=re.IGNORECASE) is not None


def _is_global(key: str) -> bool:
    return any(_matches(key, g) for g in GLOBAL_KEYS)


def _expand(action: str) -> list[str]:
    """The reference's actions ``action`` names; a wildcard one is expanded against the
    data, and an action (or wildcard) the data does not know is refused."""
    names = [a for a in ACTION_CONDITION_KEYS if fnmatch.fnmatchcase(a.lower(), action.lower())]
    if not names:
        service = action.split(":")[0]
        raise AssertionError(
            f"{action} is not in tests/iam/service_authorization.py: add its condition "
            f"keys from {SOURCES.get(service, 'the Service Authorization Reference')}"
        )
    return names


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def condition_problems(statement: dict) -> list[str]:
    """Each (action, condition key) of ``statement`` where the key cannot apply."""
    keys = [
        key
        for operator, block in statement.get("Condition", {}).items()
        if not operator.endswith(_IF_EXISTS) and operator != _NULL
        for key in block
    ]
    specific = [k for k in keys if not _is_global(k)]
    if not specific:
        return []
    problems = []
    for action in _as_list(statement.get("Action", statement.get("NotAction", []))):
        for name in _expand(action):
            supported = ACTION_CONDITION_KEYS[name]
            problems += [
                f"{name} does not support {key} (statement {json.dumps(statement)[:300]})"
                for key in specific
                if not any(_matches(key, s) for s in supported)
            ]
    return problems


def _statements(node) -> Iterator[dict]:
    """Every statement of every policy document in a template."""
    if isinstance(node, dict):
        if isinstance(node.get("Statement"), list) and "Version" in node:
            yield from (s for s in node["Statement"] if isinstance(s, dict))
        for value in node.values():
            yield from _statements(value)
    elif isinstance(node, list):
        for value in node:
            yield from _statements(value)


def _templates(directory: str) -> list[dict]:
    # Stack and nested-stack templates alike.
    return [json.loads(p.read_text()) for p in sorted(Path(directory).glob("*.template.json"))]


def _problems(directory: str) -> list[str]:
    return [
        problem
        for template in _templates(directory)
        for statement in _statements(template)
        for problem in condition_problems(statement)
    ]


# ---- the check itself ---------------------------------------------------------------------


def test_the_old_list_statement_is_refused():
    # What every job and crawler role carried before issue 17.
    old = {
        "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
        "Condition": {"StringLike": {"s3:prefix": ["raw/", "raw/*"]}},
        "Effect": "Allow",
        "Resource": "arn:aws:s3:::landing",
    }
    problems = condition_problems(old)
    assert len(problems) == 1
    assert problems[0].startswith("s3:GetBucketLocation does not support s3:prefix")


def test_the_split_statements_pass():
    listing = {
        "Action": "s3:ListBucket",
        "Condition": {"StringLike": {"s3:prefix": ["raw/", "raw/*"]}},
        "Effect": "Allow",
        "Resource": "arn:aws:s3:::landing",
    }
    location = {"Action": "s3:GetBucketLocation", "Effect": "Allow", "Resource": "*"}
    assert condition_problems(listing) == condition_problems(location) == []


def test_a_wildcard_is_expanded_against_the_reference():
    # The CloudWatch Logs guide's key policy: DescribeKey takes no encryption context.
    statement = {
        "Action": ["kms:Decrypt*", "kms:Describe*"],
        "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:*"}},
    }
    assert sorted(p.split(" does")[0] for p in condition_problems(statement)) == [
        "kms:DescribeCustomKeyStores",
        "kms:DescribeKey",
    ]


def test_an_unknown_action_under_a_service_key_is_refused():
    statement = {"Action": "s3:PutBucket*", "Condition": {"StringEquals": {"s3:prefix": "a"}}}
    with pytest.raises(AssertionError, match="not in tests/iam/service_authorization.py"):
        condition_problems(statement)


def test_global_keys_apply_to_every_action():
    deny = {
        "Action": "s3:*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        "Effect": "Deny",
    }
    assert condition_problems(deny) == []
    tags = {
        "Action": "s3:GetObject",
        "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}},
    }
    assert condition_problems(tags) == [
        "s3:GetObject does not support aws:TagKeys (statement " + json.dumps(tags)[:300] + ")"
    ]


# ---- what glueforge synthesizes ------------------------------------------------------------


def test_the_reference_app(reference_app):
    app, _ = reference_app
    assert _problems(app.synth().directory) == []


def _apps():
    # Each construct with everything in its stack; and each thing it receives from a
    # sibling stack and imported (other grants: key-side or principal-side, cross-account).
    for row in ROWS:
        yield pytest.param(row, None, Placement.SAME, id=f"{row.name}-same")
        for kind in row.kinds:
            for placement in (Placement.SIBLING, Placement.IMPORTED):
                yield pytest.param(
                    row, kind, placement, id=f"{row.name}-{kind.value}-{placement.value}"
                )


@pytest.mark.parametrize(("row", "kind", "placement"), list(_apps()))
def test_every_construct(row: Row, kind: Kind | None, placement: Placement, tmp_path):
    world = World.build(placement, tmp_path / "cdk.out")
    row.build(Supply(world, kind))
    directory = world.app.synth().directory
    assert _templates(directory), "nothing synthesized"
    assert _problems(directory) == []
