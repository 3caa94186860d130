"""Answers kept in Python: the same answers aws-cdk-lib gives, each asked of node once."""

from __future__ import annotations

from contextlib import contextmanager

from aws_cdk import App, ArnFormat, Environment, NestedStack, Stack
from aws_cdk import aws_s3 as s3
from constructs import Construct
from jsii._kernel.providers.process import _NodeProcess

from glueforge.core.arns import GlueArnResource, glue_arn, log_group_arn
from glueforge.core.stack_cache import format_arn, node_id, node_path, note_child, s3_url, stack_of

ACCOUNT = "123456789012"
# How CloudFormation sees an ARN's partition: a reference, so it works in every partition.
ARN = "arn:${AWS::Partition}"


@contextmanager
def _round_trips():
    """Count the requests Python sends to jsii's node process inside the block."""
    sent = []
    original = _NodeProcess.send

    def send(self, request, response_type):
        sent.append(type(request).__name__)
        return original(self, request, response_type)

    _NodeProcess.send = send
    try:
        yield sent
    finally:
        _NodeProcess.send = original


def _text(stack: Stack, arn: str) -> str:
    """The ARN as CloudFormation will build it, with ``${AWS::Partition}`` left in."""
    resolved = stack.resolve(arn)
    if isinstance(resolved, str):
        return resolved
    _, parts = resolved["Fn::Join"]
    return "".join(p if isinstance(p, str) else "${" + p["Ref"] + "}" for p in parts)


def _stack(app: App, id: str, region: str) -> Stack:
    return Stack(app, id, env=Environment(account=ACCOUNT, region=region))


def test_stack_of_and_path_are_aws_cdk_libs_answers():
    app = App()
    stack = _stack(app, "Lake", "us-east-1")
    nested = NestedStack(stack, "Team")
    orders = Construct(Construct(nested, "Sales"), "Orders")
    assert stack_of(orders) is stack_of(orders)
    assert stack_of(orders).node.path == "Lake/Team"
    assert stack_of(Construct(stack, "Direct")).node.path == "Lake"
    assert node_path(orders) == "Lake/Team/Sales/Orders"


def test_an_arn_is_built_per_stack_and_parts():
    app = App()
    east, west = _stack(app, "East", "us-east-1"), _stack(app, "West", "eu-west-1")
    # Written by hand from Glue's ARN format: arn:<partition>:glue:<region>:<account>:
    # database/<name>
    assert _text(east, glue_arn(east, GlueArnResource.DATABASE, "sales")) == (
        f"{ARN}:glue:us-east-1:{ACCOUNT}:database/sales"
    )
    assert _text(west, glue_arn(west, GlueArnResource.DATABASE, "sales")) == (
        f"{ARN}:glue:eu-west-1:{ACCOUNT}:database/sales"
    )
    assert _text(east, glue_arn(east, GlueArnResource.DATABASE, "orders")) == (
        f"{ARN}:glue:us-east-1:{ACCOUNT}:database/orders"
    )
    streams = log_group_arn(east, "/aws-glue/jobs/output", stream="*")
    assert _text(east, streams) == (
        f"{ARN}:logs:us-east-1:{ACCOUNT}:log-group:/aws-glue/jobs/output:log-stream:*"
    )
    # The slash and colon forms of the same parts are different ARNs.
    slash = format_arn(east, service="logs", resource="log-group", resource_name="g")
    colon = format_arn(
        east,
        service="logs",
        resource="log-group",
        resource_name="g",
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )
    assert _text(east, slash) == f"{ARN}:logs:us-east-1:{ACCOUNT}:log-group/g"
    assert _text(east, colon) == f"{ARN}:logs:us-east-1:{ACCOUNT}:log-group:g"


def test_an_arn_asked_again_costs_no_round_trip():
    stack = _stack(App(), "Lake", "us-east-1")
    job = Construct(stack, "Job")
    first = glue_arn(job, GlueArnResource.JOB, "nightly")
    assert node_path(job) == "Lake/Job"
    with _round_trips() as sent:
        again = [glue_arn(job, GlueArnResource.JOB, "nightly") for _ in range(5)]
        path = [node_path(job), node_path(job)]
        stack_of(job)
    assert again == [first] * 5
    assert path == ["Lake/Job", "Lake/Job"]
    assert sent == []


def test_an_object_url_asked_again_costs_no_round_trip():
    stack = _stack(App(), "Lake", "us-east-1")
    bucket = s3.Bucket.from_bucket_name(stack, "Raw", "raw-bucket")
    first = s3_url(bucket, "orders/")
    with _round_trips() as sent:
        again = s3_url(bucket, "orders/")
    assert sent == []
    assert again == first == "s3://raw-bucket/orders/"
    assert s3_url(bucket, "events/") == "s3://raw-bucket/events/"


def test_a_named_arn_is_aws_cdk_libs_arn():
    stack = _stack(App(), "Lake", "us-east-1")
    token_name = s3.Bucket(stack, "Raw").bucket_name
    for arn_format in (None, *ArnFormat):
        for name in (None, "", "orders", "/aws-glue/jobs:log-stream:*", token_name):
            parts = {"service": "logs", "resource": "log-group", "resource_name": name}
            expected = stack.format_arn(**parts, arn_format=arn_format)
            assert format_arn(stack, **parts, arn_format=arn_format) == expected


def test_a_child_noted_in_python_has_aws_cdk_libs_id_path_and_stack():
    app = App()
    stack = _stack(app, "Lake", "us-east-1")
    nested = NestedStack(stack, "Team")
    free = Construct(app, "Free")
    for scope, id in [(stack, "Job"), (nested, "Job"), (stack, "a/b"), (free, "X")]:
        child = Construct(scope, id)
        note_child(child, scope, id)
        with _round_trips() as sent:
            noted = (node_id(child), node_path(child))
        assert sent == []
        assert noted == (child.node.id, child.node.path)
        if scope is not free:
            assert stack_of(child) is stack_of(scope)
            assert stack_of(child).node.path == Stack.of(child).node.path


def test_an_object_url_is_aws_cdk_libs_url():
    stack = _stack(App(), "Lake", "us-east-1")
    for bucket in (s3.Bucket.from_bucket_name(stack, "Raw", "raw-bucket"), s3.Bucket(stack, "New")):
        for key in ("", "orders/", "/orders", "//orders/", "a//b"):
            assert s3_url(bucket, key) == bucket.s3_url_for_object(key)
