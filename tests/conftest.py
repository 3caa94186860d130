"""Shared test harness: synthesize any app or stack and check it.

``synth(app_or_stack)`` returns a :class:`glueforge.checks.SynthReport` with the CDK
assertions ``Template`` of each stack, cfn-lint's findings and cdk-nag's AwsSolutions
findings. Every construct test goes through it.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from aws_cdk import App, Stack

from glueforge.checks import SynthReport, synthesize

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")

Synth = Callable[..., SynthReport]


@pytest.fixture
def synth(tmp_path) -> Synth:
    """Synthesize an ``App`` (or the app of a ``Stack``) with cfn-lint and cdk-nag."""

    def run(target: App | Stack, *, nag: bool = True, cfn_lint: bool = True) -> SynthReport:
        app = target if isinstance(target, App) else target.node.root
        return synthesize(app, nag=nag, cfn_lint=cfn_lint)

    return run


@pytest.fixture
def stack(tmp_path) -> Stack:
    """An env-agnostic stack in a fresh app that writes its assembly under ``tmp_path``."""
    return Stack(App(outdir=str(tmp_path / "cdk.out")), "Test")


@pytest.fixture(scope="session")
def reference_app(tmp_path_factory):
    """The reference data-lake app, built once per test run: (app, stack)."""
    import app as reference

    return reference.build_app(outdir=str(tmp_path_factory.mktemp("reference") / "cdk.out"))


@pytest.fixture(scope="session")
def reference(reference_app) -> SynthReport:
    """The reference app's synth report (synthesized once per test run)."""
    app, _ = reference_app
    return synthesize(app)


def assert_clean(report: SynthReport) -> None:
    """No cfn-lint errors, no cdk-nag errors, no aws-cdk-lib schema errors."""
    errors = report.errors()
    assert not errors, "\n".join(map(str, errors))
