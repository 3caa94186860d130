"""Synthesize one cell's app and gather every error of every check, nested stacks included.

:func:`glueforge.checks.synthesize` runs the synth (a ``DependencyCycle`` raises there),
aws-cdk-lib's schema validation and cdk-nag, once per app. cfn-lint then checks every
template the app wrote, nested stacks' templates too (``synthesize`` lints the stack
artifacts only, and a nested stack's template is an asset of its parent).

cfn-lint spends most of a call loading its rules: here they are loaded once for the whole
run, and a template seen before (a producer stack shared by many cells) is not linted
again. The findings are those of :func:`glueforge.checks.cfn_lint.lint_template` (a test
keeps the two equal).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from aws_cdk import App

from glueforge.checks import SynthReport, synthesize
from glueforge.checks.cfn_lint import _SEVERITY_BY_PREFIX, DEFAULT_REGIONS
from glueforge.checks.findings import Finding


@dataclass
class CellReport:
    """One cell's synth: the report, every template by file name, and every error."""

    report: SynthReport
    templates: dict[str, dict]
    errors: list[Finding]

    def template_of(self, name: str) -> dict:
        """The template of the stack ``name``, or of the one nested stack whose file name
        starts with ``name`` (its logical id: parent and child ids, then a hash)."""
        if f"{name}.template.json" in self.templates:
            return self.templates[f"{name}.template.json"]
        [found] = [
            template
            for file, template in self.templates.items()
            if file.startswith(name) and file.endswith(".nested.template.json")
        ]
        return found


def check(app: App) -> CellReport:
    """Synthesize ``app`` with cdk-nag, lint every template, and collect the errors."""
    report = synthesize(app, nag=True, cfn_lint=False)
    templates = {
        path.name: json.loads(path.read_text())
        for path in sorted(Path(report.outdir).glob("*.template.json"))
    }
    errors = list(report.errors())
    for name, template in templates.items():
        errors += [f for f in lint(template, name) if f.severity == "error"]
    return CellReport(report, templates, errors)


def lint(template: dict, name: str) -> list[Finding]:
    """cfn-lint's findings for ``template``, as ``lint_template`` reports them."""
    text = json.dumps(template, indent=1)
    return [
        Finding(tool, rule, severity, f"{name}:{line}", message)
        for tool, rule, severity, line, message in _lint_text(text)
    ]


@functools.lru_cache(maxsize=512)
def _lint_text(text: str) -> tuple[tuple[str, str, str, int, str], ...]:
    from cfnlint.decode.decode import decode_str
    from cfnlint.runner import run_template_by_data

    # What cfnlint.api.lint does, with the rules it would load for each call loaded once.
    template, matches = decode_str(text)
    if not matches:
        matches = list(run_template_by_data(template, _config(), _rules()))
    return tuple(
        (
            "cfn-lint",
            match.rule.id,
            _SEVERITY_BY_PREFIX.get(match.rule.id[:1], "error"),
            match.linenumber,
            match.message,
        )
        for match in matches
    )


@functools.cache
def _config():
    from cfnlint.config import ConfigMixIn

    return ConfigMixIn(regions=list(DEFAULT_REGIONS))


@functools.cache
def _rules():
    from cfnlint.runner import Runner

    return Runner(_config()).rules
