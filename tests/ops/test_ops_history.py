"""glueforge status and runs: last runs, history, DPU-hours, cost and totals."""

from __future__ import annotations

import json

from tests.helpers.ops import answer, backend_runs, make_job

# moto: every run has ExecutionTime 123 s and GlueVersion 0.9 (10-minute minimum).
G1X_X2_HOURS = 600 * 2 / 3600


def start_runs(glue, job: str, count: int) -> list[str]:
    return [glue.start_job_run(JobName=job)["JobRunId"] for _ in range(count)]


def test_runs_lists_newest_first_with_totals(glue, invoke):
    make_job(glue, WorkerType="G.1X", NumberOfWorkers=2)
    ids = start_runs(glue, "orders", 3)
    result = invoke("runs", "orders", "--last", "2", "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert [r["run_id"] for r in document["runs"]] == [ids[2], ids[1]]
    assert document["totals"]["runs"] == 2
    assert abs(document["totals"]["billed_dpu_hours"] - 2 * G1X_X2_HOURS) < 1e-5
    assert abs(document["totals"]["cost_usd"] - 2 * G1X_X2_HOURS * 0.44) < 1e-5


def test_runs_table(glue, invoke):
    make_job(glue, WorkerType="G.1X", NumberOfWorkers=2)
    start_runs(glue, "orders", 2)
    result = invoke("runs", "orders")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("SUCCEEDED") == 2
    assert "2 runs" in result.stdout
    assert "0.6667" in result.stdout and "$0.2933" in result.stdout  # totals row


def test_runs_of_unknown_job(invoke):
    result = invoke("runs", "nope")
    assert result.exit_code == 2
    assert "cannot list the runs of job nope" in result.stderr


def test_status_shows_every_glue_resource_of_the_app(glue, invoke, assembly):
    make_job(glue, "orders", WorkerType="G.1X", NumberOfWorkers=2)
    start_runs(glue, "orders", 1)
    for name in ("twin-a", "twin-b"):
        make_job(glue, name)
    glue.create_crawler(
        Name="raw-orders",
        Role="r",
        DatabaseName="shop_raw",
        Targets={"S3Targets": [{"Path": "s3://raw/"}]},
    )
    glue.create_workflow(Name="nightly")
    glue.start_workflow_run(Name="nightly")
    result = invoke("status", "--app", assembly, "--json")
    assert result.exit_code == 0, result.stderr
    rows = {r["path"]: r for r in json.loads(result.stdout)["resources"]}
    assert set(rows) == {
        "DataLake/OrdersJob",
        "DataLake/Compact/Resource",
        "DataLake/Twins/a",
        "DataLake/Twins/b",
        "DataLake/RawCrawler",
        "DataLake/Nightly",
    }
    assert rows["DataLake/OrdersJob"]["state"] == "SUCCEEDED"
    assert abs(rows["DataLake/OrdersJob"]["cost_usd"] - G1X_X2_HOURS * 0.44) < 1e-5
    assert rows["DataLake/Twins/a"]["state"] == "never run"
    assert rows["DataLake/Compact/Resource"]["state"] == "not deployed"
    assert rows["DataLake/RawCrawler"]["state"] == "never run"
    assert rows["DataLake/Nightly"]["state"] == "RUNNING"


def test_status_table_with_a_finished_crawl(glue, invoke, assembly, transitions):
    transitions("glue::crawl", {"progression": "immediate"})
    glue.create_crawler(
        Name="raw-orders",
        Role="r",
        DatabaseName="shop_raw",
        Targets={"S3Targets": [{"Path": "s3://raw/"}]},
    )
    glue.start_crawler(Name="raw-orders")
    result = invoke("status", "--app", assembly)
    assert result.exit_code == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if "DataLake/RawCrawler" in line)
    # moto: LastCrawl COMPLETED, DPUHour 100 at the crawler rate
    assert "raw-orders" in line and "COMPLETED" in line and "$44.0000" in line
    orders = next(line for line in result.stdout.splitlines() if "DataLake/OrdersJob" in line)
    assert "not deployed" in orders


def test_status_exits_1_when_a_last_run_failed(glue, invoke, assembly):
    make_job(glue, "orders")
    start_runs(glue, "orders", 1)
    backend_runs("orders")[0].status = "FAILED"  # moto's runs cannot fail by themselves
    result = invoke("status", "--app", assembly, "--stack", "DataLake")
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if "DataLake/OrdersJob" in line)
    assert "FAILED" in line


def test_status_of_a_stack_without_glue(invoke, assembly):
    result = invoke("status", "--app", assembly, "--stack", "Other")
    assert result.exit_code == 2
    assert "no Glue jobs, crawlers or workflows in stack Other" in result.stderr


def test_status_needs_an_assembly(invoke):
    result = invoke("status")
    assert result.exit_code == 2
    assert "no cloud assembly at cdk.out: run `cdk synth`" in result.stderr


def test_status_of_a_deployed_stack_without_an_assembly(glue, invoke, hooks):
    # moto's CloudFormation cannot hold Glue resources: the listing is canned, in AWS's shape
    resources = [
        {
            "LogicalResourceId": "OrdersJob1A2B",
            "PhysicalResourceId": "orders",
            "ResourceType": "AWS::Glue::Job",
            "ResourceStatus": "CREATE_COMPLETE",
        },
        {
            "LogicalResourceId": "RawBucket9F",
            "PhysicalResourceId": "raw-bucket",
            "ResourceType": "AWS::S3::Bucket",
            "ResourceStatus": "CREATE_COMPLETE",
        },
    ]
    hooks(
        "before-call.cloudformation.DescribeStackResources", answer({"StackResources": resources})
    )
    make_job(glue, "orders")
    start_runs(glue, "orders", 1)
    result = invoke("status", "--stack", "DataLake", "--json")
    assert result.exit_code == 0, result.stderr
    [row] = json.loads(result.stdout)["resources"]
    assert row["path"] == "DataLake/OrdersJob1A2B" and row["name"] == "orders"
    assert row["state"] == "SUCCEEDED"


def test_status_of_a_stack_that_is_not_deployed(invoke):
    result = invoke("status", "--stack", "Nope")
    assert result.exit_code == 2
    assert "no stack Nope in this account and region" in result.stderr
