"""The stack's one validation of its pipelines (issue 18: one per stack, not one per
pipeline): each pipeline's graph is checked and its drawings recorded once, and when
several fail, the error is the first failing pipeline's in the construct tree, as when
synth validated each pipeline on its own."""

from __future__ import annotations

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_glue as glue
from constructs import Construct

from glueforge import Pipeline, StartTrigger
from glueforge.assembly.reader import PIPELINE_METADATA, metadata_entries


def _job(stack: Stack, name: str) -> glue.IJob:
    return glue.Job.from_job_attributes(stack, f"{name.title()}Job", job_name=name)


def test_of_two_failing_pipelines_the_first_in_the_tree_is_reported():
    app = App()
    stack = Stack(app, "S")
    first_scope = Construct(stack, "A")
    second_scope = Construct(stack, "B")
    # Declared in the other order than the tree's: B/Second first.
    Pipeline(second_scope, "Second")
    Pipeline(first_scope, "First")
    with pytest.raises(RuntimeError) as failed:
        app.synth()
    assert str(failed.value).startswith("S/A/First: has no start trigger")
    assert "S/B/Second" not in str(failed.value)


def test_each_pipeline_of_a_stack_is_recorded_once_even_after_a_failed_synth():
    app = App()
    stack = Stack(app, "S")
    fine = Pipeline(stack, "Fine")
    fine.add_trigger("Start", StartTrigger.on_demand(), run=[_job(stack, "one")])
    late = Pipeline(stack, "Late")
    with pytest.raises(RuntimeError, match="S/Late: has no start trigger"):
        app.synth()
    late.add_trigger("Start", StartTrigger.on_demand(), run=[_job(stack, "two")])
    app.synth(force=True)
    outdir = app.synth(force=True).directory
    paths = sorted(path for path, _ in metadata_entries(outdir, PIPELINE_METADATA))
    assert paths == ["S/Fine", "S/Late"]
