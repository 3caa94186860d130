"""run, status, runs and logs on Python shell and streaming jobs, and queued (WAITING) runs.

Against moto 5.2.5, with its gaps set up by hand (test setup, never code under test):
- moto's create_job keeps Command.Name and MaxCapacity, so a job's kind reads back as AWS
  would send it; its runs report GlueVersion "0.9", ExecutionTime 123 s and LogGroupName
  "test/log" whatever the job (moto/glue/models.py FakeJobRun.as_dict);
- moto's runs go STARTING -> RUNNING -> SUCCEEDED and never stay RUNNING or WAITING: a
  streaming run is kept RUNNING, and a queued run WAITING, by editing moto's run object;
- moto never sends StateDetail (why a run waits): an after-call hook adds it.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import pytest

from glueforge.ops import job_runs
from tests.helpers.ops import ROLE, backend_runs

# Python shell: "you can allocate either 0.0625 or 1 DPU" (botocore 1.44.8
# CreateJobRequest.MaxCapacity; https://docs.aws.amazon.com/glue/latest/dg/add-job-python.html)
PYTHON_SHELL_DPU = 0.0625


def make_python_shell_job(glue, name: str = "maintenance") -> str:
    glue.create_job(
        Name=name,
        Role=ROLE,
        Command={
            "Name": "pythonshell",
            "ScriptLocation": "s3://scripts/maintenance.py",
            "PythonVersion": "3.9",
        },
        MaxCapacity=PYTHON_SHELL_DPU,
        GlueVersion="3.0",
    )
    return name


def make_streaming_job(glue, name: str = "clicks") -> str:
    glue.create_job(
        Name=name,
        Role=ROLE,
        Command={"Name": "gluestreaming", "ScriptLocation": "s3://scripts/clicks.py"},
        WorkerType="G.1X",
        NumberOfWorkers=2,
        GlueVersion="4.0",
    )
    return name


@pytest.fixture
def runs_stay(hooks, transitions):
    """Runs the CLI starts go STARTING -> RUNNING and stay RUNNING (a streaming run)."""
    transitions("glue::job_run", {"progression": "manual", "times": 1})

    def remember_job(params, context, **kwargs):
        context["job_name"] = params["JobName"]

    def on_start(parsed, **kwargs):
        job = kwargs["context"]["job_name"]
        [run] = [r for r in backend_runs(job) if r.job_run_id == parsed["JobRunId"]]
        run._transitions = [("STARTING", "RUNNING")]

    hooks("before-parameter-build.glue.StartJobRun", remember_job)
    hooks("after-call.glue.StartJobRun", on_start)


def keep(job: str, state: str, transitions) -> None:
    """Hold every run of ``job`` in ``state`` (moto would move it on)."""
    transitions("glue::job_run", {"progression": "manual", "times": 1000})
    for run in backend_runs(job):
        run._transitions = [(state, state)]
        run._status = state


def add_state_detail(hooks, detail: str) -> None:
    def add(parsed, **kwargs):
        for run in [parsed.get("JobRun"), *parsed.get("JobRuns", [])]:
            if run and run["JobRunState"] == "WAITING":
                run["StateDetail"] = detail

    hooks("after-call.glue.GetJobRun", add)
    hooks("after-call.glue.GetJobRuns", add)


# ---- Python shell ------------------------------------------------------------------------


def test_run_wait_on_a_python_shell_job_prices_its_fraction_of_a_dpu(glue, invoke, transitions):
    transitions("glue::job_run", {"progression": "manual", "times": 1})
    make_python_shell_job(glue)
    result = invoke("run", "maintenance", "--wait", "--json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["state"] == "SUCCEEDED" and record["job_kind"] == "pythonshell"
    # moto: ExecutionTime 123 s, above the 60 s minimum (Python shell is never held to the
    # legacy 10 minutes, though moto says GlueVersion 0.9): 123 x 0.0625 = 7.6875 DPU-s;
    # 7.6875 / 3600 = 0.00213542 DPU-hours; x $0.44 = $0.00093958
    assert record["dpu"] == PYTHON_SHELL_DPU
    assert record["billed_dpu_hours"] == pytest.approx(0.002135, abs=1e-6)
    assert record["cost_usd"] == pytest.approx(0.00093958, abs=5e-7)  # rounded to 6 places
    assert record["rate"] == "pythonshell"


def test_run_wait_table_of_a_python_shell_job(glue, invoke, transitions):
    transitions("glue::job_run", {"progression": "manual", "times": 1})
    make_python_shell_job(glue)
    result = invoke("run", "maintenance", "--wait")
    assert result.exit_code == 0, result.stderr
    assert "job maintenance (pythonshell) run" in result.stdout
    assert "0.0021 (billed)" in result.stdout
    assert "$0.0009 at $0.44/DPU-hour (pythonshell)" in result.stdout


def test_logs_of_a_python_shell_run_without_a_log_group_read_python_jobs(glue, logs, invoke, hooks):
    make_python_shell_job(glue)
    run_id = glue.start_job_run(JobName="maintenance")["JobRunId"]

    def no_group(parsed, **kwargs):  # a run that does not report its LogGroupName
        for run in [parsed.get("JobRun"), *parsed.get("JobRuns", [])]:
            if run:
                run.pop("LogGroupName", None)

    hooks("after-call.glue.GetJobRuns", no_group)
    for group, line in (
        ("/aws-glue/python-jobs/output", "vacuumed 3 tables"),
        ("/aws-glue/python-jobs/error", "WARN slow"),
    ):
        logs.create_log_group(logGroupName=group)
        logs.create_log_stream(logGroupName=group, logStreamName=run_id)
        logs.put_log_events(
            logGroupName=group,
            logStreamName=run_id,
            # now: CloudWatch Logs (and moto) reject events older than 14 days
            logEvents=[{"timestamp": int(time.time() * 1000), "message": line}],
        )
    result = invoke("logs", "maintenance", "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["job_kind"] == "pythonshell"
    assert [(e["group"], e["message"]) for e in document["events"]] == [
        ("output", "vacuumed 3 tables"),
        ("error", "WARN slow"),
    ]
    assert document["missing_log_groups"] == []


def test_the_log_groups_of_each_kind():
    # a run's own LogGroupName wins; else Spark and streaming runs use /aws-glue/jobs
    assert job_runs.log_groups({"LogGroupName": "/custom"}, "pythonshell") == [
        "/custom/output",
        "/custom/error",
    ]
    assert job_runs.log_groups({}, "pythonshell") == [
        "/aws-glue/python-jobs/output",
        "/aws-glue/python-jobs/error",
    ]
    for command in ("glueetl", "gluestreaming", None):
        assert job_runs.log_groups({}, command) == [
            "/aws-glue/jobs/output",
            "/aws-glue/jobs/error",
        ]


# ---- streaming ---------------------------------------------------------------------------


def test_run_on_a_streaming_job_says_it_runs_until_stopped(glue, invoke):
    make_streaming_job(glue)
    result = invoke("run", "clicks")
    assert result.exit_code == 0, result.stderr
    [run] = glue.get_job_runs(JobName="clicks")["JobRuns"]
    assert f"started run {run['Id']} of job clicks" in result.stdout
    assert "a streaming run has no end" in result.stdout
    assert f"glueforge stop clicks --run-id {run['Id']}" in result.stdout


def test_run_wait_on_a_streaming_job_returns_once_it_runs(glue, invoke, runs_stay):
    make_streaming_job(glue)
    result = invoke("run", "clicks", "--wait", "--timeout", "30", "--json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["state"] == "RUNNING" and record["job_kind"] == "gluestreaming"
    assert record["cost_basis"] == "so far"
    # at least moto's GlueVersion 0.9 minimum of 600 s x 2 G.1X DPU = 1200 DPU-s, x $0.44
    # per 3600 DPU-s = $0.146667 (more only if the test took over 10 minutes)
    assert record["cost_usd"] >= 0.146666
    assert "a streaming run has no end" in record["note"]
    # it was not waited out: still RUNNING in Glue
    [run] = glue.get_job_runs(JobName="clicks")["JobRuns"]
    assert run["JobRunState"] == "RUNNING"


def test_run_wait_on_a_streaming_job_that_fails_to_start_exits_1(glue, invoke, hooks):
    make_streaming_job(glue)

    def failed(parsed, **kwargs):  # moto's runs cannot fail by themselves
        parsed["JobRun"]["JobRunState"] = "FAILED"
        parsed["JobRun"]["ErrorMessage"] = "Kinesis stream not found"

    hooks("after-call.glue.GetJobRun", failed)
    result = invoke("run", "clicks", "--wait")
    assert result.exit_code == 1
    assert "FAILED" in result.stdout and "Kinesis stream not found" in result.stdout


def test_runs_of_a_streaming_job_price_the_running_run_so_far(glue, invoke, transitions):
    make_streaming_job(glue)
    glue.start_job_run(JobName="clicks")
    keep("clicks", "RUNNING", transitions)
    result = invoke("runs", "clicks", "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["job_kind"] == "gluestreaming"
    [record] = document["runs"]
    assert record["state"] == "RUNNING" and record["cost_basis"] == "so far"
    assert record["cost_usd"] >= 0.146666  # the 600 s x 2 DPU minimum, as above
    table = invoke("runs", "clicks")
    assert "job clicks (gluestreaming)" in table.stdout
    assert " so far" in table.stdout


def test_a_running_streaming_run_costs_its_time_so_far():
    started = datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)
    run = {
        "Id": "jr_1",
        "JobRunState": "RUNNING",
        "StartedOn": started,
        "WorkerType": "G.1X",
        "NumberOfWorkers": 2,
        "GlueVersion": "4.0",
    }
    record = job_runs.run_record(run, "gluestreaming", now=started + timedelta(hours=2))
    # 2 h = 7200 s x 2 DPU (G.1X = 1 DPU) = 14400 DPU-s = 4 DPU-hours; x $0.44 = $1.76
    assert record["cost_basis"] == "so far"
    assert record["billed_dpu_hours"] == pytest.approx(4.0)
    assert record["cost_usd"] == pytest.approx(1.76)
    # the same run of a Spark job is not priced until it ends
    spark = job_runs.run_record(run, "glueetl", now=started + timedelta(hours=2))
    assert spark["cost_usd"] is None and spark["cost_basis"] is None


def test_a_stopped_streaming_run_is_priced_as_ended():
    run = {
        "Id": "jr_1",
        "JobRunState": "STOPPED",
        "ExecutionTime": 3600,
        "WorkerType": "G.025X",
        "NumberOfWorkers": 2,
        "GlueVersion": "4.0",
    }
    record = job_runs.run_record(run, "gluestreaming")
    # 3600 s x 2 x 0.25 DPU (G.025X) = 1800 DPU-s = 0.5 DPU-hours; x $0.44 = $0.22
    assert record["cost_basis"] == "final"
    assert record["cost_usd"] == pytest.approx(0.22)


# ---- queued (WAITING) and EXPIRED runs, and status ------------------------------------------


def test_a_waiting_run_shows_why(glue, invoke, hooks, transitions):
    make_python_shell_job(glue)
    glue.start_job_run(JobName="maintenance")
    keep("maintenance", "WAITING", transitions)
    add_state_detail(hooks, "Job run is queued: account concurrency limit reached")
    result = invoke("runs", "maintenance", "--json")
    assert result.exit_code == 0, result.stderr
    [record] = json.loads(result.stdout)["runs"]
    assert record["state"] == "WAITING"
    assert record["state_detail"] == "Job run is queued: account concurrency limit reached"
    assert record["cost_usd"] is None  # a queued run has not run
    table = invoke("runs", "maintenance")
    assert "WAITING (Job run is queued: account concurrency limit reached)" in table.stdout


def test_status_shows_each_job_kind(glue, invoke, assembly, hooks, transitions):
    make_streaming_job(glue, "orders")
    make_python_shell_job(glue, "twin-a")
    make_python_shell_job(glue, "twin-b")
    glue.start_job_run(JobName="orders")
    glue.start_job_run(JobName="twin-a")
    keep("orders", "RUNNING", transitions)
    keep("twin-a", "WAITING", transitions)
    add_state_detail(hooks, "queued")
    result = invoke("status", "--app", assembly, "--json")
    assert result.exit_code == 0, result.stderr
    rows = {r["name"]: r for r in json.loads(result.stdout)["resources"] if r["name"]}
    assert rows["orders"]["job_kind"] == "gluestreaming"
    assert rows["orders"]["state"] == "RUNNING" and rows["orders"]["cost_basis"] == "so far"
    assert rows["twin-a"]["job_kind"] == "pythonshell"
    assert rows["twin-a"]["state"] == "WAITING" and rows["twin-a"]["state_detail"] == "queued"
    assert rows["twin-b"] == {**rows["twin-b"], "job_kind": "pythonshell", "state": "never run"}
    table = invoke("status", "--app", assembly)
    assert "job (gluestreaming)" in table.stdout and "WAITING (queued)" in table.stdout


def test_status_exits_1_on_an_expired_run(glue, invoke, assembly, transitions):
    make_python_shell_job(glue, "orders")
    glue.start_job_run(JobName="orders")
    keep("orders", "EXPIRED", transitions)
    result = invoke("status", "--app", assembly, "--json")
    assert result.exit_code == 1
    rows = {r["name"]: r for r in json.loads(result.stdout)["resources"] if r["name"]}
    assert rows["orders"]["state"] == "EXPIRED" and rows["orders"]["failed"] is True
