"""DynamoDB exports in their real layout, read as Glue's export connector reads them.

An export is ``<prefix>AWSDynamoDB/<export id>/`` with ``manifest-summary.json``,
``manifest-files.json`` (one JSON object per line, each naming a ``dataFileS3Key``) and
``data/*.json.gz``: DynamoDB-typed JSON lines, ``{"Item": {"id": {"S": "c1"}, ...}}``.

As the connector's options ask (AWS Glue developer guide, DynamoDB connection options):
- neither option: one ``Item`` column holding the typed structure;
- ``dynamodb.unnestDDBJson``: ``Item``'s attributes as columns, type wrappers kept;
- ``dynamodb.simplifyDDBJson``: plain values: ``S``/``N``/``BOOL``/``NULL`` scalars,
  ``M`` structs, ``L``/``SS``/``NS``/``BS`` arrays.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glueforge.local.locations import local_path

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


def export_files(summary: Path, bucket: str, data_dir: Path) -> list[str]:
    """The data files the export's manifest lists, as local paths."""
    manifest = summary.parent / "manifest-files.json"
    files = []
    for line in manifest.read_text().splitlines():
        if line.strip():
            key = json.loads(line)["dataFileS3Key"]
            files.append(str(local_path(f"s3://{bucket}/{key}", data_dir)))
    return files


def read(spark: SparkSession, files: list[str], *, unnest: bool, simplify: bool) -> DataFrame:
    if simplify:
        # Plain JSON per item, then Spark infers the schema as it does for any JSON.
        lines = spark.sparkContext.textFile(",".join(files)).map(simplify_line)
        return spark.read.json(lines)
    frame = spark.read.json(files)
    return frame.select("Item.*") if unnest else frame


def simplify_line(line: str) -> str:
    item = json.loads(line)["Item"]
    return json.dumps({name: simplify(value) for name, value in item.items()})


def simplify(value: dict[str, Any]) -> Any:
    """One DynamoDB-typed value as a plain one."""
    [(tag, inner)] = value.items()
    if tag in ("S", "B", "BOOL"):
        return inner
    if tag == "NULL":
        return None
    if tag == "N":
        return _number(inner)
    if tag == "M":
        return {k: simplify(v) for k, v in inner.items()}
    if tag == "L":
        return [simplify(v) for v in inner]
    if tag in ("SS", "BS"):
        return list(inner)
    if tag == "NS":
        return [_number(v) for v in inner]
    raise ValueError(f"unknown DynamoDB type {tag!r} in {value!r}")


def _number(text: str) -> int | float:
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else float(number)


def write_export(
    data_dir: Path,
    items: list[dict[str, Any]],
    *,
    bucket: str,
    prefix: str,
    table_arn: str,
    export_id: str,
    export_time: str = "2026-01-01T00:00:00.000Z",
) -> Path:
    """Write DynamoDB-typed ``items`` as an export in the real layout; returns its folder.

    For tests and sample data: the same files DynamoDB's ExportTableToPointInTime writes
    (one data file here), which :func:`read` then reads like any export.
    """
    import gzip
    import hashlib

    folder = data_dir / bucket / prefix / "AWSDynamoDB" / export_id
    (folder / "data").mkdir(parents=True, exist_ok=True)
    key_base = f"{prefix}AWSDynamoDB/{export_id}"
    body = "".join(json.dumps({"Item": item}) + "\n" for item in items).encode()
    data_name = hashlib.md5(body).hexdigest()[:26] + ".json.gz"  # noqa: S324 (a name)
    # mtime=0: the same items give the same bytes, so shipped sample data stays stable
    (folder / "data" / data_name).write_bytes(gzip.compress(body, mtime=0))
    manifest = {
        "itemCount": len(items),
        "md5Checksum": hashlib.md5(body).hexdigest(),  # noqa: S324 (as DynamoDB writes)
        "dataFileS3Key": f"{key_base}/data/{data_name}",
    }
    (folder / "manifest-files.json").write_text(json.dumps(manifest) + "\n")
    summary = {
        "version": "2020-06-30",
        "exportArn": f"{table_arn}/export/{export_id}",
        "startTime": export_time,
        "endTime": export_time,
        "tableArn": table_arn,
        "tableId": "00000000-0000-0000-0000-000000000000",
        "exportTime": export_time,
        "s3Bucket": bucket,
        "s3Prefix": prefix,
        "s3SseAlgorithm": "AES256",
        "s3SseKmsKeyId": None,
        "manifestFilesS3Key": f"{key_base}/manifest-files.json",
        "billedSizeBytes": len(body),
        "itemCount": len(items),
        "outputFormat": "DYNAMODB_JSON",
    }
    (folder / "manifest-summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return folder
