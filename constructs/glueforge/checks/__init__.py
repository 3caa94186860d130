"""Synthesize an app and collect what cfn-lint and cdk-nag say about it.

The same report backs the test harness and ``glueforge check``. Exports load lazily, so
``glueforge check`` can read an assembly with :mod:`glueforge.checks.cfn_lint` and
:mod:`glueforge.checks.validation_report` without importing aws_cdk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Acknowledged": "glueforge.checks.findings",
    "Finding": "glueforge.checks.findings",
    "SynthReport": "glueforge.checks.synth",
    "enable_nag": "glueforge.checks.synth",
    "synthesize": "glueforge.checks.synth",
}

if TYPE_CHECKING:
    from glueforge.checks.findings import Acknowledged, Finding
    from glueforge.checks.synth import SynthReport, enable_nag, synthesize

__all__ = ["Acknowledged", "Finding", "SynthReport", "enable_nag", "synthesize"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'glueforge.checks' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
