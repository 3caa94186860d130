"""``glueforge check``: the one command CI runs.

1. synthesizes the app (or reads a cloud assembly);
2. validates every rendered job script: PySpark compile plus pyflakes, Scala parse (when
   ``scalac`` is installed);
3. runs cfn-lint on every template;
4. reads cdk-nag's findings from the synth's ``validation-report.json`` (the app enables
   cdk-nag with :func:`glueforge.enable_checks`);
5. checks the cost guardrails.

Exit 0 when nothing is an error, 1 on any error (a synth that fails, e.g. on a cost
guardrail, is one), 2 on usage errors.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from glueforge.cli import options

EXIT_FINDINGS = 1


@click.command("check")
@options.app
@options.json_output
@click.option("--warnings/--no-warnings", default=False, help="Also list warnings.")
@options.debug
def cli(app: Path, as_json: bool, warnings: bool) -> None:
    """Synthesize the app (--app) and check scripts, templates, cdk-nag and cost guardrails.

    An app folder is synthesized afresh into a temporary folder; a cloud assembly such as
    cdk.out is checked as it is.
    """
    import tempfile

    from glueforge.assembly.reader import AssemblyError, assembly_dir
    from glueforge.checks.findings import Finding

    with tempfile.TemporaryDirectory(prefix="glueforge-check-") as scratch:
        try:
            outdir = assembly_dir(app, outdir=scratch)
        except AssemblyError as error:
            if error.exit_code == 2:
                click.secho(str(error), err=True, fg="red")
                raise SystemExit(2) from None
            # cdk-nag fails the synth after writing the assembly: check what was written,
            # and report the failure itself only when nothing there explains it.
            findings, stacks = [], 0
            if (Path(scratch) / "manifest.json").is_file():
                findings, stacks = run_checks(Path(scratch))
            if not any(f.severity == "error" for f in findings):
                findings.append(Finding("synth", "synth", "error", str(app), str(error)))
        else:
            findings, stacks = run_checks(outdir)
    _report(findings, stacks=stacks, as_json=as_json, warnings=warnings)
    if any(f.severity == "error" for f in findings):
        raise SystemExit(EXIT_FINDINGS)


def run_checks(outdir: Path) -> tuple[list, int]:
    """Every finding in the assembly at ``outdir``, and how many stacks it holds."""
    from glueforge.assembly.reader import stacks
    from glueforge.checks.cfn_lint import lint_template
    from glueforge.checks.validation_report import VALIDATION_REPORT, read_validation_report
    from glueforge.cost.model import report_from_assembly

    findings = script_findings(outdir)
    artifacts = list(stacks(outdir))
    for stack in artifacts:
        findings += lint_template(stack.template(), name=stack.template_file.name)
    findings += read_validation_report(Path(outdir) / VALIDATION_REPORT)
    from glueforge.checks.findings import Finding

    findings += [
        Finding("cost", "guardrail", "error", path, message)
        for path, message in report_from_assembly(outdir).problems
    ]
    return findings, len(artifacts)


def script_findings(outdir: Path) -> list:
    """Problems in every job script recorded in the assembly (``glueforge:job-script``)."""
    from glueforge.assembly.reader import SCRIPT_METADATA, metadata_entries
    from glueforge.checks.findings import Finding
    from glueforge.jobs.script.checks import check_script, scala_parser_available, scala_problems

    findings = []
    scala = {}
    for path, data in metadata_entries(outdir, SCRIPT_METADATA):
        if data["language"] == "scala":
            scala[path] = data["script"]
            continue
        findings += [
            Finding("script", "pyspark", "error", path, problem)
            for problem in check_script(data["script"], "pyspark", template=data["template"])
        ]
    if scala and scala_parser_available():
        for path, problems in scala_problems(scala).items():
            findings += [Finding("script", "scala", "error", path, p) for p in problems]
    return findings


def _report(findings: list, *, stacks: int, as_json: bool, warnings: bool) -> None:
    shown = [f for f in findings if f.severity == "error" or (warnings and f.severity == "warning")]
    errors = [f for f in findings if f.severity == "error"]
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ok": not errors,
                    "stacks": stacks,
                    "findings": [f.__dict__ for f in shown],
                },
                indent=2,
            )
        )
        return
    tools = ("synth", "script", "cfn-lint", "cdk-nag", "cdk-validate", "cost")
    for tool in tools:
        count = sum(1 for f in errors if f.tool == tool)
        click.echo(f"{tool:<13} {'ok' if not count else f'{count} error(s)'}")
    for finding in shown:
        click.echo(str(finding), err=finding.severity == "error")
    verdict = "FAILED" if errors else "passed"
    click.echo(f"glueforge check {verdict}: {len(errors)} error(s) in {stacks} stack(s)")
