"""``glueforge local-run`` as a user runs it (a subprocess): bad input and a bad --master
give one clear line and no Java stack trace, on stdout or stderr; malformed input exits 3
unless --allow-malformed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_s3 as s3

from glueforge.jobs.etl_job import EtlJob
from glueforge.jobs.specs import Mapping, S3Sink, S3Source
from glueforge.local.runner import _with_file
from glueforge.local.session import master_problem

GLUEFORGE = Path(sys.executable).parent / "glueforge"
#: What a Java stack trace or Spark's console logging looks like.
JAVA_NOISE = ("\tat ", "at org.apache", "Exception in thread", " WARN ", " ERROR ", "log4j")


@pytest.fixture(scope="module")
def assembly(tmp_path_factory) -> Path:
    """An app with a json job, a parquet job and a csv job, synthesized once."""
    outdir = tmp_path_factory.mktemp("quiet") / "cdk.out"
    app = App(outdir=str(outdir))
    stack = Stack(app, "Quiet")
    raw, curated = s3.Bucket(stack, "Raw"), s3.Bucket(stack, "Curated")
    for name, fmt in (("json-job", "json"), ("parquet-job", "parquet")):
        EtlJob(
            stack,
            name,
            job_name=name,
            specs=[
                S3Source("s", bucket=raw, prefix=f"{fmt}/", format=fmt),
                S3Sink("out", input="s", bucket=curated, prefix=f"{fmt}/"),
            ],
        )
    EtlJob(
        stack,
        "csv-job",
        job_name="csv-job",
        specs=[
            S3Source("s", bucket=raw, prefix="csv/", format="csv"),
            Mapping("typed", input="s", mappings=(("id", "id", "bigint"), ("n", "n", "int"))),
            S3Sink("out", input="typed", bucket=curated, prefix="csv/"),
        ],
    )
    app.synth()
    return outdir


def _local_run(assembly: Path, data: Path, job: str, *options: str):
    command = [str(GLUEFORGE), "local-run", job, "--data", str(data), "--app", str(assembly)]
    result = subprocess.run(
        [*command, "--master", "local[1]", *options],
        capture_output=True,
        text=True,
        timeout=300,
    )
    for stream in (result.stdout, result.stderr):
        assert not any(noise in stream for noise in JAVA_NOISE), stream
    return result


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_a_json_gz_that_is_not_gzip(assembly, tmp_path):
    bad = tmp_path / "Raw/json/a.json.gz"
    bad.parent.mkdir(parents=True)
    bad.write_text('{"id": 1}\n')
    result = _local_run(assembly, tmp_path, "json-job")
    assert result.returncode == 1
    assert _lines(result.stderr) == [
        "error: json-job: source_s: a.json.gz ends in .gz but is not gzip data"
    ]
    assert result.stdout == ""


def test_parquet_that_is_corrupt_inside(assembly, tmp_path, spark):
    # Both ends say PAR1, the middle is garbage: only Spark's reader finds out.
    folder = tmp_path / "made"
    spark.createDataFrame([(1,)], "n bigint").coalesce(1).write.parquet(str(folder))
    good = next(folder.glob("*.parquet")).read_bytes()
    target = tmp_path / "Raw/parquet/b.parquet"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"PAR1" + b"\0" * 40 + good[44:])
    result = _local_run(assembly, tmp_path, "parquet-job")
    assert result.returncode == 1
    # progress lines first (the source read its footer), then the one error line
    *_, line = _lines(result.stderr)
    assert line.startswith("error: parquet-job: line ")
    assert line.endswith(f"(reading {target})")


def test_parquet_whose_types_drift(assembly, tmp_path, spark):
    for name, schema, row in (("a", "n bigint", (1,)), ("b", "n string", ("x",))):
        folder = tmp_path / "made" / name
        spark.createDataFrame([row], schema).coalesce(1).write.parquet(str(folder))
        target = tmp_path / f"Raw/parquet/{name}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(next(folder.glob("*.parquet")).read_bytes())
    result = _local_run(assembly, tmp_path, "parquet-job")
    assert result.returncode == 1
    assert _lines(result.stderr) == [
        "error: parquet-job: source_s: column 'n' is bigint in a.parquet but string in b.parquet; "
        "the files of one source must agree on each column's type"
    ]


def test_a_bad_master(assembly, tmp_path):
    command = [str(GLUEFORGE), "local-run", "json-job", "--data", str(tmp_path)]
    result = subprocess.run(
        [*command, "--app", str(assembly), "--master", "locale[2]"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert _lines(result.stderr) == [
        "error: --master 'locale[2]' is not a Spark master URL: use local, local[N], "
        "local[*], local[N,F], spark://HOST:PORT, yarn or k8s://URL"
    ]


def test_malformed_input_exits_3_unless_allowed(assembly, tmp_path):
    source = tmp_path / "Raw/csv/a.csv"
    source.parent.mkdir(parents=True)
    # "2" is a ragged row; "x" cannot become an int
    source.write_text("id,n\n1,2\n2\n3,x\n")
    result = _local_run(assembly, tmp_path, "csv-job", "--json", "--no-bookmarks")
    assert result.returncode == 3
    summary = json.loads(result.stdout)
    assert summary["problems"] == [
        "source_s: 1 malformed record kept (PERMISSIVE: unparsed fields are null), "
        "the first in a.csv: '2'",
        "typed: casts turned 1 value into null (n: 1)",
    ]
    assert summary["casts"] == {"typed": {"id": 0, "n": 1}}
    [source_step] = [s for s in summary["steps"] if s["kind"] == "source"]
    assert (source_step["rows"], source_step["malformed"]) == (3, 1)
    assert _lines(result.stderr)[-1] == (
        "error: csv-job: malformed input (above); fix it, or pass --allow-malformed to "
        "accept what Glue would write"
    )
    allowed = _local_run(assembly, tmp_path, "csv-job", "--allow-malformed", "--no-bookmarks")
    assert allowed.returncode == 0, allowed.stderr
    assert "note: source_s: 1 malformed record kept" in allowed.stderr


@pytest.mark.parametrize(
    "master",
    [
        "local",
        "local[1]",
        "local[*]",
        "local[4,2]",
        "local-cluster[2,1,1024]",
        "spark://host:7077",
        "spark://a:7077,b:7077",
        "yarn",
        "k8s://https://api:6443",
    ],
)
def test_master_urls_spark_accepts_pass(master):
    assert master_problem(master) is None


@pytest.mark.parametrize("master", ["locale[2]", "local[0]", "local[]", "spark://host", ""])
def test_other_masters_are_refused_before_spark_starts(master):
    assert master_problem(master) == (
        f"--master {master!r} is not a Spark master URL: use local, local[N], local[*], "
        "local[N,F], spark://HOST:PORT, yarn or k8s://URL"
    )


def test_a_spark_error_names_the_file_it_was_reading():
    messages = [
        "org.apache.spark.SparkException: Encountered error while reading file "
        "file:///data/Raw/in/b.parquet. Details:",
        "java.io.EOFException: Reached the end of stream",
    ]
    assert _with_file("java.io.EOFException: Reached the end of stream", messages) == (
        "java.io.EOFException: Reached the end of stream (reading /data/Raw/in/b.parquet)"
    )
    assert _with_file("java.io.EOFException", ["java.io.EOFException"]) == ("java.io.EOFException")
