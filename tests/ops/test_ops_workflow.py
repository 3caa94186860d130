"""glueforge start-workflow: start a run and follow every node of its graph."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from tests.helpers.ops import ROLE, make_job


@pytest.fixture
def workflow(glue):
    make_job(glue, "load")
    glue.create_workflow(Name="nightly")
    glue.create_trigger(
        Name="nightly-start",
        WorkflowName="nightly",
        Type="ON_DEMAND",
        Actions=[{"JobName": "load"}],
    )
    glue.create_crawler(
        Name="curated",
        Role=ROLE,
        DatabaseName="shop_curated",
        Targets={"S3Targets": [{"Path": "s3://curated/"}]},
    )
    return "nightly"


def graph(job_state: str, crawl_state: str | None) -> dict:
    now = datetime.now(timezone.utc).timestamp()
    crawls = [{"State": crawl_state, "CrawlId": "c1"}] if crawl_state else []
    return {
        "Nodes": [
            {
                "Type": "TRIGGER",
                "Name": "nightly-start",
                "TriggerDetails": {"Trigger": {"Name": "nightly-start", "State": "ACTIVATED"}},
            },
            {
                "Type": "JOB",
                "Name": "load",
                "JobDetails": {
                    "JobRuns": [
                        {
                            "Id": "jr_1",
                            "JobName": "load",
                            "JobRunState": job_state,
                            "StartedOn": now,
                        }
                    ]
                },
            },
            {"Type": "CRAWLER", "Name": "curated", "CrawlerDetails": {"Crawls": crawls}},
        ],
        "Edges": [],
    }


@pytest.fixture
def run_graphs(hooks):
    """Give GetWorkflowRun the Status and Graph AWS returns (moto: RUNNING, no graph)."""

    def arrange(*steps: tuple[str, dict, dict]):
        queue = list(steps)

        def inject(parsed, **kwargs):
            status, nodes, statistics = queue.pop(0) if len(queue) > 1 else queue[0]
            parsed["Run"].update(Status=status, Graph=nodes, Statistics=statistics)

        hooks("after-call.glue.GetWorkflowRun", inject)

    return arrange


def test_start_without_wait(glue, workflow, invoke):
    result = invoke("start-workflow", workflow)
    assert result.exit_code == 0
    [run] = glue.get_workflow_runs(Name=workflow)["Runs"]
    run_id = run["WorkflowRunId"]
    assert run_id in result.stdout


def test_wait_on_moto_times_out_and_says_there_is_no_graph(workflow, invoke):
    # moto keeps workflow runs RUNNING forever and returns no graph
    result = invoke("start-workflow", workflow, "--wait", "--timeout", "0")
    assert result.exit_code == 1
    assert "returned no graph" in result.stderr
    assert "gave up waiting after 0s" in result.stderr


def test_wait_follows_every_node_to_completion(workflow, invoke, run_graphs):
    run_graphs(
        ("RUNNING", graph("RUNNING", None), {"TotalActions": 2, "RunningActions": 1}),
        ("COMPLETED", graph("SUCCEEDED", "COMPLETED"), {"TotalActions": 2, "SucceededActions": 2}),
    )
    result = invoke("start-workflow", workflow, "--wait")
    assert result.exit_code == 0, result.output + result.stderr
    assert "COMPLETED" in result.stdout
    for node, state in (
        ("load", "SUCCEEDED"),
        ("curated", "COMPLETED"),
        ("nightly-start", "ACTIVATED"),
    ):
        assert any(node in line and state in line for line in result.stdout.splitlines())


def test_a_failed_action_fails_the_command(workflow, invoke, run_graphs):
    run_graphs(
        ("COMPLETED", graph("FAILED", None), {"TotalActions": 1, "FailedActions": 1}),
    )
    result = invoke("start-workflow", workflow, "--wait", "--json")
    assert result.exit_code == 1
    record = json.loads(result.stdout)
    assert record["status"] == "COMPLETED"
    assert {"type": "JOB", "name": "load", "state": "FAILED"} in record["nodes"]
    assert record["statistics"]["FailedActions"] == 1


def test_unknown_workflow(invoke):
    result = invoke("start-workflow", "nope")
    assert result.exit_code == 2
    assert "cannot start workflow nope" in result.stderr
