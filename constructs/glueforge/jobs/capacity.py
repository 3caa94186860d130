"""Glue versions and worker types, and which combinations Glue accepts.

Checked against the Glue API model (botocore 1.44) and the AWS Glue docs ("Worker types",
"Job parameters") in November 2026: Glue 6.0 is the API's default, 5.0 matches the local
Spark (pyspark 3.5.4) that glueforge runs jobs on before deploy.
"""

from __future__ import annotations

from glueforge.core.vocabulary import GlueVersion, WorkerType
from glueforge.cost.prices import PYTHON_SHELL_DPU

MAX_TIMEOUT_MINUTES = 10080  # jobs must time out in under 7 days
MIN_SPARK_WORKERS = 2  # one driver and at least one executor
# Glue API reference, CreateJob NumberOfWorkers: "The maximum number of workers you can
# define are 299 for G.1X, and 149 for G.2X." Other worker types: no documented maximum.
MAX_WORKERS = {WorkerType.G_1X: 299, WorkerType.G_2X: 149}


def capacity_problems(
    *,
    glue_version: GlueVersion | str,
    worker_type: WorkerType | str,
    number_of_workers: int,
    timeout_minutes: float,
    flex: bool,
    streaming: bool = False,
) -> list[str]:
    """Why Glue would reject this capacity; empty when it accepts it.

    :param glue_version: a :class:`~glueforge.core.vocabulary.GlueVersion` or its value.
    :param worker_type: a :class:`~glueforge.core.vocabulary.WorkerType` or its value.
    """
    _, problems = GlueVersion.parse(glue_version, "glue_version")
    worker, worker_problems = WorkerType.parse(worker_type, "worker_type")
    problems += worker_problems
    if worker is not None and worker.streaming_only and not streaming:
        problems.append(f"worker_type {worker_type} is for streaming jobs only; use G.1X or larger")
    elif worker is not None and flex and not worker.flex:
        flexible = [w.value for w in WorkerType if w.flex]
        problems.append(f"flex runs only on worker types {flexible}, got {worker_type}")
    if flex and streaming:
        problems.append("flex is for batch jobs; streaming jobs cannot use the FLEX class")
    if number_of_workers < MIN_SPARK_WORKERS:
        problems.append(
            f"number_of_workers must be at least {MIN_SPARK_WORKERS} (a driver and an "
            f"executor), got {number_of_workers}"
        )
    maximum = MAX_WORKERS.get(worker_type)
    if maximum is not None and number_of_workers > maximum:
        problems.append(
            f"number_of_workers must be {MIN_SPARK_WORKERS}-{maximum} for {worker_type}, got "
            f"{number_of_workers}"
        )
    if not 1 <= timeout_minutes < MAX_TIMEOUT_MINUTES:
        problems.append(
            f"timeout must be 1 minute to under 7 days ({MAX_TIMEOUT_MINUTES} minutes), got "
            f"{timeout_minutes:g} minutes"
        )
    return problems


def python_shell_capacity_problems(*, max_capacity: object, timeout_minutes: float) -> list[str]:
    """Why Glue would reject this Python shell job's capacity; empty when it accepts it.

    "When you specify a Python shell job (JobCommand.Name="pythonshell"), you can allocate
    either 0.0625 or 1 DPU. The default is 0.0625 DPU." (Glue API, CreateJob MaxCapacity;
    https://docs.aws.amazon.com/glue/latest/dg/add-job-python.html)
    """
    problems = []
    if isinstance(max_capacity, bool) or max_capacity not in PYTHON_SHELL_DPU:
        valid = " or ".join(f"{dpu:g}" for dpu in PYTHON_SHELL_DPU)
        problems.append(
            f"max_capacity must be {valid} DPU for a Python shell job, got {max_capacity!r} "
            "(https://docs.aws.amazon.com/glue/latest/dg/add-job-python.html)"
        )
    if not 1 <= timeout_minutes < MAX_TIMEOUT_MINUTES:
        problems.append(
            f"timeout must be 1 minute to under 7 days ({MAX_TIMEOUT_MINUTES} minutes), got "
            f"{timeout_minutes:g} minutes"
        )
    return problems
