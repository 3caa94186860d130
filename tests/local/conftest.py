"""Local runs: one SparkSession and one private PostgreSQL server for the whole session.

Spark takes seconds to start and the machine has few cores, so every test shares one
``local[2]`` session with 2 shuffle partitions and small data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_s3 as s3

from glueforge.connections import JdbcConnection
from glueforge.jobs.etl_job import EtlJob
from glueforge.local import LocalJob, RunSummary, run_job


@pytest.fixture(scope="session")
def spark():
    from glueforge.local.session import spark_session

    session = spark_session("local[2]", shuffle_partitions=2)
    yield session
    session.stop()


@pytest.fixture(scope="session")
def postgres():
    from glueforge.local.postgres import LocalPostgres

    server = LocalPostgres().start()
    yield server
    server.stop()


@dataclass
class Lake:
    """What test jobs read and write: two buckets, a catalog database, a connection."""

    stack: Stack
    raw: s3.Bucket
    curated: s3.Bucket
    database: glue.Database
    connection: Any


@pytest.fixture
def lake() -> Lake:
    stack = Stack(App(), "Local")
    return Lake(
        stack,
        s3.Bucket(stack, "Raw"),
        s3.Bucket(stack, "Curated"),
        glue.Database(stack, "Lake", database_name="lake"),
        JdbcConnection.from_connection_attributes(
            stack, "Shop", connection_name="shop", engine="postgresql"
        ),
    )


Run = Callable[..., RunSummary]


@pytest.fixture
def run(spark, tmp_path) -> Callable[..., Any]:
    """``run(lake, steps, **options)``: build the EtlJob, run its script on tmp data."""
    data = tmp_path / "data"
    data.mkdir()

    def go(lake: Lake, steps: Sequence[Any], *, job_name: str = "test-job", **options):
        job = EtlJob(
            lake.stack, f"Job{len(lake.stack.node.children)}", job_name=job_name, specs=steps
        )
        return run_job(LocalJob.from_construct(job), data_dir=data, spark=spark, **options)

    go.data = data  # type: ignore[attr-defined]
    return go
