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
    # The reference app: six Python scripts (four PySpark batch jobs, a PySpark streaming
    # job, a Python shell job), one stack, enable_checks with the app's
    # guardrails, and two pipelines (Nightly, Clickstream) with their own.
    assert result.output.splitlines() == [
        "synth     not run  read an existing assembly as it is",
        "pyspark   ok       6 script(s) compiled, checked by pyflakes",
        "scala     not run  no Scala job in the app",
        "cfn-lint  ok       1 template(s)",
        "cdk-nag   ok       AwsSolutions rules",
        "limits    ok       at most 1,048,576 bytes per template",
        "cost      ok       guardrails of the app and of 2 construct(s)",
        "glueforge check passed: 0 error(s) in 1 stack(s); not run: synth, scala",
    ]


def test_fails_on_a_bad_script(reference, tmp_path):
    outdir = _copy(reference, tmp_path)

    def break_script(metadata):
        for entries in metadata.values():
            for entry in entries:
                if entry["type"] == "glueforge:job-scripts":
                    entry["data"][0]["script"] += "\nprint(undefined_name)\n"
                    return

    _edit_json(outdir / "DataLake.metadata.json", break_script)
    result = _check(outdir)
    assert result.exit_code == 1
    assert "pyspark   failed   1 error(s); 6 script(s) compiled, checked by pyflakes" in (
        result.output
    )
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
    assert "cdk-nag   failed   " in result.output and "AwsSolutions-S10" in result.output


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
    assert "synth     failed   the app did not synthesize" in result.output
    assert "cost      not run  the app did not synthesize" in result.output
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


NOT_ENABLED = "not enabled: call glueforge.enable_checks(app) in the app"
NO_GUARDRAIL = (
    "no guardrail declared: enable_checks(app, max_cost_per_run=..., monthly_budget=...), "
    "or a job's, crawler's or pipeline's own"
)


def _bucket_only(tmp_path) -> Path:
    """An assembly of one stack holding one secure bucket, synthesized without checks."""
    from glueforge import SecureBucket

    app = App(outdir=str(tmp_path / "cdk.out"))
    SecureBucket(Stack(app, "Plain"), "Data")
    app.synth()
    return tmp_path / "cdk.out"


def test_checks_the_app_did_not_enable_are_not_run_and_not_ok(tmp_path):
    result = _check(_bucket_only(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "synth     not run  read an existing assembly as it is",
        "pyspark   not run  no PySpark job in the app",
        "scala     not run  no Scala job in the app",
        "cfn-lint  ok       1 template(s)",
        f"cdk-nag   not run  {NOT_ENABLED}",
        f"limits    not run  {NOT_ENABLED}",
        f"cost      not run  {NO_GUARDRAIL}",
        "glueforge check passed: 0 error(s) in 1 stack(s); "
        "not run: synth, pyspark, scala, cdk-nag, limits, cost",
    ]


def test_require_makes_a_check_that_did_not_run_fail(tmp_path):
    outdir = _bucket_only(tmp_path)
    result = _check(outdir, "--require", "nag,cost")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"cdk-nag   not run  {NOT_ENABLED}  (required)" in lines
    assert f"limits    not run  {NOT_ENABLED}" in lines
    assert lines[-1] == (
        "glueforge check FAILED: 0 error(s) in 1 stack(s); "
        "not run: synth, pyspark, scala, cdk-nag, limits, cost; "
        "required but not run: cdk-nag, cost"
    )
    # a required check that ran passes
    assert _check(outdir, "--require", "cfn-lint").exit_code == 0


def test_check_json_lists_every_check_with_its_status(tmp_path):
    result = _check(_bucket_only(tmp_path), "--json", "--require", "limits", "--require", "nag")
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["ok"] is False
    assert document["not_run"] == ["synth", "pyspark", "scala", "cdk-nag", "limits", "cost"]
    assert document["required_not_run"] == ["cdk-nag", "limits"]
    assert document["checks"][3] == {
        "name": "cfn-lint",
        "status": "ok",
        "reason": "1 template(s)",
        "errors": 0,
        "warnings": 0,
        "required": False,
    }
    assert document["checks"][4] == {
        "name": "cdk-nag",
        "status": "not run",
        "reason": NOT_ENABLED,
        "errors": 0,
        "warnings": 0,
        "required": True,
    }
    assert document["findings"] == []


def test_check_json_on_the_reference_app(reference):
    document = json.loads(_check(reference.outdir, "--json").output)
    assert document["ok"] is True
    assert [(c["name"], c["status"]) for c in document["checks"]] == [
        ("synth", "not run"),
        ("pyspark", "ok"),
        ("scala", "not run"),
        ("cfn-lint", "ok"),
        ("cdk-nag", "ok"),
        ("limits", "ok"),
        ("cost", "ok"),
    ]


def test_an_unknown_required_check_is_a_usage_error(reference):
    result = _check(reference.outdir, "--require", "lint")
    assert result.exit_code == 2
    assert "no check 'lint'; the checks: synth, pyspark, scala, cfn-lint, cdk-nag" in (
        result.output
    )


SCALA_OK = "object GlueApp {\n  def main(args: Array[String]): Unit = {}\n}\n"
SCALA_BROKEN = "object GlueApp {\n  def main(args: Array[String]): Unit = {\n}\n"


def _one_scala_script(reference, tmp_path, script: str) -> Path:
    """The reference assembly with its first job script turned into ``script``, in Scala."""
    tmp_path.mkdir(exist_ok=True)
    outdir = _copy(reference, tmp_path)

    def to_scala(metadata):
        for entries in metadata.values():
            for entry in entries:
                if entry["type"] == "glueforge:job-scripts":
                    entry["data"][0].update(language="scala", script=script)
                    return

    _edit_json(outdir / "DataLake.metadata.json", to_scala)
    return outdir


def test_scala_is_not_run_where_scalac_is_missing(reference, tmp_path, monkeypatch):
    monkeypatch.setattr("glueforge.jobs.script.checks.scala_parser_available", lambda: False)
    result = _check(_one_scala_script(reference, tmp_path, SCALA_BROKEN))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # the reference app's 6 Python scripts (4 batch, 1 streaming, 1 Python shell), less
    # the one turned into Scala
    assert "pyspark   ok       5 script(s) compiled, checked by pyflakes" in lines
    assert "scala     not run  scalac not installed: 1 script(s) not parsed" in lines
    assert lines[-1].endswith("not run: synth, scala")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("scalac") is None, reason="scalac is not installed")
def test_scala_scripts_are_parsed_where_scalac_is_installed(reference, tmp_path):
    result = _check(_one_scala_script(reference, tmp_path / "ok", SCALA_OK))
    assert result.exit_code == 0, result.output
    assert "scala     ok       1 script(s) parsed by scalac" in result.output.splitlines()
    result = _check(_one_scala_script(reference, tmp_path / "broken", SCALA_BROKEN))
    assert result.exit_code == 1
    assert "scala     failed   1 error(s); 1 script(s) parsed by scalac" in result.output
    assert "[script error] scala at " in result.output


FAILING_APP = f"""
import sys
sys.path.insert(0, {str(ROOT / "constructs")!r})
from aws_cdk import App, Stack
from aws_cdk import aws_s3 as s3
from glueforge import EtlJob, S3Sink, S3Source

app = App()
stack = Stack(app, "Broken")
bucket = s3.Bucket(stack, "Data", enforce_ssl=True)
EtlJob(stack, "Job", number_of_workers=1000, specs=[
    S3Source("raw", bucket=bucket, prefix="in/"),
    S3Sink("out", input="raw", bucket=bucket, prefix="out/"),
])
app.synth()
"""
# GlueforgeValidationError's message: the construct path, then the problem.
APP_MESSAGE = "Broken/Job: number_of_workers must be 2-299 for G.1X, got 1000"


@pytest.fixture
def failing_app(tmp_path) -> Path:
    (tmp_path / "app.py").write_text(FAILING_APP)
    (tmp_path / "cdk.json").write_text(json.dumps({"app": f"{sys.executable} app.py"}))
    return tmp_path


@pytest.mark.slow
@pytest.mark.parametrize(
    "command", [["check"], ["check", "--json"], ["render", "-o", "out"], ["cost"], ["graph"]]
)
def test_an_app_that_raises_shows_its_message_not_its_traceback(failing_app, command):
    result = CliRunner().invoke(cli, [*command, "--app", str(failing_app)])
    assert result.exit_code == 1, result.output
    assert APP_MESSAGE in result.output
    assert f"the app in {failing_app} failed to synthesize" in result.output
    assert "Traceback" not in result.output
    assert 'File "' not in result.output
    if "--json" in command:
        [finding] = json.loads(result.stdout)["findings"]
        assert finding["message"].splitlines()[-1] == APP_MESSAGE


@pytest.mark.slow
@pytest.mark.parametrize("command", ["check", "render"])
def test_debug_shows_all_the_app_printed(failing_app, command):
    result = CliRunner().invoke(cli, [command, "--app", str(failing_app), "--debug"])
    assert result.exit_code == 1
    assert "Traceback (most recent call last):" in result.stderr
    assert f"GlueforgeValidationError: {APP_MESSAGE}" in result.stderr
