"""`glueforge check`: passes on the reference app, fails on each kind of problem."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_s3 as s3
from click.testing import CliRunner

from glueforge import enable_checks
from glueforge.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def _check(source, *args):
    return CliRunner().invoke(cli, ["check", "--app", str(source), *args])


def _copy(reference, tmp_path) -> Path:
    """The reference assembly's manifest, templates and metadata (assets are not read)."""
    target = tmp_path / "cdk.out"
    target.mkdir()
    for file in Path(reference.outdir).glob("*.json"):
        shutil.copy(file, target / file.name)
    return target


def _edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def set_metadata(outdir: Path, entry_type: str, key: str, value, **where) -> None:
    """Set ``key`` in every ``entry_type`` metadata entry whose data matches ``where``."""

    def change(metadata):
        for entries in metadata.values():
            for entry in entries:
                data = entry["data"] if entry["type"] == entry_type else None
                if data is not None and all(data.get(k) == v for k, v in where.items()):
                    data[key] = value

    _edit_json(outdir / "DataLake.metadata.json", change)


def test_passes_on_the_reference_app(reference):
    result = _check(reference.outdir)
    assert result.exit_code == 0, result.output
    assert "glueforge check passed: 0 error(s) in 1 stack(s)" in result.output
    for tool in ("script", "cfn-lint", "cdk-nag", "cost"):
        assert f"{tool:<13} ok" in result.output


def test_fails_on_a_bad_script(reference, tmp_path):
    outdir = _copy(reference, tmp_path)

    def break_script(metadata):
        for entries in metadata.values():
            for entry in entries:
                if entry["type"] == "glueforge:job-script":
                    entry["data"]["script"] += "\nprint(undefined_name)\n"
                    return

    _edit_json(outdir / "DataLake.metadata.json", break_script)
    result = _check(outdir)
    assert result.exit_code == 1
    assert "script        1 error(s)" in result.output
    assert "undefined name 'undefined_name'" in result.output


def test_fails_on_a_cfn_lint_error(reference, tmp_path):
    outdir = _copy(reference, tmp_path)

    def bad_property(template):
        job = next(r for r in template["Resources"].values() if r["Type"] == "AWS::Glue::Job")
        job["Properties"]["MaxRetries"] = "many"

    _edit_json(outdir / "DataLake.template.json", bad_property)
    result = _check(outdir)
    assert result.exit_code == 1
    assert "[cfn-lint error]" in result.output


def test_fails_on_a_cdk_nag_error(tmp_path):
    app = App(outdir=str(tmp_path / "cdk.out"))
    s3.Bucket(Stack(app, "Open"), "NoSsl")  # AwsSolutions-S10: no SSL-only policy
    enable_checks(app, limits=False)
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()
    result = _check(tmp_path / "cdk.out")
    assert result.exit_code == 1
    assert "cdk-nag       " in result.output and "AwsSolutions-S10" in result.output


def test_fails_on_a_cost_guardrail_in_the_assembly(reference, tmp_path):
    outdir = _copy(reference, tmp_path)
    set_metadata(outdir, "glueforge:cost", "max_cost_per_run", 0.1, kind="job")
    result = _check(outdir, "--json")
    assert result.exit_code == 1
    findings = json.loads(result.output)["findings"]
    assert {f["tool"] for f in findings} == {"cost"}
    assert "exceeds max_cost_per_run $0.10" in findings[0]["message"]


def test_fails_when_a_guardrail_stops_the_synth(tmp_path):
    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            f"""
            import sys
            sys.path.insert(0, {str(ROOT / "constructs")!r})
            from aws_cdk import App, Stack
            from glueforge import EtlJob, Pipeline, S3Sink, S3Source, StartTrigger, enable_checks
            from aws_cdk import aws_s3 as s3

            app = App()
            stack = Stack(app, "Costly")
            bucket = s3.Bucket(stack, "Data", enforce_ssl=True)
            job = EtlJob(stack, "Job", specs=[
                S3Source("raw", bucket=bucket, prefix="in/"),
                S3Sink("out", input="raw", bucket=bucket, prefix="out/"),
            ])
            pipeline = Pipeline(stack, "Nightly")
            pipeline.add_trigger("Start", StartTrigger.schedule("cron(0 * * * ? *)"), run=[job])
            enable_checks(app, nag=False, limits=False, monthly_budget=20)
            app.synth()
            """
        )
    )
    (tmp_path / "cdk.json").write_text(json.dumps({"app": f"{sys.executable} app.py"}))
    result = _check(tmp_path)
    assert result.exit_code == 1, result.output
    assert "synth         1 error(s)" in result.output
    assert "exceeds the app's monthly_budget $20.00" in result.output


def test_a_folder_that_is_no_app_is_a_usage_error(tmp_path):
    result = _check(tmp_path)
    assert result.exit_code == 2


def test_check_does_not_load_aws_cdk_for_an_assembly(reference):
    probe = (
        "import sys; from glueforge.cli import cli;"
        f"cli(['check', '--app', {str(reference.outdir)!r}], standalone_mode=False);"
    )
    probe_after = probe + "print(sorted(m for m in sys.modules if m.startswith('aws_cdk')))"
    result = subprocess.run([sys.executable, "-c", probe_after], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
