"""What a spec that reads or writes through a Glue connection knows, said once.

A JDBC source and a JDBC sink both pass their connection's name as a job argument, map it
to the local PostgreSQL for local runs, list it in the job's ``Connections`` and grant the
job's role what the connection needs (:func:`glueforge.connections.grants.grant_connection`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aws_cdk import aws_iam as iam

from glueforge.assembly.local_arguments import LocalArgument, LocalJdbcConnection
from glueforge.connections.grants import grant_connection


def jdbc_argument(connection: Any) -> LocalJdbcConnection:
    """A local-run mapping of a Glue connection: local runs name it by construct id."""
    return LocalJdbcConnection(
        name=connection.node.id, database=getattr(connection, "database", None)
    )


class ThroughConnection:
    """Mixed into a spec with a ``connection`` field: its argument, local value, grants."""

    connection: Any

    def deploy_values(self) -> dict[str, Any]:
        return {"connection": self.connection.connection_name}

    def local_arguments(self) -> dict[str, LocalArgument]:
        return {self.arg("connection"): jdbc_argument(self.connection)}  # type: ignore[attr-defined]

    def connections(self) -> Sequence[Any]:
        return (self.connection,)

    def grant(self, grantee: iam.IGrantable) -> None:
        grant_connection(grantee, self.connection)
