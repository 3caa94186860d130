"""JDBC engine presets: URL format, default port and the job-side connection type.

The URL formats are the ones the AWS Glue developer guide gives for JDBC connections
("AWS Glue JDBC connection properties"); MariaDB goes through the MySQL driver that Glue
bundles, so it shares MySQL's ``jdbc:mysql://`` scheme.
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Token


@dataclass(frozen=True)
class JdbcEngine:
    """A database engine Glue reaches over JDBC.

    :param name: the preset's name, e.g. ``postgresql``.
    :param url_prefix: what every JDBC URL of this engine starts with.
    :param url_format: ``str.format`` template with ``host``, ``port`` and ``database``.
    :param default_port: the engine's default listener port.
    :param connection_type: the ``connection_type`` a Glue job passes when it reads or
        writes through this connection (``create_dynamic_frame.from_options``).
    :param rds_engine_types: RDS/Aurora ``engine`` values that map to this preset; one
        ending in ``-`` matches every edition, e.g. ``oracle-`` matches ``oracle-ee``.
    """

    name: str
    url_prefix: str
    url_format: str
    default_port: int
    connection_type: str
    rds_engine_types: tuple[str, ...] = ()

    def url(self, *, host: str, port: int | str, database: str) -> str:
        """The JDBC URL for ``host``, ``port`` and ``database`` (tokens allowed)."""
        return self.url_format.format(host=host, port=port, database=database)

    def url_problem(self, url: str) -> str | None:
        """Why ``url`` cannot belong to this engine, or None.

        Only the literal part of a URL is checked: the text before the first token.
        """
        literal = url.split("${Token[", 1)[0] if Token.is_unresolved(url) else url
        if literal.startswith(self.url_prefix) or self.url_prefix.startswith(literal):
            return None
        return (
            f"url {url!r} does not match engine {self.name!r}; expected "
            f"{self.url(host='<host>', port=self.default_port, database='<database>')!r}"
        )

    @classmethod
    def of(cls, name: str) -> JdbcEngine | None:
        """The preset called ``name`` (case-insensitive), or None."""
        return _BY_NAME.get(name.lower())

    @classmethod
    def for_rds_engine_type(cls, engine_type: str) -> JdbcEngine | None:
        """The preset for an RDS engine such as ``postgres`` or ``aurora-mysql``."""
        for engine in ALL_ENGINES:
            for known in engine.rds_engine_types:
                if engine_type == known or (known.endswith("-") and engine_type.startswith(known)):
                    return engine
        return None


POSTGRESQL = JdbcEngine(
    "postgresql",
    "jdbc:postgresql://",
    "jdbc:postgresql://{host}:{port}/{database}",
    5432,
    "postgresql",
    ("postgres", "aurora-postgresql"),
)
MYSQL = JdbcEngine(
    "mysql",
    "jdbc:mysql://",
    "jdbc:mysql://{host}:{port}/{database}",
    3306,
    "mysql",
    ("mysql", "aurora-mysql", "aurora"),
)
MARIADB = JdbcEngine(
    "mariadb",
    "jdbc:mysql://",
    "jdbc:mysql://{host}:{port}/{database}",
    3306,
    "mysql",
    ("mariadb",),
)
SQLSERVER = JdbcEngine(
    "sqlserver",
    "jdbc:sqlserver://",
    "jdbc:sqlserver://{host}:{port};databaseName={database}",
    1433,
    "sqlserver",
    ("sqlserver-", "custom-sqlserver-"),
)
ORACLE = JdbcEngine(
    "oracle",
    "jdbc:oracle:thin://@",
    "jdbc:oracle:thin://@{host}:{port}/{database}",
    1521,
    "oracle",
    ("oracle-", "custom-oracle-"),
)
REDSHIFT = JdbcEngine(
    "redshift",
    "jdbc:redshift://",
    "jdbc:redshift://{host}:{port}/{database}",
    5439,
    "redshift",
)

ALL_ENGINES: tuple[JdbcEngine, ...] = (POSTGRESQL, MYSQL, MARIADB, SQLSERVER, ORACLE, REDSHIFT)
_BY_NAME = {engine.name: engine for engine in ALL_ENGINES}
ENGINE_NAMES = ", ".join(repr(e.name) for e in ALL_ENGINES)
#: The ``connection_type`` values a job passes for a JDBC connection, each once (MariaDB
#: shares MySQL's): what a job's JDBC source or sink may name as its ``engine``.
CONNECTION_TYPES: tuple[str, ...] = tuple(dict.fromkeys(e.connection_type for e in ALL_ENGINES))
