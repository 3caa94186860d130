"""Local Iceberg: one local run writes an Iceberg table, a second one reads it back.

Both runs are jobs of one app on the same data folder; the table lives in pyiceberg's SQL
catalog (sqlite) under it. Expected rows are written by hand from the input files:
orders 1, 2, 3 are written, then an upsert of orders 2 (new amount) and 4 (new) leaves
1, 2 (updated), 3 and 4.
"""

from __future__ import annotations

import pytest

from glueforge.catalog.iceberg import IcebergField, IcebergTable
from glueforge.jobs.specs import IcebergSink, IcebergSource, S3Sink, S3Source
from glueforge.local import LocalRunError
from glueforge.local.iceberg import catalog_root, local_catalog, table_identifier
from tests.helpers.local import rows

ORDERS = (
    '{"order_id": 1, "amount": 10}\n{"order_id": 2, "amount": 20}\n{"order_id": 3, "amount": 30}\n'
)
CHANGES = '{"order_id": 2, "amount": 25}\n{"order_id": 4, "amount": 40}\n'


def _table(lake, id="Orders"):
    """The curated orders: the key is required, the amount may be null."""
    return IcebergTable(
        lake.stack,
        id,
        database=lake.database,
        bucket=lake.curated,
        prefix="iceberg/orders/",
        table_name="orders",
        columns=[IcebergField("order_id", "long", required=True), IcebergField("amount", "long")],
        identifier_fields=["order_id"],
    )


def _imported(lake):
    return IcebergTable.from_iceberg_table_attributes(
        lake.stack,
        "Imported",
        database=lake.database,
        table_name="orders",
        bucket=lake.curated,
        prefix="iceberg/orders/",
        identifier_fields=["order_id"],
    )


def _input(data, name, text):
    folder = data / "Raw" / name
    folder.mkdir(parents=True)
    (folder / "part-1.json").write_text(text)


def test_a_local_run_writes_an_iceberg_table_that_a_second_local_run_reads_back(lake, run, spark):
    _input(run.data, "orders", ORDERS)
    table = _table(lake)
    run(
        lake,
        [
            S3Source("orders", bucket=lake.raw, prefix="orders/", format="json"),
            IcebergSink("curated", input="orders", table=table),
        ],
        job_name="write-iceberg",
    )
    run(
        lake,
        [
            IcebergSource("curated", table=table),
            S3Sink("copy", input="curated", bucket=lake.curated, prefix="copy/"),
        ],
        job_name="read-iceberg",
    )
    # In the table's column order (order_id, amount), not the JSON reader's.
    assert rows(spark, run.data / "Curated/copy", "order_id") == [(1, 10), (2, 20), (3, 30)]
    # A real Iceberg table: pyiceberg's catalog holds it, with one snapshot (the append),
    # made with the declared schema: order_id is a required long and the row key.
    iceberg = local_catalog(run.data).load_table(("lake", "orders"))
    assert str(iceberg.schema().find_field("order_id")) == "1: order_id: required long"
    assert iceberg.schema().identifier_field_names() == {"order_id"}
    assert len(iceberg.snapshots()) == 1
    assert sorted(iceberg.scan().to_arrow().column("order_id").to_pylist()) == [1, 2, 3]
    assert (catalog_root(run.data) / "catalog.db").is_file()


def test_a_merge_updates_matching_rows_and_inserts_the_others(lake, run, spark):
    _input(run.data, "orders", ORDERS)
    _input(run.data, "changes", CHANGES)
    table = _table(lake)
    run(
        lake,
        [
            S3Source("orders", bucket=lake.raw, prefix="orders/", format="json"),
            IcebergSink("curated", input="orders", table=table),
        ],
        job_name="load",
    )
    run(
        lake,
        [
            S3Source("changes", bucket=lake.raw, prefix="changes/", format="json"),
            IcebergSink("curated", input="changes", table=table, mode="merge"),
        ],
        job_name="upsert",
    )
    iceberg = local_catalog(run.data).load_table(("lake", "orders"))
    got = sorted(tuple(row.values()) for row in iceberg.scan().to_arrow().to_pylist())
    assert got == [(1, 10), (2, 25), (3, 30), (4, 40)]
    assert len(iceberg.snapshots()) >= 2  # the load, then the upsert's commit


def test_overwrite_replaces_the_rows_of_an_unpartitioned_table(lake, run, spark):
    _input(run.data, "orders", ORDERS)
    _input(run.data, "changes", CHANGES)
    table = _table(lake)
    for source, mode in (("orders", "append"), ("changes", "overwrite")):
        run(
            lake,
            [
                S3Source(source, bucket=lake.raw, prefix=f"{source}/", format="json"),
                IcebergSink("curated", input=source, table=table, mode=mode),
            ],
            job_name=f"write-{mode}",
        )
    iceberg = local_catalog(run.data).load_table(("lake", "orders"))
    assert sorted(iceberg.scan().to_arrow().column("order_id").to_pylist()) == [2, 4]


def test_an_imported_table_takes_the_schema_of_its_first_write(lake, run, spark):
    _input(run.data, "orders", ORDERS)
    table = _imported(lake)
    run(
        lake,
        [
            S3Source("orders", bucket=lake.raw, prefix="orders/", format="json"),
            IcebergSink("curated", input="orders", table=table),
        ],
    )
    iceberg = local_catalog(run.data).load_table(("lake", "orders"))
    # The JSON reader's columns, in its (alphabetical) order, all optional.
    assert [f.name for f in iceberg.schema().fields] == ["amount", "order_id"]
    assert not any(f.required for f in iceberg.schema().fields)


def test_a_null_in_a_required_column_fails_the_write(lake, run):
    _input(run.data, "orders", '{"order_id": null, "amount": 1}\n')
    with pytest.raises(LocalRunError, match=r"does not fit its schema: .*non-nullable"):
        run(
            lake,
            [
                S3Source("orders", bucket=lake.raw, prefix="orders/", format="json"),
                IcebergSink("curated", input="orders", table=_table(lake)),
            ],
        )


def test_a_column_the_table_lacks_fails_the_write(lake, run):
    _input(run.data, "orders", '{"order_id": 1, "amount": 1, "note": "x"}\n')
    with pytest.raises(LocalRunError, match=r"missing \[\], not in the table \['note'\]"):
        run(
            lake,
            [
                S3Source("orders", bucket=lake.raw, prefix="orders/", format="json"),
                IcebergSink("curated", input="orders", table=_table(lake)),
            ],
        )


def test_reading_a_table_no_run_has_written_says_so(lake, run):
    table = _table(lake)
    with pytest.raises(LocalRunError, match=r"Iceberg table lake\.orders does not exist locally"):
        run(
            lake,
            [
                IcebergSource("curated", table=table),
                S3Sink("copy", input="curated", bucket=lake.curated, prefix="copy/"),
            ],
        )


def test_spark_is_left_as_it_was_after_a_run(lake, run, spark):
    from pyspark.sql import DataFrame, SparkSession

    before = (SparkSession.table, SparkSession.sql, DataFrame.writeTo)
    _input(run.data, "orders", ORDERS)
    run(
        lake,
        [
            S3Source("orders", bucket=lake.raw, prefix="orders/", format="json"),
            IcebergSink("curated", input="orders", table=_table(lake)),
        ],
    )
    assert (SparkSession.table, SparkSession.sql, DataFrame.writeTo) == before


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("glue_catalog.lake.orders", ("lake", "orders")),
        ("`glue_catalog`.`lake`.`orders`", ("lake", "orders")),
        ("`glue_catalog`.`we``ird`.`a.b`", ("we`ird", "a.b")),
        ("spark_catalog.lake.orders", None),
        ("lake.orders", None),
        ("glue_catalog.lake.orders.x", None),
        ("`glue_catalog`.`lake`orders", None),
        ("sink_curated_batch", None),
    ],
)
def test_only_glue_catalog_names_are_local_iceberg_tables(name, expected):
    assert table_identifier(name) == expected
