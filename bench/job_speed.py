"""Generated jobs against hand-written PySpark doing the same work, on local Spark.

Three jobs, each both ways, on the same generated data (orders as csv, customers as csv):

* csv_to_parquet: type the orders and write them partitioned by order date;
* dedupe: keep each order's latest version;
* join_aggregate: join orders to customers, revenue per country and day.

The glueforge side runs the exact rendered script through the local ``awsglue`` shim
(row counting off, so only the script's own work runs); the hand-written side is the
idiomatic DataFrame code. After a warm-up round, runs are interleaved (in rotating
order), REPEATS each, on one SparkSession; the median ratio (glueforge / hand-written) is
printed per job.

    .venv/bin/python bench/job_speed.py [--rows 2000000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "constructs"))


def build_jobs():
    from aws_cdk import App, Stack
    from aws_cdk import aws_s3 as s3

    from glueforge.jobs.etl_job import EtlJob
    from glueforge.jobs.specs import Aggregate, Dedupe, Join, Mapping, S3Sink, S3Source

    stack = Stack(App(), "Bench")
    raw = s3.Bucket(stack, "Raw")
    curated = s3.Bucket(stack, "Curated")
    typed = Mapping(
        "typed",
        input="orders",
        mappings=(
            ("order_id", "order_id", "bigint"),
            ("version", "version", "int"),
            ("customer_id", "customer_id", "bigint"),
            ("amount", "amount", "double"),
            ("order_date", "order_date", "date"),
        ),
    )
    orders = S3Source("orders", bucket=raw, prefix="orders/", format="csv")
    customers = S3Source("customers", bucket=raw, prefix="customers/", format="csv")
    jobs = {
        "csv_to_parquet": [
            orders,
            typed,
            S3Sink(
                "out", input="typed", bucket=curated, prefix="out/", partition_keys=("order_date",)
            ),
        ],
        "dedupe": [
            orders,
            typed,
            Dedupe("latest", input="typed", keys=("order_id",), latest_by="version"),
            S3Sink("out", input="latest", bucket=curated, prefix="out/"),
        ],
        "join_aggregate": [
            orders,
            customers,
            typed,
            Join("joined", left="typed", right="customers", on=("customer_id",)),
            Aggregate(
                "revenue",
                input="joined",
                group_by=("country", "order_date"),
                aggregations=(("sum", "amount", "revenue"), ("count", "*", "orders")),
            ),
            S3Sink("out", input="revenue", bucket=curated, prefix="out/"),
        ],
    }
    return {name: EtlJob(stack, name, specs=steps) for name, steps in jobs.items()}


# Hand-written equivalents: what a careful engineer would write with the DataFrame API.
# ``infer`` reads csv with schema inference, as Glue's DynamicFrame csv reader (and so the
# local shim) does; without it, the comparison includes the cost of that choice.
def _csv(spark, infer: bool):
    return spark.read.option("header", True).option("inferSchema", infer)


def _typed_orders(spark, data: Path, infer: bool):
    from pyspark.sql import functions as F

    orders = _csv(spark, infer).csv(str(data / "Raw/orders"))
    return orders.select(
        F.col("order_id").cast("bigint"),
        F.col("version").cast("int"),
        F.col("customer_id").cast("bigint"),
        F.col("amount").cast("double"),
        F.col("order_date").cast("date"),
    )


def hand_csv_to_parquet(spark, data: Path, infer: bool) -> None:

    typed = _typed_orders(spark, data, infer)
    typed.write.mode("append").partitionBy("order_date").parquet(str(data / "Curated/out"))


def hand_dedupe(spark, data: Path, infer: bool) -> None:
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    typed = _typed_orders(spark, data, infer)
    window = Window.partitionBy("order_id").orderBy(F.col("version").desc())
    latest = typed.withColumn("rn", F.row_number().over(window)).filter("rn = 1").drop("rn")
    latest.write.mode("append").parquet(str(data / "Curated/out"))


def hand_join_aggregate(spark, data: Path, infer: bool) -> None:
    from pyspark.sql import functions as F

    customers = _csv(spark, infer).csv(str(data / "Raw/customers"))
    typed = _typed_orders(spark, data, infer)
    joined = typed.join(
        customers.withColumn("customer_id", F.col("customer_id").cast("bigint")), "customer_id"
    )
    revenue = joined.groupBy("country", "order_date").agg(
        F.sum("amount").alias("revenue"), F.count(F.lit(1)).alias("orders")
    )
    revenue.write.mode("append").parquet(str(data / "Curated/out"))


HAND = {
    "csv_to_parquet": hand_csv_to_parquet,
    "dedupe": hand_dedupe,
    "join_aggregate": hand_join_aggregate,
}


def make_data(spark, data: Path, rows: int) -> None:
    from pyspark.sql import functions as F

    orders = spark.range(rows).select(
        (F.col("id") % (rows // 2 or 1)).alias("order_id"),
        (F.col("id") / (rows // 2 or 1)).cast("int").alias("version"),
        (F.col("id") % 10000).alias("customer_id"),
        (F.rand(7) * 100).alias("amount"),
        F.date_add(F.lit("2026-01-01"), (F.col("id") % 60).cast("int")).alias("order_date"),
    )
    orders.write.option("header", True).csv(str(data / "Raw/orders"))
    customers = spark.range(10000).select(
        F.col("id").alias("customer_id"),
        F.element_at(
            F.array(*[F.lit(c) for c in ("DE", "FR", "US", "JP")]),
            (F.col("id") % 4 + 1).cast("int"),
        ).alias("country"),
    )
    customers.write.option("header", True).csv(str(data / "Raw/customers"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()

    from glueforge.local import LocalJob, run_job
    from glueforge.local.session import spark_session

    jobs = {name: LocalJob.from_construct(job) for name, job in build_jobs().items()}
    spark = spark_session("local[*]")
    data = Path(tempfile.mkdtemp(prefix="glueforge-bench-"))
    make_data(spark, data, options.rows)
    out = data / "Curated/out"
    sides = ("glueforge", "hand", "hand_infer")
    times: dict[str, dict[str, list[float]]] = {n: {s: [] for s in sides} for n in jobs}
    # Round 0 warms the JVM (JIT, class loading) and is not counted; the order of the
    # sides rotates each round, so neither always runs on a cache the other just warmed.
    for round_ in range(options.repeats + 1):
        order = sides[round_ % 3 :] + sides[: round_ % 3]
        for name, job in jobs.items():
            for side in order:
                shutil.rmtree(out, ignore_errors=True)
                start = time.perf_counter()
                if side == "glueforge":
                    run_job(job, data_dir=data, spark=spark, bookmarks=False, count_rows=False)
                else:
                    HAND[name](spark, data, infer=side == "hand_infer")
                if round_:
                    times[name][side].append(time.perf_counter() - start)
    print(f"{options.rows:,} order rows, {options.repeats} interleaved runs each, local[*]")
    for name, measured in times.items():
        g, h, hi = (statistics.median(measured[s]) for s in sides)
        print(
            f"{name:15} glueforge {g:6.2f}s | hand-written {h:6.2f}s: ratio {g / h:.2f} | "
            f"hand-written with csv type inference {hi:6.2f}s: ratio {g / hi:.2f}"
        )
    shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
