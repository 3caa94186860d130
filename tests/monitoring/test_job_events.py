"""Job rules: each EventPattern exactly as AWS Glue's events are written.

Expected patterns are written by hand from "Automating AWS Glue with EventBridge"
(https://docs.aws.amazon.com/glue/latest/dg/automating-awsglue-with-cloudwatch-events.html):
source ``aws.glue``; detail-type ``Glue Job State Change`` for SUCCEEDED, FAILED, TIMEOUT
and STOPPED with ``detail.jobName`` and ``detail.state``; ``Glue Job Run Status`` for runs
past their delay threshold. aws-cdk-lib's ``onEvent`` matches both detail-types
(aws-glue/lib/jobs/job.ts); its default descriptions read "Rule triggered when Glue job
<name> is in <state> state".
"""

from __future__ import annotations

import pytest
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_sqs as sqs

from glueforge import GlueforgeValidationError, JobState
from glueforge.jobs.etl_job import EtlJob
from tests.monitoring.stacks import etl_job, only, resources


def _template(synth, stack) -> dict:
    return synth(stack, nag=False, cfn_lint=False).templates["Test"]


@pytest.mark.parametrize(
    ("method", "state"),
    [("on_success", "SUCCEEDED"), ("on_failure", "FAILED"), ("on_timeout", "TIMEOUT")],
)
def test_each_state_rule_matches_exactly_this_job_and_state(stack, synth, method, state):
    job = etl_job(stack)
    getattr(job, method)("Rule")
    rule = only(_template(synth, stack), "AWS::Events::Rule")
    assert rule == {
        "Description": f"Rule triggered when Glue job orders is in {state} state",
        "EventPattern": {
            "source": ["aws.glue"],
            "detail-type": ["Glue Job State Change"],
            "detail": {"jobName": ["orders"], "state": [state]},
        },
        "State": "ENABLED",
    }


def test_on_event_matches_both_job_detail_types_and_takes_a_target(stack, synth):
    job = etl_job(stack)
    queue = sqs.Queue(stack, "Q", enforce_ssl=True)
    job.on_event(
        "Any", target=targets.SqsQueue(queue), description="all of it", rule_name="orders-any"
    )
    template = _template(synth, stack)
    rule = only(template, "AWS::Events::Rule")
    assert rule["EventPattern"] == {
        "source": ["aws.glue"],
        "detail-type": ["Glue Job State Change", "Glue Job Run Status"],
        "detail": {"jobName": ["orders"]},
    }
    assert rule["Name"] == "orders-any"
    assert rule["Description"] == "all of it"
    queue_id = stack.get_logical_id(queue.node.default_child)
    assert queue_id in resources(template, "AWS::SQS::Queue")
    [target] = rule["Targets"]
    assert target["Arn"] == {"Fn::GetAtt": [queue_id, "Arn"]}


def test_a_given_event_pattern_is_merged_in(stack, synth):
    job = etl_job(stack)
    job.on_failure("Rule", event_pattern=events.EventPattern(account=["111122223333"]))
    rule = only(_template(synth, stack), "AWS::Events::Rule")
    assert rule["EventPattern"] == {
        "account": ["111122223333"],
        "source": ["aws.glue"],
        "detail-type": ["Glue Job State Change"],
        "detail": {"jobName": ["orders"], "state": ["FAILED"]},
    }


def test_stopped_runs_have_a_rule_too(stack, synth):
    etl_job(stack).on_state_change("Stopped", JobState.STOPPED)
    rule = only(_template(synth, stack), "AWS::Events::Rule")
    assert rule["EventPattern"]["detail"] == {"jobName": ["orders"], "state": ["STOPPED"]}


@pytest.mark.parametrize("state", ["RUNNING", "WAITING", "succeeded"])
def test_a_state_no_state_change_event_reports_is_refused(stack, state):
    job = etl_job(stack)
    with pytest.raises(GlueforgeValidationError) as error:
        job.on_state_change("Rule", state)
    assert error.value.path == "Test/Job"
    assert repr(state) in str(error.value)
    assert "['SUCCEEDED', 'FAILED', 'TIMEOUT', 'STOPPED']" in str(error.value)


def test_an_imported_job_has_the_same_rules(stack, synth):
    job = EtlJob.from_job_name(stack, "Imported", "nightly")
    job.on_failure("Failed")
    rule = only(_template(synth, stack), "AWS::Events::Rule")
    assert rule["EventPattern"]["detail"] == {"jobName": ["nightly"], "state": ["FAILED"]}
