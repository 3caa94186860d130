"""Where a recipe job writes: S3 files, or a Glue catalog table (and its files)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from aws_cdk import aws_databrew as databrew
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from glueforge.core.locations import S3Location
from glueforge.iam.actions import CATALOG_WRITE_ACTIONS
from glueforge.iam.grants import add_catalog, add_s3_prefix_read_write

# AWS::DataBrew::Job Output.Format and CompressionFormat (CloudFormation schema).
OUTPUT_FORMATS = ("CSV", "JSON", "PARQUET", "GLUEPARQUET", "AVRO", "ORC", "XML", "TABLEAUHYPER")
COMPRESSIONS = ("GZIP", "LZ4", "SNAPPY", "BZIP2", "DEFLATE", "LZO", "BROTLI", "ZSTD", "ZLIB")
MAX_OUTPUT_FILES = 999


@dataclass(frozen=True)
class JobOutput:
    """One output of a recipe job. Build it with :meth:`s3` or :meth:`catalog`: an output
    is files under a prefix, or a catalog table, never both or neither."""

    kind: Literal["s3", "catalog"]
    location: S3Location
    format: str = "PARQUET"
    partition_columns: tuple[str, ...] = ()
    compression: str | None = None
    overwrite: bool = False
    max_output_files: int | None = None
    csv_delimiter: str | None = None
    database: glue.IDatabase | None = None
    table: str | None = None

    @classmethod
    def s3(
        cls,
        bucket: s3.IBucket,
        prefix: str,
        *,
        format: str = "PARQUET",
        partition_columns: Sequence[str] = (),
        compression: str | None = None,
        overwrite: bool = False,
        max_output_files: int | None = None,
        csv_delimiter: str | None = None,
    ) -> JobOutput:
        """Files under ``prefix`` of ``bucket``.

        :param format: one of :data:`OUTPUT_FORMATS`. Default: ``PARQUET``.
        :param partition_columns: columns to partition the files by. Default: none.
        :param compression: one of :data:`COMPRESSIONS`. Default: the format's own.
        :param overwrite: replace what an earlier run wrote. Default: ``False``.
        :param max_output_files: at most this many files, 1-999. Default: DataBrew's.
        :param csv_delimiter: for CSV output. Default: ``","``.
        """
        return cls(
            "s3",
            S3Location(bucket, prefix),
            format=format,
            partition_columns=tuple(partition_columns),
            compression=compression,
            overwrite=overwrite,
            max_output_files=max_output_files,
            csv_delimiter=csv_delimiter,
        )

    @classmethod
    def catalog(
        cls,
        database: glue.IDatabase,
        table: str,
        *,
        bucket: s3.IBucket,
        prefix: str,
        overwrite: bool = False,
    ) -> JobOutput:
        """A Glue catalog table whose files DataBrew writes under ``prefix`` of ``bucket``.

        :param overwrite: replace the table's data on each run. Default: ``False``.
        """
        return cls(
            "catalog",
            S3Location(bucket, prefix),
            overwrite=overwrite,
            database=database,
            table=table,
        )

    @property
    def bucket(self) -> s3.IBucket:
        return self.location.bucket

    def problems(self) -> list[str]:
        problems = self.location.problems()
        if self.format not in OUTPUT_FORMATS:
            problems.append(f"output format {self.format!r} is not one of {list(OUTPUT_FORMATS)}")
        if self.compression is not None and self.compression not in COMPRESSIONS:
            problems.append(
                f"output compression {self.compression!r} is not one of {list(COMPRESSIONS)}"
            )
        if self.max_output_files is not None and not (
            1 <= self.max_output_files <= MAX_OUTPUT_FILES
        ):
            problems.append(
                f"max_output_files must be 1-{MAX_OUTPUT_FILES}, got {self.max_output_files}"
            )
        if self.csv_delimiter is not None and (
            self.format != "CSV" or len(self.csv_delimiter) != 1
        ):
            problems.append(
                f"csv_delimiter needs format 'CSV' and one character, got "
                f"{self.csv_delimiter!r} with {self.format!r}"
            )
        if self.kind == "catalog" and not (self.table or "").strip():
            problems.append("a catalog output needs a table name, e.g. table='clicks_clean'")
        return problems

    def grant(self, grantee: iam.IGrantable) -> None:
        """Write the output prefix (DataBrew overwrites and cleans up what it wrote), and
        for a catalog output, create and update the table."""
        add_s3_prefix_read_write(grantee, self.bucket, self.location.prefix)
        if self.database is not None and self.table is not None:
            add_catalog(grantee, self.database, [self.table], CATALOG_WRITE_ACTIONS)

    def s3_location(self) -> databrew.CfnJob.S3LocationProperty:
        return databrew.CfnJob.S3LocationProperty(
            bucket=self.bucket.bucket_name, key=self.location.prefix or None
        )

    def render_s3(self) -> databrew.CfnJob.OutputProperty:
        return databrew.CfnJob.OutputProperty(
            location=self.s3_location(),
            format=self.format,
            compression_format=self.compression,
            overwrite=self.overwrite,
            max_output_files=self.max_output_files,
            partition_columns=list(self.partition_columns) or None,
            format_options=(
                databrew.CfnJob.OutputFormatOptionsProperty(
                    csv=databrew.CfnJob.CsvOutputOptionsProperty(delimiter=self.csv_delimiter)
                )
                if self.csv_delimiter
                else None
            ),
        )

    def render_catalog(self) -> databrew.CfnJob.DataCatalogOutputProperty:
        assert self.database is not None and self.table is not None
        return databrew.CfnJob.DataCatalogOutputProperty(
            database_name=self.database.database_name,
            table_name=self.table,
            overwrite=self.overwrite,
            s3_options=databrew.CfnJob.S3TableOutputOptionsProperty(location=self.s3_location()),
        )
