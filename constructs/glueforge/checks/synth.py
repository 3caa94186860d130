"""Synthesize a CDK app with its checks and gather one report."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from aws_cdk import App, Validations
from aws_cdk.assertions import Template

from glueforge.assembly.reader import stacks
from glueforge.checks.cfn_lint import lint_template
from glueforge.checks.enable import enable_checks
from glueforge.checks.findings import Acknowledged, Finding
from glueforge.checks.validation_report import VALIDATION_REPORT, read_validation_report
from glueforge.core.errors import glueforge_error_behind
from glueforge.core.rule_ids import split_rule_id

# How many errors ``str(report)`` lists; ``report.errors()`` has them all.
_ERRORS_SHOWN = 20


@dataclass(repr=False)
class SynthReport:
    """What one synth of an app produced and what the checks found in it.

    ``print(report)`` shows a summary (stacks, findings per tool and severity, the
    errors), not the templates.
    """

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

    def counts(self) -> dict[str, dict[str, int]]:
        """tool -> severity -> how many findings, tools and severities in first-seen order."""
        counts: dict[str, dict[str, int]] = {}
        for finding in self.findings:
            per_tool = counts.setdefault(finding.tool, {})
            per_tool[finding.severity] = per_tool.get(finding.severity, 0) + 1
        return counts

    def __repr__(self) -> str:
        severities = Counter(f.severity for f in self.findings)
        return (
            f"<SynthReport {str(self.outdir)!r} stacks={sorted(self.templates)} "
            f"errors={severities['error']} warnings={severities['warning']} "
            f"acknowledged={len(self.acknowledged)}>"
        )

    def __str__(self) -> str:
        stacks = ", ".join(sorted(self.templates)) or "none"
        lines = [f"synth of {len(self.templates)} stack(s) in {self.outdir}: {stacks}"]
        counts = self.counts()
        if not counts:
            lines.append("findings: none")
        for tool, per_severity in counts.items():
            found = ", ".join(f"{n} {severity}(s)" for severity, n in per_severity.items())
            lines.append(f"{tool}: {found}")
        lines.append(f"acknowledged: {len(self.acknowledged)}")
        errors = self.errors()
        lines += [f"  {error}" for error in errors[:_ERRORS_SHOWN]]
        if len(errors) > _ERRORS_SHOWN:
            lines.append(f"  ... and {len(errors) - _ERRORS_SHOWN} more (report.errors())")
        return "\n".join(lines)


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
        # A glueforge check that fails inside synth (cost guard, pipeline graph) reaches
        # Python as jsii's RuntimeError: raise glueforge's own error instead.
        glueforge_error = glueforge_error_behind(error)
        if glueforge_error is not None:
            raise glueforge_error from None
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
    if cfn_lint:
        # A nested stack's template is an asset of its parent, not a stack artifact.
        for nested_file in sorted(outdir.glob("*.nested.template.json")):
            nested = json.loads(nested_file.read_text())
            report.findings.extend(lint_template(nested, name=nested_file.name))
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
                plugin, rule = split_rule_id(qualified)
                found.append(
                    Acknowledged(
                        tool=tools.get(plugin, plugin),
                        rule=rule or plugin,
                        location=construct.node.path,
                        reason=reason,
                    )
                )
    return found
