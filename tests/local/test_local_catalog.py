"""Catalog sources and sinks on the local catalog file, and local crawling."""

from __future__ import annotations

import json

import pytest

from glueforge.jobs.specs import CatalogSink, CatalogSource
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
