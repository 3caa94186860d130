"""The typed local-run mappings: their assembly JSON, their local values, bad metadata."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from glueforge.assembly.local_arguments import (
    LocalArgument,
    LocalS3Url,
    arguments_from_metadata,
    arguments_to_metadata,
)
from glueforge.local import LocalJob, LocalRunError

# The assembly's JSON shape, as recorded before the mappings were typed.
METADATA = {
    "source_clicks_path": {"kind": "s3", "bucket": "RawBucket", "key": "clicks/"},
    "source_orders_s3_bucket": {"kind": "s3_bucket", "bucket": "ExportBucket"},
    "source_sales_database": {"kind": "catalog_database", "name": "shop_raw"},
    "source_sales_table": {"kind": "catalog_table", "name": "sales"},
    "sink_pg_connection": {"kind": "jdbc_connection", "name": "Warehouse", "database": None},
    "source_orders_table_arn": {"kind": "ddb_table_arn", "table": "Orders"},
    "source_orders_s3_bucket_owner": {"kind": "unused", "option": "dynamodb.s3.bucketOwner"},
}
LOCAL_VALUES = {
    "source_clicks_path": "s3://RawBucket/clicks/",
    "source_orders_s3_bucket": "ExportBucket",
    "source_sales_database": "shop_raw",
    "source_sales_table": "sales",
    "sink_pg_connection": "Warehouse",
    "source_orders_table_arn": "arn:aws:dynamodb:local:000000000000:table/Orders",
    "source_orders_s3_bucket_owner": "local",
}


def test_metadata_round_trip_keeps_the_json_shape():
    arguments = arguments_from_metadata(METADATA)
    assert json.dumps(arguments_to_metadata(arguments)) == json.dumps(METADATA)


def test_each_kind_gives_its_local_value():
    arguments = arguments_from_metadata(METADATA)
    assert {name: a.local_value() for name, a in arguments.items()} == LOCAL_VALUES


def test_mappings_are_frozen_values():
    url = LocalS3Url(bucket="RawBucket", key="clicks/")
    assert url == LocalArgument.from_metadata(
        {"kind": "s3", "bucket": "RawBucket", "key": "clicks/"}
    )
    with pytest.raises(AttributeError):
        url.key = "other/"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"kind": "s4", "bucket": "B"}, "unknown kind 's4'"),
        ({"bucket": "B"}, "unknown kind None"),
        ({"kind": "s3", "bucket": "B"}, "bad 's3' mapping"),
    ],
)
def test_bad_metadata_names_the_argument(entry, message):
    with pytest.raises(ValueError, match="argument --source_x_path") as error:
        arguments_from_metadata({"source_x_path": entry})
    assert message in str(error.value)


def test_local_job_reports_bad_metadata_as_a_local_run_error():
    data = {
        "language": "pyspark",
        "jobName": "j",
        "fileName": "j.py",
        "script": "",
        "bookmarks": False,
        "argumentNames": ["source_x_path"],
        "localArguments": {"source_x_path": {"kind": "s4"}},
    }
    with pytest.raises(LocalRunError, match=r"^Stack/Job: argument --source_x_path: unknown"):
        LocalJob.from_metadata("Stack/Job", data)


def test_the_mapping_module_stays_light():
    # Local runs and the CLI read the mappings without loading aws-cdk-lib.
    code = (
        "import sys, glueforge.assembly.local_arguments, glueforge.local; "
        "print(sorted(m for m in sys.modules if m.startswith(('aws_cdk', 'jsii'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
