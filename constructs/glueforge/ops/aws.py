"""boto3 sessions with glueforge's retry policy, and AWS errors as one-line messages."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import boto3
import botocore.exceptions as bex
from botocore.config import Config

# Standard mode retries throttling, transient and 5xx errors with jittered exponential
# backoff. Attempts stay at botocore's default (3) unless AWS_MAX_ATTEMPTS or the profile's
# max_attempts says otherwise, so users tune it the way they tune the AWS CLI.
RETRY_MODE = "standard"
USER_AGENT = "glueforge"
# botocore waits 60 s to connect and 60 s for each answer, per attempt: an endpoint that
# accepts the connection and never answers held a command for 3 minutes. A CLI says so
# sooner; every Glue, CloudFormation and CloudWatch Logs call the CLI makes answers in
# well under a second. Timeouts are per attempt, and standard mode retries them.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 20.0
CONNECT_TIMEOUT_ENV = "GLUEFORGE_CONNECT_TIMEOUT"
READ_TIMEOUT_ENV = "GLUEFORGE_READ_TIMEOUT"
# How an HTML page starts: a proxy's, a captive portal's or a web server's, never AWS's.
_HTML_STARTS = (b"<!doctype html", b"<html")


class OpsError(Exception):
    """A failure the CLI reports as one line; ``exit_code`` 2 for usage or config, else 1.

    ``details`` go into the ``--json`` error document (e.g. the run id of a run that
    outlived --timeout).
    """

    def __init__(self, message: str, exit_code: int = 1, details: dict | None = None):
        super().__init__(message)
        self.exit_code = exit_code
        self.details = dict(details or {})


@dataclass
class Aws:
    """Where and as whom to call AWS: the global --profile, --region, --endpoint-url."""

    profile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    _session: Any = field(default=None, repr=False)
    _clients: dict = field(default_factory=dict, repr=False)

    def session(self) -> boto3.Session:
        if self._session is None:
            try:
                self._session = make_session(self.profile, self.region)
            except bex.ProfileNotFound as error:
                raise OpsError(f"{error}; see `aws configure list-profiles`", 2) from error
            if not self._session.region_name:
                raise OpsError(
                    "no AWS region: pass --region, set AWS_REGION or AWS_DEFAULT_REGION, "
                    "or give the profile a region",
                    2,
                )
        return self._session

    @property
    def region_name(self) -> str:
        return self.session().region_name

    def client(self, service: str) -> Any:
        if service not in self._clients:
            config = Config(
                retries={"mode": RETRY_MODE},
                user_agent_extra=USER_AGENT,
                connect_timeout=timeout_setting(CONNECT_TIMEOUT_ENV, CONNECT_TIMEOUT),
                read_timeout=timeout_setting(READ_TIMEOUT_ENV, READ_TIMEOUT),
            )
            client = self.session().client(service, endpoint_url=self.endpoint_url, config=config)
            # the client's own copy of the session's events: this client only
            client.meta.events.register("after-call", _reject_foreign_answer)
            self._clients[service] = client
        return self._clients[service]

    def console_url(self, fragment: str) -> str:
        """A link into the AWS console of this region's partition."""
        region = self.region_name
        partition = self.session().get_partition_for_region(region)
        host = {
            "aws-cn": "console.amazonaws.cn",
            "aws-us-gov": "console.amazonaws-us-gov.com",
        }.get(partition, "console.aws.amazon.com")
        return f"https://{region}.{host}/{fragment}"


def timeout_setting(variable: str, default: float) -> float:
    """Seconds from the environment ``variable``, else ``default``."""
    value = os.environ.get(variable)
    if value is None or not value.strip():
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise OpsError(f"{variable}={value!r}: expected a number of seconds above 0", 2)
    return seconds


def _reject_foreign_answer(http_response: Any, model: Any, **kwargs: Any) -> None:
    """An HTML page parses to an answer without any field, so the command would fail on
    a missing one: say which endpoint answered what instead (botocore's ``after-call``).

    The body decides, not the Content-Type: moto sends JSON labelled text/html.
    """
    if http_response is None or not 200 <= http_response.status_code < 300:
        return
    # (a before-call handler may answer with a stand-in that has no body)
    start = (getattr(http_response, "content", None) or b"")[:200].lstrip().lower()
    if start.startswith(_HTML_STARTS):
        raise OpsError(
            f"{http_response.url} answered {model.name} with an HTML page, not an AWS API "
            "answer (check --endpoint-url)"
        )


def make_session(profile: str | None, region: str | None) -> boto3.Session:
    """The boto3 session every command uses (tests hook botocore events here)."""
    return boto3.Session(profile_name=profile, region_name=region)


def error_code(error: BaseException) -> str:
    if isinstance(error, bex.ClientError):
        return str(error.response.get("Error", {}).get("Code", ""))
    return ""


def explain(error: BaseException, what: str) -> OpsError:
    """Turn a botocore exception raised while doing ``what`` into an :class:`OpsError`."""
    if isinstance(error, OpsError):
        return error
    if isinstance(error, bex.NoCredentialsError | bex.PartialCredentialsError):
        return OpsError(
            f"no AWS credentials while trying to {what}: run `aws configure`, pass "
            "--profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
            2,
        )
    if isinstance(error, bex.NoRegionError):
        return OpsError("no AWS region: pass --region or set AWS_REGION", 2)
    if isinstance(error, bex.ReadTimeoutError | bex.ConnectTimeoutError):
        return _timed_out(error, what)
    if isinstance(error, bex.EndpointConnectionError):
        return OpsError(f"cannot reach AWS to {what}: {error}")
    if isinstance(error, bex.ClientError):
        code = error_code(error)
        message = error.response.get("Error", {}).get("Message") or str(error)
        operation = getattr(error, "operation_name", "the call")
        if code in ("EntityNotFoundException", "ResourceNotFoundException"):
            return OpsError(f"cannot {what}: {message}", 2)
        if code in ("ConcurrentRunsExceededException", "CrawlerRunningException"):
            return OpsError(f"cannot {what}: already running ({message})")
        if code in ("AccessDeniedException", "AccessDenied", "UnauthorizedOperation"):
            return OpsError(f"not allowed to {what}: {message}", 2)
        if code in ("UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken"):
            return OpsError(f"AWS rejected the credentials while trying to {what}: {message}", 2)
        if code.isdigit() and code.startswith("5"):
            return OpsError(
                f"cannot {what}: the endpoint failed with HTTP {code} on {operation} "
                "(emulators such as moto answer 500 to operations they do not implement)"
            )
        return OpsError(f"cannot {what}: {code}: {message}")
    if isinstance(error, bex.BotoCoreError):
        return OpsError(f"cannot {what}: {error}")
    if isinstance(error, KeyError):
        # A 2xx answer missing a field every AWS answer has: not AWS, or a broken emulator.
        return OpsError(
            f"cannot {what}: the endpoint's answer has no {error.args[0]} "
            "(not an AWS API answer? check --endpoint-url)"
        )
    raise error


def _timed_out(error: BaseException, what: str) -> OpsError:
    endpoint = getattr(error, "kwargs", {}).get("endpoint_url", "the endpoint")
    if isinstance(error, bex.ConnectTimeoutError):
        limit, variable, did = CONNECT_TIMEOUT, CONNECT_TIMEOUT_ENV, "accept a connection"
    else:
        limit, variable, did = READ_TIMEOUT, READ_TIMEOUT_ENV, "answer"
    seconds = timeout_setting(variable, limit)
    return OpsError(
        f"cannot {what}: {endpoint} did not {did} within {seconds:g}s on any attempt "
        f"(set {variable} to wait longer, AWS_MAX_ATTEMPTS to retry more)"
    )
