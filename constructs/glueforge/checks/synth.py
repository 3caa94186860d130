"""Synthesize a CDK app with its checks and gather one report."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from aws_cdk import App, Validations
from aws_cdk.assertions import Template

from glueforge.assembly.reader import stacks
from glueforge.checks.cfn_lint import lint_template
from glueforge.checks.enable import enable_checks
from glueforge.checks.findings import Acknowledged, Finding
from glueforge.checks.validation_report import VALIDATION_REPORT, read_validation_report


@dataclass
class SynthReport:
    """What one synth of an app produced and what the checks found in it."""

    outdir: Path
    templates: dict[str, dict] = field(default_factory=dict)
    template_files: dict[str, Path] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    acknowledged: list[Acknowledged] = field(default_factory=list)

    def template(self, stack_id: str) -> Template:
        """The CDK assertions ``Template`` of the stack artifact ``stack_id``."""
        try:
            return Template.from_json(self.templates[stack_id])
        except KeyError:
            raise KeyError(
                f"no stack {stack_id!r} in the assembly; stacks: {sorted(self.templates)}"
            ) from None

    def errors(self, tool: str | None = None) -> list[Finding]:
        """Findings of severity ``error``, from one tool or from all."""
        return [
            f for f in self.findings if f.severity == "error" and (tool is None or f.tool == tool)
        ]

    def warnings(self, tool: str | None = None) -> list[Finding]:
        return [
            f for f in self.findings if f.severity == "warning" and (tool is None or f.tool == tool)
        ]


def synthesize(app: App, *, nag: bool = True, cfn_lint: bool = True) -> SynthReport:
    """Synthesize ``app`` and check every template it produces.

    Unlike ``app.synth()``, a failing check does not raise: it becomes a finding, so a
    caller sees every problem at once. Errors that stop synthesis itself (for example a
    :class:`~glueforge.core.errors.GlueforgeValidationError`) still raise.
    """
    # Checks the app enabled itself keep their settings: each is added once.
    enable_checks(app, nag=nag)
    try:
        app.synth()
    except RuntimeError as error:
        if "ValidationFailed" not in str(error):
            raise
    outdir = Path(app.outdir)
    report = SynthReport(outdir=outdir, acknowledged=_acknowledgments(app))
    report.findings.extend(read_validation_report(outdir / VALIDATION_REPORT))
    for stack_id, template_file in _stack_templates(outdir).items():
        template = json.loads(template_file.read_text())
        report.templates[stack_id] = template
        report.template_files[stack_id] = template_file
        if cfn_lint:
            report.findings.extend(lint_template(template, name=template_file.name))
    return report


def _stack_templates(outdir: Path) -> dict[str, Path]:
    """Stack artifact id -> template file, including stacks of nested stages."""
    return {stack.artifact_id: stack.template_file for stack in stacks(outdir)}


def _acknowledgments(app: App) -> list[Acknowledged]:
    """Every acknowledgment in the construct tree, with its reason.

    Read from construct metadata rather than the validation report, which lists a
    suppressed finding only in some runs.
    """
    tools = {"AwsSolutions": "cdk-nag", "CloudFormation-Validate": "cdk-validate"}
    found = []
    for construct in app.node.find_all():
        for entry in construct.node.metadata:
            if entry.type != Validations.ACKNOWLEDGED_RULES_METADATA_KEY:
                continue
            for qualified, reason in entry.data.items():
                plugin, _, rule = qualified.partition("::")
                found.append(
                    Acknowledged(
                        tool=tools.get(plugin, plugin),
                        rule=rule or plugin,
                        location=construct.node.path,
                        reason=reason,
                    )
                )
    return found
