"""glueforge run: start, follow, exit codes by final state, cost, errors."""

from __future__ import annotations

import json

import pytest

from tests.helpers.ops import backend_runs, make_job


@pytest.fixture
def fail_with(hooks, transitions):
    """Make the run the CLI starts go STARTING -> RUNNING -> ``state``.

    moto's runs always end SUCCEEDED; its backend run object takes another path, and an
    after-call hook adds the ErrorMessage AWS sends with a failed run (moto never does).
    """

    def arrange(state: str, message: str = "java.lang.OutOfMemoryError: heap"):
        transitions("glue::job_run", {"progression": "manual", "times": 1})

        def on_start(parsed, model, **kwargs):
            job = kwargs["context"].get("job_name")
            [run] = [r for r in backend_runs(job) if r.job_run_id == parsed["JobRunId"]]
            run._transitions = [("STARTING", "RUNNING"), ("RUNNING", state)]
            run._status = "STARTING"

        def remember_job(params, context, **kwargs):
            context["job_name"] = params["JobName"]

        def add_error(parsed, **kwargs):
            if parsed.get("JobRun", {}).get("JobRunState") == state:
                parsed["JobRun"]["ErrorMessage"] = message

        hooks("before-parameter-build.glue.StartJobRun", remember_job)
        hooks("after-call.glue.StartJobRun", on_start)
        hooks("after-call.glue.GetJobRun", add_error)

    return arrange


def test_run_without_wait_starts_a_run(glue, invoke):
    make_job(glue)
    result = invoke("run", "orders", "--arg", "day=2026-11-25", "--arg", "--full=true")
    assert result.exit_code == 0, result.output
    [run] = glue.get_job_runs(JobName="orders")["JobRuns"]
    assert run["Id"] in result.stdout
    assert run["Arguments"] == {"--day": "2026-11-25", "--full": "true"}


def test_wait_follows_the_run_to_success_and_prices_it(glue, invoke, transitions):
    # STARTING, RUNNING, RUNNING, SUCCEEDED on successive reads (see notes/moto.md)
    transitions("glue::job_run", {"progression": "manual", "times": 2})
    make_job(glue, WorkerType="G.1X", NumberOfWorkers=5)
    result = invoke("run", "orders", "--wait")
    assert result.exit_code == 0, result.output + result.stderr
    assert "SUCCEEDED" in result.stdout
    # moto: ExecutionTime 123 s, GlueVersion 0.9 -> 10-minute minimum: 600 s x 5 DPU
    assert "0.8333 (billed)" in result.stdout
    assert "$0.3667 at $0.44/DPU-hour (standard)" in result.stdout
    assert "#logsV2:log-groups/log-group/" in result.stdout
    # the live line ends on the final state, with the attempt number
    assert "SUCCEEDED" in result.stderr and "attempt 0" in result.stderr
    assert "DPU-seconds 615" in result.stderr  # 123 s x 5 DPU


@pytest.mark.parametrize("state", ["FAILED", "TIMEOUT"])
def test_wait_exits_1_when_the_run_does_not_succeed(glue, invoke, fail_with, state):
    make_job(glue, WorkerType="G.2X", NumberOfWorkers=2)
    fail_with(state)
    result = invoke("run", "orders", "--wait")
    assert result.exit_code == 1, result.output + result.stderr
    assert state in result.stdout
    assert "java.lang.OutOfMemoryError: heap" in result.stdout
    assert "RUNNING" in result.stderr or state in result.stderr


def test_wait_json_reports_the_run(glue, invoke, fail_with):
    make_job(glue, WorkerType="G.1X", NumberOfWorkers=2)
    fail_with("FAILED", "boom")
    result = invoke("run", "orders", "--wait", "--json")
    assert result.exit_code == 1
    record = json.loads(result.stdout)
    assert record["state"] == "FAILED" and record["error"] == "boom"
    assert record["dpu"] == 2 and record["billed_dpu_hours"] == pytest.approx(1200 / 3600, abs=1e-6)
    assert record["cost_usd"] == pytest.approx(1200 / 3600 * 0.44, abs=1e-6)
    assert record["logs"].startswith("https://us-east-1.console.aws.amazon.com/cloudwatch/")


def test_timeout_gives_up_with_exit_1(glue, invoke, transitions):
    transitions("glue::job_run", {"progression": "manual", "times": 1000})
    make_job(glue)
    result = invoke("run", "orders", "--wait", "--timeout", "0")
    assert result.exit_code == 1
    assert "gave up waiting after 0s" in result.stderr


def test_a_second_run_while_one_is_active_is_a_clear_error(glue, invoke, transitions):
    transitions("glue::job_run", {"progression": "manual", "times": 2})
    make_job(glue)
    assert invoke("run", "orders").exit_code == 0
    result = invoke("run", "orders")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot start job orders: already running")
    assert "Traceback" not in result.stderr


def test_unknown_job_is_a_config_error(invoke):
    result = invoke("run", "nope", "--wait")
    assert result.exit_code == 2
    assert "cannot start job nope" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_arg_is_a_usage_error(invoke):
    result = invoke("run", "orders", "--arg", "novalue")
    assert result.exit_code == 2
    assert "expected K=V" in result.stderr
