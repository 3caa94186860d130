"""DynamoDB exports in the real layout: raw, unnested or simplified, as options ask."""

from __future__ import annotations

import pytest
from aws_cdk import aws_dynamodb as dynamodb

from glueforge import DynamoDBExport
from glueforge.jobs.specs import DynamoDBExportSource, S3Sink
from glueforge.local.ddb import write_export
from tests.helpers.local import rows

ITEMS = [
    {
        "pk": {"S": "c1"},
        "score": {"N": "1.5"},
        "visits": {"N": "3"},
        "vip": {"BOOL": True},
        "gone": {"NULL": True},
        "address": {"M": {"city": {"S": "Delft"}, "geo": {"M": {"lat": {"N": "52"}}}}},
        "orders": {"L": [{"M": {"sku": {"S": "a"}, "qty": {"N": "2"}}}]},
        "tags": {"SS": ["x", "y"]},
        "lucky": {"NS": ["7", "9"]},
    },
]


def _job(lake, run, **options):
    table = dynamodb.Table(
        lake.stack,
        "People",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )
    export = DynamoDBExport(lake.stack, "PeopleExport", table=table, **options)
    write_export(
        run.data,
        ITEMS,
        bucket="Bucket",
        prefix="dynamodb-exports/PeopleExport/",
        table_arn="arn:aws:dynamodb:local:000000000000:table/People",
        export_id="01700000000000-00000001",
    )
    return [
        DynamoDBExportSource("people", export=export),
        S3Sink("out", input="people", bucket=lake.curated, prefix="people/"),
    ]


def test_simplified_export_has_plain_values_structs_and_arrays(lake, run, spark):
    summary = run(lake, _job(lake, run, simplify_ddb_json=True))
    frame = spark.read.parquet(str(run.data / "Curated/people"))
    types = dict((f.name, f.dataType.simpleString()) for f in frame.schema.fields)
    assert types == {
        "address": "struct<city:string,geo:struct<lat:bigint>>",
        "gone": "string",
        "lucky": "array<bigint>",
        "orders": "array<struct<qty:bigint,sku:string>>",
        "pk": "string",
        "score": "double",
        "tags": "array<string>",
        "vip": "boolean",
        "visits": "bigint",
    }
    [row] = frame.collect()
    assert row.asDict(recursive=True) == {
        "address": {"city": "Delft", "geo": {"lat": 52}},
        "gone": None,
        "lucky": [7, 9],
        "orders": [{"qty": 2, "sku": "a"}],
        "pk": "c1",
        "score": 1.5,
        "tags": ["x", "y"],
        "vip": True,
        "visits": 3,
    }
    assert summary.rows("source_people") == 1
    assert summary.arguments["source_people_s3_bucket"] == "Bucket"


@pytest.mark.parametrize("unnest", [True, False])
def test_unnested_or_raw_export_keeps_dynamodb_types(lake, run, spark, unnest):
    options = {"unnest_ddb_json": True} if unnest else {"simplify_ddb_json": False}
    run(lake, _job(lake, run, **options))
    frame = spark.read.parquet(str(run.data / "Curated/people"))
    [row] = [r.asDict(recursive=True) for r in frame.collect()]
    item = row if unnest else row["Item"]
    assert list(row) == (sorted(ITEMS[0]) if unnest else ["Item"])
    assert item["pk"] == {"S": "c1"}
    assert item["address"]["M"]["geo"]["M"]["lat"] == {"N": "52"}
    assert item["orders"]["L"][0]["M"]["qty"] == {"N": "2"}
    assert item["tags"] == {"SS": ["x", "y"]}
    assert rows(spark, run.data / "Curated/people") and len(frame.columns) == (9 if unnest else 1)
