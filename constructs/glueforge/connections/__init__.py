"""Glue connections: JDBC with engine presets, and typed native connection types."""

from glueforge.connections.engines import (
    ALL_ENGINES,
    MARIADB,
    MYSQL,
    ORACLE,
    POSTGRESQL,
    REDSHIFT,
    SQLSERVER,
    JdbcEngine,
)
from glueforge.connections.jdbc import ImportedJdbcConnection, JdbcConnection
from glueforge.connections.native import MongoDbConnection, SalesforceConnection

__all__ = [
    "ALL_ENGINES",
    "MARIADB",
    "MYSQL",
    "ORACLE",
    "POSTGRESQL",
    "REDSHIFT",
    "SQLSERVER",
    "ImportedJdbcConnection",
    "JdbcConnection",
    "JdbcEngine",
    "MongoDbConnection",
    "SalesforceConnection",
]
