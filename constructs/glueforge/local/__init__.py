"""Run glueforge jobs on local Spark before deploying them (``glueforge local-run``).

The exact rendered script runs on pyspark with a small ``awsglue`` shim (``shim/``) in
place of Glue's runtime. Deploy-time job arguments become local values
(:mod:`~glueforge.local.mapping`): ``s3://`` URLs map to folders under a data folder
(:mod:`~glueforge.local.locations`),
catalog tables come from a local catalog file, JDBC connections go to a local
PostgreSQL, and DynamoDB exports are folders in the real export layout.
"""

from glueforge.local.errors import LocalRunError
from glueforge.local.local_job import LocalJob, find_job, load_jobs
from glueforge.local.runner import RunSummary, run_job

__all__ = ["LocalJob", "LocalRunError", "RunSummary", "find_job", "load_jobs", "run_job"]
