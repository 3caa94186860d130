"""JDBC on a real PostgreSQL: parallel reads really split, bookmarks by key, JDBC sinks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from glueforge.jobs.specs import JdbcSink, JdbcSource, S3Sink
from tests.helpers.local import rows


@pytest.fixture(scope="module")
def shop(postgres):
    postgres.create_database("shop")
    postgres.run_sql(
        "CREATE TABLE orders (order_id bigint PRIMARY KEY, customer text, amount numeric(8,2));"
        "INSERT INTO orders SELECT i, 'c' || (i % 3), i * 1.5 FROM generate_series(1, 20) i;",
        "shop",
    )
    return postgres.jdbc_url("shop")


def test_parallel_read_to_parquet_uses_every_partition(lake, run, spark, shop):
    summary = run(
        lake,
        [
            JdbcSource(
                "orders",
                connection=lake.connection,
                table="public.orders",
                hash_field="order_id",
                hash_partitions=3,
            ),
            S3Sink("out", input="orders", bucket=lake.curated, prefix="orders/"),
        ],
        jdbc_url=shop,
        bookmarks=False,
    )
    [read] = [s for s in summary.steps if s.ctx == "source_orders"]
    assert read.partitions == 3 and sum(read.rows_per_partition) == 20
    assert sum(1 for n in read.rows_per_partition if n) > 1, read.rows_per_partition
    assert rows(spark, run.data / "Curated/orders", "order_id") == [
        (i, f"c{i % 3}", Decimal(i * 3) / 2) for i in range(1, 21)
    ]


def test_hashexpression_and_bookmark_keys_read_only_new_rows(lake, run, postgres, shop):
    postgres.run_sql(
        "CREATE TABLE events (id int PRIMARY KEY, kind text);"
        "INSERT INTO events SELECT i, 'k' || i FROM generate_series(1, 6) i;",
        "shop",
    )
    steps = [
        JdbcSource(
            "events",
            connection=lake.connection,
            table="public.events",
            hash_expression="id",
            hash_partitions=2,
            bookmark_keys=("id",),
        ),
        S3Sink("out", input="events", bucket=lake.curated, prefix="events/"),
    ]
    first = run(lake, steps, job_name="events", jdbc_url=shop)
    [read] = [s for s in first.steps if s.ctx == "source_events"]
    assert read.rows_per_partition == [3, 3]
    postgres.run_sql("INSERT INTO events VALUES (7, 'k7'), (8, 'k8');", "shop")
    second = run(lake, steps, job_name="events", jdbc_url=shop)
    assert second.rows("source_events") == 2
    assert run(lake, steps, job_name="events", jdbc_url=shop).rows("source_events") == 0


def test_jdbc_sink_appends_to_the_table(lake, run, postgres, shop):
    postgres.run_sql(
        "CREATE TABLE copies (order_id bigint, customer text, amount numeric(8,2));", "shop"
    )
    run(
        lake,
        [
            JdbcSource(
                "orders",
                connection=lake.connection,
                query="SELECT * FROM orders WHERE order_id <= 3",
            ),
            JdbcSink("copy", input="orders", connection=lake.connection, table="public.copies"),
        ],
        jdbc_url=shop,
        bookmarks=False,
    )
    assert postgres.run_sql("SELECT order_id, customer, amount FROM copies ORDER BY 1", "shop") == (
        "1|c1|1.50\n2|c2|3.00\n3|c0|4.50\n"
    )
