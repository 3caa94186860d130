"""The ops commands never hide a problem: a foreign answer, a silent endpoint, a run that
outlives --timeout, a reset no one confirmed. Each is one line naming what went wrong,
and with --json one JSON document on stdout."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator

import pytest
from botocore.awsrequest import AWSResponse

from glueforge.cli import bookmark as bookmark_cli
from tests.helpers.ops import make_job, respond

HTML = b"<!DOCTYPE html>\n<html><body><h1>Sign in to the corporate proxy</h1></body></html>"
ENTRY = {"JobBookmarkEntry": {"JobName": "orders", "Version": 3, "Run": 3, "Attempt": 0}}


class _Body:
    def __init__(self, body: bytes):
        self._body = body

    def stream(self, **kwargs):
        yield self._body


def html_page(request, **kwargs):
    return AWSResponse(request.url, 200, {"Content-Type": "text/html"}, _Body(HTML))


# ---- answers that are not AWS's -----------------------------------------------------


def test_an_html_answer_names_the_endpoint_and_the_operation(glue, invoke, hooks, moto):
    make_job(glue)
    hooks("before-send.glue.StartJobRun", html_page)
    result = invoke("run", "orders")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {moto}/ answered StartJobRun with an HTML page")
    assert "KeyError" not in result.stderr and "Traceback" not in result.stderr


def test_an_html_answer_with_json_prints_a_json_error(glue, invoke, hooks):
    make_job(glue)
    hooks("before-send.glue.StartJobRun", html_page)
    result = invoke("run", "orders", "--json")
    assert result.exit_code == 1
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 1 and "StartJobRun" in error["message"]


def test_an_answer_missing_a_field_names_the_field(glue, invoke, hooks):
    make_job(glue)
    hooks("before-send.glue.StartJobRun", respond(200, {}))
    result = invoke("run", "orders")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot start job orders: the endpoint's answer has")
    assert "no JobRunId" in result.stderr and "unexpected" not in result.stderr


# ---- --json in every outcome ----------------------------------------------------------


def test_run_that_outlives_the_timeout_prints_a_json_error(glue, invoke, transitions):
    transitions("glue::job_run", {"progression": "manual", "times": 1000})
    make_job(glue)
    result = invoke("run", "orders", "--wait", "--timeout", "0", "--json")
    assert result.exit_code == 1
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 1
    assert error["message"].startswith("gave up waiting after 0s")
    assert error["job"] == "orders"
    assert error["run_id"] == glue.get_job_runs(JobName="orders")["JobRuns"][0]["Id"]


def test_an_ops_failure_with_json_prints_a_json_error(glue, invoke):
    result = invoke("runs", "nope", "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 2 and "nope" in error["message"]


def test_a_usage_error_with_json_prints_a_json_error(invoke):
    result = invoke("runs", "--json")  # JOB missing
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 2 and "JOB" in error["message"]


# ---- bookmark reset asks first ----------------------------------------------------------


@pytest.fixture
def reset_calls(glue, hooks) -> list[dict]:
    make_job(glue)
    calls: list[dict] = []
    hooks("provide-client-params.glue.ResetJobBookmark", lambda params, **kw: calls.append(params))
    hooks("before-send.glue.ResetJobBookmark", respond(200, ENTRY))
    return calls


def test_reset_off_a_terminal_refuses_without_yes(reset_calls, invoke):
    result = invoke("bookmark", "reset", "orders")
    assert result.exit_code == 2
    assert "not resetting the bookmark of job orders (whole) without confirmation" in (
        result.stderr
    )
    assert "pass --yes" in result.stderr
    assert reset_calls == []


def test_reset_refusal_with_json_prints_a_json_error(reset_calls, invoke):
    result = invoke("bookmark", "reset", "orders", "--run-id", "jr_2", "--json")
    assert result.exit_code == 2
    assert "(back to run jr_2)" in json.loads(result.stdout)["error"]["message"]
    assert reset_calls == []


@pytest.mark.parametrize(("answer", "resets"), [("y\n", True), ("n\n", False), ("\n", False)])
def test_reset_at_a_terminal_asks(reset_calls, moto, monkeypatch, answer, resets):
    from click.testing import CliRunner

    from glueforge.cli import cli

    monkeypatch.setattr(bookmark_cli, "can_ask", lambda: True)
    args = ["bookmark", "reset", "orders", "--endpoint-url", moto]
    result = CliRunner().invoke(cli, args, input=answer, catch_exceptions=False)
    assert "Reset the bookmark of job orders (whole)?" in result.stderr
    assert result.exit_code == (0 if resets else 1)
    assert reset_calls == ([{"JobName": "orders"}] if resets else [])
    if not resets:
        assert "bookmark of job orders left as it was" in result.stderr


def test_reset_with_yes_does_not_ask(reset_calls, invoke):
    result = invoke("bookmark", "reset", "orders", "-y")
    assert result.exit_code == 0, result.stderr
    assert "Reset the bookmark" not in result.stderr
    assert reset_calls == [{"JobName": "orders"}]


# ---- an endpoint that never answers -----------------------------------------------------


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """A TCP server on 127.0.0.1 that accepts connections and never answers.

    Its thread stops itself: it accepts for at most 10 s, and the test ends sooner.
    """
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        # At most 50 waits of 0.2 s (the accept timeout): the thread ends by itself.
        for _ in range(50):
            if stop.is_set():
                return
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            held.append(connection)  # read nothing, answer nothing

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=2)
        for connection in held:
            connection.close()
        server.close()


def test_a_silent_endpoint_is_named_after_the_read_timeout(aws_env, silent_endpoint, monkeypatch):
    from click.testing import CliRunner

    from glueforge.cli import cli

    monkeypatch.setenv("GLUEFORGE_READ_TIMEOUT", "0.3")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")
    args = ["runs", "orders", "--endpoint-url", silent_endpoint]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: cannot list the runs of job orders: {silent_endpoint}/ did not answer within "
        "0.3s on any attempt"
    ), result.stderr
    assert "GLUEFORGE_READ_TIMEOUT" in result.stderr


def test_the_default_timeouts_fit_a_cli(aws_env):
    from glueforge.ops.aws import Aws

    config = Aws().client("glue").meta.config
    assert (config.connect_timeout, config.read_timeout) == (5.0, 20.0)
    assert config.retries["mode"] == "standard"


def test_timeouts_are_overridable(aws_env, monkeypatch):
    from glueforge.ops.aws import Aws

    monkeypatch.setenv("GLUEFORGE_CONNECT_TIMEOUT", "2")
    monkeypatch.setenv("GLUEFORGE_READ_TIMEOUT", "90")
    config = Aws().client("glue").meta.config
    assert (config.connect_timeout, config.read_timeout) == (2.0, 90.0)


@pytest.mark.parametrize("value", ["soon", "0", "-3"])
def test_a_bad_timeout_setting_is_a_config_error(aws_env, invoke, monkeypatch, value):
    monkeypatch.setenv("GLUEFORGE_READ_TIMEOUT", value)
    result = invoke("runs", "orders")
    assert result.exit_code == 2
    assert f"GLUEFORGE_READ_TIMEOUT={value!r}: expected a number of seconds above 0" in (
        result.stderr
    )
