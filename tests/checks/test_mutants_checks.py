"""What ``glueforge check`` concludes in the cases mutation testing found untested
(``make mutants``, docs/contributing.md)."""

from __future__ import annotations

import pytest

from glueforge.assembly.reader import AssemblyError
from glueforge.checks.gate import _guarded, not_synthesized
from glueforge.checks.results import CHECKS, CheckResult


def test_an_app_that_did_not_synthesize_fails_synth_and_runs_nothing_else():
    results = not_synthesized("ValueError: bad prop", app="/work/app")
    assert [r.name for r in results] == list(CHECKS)
    synth, *others = results
    assert (synth.status, synth.reason) == ("failed", "the app did not synthesize")
    [finding] = synth.findings
    assert (finding.severity, finding.location, finding.message) == (
        "error",
        "/work/app",
        "ValueError: bad prop",
    )
    # never "ok", never silently skipped: each says why it did not run
    assert {(r.status, r.reason) for r in others} == {("not run", "the app did not synthesize")}


def test_a_check_that_crashes_fails_with_its_cause():
    def crashes(_):
        raise KeyError("Resources")

    result = _guarded("cost", crashes, None)
    assert result == CheckResult("cost", "failed", "could not finish: KeyError: 'Resources'")


def test_a_broken_input_file_is_not_a_finding_but_the_command_s_error():
    # exit 2: a template the manifest names is missing; the command answers it as every
    # broken input (naming the file), instead of a failed cfn-lint check
    def missing(_):
        raise AssemblyError("cannot read the template of stack Lake, x.json: No such file", 2)

    with pytest.raises(AssemblyError) as caught:
        _guarded("cfn-lint", missing, None)
    assert caught.value.exit_code == 2


def test_an_assembly_error_that_is_not_a_broken_input_fails_the_check():
    def fails(_):
        raise AssemblyError("the app failed to synthesize", 1)

    result = _guarded("cost", fails, None)
    assert result == CheckResult("cost", "failed", "could not finish: the app failed to synthesize")


def _finding(severity: str, tool: str = "cdk-validate"):
    from glueforge.checks.findings import Finding

    return Finding(tool, "CDK1", severity, "App/Stack/X", "a problem")


def test_an_existing_assembly_keeps_its_warnings_and_does_not_check_synth():
    from glueforge.checks.gate import _synth

    warning = _finding("warning")
    result = _synth([warning], synthesized=False, error=None, explained=False, stacks=1)
    reason = "read an existing assembly as it is"
    assert result == CheckResult("synth", "not run", reason, (warning,))


def test_an_existing_assembly_with_an_error_in_its_report_fails_synth():
    from glueforge.checks.gate import _synth

    error = _finding("error")
    result = _synth([error], synthesized=False, error=None, explained=False, stacks=1)
    assert (result.status, result.findings) == ("failed", (error,))


def test_a_failed_synth_that_nothing_explains_is_its_own_finding():
    from glueforge.checks.findings import Finding
    from glueforge.checks.gate import _synth

    warning = _finding("warning")
    result = _synth([warning], synthesized=True, error="boom", explained=False, stacks=2)
    assert result == CheckResult(
        "synth",
        "failed",
        "1 error(s); wrote 2 stack(s)",
        (warning, Finding("synth", "synth", "error", "(app)", "boom")),
    )


def test_a_failed_synth_explained_by_a_finding_is_not_reported_twice():
    from glueforge.checks.gate import _synth

    error = _finding("error")
    # an error finding already says why: no second finding for the synth's own error
    result = _synth([error], synthesized=True, error="boom", explained=False, stacks=1)
    assert result.findings == (error,)
    # another check's failure explains it: synth itself is ok
    result = _synth([], synthesized=True, error="boom", explained=True, stacks=1)
    assert (result.status, result.findings) == ("ok", ())


def test_an_assembly_without_stacks_is_not_linted():
    from glueforge.checks.gate import _cfn_lint

    assert _cfn_lint([]) == CheckResult("cfn-lint", "not run", "the assembly holds no stack")


def test_cfn_lint_crashing_fails_the_cfn_lint_check(monkeypatch, tmp_path):
    import json

    from glueforge.checks import gate

    outdir = tmp_path / "cdk.out"
    outdir.mkdir()
    (outdir / "manifest.json").write_text(json.dumps({"version": "36.0.0", "artifacts": {}}))

    def crashes(_):
        raise RuntimeError("cfn-lint broke")

    monkeypatch.setattr(gate, "_cfn_lint", crashes)
    results = {r.name: r for r in gate.check_assembly(outdir, synthesized=False)}
    assert results["cfn-lint"] == CheckResult(
        "cfn-lint", "failed", "could not finish: RuntimeError: cfn-lint broke"
    )


# ---- cdk-nag, limits, cfn-lint and cost conclusions --------------------------------------


def test_nag_names_the_rule_pack_it_ran():
    from glueforge.checks.gate import _nag

    assert _nag([], {"cdk-nag": {"pack": "HIPAASecurity"}}).reason == "HIPAASecurity rules"
    # findings in the report show cdk-nag ran even when no record says so: default pack
    found = _nag([_finding("error", tool="cdk-nag")], {})
    assert (found.status, found.reason) == ("failed", "1 error(s); AwsSolutions rules")


def test_limits_without_a_recorded_limit_says_template_size():
    from glueforge.checks.gate import _limits

    found = _limits([_finding("error", tool="glueforge")], {})
    assert (found.status, found.reason) == ("failed", "1 error(s); template size")
    assert _limits([], {"limits": {}}).reason == "template size"


class _Artifact:
    """A stack artifact with a template that cfn-lint faults (a resource of no known type)."""

    def __init__(self, name: str):
        from pathlib import Path

        self.template_file = Path(name)

    def template(self) -> dict:
        return {"Resources": {"Thing": {"Type": "AWS::Nope::Thing"}}}


def test_cfn_lint_findings_of_every_template_are_kept_and_named_by_file():
    from glueforge.checks.gate import _cfn_lint

    result = _cfn_lint([_Artifact("A.template.json"), _Artifact("B.template.json")])
    assert result.status == "failed"
    assert result.reason.endswith("; 2 template(s)")
    files = sorted({f.location.split(":")[0] for f in result.findings})
    assert files == ["A.template.json", "B.template.json"]


_JOB = {
    "path": "S/Job",
    "kind": "job",
    "name": "job",
    "rate": "standard",
    "dpu": 10.0,
    "typical_minutes": 10,
    "minimum_seconds": 60,
    "timeout_minutes": 60,
}


def _with_job(tmp_path, inputs: dict, **checks):
    import json

    from tests.checks.test_gate import _clean, _synth

    outdir = _synth(tmp_path, _clean, **checks)
    metadata_file = outdir / "S.metadata.json"
    metadata = json.loads(metadata_file.read_text())
    metadata["/S/Job"] = [{"type": "glueforge:cost", "data": inputs}]
    metadata_file.write_text(json.dumps(metadata))
    return outdir


def _cost(outdir):
    from glueforge.checks.gate import check_assembly

    [cost] = [r for r in check_assembly(outdir, synthesized=True) if r.name == "cost"]
    return cost


def test_a_construct_with_every_guardrail_counts_as_guarded(tmp_path):
    # both limits declared and both met: worst case 10 DPU x 1 h x $0.44 = $4.40 per run
    inputs = {**_JOB, "max_cost_per_run": 5.0, "monthly_budget": 1000.0}
    cost = _cost(_with_job(tmp_path, inputs))
    assert (cost.status, cost.reason) == ("ok", "guardrails of 1 construct(s)")


def test_guardrail_findings_name_the_construct(tmp_path):
    outdir = _with_job(tmp_path, {**_JOB, "max_cost_per_run": 1.0}, nag=False, monthly_budget=1e6)
    cost = _cost(outdir)
    assert cost.reason == "1 error(s); guardrails of the app and of 1 construct(s)"
    [finding] = cost.findings
    assert (finding.tool, finding.rule, finding.severity, finding.location) == (
        "cost",
        "guardrail",
        "error",
        "S/Job",
    )


def test_the_app_budget_recorded_on_the_stack_is_applied(tmp_path):
    # the app's max_cost_per_run ($1) against the job's worst case ($4.40)
    outdir = _with_job(tmp_path, _JOB, nag=False, max_cost_per_run=1.0)
    cost = _cost(outdir)
    assert cost.status == "failed"
    assert "$4.40" in cost.errors[0].message


def test_cost_inputs_from_metadata_read_missing_kinds_as_none():
    from glueforge.cost.model import (
        APP_BUDGET_METADATA,
        Budget,
        from_metadata,
    )

    assert from_metadata({}) == ([], [], None)
    assert from_metadata({APP_BUDGET_METADATA: [{"monthly_budget": 10.0}]}) == (
        [],
        [],
        Budget(monthly_budget=10.0),
    )
