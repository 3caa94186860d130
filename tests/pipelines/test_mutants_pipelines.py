"""Pipeline checks that a deliberate bug once slipped past (issue 17, section 7)."""

from __future__ import annotations

import pytest
from aws_cdk import aws_glue as glue

from glueforge import Condition, GlueforgeValidationError, Pipeline, StartTrigger


def _error(call) -> str:
    with pytest.raises(GlueforgeValidationError) as caught:
        call()
    return str(caught.value)


def test_cycle_through_the_second_clause_of_all_of_is_reported(stack):
    # Kills: the cycle check reading only a condition's first runnable. The loop back to
    # job 'b' runs through the SECOND clause (succeeded(b)); the first clause (a) is no loop.
    a = glue.Job.from_job_attributes(stack, "AJob", job_name="a")
    b = glue.Job.from_job_attributes(stack, "BJob", job_name="b")
    pipeline = Pipeline(stack, "P")
    pipeline.add_trigger("Start", StartTrigger.on_demand(), run=[a])
    pipeline.add_trigger(
        "Both", Condition.all_of(Condition.succeeded(a), Condition.succeeded(b)), run=[b]
    )
    assert _error(pipeline.validate) == (
        "Test/P: triggers form a cycle: job 'b' -> job 'b'; a workflow must be a DAG"
    )


def test_cycle_through_the_second_clause_of_any_of_is_reported(stack):
    a = glue.Job.from_job_attributes(stack, "AJob", job_name="a")
    b = glue.Job.from_job_attributes(stack, "BJob", job_name="b")
    c = glue.Job.from_job_attributes(stack, "CJob", job_name="c")
    pipeline = Pipeline(stack, "P")
    pipeline.add_trigger("Start", StartTrigger.on_demand(), run=[a])
    pipeline.add_trigger("AfterA", Condition.succeeded(a), run=[b])
    pipeline.add_trigger(
        "Either", Condition.any_of(Condition.failed(a), Condition.succeeded(b)), run=[c]
    )
    pipeline.add_trigger("AfterC", Condition.succeeded(c), run=[b])
    assert _error(pipeline.validate) == (
        "Test/P: triggers form a cycle: job 'b' -> job 'c' -> job 'b'; a workflow must be a DAG"
    )
