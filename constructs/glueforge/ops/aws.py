"""boto3 sessions with glueforge's retry policy, and AWS errors as one-line messages."""

from __future__ import annotations

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


class OpsError(Exception):
    """A failure the CLI reports as one line; ``exit_code`` 2 for usage or config, else 1."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


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
            config = Config(retries={"mode": RETRY_MODE}, user_agent_extra=USER_AGENT)
            self._clients[service] = self.session().client(
                service, endpoint_url=self.endpoint_url, config=config
            )
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
    raise error
