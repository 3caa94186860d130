"""S3 sources and sinks on local files: csv and json to partitioned parquet, bookmarks."""

from __future__ import annotations

import datetime as dt

import pytest

from glueforge.jobs.specs import Mapping, S3Sink, S3Source
from glueforge.local import LocalRunError
from tests.helpers.local import rows


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_csv_to_partitioned_parquet(lake, run, spark):
    _write(
        run.data / "Raw/sales/a.csv",
        "id;day;amount\n1;2026-01-01;2.5\n2;2026-01-02;4\n3;2026-01-01;1\n",
    )
    summary = run(
        lake,
        [
            S3Source("sales", bucket=lake.raw, prefix="sales/", format="csv", csv_separator=";"),
            Mapping(
                "typed",
                input="sales",
                mappings=(
                    ("id", "id", "bigint"),
                    ("day", "day", "date"),
                    ("amount", "amount", "double"),
                ),
            ),
            S3Sink(
                "out", input="typed", bucket=lake.curated, prefix="sales/", partition_keys=("day",)
            ),
        ],
    )
    out = run.data / "Curated/sales"
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == [
        "day=2026-01-01",
        "day=2026-01-02",
    ]
    assert rows(spark, out, "id") == [
        (1, 2.5, dt.date(2026, 1, 1)),
        (2, 4.0, dt.date(2026, 1, 2)),
        (3, 1.0, dt.date(2026, 1, 1)),
    ]
    assert (summary.rows("source_sales"), summary.rows("sink_out")) == (3, 3)
    assert summary.arguments["source_sales_path"] == "s3://Raw/sales/"


def test_json_to_partitioned_parquet_with_bookmarks_by_file(lake, run, spark):
    _write(run.data / "Raw/clicks/1.json", '{"u": "a", "d": "x"}\n{"u": "b", "d": "y"}\n')
    steps = [
        S3Source("clicks", bucket=lake.raw, prefix="clicks/", format="json"),
        S3Sink("out", input="clicks", bucket=lake.curated, prefix="clicks/", partition_keys=("d",)),
    ]
    first = run(lake, steps, job_name="clicks")
    assert first.bookmarks and first.rows("source_clicks") == 2
    assert rows(spark, run.data / "Curated/clicks") == [("a", "x"), ("b", "y")]
    # A new file arrives: the second run reads only it, and appends.
    _write(run.data / "Raw/clicks/2.json", '{"u": "c", "d": "x"}\n')
    second = run(lake, steps, job_name="clicks")
    assert second.rows("source_clicks") == 1 and second.rows("sink_out") == 1
    assert rows(spark, run.data / "Curated/clicks") == [("a", "x"), ("b", "y"), ("c", "x")]
    # Nothing new: nothing read, nothing written.
    assert run(lake, steps, job_name="clicks").rows("source_clicks") == 0
    # Without bookmarks every file is read again.
    assert run(lake, steps, job_name="clicks", bookmarks=False).rows("source_clicks") == 3


def test_missing_input_is_one_clear_line(lake, run):
    with pytest.raises(LocalRunError) as error:
        run(
            lake,
            [
                S3Source("clicks", bucket=lake.raw, prefix="nowhere/", format="json"),
                S3Sink("out", input="clicks", bucket=lake.curated, prefix="x/"),
            ],
        )
    message = str(error.value)
    assert message.startswith("test-job: source_clicks: input s3://Raw/nowhere/ not found")
    assert "\n" not in message and "Exception" not in message


def test_unknown_column_names_the_script_line_not_a_stack_trace(lake, run):
    _write(run.data / "Raw/clicks/1.json", '{"u": "a"}\n')
    with pytest.raises(LocalRunError) as error:
        run(
            lake,
            [
                S3Source("clicks", bucket=lake.raw, prefix="clicks/", format="json"),
                Mapping("typed", input="clicks", mappings=(("nope", "nope", "string"),)),
                S3Sink("out", input="typed", bucket=lake.curated, prefix="x/"),
            ],
        )
    message = str(error.value)
    assert "\n" not in message and "at org.apache" not in message
    assert "of test_job.py:" in message and "`nope`" in message and "UNRESOLVED_COLUMN" in message
