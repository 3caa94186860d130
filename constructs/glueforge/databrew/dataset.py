"""Dataset: what a DataBrew job reads (``AWS::DataBrew::Dataset``), built from the same
source specs Glue jobs use, so the dataset's input and its read grant come from one place.

As in aws-cdk-lib: :class:`IDataset` lists what users and jobs rely on, :class:`DatasetBase`
holds what owned and imported datasets share, and ``Dataset.from_dataset_attributes``
(with ``from_dataset_name`` and ``from_dataset_arn`` routed through it) imports one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

from aws_cdk import Resource
from aws_cdk import aws_databrew as databrew
from aws_cdk import aws_iam as iam
from constructs import Construct

from glueforge.core.errors import child_path, raise_if_problems, require_types
from glueforge.databrew.names import (
    DataBrewResource,
    check_import,
    databrew_arn,
    databrew_arn_name,
    generated_name,
    name_problems,
)
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


@runtime_checkable
class IDataset(Protocol):
    """A DataBrew dataset, made by glueforge or imported
    (:meth:`Dataset.from_dataset_attributes`)."""

    @property
    def dataset_name(self) -> str: ...

    @property
    def dataset_arn(self) -> str: ...

    @property
    def source(self) -> S3Source | CatalogSource | None:
        """The spec of what the dataset reads; None for an import that was not told."""
        ...

    def grant_read(self, grantee: iam.IGrantable) -> None: ...


class DatasetBase(Resource):
    """What owned and imported datasets share: their ARN and the read grant."""

    dataset_name: str
    source: S3Source | CatalogSource | None

    @property
    def dataset_arn(self) -> str:
        """``arn:<partition>:databrew:<region>:<account>:dataset/<name>`` in this stack's env."""
        return databrew_arn(self, DataBrewResource.DATASET, self.dataset_name)

    def grant_read(self, grantee: iam.IGrantable) -> None:
        """What a job reading this dataset needs: exactly what its source spec grants.

        Returns nothing: the source specs grant as aws-cdk-lib's ``Code.bind`` does, the
        same way for Glue jobs. Raises for an import whose source is unknown.
        """
        if self.source is None:
            raise_if_problems(self, [unknown_source_problem(self)])
        self.source.grant(grantee)


def unknown_source_problem(dataset: IDataset) -> str:
    """Why an imported dataset without its source cannot be read by a derived role."""
    return (
        f"dataset {dataset.dataset_name!r} was imported without its source, so glueforge "
        "cannot know what it reads; import it with Dataset.from_dataset_attributes(..., "
        "source=S3Source(...) or CatalogSource(...))"
    )


class _ImportedDataset(DatasetBase):
    """A dataset made elsewhere; see :meth:`Dataset.from_dataset_attributes`."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        dataset_name: str,
        dataset_arn: str | None,
        source: S3Source | CatalogSource | None,
    ) -> None:
        super().__init__(scope, id)
        self.dataset_name = dataset_name
        self.source = source
        self._dataset_arn = dataset_arn

    @property
    def dataset_arn(self) -> str:
        # An ARN given on import keeps its own account and region.
        return self._dataset_arn if self._dataset_arn is not None else super().dataset_arn


class Dataset(DatasetBase):
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

    # ---- imports ---------------------------------------------------------------------

    @classmethod
    def from_dataset_attributes(
        cls,
        scope: Construct,
        id: str,
        *,
        dataset_name: str,
        dataset_arn: str | None = None,
        source: S3Source | CatalogSource | None = None,
    ) -> IDataset:
        """A dataset that exists already (made elsewhere, by hand or in another app).

        :param dataset_name: its name.
        :param dataset_arn: its ARN. Default: built from ``dataset_name`` in this stack's
            account and region.
        :param source: the spec of what the dataset reads (the same ``S3Source`` or
            ``CatalogSource`` it was made from), so jobs can be granted reading it.
            Default: unknown; a job with a role it derives then refuses the dataset, and
            :meth:`~DatasetBase.grant_read` raises.
        """
        check_import(scope, id, DataBrewResource.DATASET, dataset_name, dataset_arn)
        require_types(child_path(scope, id), {"source": (source, (S3Source, CatalogSource, None))})
        return _ImportedDataset(
            scope, id, dataset_name=dataset_name, dataset_arn=dataset_arn, source=source
        )

    @classmethod
    def from_dataset_name(cls, scope: Construct, id: str, dataset_name: str) -> IDataset:
        """A dataset that exists already, by name (its source unknown: see
        :meth:`from_dataset_attributes`)."""
        return cls.from_dataset_attributes(scope, id, dataset_name=dataset_name)

    @classmethod
    def from_dataset_arn(cls, scope: Construct, id: str, dataset_arn: str) -> IDataset:
        """A dataset that exists already, by ARN (``arn:...:databrew:...:dataset/NAME``)."""
        dataset_name = databrew_arn_name(scope, id, dataset_arn, DataBrewResource.DATASET)
        return cls.from_dataset_attributes(
            scope, id, dataset_name=dataset_name, dataset_arn=dataset_arn
        )


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
