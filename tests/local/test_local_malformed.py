"""Malformed input on local runs: counted per source and per mapping, never swallowed.

Expected values are worked out by hand from the files each test writes: which lines do
not parse, which values a cast cannot convert.
"""

from __future__ import annotations

import pytest

from glueforge.core.vocabulary import ReadMode
from glueforge.jobs.specs import Mapping, S3Sink, S3Source
from glueforge.local import LocalRunError
from tests.helpers.local import rows


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)


def _csv_job(lake, **source):
    return [
        S3Source("s", bucket=lake.raw, prefix="in/", format="csv", **source),
        Mapping("typed", input="s", mappings=(("id", "id", "bigint"), ("n", "n", "int"))),
        S3Sink("out", input="typed", bucket=lake.curated, prefix="out/"),
    ]


def _json_job(lake, **source):
    return [
        S3Source("s", bucket=lake.raw, prefix="in/", format="json", **source),
        S3Sink("out", input="s", bucket=lake.curated, prefix="out/"),
    ]


# 1,2 is clean; "2" has one field for two columns; "3,4,5" has three; "4,x" parses (n is
# inferred as string because of the x) but "x" cannot become an int in the mapping.
RAGGED = "id,n\n1,2\n2\n3,4,5\n4,x\n"


@pytest.fixture
def ragged(run):
    _write(run.data / "Raw/in/a.csv", RAGGED)


def test_ragged_rows_and_a_failed_cast_are_counted(lake, run, spark, ragged):
    summary = run(lake, _csv_job(lake))
    assert summary.rows("source_s") == 4
    assert summary.malformed("source_s") == 2
    [source] = [s for s in summary.steps if s.ctx == "source_s"]
    assert source.malformed_example == "a.csv: '2'"
    assert summary.casts == {"typed": {"id": 0, "n": 1}}
    assert summary.problems() == [
        "source_s: 2 malformed records kept (PERMISSIVE: unparsed fields are null), "
        "the first in a.csv: '2'",
        "typed: casts turned 1 value into null (n: 1)",
    ]
    # PERMISSIVE (the default) keeps them, as Glue does: the data says what happened.
    assert rows(spark, run.data / "Curated/out", "id") == [(1, 2), (2, None), (3, 4), (4, None)]


def test_dropmalformed_leaves_the_ragged_rows_out_and_says_so(lake, run, spark, ragged):
    summary = run(lake, _csv_job(lake, read_mode=ReadMode.DROPMALFORMED))
    assert (summary.rows("source_s"), summary.malformed("source_s")) == (2, 2)
    assert summary.problems()[0].startswith("source_s: 2 malformed records left out")
    assert rows(spark, run.data / "Curated/out", "id") == [(1, 2), (4, None)]


def test_failfast_stops_at_the_first_malformed_record_naming_it(lake, run, ragged):
    with pytest.raises(LocalRunError) as error:
        run(lake, _csv_job(lake, read_mode="FAILFAST"))
    assert str(error.value) == (
        "test-job: source_s: malformed record in a.csv: '2' (mode FAILFAST; 2 malformed in all)"
    )


def test_an_unbalanced_quote_is_malformed(lake, run, spark):
    # Spark reads 2,"3 as (2, 3); the quote never closes, so the line is malformed.
    _write(run.data / "Raw/in/a.csv", 'id,n\n1,2\n2,"3\n3,4\n')
    summary = run(lake, _csv_job(lake))
    assert summary.malformed("source_s") == 1
    assert summary.problems() == [
        "source_s: 1 malformed record kept (PERMISSIVE: unparsed fields are null), "
        "the first in a.csv: '2,\"3'"
    ]


def test_a_truncated_json_line_is_malformed(lake, run, spark):
    _write(run.data / "Raw/in/a.json", '{"id": 1, "n": 2}\n{"id": 2, "n": \n')
    summary = run(lake, _json_job(lake))
    assert (summary.rows("source_s"), summary.malformed("source_s")) == (2, 1)
    [source] = [s for s in summary.steps if s.ctx == "source_s"]
    assert source.malformed_example == """a.json: '{"id": 2, "n":'"""
    assert rows(spark, run.data / "Curated/out", "id") == [(None, None), (1, 2)]


def test_type_drift_between_json_files_shows_as_nulled_casts(lake, run, spark):
    # n is a number in one file and text in the other: Spark reads both as string, and
    # the mapping's int cast nulls the text.
    _write(run.data / "Raw/in/a.json", '{"id": 1, "n": 2}\n')
    _write(run.data / "Raw/in/b.json", '{"id": 2, "n": "two"}\n')
    steps = [
        S3Source("s", bucket=lake.raw, prefix="in/", format="json"),
        Mapping("typed", input="s", mappings=(("id", "id", "bigint"), ("n", "n", "int"))),
        S3Sink("out", input="typed", bucket=lake.curated, prefix="out/"),
    ]
    summary = run(lake, steps)
    assert summary.malformed("source_s") == 0
    assert summary.casts == {"typed": {"id": 0, "n": 1}}
    assert rows(spark, run.data / "Curated/out", "id") == [(1, 2), (2, None)]


def test_clean_input_reports_nothing(lake, run):
    _write(run.data / "Raw/in/a.csv", "id,n\n1,2\n2,3\n")
    summary = run(lake, _csv_job(lake))
    assert summary.malformed("source_s") == 0
    assert summary.casts == {"typed": {"id": 0, "n": 0}}
    assert summary.problems() == []
    assert summary.as_dict()["problems"] == []


def test_csv_headers_in_another_order_are_refused(lake, run):
    _write(run.data / "Raw/in/a.csv", "id,n\n1,2\n")
    _write(run.data / "Raw/in/b.csv", "n,id\n3,4\n")
    with pytest.raises(LocalRunError) as error:
        run(lake, _csv_job(lake))
    assert str(error.value) == (
        "test-job: source_s: the csv headers of a.csv and b.csv name the columns in another "
        "order (id, n vs n, id); csv columns are read by position, so write every file "
        "with one header"
    )


def test_csv_headers_in_the_same_order_read_together(lake, run, spark):
    _write(run.data / "Raw/in/a.csv", "id,n\n1,2\n")
    _write(run.data / "Raw/in/b.csv", "id,n\n3,4\n")
    assert run(lake, _csv_job(lake)).rows("sink_out") == 2
    assert rows(spark, run.data / "Curated/out", "id") == [(1, 2), (3, 4)]


def test_a_json_gz_that_is_not_gzip_names_the_file(lake, run):
    _write(run.data / "Raw/in/a.json.gz", '{"id": 1}\n')
    with pytest.raises(LocalRunError) as error:
        run(lake, _json_job(lake))
    assert str(error.value) == "test-job: source_s: a.json.gz ends in .gz but is not gzip data"


def _parquet(spark, tmp_path, name, schema, data):
    folder = tmp_path / name
    spark.createDataFrame(data, schema).coalesce(1).write.parquet(str(folder))
    return next(folder.glob("*.parquet")).read_bytes()


def test_parquet_files_whose_types_drift_are_refused_naming_both(lake, run, spark, tmp_path):
    _write(run.data / "Raw/in/a.parquet", _parquet(spark, tmp_path, "a", "n bigint", [(1,)]))
    _write(run.data / "Raw/in/b.parquet", _parquet(spark, tmp_path, "b", "n string", [("x",)]))
    steps = [
        S3Source("s", bucket=lake.raw, prefix="in/"),
        S3Sink("out", input="s", bucket=lake.curated, prefix="out/"),
    ]
    with pytest.raises(LocalRunError) as error:
        run(lake, steps)
    assert str(error.value) == (
        "test-job: source_s: column 'n' is bigint in a.parquet but string in b.parquet; "
        "the files of one source must agree on each column's type"
    )


def test_a_corrupt_parquet_file_is_refused_naming_it(lake, run, spark, tmp_path):
    good = _parquet(spark, tmp_path, "a", "n bigint", [(1,)])
    _write(run.data / "Raw/in/a.parquet", good)
    _write(run.data / "Raw/in/b.parquet", good[:100])  # cut short: no footer
    steps = [
        S3Source("s", bucket=lake.raw, prefix="in/"),
        S3Sink("out", input="s", bucket=lake.curated, prefix="out/"),
    ]
    with pytest.raises(LocalRunError) as error:
        run(lake, steps)
    assert str(error.value) == (
        "test-job: source_s: b.parquet is not a parquet file (a parquet file starts and "
        "ends with PAR1; 100 bytes)"
    )


def test_parquet_files_with_new_columns_read_every_column(lake, run, spark, tmp_path):
    # Glue's DynamicFrame has every file's columns; Spark without mergeSchema only the
    # first file's.
    _write(run.data / "Raw/in/a.parquet", _parquet(spark, tmp_path, "a", "n bigint", [(1,)]))
    _write(
        run.data / "Raw/in/b.parquet",
        _parquet(spark, tmp_path, "b", "n bigint, m string", [(2, "y")]),
    )
    steps = [
        S3Source("s", bucket=lake.raw, prefix="in/"),
        S3Sink("out", input="s", bucket=lake.curated, prefix="out/"),
    ]
    run(lake, steps)
    assert rows(spark, run.data / "Curated/out", "n") == [(1, None), (2, "y")]


def test_a_json_bz2_that_is_not_bzip2_names_the_file(lake, run):
    _write(run.data / "Raw/in/day/a.json.bz2", b"\x1f\x8b not bzip2 either")
    with pytest.raises(LocalRunError) as error:
        run(lake, _json_job(lake))
    assert str(error.value) == (
        "test-job: source_s: day/a.json.bz2 ends in .bz2 but is not bzip2 data"
    )
