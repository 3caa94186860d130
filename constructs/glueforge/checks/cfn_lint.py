"""Run cfn-lint in-process on a synthesized template."""

from __future__ import annotations

import json
from collections.abc import Sequence

from glueforge.checks.findings import Finding, Severity

# Templates are env-agnostic; one region is enough to check resource specs.
DEFAULT_REGIONS = ("us-east-1",)

_SEVERITY_BY_PREFIX: dict[str, Severity] = {"E": "error", "W": "warning", "I": "info"}


def lint_template(
    template: dict, *, name: str, regions: Sequence[str] = DEFAULT_REGIONS
) -> list[Finding]:
    """cfn-lint's findings for ``template``; ``name`` labels their locations."""
    from cfnlint.api import ManualArgs, lint

    matches = lint(json.dumps(template, indent=1), config=ManualArgs(regions=list(regions)))
    return [
        Finding(
            tool="cfn-lint",
            rule=match.rule.id,
            severity=_SEVERITY_BY_PREFIX.get(match.rule.id[:1], "error"),
            location=f"{name}:{match.linenumber}",
            message=match.message,
        )
        for match in matches
    ]
