"""AWS Glue prices: the one table every cost figure in glueforge comes from.

The ops commands price finished runs with it; the cost model prices declared jobs with it.
Each figure carries where it was checked and when. Prices are US East (N. Virginia)
on-demand list prices in USD; other regions differ, so every cost glueforge prints is an
estimate at these rates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from glueforge.core.vocabulary import JobCommand, WorkerType

CHECKED_ON = "2026-11-25"

# Where each figure was checked (see PRICES and DPU_PER_WORKER below).
SOURCES: Mapping[str, str] = {
    "price-list": (
        "AWS Price List (service AWSGlue, effective 2024-11-01): '$0.44 per Data Processing "
        "Unit-Hour for AWS Glue crawler'; ETL jobs at the same $0.44 in the AWS Glue pricing "
        "page's worked example (6 DPU x 0.25 h x $0.44 = $0.66), "
        "https://aws.amazon.com/glue/pricing/; re-checked 2026-11-25 against the page's "
        "text (ja: '0.44 USD per DPU-hour, billed per second'; tr mirror: the same worked "
        "example)"
    ),
    "worker-types": (
        "AWS Glue Developer Guide, 'AWS Glue worker types', "
        "https://docs.aws.amazon.com/glue/latest/dg/worker-types.html (G.1X-G.16X, R.1X, "
        "R.2X); G.025X and Z.2X from the AWS CDK API reference, aws_stepfunctions_tasks "
        "WorkerType; Python shell 1/16 or 1 DPU from aws_glue MaxCapacity"
    ),
    "memory-optimized": (
        "AWS Glue Developer Guide, 'AWS Glue worker types', "
        "https://docs.aws.amazon.com/glue/latest/dg/worker-types.html, checked 2026-11-29: "
        "'R type workers use M-DPUs' (4 vCPUs, 32 GB each). No page the search tool holds "
        "(the AWS Glue pricing page in en/ja/tr, the AWS Price List excerpt, secondary "
        "sources) states a price per M-DPU-hour, so R.* runs and jobs stay unpriced "
        "(UNPRICED) at synth and in the ops commands alike rather than priced at a guess"
    ),
    "legacy-minimum": (
        "AWS Glue pricing page (ja), https://aws.amazon.com/jp/glue/pricing/: "
        "a 10-minute minimum per ETL job run (Glue 0.9 and 1.0)"
    ),
    "pricing-page-ja": (
        "AWS Glue pricing page (ja), https://aws.amazon.com/jp/glue/pricing/, checked "
        "2026-11-25: crawlers and ETL jobs billed per second at an hourly rate; Data "
        "Catalog: the first million objects stored and the first million requests a month "
        "are free"
    ),
    "optimizer-third-party": (
        "AWS Glue pricing page, https://aws.amazon.com/glue/pricing/, as transcribed "
        "verbatim on 2026-10-07 (api-evangelist 'amazon-glue-databrew-plans-pricing.yml'): "
        "'$0.44 per DPU-hour for optimizing Apache Iceberg tables, billed per second with a "
        "1-minute minimum'; the page itself is not among the pages the search tool holds "
        "(searched 2026-11-30), so re-check it there"
    ),
    "third-party": (
        "not on an AWS page the search tool holds; figure from secondary sources "
        "(e.g. cubeapm.com 'AWS Glue Monitoring', awsnegotiations.com 'Glue Job Cost "
        "Optimization' (May 2026): 'Crawlers: $0.44 per DPU-hour, ten-minute minimum per "
        "crawl', 'Data Catalog: $1 per 100,000 objects stored per month plus $1 per "
        "million requests'), checked 2026-11-25: re-check against "
        "https://aws.amazon.com/glue/pricing/"
    ),
}


@dataclass(frozen=True)
class Price:
    """A rate in USD per DPU-hour, with where it was checked."""

    usd_per_dpu_hour: float
    source: str


PRICES: Mapping[str, Price] = {
    # Spark (glueetl), streaming and Ray jobs on the standard execution class.
    "standard": Price(0.44, "price-list"),
    # Python shell jobs: same rate, at 0.0625 or 1 DPU.
    JobCommand.PYTHON_SHELL.value: Price(0.44, "price-list"),
    "flex": Price(0.29, "third-party"),
    "crawler": Price(0.44, "price-list"),
    # Glue Data Catalog table optimizers (compaction, snapshot retention, orphan file
    # deletion) on Iceberg tables, per DPU-hour used.
    "optimizer": Price(0.44, "optimizer-third-party"),
}
# The PRICES key of table optimizers.
OPTIMIZER_RATE = "optimizer"

# DPU per worker (source "worker-types"), for pricing runs as GetJobRun reports them. The
# worker types a glueforge job may declare carry their DPUs in the vocabulary
# (WorkerType.dpu); two more can appear on runs of jobs made elsewhere. R.* and Z.*
# workers count memory-optimized DPUs (M-DPU), whose rate no source here confirms, so runs
# on them get DPU figures but no cost (see rate_for). A worker type missing here falls
# back to the run's MaxCapacity.
DPU_PER_WORKER: Mapping[str, float] = {
    **{worker.value: worker.dpu for worker in WorkerType},
    # Ray jobs' worker: not a Spark worker type, so not in WorkerType.
    "Z.2X": 2.0,
    # The legacy worker type: a run on it is sized by MaxCapacity, which run_capacity
    # reads instead (listed so the type is known, not priced from this figure).
    "Standard": 1.0,
}
# R.* (source "memory-optimized") and Z.* workers: no confirmed rate. Both the cost model
# (declared jobs, at synth) and the ops commands (finished runs) ask rate_for_worker, so
# the two can never disagree on what is priced.
UNPRICED_WORKER_PREFIXES = ("R.", "Z.")
# The rate name of a job or run that no confirmed rate covers: what cost output prints.
UNPRICED = "unpriced"

# Crawlers: billed per second with a 10-minute minimum per crawl ("third-party"). Glue
# picks a crawler's DPUs itself and declares none, so estimates assume 2 DPUs, the figure
# of the AWS pricing page's crawler example ("third-party": not confirmed by a page here).
CRAWLER_MINIMUM_SECONDS = 600
CRAWLER_ASSUMED_DPU = 2.0


@dataclass(frozen=True)
class CatalogPrice:
    """A Data Catalog price: ``usd`` per ``per`` units beyond ``free`` units a month."""

    usd: float
    per: int
    free: int
    source: str


# Data Catalog storage and requests: the prices from "third-party", the free first million
# objects and requests a month from "pricing-page-ja" (CATALOG_FREE_SOURCE). A glueforge
# app adds a few databases and tables, far inside the free million, so estimates leave
# them out; the figures are here for anyone pricing a catalog of millions of partitions.
CATALOG_PRICES: Mapping[str, CatalogPrice] = {
    "objects-stored": CatalogPrice(1.00, 100_000, 1_000_000, "third-party"),
    "requests": CatalogPrice(1.00, 1_000_000, 1_000_000, "third-party"),
}
CATALOG_FREE_SOURCE = "pricing-page-ja"

PYTHON_SHELL_DPU = (0.0625, 1.0)

# Billing minimum per run, in seconds: 1 minute on Glue 2.0 and later ("third-party"),
# 10 minutes on Glue 0.9 and 1.0 Spark jobs ("legacy-minimum"). Python shell jobs are
# taken at 1 minute whatever their Glue version: not confirmed by a source here.
# Choice: searched again 2026-11-30 (AWS Glue pricing, "Python shell", "1-minute
# minimum"): only secondary sources (learndataflow.online, "a 1-minute minimum per job
# run"); 1 minute rather than none keeps the estimate on the high side, and the cost
# report says it is an assumption (PythonShellJob's CostInputs.assumption).
MINIMUM_SECONDS = 60
LEGACY_MINIMUM_SECONDS = 600
LEGACY_GLUE_VERSIONS = ("0.9", "1.0")


@dataclass(frozen=True)
class RunCost:
    """What one job run consumed and what it cost at :data:`PRICES`.

    ``usd`` is None when no verified rate covers the run (e.g. R.* workers).
    """

    dpu: float | None
    dpu_seconds: float
    billed_dpu_seconds: float
    rate: str
    usd: float | None

    @property
    def dpu_hours(self) -> float:
        return self.billed_dpu_seconds / 3600


def run_capacity(run: Mapping[str, Any]) -> float | None:
    """DPUs allocated to a job run (GetJobRun shape), or None when the run does not say."""
    worker = run.get("WorkerType")
    workers = run.get("NumberOfWorkers")
    if worker in DPU_PER_WORKER and worker != "Standard" and workers:
        return DPU_PER_WORKER[worker] * workers
    capacity = run.get("MaxCapacity") or run.get("AllocatedCapacity")
    return float(capacity) if capacity else None


def rate_for_worker(
    worker_type: object, *, flex: bool = False, command: str | None = None
) -> str | None:
    """The PRICES key for a job or run on ``worker_type``, or None when no verified rate
    applies (R.* and Z.* workers, see UNPRICED_WORKER_PREFIXES).

    One function for synth-time estimates and ops-time run costs, so both price alike.
    """
    if str(worker_type or "").startswith(UNPRICED_WORKER_PREFIXES):
        return None
    if flex:
        return "flex"
    if command == JobCommand.PYTHON_SHELL:
        return JobCommand.PYTHON_SHELL.value
    return "standard"


def rate_for(run: Mapping[str, Any], command: str | None = None) -> str | None:
    """The PRICES key for a run (GetJobRun shape), or None when no verified rate applies."""
    return rate_for_worker(
        run.get("WorkerType"), flex=run.get("ExecutionClass") == "FLEX", command=command
    )


def minimum_seconds(run: Mapping[str, Any], command: str | None = None) -> int:
    if (
        command != JobCommand.PYTHON_SHELL
        and str(run.get("GlueVersion", "")) in LEGACY_GLUE_VERSIONS
    ):
        return LEGACY_MINIMUM_SECONDS
    return MINIMUM_SECONDS


def dpu_seconds_so_far(run: Mapping[str, Any], elapsed_seconds: float) -> float | None:
    """DPU-seconds consumed by a run still in progress: reported, or elapsed x capacity."""
    if run.get("DPUSeconds") is not None:
        return float(run["DPUSeconds"])
    capacity = run_capacity(run)
    return None if capacity is None else capacity * elapsed_seconds


def job_run_cost(run: Mapping[str, Any], command: str | None = None) -> RunCost | None:
    """The cost of a finished job run, from its GetJobRun fields.

    Auto-scaling and Flex runs report ``DPUSeconds``, which is used as is. Otherwise
    DPU-seconds are ``ExecutionTime`` (raised to the billing minimum) times the allocated
    DPUs. ``command`` is the job's Command.Name (``glueetl``, ``pythonshell``, ...).
    Returns None when the run reports neither DPUSeconds nor a capacity.
    """
    capacity = run_capacity(run)
    seconds = float(run.get("ExecutionTime") or 0)
    if run.get("DPUSeconds") is not None:
        used = billed = float(run["DPUSeconds"])
    elif capacity is None:
        return None
    else:
        used = seconds * capacity
        billed = max(seconds, minimum_seconds(run, command)) * capacity
    rate = rate_for(run, command)
    usd = None if rate is None else billed / 3600 * PRICES[rate].usd_per_dpu_hour
    return RunCost(capacity, used, billed, rate or UNPRICED, usd)


def job_run_cost_so_far(
    run: Mapping[str, Any], command: str | None, elapsed_seconds: float
) -> RunCost | None:
    """The cost of a run still RUNNING, up to ``elapsed_seconds`` after it started.

    For streaming runs, which Glue bills while they run and which never end by themselves
    (https://docs.aws.amazon.com/glue/latest/dg/add-job-streaming: "AWS Glue bills hourly
    for streaming ETL jobs while they are running"). DPU-seconds are the run's reported
    DPUSeconds, else the elapsed time times its DPUs; the billing minimum applies, as a
    started run is billed at least that. None when the run reports no capacity.
    """
    capacity = run_capacity(run)
    if run.get("DPUSeconds") is not None:
        used = billed = float(run["DPUSeconds"])
    elif capacity is None:
        return None
    else:
        used = elapsed_seconds * capacity
        billed = max(elapsed_seconds, minimum_seconds(run, command)) * capacity
    rate = rate_for(run, command)
    usd = None if rate is None else billed / 3600 * PRICES[rate].usd_per_dpu_hour
    return RunCost(capacity, used, billed, rate or UNPRICED, usd)


def crawl_cost(dpu_hours: float | None) -> float | None:
    """The cost of a crawl from its reported DPUHour (ListCrawls)."""
    return None if dpu_hours is None else dpu_hours * PRICES["crawler"].usd_per_dpu_hour


# ---------------------------------------------------------------------------------------
# AWS Glue DataBrew (issue 12). Kept apart from the Glue DPU table above: DataBrew bills
# jobs per node-hour, not per DPU-hour, and interactive sessions per session.
# ---------------------------------------------------------------------------------------
DATABREW_CHECKED_ON = "2026-11-25"
DATABREW_SOURCES: Mapping[str, str] = {
    "node-hour": (
        "not on an AWS page the search tool holds: '$0.48 per DataBrew node hour' from a "
        "secondary source (gist.github.com/eponkratova 'AWS Glue Studio | AWS Glue "
        "DataBrew' comparison, 2022); re-check against https://aws.amazon.com/glue/pricing/"
    ),
    "per-minute": (
        "a copy of the AWS Glue pricing page in Turkish (elcssyosw.uat.app2one.com/tr/glue/"
        "pricing): interactive sessions for AWS Glue DataBrew are billed per session, "
        "DataBrew jobs per minute; re-check against https://aws.amazon.com/glue/pricing/"
    ),
}
# USD per node-hour of a DataBrew job run (source "node-hour"). The price of an
# interactive session (billed per session) was not confirmed by any source here, so it
# is deliberately absent rather than guessed.
DATABREW_JOB_USD_PER_NODE_HOUR = 0.48
# Job runs are billed per minute (source "per-minute"): partial minutes round up.
DATABREW_BILLING_SECONDS = 60


def databrew_job_cost(nodes: int, seconds: float) -> float:
    """The cost in USD of a DataBrew job run on ``nodes`` nodes for ``seconds``."""
    minutes = -(-max(seconds, 0) // DATABREW_BILLING_SECONDS)  # whole minutes, rounded up
    return nodes * minutes * DATABREW_BILLING_SECONDS / 3600 * DATABREW_JOB_USD_PER_NODE_HOUR
