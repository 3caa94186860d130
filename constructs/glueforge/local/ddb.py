"""DynamoDB exports in their real layout, found and read as Glue's export connector reads them.

The layout (DynamoDB developer guide, "DynamoDB table export output format",
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html):
``<export-prefix>/AWSDynamoDB/<ExportId>/`` holds ``manifest-summary.json`` (with
``s3Prefix``, ``manifestFilesS3Key``, ``outputFormat``), ``manifest-files.json`` (JSON
lines, each naming a ``dataFileS3Key``) and ``data/*.json.gz``: one
``{"Item": {...}}`` of DynamoDB JSON per line; an empty partition gives an empty file.

How the items become columns (raw, unnested, simplified) is :mod:`glueforge.local.ddb_json`.
"""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glueforge.local import ddb_json
from glueforge.local.errors import LocalRunError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

EXPORTS_DIR = "AWSDynamoDB"
SUMMARY = "manifest-summary.json"
FILES_MANIFEST = "manifest-files.json"


def newest_export(prefix_dir: Path, where: str) -> Path:
    """``dynamodb.export = ddb``: the export folder standing in for the one Glue makes.

    Glue asks DynamoDB for a new export under the prefix at every run; a local run reads
    the newest export already there, by the summaries' ``exportTime``.
    """
    summaries = sorted((prefix_dir / EXPORTS_DIR).glob(f"*/{SUMMARY}"))
    if not summaries and (prefix_dir / SUMMARY).is_file():
        # Choice: a prefix naming one export's own folder is read as that export.
        return prefix_dir
    if not summaries:
        raise LocalRunError(
            f"no DynamoDB export under {where} (expected "
            f"{prefix_dir / EXPORTS_DIR}/<export id>/{SUMMARY})"
        )
    return max(summaries, key=lambda p: (str(read_summary(p).get("exportTime", "")), p)).parent


def past_export(prefix_dir: Path, where: str) -> Path:
    """``dynamodb.export = s3``: the past export at the prefix (Glue starts no new one).

    The Glue page calls bucket and prefix "the Amazon S3 location of a past export of that
    table". Both readings are accepted: the export's own folder
    (``.../AWSDynamoDB/<export id>/``) or the prefix the export was requested with, if
    exactly one export lies under it. Choice: several exports under that prefix are an
    error, because which one Glue would read is not documented.
    """
    if (prefix_dir / SUMMARY).is_file():
        return prefix_dir
    found = sorted(p.parent for p in (prefix_dir / EXPORTS_DIR).glob(f"*/{SUMMARY}"))
    if len(found) == 1:
        return found[0]
    if not found:
        raise LocalRunError(
            f"no DynamoDB export at {where} (expected {prefix_dir / SUMMARY} or "
            f"{prefix_dir / EXPORTS_DIR}/<export id>/{SUMMARY})"
        )
    raise LocalRunError(
        f"{len(found)} DynamoDB exports under {where} ({', '.join(p.name for p in found)}); "
        f"with dynamodb.export=s3 set dynamodb.s3.prefix to the one to read, e.g. "
        f"'{EXPORTS_DIR}/{found[-1].name}/' under the prefix"
    )


def read_summary(path: Path) -> dict[str, Any]:
    try:
        summary = json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise LocalRunError(f"{path} is not JSON: {error}") from None
    if not isinstance(summary, dict):
        raise LocalRunError(f"{path} must hold a JSON object, got {type(summary).__name__}")
    return summary


def export_files(folder: Path, bucket_dir: Path) -> list[Path]:
    """The data files of the export in ``folder``, in manifest order, as local paths."""
    summary = read_summary(folder / SUMMARY)
    # Glue's connector reads DynamoDB JSON full exports (the Glue page: "in the format of
    # DynamoDB JSON"); ION and incremental exports have other records.
    if summary.get("outputFormat", "DYNAMODB_JSON") != "DYNAMODB_JSON":
        raise LocalRunError(
            f"{folder / SUMMARY}: outputFormat {summary['outputFormat']!r}; Glue's export "
            "connector reads DYNAMODB_JSON exports"
        )
    if summary.get("exportType", "FULL_EXPORT") != "FULL_EXPORT":
        raise LocalRunError(
            f"{folder / SUMMARY}: exportType {summary['exportType']!r}; Glue's export "
            "connector reads full exports"
        )
    manifest = folder / FILES_MANIFEST
    if not manifest.is_file() and isinstance(summary.get("manifestFilesS3Key"), str):
        where = f"{folder / SUMMARY}: manifestFilesS3Key"
        manifest = data_file(summary["manifestFilesS3Key"], folder, bucket_dir, where)
    if not manifest.is_file():
        raise LocalRunError(f"{manifest} is missing; every export has one next to {SUMMARY}")
    files = []
    for number, line in enumerate(manifest.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            key = json.loads(line)["dataFileS3Key"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise LocalRunError(
                f"{manifest}:{number}: expected a JSON object with 'dataFileS3Key', got "
                f"{line[:80]!r}"
            ) from None
        files.append(data_file(str(key), folder, bucket_dir, f"{manifest}:{number}"))
    return files


def data_file(key: str, folder: Path, bucket_dir: Path, where: str) -> Path:
    """The local file of one ``dataFileS3Key`` (or ``manifestFilesS3Key``).

    Real exports write keys from the bucket root, the export prefix included
    (``<prefix>/AWSDynamoDB/<id>/data/<name>.json.gz``); the DynamoDB page's example shows
    them without it (``s3Prefix`` "2020-Nov", key ``AWSDynamoDB/.../data/...``). Both are
    read: from the bucket root, else from the folder holding this export's
    ``AWSDynamoDB`` (which also finds an export copied under another prefix).
    """
    prefix_dir = folder.parent.parent
    candidates = [bucket_dir / key, prefix_dir / key]
    if f"{EXPORTS_DIR}/" in key:
        candidates.append(prefix_dir / key[key.index(f"{EXPORTS_DIR}/") :])
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    tried = ", ".join(dict.fromkeys(str(c) for c in candidates))
    raise LocalRunError(f"{where}: {key!r} names no file (looked at {tried})")


def items(files: list[Path]) -> list[dict[str, Any]]:
    """Every item of ``files``, checked to be DynamoDB JSON."""
    found = []
    for path in files:
        try:
            text = gzip.decompress(path.read_bytes()).decode() if path.suffix == ".gz" else None
        except (OSError, EOFError, zlib.error, UnicodeDecodeError) as error:
            raise LocalRunError(f"{path} is not a gzip file of text: {error}") from None
        text = path.read_text() if text is None else text
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                found.append(_item(line, f"{path}:{number}"))
    return found


def _item(line: str, where: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise LocalRunError(f"{where}: not JSON ({error})") from None
    if not isinstance(record, dict) or "Item" not in record:
        raise LocalRunError(f'{where}: expected {{"Item": {{...}}}}, got {line[:80]!r}')
    problem = ddb_json.check_item(record["Item"])
    if problem:
        raise LocalRunError(f"{where}: not DynamoDB JSON: {problem}")
    return record["Item"]


def shape_option(options: dict[str, Any]) -> ddb_json.Mode:
    """The shape ``dynamodb.unnestDDBJson`` / ``dynamodb.simplifyDDBJson`` ask for.

    Both default to false and take booleans (AWS Glue developer guide, "DynamoDB
    connections": "It is an error to set [both] to true at the same time").
    """
    flags = {}
    for option in ("dynamodb.unnestDDBJson", "dynamodb.simplifyDDBJson"):
        value = str(options.get(option, "false")).lower()
        if value not in ("true", "false"):
            raise LocalRunError(f"{option} must be true or false, got {options[option]!r}")
        flags[option] = value == "true"
    if all(flags.values()):
        raise LocalRunError("dynamodb.unnestDDBJson and simplifyDDBJson are exclusive")
    if flags["dynamodb.simplifyDDBJson"]:
        return "simplify"
    return "unnest" if flags["dynamodb.unnestDDBJson"] else "raw"


def read(spark: SparkSession, files: list[Path], mode: ddb_json.Mode) -> DataFrame:
    """The export's items as a frame shaped as ``mode`` asks (see :mod:`ddb_json`)."""
    rows = [ddb_json.columns(item, mode) for item in items(files)]
    shape = ddb_json.frame_shape(rows)
    schema = ddb_json.spark_type(shape)
    return spark.createDataFrame([ddb_json.fit(row, shape) for row in rows], schema)  # type: ignore[arg-type]


def write_export(
    data_dir: Path,
    items: list[dict[str, Any]],
    *,
    bucket: str,
    prefix: str,
    table_arn: str,
    export_id: str,
    export_time: str = "2026-01-01T00:00:00.000Z",
    keys_with_prefix: bool = True,
) -> Path:
    """Write DynamoDB-typed ``items`` as an export in the real layout; returns its folder.

    For tests and sample data: the same files DynamoDB's ExportTableToPointInTime writes
    (one data file here). ``keys_with_prefix=False`` writes the manifest keys without the
    export prefix, as the DynamoDB page's example shows them.
    """
    import hashlib

    folder = data_dir / bucket / prefix / EXPORTS_DIR / export_id
    (folder / "data").mkdir(parents=True, exist_ok=True)
    key_base = f"{prefix if keys_with_prefix else ''}{EXPORTS_DIR}/{export_id}"
    body = "".join(json.dumps({"Item": item}) + "\n" for item in items).encode()
    data_name = hashlib.md5(body).hexdigest()[:26] + ".json.gz"  # noqa: S324 (a name)
    # mtime=0: the same items give the same bytes, so shipped sample data stays stable
    (folder / "data" / data_name).write_bytes(gzip.compress(body, mtime=0))
    manifest = {
        "itemCount": len(items),
        "md5Checksum": hashlib.md5(body).hexdigest(),  # noqa: S324 (as DynamoDB writes)
        "dataFileS3Key": f"{key_base}/data/{data_name}",
    }
    (folder / FILES_MANIFEST).write_text(json.dumps(manifest) + "\n")
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
        "manifestFilesS3Key": f"{key_base}/{FILES_MANIFEST}",
        "billedSizeBytes": len(body),
        "itemCount": len(items),
        "outputFormat": "DYNAMODB_JSON",
    }
    (folder / SUMMARY).write_text(json.dumps(summary, indent=2) + "\n")
    return folder
