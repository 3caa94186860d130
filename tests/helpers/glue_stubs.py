"""botocore's Stubber for the Glue calls moto 5.2.5 does not implement.

moto has no BatchStopJobRun and no Data Quality API at all (getmoto/moto
docs/docs/services/glue.rst; absent from moto/glue/responses.py). The CLI's own glue
client (built by glueforge.ops.aws.Aws, against the moto server) gets a Stubber that
answers only the named operations; every other call still goes to moto. The Stubber
validates each request against the botocore 1.44.8 model and each hand-written answer
against the operation's output shape: the independent check that the code and the
answers have the shapes AWS's API has.
"""

from __future__ import annotations

from botocore.stub import Stubber

from glueforge.ops import aws as ops_aws
from tests.helpers.ops import REGION


class OperationStubber(Stubber):
    """A :class:`Stubber` that answers only ``operations`` (e.g. ``BatchStopJobRun``)."""

    def __init__(self, client, operations: tuple[str, ...]):
        super().__init__(client)
        self.operations = operations

    def _events(self):
        service = self.client.meta.service_model.service_id.hyphenize()
        for operation in self.operations:
            yield (
                f"before-parameter-build.{service}.{operation}",
                f"before-call.{service}.{operation}",
            )

    def activate(self):
        for build, call in self._events():
            self.client.meta.events.register_first(
                build, self._assert_expected_params, unique_id=f"stub-params-{build}"
            )
            self.client.meta.events.register(
                call, self._get_response_handler, unique_id=f"stub-call-{call}"
            )

    def deactivate(self):
        for build, call in self._events():
            self.client.meta.events.unregister(
                build, self._assert_expected_params, unique_id=f"stub-params-{build}"
            )
            self.client.meta.events.unregister(
                call, self._get_response_handler, unique_id=f"stub-call-{call}"
            )


def stub_cli_glue(monkeypatch, endpoint: str, operations: tuple[str, ...]) -> OperationStubber:
    """Give the CLI a glue client (built as the CLI builds it) whose ``operations`` are
    answered by the returned stubber; queue its answers before invoking the CLI."""
    client = ops_aws.Aws(region=REGION, endpoint_url=endpoint).client("glue")
    stubber = OperationStubber(client, operations)
    stubber.activate()
    real = ops_aws.Aws.client

    def pick(self, service):
        return client if service == "glue" else real(self, service)

    monkeypatch.setattr(ops_aws.Aws, "client", pick)
    return stubber
