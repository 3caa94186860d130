"""Every command fails the same way: one red line, the right exit code, no traceback."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from glueforge.cli import COMMANDS, cli
from tests.helpers.ops import make_job, respond

THROTTLED = {"__type": "ThrottlingException", "message": "Rate exceeded"}


def test_no_credentials(glue, invoke, monkeypatch):
    make_job(glue)
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    result = invoke("run", "orders")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no AWS credentials while trying to start job orders")
    assert "Traceback" not in result.stderr


def test_no_region(invoke, monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    result = invoke("runs", "orders")
    assert result.exit_code == 2
    assert "no AWS region: pass --region" in result.stderr


def test_unknown_profile(invoke):
    result = invoke("runs", "orders", "--profile", "nobody")
    assert result.exit_code == 2
    assert "nobody" in result.stderr and "aws configure list-profiles" in result.stderr


def test_region_option_wins(glue, invoke):
    make_job(glue)
    result = invoke("runs", "orders", "--region", "eu-west-1")
    # the job exists in us-east-1 only
    assert result.exit_code == 2
    assert "cannot list the runs of job orders" in result.stderr


def test_throttling_is_retried_with_backoff(glue, invoke, hooks):
    make_job(glue)
    throttle = respond(400, THROTTLED, times=2)
    hooks("before-send.glue.StartJobRun", throttle)
    result = invoke("run", "orders")
    assert result.exit_code == 0, result.stderr
    assert throttle.left == [0]
    assert len(glue.get_job_runs(JobName="orders")["JobRuns"]) == 1


def test_throttling_that_does_not_stop_is_reported(glue, invoke, hooks, monkeypatch):
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")
    make_job(glue)
    calls = []

    def always(request, **kwargs):
        calls.append(1)
        return respond(400, THROTTLED)(request)

    hooks("before-send.glue.StartJobRun", always)
    result = invoke("run", "orders")
    assert result.exit_code == 1
    assert "ThrottlingException: Rate exceeded" in result.stderr
    assert len(calls) == 2


def test_debug_shows_the_traceback(invoke, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    result = invoke("runs", "orders", "--debug")
    assert result.exit_code == 2
    assert "Traceback" in result.stderr and "NoCredentialsError" in result.stderr


def test_top_level_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert re.search(rf"^\s+{re.escape(name)}\s", result.output, re.M), name


@pytest.mark.parametrize(
    "args",
    [
        ["run"],
        ["crawl"],
        ["start-workflow"],
        ["status"],
        ["runs"],
        ["logs"],
        ["bookmark", "show"],
        ["bookmark", "reset"],
    ],
)
def test_every_command_has_help_and_the_global_options(args):
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0
    for option in ("--profile", "--region", "--endpoint-url", "--json"):
        assert option in result.stdout
    assert "--poll-interval" not in result.stdout


def test_the_ops_commands_do_not_load_aws_cdk():
    import subprocess
    import sys

    probe = (
        "import sys, importlib; from glueforge.cli import COMMANDS;"
        "[importlib.import_module('glueforge.cli.' + m) for m in COMMANDS.values()];"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aws_cdk', 'jsii')))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
