"""``glueforge local-run`` on a rerun: the rows already there, and ``--clear-output``;
``glueforge local-crawl`` on CSV files.

The clickstream sample holds 9 clicks (sample_data/RawBucket/clickstream), so by hand:
a second run finds 9 rows already written and leaves 18; a cleared third run leaves 9.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from glueforge.cli import cli

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


def _local_run(data, reference, *extra):
    return CliRunner().invoke(
        cli,
        [
            "local-run",
            "shop-clickstream",
            "--data",
            str(data),
            "--app",
            str(reference.outdir),
            "--no-bookmarks",
            *extra,
        ],
    )


def _lines(output):
    return [" ".join(line.replace("│", " ").split()) for line in output.splitlines()]


def test_rerun_reports_rows_already_there_and_clear_output_empties_first(
    spark, reference, tmp_path
):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE / "RawBucket", data / "RawBucket")
    first = _local_run(data, reference, "--json")
    assert first.exit_code == 0, first.output
    [source, sink] = json.loads(first.output)["steps"]
    assert (sink["ctx"], sink["rows"], sink["rows_before"]) == ("sink_curated_clicks", 9, 0)
    assert "rows_before" not in source

    second = _local_run(data, reference)
    assert second.exit_code == 0, second.output
    assert (
        "sink_curated_clicks: s3://CuratedBucket/clicks/ already held 9 rows; this run "
        "appended 9 (Glue appends too; --clear-output empties it first)"
    ) in _lines(second.output)

    folder = (data / "CuratedBucket/clicks").resolve()
    third = _local_run(data, reference, "--clear-output")
    assert third.exit_code == 0, third.output
    assert (f"sink_curated_clicks: cleared {folder} (18 rows) first (--clear-output)") in _lines(
        third.output
    )
    assert spark.read.parquet(str(folder)).count() == 9


def test_local_crawl_says_whether_a_csv_has_a_header(spark, tmp_path):
    data = tmp_path / "data"
    (data / "Raw/sales").mkdir(parents=True)
    (data / "Raw/sales/part-1.csv").write_text("id;amount\n1;2.5\n2;3.0\n")
    (data / "Raw/names").mkdir(parents=True)
    (data / "Raw/names/part-1.csv").write_text("ann,paris\nbob,rome\n")
    result = CliRunner().invoke(
        cli, ["local-crawl", "s3://Raw/", "--database", "lake", "--data", str(data)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "lake.names: s3://Raw/names/ (csv, no header row, separator ','): col1 string, col2 string",
        "  first row read as data, not a header: every column of the data rows is a string too",
        "lake.sales: s3://Raw/sales/ (csv, header row, separator ';'): id int, amount double",
    ]


def test_local_crawl_of_a_csv_glue_would_not_classify_is_one_line(spark, tmp_path):
    data = tmp_path / "data"
    (data / "Raw/t").mkdir(parents=True)
    (data / "Raw/t/part-1.csv").write_text("only\n1\n")
    result = CliRunner().invoke(
        cli, ["local-crawl", "s3://Raw/", "--database", "lake", "--data", str(data)]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"error: {data.resolve() / 'Raw/t/part-1.csv'}: Glue's built-in CSV classifier needs "
        "at least two columns; no delimiter of comma, pipe, tab, semicolon or Ctrl-A splits "
        "the first row"
    ]
