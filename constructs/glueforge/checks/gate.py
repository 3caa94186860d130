"""The checks ``glueforge check`` runs on a cloud assembly, each with its own conclusion.

A check that was not enabled, or had nothing to check, says so ("not run", and why); it
is never reported "ok". The job-script checks need the job renderer's checks, which this
layer does not import: the caller runs them and passes their results in.

Kept free of aws_cdk imports: ``glueforge check`` reads an assembly without loading CDK.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from glueforge.assembly.reader import AssemblyError, StackArtifact, metadata_entries, stacks
from glueforge.checks.cfn_lint import lint_template
from glueforge.checks.findings import Finding
from glueforge.checks.results import (
    CHECKS,
    ENABLED_CHECKS_METADATA,
    FAILED,
    NOT_RUN,
    CheckResult,
    concluded,
    not_run,
)
from glueforge.checks.validation_report import VALIDATION_REPORT, read_validation_report
from glueforge.cost.model import (
    APP_BUDGET_METADATA,
    COST_METADATA,
    PIPELINE_COST_METADATA,
    report_from_assembly,
)

# The tool name read_validation_report gives each plugin's findings, per check. Findings
# of any other plugin (aws-cdk-lib's own schema validation, a plugin the app added) belong
# to the synth check, so that no error goes unreported.
_PLUGIN_TOOLS = {"cdk-nag": "cdk-nag", "limits": "glueforge"}
ENABLE_HINT = "glueforge.enable_checks(app)"
_COST_LIMITS = ("max_cost_per_run", "monthly_budget")


def enabled_checks(outdir: str | Path) -> dict[str, dict[str, Any]]:
    """The synth checks the app enabled, with their settings, as its stacks record them."""
    enabled: dict[str, dict[str, Any]] = {}
    for _, data in metadata_entries(outdir, ENABLED_CHECKS_METADATA):
        enabled.update(data or {})
    return enabled


def check_assembly(
    outdir: str | Path,
    *,
    synthesized: bool,
    synth_error: str | None = None,
    scripts: Sequence[CheckResult] = (),
) -> list[CheckResult]:
    """Every check on the assembly at ``outdir``, in :data:`CHECKS` order.

    :param synthesized: whether the assembly was synthesized just now; False for an
        existing assembly, read as it is (its synth is then not checked).
    :param synth_error: the error of a synth that wrote the assembly and then failed,
        as a failing validation plugin (cdk-nag, the template-size check) makes it.
    :param scripts: the job-script checks' results.
    """
    outdir = Path(outdir)
    artifacts = list(stacks(outdir))
    report = read_validation_report(outdir / VALIDATION_REPORT)
    enabled = enabled_checks(outdir)
    results = {result.name: result for result in scripts}
    results["cfn-lint"] = _guarded("cfn-lint", _cfn_lint, artifacts)
    results["cdk-nag"] = _nag(report, enabled)
    results["limits"] = _limits(report, enabled)
    results["cost"] = _guarded("cost", _cost, outdir)
    claimed = set(_PLUGIN_TOOLS.values())
    others = [f for f in report if f.tool not in claimed]
    explained = any(result.status == FAILED for result in results.values())
    results["synth"] = _synth(
        others,
        synthesized=synthesized,
        error=synth_error,
        explained=explained,
        stacks=len(artifacts),
    )
    return [results[name] for name in CHECKS if name in results]


def not_synthesized(error: str, *, app: str) -> list[CheckResult]:
    """The checks of an app that did not synthesize: the synth failed, nothing else ran."""
    finding = Finding("synth", "synth", "error", app, error)
    return [CheckResult("synth", FAILED, "the app did not synthesize", (finding,))] + [
        not_run(name, "the app did not synthesize") for name in CHECKS[1:]
    ]


def _guarded(name: str, check: Callable[[Any], CheckResult], subject: Any) -> CheckResult:
    """``check(subject)``; a check that crashes fails with the cause, and the others run.

    A broken input file (an :class:`AssemblyError` with exit code 2, such as a template
    the manifest names but the folder lacks) is not a finding of the check: it is raised,
    so the command answers it as every broken input is answered (exit 2, naming the file).
    """
    try:
        return check(subject)
    except AssemblyError as error:
        if error.exit_code == 2:
            raise
        return CheckResult(name, FAILED, f"could not finish: {error}")
    except Exception as error:  # noqa: BLE001 (a crashing check reports, not aborts)
        return CheckResult(name, FAILED, f"could not finish: {type(error).__name__}: {error}")


def _synth(
    findings: list[Finding], *, synthesized: bool, error: str | None, explained: bool, stacks: int
) -> CheckResult:
    if not synthesized:
        if any(f.severity == "error" for f in findings):
            return concluded("synth", findings, "errors in the assembly's validation report")
        return CheckResult("synth", NOT_RUN, "read an existing assembly as it is", tuple(findings))
    if error and not explained and not any(f.severity == "error" for f in findings):
        findings = [*findings, Finding("synth", "synth", "error", "(app)", error)]
    return concluded("synth", findings, f"wrote {stacks} stack(s)")


def _cfn_lint(artifacts: list[StackArtifact]) -> CheckResult:
    if not artifacts:
        return not_run("cfn-lint", "the assembly holds no stack")
    findings = []
    for stack in artifacts:
        findings += lint_template(stack.template(), name=stack.template_file.name)
    return concluded("cfn-lint", findings, f"{len(artifacts)} template(s)")


def _nag(report: list[Finding], enabled: dict[str, dict[str, Any]]) -> CheckResult:
    findings = [f for f in report if f.tool == _PLUGIN_TOOLS["cdk-nag"]]
    # Findings in the report show that cdk-nag ran, however the app added it.
    if "cdk-nag" not in enabled and not findings:
        return not_run("cdk-nag", f"not enabled: call {ENABLE_HINT} in the app")
    pack = enabled.get("cdk-nag", {}).get("pack", "AwsSolutions")
    return concluded("cdk-nag", findings, f"{pack} rules")


def _limits(report: list[Finding], enabled: dict[str, dict[str, Any]]) -> CheckResult:
    findings = [f for f in report if f.tool == _PLUGIN_TOOLS["limits"]]
    if "limits" not in enabled and not findings:
        return not_run("limits", f"not enabled: call {ENABLE_HINT} in the app")
    limit = enabled.get("limits", {}).get("max_template_bytes")
    within = f"at most {limit:,} bytes per template" if limit else "template size"
    return concluded("limits", findings, within)


def _cost(outdir: Path) -> CheckResult:
    def guarded(kinds: tuple[str, ...]) -> set[str]:
        return {
            path
            for kind in kinds
            for path, data in metadata_entries(outdir, kind)
            if any((data or {}).get(limit) is not None for limit in _COST_LIMITS)
        }

    # The app's budget is recorded on each of its stacks: count it once.
    app_wide = bool(guarded((APP_BUDGET_METADATA,)))
    own = len(guarded((COST_METADATA, PIPELINE_COST_METADATA)))
    problems = report_from_assembly(outdir).problems
    if not app_wide and not own and not problems:
        return not_run(
            "cost",
            "no guardrail declared: enable_checks(app, max_cost_per_run=..., "
            "monthly_budget=...), or a job's, crawler's or pipeline's own",
        )
    declared = (["the app"] if app_wide else []) + ([f"{own} construct(s)"] if own else [])
    findings = [Finding("cost", "guardrail", "error", path, msg) for path, msg in problems]
    return concluded("cost", findings, f"guardrails of {' and of '.join(declared) or 'none'}")
