"""Helpers for the ops tests: moto set-up and canned AWS answers."""

from __future__ import annotations

import json
from collections.abc import Callable

from botocore.awsrequest import AWSResponse

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/glue"


class _Body:
    def __init__(self, body: bytes):
        self._body = body

    def stream(self, **kwargs):
        yield self._body


def respond(status: int, document: dict, times: int | None = None) -> Callable:
    """A before-send handler answering with ``document`` (``times`` times, or always)."""
    left = [times]

    def handler(request, **kwargs):
        if left[0] is not None:
            if left[0] <= 0:
                return None
            left[0] -= 1
        body = json.dumps(document).encode()
        headers = {"Content-Type": "application/x-amz-json-1.1"}
        return AWSResponse(request.url, status, headers, _Body(body))

    handler.left = left
    return handler


def make_job(glue, name: str = "orders", **extra) -> str:
    glue.create_job(
        Name=name,
        Role=ROLE,
        Command={"Name": "glueetl", "ScriptLocation": "s3://scripts/orders.py"},
        **extra,
    )
    return name


def backend_runs(job: str) -> list:
    """moto's run objects of ``job`` (test setup: states moto's API cannot produce)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.glue.models import glue_backends

    return glue_backends[DEFAULT_ACCOUNT_ID][REGION].jobs[job].job_runs


class _Http:
    status_code = 200
    headers: dict = {}


def answer(parsed: dict) -> Callable:
    """A before-call handler that returns ``parsed`` as the operation's result.

    For answers moto cannot give, in any protocol (CloudFormation speaks XML).
    """

    def handler(**kwargs):
        return _Http(), parsed

    return handler
