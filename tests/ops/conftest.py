"""Fixtures for the ops commands: one moto server per test session, reset per test.

The CLI runs in-process (click's CliRunner) against a ThreadedMotoServer through
--endpoint-url, so moto's gaps reach the code as HTTP errors, as a real endpoint's would.
The server shares this process, so tests can drive moto's state manager and poke its
backend objects directly; that is test setup, never code under test.
"""

from __future__ import annotations

import socket
import urllib.request
from collections.abc import Callable, Iterator

import boto3
import pytest
from click.testing import CliRunner

from glueforge.cli import cli
from glueforge.ops import aws as ops_aws
from tests.helpers.ops import REGION


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def aws_env(monkeypatch, tmp_path):
    """Fake credentials and a region; no profile or config file of the machine leaks in."""
    for key in ("AWS_PROFILE", "AWS_REGION", "AWS_SESSION_TOKEN", "AWS_MAX_ATTEMPTS"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    # the checkout's own cdk.out must not leak into name resolution
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def moto(moto_endpoint, aws_env) -> str:
    """A clean moto server for this test; returns its endpoint URL."""
    request = urllib.request.Request(moto_endpoint + "/moto-api/reset", method="POST")
    urllib.request.urlopen(request).read()
    return moto_endpoint


@pytest.fixture
def glue(moto):
    return boto3.client("glue", region_name=REGION, endpoint_url=moto)


@pytest.fixture
def logs(moto):
    return boto3.client("logs", region_name=REGION, endpoint_url=moto)


@pytest.fixture
def transitions():
    """Set moto state-manager transitions; every one is unset afterwards (they persist)."""
    from moto.moto_api import state_manager

    models = []

    def set_transition(model: str, transition: dict) -> None:
        models.append(model)
        state_manager.set_transition(model, transition)

    try:
        yield set_transition
    finally:
        for model in models:
            state_manager.unset_transition(model)


@pytest.fixture
def hooks(monkeypatch):
    """Register botocore event handlers on every session the CLI creates."""
    registered: list[tuple[str, Callable]] = []
    real = ops_aws.make_session

    def make_session(profile, region):
        session = real(profile, region)
        for event, handler in registered:
            session.events.register_first(event, handler)
        return session

    monkeypatch.setattr(ops_aws, "make_session", make_session)

    def add(event: str, handler: Callable) -> None:
        registered.append((event, handler))

    return add


@pytest.fixture
def invoke(moto):
    """Run ``glueforge ARGS`` in-process against the moto server."""

    def run(*args: str, endpoint: bool = True, poll: str = "0"):
        extra = ["--endpoint-url", moto, "--poll-interval", poll] if endpoint else []
        return CliRunner().invoke(cli, [*args, *extra], catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def assembly(tmp_path_factory) -> str:
    """A synthesized app with Glue resources at known construct paths; returns cdk.out."""
    from aws_cdk import App, Stack
    from aws_cdk import aws_glue as glue
    from aws_cdk import aws_s3 as s3
    from constructs import Construct

    from tests.helpers.ops import ROLE

    command = glue.CfnJob.JobCommandProperty(name="glueetl", script_location="s3://b/s.py")

    class Pipeline(Construct):
        """Like an L2 or L3: the job is its child ``Resource``, plus other children."""

        def __init__(self, scope, id):
            super().__init__(scope, id)
            glue.CfnJob(self, "Resource", role=ROLE, command=command)  # generated name
            s3.CfnBucket(self, "Scratch")

    outdir = tmp_path_factory.mktemp("ops-app") / "cdk.out"
    app = App(outdir=str(outdir))
    stack = Stack(app, "DataLake")
    glue.CfnJob(stack, "OrdersJob", name="orders", role=ROLE, command=command)
    Pipeline(stack, "Compact")
    twins = Construct(stack, "Twins")
    for name in ("a", "b"):
        glue.CfnJob(twins, name, name=f"twin-{name}", role=ROLE, command=command)
    glue.CfnCrawler(
        stack,
        "RawCrawler",
        name="raw-orders",
        role=ROLE,
        database_name="shop_raw",
        targets=glue.CfnCrawler.TargetsProperty(
            s3_targets=[glue.CfnCrawler.S3TargetProperty(path="s3://raw/")]
        ),
    )
    glue.CfnWorkflow(stack, "Nightly", name="nightly")
    s3.CfnBucket(Stack(app, "Other"), "Bucket")  # a stack without Glue resources
    app.synth()
    return str(outdir)
