"""The checks an app passes before it ships: cdk-nag, template limits and cost
guardrails at synth (one entry point, :func:`enable_checks`), cfn-lint, and the report
that gathers what they found.

The same report backs the test harness and ``glueforge check``. Exports load lazily, so
``glueforge check`` can read an assembly with :mod:`glueforge.checks.cfn_lint` and
:mod:`glueforge.checks.validation_report` without importing aws_cdk.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Acknowledged": "glueforge.checks.findings",
    "Finding": "glueforge.checks.findings",
    "SynthReport": "glueforge.checks.synth",
    "enable_checks": "glueforge.checks.enable",
    "synthesize": "glueforge.checks.synth",
    # The parts enable_checks turns on, one by one.
    "enable_nag": "glueforge.checks.nag",
}

if TYPE_CHECKING:
    from glueforge.checks.enable import enable_checks
    from glueforge.checks.findings import Acknowledged, Finding
    from glueforge.checks.nag import enable_nag
    from glueforge.checks.synth import SynthReport, synthesize

__all__ = ["Acknowledged", "Finding", "SynthReport", "enable_checks", "enable_nag", "synthesize"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'glueforge.checks' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
