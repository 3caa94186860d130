"""glueforge logs and glueforge bookmark."""

from __future__ import annotations

import json
import time

import pytest

from tests.helpers.ops import make_job, respond


@pytest.fixture
def aws_log_group(hooks):
    """Runs report AWS's LogGroupName (moto says "test/log")."""

    def fix(parsed, **kwargs):
        for run in [parsed.get("JobRun"), *parsed.get("JobRuns", [])]:
            if run:
                run["LogGroupName"] = "/aws-glue/jobs"

    hooks("after-call.glue.GetJobRun", fix)
    hooks("after-call.glue.GetJobRuns", fix)


def put_lines(logs, group: str, stream: str, lines: list[str], at: int | None = None) -> None:
    try:
        logs.create_log_group(logGroupName=group)
    except logs.exceptions.ResourceAlreadyExistsException:
        pass
    try:
        logs.create_log_stream(logGroupName=group, logStreamName=stream)
    except logs.exceptions.ResourceAlreadyExistsException:
        pass
    now = at or int(time.time() * 1000)
    events = [{"timestamp": now + i, "message": m} for i, m in enumerate(lines)]
    logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events)


def test_logs_print_output_then_error_of_the_newest_run(glue, logs, invoke, aws_log_group):
    make_job(glue)
    glue.start_job_run(JobName="orders")
    newest = glue.start_job_run(JobName="orders")["JobRunId"]
    put_lines(logs, "/aws-glue/jobs/output", newest, [f"rows={i}" for i in range(60)])
    put_lines(logs, "/aws-glue/jobs/error", newest, ["WARN slow stage"])
    result = invoke("logs", "orders")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 61
    assert lines[0].endswith("rows=0") and lines[59].endswith("rows=59")
    assert lines[60].endswith("WARN slow stage")


def test_logs_json_of_a_given_run_with_a_missing_stream(glue, logs, invoke, aws_log_group):
    make_job(glue)
    run_id = glue.start_job_run(JobName="orders")["JobRunId"]
    glue.start_job_run(JobName="orders")
    put_lines(logs, "/aws-glue/jobs/output", run_id, ["hello"])
    result = invoke("logs", "orders", "--run-id", run_id, "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["run_id"] == run_id
    assert [e["message"] for e in document["events"]] == ["hello"]
    assert document["missing_log_groups"] == ["/aws-glue/jobs/error"]
    assert document["groups_without_lines"] == ["/aws-glue/jobs/error"]


def test_logs_follow_reads_until_the_run_ends(glue, logs, invoke, aws_log_group, transitions):
    transitions("glue::job_run", {"progression": "manual", "times": 2})
    make_job(glue)
    run_id = glue.start_job_run(JobName="orders")["JobRunId"]
    put_lines(logs, "/aws-glue/jobs/output", run_id, ["first"])
    result = invoke("logs", "orders", "--run-id", run_id, "--follow")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1].endswith("first")
    assert glue.get_job_run(JobName="orders", RunId=run_id)["JobRun"]["JobRunState"] == (
        "SUCCEEDED"
    )
    assert "/aws-glue/jobs/error: the log group does not exist" in result.stderr


def test_logs_read_driver_and_executor_streams_in_time_order(glue, logs, invoke, aws_log_group):
    make_job(glue)
    run_id = glue.start_job_run(JobName="orders")["JobRunId"]
    glue.start_job_run(JobName="orders")  # another run's lines must not show
    now = int(time.time() * 1000)
    put_lines(logs, "/aws-glue/jobs/output", run_id, ["driver 1", "driver 2"], at=now)
    put_lines(logs, "/aws-glue/jobs/output", f"{run_id}_executor-1", ["exec 1"], at=now)
    result = invoke("logs", "orders", "--run-id", run_id, "--json")
    assert result.exit_code == 0, result.stderr
    events = json.loads(result.stdout)["events"]
    assert [e["message"] for e in events] == ["driver 1", "exec 1", "driver 2"]
    assert events[1]["logStreamName"] == f"{run_id}_executor-1"


def test_following_reads_each_line_once(logs, moto):
    from glueforge.ops.logs import RunLog

    now = int(time.time() * 1000)
    put_lines(logs, "/aws-glue/jobs/output", "jr_1", ["a", "b"], at=now)
    run_log = RunLog("/aws-glue/jobs/output", "jr_1")
    assert [e["message"] for e in run_log.read(logs)] == ["a", "b"]
    assert list(run_log.read(logs)) == []
    put_lines(logs, "/aws-glue/jobs/output", "jr_1", ["c"], at=now + 1)  # same ms as "b"
    put_lines(logs, "/aws-glue/jobs/output", "jr_1", ["d"], at=now + 5)
    assert [e["message"] for e in run_log.read(logs)] == ["c", "d"]
    assert run_log.lines == 4


def test_logs_of_a_job_without_runs(glue, invoke):
    make_job(glue)
    result = invoke("logs", "orders")
    assert result.exit_code == 2
    assert "job orders has no runs yet" in result.stderr


ENTRY = {
    "JobBookmarkEntry": {
        "JobName": "orders",
        "Version": 3,
        "Run": 3,
        "Attempt": 0,
        "RunId": "jr_3",
        "PreviousRunId": "jr_2",
        "JobBookmark": json.dumps(
            {"orders_source": {"jsonClass": "HadoopDataSourceJobBookmarkState"}}
        ),
    }
}


def test_bookmark_show_on_moto_says_the_endpoint_failed(glue, invoke, monkeypatch):
    # moto 5.2.5 does not implement GetJobBookmark: its server answers HTTP 500
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    make_job(glue)
    result = invoke("bookmark", "show", "orders")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: cannot read the bookmark of job orders: the endpoint failed with HTTP 500"
    )


def test_bookmark_show(glue, invoke, hooks):
    make_job(glue)
    seen = {}
    hooks("provide-client-params.glue.GetJobBookmark", lambda params, **kw: seen.update(params))
    hooks("before-send.glue.GetJobBookmark", respond(200, ENTRY))
    result = invoke("bookmark", "show", "orders", "--run-id", "jr_3", "--json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert seen == {"JobName": "orders", "RunId": "jr_3"}
    assert record["version"] == 3 and record["previous_run_id"] == "jr_2"
    assert record["bookmark"]["orders_source"]["jsonClass"] == "HadoopDataSourceJobBookmarkState"


def test_bookmark_reset(glue, invoke, hooks):
    make_job(glue)
    seen = {}
    hooks("provide-client-params.glue.ResetJobBookmark", lambda params, **kw: seen.update(params))
    hooks("before-send.glue.ResetJobBookmark", respond(200, ENTRY))
    result = invoke("bookmark", "reset", "orders", "--yes")
    assert result.exit_code == 0, result.stderr
    assert seen == {"JobName": "orders"}
    assert "job orders reset: version 3, run 3, attempt 0" in result.stdout


def test_bookmark_of_unknown_job(glue, invoke, hooks):
    not_found = {"__type": "EntityNotFoundException", "message": "Job nope not found"}
    hooks("before-send.glue.ResetJobBookmark", respond(400, not_found))
    result = invoke("bookmark", "reset", "nope", "--yes")
    assert result.exit_code == 2
    assert "cannot reset the bookmark of job nope: Job nope not found" in result.stderr
