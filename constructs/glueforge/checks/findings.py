"""The records every check produces, whatever tool found them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One problem reported by a check.

    :param tool: ``cfn-lint``, ``cdk-nag``, ``cdk-validate`` (aws-cdk-lib's own
        CloudFormation schema validation), ``glueforge`` (the template-size check),
        ``script``, ``cost`` or ``synth``; another validation plugin's name.
    :param rule: the tool's rule id, e.g. ``E3002`` or ``AwsSolutions-S1``.
    :param location: a construct path, or ``<template file>:<line>`` for cfn-lint.
    """

    tool: str
    rule: str
    severity: Severity
    location: str
    message: str

    def __str__(self) -> str:
        return f"[{self.tool} {self.severity}] {self.rule} at {self.location}: {self.message}"


@dataclass(frozen=True)
class Acknowledged:
    """A finding that was acknowledged (suppressed), with the reason given."""

    tool: str
    rule: str
    location: str
    reason: str
