"""Run the reference app's pipeline locally on the sample data here (``make demo``).

Orders (PostgreSQL, seeded from ``orders.sql``; checked against the curated orders'
Data Quality ruleset on the way, with a per-rule outcome table), customers (a DynamoDB
export) and clickstream (JSON files) land in the curated zone; a local crawl registers the
curated tables; then the daily analytics job joins them into its catalog table. The live
clickstream job reads ``streams/shop-clickstream/`` (one micro-batch per file) as its
Kinesis stream, and the Python shell maintenance job plans the clickstream's retention
with plain Python. Runs on a copy of the sample data, in a private PostgreSQL server
started for the run.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT.parent), str(ROOT.parent / "constructs")]

#: the jobs before the crawl, then after it
INGEST_JOBS = ("shop-orders", "shop-customers", "shop-clickstream")
ANALYTICS_JOB = "shop-daily-analytics"
#: the streaming job, run on the folder of sample records that stands for its stream
LIVE_JOB = "shop-clickstream-live"
#: the Python shell maintenance job, and the day it plans for (so the demo's plan is fixed)
MAINTENANCE_JOB = "shop-retention-plan"
MAINTENANCE_RUN_DATE = "2026-11-30"
CURATED = ("s3://CuratedBucket/", "shop_curated", ("analytics/**",))


def reference_jobs():
    """The reference app's jobs, as local runs see them, by job name."""
    import app as reference
    from glueforge.local import LocalJob
    from glueforge.local.python_shell import LocalPythonShellJob

    # Built, not synthesized: each job holds its script and argument mappings already.
    with tempfile.TemporaryDirectory(prefix="glueforge-demo-app-") as outdir:
        _, stack = reference.build_app(outdir=outdir)
        jobs = {job.job_name: LocalJob.from_construct(job) for job in stack.jobs.all}
        jobs[LIVE_JOB] = LocalJob.from_construct(stack.jobs.clickstream_live)
        jobs[MAINTENANCE_JOB] = LocalPythonShellJob.from_construct(stack.jobs.retention_plan)
        return jobs


def seed_orders(postgres) -> None:
    postgres.create_database("orders")
    postgres.run_sql((ROOT / "orders.sql").read_text(), "orders")


def run_pipeline(spark, data_dir: Path, jdbc_url: str, console=None):
    """Run the four jobs and the crawl over ``data_dir``; returns each job's summary."""
    from glueforge.local import run_job
    from glueforge.local.catalog import CATALOG_FILE, LocalCatalog, crawl

    jobs = reference_jobs()
    summaries = {}
    for name in INGEST_JOBS:
        summaries[name] = run_job(
            jobs[name], data_dir=data_dir, spark=spark, jdbc_url=jdbc_url, console=console
        )
    location, database, exclusions = CURATED
    catalog = LocalCatalog(data_dir / CATALOG_FILE)
    crawl(spark, catalog, database, location, data_dir=data_dir, exclusions=exclusions)
    summaries[ANALYTICS_JOB] = run_job(
        jobs[ANALYTICS_JOB], data_dir=data_dir, spark=spark, jdbc_url=jdbc_url, console=console
    )
    summaries[LIVE_JOB] = run_job(jobs[LIVE_JOB], data_dir=data_dir, spark=spark, console=console)
    return summaries


def run_maintenance(data_dir: Path):
    """The Python shell maintenance job, as Glue runs it but with plain Python: its plan
    for :data:`MAINTENANCE_RUN_DATE`."""
    from dataclasses import replace

    from glueforge.local.python_shell import run_python_shell

    job = reference_jobs()[MAINTENANCE_JOB]
    job = replace(job, arguments={**job.arguments, "run_date": MAINTENANCE_RUN_DATE})
    return run_python_shell(job, data_dir=data_dir)


def main() -> None:
    from rich.console import Console

    from glueforge.cli.local_run import print_summary
    from glueforge.local.postgres import LocalPostgres
    from glueforge.local.session import spark_session

    console = Console(stderr=True)
    data_dir = Path(tempfile.mkdtemp(prefix="glueforge-demo-")) / "data"
    shutil.copytree(ROOT, data_dir, ignore=shutil.ignore_patterns("*.py", "*.sql", "__pycache__"))
    with LocalPostgres() as postgres:
        seed_orders(postgres)
        spark = spark_session("local[2]", shuffle_partitions=2)
        summaries = run_pipeline(spark, data_dir, postgres.jdbc_url(), console)
        for summary in summaries.values():
            print_summary(summary)
        result = spark.read.parquet(str(data_dir / "CuratedBucket" / "analytics"))
        print("shop_curated.daily_customer_sales:")
        result.orderBy("order_date", "customer_id").show(truncate=False)
    maintenance = run_maintenance(data_dir)
    print(f"{MAINTENANCE_JOB} (Python shell, exit {maintenance.exit_code}):")
    print(maintenance.stderr.strip())
    print(f"All outputs are under {data_dir}")


if __name__ == "__main__":
    main()
