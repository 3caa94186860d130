"""Synthesize one cell's app and gather every error of every check, nested stacks included.

:func:`glueforge.checks.synthesize` runs the synth (a ``DependencyCycle`` raises there),
aws-cdk-lib's schema validation and cdk-nag, once per app. cfn-lint then checks every
template the app wrote, nested stacks' templates too (``synthesize`` lints the stack
artifacts only, and a nested stack's template is an asset of its parent).

cfn-lint's rules are loaded once per process and a template seen before (a producer stack
shared by many cells) is not linted again: :func:`glueforge.checks.cfn_lint.lint_template`
does both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from aws_cdk import App

from glueforge.checks import SynthReport, synthesize
from glueforge.checks.cfn_lint import lint_template
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
        errors += [f for f in lint_template(template, name=name) if f.severity == "error"]
    return CellReport(report, templates, errors)
