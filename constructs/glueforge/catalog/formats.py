"""A catalog table's file format: aws-cdk-lib's ``aws_glue.DataFormat`` plus the SerDe
parameters, table properties and compression it leaves out.

Build one with a factory (``TableFormat.parquet()``, ``TableFormat.csv(delimiter=";")``);
each factory takes only the options its format has. Sources: "Supported SerDes and data
formats" (https://docs.aws.amazon.com/athena/latest/ug/supported-serdes.html), the
OpenCSVSerde page (https://docs.aws.amazon.com/athena/latest/ug/csv-serde.html), the
LazySimpleSerDe page (https://docs.aws.amazon.com/athena/latest/ug/lazy-simple-serde.html)
and the JSON SerDe page (https://docs.aws.amazon.com/athena/latest/ug/json-serde.html).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from aws_cdk import aws_glue as glue

# Choice: the codecs each format's readers take (Athena "Compression support",
# https://docs.aws.amazon.com/athena/latest/ug/compression-formats.html); text formats
# take what aws-cdk-lib's CompressionType names for ``compression_type``.
COMPRESSIONS: dict[str, tuple[str, ...]] = {
    "parquet": ("none", "snappy", "gzip", "zstd", "lzo"),
    "orc": ("none", "zlib", "snappy", "zstd", "lzo"),
    "avro": ("none", "snappy", "deflate", "zstd"),
    "json": ("none", "gzip", "bzip2", "snappy"),
    "csv": ("none", "gzip", "bzip2", "snappy"),
}
_DATA_FORMATS = {
    "parquet": glue.DataFormat.PARQUET,
    "orc": glue.DataFormat.ORC,
    "avro": glue.DataFormat.AVRO,
    "json": glue.DataFormat.JSON,
    "csv": glue.DataFormat.CSV,
}


@dataclass(frozen=True)
class TableFormat:
    """A file format with its SerDe options; build one with a factory."""

    name: Literal["parquet", "orc", "avro", "json", "csv"]
    compression: str = "none"
    serde_parameters: dict[str, str] = field(default_factory=dict)
    skip_header_lines: int = 0
    serialization_library: glue.SerializationLibrary | None = None

    @staticmethod
    def parquet(*, compression: str = "snappy") -> TableFormat:
        """Parquet (ParquetHiveSerDe). :param compression: Default: ``snappy``."""
        return TableFormat("parquet", compression)

    @staticmethod
    def orc(*, compression: str = "zlib") -> TableFormat:
        """ORC (OrcSerde). :param compression: Default: ``zlib`` (ORC's own default)."""
        return TableFormat("orc", compression)

    @staticmethod
    def avro(*, compression: str = "none") -> TableFormat:
        """Avro (AvroSerDe). :param compression: Default: ``none``."""
        return TableFormat("avro", compression)

    @staticmethod
    def json(*, hive_serde: bool = False, compression: str = "none") -> TableFormat:
        """One JSON object per line.

        :param hive_serde: use the Hive JSON SerDe (``org.apache.hive.hcatalog.data.
            JsonSerDe``) instead of the OpenX one. Default: ``False`` (OpenX).
        :param compression: Default: ``none``.
        """
        library = glue.SerializationLibrary.HIVE_JSON if hive_serde else None
        return TableFormat("json", compression, serialization_library=library)

    @staticmethod
    def csv(
        *,
        delimiter: str = ",",
        quote: str | None = '"',
        escape: str | None = "\\",
        skip_header_lines: int = 0,
        compression: str = "none",
    ) -> TableFormat:
        """Delimited text.

        With ``quote`` (values may be quoted), OpenCSVSerde with ``separatorChar``,
        ``quoteChar`` and ``escapeChar``; with ``quote=None``, LazySimpleSerDe with
        ``field.delim``, ``serialization.format`` and ``escape.delim``.

        :param delimiter: one character, e.g. ``","`` or ``"\\t"``. Default: ``,``.
        :param quote: one character, or None for unquoted values. Default: ``"``.
        :param escape: one character, or None. Default: ``\\``.
        :param skip_header_lines: header lines to skip (table property
            ``skip.header.line.count``). Default: 0.
        :param compression: Default: ``none``.
        """
        if quote is not None:
            serde = {"separatorChar": delimiter, "quoteChar": quote}
            if escape is not None:
                serde["escapeChar"] = escape
            library = glue.SerializationLibrary.OPEN_CSV
        else:
            serde = {"field.delim": delimiter, "serialization.format": delimiter}
            if escape is not None:
                serde["escape.delim"] = escape
            library = glue.SerializationLibrary.LAZY_SIMPLE
        return TableFormat("csv", compression, serde, skip_header_lines, library)

    @property
    def table_parameters(self) -> dict[str, str]:
        """Table properties the format needs (OpenCSVSerde page: ``skip.header.line.count``)."""
        if not self.skip_header_lines:
            return {}
        return {"skip.header.line.count": str(self.skip_header_lines)}

    @property
    def data_format(self) -> glue.DataFormat:
        """aws-cdk-lib's format: input/output formats, SerDe and ``classification``."""
        base = _DATA_FORMATS[self.name]
        if self.serialization_library is None:
            return base
        return glue.DataFormat(
            input_format=base.input_format,
            output_format=base.output_format,
            serialization_library=self.serialization_library,
            classification_string=base.classification_string,
        )

    @property
    def compressed(self) -> bool:
        return self.compression != "none"

    def problems(self) -> list[str]:
        """Why this format's options cannot work."""
        problems = []
        allowed = COMPRESSIONS[self.name]
        if self.compression not in allowed:
            problems.append(
                f"compression {self.compression!r} is not one of {list(allowed)} for {self.name}"
            )
        for key, value in self.serde_parameters.items():
            if not isinstance(value, str) or len(value) != 1:
                problems.append(f"csv {_OPTION[key]} must be one character, got {value!r}")
        skip = self.skip_header_lines
        if isinstance(skip, bool) or not isinstance(skip, int) or skip < 0:
            problems.append(f"csv skip_header_lines must be an integer >= 0, got {skip!r}")
        return problems


# SerDe parameters back to the factory's option names, for errors.
_OPTION = {
    "separatorChar": "delimiter",
    "quoteChar": "quote",
    "escapeChar": "escape",
    "field.delim": "delimiter",
    "serialization.format": "delimiter",
    "escape.delim": "escape",
}
