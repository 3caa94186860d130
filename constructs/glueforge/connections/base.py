"""What every glueforge connection offers, made in this app or imported: ``grant_use``.

aws-cdk-lib's ``aws_glue.IConnection`` has a name and an ARN. A job or a crawler also
needs to be allowed to use the connection: glue:GetConnection, the connection's secret
and, in a VPC, the network interfaces Glue creates in its subnet. :class:`ConnectionBase`
holds that grant for owned and imported connections alike, and the imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import jsii
from aws_cdk import Resource
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from glueforge.connections.grants import grant_connection_use
from glueforge.core.arns import GlueArnResource, glue_arn, glue_arn_name
from glueforge.core.errors import child_path, require_types


@runtime_checkable
class IConnection(Protocol):
    """A Glue connection a role can be granted the use of.

    What ``aws_glue.IConnection`` has (a name and an ARN), plus :meth:`grant_use`.
    """

    @property
    def connection_name(self) -> str: ...

    @property
    def connection_arn(self) -> str: ...

    def grant_use(self, grantee: iam.IGrantable) -> iam.Grant: ...


class ConnectionBase(Resource):
    """What owned and imported connections share: ``grant_use`` and the imports.

    An owned connection is also an ``aws_glue.Connection``, which gives it its name and
    ARN; an imported one builds its ARN with :func:`glueforge.core.arns.glue_arn`.
    """

    connection_name: str
    connection_arn: str
    #: the Secrets Manager secret the connection reads credentials from (``SECRET_ID``)
    secret: secretsmanager.ISecret | None = None
    #: where Glue's workers run; empty outside a VPC
    security_groups: Sequence[ec2.ISecurityGroup] = ()

    def _subnet_id(self) -> str | None:
        """The subnet Glue places the connection's workers in; None outside a VPC."""
        return None

    def grant_use(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let ``grantee`` (a job's or crawler's role) use this connection.

        glue:GetConnection on the catalog and the connection, read of its secret (and
        kms:Decrypt on the secret's key, through Secrets Manager only) and, in a VPC, the
        ec2 network-interface actions Glue performs in its subnet and security groups.
        """
        subnet_id = self._subnet_id()
        return grant_connection_use(
            grantee,
            scope=self,
            connection_arn=self.connection_arn,
            secret=self.secret,
            subnet_ids=[subnet_id] if subnet_id else [],
            security_groups=list(self.security_groups) if subnet_id else [],
        )

    # ---- imports ---------------------------------------------------------------------

    @classmethod
    def from_connection_attributes(
        cls,
        scope: Construct,
        id: str,
        *,
        connection_name: str,
        connection_arn: str | None = None,
        secret: secretsmanager.ISecret | None = None,
        subnet_id: str | None = None,
        security_groups: Sequence[ec2.ISecurityGroup] = (),
    ) -> IConnection:
        """A connection made elsewhere, with what :meth:`grant_use` needs to know of it.

        :param connection_name: its name.
        :param connection_arn: Default: built from ``connection_name`` in this stack's
            account and region (a job or crawler can only use a connection of its own).
        :param secret: its ``SECRET_ID`` secret, to grant read on. Default: none granted.
        :param subnet_id: its subnet, to scope ec2:CreateNetworkInterface. Default: no
            network-interface grant (a connection outside a VPC).
        :param security_groups: its security groups. Default: none.
        """
        return _ImportedConnection(
            scope,
            id,
            connection_name=connection_name,
            connection_arn=connection_arn,
            secret=secret,
            subnet_id=subnet_id,
            security_groups=security_groups,
        )

    @classmethod
    def from_connection_name(cls, scope: Construct, id: str, connection_name: str) -> IConnection:
        """A connection made elsewhere, by name: :meth:`grant_use` grants glue:GetConnection.

        Use :meth:`from_connection_attributes` to have its secret and subnet granted too.
        """
        return cls.from_connection_attributes(scope, id, connection_name=connection_name)

    @classmethod
    def from_connection_arn(cls, scope: Construct, id: str, connection_arn: str) -> IConnection:
        """A connection made elsewhere, by ARN (``arn:...:glue:...:connection/NAME``)."""
        connection_name = glue_arn_name(scope, id, connection_arn, GlueArnResource.CONNECTION)
        return cls.from_connection_attributes(
            scope, id, connection_name=connection_name, connection_arn=connection_arn
        )


@jsii.implements(glue.IConnection)
class _ImportedConnection(ConnectionBase):
    """A connection made elsewhere; see :meth:`ConnectionBase.from_connection_attributes`.

    Also an ``aws_glue.IConnection``, so aws-cdk-lib's constructs take it as well.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        connection_name: str,
        connection_arn: str | None,
        secret: secretsmanager.ISecret | None,
        subnet_id: str | None,
        security_groups: Sequence[ec2.ISecurityGroup],
    ) -> None:
        require_types(
            child_path(scope, id),
            {
                "connection_name": (connection_name, str),
                "connection_arn": (connection_arn, (str, None)),
                "subnet_id": (subnet_id, (str, None)),
            },
        )
        super().__init__(scope, id)
        self._connection_name = connection_name
        self._connection_arn = connection_arn or glue_arn(
            self, GlueArnResource.CONNECTION, connection_name
        )
        self.secret = secret
        self.subnet_id = subnet_id
        self.security_groups = list(security_groups)

    @property
    def connection_name(self) -> str:
        return self._connection_name

    @property
    def connection_arn(self) -> str:
        return self._connection_arn

    def _subnet_id(self) -> str | None:
        return self.subnet_id
