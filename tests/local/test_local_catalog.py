"""Catalog sources and sinks on the local catalog file, and local crawling."""

from __future__ import annotations

import json

import pytest

from glueforge.jobs.specs import CatalogSink, CatalogSource, S3Sink
from glueforge.local import LocalRunError
from glueforge.local.catalog import LocalCatalog, crawl
from tests.helpers.local import rows


def _seed(spark, data):
    frame = spark.createDataFrame(
        [(1, "a", "2026-01-01"), (2, "b", "2026-01-02"), (3, "c", "2026-01-02")],
        "id bigint, name string, day string",
    )
    frame.write.partitionBy("day").parquet(str(data / "Raw/people"))
    return crawl(spark, LocalCatalog(data / "catalog.json"), "lake", "s3://Raw/", data_dir=data)


def test_crawl_then_catalog_to_catalog(lake, run, spark):
    tables = _seed(spark, run.data)
    assert tables["people"] == {
        "location": "s3://Raw/people/",
        "format": "parquet",
        "schema": {"id": "bigint", "name": "string", "day": "date"},
        "partitionKeys": ["day"],
    }
    summary = run(
        lake,
        [
            CatalogSource(
                "people",
                database=lake.database,
                table="people",
                push_down_predicate="day = '2026-01-02'",
            ),
            CatalogSink(
                "copy",
                input="people",
                database=lake.database,
                table="people_copy",
                bucket=lake.curated,
                prefix="copy/",
                partition_keys=("day",),
            ),
        ],
    )
    assert summary.arguments["source_people_database"] == "lake"
    assert summary.rows("source_people") == 2 and summary.rows("sink_copy") == 2
    catalog = json.loads((run.data / "catalog.json").read_text())
    assert catalog["lake"]["people_copy"] == {
        "location": "s3://Curated/copy/",
        "format": "parquet",
        "schema": {"id": "bigint", "name": "string", "day": "date"},
        "partitionKeys": ["day"],
    }
    assert [r[:2] for r in rows(spark, run.data / "Curated/copy", "id")] == [(2, "b"), (3, "c")]


def test_schema_mismatch_is_one_clear_line(lake, run, spark):
    _seed(spark, run.data)
    catalog = LocalCatalog(run.data / "catalog.json")
    entry = catalog.table("lake", "people")
    catalog.put("lake", "people", {**entry, "schema": {**entry["schema"], "id": "string"}})
    with pytest.raises(LocalRunError) as error:
        run(
            lake,
            [
                CatalogSource("people", database=lake.database, table="people"),
                CatalogSink(
                    "copy", input="people", database=lake.database, table="t", bucket=lake.curated
                ),
            ],
        )
    assert str(error.value) == (
        "test-job: source_people: schema mismatch in lake.people: column id is string in the "
        "catalog but bigint"
    )


def _csv_table(data, name, text):
    folder = data / "Raw" / name
    folder.mkdir(parents=True)
    (folder / "part-1.csv").write_text(text)


def test_crawl_a_csv_folder_with_a_header_row(lake, run, spark):
    # Glue's built-in CSV classifier: the first row is all strings, the data rows are not
    # (add-classifier.html, "Built-in CSV classifier"): the header names the columns.
    _csv_table(run.data, "sales", "id,name,amount\n1,ann,2.5\n2,bob,3.0\n")
    tables = crawl(
        spark, LocalCatalog(run.data / "catalog.json"), "lake", "s3://Raw/", data_dir=run.data
    )
    assert tables["sales"] == {
        "location": "s3://Raw/sales/",
        "format": "csv",
        "schema": {"id": "int", "name": "string", "amount": "double"},
        "partitionKeys": [],
        "formatOptions": {"withHeader": True, "separator": ","},
    }
    # a job reading the table reads two rows, not the header as a third
    summary = run(
        lake,
        [
            CatalogSource("sales", database=lake.database, table="sales"),
            S3Sink("out", input="sales", bucket=lake.curated, prefix="out/"),
        ],
    )
    assert summary.rows("source_sales") == 2
    assert rows(spark, run.data / "Curated/out", "id") == [(1, "ann", 2.5), (2, "bob", 3.0)]


def test_crawl_csv_without_a_header_names_columns_col1_col2(lake, run, spark):
    # every column a string: "the first row of data is not sufficiently different from
    # subsequent rows to be used as the header"; columns are col1, col2, ...
    _csv_table(run.data, "cities", "ann|paris\nbob|rome\n")
    tables = crawl(
        spark, LocalCatalog(run.data / "catalog.json"), "lake", "s3://Raw/", data_dir=run.data
    )
    assert tables["cities"]["schema"] == {"col1": "string", "col2": "string"}
    assert tables["cities"]["formatOptions"] == {"withHeader": False, "separator": "|"}
    summary = run(
        lake,
        [
            CatalogSource("cities", database=lake.database, table="cities"),
            S3Sink("out", input="cities", bucket=lake.curated, prefix="out/"),
        ],
    )
    assert summary.rows("source_cities") == 2
    assert rows(spark, run.data / "Curated/out", "col1") == [("ann", "paris"), ("bob", "rome")]


def test_crawl_csv_whose_first_row_breaks_a_header_rule_reads_it_as_data(run, spark):
    # rule 1: a header column that parses as a number makes the first row data
    _csv_table(run.data, "readings", "sensor,2024\na,1\nb,2\n")
    tables = crawl(
        spark, LocalCatalog(run.data / "catalog.json"), "lake", "s3://Raw/", data_dir=run.data
    )
    assert tables["readings"]["schema"] == {"col1": "string", "col2": "int"}
    assert tables["readings"]["formatOptions"]["withHeader"] is False
    assert tables["readings"]["headerProblems"] == [
        "not every column parses as a string: '2024' is a bigint"
    ]
    stored = LocalCatalog(run.data / "catalog.json").table("lake", "readings")
    assert "headerProblems" not in stored


def test_crawl_csv_with_a_trailing_delimiter_has_no_extra_column(run, spark):
    _csv_table(run.data, "t", "id,name,\n1,ann,\n2,bob,\n")
    tables = crawl(
        spark, LocalCatalog(run.data / "catalog.json"), "lake", "s3://Raw/", data_dir=run.data
    )
    assert tables["t"]["schema"] == {"id": "int", "name": "string"}


def test_crawl_refuses_a_one_column_csv_naming_the_file(run, spark):
    _csv_table(run.data, "t", "id\n1\n2\n")
    with pytest.raises(LocalRunError) as error:
        crawl(
            spark, LocalCatalog(run.data / "catalog.json"), "lake", "s3://Raw/", data_dir=run.data
        )
    assert str(error.value).startswith(
        f"{run.data / 'Raw/t/part-1.csv'}: Glue's built-in CSV classifier needs at least two "
        "columns"
    )
