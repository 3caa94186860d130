"""``glueforge local-run`` on a Python shell job: its exact script with plain Python.

A tiny app is synthesized here; the CLI reads its cloud assembly, runs the script in a
subprocess of the venv's interpreter with the awsglue shim on its path (for
``getResolvedOptions``), and reports the exit code (and on failure its stderr's tail).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from aws_cdk import App, Stack
from click.testing import CliRunner

from glueforge import PythonShellJob
from glueforge.cli import cli
from glueforge.local import LocalRunError
from glueforge.local.python_shell import (
    LocalPythonShellJob,
    local_argv,
    run_python_shell,
)

BODY = """\
{% extends "python/shell.py.j2" %}
{% block imports %}
import json
import os

import helpers
import tinylib
{% endblock %}
{% block body %}
def run(args, settings):
    report = {
        "job": args["JOB_NAME"],
        "limit": int(args["limit"]),
        "doubled": helpers.double(int(args["limit"])),
        "answer": tinylib.ANSWER,
        "greeting": settings["greeting"],
        "spark_loaded": "pyspark" in sys.modules,
        "temp_dir": args["TempDir"],
    }
    with open(os.path.join(os.getcwd(), "report.json"), "w") as out:
        json.dump(report, out)
    if report["limit"] > 100:
        raise ValueError("limit too high: " + args["limit"])
{% endblock %}
"""


def _app(tmp_path: Path, limit: str) -> tuple[Path, PythonShellJob]:
    """A synthesized app with one Python shell job, its extra module and wheel."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.py.j2").write_text(BODY)
    (tmp_path / "helpers.py").write_text("def double(x):\n    return 2 * x\n")
    wheel = tmp_path / "tinylib-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("tinylib/__init__.py", "ANSWER = 42\n")
    outdir = tmp_path / "cdk.out"
    app = App(outdir=str(outdir))
    job = PythonShellJob(
        Stack(app, "Shop"),
        "Report",
        job_name="shop-report",
        template="report.py.j2",
        template_folders=[str(templates)],
        template_variables={"greeting": "hello"},
        extra_python_files=[str(tmp_path / "helpers.py"), str(wheel)],
        default_arguments={"--limit": limit},
    )
    app.synth()
    return outdir, job


def _local_run(outdir: Path, data: Path, *extra: str):
    return CliRunner().invoke(
        cli, ["local-run", "shop-report", "--data", str(data), "--app", str(outdir), *extra]
    )


def test_local_run_runs_the_script_with_plain_python(tmp_path):
    outdir, _ = _app(tmp_path, "21")
    data = tmp_path / "data"
    data.mkdir()
    result = _local_run(outdir, data, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert (summary["job"], summary["kind"], summary["exit_code"]) == (
        "shop-report",
        "pythonshell",
        0,
    )
    temp = str(data.resolve() / ".glueforge" / "temp" / "shop-report") + "/"
    report = json.loads((data / "report.json").read_text())
    assert report == {
        "job": "shop-report",
        "limit": 21,
        "doubled": 42,  # helpers.double, from the extra .py file
        "answer": 42,  # tinylib.ANSWER, from the wheel
        "greeting": "hello",
        "spark_loaded": False,
        # Glue's TempDir, as local runs give it: <data>/.glueforge/temp/<job name>/
        "temp_dir": temp,
    }
    assert summary["arguments"] == {"JOB_NAME": "shop-report", "TempDir": temp, "limit": "21"}


def test_local_run_text_output_and_failure(tmp_path):
    outdir, _ = _app(tmp_path, "500")
    data = tmp_path / "data"
    data.mkdir()
    result = _local_run(outdir, data)
    assert result.exit_code == 1
    assert "shop-report: the script exited with code 1 after" in result.output
    assert "ValueError: limit too high: 500" in result.output


def test_local_run_success_in_text(tmp_path):
    outdir, _ = _app(tmp_path, "3")
    data = tmp_path / "data"
    data.mkdir()
    result = _local_run(outdir, data)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # The script's own log (glueforge's skeleton logs its start and end) comes first, then
    # the summary.
    [summary] = [i for i, line in enumerate(lines) if line.startswith("shop-report: done in ")]
    assert lines[summary].endswith("s (Python shell, exit code 0)")
    assert any(line.endswith("job shop-report starting") for line in lines[:summary])
    assert "  --limit        3" in lines[summary:]


def test_deploy_time_arguments_have_no_local_value(tmp_path):
    job = LocalPythonShellJob(
        path="Shop/Report",
        job_name="shop-report",
        file_name="shop_report.py",
        script="print('never runs')\n",
        argument_names=("JOB_NAME", "TempDir", "bucket"),
        arguments={"bucket": None},
    )
    with pytest.raises(LocalRunError) as caught:
        local_argv(job, tmp_path)
    assert str(caught.value).startswith(
        "Shop/Report: argument --bucket is a deploy-time value (e.g. a bucket's name)"
    )


def test_run_python_shell_from_the_construct(tmp_path):
    _, job = _app(tmp_path, "4")
    data = tmp_path / "data"
    data.mkdir()
    run = run_python_shell(LocalPythonShellJob.from_construct(job), data_dir=data)
    assert run.succeeded, run.stderr
    assert json.loads((data / "report.json").read_text())["doubled"] == 8
    # the skeleton logs its start and end on stderr
    assert "job shop-report starting" in run.stderr
    assert "job shop-report done" in run.stderr
