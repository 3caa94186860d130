"""Validation rule ids, as aws-cdk-lib and cdk-nag write and read them.

A rule id names a finding, e.g. ``AwsSolutions-S1`` or
``AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::lake/raw/*]``. aws-cdk-lib's
``Validations.acknowledge`` stores it qualified by its plugin
(``AwsSolutions::AwsSolutions-S1``), and parses it first: aws-cdk-lib 2.275
(``core/lib/validation/private/validation-id.ts``, ``parseValidationId``) matches
``[]``, ``()`` and ``{}`` like brackets, and refuses an id with an unmatched or
mismatched closing bracket, or with a second ``::`` outside brackets. A finding names
the resource it is about, and an S3 key may hold ``)`` (S3 lists ``(`` and ``)`` among
its safe key characters), so some real findings are ids aws-cdk-lib cannot parse:
:func:`cdk_parses_rule_id` tells them apart.
"""

from __future__ import annotations

_CLOSERS = {"]": "[", ")": "(", "}": "{"}


def cdk_parses_rule_id(rule_id: str) -> bool:
    """Whether aws-cdk-lib's ``parseValidationId`` accepts ``rule_id`` (see the module)."""
    open_brackets: list[str] = []
    separator: int | None = None
    i = 0
    while i < len(rule_id):
        character = rule_id[i]
        if character == ":" and rule_id[i + 1 : i + 2] == ":" and not open_brackets:
            if separator is not None:
                return False
            separator = i
            i += 2
            continue
        if character in _CLOSERS:
            if not open_brackets or open_brackets.pop() != _CLOSERS[character]:
                return False
        elif character in "[({":
            open_brackets.append(character)
        i += 1
    return separator != 0


def split_rule_id(rule_id: str) -> tuple[str, str]:
    """``(plugin, rule)`` of a rule id, qualified or not.

    ``AwsSolutions::AwsSolutions-S1`` -> ``("AwsSolutions", "AwsSolutions-S1")``. Only a
    ``::`` before the finding's ``[`` separates a plugin; an id without one belongs to the
    pack its name starts with, as cdk-nag names them:
    ``AwsSolutions-IAM5[Resource::*]`` -> ``("AwsSolutions", "AwsSolutions-IAM5[Resource::*]")``.
    """
    if "::" in rule_id.split("[", 1)[0]:
        plugin, _, rule = rule_id.partition("::")
        return plugin, rule
    return rule_id.split("-", 1)[0], rule_id


def qualified_rule_id(rule_id: str) -> str:
    """``AwsSolutions-S1`` -> ``AwsSolutions::AwsSolutions-S1``.

    aws-cdk-lib files an id without a ``<plugin>::`` prefix as an annotation rule; cdk-nag
    honours both, but lists only plugin-qualified acknowledgments in the validation
    report, which is where ``glueforge check`` and the tests read them back.
    """
    plugin, rule = split_rule_id(rule_id)
    return f"{plugin}::{rule}"
