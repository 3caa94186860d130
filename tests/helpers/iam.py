"""Read IAM statements back out of a synthesized template."""

from __future__ import annotations

from typing import Any


def policy_statements(template: dict, role_logical_id: str) -> list[dict[str, Any]]:
    """Every statement of every AWS::IAM::Policy attached to ``role_logical_id``."""
    statements = []
    for resource in template["Resources"].values():
        if resource["Type"] != "AWS::IAM::Policy":
            continue
        if {"Ref": role_logical_id} in resource["Properties"].get("Roles", []):
            statements.extend(resource["Properties"]["PolicyDocument"]["Statement"])
    return statements


def logical_id(template: dict, type_: str, prefix: str) -> str:
    """The one logical id of ``type_`` that starts with ``prefix``."""
    [found] = [
        k for k, v in template["Resources"].items() if v["Type"] == type_ and k.startswith(prefix)
    ]
    return found


def actions_on(statements: list[dict], resource_fragment: str) -> set[str]:
    """All actions allowed on resources whose JSON contains ``resource_fragment``."""
    import json

    found: set[str] = set()
    for st in statements:
        if resource_fragment in json.dumps(st["Resource"]):
            actions = st["Action"]
            found.update([actions] if isinstance(actions, str) else actions)
    return found


def arn(*parts: Any) -> dict:
    """``Fn::Join`` of an ``arn:<partition>:<service>:<region>:<account>:`` ARN."""
    service, rest = parts[0], list(parts[1:])
    return {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                f":{service}:",
                {"Ref": "AWS::Region"},
                ":",
                {"Ref": "AWS::AccountId"},
                *rest,
            ],
        ]
    }
