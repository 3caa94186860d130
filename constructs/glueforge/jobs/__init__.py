"""Glue jobs rendered from specs.

- :mod:`~glueforge.jobs.etl_job`: ``EtlJob``, the Spark ETL job construct;
  :mod:`~glueforge.jobs.streaming_job`: ``StreamingJob``, the Spark streaming job; both
  built by :mod:`~glueforge.jobs.spark_job` (``SparkJobBase``), with the options of
  :mod:`~glueforge.jobs.spark_options`;
  :mod:`~glueforge.jobs.python_shell_job`: ``PythonShellJob``;
  :mod:`~glueforge.jobs.job_common`: what the job constructs share;
  :mod:`~glueforge.jobs.base`: ``IJob``, ``JobBase`` and imports of jobs made elsewhere.
- :mod:`~glueforge.jobs.arguments`: the job arguments, named in one place (no aws-cdk-lib
  import, for local runs); :mod:`~glueforge.jobs.role`: the role's logs and metrics;
  :mod:`~glueforge.jobs.assets`: the job's files; :mod:`~glueforge.jobs.capacity`: which
  Glue versions, worker types and workers Glue accepts.
- :mod:`~glueforge.jobs.specs`: sources, transforms and sinks;
  :mod:`~glueforge.jobs.script`: rendering and checking the script.

Nothing is imported here, so importing one module (as local runs do) loads only it.
"""
