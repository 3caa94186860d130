"""The ops clients' retry policy, which a deliberate bug once switched unnoticed (issue 17,
section 7): botocore's "standard" mode, 3 attempts unless the user's config says otherwise."""

from __future__ import annotations

import botocore.awsrequest
import pytest

from glueforge.ops.aws import Aws


@pytest.fixture
def aws(monkeypatch, tmp_path):
    # Fixed fake credentials and no user config: nothing of the machine's leaks in.
    for name in ("AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    return Aws(region="eu-west-1")


@pytest.mark.parametrize("service", ["glue", "logs", "sts"])
def test_every_client_uses_standard_retries(aws, service):
    # Kills: the retry mode switched to "legacy" (or dropped, which is legacy too).
    client = aws.client(service)
    assert client.meta.config.retries["mode"] == "standard"
    assert "glueforge" in client.meta.config.user_agent_extra


def test_a_throttled_call_is_tried_three_times(aws):
    # Standard mode: 3 attempts in all (legacy mode would make 5). Each attempt is answered
    # here with HTTP 400 ThrottlingException before it leaves the process.
    client = aws.client("glue")
    attempts = []

    def throttle(request, **_):
        attempts.append(request.url)
        return botocore.awsrequest.AWSResponse(
            request.url,
            400,
            {"Content-Type": "application/x-amz-json-1.1"},
            _Raw(b'{"__type": "ThrottlingException", "message": "Rate exceeded"}'),
        )

    client.meta.events.register("before-send.glue.GetJobs", throttle)
    with pytest.raises(client.exceptions.ClientError) as caught:
        client.get_jobs()
    assert caught.value.response["Error"]["Code"] == "ThrottlingException"
    assert len(attempts) == 3


class _Raw:
    """The raw body botocore reads from a response."""

    def __init__(self, body: bytes):
        self.body = body

    def stream(self, **_):
        yield self.body
