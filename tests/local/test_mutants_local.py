"""Local runs where deliberate bugs once slipped past (issue 17, section 7): JDBC
bookmarks (descending keys, no hash partitions, text and boolean keys with their SQL
escaping), multiline JSON and jsonPath, Relationalize's child-table names."""

from __future__ import annotations

import json

import pytest

from glueforge.jobs.specs import CatalogSink, JdbcSource, S3Sink, S3Source
from glueforge.local import LocalRunError
from glueforge.local.bookmarks import sql_literal
from glueforge.local.relationalize import relationalize
from glueforge.local.sources import after
from tests.helpers.local import rows


def test_after_descending_reads_smaller_keys():
    # Kills: the bookmark predicate ignoring jobBookmarkKeysSortOrder=desc.
    assert after(["id"], ["5"], "desc") == '("id" < 5)'
    assert after(["id"], ["5"], "asc") == '("id" > 5)'


def test_after_two_keys_compares_the_second_only_when_the_first_is_equal():
    # (k1 > v1) OR (k1 = v1 AND k2 > v2), keys quoted as PostgreSQL identifiers.
    assert after(["day", 'we"ird'], ["'2027-01-01'", "7"], "asc") == (
        '("day" > \'2027-01-01\') OR ("day" = \'2027-01-01\' AND "we""ird" > 7)'
    )


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        (True, "TRUE"),
        (False, "FALSE"),
        (7, "7"),
        ("o'brien", "'o''brien'"),
        ("'; DROP TABLE x; --", "'''; DROP TABLE x; --'"),
    ],
)
def test_bookmark_values_become_sql_literals(value, literal):
    # Kills: booleans written as 1/0 (PostgreSQL has no boolean = integer) and quotes in
    # text keys left unescaped (a broken or injected WHERE clause).
    assert sql_literal(value) == literal


@pytest.fixture(scope="module")
def shop(postgres):
    postgres.create_database("bookmarks")
    return postgres.jdbc_url("bookmarks")


def _steps(lake, table, keys, order="asc"):
    return [
        JdbcSource(
            "src",
            connection=lake.connection,
            table=f"public.{table}",
            bookmark_keys=keys,
            bookmark_keys_sort_order=order,
        ),
        S3Sink("out", input="src", bucket=lake.curated, prefix=f"{table}/"),
    ]


def test_descending_bookmark_without_hash_partitions_reads_only_smaller_keys(
    lake, run, postgres, shop
):
    postgres.run_sql(
        "CREATE TABLE desc_events (id int PRIMARY KEY, kind text);"
        "INSERT INTO desc_events SELECT i, 'k' || i FROM generate_series(6, 10) i;",
        "bookmarks",
    )
    steps = _steps(lake, "desc_events", ("id",), "desc")
    first = run(lake, steps, job_name="desc", jdbc_url=shop)
    assert first.rows("source_src") == 5
    # desc: the bookmark is the smallest id read (6); the next run reads ids below it:
    # 3 and 4, not 12 (which an ascending reading would pick).
    postgres.run_sql(
        "INSERT INTO desc_events VALUES (3, 'k3'), (4, 'k4'), (12, 'k12');", "bookmarks"
    )
    assert run(lake, steps, job_name="desc", jdbc_url=shop).rows("source_src") == 2
    assert run(lake, steps, job_name="desc", jdbc_url=shop).rows("source_src") == 0


def test_text_bookmark_key_with_a_quote_is_escaped(lake, run, postgres, shop):
    postgres.run_sql(
        "CREATE TABLE names (name text PRIMARY KEY);INSERT INTO names VALUES ('a'), ('o''brien');",
        "bookmarks",
    )
    steps = _steps(lake, "names", ("name",))
    assert run(lake, steps, job_name="names", jdbc_url=shop).rows("source_src") == 2
    # The bookmark is 'o''brien' (the largest); only 'z''x' sorts after it.
    postgres.run_sql("INSERT INTO names VALUES ('b'), ('z''x');", "bookmarks")
    assert run(lake, steps, job_name="names", jdbc_url=shop).rows("source_src") == 1


def test_boolean_and_integer_bookmark_keys(lake, run, postgres, shop):
    postgres.run_sql(
        "CREATE TABLE flags (flag boolean, id int, PRIMARY KEY (flag, id));"
        "INSERT INTO flags VALUES (false, 1), (true, 2);",
        "bookmarks",
    )
    steps = _steps(lake, "flags", ("flag", "id"))
    assert run(lake, steps, job_name="flags", jdbc_url=shop).rows("source_src") == 2
    # The bookmark is (true, 2): (flag > TRUE) OR (flag = TRUE AND id > 2) keeps only
    # (true, 3); (false, 5) is behind it.
    postgres.run_sql("INSERT INTO flags VALUES (true, 3), (false, 5);", "bookmarks")
    assert run(lake, steps, job_name="flags", jdbc_url=shop).rows("source_src") == 1


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_multiline_json_records_are_read_whole(lake, run, spark):
    # Kills: the multiline option dropped (each pretty-printed line would be a corrupt
    # record). Two records, spread over 8 lines, in a top-level array.
    _write(
        run.data / "Raw/pretty/1.json",
        '[\n  {\n    "u": "a",\n    "n": 1\n  },\n  {"u": "b",\n   "n": 2}\n]\n',
    )
    steps = [
        S3Source("pretty", bucket=lake.raw, prefix="pretty/", format="json", multiline=True),
        S3Sink("out", input="pretty", bucket=lake.curated, prefix="pretty/"),
    ]
    summary = run(lake, steps, bookmarks=False)
    assert summary.rows("source_pretty") == 2
    assert rows(spark, run.data / "Curated/pretty", "n") == [(1, "a"), (2, "b")]


def test_json_path_reads_the_records_it_points_at(lake, run, spark):
    # Kills: jsonPath ignored (the whole file would be 1 row with columns data and meta).
    _write(
        run.data / "Raw/wrapped/1.json",
        '{\n  "meta": {"page": 1},\n  "data": {\n    "items": [\n'
        '      {"u": "a"}, {"u": "b"},\n      {"u": "c"}\n    ]\n  }\n}\n',
    )
    steps = [
        S3Source(
            "wrapped",
            bucket=lake.raw,
            prefix="wrapped/",
            format="json",
            json_path="$.data.items[*]",
        ),
        S3Sink("out", input="wrapped", bucket=lake.curated, prefix="wrapped/"),
    ]
    summary = run(lake, steps, bookmarks=False)
    assert summary.rows("source_wrapped") == 3
    assert rows(spark, run.data / "Curated/wrapped", "u") == [("a",), ("b",), ("c",)]


def test_a_json_path_local_runs_cannot_follow_is_refused(lake, run):
    _write(run.data / "Raw/deep/1.json", '{"a": [{"u": 1}]}\n')
    steps = [
        S3Source("deep", bucket=lake.raw, prefix="deep/", format="json", json_path="$..u"),
        S3Sink("out", input="deep", bucket=lake.curated, prefix="deep/"),
    ]
    with pytest.raises(LocalRunError, match=r"jsonPath '\$\.\.u': local runs support"):
        run(lake, steps, bookmarks=False)


def test_relationalize_names_child_tables_root_underscore_path(spark):
    # Glue's guide: each array becomes a child table "<root>_<path>" with id, index and
    # "<path>.val" columns; arrays inside elements nest the path ("items.val.tags").
    # Hand-worked for one order with two items (the first tagged x, y) and codes [7, 8]:
    frame = spark.read.json(
        spark.sparkContext.parallelize(
            [
                '{"id": 1, "items": [{"sku": "a", "tags": ["x", "y"]}, {"sku": "b", "tags": []}],'
                ' "meta": {"codes": [7, 8]}}'
            ]
        )
    )
    tables = relationalize(frame, "orders")
    assert list(tables) == [
        "orders",
        "orders_items",
        "orders_items.val.tags",
        "orders_meta.codes",
    ]
    assert tables["orders"].columns == ["id", "items", "meta.codes"]
    assert tables["orders_items"].columns == ["id", "index", "items.val.sku", "items.val.tags"]
    assert tables["orders_items.val.tags"].columns == ["id", "index", "items.val.tags.val"]
    assert tables["orders_meta.codes"].columns == ["id", "index", "meta.codes.val"]
    assert sorted(tuple(r)[1:] for r in tables["orders_items.val.tags"].collect()) == [
        (0, "x"),
        (1, "y"),
    ]
    assert sorted(tuple(r)[1:] for r in tables["orders_meta.codes"].collect()) == [(0, 7), (1, 8)]
    # The empty tags array of item b: a key in orders_items, no rows in the child table.
    assert tables["orders_items"].count() == 2


def test_writing_to_an_existing_catalog_table_appends_and_adds_columns(lake, run, spark):
    # The first run creates lake.people; the second writes to it again with one more
    # column: its files are appended under the same location and the column is added to
    # the table (enableUpdateCatalog, as CatalogSink documents).
    def job(prefix):
        return [
            S3Source("people", bucket=lake.raw, prefix=prefix, format="json"),
            CatalogSink(
                "people_out",
                input="people",
                database=lake.database,
                table="people",
                bucket=lake.curated,
                prefix="people/",
                partition_keys=("day",),
            ),
        ]

    _write(
        run.data / "Raw/first/1.json",
        '{"id": 1, "name": "a", "day": "d1"}\n{"id": 2, "name": "b", "day": "d2"}\n',
    )
    _write(
        run.data / "Raw/second/1.json",
        '{"id": 3, "name": "c", "day": "d2", "extra": "x"}\n'
        '{"id": 4, "name": "d", "day": "d3", "extra": "y"}\n',
    )
    run(lake, job("first/"), bookmarks=False)
    catalog = json.loads((run.data / "catalog.json").read_text())
    assert catalog["lake"]["people"] == {
        "location": "s3://Curated/people/",
        "format": "parquet",
        "schema": {"id": "bigint", "name": "string", "day": "string"},
        "partitionKeys": ["day"],
    }
    summary = run(lake, job("second/"), bookmarks=False)
    assert summary.rows("sink_people_out") == 2
    catalog = json.loads((run.data / "catalog.json").read_text())
    assert catalog["lake"]["people"]["location"] == "s3://Curated/people/"
    assert catalog["lake"]["people"]["schema"] == {
        "id": "bigint",
        "name": "string",
        "extra": "string",
        "day": "string",
    }
    written = spark.read.option("mergeSchema", True).parquet(str(run.data / "Curated/people"))
    assert sorted(r["id"] for r in written.collect()) == [1, 2, 3, 4]
    assert sorted(p.name for p in (run.data / "Curated/people").iterdir() if p.is_dir()) == [
        "day=d1",
        "day=d2",
        "day=d3",
    ]
