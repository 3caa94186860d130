"""The reference app's jobs, and `glueforge render` on the synthesized app."""

import ast
import json

from click.testing import CliRunner

from glueforge.cli import cli


def _jobs(reference):
    template = reference.templates["DataLake"]
    return {
        v["Properties"]["Name"]: v["Properties"]
        for v in template["Resources"].values()
        if v["Type"] == "AWS::Glue::Job"
    }


def test_the_jobs_with_their_settings(reference):
    jobs = _jobs(reference)
    assert sorted(jobs) == [
        "shop-clickstream",
        "shop-clickstream-live",
        "shop-customers",
        "shop-daily-analytics",
        "shop-orders",
        "shop-retention-plan",
    ]
    orders = jobs["shop-orders"]
    args = orders["DefaultArguments"]
    assert args["--job-bookmark-option"] == "job-bookmark-enable"
    assert "--source_orders_connection" in args
    assert orders["Connections"] == {"Connections": [args["--source_orders_connection"]]}
    # customers come from a DynamoDB export: nothing for a bookmark to track
    assert jobs["shop-customers"]["DefaultArguments"]["--job-bookmark-option"] == (
        "job-bookmark-disable"
    )
    assert set(jobs["shop-customers"]["DefaultArguments"]) >= {
        "--source_customers_table_arn",
        "--source_customers_s3_bucket",
    }
    assert "--sink_analytics_database" in jobs["shop-daily-analytics"]["DefaultArguments"]


def test_scripts_read_exactly_the_arguments_the_jobs_pass(reference_app):
    _, stack = reference_app
    for job in stack.jobs.all:
        passed = {k[2:] for k in job.arguments if k[2:] in set(job.script.argument_names)}
        read = set(job.script.argument_names) - {"JOB_NAME", "TempDir"}
        assert read == passed - {"TempDir"}, job.node.path
        assert "${Token[" not in job.script.text
        compile(job.script.text, job.script_name, "exec")


def test_orders_script_reads_in_parallel_with_bookmark_keys(reference_app):
    _, stack = reference_app
    text = stack.jobs.orders.script.text
    tree = ast.parse(text)
    [read] = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and any(
            k.arg == "connection_type" and getattr(k.value, "value", None) == "postgresql"
            for k in node.keywords
        )
    ]
    options = next(k.value for k in read.keywords if k.arg == "connection_options")
    keys = {k.value for k in options.keys}
    assert {"hashfield", "hashpartitions", "jobBookmarkKeys", "dbtable", "connectionName"} <= keys
    assert 'connection_type="postgresql"' in text


def test_render_command_writes_every_script(reference, reference_app, tmp_path):
    _, stack = reference_app
    result = CliRunner().invoke(
        cli, ["render", "--app", str(reference.outdir), "--output", str(tmp_path), "--json"]
    )
    assert result.exit_code == 0, result.output
    written = json.loads(result.output)
    assert [w["construct"] for w in written] == [
        "DataLake/Jobs/ClickstreamJob",
        "DataLake/Jobs/CustomersJob",
        "DataLake/Jobs/DailyAnalyticsJob",
        "DataLake/Jobs/LiveClickstreamJob",
        "DataLake/Jobs/OrdersJob",
        "DataLake/Jobs/RetentionPlanJob",
    ]
    orders = tmp_path / "DataLake__Jobs__OrdersJob" / "shop_orders.py"
    assert orders.read_text() == stack.jobs.orders.script.text


def test_render_refuses_a_folder_that_is_not_an_app(tmp_path):
    result = CliRunner().invoke(cli, ["render", "--app", str(tmp_path)])
    assert result.exit_code == 2
    assert "has neither a manifest.json (a cdk.out) nor a cdk.json (an app folder)" in (
        result.stderr
    )
