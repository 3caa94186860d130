"""Each transform recipe, run end to end on local Spark, output rows asserted."""

from __future__ import annotations

from glueforge.jobs.specs import (
    Aggregate,
    Dedupe,
    Filter,
    Join,
    Mapping,
    Relationalize,
    S3Sink,
    S3Source,
    Sql,
)
from tests.helpers.local import rows

ORDERS = (
    '{"id": 1, "cust": "a", "amount": 5, "ts": 1}\n'
    '{"id": 1, "cust": "a", "amount": 7, "ts": 2}\n'
    '{"id": 2, "cust": "b", "amount": 3, "ts": 1}\n'
    '{"id": 3, "cust": "a", "amount": 1, "ts": 1}\n'
)
CUSTOMERS = '{"cust": "a", "country": "NL"}\n{"cust": "b", "country": "SE"}\n'


def _data(run):
    for name, text in (("orders", ORDERS), ("customers", CUSTOMERS)):
        folder = run.data / "Raw" / name
        folder.mkdir(parents=True)
        (folder / "part.json").write_text(text)


def _sources(lake):
    return [
        S3Source("orders", bucket=lake.raw, prefix="orders/", format="json"),
        S3Source("customers", bucket=lake.raw, prefix="customers/", format="json"),
    ]


def _sink(lake, name):
    return S3Sink(name, input=name, bucket=lake.curated, prefix=f"{name}/")


def test_mapping_filter_dedupe_join_aggregate_and_sql(lake, run, spark):
    _data(run)
    run(
        lake,
        [
            *_sources(lake),
            Mapping(
                "typed",
                input="orders",
                mappings=(
                    ("id", "order_id", "int"),
                    ("cust", "cust", "string"),
                    ("amount", "amount", "double"),
                    ("ts", "ts", "int"),
                ),
            ),
            Filter("big", input="typed", column="amount", op=">=", value=3),
            Dedupe("latest", input="typed", keys=("order_id",), latest_by="ts"),
            Join("joined", left="latest", right="customers", on=("cust",), how="left"),
            Aggregate(
                "totals",
                input="joined",
                group_by=("country",),
                aggregations=(("sum", "amount", "revenue"), ("count", "*", "orders")),
            ),
            Sql(
                "ranked",
                inputs=("totals",),
                query="SELECT country, revenue FROM totals WHERE orders > 1",
            ),
            _sink(lake, "typed"),
            _sink(lake, "big"),
            _sink(lake, "latest"),
            _sink(lake, "joined"),
            _sink(lake, "totals"),
            _sink(lake, "ranked"),
        ],
    )
    out = run.data / "Curated"
    assert rows(spark, out / "typed", "order_id", "ts") == [
        (1, "a", 5.0, 1),
        (1, "a", 7.0, 2),
        (2, "b", 3.0, 1),
        (3, "a", 1.0, 1),
    ]
    assert [r[0] for r in rows(spark, out / "big", "order_id", "ts")] == [1, 1, 2]
    assert rows(spark, out / "latest", "order_id") == [
        (1, "a", 7.0, 2),
        (2, "b", 3.0, 1),
        (3, "a", 1.0, 1),
    ]
    assert rows(spark, out / "joined", "order_id") == [
        ("a", 1, 7.0, 2, "NL"),
        ("b", 2, 3.0, 1, "SE"),
        ("a", 3, 1.0, 1, "NL"),
    ]
    assert rows(spark, out / "totals", "country") == [("NL", 8.0, 2), ("SE", 3.0, 1)]
    assert rows(spark, out / "ranked") == [("NL", 8.0)]


def test_relationalize_root_and_child_tables(lake, run, spark):
    folder = run.data / "Raw" / "nested"
    folder.mkdir(parents=True)
    (folder / "n.json").write_text(
        '{"id": "o1", "customer": {"name": "Ada", "address": {"city": "Delft"}},'
        ' "items": [{"sku": "a", "qty": 1, "opts": ["gift", "wrap"]}, {"sku": "b", "qty": 2}],'
        ' "tags": ["x"]}\n'
        '{"id": "o2", "customer": {"name": "Bo", "address": {"city": "Malmo"}},'
        ' "items": [], "tags": ["y", "z"]}\n'
        '{"id": "o3", "customer": {"name": "Cy", "address": {"city": "Oslo"}},'
        ' "items": [{"sku": "c", "qty": 5}]}\n'
    )
    run(
        lake,
        [
            S3Source("nested", bucket=lake.raw, prefix="nested/", format="json"),
            Relationalize(
                "flat",
                input="nested",
                children=("items", "tags", "items.val.opts"),
                root_table="orders",
            ),
            _sink(lake, "flat"),
            _sink(lake, "flat_items"),
            _sink(lake, "flat_tags"),
            _sink(lake, "flat_items_val_opts"),
        ],
    )
    out = run.data / "Curated"
    root = spark.read.parquet(str(out / "flat"))
    assert root.columns == ["customer.address.city", "customer.name", "id", "items", "tags"]
    assert dict(root.dtypes)["items"] == "bigint"
    items = spark.read.parquet(str(out / "flat_items"))
    assert items.columns == ["id", "index", "items.val.opts", "items.val.qty", "items.val.sku"]
    tags = spark.read.parquet(str(out / "flat_tags"))
    assert tags.columns == ["id", "index", "tags.val"]
    by_key = {r["items"]: r["id"] for r in root.collect()}
    tag_key = {r["tags"]: r["id"] for r in root.collect() if r["tags"] is not None}
    assert sorted(r[:2] for r in root.select("id", "`customer.address.city`").collect()) == [
        ("o1", "Delft"),
        ("o2", "Malmo"),
        ("o3", "Oslo"),
    ]
    # every child row joins back to its parent through id; index is the 0-based position
    assert sorted((by_key[r[0]], r[1], r[3], r[4]) for r in items.collect()) == [
        ("o1", 0, 1, "a"),
        ("o1", 1, 2, "b"),
        ("o3", 0, 5, "c"),
    ]
    # an array inside an element: its own key in the child, a grandchild table
    opts = spark.read.parquet(str(out / "flat_items_val_opts"))
    assert opts.columns == ["id", "index", "items.val.opts.val"]
    item_of = {r[2]: (by_key[r[0]], r[1]) for r in items.collect() if r[2] is not None}
    assert sorted((*item_of[r[0]], r[1], r[2]) for r in opts.collect()) == [
        ("o1", 0, 0, "gift"),
        ("o1", 0, 1, "wrap"),
    ]
    assert sorted((tag_key[r[0]], r[1], r[2]) for r in tags.collect()) == [
        ("o1", 0, "x"),
        ("o2", 0, "y"),
        ("o2", 1, "z"),
    ]
    # o3 has no tags: a null key and no child rows
    assert [r["tags"] for r in root.collect() if r["id"] == "o3"] == [None]
