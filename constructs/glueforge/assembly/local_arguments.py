"""How each deploy-time job argument becomes a local value for ``glueforge local-run``.

A spec knows what its deploy-time arguments stand for (a bucket, a catalog table, a Glue
connection); only deploy knows their values. Each spec therefore records one
:class:`LocalArgument` per argument, ``EtlJob`` writes them into the cloud assembly
(``localArguments`` of the ``glueforge:job-scripts`` metadata, see
:func:`arguments_to_metadata`), and a local run reads them back
(:func:`arguments_from_metadata`) and asks each for its local value.

This module is read by local runs and the CLI, so it imports nothing from aws-cdk-lib:
the specs give it plain strings (construct ids and names).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, ClassVar

#: the account of every ARN a local run makes up
LOCAL_ACCOUNT = "000000000000"


@dataclass(frozen=True)
class LocalArgument:
    """How one deploy-time job argument maps to a local value.

    Each subclass is one ``kind`` of the assembly metadata; its fields are the rest of
    that metadata entry, in order.
    """

    #: the metadata's ``kind``: names the subclass in the cloud assembly
    kind: ClassVar[str]
    _kinds: ClassVar[dict[str, type[LocalArgument]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        LocalArgument._kinds[cls.kind] = cls

    def local_value(self) -> str:
        """The value the script gets for this argument in a local run."""
        raise NotImplementedError

    def to_metadata(self) -> dict[str, Any]:
        """The JSON form recorded in the cloud assembly: ``{"kind": ..., <fields>}``."""
        return {"kind": self.kind, **asdict(self)}

    @staticmethod
    def from_metadata(data: Mapping[str, Any]) -> LocalArgument:
        """Read back what :meth:`to_metadata` recorded.

        :raises ValueError: for an unknown kind or missing fields, naming what is valid.
        """
        kind = data.get("kind")
        cls = LocalArgument._kinds.get(kind) if isinstance(kind, str) else None
        if cls is None:
            raise ValueError(f"unknown kind {kind!r}; known: {sorted(LocalArgument._kinds)}")
        fields = {k: v for k, v in data.items() if k != "kind"}
        try:
            return cls(**fields)
        except TypeError as error:
            raise ValueError(f"bad {kind!r} mapping {dict(data)}: {error}") from error


@dataclass(frozen=True)
class LocalS3Url(LocalArgument):
    """An ``s3://`` URL into a bucket, which local runs name by its construct id.

    :param bucket: the bucket's construct id; ``<data>/<bucket>/`` is its local folder.
    :param key: the key or prefix in the bucket.
    """

    bucket: str
    key: str

    kind: ClassVar[str] = "s3"

    def local_value(self) -> str:
        return f"s3://{self.bucket}/{self.key}"


@dataclass(frozen=True)
class LocalS3Bucket(LocalArgument):
    """A bucket name, which local runs name by the bucket's construct id."""

    bucket: str

    kind: ClassVar[str] = "s3_bucket"

    def local_value(self) -> str:
        return self.bucket


@dataclass(frozen=True)
class LocalCatalogDatabase(LocalArgument):
    """A catalog database: its name where the app fixes it, else its construct id."""

    name: str

    kind: ClassVar[str] = "catalog_database"

    def local_value(self) -> str:
        return self.name


@dataclass(frozen=True)
class LocalCatalogTable(LocalArgument):
    """A catalog table: its name where the app fixes it, else its construct id.

    :param projection: partition key -> its Athena partition projection, e.g.
        ``{"dt": {"type": "date", "format": "yyyy-MM-dd", "start": "NOW-3DAYS",
        "end": "NOW", "interval": None, "unit": None}}``, which local runs enumerate
        (:mod:`glueforge.local.projection`); None for a table without projection.
    :param location_template: ``storage.location.template`` relative to the table's
        location, e.g. ``${site}/${dt}/``; None for the ``key=value/`` layout.
    """

    name: str
    projection: dict[str, dict[str, Any]] | None = None
    location_template: str | None = None

    kind: ClassVar[str] = "catalog_table"

    def local_value(self) -> str:
        return self.name

    def to_metadata(self) -> dict[str, Any]:
        # A table without projection records only its name, as before projection.
        return {k: v for k, v in super().to_metadata().items() if v is not None}


@dataclass(frozen=True)
class LocalIcebergTable(LocalArgument):
    """An Iceberg table, which local runs keep in a pyiceberg SQL catalog: its name where
    the app fixes it, else its construct id.

    :param schema: the table's Iceberg schema as JSON (the Iceberg spec's form), which a
        local run creates the table with; None where the app does not declare it (an
        imported table): then the first write's frame gives it.
    """

    name: str
    schema: str | None = None

    kind: ClassVar[str] = "iceberg_table"

    def local_value(self) -> str:
        return self.name


@dataclass(frozen=True)
class LocalJdbcConnection(LocalArgument):
    """A Glue JDBC connection, which local runs name by its construct id.

    :param name: the connection's construct id.
    :param database: the database the connection names, if any: local runs open the
        same database on the local server.
    """

    name: str
    database: str | None = None

    kind: ClassVar[str] = "jdbc_connection"

    def local_value(self) -> str:
        return self.name


@dataclass(frozen=True)
class LocalDynamoDBTableArn(LocalArgument):
    """A DynamoDB table ARN: a made-up local ARN ending in the table's construct id."""

    table: str

    kind: ClassVar[str] = "ddb_table_arn"

    def local_value(self) -> str:
        return f"arn:aws:dynamodb:local:{LOCAL_ACCOUNT}:table/{self.table}"


@dataclass(frozen=True)
class UnusedLocally(LocalArgument):
    """A value a local run never uses, e.g. a bucket owner or a role from another stack.

    :param option: the connection option the argument carries, for the reader.
    """

    option: str

    kind: ClassVar[str] = "unused"

    def local_value(self) -> str:
        return "local"


def arguments_to_metadata(arguments: Mapping[str, LocalArgument]) -> dict[str, dict[str, Any]]:
    """Argument name -> JSON form, for the cloud assembly."""
    return {name: argument.to_metadata() for name, argument in arguments.items()}


def arguments_from_metadata(data: Mapping[str, Mapping[str, Any]]) -> dict[str, LocalArgument]:
    """Argument name -> mapping, read back from the cloud assembly.

    :raises ValueError: naming the argument whose entry cannot be read.
    """
    arguments: dict[str, LocalArgument] = {}
    for name, entry in data.items():
        try:
            arguments[name] = LocalArgument.from_metadata(entry)
        except ValueError as error:
            raise ValueError(f"argument --{name}: {error}") from error
    return arguments
