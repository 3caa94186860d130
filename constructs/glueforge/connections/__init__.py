"""Glue connections: JDBC with engine presets, typed native connection types, the
grants that let a job or crawler use them, and the DynamoDB export connector.

Every connection follows aws-cdk-lib's import convention: :class:`IConnection`,
:class:`ConnectionBase` and ``<Connection>.from_connection_attributes`` /
``from_connection_name`` / ``from_connection_arn``.
"""

from glueforge.connections.base import ConnectionBase, IConnection
from glueforge.connections.engines import (
    ALL_ENGINES,
    CONNECTION_TYPES,
    MARIADB,
    MYSQL,
    ORACLE,
    POSTGRESQL,
    REDSHIFT,
    SQLSERVER,
    JdbcEngine,
)
from glueforge.connections.jdbc import IJdbcConnection, JdbcConnection
from glueforge.connections.native import MongoDbConnection, SalesforceConnection

__all__ = [
    "ALL_ENGINES",
    "CONNECTION_TYPES",
    "MARIADB",
    "MYSQL",
    "ORACLE",
    "POSTGRESQL",
    "REDSHIFT",
    "SQLSERVER",
    "ConnectionBase",
    "IConnection",
    "IJdbcConnection",
    "JdbcConnection",
    "JdbcEngine",
    "MongoDbConnection",
    "SalesforceConnection",
]
