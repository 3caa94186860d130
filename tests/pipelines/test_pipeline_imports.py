"""Pipeline's interface, grants and imports: IPipeline, grant_start_run, grant_read,
from_pipeline_attributes with from_workflow_name / from_workflow_arn routed through it,
and the refusal to add triggers to an imported pipeline."""

from __future__ import annotations

import pytest
from aws_cdk import Fn
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam

from glueforge import Condition, GlueforgeValidationError, IPipeline, Pipeline, StartTrigger
from tests.conftest import assert_clean
from tests.helpers.iam import arn, logical_id, policy_statements

# Service Authorization Reference, AWS Glue: the actions that take the workflow resource.
START_RUN = "glue:StartWorkflowRun"
READ = [
    "glue:GetWorkflow",
    "glue:GetWorkflowRun",
    "glue:GetWorkflowRuns",
    "glue:GetWorkflowRunProperties",
]
OTHER_ACCOUNT_ARN = "arn:aws:glue:eu-west-1:111111111111:workflow/nightly"


def _operator(stack):
    return iam.Role(stack, "Operator", assumed_by=iam.AccountRootPrincipal())


def _statements(report, stack_name="Test"):
    template = report.templates[stack_name]
    return template, policy_statements(template, logical_id(template, "AWS::IAM::Role", "Operator"))


def test_owned_pipeline_grants_exactly_its_workflow(stack, synth):
    pipeline = Pipeline(stack, "Nightly")
    job = glue.Job.from_job_attributes(stack, "Orders", job_name="orders")
    pipeline.add_trigger("Start", StartTrigger.on_demand(), run=[job])
    operator = _operator(stack)

    start = pipeline.grant_start_run(operator)
    read = pipeline.grant_read(operator)

    assert isinstance(start, iam.Grant) and start.success
    assert isinstance(read, iam.Grant) and read.success
    report = synth(stack)
    assert_clean(report)  # exact actions on one ARN: nothing for cdk-nag's IAM5
    template, statements = _statements(report)
    workflow = {"Ref": logical_id(template, "AWS::Glue::Workflow", "NightlyWorkflow")}
    assert statements == [
        {"Action": START_RUN, "Effect": "Allow", "Resource": arn("glue", ":workflow/", workflow)},
        {"Action": READ, "Effect": "Allow", "Resource": arn("glue", ":workflow/", workflow)},
    ]


def test_import_by_name_grants_on_the_workflow_in_this_stack(stack, synth):
    imported = Pipeline.from_workflow_name(stack, "Imported", "nightly")
    assert isinstance(imported, IPipeline)
    assert not isinstance(imported, Pipeline)
    assert imported.workflow_name == "nightly"
    assert stack.resolve(imported.workflow_arn) == arn("glue", ":workflow/nightly")
    operator = _operator(stack)
    imported.grant_start_run(operator)
    imported.grant_read(operator)
    report = synth(stack)
    assert_clean(report)
    _, statements = _statements(report)
    assert statements == [
        {"Action": START_RUN, "Effect": "Allow", "Resource": arn("glue", ":workflow/nightly")},
        {"Action": READ, "Effect": "Allow", "Resource": arn("glue", ":workflow/nightly")},
    ]


def test_import_by_arn_keeps_the_arn_it_was_given(stack, synth):
    imported = Pipeline.from_workflow_arn(stack, "Imported", OTHER_ACCOUNT_ARN)
    assert imported.workflow_name == "nightly"
    assert imported.workflow_arn == OTHER_ACCOUNT_ARN
    imported.grant_start_run(_operator(stack))
    _, statements = _statements(synth(stack, nag=False, cfn_lint=False))
    assert statements == [{"Action": START_RUN, "Effect": "Allow", "Resource": OTHER_ACCOUNT_ARN}]


def test_name_and_arn_imports_route_through_the_attributes(stack, monkeypatch):
    calls = []
    original = Pipeline.from_pipeline_attributes

    def spy(scope, id, **attributes):
        calls.append((id, attributes))
        return original(scope, id, **attributes)

    monkeypatch.setattr(Pipeline, "from_pipeline_attributes", spy)
    Pipeline.from_workflow_name(stack, "ByName", "nightly")
    Pipeline.from_workflow_arn(stack, "ByArn", OTHER_ACCOUNT_ARN)
    assert calls == [
        ("ByName", {"workflow_name": "nightly"}),
        ("ByArn", {"workflow_name": "nightly", "workflow_arn": OTHER_ACCOUNT_ARN}),
    ]


def test_import_by_attributes(stack):
    plain = Pipeline.from_pipeline_attributes(stack, "Plain", workflow_name="nightly")
    assert stack.resolve(plain.workflow_arn) == arn("glue", ":workflow/nightly")
    given = Pipeline.from_pipeline_attributes(
        stack, "Given", workflow_name="nightly", workflow_arn=OTHER_ACCOUNT_ARN
    )
    assert given.workflow_arn == OTHER_ACCOUNT_ARN


def test_import_by_a_token_arn_splits_it_at_deploy_time(stack):
    imported = Pipeline.from_workflow_arn(stack, "Shared", Fn.import_value("NightlyArn"))
    name = stack.resolve(imported.workflow_name)
    assert name["Fn::Select"][0] == 1  # the name after "workflow/"
    split = name["Fn::Select"][1]["Fn::Split"]
    assert split[0] == "/"
    assert stack.resolve(imported.workflow_arn) == {"Fn::ImportValue": "NightlyArn"}


@pytest.mark.parametrize(
    "bad",
    [
        "arn:aws:glue:eu-west-1:111111111111:job/nightly",  # a job, not a workflow
        "arn:aws:glue:eu-west-1:111111111111:workflow/",  # no name
        "arn:aws:s3:::workflow/nightly",  # not Glue
        "nightly",  # a name, not an ARN
    ],
)
def test_bad_arn_names_the_construct_path_and_the_value(stack, bad):
    with pytest.raises(GlueforgeValidationError) as caught:
        Pipeline.from_workflow_arn(stack, "Bad", bad)
    message = str(caught.value)
    assert message.startswith(f"Test/Bad: workflow_arn {bad!r} is not a Glue workflow ARN")
    assert "arn:aws:glue:us-east-1:123456789012:workflow/my-workflow" in message


def test_attributes_of_the_wrong_type_name_the_construct_path(stack):
    with pytest.raises(TypeError) as caught:
        Pipeline.from_pipeline_attributes(stack, "Typo", workflow_name=42)
    assert str(caught.value).startswith("Test/Typo: workflow_name must be str, got int 42")
    with pytest.raises(TypeError, match="^Test/Typo2: workflow_arn must be str or None"):
        Pipeline.from_pipeline_attributes(stack, "Typo2", workflow_name="n", workflow_arn=1)


@pytest.mark.parametrize(
    "when",
    [StartTrigger.on_demand(), None],
    ids=["start trigger", "condition"],
)
def test_an_imported_pipeline_takes_no_new_triggers(stack, synth, when):
    imported = Pipeline.from_workflow_name(stack, "Existing", "nightly")
    job = glue.Job.from_job_attributes(stack, "Orders", job_name="orders")
    when = when or Condition.succeeded(job)
    with pytest.raises(GlueforgeValidationError) as caught:
        imported.add_trigger("More", when, run=[job])
    message = str(caught.value)
    assert message.startswith(
        "Test/Existing: cannot add trigger 'More': this pipeline imports workflow 'nightly'"
    )
    assert "workflow_name=pipeline.workflow_name" in message  # the way out
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    assert not [
        r for r in template.get("Resources", {}).values() if r["Type"] == "AWS::Glue::Trigger"
    ]
