"""DynamoDB exports in the real layout, read locally as Glue's export connector reads them.

Pages (expected values are written by hand from them):
- EXPORT_FORMAT: DynamoDB developer guide, "DynamoDB table export output format":
  ``export-prefix/AWSDynamoDB/ExportId/manifest-summary.json``, ``manifest-files.json`` in
  JSON lines with ``dataFileS3Key``, an empty file for an empty partition, items as
  ``{"Item": {...}}`` lines.
  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html
- GLUE_CONNECTOR: AWS Glue developer guide, "DynamoDB connections" (options, and
  "Simplifying usage of DynamoDB export JSON").
  https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-dynamodb-home.html
- DYNAMIC_FRAME: AWS Glue developer guide, "DynamicFrame class", ``unnest_ddb_json`` and
  ``simplify_ddb_json``.
  https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-dynamic-frame.html

The fixture ``tests/fixtures/dynamodb_export`` is one export in the real layout, prefix
``exports/customers/``: item c1 holds every attribute type (S, N, B, BOOL, NULL, M, L of
one type, L of mixed types, L of maps, an empty L, SS, NS, BS) and a 38-digit N; item c2
only pk and vip; a second data file is empty (an empty partition).
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3

from glueforge import DynamoDBExport
from glueforge.jobs.specs import DynamoDBExportSource, S3Sink
from glueforge.local.ddb import write_export
from glueforge.local.errors import LocalRunError
from glueforge.local.sources import read_ddb_export
from tests.helpers.glue_schema import glue_schema

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "dynamodb_export"
PREFIX = "exports/customers/"
EXPORT_ID = "01700000000000-a1b2c3d4"
EXPORT_DIR = f"{PREFIX}AWSDynamoDB/{EXPORT_ID}/"
TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Customers"
BIG = "12345678901234567890123456789012345678"
SMALL = "0.1000000000000000055511151231257827"

# simplify_ddb_json of the fixture, by the pages' rules: N and B stay strings, NULL is
# null, M a struct, sets arrays of strings; the mixed list and the list of maps are left
# as DynamoDB JSON ("will not be simplified"); columns in export order.
SIMPLIFIED_SCHEMA = """\
root
|-- pk: string
|-- amount: string
|-- big: string
|-- photo: string
|-- vip: boolean
|-- gone: null
|-- address: struct
|    |-- city: string
|    |-- zip: string
|-- tags: array
|    |-- element: string
|-- mixed: array
|    |-- element: struct
|    |    |-- S: string
|    |    |-- N: string
|-- orders: array
|    |-- element: struct
|    |    |-- M: struct
|    |    |    |-- sku: struct
|    |    |    |    |-- S: string
|    |    |    |-- qty: struct
|    |    |    |    |-- N: string
|-- empty: array
|    |-- element: null
|-- colors: array
|    |-- element: string
|-- lucky: array
|    |-- element: string
|-- blobs: array
|    |-- element: string"""
C1_SIMPLIFIED = {
    "pk": "c1",
    "amount": SMALL,
    "big": BIG,
    "photo": "iVBORw0KGgo=",
    "vip": True,
    "gone": None,
    "address": {"city": "Delft", "zip": "2611"},
    "tags": ["x", "y"],
    "mixed": [{"S": "a", "N": None}, {"S": None, "N": "1"}],
    "orders": [{"M": {"sku": {"S": "a"}, "qty": {"N": "2"}}}],
    "empty": [],
    "colors": ["red", "blue"],
    "lucky": ["7", "9.5"],
    "blobs": ["AQID", "BAUG"],
}
C2 = {name: None for name in C1_SIMPLIFIED} | {"pk": "c2", "vip": False}

# unnest_ddb_json: the top-level wrapper only (ColA: string, ColC: string, ColD: array);
# M and L keep their inner wrappers; NULL is null.
UNNESTED_SCHEMA = """\
root
|-- pk: string
|-- amount: string
|-- big: string
|-- photo: string
|-- vip: boolean
|-- gone: null
|-- address: struct
|    |-- city: struct
|    |    |-- S: string
|    |-- zip: struct
|    |    |-- N: string
|-- tags: array
|    |-- element: struct
|    |    |-- S: string
|-- mixed: array
|    |-- element: struct
|    |    |-- S: string
|    |    |-- N: string
|-- orders: array
|    |-- element: struct
|    |    |-- M: struct
|    |    |    |-- sku: struct
|    |    |    |    |-- S: string
|    |    |    |-- qty: struct
|    |    |    |    |-- N: string
|-- empty: array
|    |-- element: null
|-- colors: array
|    |-- element: string
|-- lucky: array
|    |-- element: string
|-- blobs: array
|    |-- element: string"""


def _copy_fixture(data: Path, bucket: str = "customer-exports") -> Path:
    shutil.copytree(FIXTURE, data / bucket)
    return data / bucket


def _read(spark, data: Path, **options):
    runtime = SimpleNamespace(data_dir=data, spark=spark)
    base = {
        "dynamodb.export": "ddb",
        "dynamodb.tableArn": TABLE_ARN,
        "dynamodb.s3.bucket": "customer-exports",
        "dynamodb.s3.prefix": PREFIX,
    }
    return read_ddb_export(runtime, "source_customers", base | options)  # type: ignore[arg-type]


def _rows(frame, order: str = "pk") -> list[dict]:
    return [r.asDict(recursive=True) for r in frame.orderBy(order).collect()]


# --- the three shapes, on every attribute type ------------------------------------------


def test_simplify_follows_the_pages(spark, tmp_path):
    _copy_fixture(tmp_path)
    frame = _read(spark, tmp_path, **{"dynamodb.simplifyDDBJson": "true"})
    assert glue_schema(frame.schema) == SIMPLIFIED_SCHEMA
    assert _rows(frame) == [C1_SIMPLIFIED, C2]


def test_unnest_removes_the_top_level_wrappers(spark, tmp_path):
    _copy_fixture(tmp_path)
    frame = _read(spark, tmp_path, **{"dynamodb.unnestDDBJson": True})
    assert glue_schema(frame.schema) == UNNESTED_SCHEMA
    [c1, c2] = _rows(frame)
    assert c1["pk"] == "c1" and c1["amount"] == SMALL and c1["big"] == BIG
    assert c1["gone"] is None and c1["vip"] is True
    assert c1["address"] == {"city": {"S": "Delft"}, "zip": {"N": "2611"}}
    assert c1["tags"] == [{"S": "x"}, {"S": "y"}]
    assert c1["empty"] == [] and c1["colors"] == ["red", "blue"] and c1["lucky"] == ["7", "9.5"]
    assert c2 == {name: None for name in c1} | {"pk": "c2", "vip": False}


def test_raw_keeps_one_item_column_with_the_types(spark, tmp_path):
    _copy_fixture(tmp_path)
    frame = _read(spark, tmp_path)
    assert frame.columns == ["Item"]
    lines = glue_schema(frame.schema).splitlines()
    # DYNAMIC_FRAME: "|-- Item: struct", each attribute a struct of its tag
    assert lines[:5] == [
        "root",
        "|-- Item: struct",
        "|    |-- pk: struct",
        "|    |    |-- S: string",
        "|    |-- amount: struct",
    ]
    assert "|    |-- gone: struct\n|    |    |-- NULL: boolean" in glue_schema(frame.schema)
    [c1, c2] = _rows(frame, "Item.pk.S")
    assert c1["Item"]["big"] == {"N": BIG}
    assert c1["Item"]["empty"] == {"L": []}
    assert c2["Item"]["vip"] == {"BOOL": False} and c2["Item"]["amount"] is None


# --- finding the export and its files ----------------------------------------------------


def test_data_keys_without_the_prefix_are_found_too(spark, tmp_path):
    # EXPORT_FORMAT's example: s3Prefix "2020-Nov" and keys "AWSDynamoDB/.../data/..."
    write_export(
        tmp_path,
        [{"pk": {"S": "c9"}}],
        bucket="customer-exports",
        prefix=PREFIX,
        table_arn=TABLE_ARN,
        export_id="01700000000000-ffffffff",
        keys_with_prefix=False,
    )
    manifest = (tmp_path / "customer-exports" / PREFIX / "AWSDynamoDB").glob(
        "*/manifest-files.json"
    )
    assert json.loads(next(manifest).read_text())["dataFileS3Key"].startswith("AWSDynamoDB/")
    frame = _read(spark, tmp_path, **{"dynamodb.simplifyDDBJson": "true"})
    assert _rows(frame) == [{"pk": "c9"}]


def test_ddb_mode_reads_the_newest_export(spark, tmp_path):
    _copy_fixture(tmp_path)
    write_export(
        tmp_path,
        [{"pk": {"S": "new"}}],
        bucket="customer-exports",
        prefix=PREFIX,
        table_arn=TABLE_ARN,
        export_id="01800000000000-00000000",
        export_time="2027-01-01T00:00:00.000Z",
    )
    frame = _read(spark, tmp_path, **{"dynamodb.simplifyDDBJson": "true"})
    assert _rows(frame) == [{"pk": "new"}]


@pytest.mark.parametrize("prefix", [EXPORT_DIR, PREFIX], ids=["export-folder", "export-prefix"])
def test_s3_mode_reads_the_past_export(spark, tmp_path, prefix):
    _copy_fixture(tmp_path)
    frame = _read(
        spark,
        tmp_path,
        **{
            "dynamodb.export": "s3",
            "dynamodb.s3.prefix": prefix,
            "dynamodb.simplifyDDBJson": "true",
        },
    )
    assert [r["pk"] for r in _rows(frame)] == ["c1", "c2"]


def test_ddb_mode_reads_an_export_folder_given_as_prefix(spark, tmp_path):
    # Choice: a prefix that is one export's own folder is read as that export.
    _copy_fixture(tmp_path)
    frame = _read(spark, tmp_path, **{"dynamodb.s3.prefix": EXPORT_DIR})
    assert [r["Item"]["pk"]["S"] for r in _rows(frame, "Item.pk.S")] == ["c1", "c2"]


def test_a_missing_files_manifest_is_found_by_the_summary_key(spark, tmp_path):
    # EXPORT_FORMAT: the summary names the files manifest (manifestFilesS3Key)
    _copy_fixture(tmp_path)
    folder = _export_dir(tmp_path)
    (folder / "manifest-files.json").rename(folder / "files.json")
    summary = folder / "manifest-summary.json"
    key = f"{EXPORT_DIR}files.json"
    summary.write_text(json.dumps(json.loads(summary.read_text()) | {"manifestFilesS3Key": key}))
    assert len(_rows(_read(spark, tmp_path, **{"dynamodb.simplifyDDBJson": "true"}))) == 2


def test_s3_mode_refuses_to_guess_between_two_exports(spark, tmp_path):
    _copy_fixture(tmp_path)
    write_export(
        tmp_path,
        [{"pk": {"S": "new"}}],
        bucket="customer-exports",
        prefix=PREFIX,
        table_arn=TABLE_ARN,
        export_id="01800000000000-00000000",
    )
    with pytest.raises(LocalRunError) as error:
        _read(spark, tmp_path, **{"dynamodb.export": "s3"})
    assert str(error.value) == (
        "source_customers: 2 DynamoDB exports under s3://customer-exports/exports/customers/ "
        "(01700000000000-a1b2c3d4, 01800000000000-00000000); with dynamodb.export=s3 set "
        "dynamodb.s3.prefix to the one to read, e.g. 'AWSDynamoDB/01800000000000-00000000/' "
        "under the prefix"
    )


# --- bad input: one line naming the file and the problem ---------------------------------


def _export_dir(data: Path) -> Path:
    return data / "customer-exports" / EXPORT_DIR


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"dynamodb.export": "table"}, "dynamodb.export must be 'ddb' or 's3', got 'table'"),
        ({"dynamodb.tableArn": ""}, "dynamodb.tableArn is not set; a local run needs it"),
        ({"dynamodb.simplifyDDBJson": "yes"}, "dynamodb.simplifyDDBJson must be true or false"),
        (
            {"dynamodb.simplifyDDBJson": "true", "dynamodb.unnestDDBJson": "true"},
            "dynamodb.unnestDDBJson and simplifyDDBJson are exclusive",
        ),
        ({"dynamodb.s3.prefix": "elsewhere/"}, "no DynamoDB export under"),
    ],
)
def test_bad_options_are_named(spark, tmp_path, options, message):
    _copy_fixture(tmp_path)
    with pytest.raises(LocalRunError) as error:
        _read(spark, tmp_path, **options)
    assert str(error.value).startswith(f"source_customers: {message}")


def test_a_data_file_that_is_not_gzip_is_named(spark, tmp_path):
    _copy_fixture(tmp_path)
    [data] = [p for p in (_export_dir(tmp_path) / "data").iterdir() if p.stat().st_size > 20]
    data.write_bytes(b'{"Item": {}}\n')
    with pytest.raises(LocalRunError, match=rf"{data.name} is not a gzip file of text"):
        _read(spark, tmp_path)


def test_a_missing_data_file_names_the_manifest_line_and_where_it_looked(spark, tmp_path):
    _copy_fixture(tmp_path)
    [data] = [p for p in (_export_dir(tmp_path) / "data").iterdir() if p.stat().st_size > 20]
    data.unlink()
    with pytest.raises(LocalRunError, match=r"manifest-files.json:1: .* names no file"):
        _read(spark, tmp_path)


def test_a_line_that_is_not_dynamodb_json_is_named(spark, tmp_path):
    _copy_fixture(tmp_path)
    [data] = [p for p in (_export_dir(tmp_path) / "data").iterdir() if p.stat().st_size > 20]
    data.write_bytes(gzip.compress(b'{"Item": {"pk": {"S": "c1"}}}\n{"Item": {"pk": "c2"}}\n'))
    with pytest.raises(LocalRunError) as error:
        _read(spark, tmp_path)
    assert f"{data.name}:2: not DynamoDB JSON: attribute 'pk': expected one type tag" in str(
        error.value
    )


def test_an_ion_export_is_refused(spark, tmp_path):
    _copy_fixture(tmp_path)
    summary = _export_dir(tmp_path) / "manifest-summary.json"
    summary.write_text(json.dumps(json.loads(summary.read_text()) | {"outputFormat": "ION"}))
    with pytest.raises(LocalRunError, match="outputFormat 'ION'; Glue's export connector reads"):
        _read(spark, tmp_path)


def test_a_manifest_line_without_a_key_is_named(spark, tmp_path):
    _copy_fixture(tmp_path)
    (_export_dir(tmp_path) / "manifest-files.json").write_text('{"itemCount": 1}\n')
    with pytest.raises(LocalRunError, match="manifest-files.json:1: expected a JSON object with"):
        _read(spark, tmp_path)


# --- whole jobs ----------------------------------------------------------------------------


def _output(data: Path) -> list[dict]:
    """The json sink's records (Spark's json writer leaves null fields out)."""
    lines = [
        json.loads(line)
        for path in sorted((data / "Curated" / "customers").glob("part-*"))
        for line in path.read_text().splitlines()
    ]
    return sorted(lines, key=lambda r: r["pk"])


def test_a_job_reads_a_new_export_simplified(lake, run):
    table = dynamodb.Table(
        lake.stack,
        "Customers",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )
    export = DynamoDBExport(
        lake.stack, "CustomersExport", table=table, bucket=lake.raw, prefix=PREFIX
    )
    _copy_fixture(run.data, "Raw")
    summary = run(
        lake,
        [
            DynamoDBExportSource("customers", export=export),
            S3Sink(
                "out", input="customers", bucket=lake.curated, prefix="customers/", format="json"
            ),
        ],
    )
    assert summary.rows("source_customers") == 2
    assert summary.arguments["source_customers_s3_bucket"] == "Raw"
    assert _output(run.data) == [
        {k: v for k, v in C1_SIMPLIFIED.items() if v is not None}
        | {"mixed": [{"S": "a"}, {"N": "1"}]},
        {"pk": "c2", "vip": False},
    ]


def test_a_job_reads_a_past_export(lake, run):
    table = dynamodb.Table.from_table_arn(lake.stack, "Customers", TABLE_ARN)
    bucket = s3.Bucket.from_bucket_name(lake.stack, "Exports", "customer-exports")
    export = DynamoDBExport.from_past_export(
        lake.stack, "Past", table=table, bucket=bucket, prefix=EXPORT_DIR, unnest_ddb_json=True
    )
    _copy_fixture(run.data)
    summary = run(
        lake,
        [
            DynamoDBExportSource("customers", export=export),
            S3Sink(
                "out", input="customers", bucket=lake.curated, prefix="customers/", format="json"
            ),
        ],
    )
    assert summary.rows("source_customers") == 2
    [c1, c2] = _output(run.data)
    assert c1["address"] == {"city": {"S": "Delft"}, "zip": {"N": "2611"}}
    assert c2 == {"pk": "c2", "vip": False}
