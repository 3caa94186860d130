"""Run cfn-lint in-process on a synthesized template.

cfn-lint spends most of a call loading its rules: they are loaded once per process here,
and a template linted before (the same text) is not linted again. The findings are those
of ``cfnlint.api.lint``, which does the same two steps with the rules loaded afresh.
"""

from __future__ import annotations

import functools
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
    matches = _lint_text(json.dumps(template, indent=1), tuple(regions))
    return [
        Finding(
            tool="cfn-lint",
            rule=rule,
            severity=_SEVERITY_BY_PREFIX.get(rule[:1], "error"),
            location=f"{name}:{line}",
            message=message,
        )
        for rule, line, message in matches
    ]


@functools.lru_cache(maxsize=256)
def _lint_text(text: str, regions: tuple[str, ...]) -> tuple[tuple[str, int, str], ...]:
    from cfnlint.decode.decode import decode_str
    from cfnlint.runner import run_template_by_data

    template, matches = decode_str(text)
    if not matches and template is not None:
        config = _config(regions)
        matches = list(run_template_by_data(template, config, _rules(regions)))
    return tuple((m.rule.id, m.linenumber, m.message) for m in matches)


@functools.cache
def _config(regions: tuple[str, ...]):
    from cfnlint.config import ConfigMixIn

    return ConfigMixIn(regions=list(regions))


@functools.cache
def _rules(regions: tuple[str, ...]):
    from cfnlint.runner import Runner

    return Runner(_config(regions)).rules
