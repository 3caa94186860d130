"""Construct paths resolve through the cloud assembly and the deployed stack."""

from __future__ import annotations

import json

import pytest

from glueforge.assembly.resources import JOB, AssemblyResources
from glueforge.ops.resolve import NotDeployed, physical_name
from tests.helpers.ops import answer, backend_runs, make_job

COMPACT_LOGICAL_ID_PREFIX = "Compact"


def test_assembly_lists_resources_by_path(assembly):
    found = {r.path: r for r in AssemblyResources(assembly).resources}
    assert found["DataLake/OrdersJob"].type == JOB
    assert found["DataLake/OrdersJob"].literal_name == "orders"
    compact = found["DataLake/Compact/Resource"]
    assert compact.literal_name is None and compact.stack_name == "DataLake"
    assert compact.logical_id.startswith(COMPACT_LOGICAL_ID_PREFIX)


def test_paths_come_from_the_metadata_file_without_path_metadata(assembly, tmp_path):
    # `cdk synth --no-path-metadata` drops aws:cdk:path; the manifest metadata still maps
    import shutil

    copy = tmp_path / "cdk.out"
    shutil.copytree(assembly, copy)
    template_file = copy / "DataLake.template.json"
    template = json.loads(template_file.read_text())
    for resource in template["Resources"].values():
        resource.pop("Metadata", None)
    template_file.write_text(json.dumps(template))
    paths = {r.path for r in AssemblyResources(copy).of_type(JOB)}
    assert {"DataLake/OrdersJob", "DataLake/Compact/Resource"} <= paths


@pytest.mark.parametrize("path", ["DataLake/OrdersJob", "/DataLake/OrdersJob/"])
def test_run_by_construct_path_with_a_literal_name(glue, invoke, assembly, path):
    make_job(glue, "orders")
    result = invoke("run", path, "--app", assembly)
    assert result.exit_code == 0, result.stderr
    assert "of job orders" in result.stdout
    assert len(backend_runs("orders")) == 1


def test_generated_names_come_from_the_deployed_stack(glue, invoke, assembly, hooks):
    # moto's CloudFormation cannot hold Glue resources, so the DescribeStackResource
    # answer is canned, in the shape CloudFormation returns.
    [compact] = [
        r for r in AssemblyResources(assembly).of_type(JOB) if r.path.startswith("DataLake/C")
    ]
    seen = {}

    def describe(params, **kwargs):
        seen.update(params)

    hooks("provide-client-params.cloudformation.DescribeStackResource", describe)
    detail = {
        "StackResourceDetail": {
            "LogicalResourceId": compact.logical_id,
            "PhysicalResourceId": "Compact-x1y2z3",
            "ResourceType": JOB,
            "ResourceStatus": "CREATE_COMPLETE",
        }
    }
    hooks("before-call.cloudformation.DescribeStackResource", answer(detail))
    make_job(glue, "Compact-x1y2z3")
    result = invoke("run", "DataLake/Compact", "--app", assembly)
    assert result.exit_code == 0, result.stderr
    assert "of job Compact-x1y2z3" in result.stdout
    assert seen == {"StackName": "DataLake", "LogicalResourceId": compact.logical_id}


def test_generated_name_of_an_undeployed_stack(invoke, assembly):
    result = invoke("run", "DataLake/Compact", "--app", assembly)
    assert result.exit_code == 2
    assert "stack DataLake has no deployed resource" in result.stderr


def test_physical_name_reports_a_missing_stack(moto, assembly):
    import boto3

    [compact] = [r for r in AssemblyResources(assembly).of_type(JOB) if r.literal_name is None]
    client = boto3.client("cloudformation", endpoint_url=moto)
    with pytest.raises(NotDeployed, match="is it deployed"):
        physical_name(compact, lambda: client)


def test_a_path_holding_two_jobs_asks_which(invoke, assembly):
    result = invoke("run", "DataLake/Twins", "--app", assembly)
    assert result.exit_code == 2
    assert "DataLake/Twins holds 2 Glue jobs; name one: DataLake/Twins/a, DataLake/Twins/b" in (
        result.stderr
    )


def test_a_path_of_another_kind_is_refused(invoke, assembly):
    result = invoke("crawl", "DataLake/OrdersJob", "--app", assembly)
    assert result.exit_code == 2
    assert "holds no Glue crawler (AWS::Glue::Crawler); it holds AWS::Glue::Job" in result.stderr


def test_a_name_that_is_no_construct_path_is_a_physical_name(glue, invoke, assembly):
    make_job(glue, "team/orders")
    result = invoke("run", "team/orders", "--app", assembly)
    assert result.exit_code == 0, result.stderr
    assert "of job team/orders" in result.stdout


def test_the_default_app_is_this_folder_and_its_cdk_out(glue, invoke, assembly, tmp_path):
    # aws_env runs each test in tmp_path: as in an app folder after `cdk synth`
    import shutil

    shutil.copytree(assembly, tmp_path / "cdk.out")
    make_job(glue, "orders")
    result = invoke("run", "DataLake/OrdersJob")
    assert result.exit_code == 0, result.stderr
    assert "of job orders" in result.stdout


def test_an_app_folder_resolves_through_its_last_synth(glue, invoke, assembly, tmp_path):
    # The ops commands read what the app last synthesized, where its cdk.json's "output"
    # puts it; they never run the app (its command here would fail).
    import shutil

    app_dir = tmp_path / "app"
    app_dir.mkdir()
    (app_dir / "cdk.json").write_text(json.dumps({"app": "false", "output": "build/assembly"}))
    shutil.copytree(assembly, app_dir / "build" / "assembly")
    make_job(glue, "orders")
    result = invoke("run", "DataLake/OrdersJob", "-a", str(app_dir))
    assert result.exit_code == 0, result.stderr
    assert "of job orders" in result.stdout


def test_an_app_that_does_not_exist_is_a_usage_error(invoke, tmp_path):
    result = invoke("run", "DataLake/OrdersJob", "--app", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
