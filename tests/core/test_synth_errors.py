"""Issue 16, point 4: checks that fail inside synth raise glueforge's own error.

The cost guard and the pipeline graph check need the whole app, so they run inside
aws-cdk-lib's synth, called back from JavaScript. jsii cannot carry a Python exception
through JavaScript: ``app.synth()`` raises ``RuntimeError`` with the error's text, and
keeps the error itself as ``__context__``. So:

- a user calling ``app.synth()`` sees a RuntimeError whose message begins with the
  construct path and glueforge's message (and can get the error with
  ``glueforge_error_behind``);
- :func:`glueforge.checks.synthesize` (and ``glueforge check``) raise the
  :class:`GlueforgeValidationError` itself.
"""

from __future__ import annotations

import jsii
import pytest
from aws_cdk import App, Aspects, Duration, IAspect, Stack
from aws_cdk import aws_s3 as s3

from glueforge import (
    Condition,
    EtlJob,
    GlueforgeValidationError,
    Pipeline,
    S3Sink,
    S3Source,
    StartTrigger,
)
from glueforge.checks import synthesize
from glueforge.core.errors import glueforge_error_behind


@jsii.implements(IAspect)
class _Refuse:
    def visit(self, node):
        if isinstance(node, Stack):
            raise GlueforgeValidationError(node, ["the whole app says no, got 1"])


def test_jsii_wraps_an_error_raised_inside_synth_and_keeps_it():
    app = App()
    Aspects.of(Stack(app, "Lake")).add(_Refuse())
    with pytest.raises(RuntimeError) as caught:
        app.synth()
    assert not isinstance(caught.value, GlueforgeValidationError)
    assert str(caught.value) == "Lake: the whole app says no, got 1"
    original = glueforge_error_behind(caught.value)
    assert isinstance(original, GlueforgeValidationError)
    assert original.path == "Lake" and original.problems == ["the whole app says no, got 1"]


def test_an_unrelated_runtime_error_is_not_blamed_on_an_earlier_one():
    earlier = GlueforgeValidationError("Lake/Job", ["job_name is wrong"])
    try:
        try:
            raise earlier
        except GlueforgeValidationError:
            raise RuntimeError("ValidationFailed: something else") from None
    except RuntimeError as later:
        assert later.__context__ is earlier
        assert glueforge_error_behind(later) is None
    assert glueforge_error_behind(earlier) is earlier
    assert glueforge_error_behind(RuntimeError("no context")) is None


def _job(stack, id, **props):
    bucket = s3.Bucket(stack, f"{id}Data", enforce_ssl=True)
    return EtlJob(
        stack,
        id,
        specs=[
            S3Source("raw", bucket=bucket, prefix="in/"),
            S3Sink("out", input="raw", bucket=bucket, prefix="out/"),
        ],
        **props,
    )


def _cyclic_pipeline(tmp_path) -> App:
    app = App(outdir=str(tmp_path / "cdk.out"))
    stack = Stack(app, "Lake")
    job = _job(stack, "Orders", job_name="orders")
    pipeline = Pipeline(stack, "Nightly")
    pipeline.add_trigger("Start", StartTrigger.on_demand(), run=[_job(stack, "Other")])
    pipeline.add_trigger("Again", Condition.succeeded(job), run=[job])
    return app


CYCLE = (
    "Lake/Nightly: triggers form a cycle: job 'orders' -> job 'orders'; a workflow must be a DAG"
)


def test_pipeline_check_seen_by_a_user_calling_app_synth(tmp_path):
    with pytest.raises(RuntimeError) as caught:
        _cyclic_pipeline(tmp_path).synth()
    assert str(caught.value) == CYCLE


def test_pipeline_check_raises_glueforges_error_from_synthesize(tmp_path):
    with pytest.raises(GlueforgeValidationError) as caught:
        synthesize(_cyclic_pipeline(tmp_path), cfn_lint=False)
    assert caught.value.path == "Lake/Nightly"
    assert str(caught.value) == CYCLE


def _over_budget(tmp_path) -> App:
    app = App(outdir=str(tmp_path / "cdk.out"), context={"glueforge:cost-month": "2027-01"})
    stack = Stack(app, "Lake")
    job = _job(stack, "Orders", typical_duration=Duration.minutes(30), monthly_budget=10)
    nightly = Pipeline(stack, "Nightly")
    nightly.add_trigger("Start", StartTrigger.schedule("cron(0 2 * * ? *)"), run=[job])
    return app


# 31 nights x 2 workers x 1 DPU x 0.5 h x $0.44 = $13.64, worked by hand.
OVER_BUDGET = (
    "Lake/Orders: monthly $13.64 = 31 runs in 2027-01 x expected per run $0.44 = 2 workers "
    "x 1 DPU x 0.5 h x $0.44/DPU-hour (standard) exceeds monthly_budget $10.00"
)


def test_cost_guard_seen_by_a_user_calling_app_synth(tmp_path):
    with pytest.raises(RuntimeError) as caught:
        _over_budget(tmp_path).synth()
    assert str(caught.value) == OVER_BUDGET


def test_cost_guard_raises_glueforges_error_from_synthesize(tmp_path):
    with pytest.raises(GlueforgeValidationError) as caught:
        synthesize(_over_budget(tmp_path), cfn_lint=False)
    assert caught.value.path == "Lake/Orders"
    assert str(caught.value) == OVER_BUDGET
