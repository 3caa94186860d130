"""The app-wide work at synth (the cost guard, the check recorder, each pipeline's graph
check) runs in one pass each, called back once, however many constructs the app has.

An aspect is called back from node for every construct under it (issue 18 measured 7,200
callbacks on an app of 100 pipelines); a validation is called back once per synth.
"""

from __future__ import annotations

from contextlib import contextmanager

import jsii._kernel as kernel
import pytest
from aws_cdk import App, Aspects, Stack
from aws_cdk import aws_s3 as s3

from glueforge import Pipeline, StartTrigger
from glueforge.assembly.reader import PIPELINE_METADATA, metadata_entries
from glueforge.checks import enable_checks
from glueforge.checks.results import ENABLED_CHECKS_METADATA
from glueforge.cost.model import COST_METADATA, PIPELINE_COST_METADATA
from glueforge.jobs.etl_job import EtlJob
from glueforge.jobs.specs import S3Sink, S3Source


@contextmanager
def _callbacks():
    """``interface.method`` of each Python method node calls back inside the block."""
    called = []
    original = kernel._handle_callback

    def handle(k, callback):
        if callback.invoke:
            interfaces = callback.invoke.objref.interfaces or ["?"]
            called.append(f"{interfaces[0]}.{callback.invoke.method}")
        return original(k, callback)

    kernel._handle_callback = handle
    try:
        yield called
    finally:
        kernel._handle_callback = original


def _app(jobs: int, **budget) -> App:
    app = App()
    stack = Stack(app, "Lake")
    bucket = s3.Bucket(stack, "Data", enforce_ssl=True)
    made = [
        EtlJob(
            stack,
            f"Job{i}",
            specs=[
                S3Source("raw", bucket=bucket, prefix=f"in{i}/"),
                S3Sink("out", input="raw", bucket=bucket, prefix=f"out{i}/"),
            ],
        )
        for i in range(jobs)
    ]
    pipeline = Pipeline(stack, "Nightly")
    pipeline.add_trigger("Start", StartTrigger.schedule("cron(0 2 * * ? *)"), run=made)
    enable_checks(app, nag=False, **budget)
    return app


def _python_callbacks_at_synth(app: App) -> list[str]:
    with _callbacks() as called:
        app.synth()
    return [name for name in called if name.endswith((".visit", ".validate"))]


def test_no_aspect_is_left_on_the_tree():
    app = _app(2, monthly_budget=1000)
    stack = app.node.find_child("Lake")
    for scope in (app, stack, stack.node.find_child("Nightly")):
        assert Aspects.of(scope).all == []


def test_synth_calls_python_back_the_same_few_times_for_one_job_or_five():
    # One validation each: the cost guard and the check recorder (on the root), the
    # stack's deferred acknowledgments and the pipeline's graph check; then the template
    # size check, a policy-validation plugin that reads the assembly. No aspect's visit.
    expected = ["constructs.IValidation.validate"] * 4 + [
        "aws-cdk-lib.IPolicyValidationPlugin.validate"
    ]
    assert _python_callbacks_at_synth(_app(1, monthly_budget=1000)) == expected
    assert _python_callbacks_at_synth(_app(5, monthly_budget=1000)) == expected


def test_a_second_synth_records_nothing_twice():
    app = _app(2, monthly_budget=1000)
    app.synth()
    outdir = app.synth(force=True).directory
    costs = metadata_entries(outdir, COST_METADATA)
    assert sorted(path for path, _ in costs) == ["Lake/Job0", "Lake/Job1"]
    assert [path for path, _ in metadata_entries(outdir, PIPELINE_COST_METADATA)] == [
        "Lake/Nightly"
    ]
    assert [path for path, _ in metadata_entries(outdir, PIPELINE_METADATA)] == ["Lake/Nightly"]
    assert [path for path, _ in metadata_entries(outdir, ENABLED_CHECKS_METADATA)] == ["Lake"]


def test_a_failed_guardrail_fails_every_synth():
    # $0.01 a month cannot pay for a nightly G.1X job (at least 1 minute of 2 DPU a run).
    app = _app(1, monthly_budget=0.01)
    for _ in range(2):
        with pytest.raises(RuntimeError, match="exceeds the app's monthly_budget"):
            app.synth(force=True)
