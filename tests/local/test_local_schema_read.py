"""Local runs honour a declared S3Source schema and a Mapping-typed read.

The csv holds a zip code ``007``: Spark's inference pass reads it as the number 7, a read
with the declared schema (``string``) keeps ``"007"``. The expected rows are hand-written.
"""

from __future__ import annotations

import datetime as dt

from glueforge.jobs.etl_job import EtlJob
from glueforge.jobs.specs import Mapping, S3Sink, S3Source
from glueforge.local import LocalJob, run_job
from tests.helpers.local import rows

CSV = "id,zip,day\n1,007,2026-01-01\n2,120,2026-01-02\n"


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_a_declared_schema_is_what_the_local_run_reads(lake, run, spark):
    _write(run.data / "Raw/people/part-1.csv", CSV)
    schema = (("id", "bigint"), ("zip", "string"), ("day", "date"))
    run(
        lake,
        [
            S3Source("people", bucket=lake.raw, prefix="people/", format="csv", schema=schema),
            S3Sink("out", input="people", bucket=lake.curated, prefix="people/"),
        ],
    )
    out = spark.read.parquet(str(run.data / "Curated/people"))
    assert [(f.name, f.dataType.simpleString()) for f in out.schema.fields] == [
        ("id", "bigint"),
        ("zip", "string"),
        ("day", "date"),
    ]
    assert rows(spark, run.data / "Curated/people", "id") == [
        (1, "007", dt.date(2026, 1, 1)),
        (2, "120", dt.date(2026, 1, 2)),
    ]


def test_without_a_schema_the_inferred_read_loses_the_leading_zeros(lake, run, spark):
    _write(run.data / "Raw/people/part-1.csv", CSV)
    run(
        lake,
        [
            S3Source("people", bucket=lake.raw, prefix="people/", format="csv"),
            S3Sink("out", input="people", bucket=lake.curated, prefix="people/"),
        ],
    )
    assert [r[1] for r in rows(spark, run.data / "Curated/people", "id")] == [7, 120]


def test_a_mapping_typed_read_with_bookmarks_off_casts_the_text(lake, spark, tmp_path):
    data = tmp_path / "data"
    _write(data / "Raw/people/part-1.csv", CSV)
    job = EtlJob(
        lake.stack,
        "Typed",
        job_name="typed-job",
        bookmarks=False,
        specs=[
            S3Source("people", bucket=lake.raw, prefix="people/", format="csv"),
            Mapping(
                "typed", input="people", mappings=(("id", "id", "int"), ("zip", "zip", "string"))
            ),
            S3Sink("out", input="typed", bucket=lake.curated, prefix="people/"),
        ],
    )
    assert "spark_session.read" in job.script.text
    run_job(LocalJob.from_construct(job), data_dir=data, spark=spark)
    assert rows(spark, data / "Curated/people", "id") == [(1, "007"), (2, "120")]
