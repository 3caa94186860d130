"""Each check of ``glueforge check`` concludes ok, failed or not run, and says why.

Expected reasons are written by hand from what each app declares.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_s3 as s3

from glueforge import SecureBucket, enable_checks
from glueforge.checks.gate import check_assembly, enabled_checks, not_synthesized
from glueforge.checks.results import CheckResult, check_name, concluded, not_run

NOT_ENABLED = "not enabled: call glueforge.enable_checks(app) in the app"
NO_GUARDRAIL = (
    "no guardrail declared: enable_checks(app, max_cost_per_run=..., monthly_budget=...), "
    "or a job's, crawler's or pipeline's own"
)


def _synth(tmp_path: Path, build, **checks) -> Path:
    """Synthesize an app of one stack ``S`` built by ``build``; the assembly's folder."""
    outdir = tmp_path / "cdk.out"
    app = App(outdir=str(outdir))
    build(Stack(app, "S"))
    if checks:
        enable_checks(app, **checks)
    try:
        app.synth()
    except RuntimeError as error:  # a failing validation plugin, after writing the assembly
        assert "ValidationFailed" in str(error)
    return outdir


def _statuses(results: list[CheckResult]) -> dict[str, tuple[str, str]]:
    return {r.name: (r.status, r.reason) for r in results}


def _clean(stack: Stack) -> None:
    SecureBucket(stack, "Data")


def test_checks_the_app_did_not_enable_are_not_run(tmp_path):
    outdir = _synth(tmp_path, _clean)
    assert enabled_checks(outdir) == {}
    assert _statuses(check_assembly(outdir, synthesized=True)) == {
        "synth": ("ok", "wrote 1 stack(s)"),
        "cfn-lint": ("ok", "1 template(s)"),
        "cdk-nag": ("not run", NOT_ENABLED),
        "limits": ("not run", NOT_ENABLED),
        "cost": ("not run", NO_GUARDRAIL),
    }


def test_enabled_checks_that_pass_are_ok(tmp_path):
    outdir = _synth(tmp_path, _clean, monthly_budget=10)
    assert enabled_checks(outdir) == {
        "cdk-nag": {"pack": "AwsSolutions"},
        "limits": {"max_template_bytes": 1_048_576},
    }
    assert _statuses(check_assembly(outdir, synthesized=True)) == {
        "synth": ("ok", "wrote 1 stack(s)"),
        "cfn-lint": ("ok", "1 template(s)"),
        "cdk-nag": ("ok", "AwsSolutions rules"),
        "limits": ("ok", "at most 1,048,576 bytes per template"),
        "cost": ("ok", "guardrails of the app"),
    }


def test_the_record_names_only_what_was_enabled_and_is_on_every_stack(tmp_path):
    outdir = tmp_path / "cdk.out"
    app = App(outdir=str(outdir))
    _clean(Stack(app, "One"))
    enable_checks(app, nag=False, max_template_bytes=2_000_000)
    _clean(Stack(app, "Two"))  # declared after enable_checks: recorded all the same
    app.synth()
    for stack in ("One", "Two"):
        metadata = json.loads((outdir / f"{stack}.metadata.json").read_text())
        recorded = [e for e in metadata[f"/{stack}"] if e["type"] == "glueforge:checks-enabled"]
        assert recorded == [
            {
                "type": "glueforge:checks-enabled",
                "data": {"limits": {"max_template_bytes": 2_000_000}},
            }
        ]
    result = {r.name: r for r in check_assembly(outdir, synthesized=True)}
    assert result["cdk-nag"].status == "not run"
    assert result["limits"].reason == "at most 2,000,000 bytes per template"


def test_a_nag_error_fails_cdk_nag_and_the_synth_it_stopped_is_explained(tmp_path):
    outdir = _synth(tmp_path, lambda stack: s3.Bucket(stack, "Leaky"), limits=False)
    results = {
        r.name: r for r in check_assembly(outdir, synthesized=True, synth_error="ValidationFailed")
    }
    assert results["cdk-nag"].status == "failed"
    rules = {(f.rule, f.location) for f in results["cdk-nag"].errors}
    assert ("AwsSolutions-S10", "S/Leaky/Resource") in rules
    # the synth wrote its stack; cdk-nag's errors are what failed it
    assert (results["synth"].status, results["synth"].reason) == ("ok", "wrote 1 stack(s)")
    assert results["limits"].status == "not run"


def test_a_synth_failure_nothing_explains_fails_the_synth(tmp_path):
    outdir = _synth(tmp_path, _clean)
    [synth] = [
        r
        for r in check_assembly(outdir, synthesized=True, synth_error="the app exited 3")
        if r.name == "synth"
    ]
    assert (synth.status, synth.reason) == ("failed", "1 error(s); wrote 1 stack(s)")
    assert synth.errors[0].message == "the app exited 3"


def test_an_existing_assembly_is_read_as_it_is(tmp_path):
    outdir = _synth(tmp_path, _clean)
    [synth] = [r for r in check_assembly(outdir, synthesized=False) if r.name == "synth"]
    assert (synth.status, synth.reason) == ("not run", "read an existing assembly as it is")


def test_another_plugins_errors_fail_the_synth_check(tmp_path):
    outdir = _synth(tmp_path, _clean)
    (outdir / "validation-report.json").write_text(
        json.dumps(
            {
                "pluginReports": [
                    {
                        "pluginName": "MyPolicy",
                        "violations": [
                            {
                                "ruleName": "NoBuckets",
                                "description": "no buckets here",
                                "severity": "error",
                                "violatingConstructs": [{"constructPath": "S/Data/Resource"}],
                            }
                        ],
                    }
                ]
            }
        )
    )
    for synthesized, reason in (
        (True, "1 error(s); wrote 1 stack(s)"),
        (False, "1 error(s); errors in the assembly's validation report"),
    ):
        [synth] = [r for r in check_assembly(outdir, synthesized=synthesized) if r.name == "synth"]
        assert (synth.status, synth.reason) == ("failed", reason)
        assert synth.errors[0].tool == "MyPolicy"


def test_a_check_that_crashes_fails_and_the_others_still_run(tmp_path):
    outdir = _synth(tmp_path, _clean, nag=False)
    metadata_file = outdir / "S.metadata.json"
    metadata = json.loads(metadata_file.read_text())
    metadata["/S/Data"] = [{"type": "glueforge:cost", "data": {"not": "cost inputs"}}]
    metadata_file.write_text(json.dumps(metadata))
    results = _statuses(check_assembly(outdir, synthesized=True))
    status, reason = results["cost"]
    assert status == "failed"
    assert reason.startswith("could not finish: TypeError: ")
    assert results["limits"] == ("ok", "at most 1,048,576 bytes per template")


def test_cost_guardrails_a_construct_declares_are_checked(tmp_path):
    outdir = _synth(tmp_path, _clean)
    metadata_file = outdir / "S.metadata.json"
    metadata = json.loads(metadata_file.read_text())
    inputs = {
        "path": "S/Job",
        "kind": "job",
        "name": "job",
        "rate": "standard",
        "dpu": 10.0,
        "typical_minutes": 10,
        "minimum_seconds": 60,
        "timeout_minutes": 60,
        "max_cost_per_run": 1.0,
    }
    metadata["/S/Job"] = [{"type": "glueforge:cost", "data": inputs}]
    metadata_file.write_text(json.dumps(metadata))
    [cost] = [r for r in check_assembly(outdir, synthesized=True) if r.name == "cost"]
    # worst case: 10 DPU x 1 h x $0.44/DPU-hour = $4.40, over the $1.00 limit
    assert (cost.status, cost.reason) == ("failed", "1 error(s); guardrails of 1 construct(s)")
    assert "$4.40" in cost.errors[0].message


def test_an_app_that_did_not_synthesize_runs_no_other_check():
    results = not_synthesized("boom", app="my-app")
    assert [(r.name, r.status) for r in results] == [
        ("synth", "failed"),
        ("pyspark", "not run"),
        ("scala", "not run"),
        ("cfn-lint", "not run"),
        ("cdk-nag", "not run"),
        ("limits", "not run"),
        ("cost", "not run"),
    ]
    assert str(results[0].errors[0]) == "[synth error] synth at my-app: boom"


def test_results_and_names():
    assert concluded("x", [], "did x") == CheckResult("x", "ok", "did x")
    assert not_run("x", "why").to_json() == {
        "name": "x",
        "status": "not run",
        "reason": "why",
        "errors": 0,
        "warnings": 0,
    }
    assert check_name("nag") == "cdk-nag"
    assert check_name(" cost ") == "cost"
    with pytest.raises(ValueError, match="no check 'lint'; the checks: synth, pyspark"):
        check_name("lint")
