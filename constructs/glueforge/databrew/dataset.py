"""Dataset: what a DataBrew job reads (``AWS::DataBrew::Dataset``), built from the same
source specs Glue jobs use, so the dataset's input and its read grant come from one place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from aws_cdk import Resource
from aws_cdk import aws_databrew as databrew
from aws_cdk import aws_iam as iam
from constructs import Construct

from glueforge.core.errors import raise_if_problems
from glueforge.databrew.names import databrew_arn, generated_name, name_problems
from glueforge.jobs.specs.sources import CatalogSource, S3Source

# S3Source formats DataBrew datasets read (the Dataset schema's Format enum has no Avro).
S3_FORMATS = {"csv": "CSV", "json": "JSON", "parquet": "PARQUET", "orc": "ORC"}
# AWS::DataBrew::Dataset PathParameterName / DatasetParameter.Type (CloudFormation schema).
PARAMETER_TYPES = ("String", "Number", "Datetime")
PARAMETER_NAME = re.compile(r"^[A-Za-z0-9_]{1,255}$")


@dataclass(frozen=True)
class PathParameter:
    """A parameter in a dataset's S3 key, e.g. ``{event_date}`` in ``clicks/{event_date}/``,
    which makes one dataset cover many folders.

    :param name: the parameter's name.
    :param type: ``String``, ``Number`` or ``Datetime``. Default: ``String``.
    :param datetime_format: the format of a ``Datetime`` parameter, e.g. ``"yyyy-MM-dd"``;
        required for ``Datetime``.
    :param create_column: add the parameter's value as a column. Default: ``False``.
    """

    name: str
    type: Literal["String", "Number", "Datetime"] = "String"
    datetime_format: str | None = None
    create_column: bool = False

    def problems(self) -> list[str]:
        problems = []
        if not PARAMETER_NAME.match(self.name):
            problems.append(f"path parameter name {self.name!r} must be letters, digits and '_'")
        if self.type not in PARAMETER_TYPES:
            problems.append(
                f"path parameter {self.name!r}: type {self.type!r} is not one of "
                f"{list(PARAMETER_TYPES)}"
            )
        if (self.type == "Datetime") != (self.datetime_format is not None):
            problems.append(
                f"path parameter {self.name!r}: give datetime_format exactly when type is "
                f"'Datetime' (e.g. 'yyyy-MM-dd'), got type {self.type!r} and format "
                f"{self.datetime_format!r}"
            )
        return problems

    def render(self) -> databrew.CfnDataset.PathParameterProperty:
        return databrew.CfnDataset.PathParameterProperty(
            path_parameter_name=self.name,
            dataset_parameter=databrew.CfnDataset.DatasetParameterProperty(
                name=self.name,
                type=self.type,
                create_column=self.create_column,
                datetime_options=(
                    databrew.CfnDataset.DatetimeOptionsProperty(format=self.datetime_format)
                    if self.datetime_format
                    else None
                ),
            ),
        )


class Dataset(Resource):
    """A DataBrew dataset read from S3 or from a Glue catalog table.

    :param source: an ``S3Source`` (bucket, prefix, format, csv/json options) or a
        ``CatalogSource`` (database and table, and where the table's files are: give
        ``data=S3Location(...)`` for a table by name, or jobs cannot read its files). The
        same spec a Glue job reads gives the dataset's input and its read grant.
    :param path_parameters: parameters in an S3 source's key. Default: none.
    :param dataset_name: Default: generated from the construct path.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        source: S3Source | CatalogSource,
        path_parameters: Sequence[PathParameter] = (),
        dataset_name: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        problems = name_problems("dataset_name", dataset_name)
        if isinstance(source, S3Source):
            problems += source.problems()
            if source.format not in S3_FORMATS:
                problems.append(
                    f"format {source.format!r} is not one DataBrew datasets read: "
                    f"{list(S3_FORMATS)}"
                )
        elif isinstance(source, CatalogSource):
            problems += source.problems()
            if path_parameters:
                problems.append("path_parameters apply to S3 sources only, not catalog tables")
        else:
            problems.append(
                f"source must be an S3Source or a CatalogSource, got {type(source).__name__}"
            )
        for parameter in path_parameters:
            problems += parameter.problems()
        raise_if_problems(self, problems)

        self.source = source
        self.dataset_name = dataset_name or generated_name(self)
        self.resource = databrew.CfnDataset(
            self, "Resource", name=self.dataset_name, **_input_properties(source, path_parameters)
        )

    @property
    def dataset_arn(self) -> str:
        return databrew_arn(self, "dataset", self.dataset_name)

    def grant_read(self, grantee: iam.IGrantable) -> None:
        """What a job reading this dataset needs: exactly what the source spec grants."""
        self.source.grant(grantee)


def _input_properties(
    source: S3Source | CatalogSource, path_parameters: Sequence[PathParameter]
) -> dict[str, Any]:
    if isinstance(source, CatalogSource):
        return {
            "input": databrew.CfnDataset.InputProperty(
                data_catalog_input_definition=databrew.CfnDataset.DataCatalogInputDefinitionProperty(
                    database_name=source.database.database_name, table_name=source.table_name
                )
            )
        }
    format_options = None
    if source.format == "csv":
        format_options = databrew.CfnDataset.FormatOptionsProperty(
            csv=databrew.CfnDataset.CsvOptionsProperty(
                delimiter=source.csv_separator, header_row=source.csv_header
            )
        )
    elif source.format == "json":
        format_options = databrew.CfnDataset.FormatOptionsProperty(
            json=databrew.CfnDataset.JsonOptionsProperty(multi_line=source.multiline)
        )
    return {
        "input": databrew.CfnDataset.InputProperty(
            s3_input_definition=databrew.CfnDataset.S3LocationProperty(
                bucket=source.bucket.bucket_name, key=source.prefix or None
            )
        ),
        "format": S3_FORMATS[source.format],
        "format_options": format_options,
        "path_options": (
            databrew.CfnDataset.PathOptionsProperty(
                parameters=[p.render() for p in path_parameters]
            )
            if path_parameters
            else None
        ),
    }
