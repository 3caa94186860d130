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


# ---- the cycle search itself, on hand-drawn graphs (found by mutation testing) ----------


@pytest.mark.parametrize(
    ("edges", "cycles"),
    [
        # a DAG: a -> b -> c, a -> c
        ({"a": ["b", "c"], "b": ["c"]}, []),
        # a self-loop is a cycle of one step
        ({"a": ["a"]}, [["a", "a"]]),
        # one loop, entered from outside it: reported once, from where the search met it
        ({"s": ["a"], "a": ["b"], "b": ["c"], "c": ["a"]}, [["a", "b", "c", "a"]]),
        # two loops sharing node b: both reported
        ({"a": ["b"], "b": ["a", "c"], "c": ["b"]}, [["a", "b", "a"], ["b", "c", "b"]]),
        # a loop reached from two starts is still reported once
        ({"x": ["a"], "y": ["a"], "a": ["b"], "b": ["a"]}, [["a", "b", "a"]]),
        # a loop through the second successor only
        ({"a": ["b", "c"], "c": ["a"]}, [["a", "c", "a"]]),
    ],
)
def test_cycles_of_hand_drawn_graphs(edges, cycles):
    from glueforge.pipelines.pipeline import _cycles

    assert _cycles(edges) == cycles


def test_a_node_is_searched_once_however_many_paths_reach_it():
    # a diamond of diamonds: without remembering finished nodes the search walks every
    # path (2^n); with it, each node once. Counted through the edges it reads.
    from glueforge.pipelines.pipeline import _cycles

    reads: list[str] = []

    class Counting(dict):
        def get(self, key, default=None):
            reads.append(key)
            return super().get(key, default)

    layers = 12
    edges = Counting()
    for i in range(layers):
        edges[f"n{i}"] = [f"l{i}", f"r{i}"]
        edges[f"l{i}"] = [f"n{i + 1}"]
        edges[f"r{i}"] = [f"n{i + 1}"]
    assert _cycles(edges) == []
    # 3 nodes per layer and the last n, each read once
    assert len(reads) == 3 * layers + 1


_ADD_ONE = (
    "add one with add_trigger(id, StartTrigger.on_demand() | .schedule(cron) | "
    ".s3_object_created(bucket) | .event(pattern), run=[...])"
)


def test_a_pipeline_without_any_trigger_says_it_has_no_steps(stack):
    pipeline = Pipeline(stack, "P")
    assert _error(pipeline.validate) == (
        f"Test/P: has no start trigger, so nothing triggers no steps at all; {_ADD_ONE}"
    )


def test_a_pipeline_without_a_start_trigger_names_what_never_runs(stack):
    a = glue.Job.from_job_attributes(stack, "AJob", job_name="a")
    b = glue.Job.from_job_attributes(stack, "BJob", job_name="b")
    c = glue.Job.from_job_attributes(stack, "CJob", job_name="c")
    pipeline = Pipeline(stack, "P")
    pipeline.add_trigger("AfterA", Condition.succeeded(a), run=[b, c])
    assert _error(pipeline.validate) == (
        f"Test/P: has no start trigger, so nothing triggers job 'b', job 'c'; {_ADD_ONE}"
    )


def test_a_condition_on_a_step_outside_the_workflow_is_named(stack):
    a = glue.Job.from_job_attributes(stack, "AJob", job_name="a")
    b = glue.Job.from_job_attributes(stack, "BJob", job_name="b")
    outside = glue.Job.from_job_attributes(stack, "OutsideJob", job_name="outside")
    pipeline = Pipeline(stack, "P")
    pipeline.add_trigger("Start", StartTrigger.on_demand(), run=[a])
    pipeline.add_trigger("AfterOutside", Condition.succeeded(outside), run=[b])
    assert _error(pipeline.validate) == (
        "Test/P: trigger 'AfterOutside' waits on job 'outside', which is outside the "
        "workflow: no trigger of this pipeline runs it; add it to a trigger's run"
    )
