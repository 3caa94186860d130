"""The app-wide work at synth (the cost guard, the check recorder, the check of each
stack's pipelines) runs in one pass each, called back once, however many constructs the
app has.

An aspect is called back from node for every construct under it (issue 18 measured 7,200
callbacks on an app of 100 pipelines); a validation is called back once per synth.
"""

from __future__ import annotations

from contextlib import contextmanager

import jsii
import jsii._kernel as kernel
import pytest
from aws_cdk import App, Aspects, IAspect, Stack, Tag
from aws_cdk import aws_s3 as s3
from jsii import _reference_map

from glueforge import Pipeline, StartTrigger
from glueforge.assembly.reader import PIPELINE_METADATA, metadata_entries
from glueforge.checks import enable_checks
from glueforge.checks.results import ENABLED_CHECKS_METADATA
from glueforge.cost.model import COST_METADATA, PIPELINE_COST_METADATA
from glueforge.jobs.assets import SCRIPTS_DEPLOYMENT_ID, _StageOnSynth
from glueforge.jobs.etl_job import EtlJob
from glueforge.jobs.specs import S3Sink, S3Source


@contextmanager
def _callbacks():
    """Each Python method node calls back inside the block, as ``(interface.method,
    the Python object called, the construct path of its first argument or None)``."""
    called = []
    original = kernel._handle_callback

    def handle(k, callback):
        if callback.invoke:
            interfaces = callback.invoke.objref.interfaces or ["?"]
            target = _reference_map.resolve_id(callback.invoke.objref.ref)
            args = callback.invoke.args or []
            first = kernel._recursize_dereference(k, args[0]) if args else None
            path = first.node.path if hasattr(first, "node") else None
            called.append((f"{interfaces[0]}.{callback.invoke.method}", target, path))
        return original(k, callback)

    kernel._handle_callback = handle
    try:
        yield called
    finally:
        kernel._handle_callback = original


def _app(jobs: int, pipelines: int = 1, **budget) -> App:
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
    for i in range(1, pipelines):
        other = Pipeline(stack, f"Hourly{i}")
        other.add_trigger("Start", StartTrigger.schedule("cron(0 * * * ? *)"), run=made)
    enable_checks(app, nag=False, **budget)
    return app


def _python_callbacks_at_synth(app: App) -> list[tuple[str, object, str | None]]:
    with _callbacks() as called:
        app.synth()
    return [call for call in called if call[0].endswith((".visit", ".validate"))]


def _deployment_subtree(app: App) -> list[str]:
    """The construct paths of the stack's scripts deployment and everything under it,
    read from the synthesized tree."""
    deployment = app.node.find_child("Lake").node.find_child(SCRIPTS_DEPLOYMENT_ID)
    return [construct.node.path for construct in deployment.node.find_all()]


def test_no_aspect_is_left_on_the_tree():
    app = _app(2, monthly_budget=1000)
    stack = app.node.find_child("Lake")
    for scope in (app, stack, stack.node.find_child("Nightly")):
        assert Aspects.of(scope).all == []


def _is_python_aspect(aspect: object) -> bool:
    # aws-cdk-lib's own aspects (the tag BucketDeployment puts on its bucket, a role's)
    # are objects of node, visited there with no call back to Python.
    module = type(aspect).__module__
    return not module.startswith(("aws_cdk", "constructs", "jsii"))


def test_no_python_aspect_but_the_script_staging_is_anywhere_in_the_app():
    # The one aspect in Python is the stack's script staging, on the scripts deployment
    # only (it is called back for that small subtree, not for each job).
    app = _app(2, monthly_budget=1000)
    for synthesized in (False, True):
        if synthesized:
            app.synth()
        python_aspects = {}
        for construct in app.node.find_all():
            found = [type(a) for a in Aspects.of(construct).all if _is_python_aspect(a)]
            if found:
                python_aspects[construct.node.path] = found
        assert python_aspects == {f"Lake/{SCRIPTS_DEPLOYMENT_ID}": [_StageOnSynth]}


def test_the_python_aspect_check_sees_a_python_aspect():
    @jsii.implements(IAspect)
    class _Counter:
        def visit(self, node) -> None:
            pass

    assert _is_python_aspect(_Counter())
    assert not _is_python_aspect(Tag("key", "value"))


def test_synth_calls_python_back_the_same_few_times_for_one_job_or_five():
    # One validation each: the cost guard and the check recorder (on the root), the
    # stack's deferred acknowledgments and its pipelines' graph check; then the template
    # size check, a policy-validation plugin that reads the assembly. The only aspect is
    # the script staging on the stack's scripts deployment: called back for constructs
    # of that deployment's subtree only, at most once each, so as often for 1 job as 5.
    expected = ["constructs.IValidation.validate"] * 4 + [
        "aws-cdk-lib.IPolicyValidationPlugin.validate"
    ]
    visits_per_app = []
    for jobs in (1, 5):
        app = _app(jobs, monthly_budget=1000)
        called = _python_callbacks_at_synth(app)
        assert [name for name, _, _ in called if name.endswith(".validate")] == expected
        visits = [(name, target, path) for name, target, path in called if name.endswith(".visit")]
        assert {(name, type(target)) for name, target, _ in visits} == {
            ("aws-cdk-lib.IAspect.visit", _StageOnSynth)
        }
        subtree = _deployment_subtree(app)
        visited = [path for _, _, path in visits]
        assert len(visited) == len(set(visited))  # once per construct
        assert set(visited) <= set(subtree)
        visits_per_app.append(len(visits))
    assert visits_per_app[0] == visits_per_app[1]


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


def test_the_pipelines_of_a_stack_share_one_validation():
    # The stack's pipelines are checked by one validation: as many callbacks for three
    # pipelines as for one.
    validations = [
        [
            name
            for name, _, _ in _python_callbacks_at_synth(_app(2, pipelines, monthly_budget=1000))
            if name.endswith(".validate")
        ]
        for pipelines in (1, 3)
    ]
    assert validations[0] == validations[1]
    assert len(validations[0]) == 5
