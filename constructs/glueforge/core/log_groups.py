"""Where Glue and DataBrew write their CloudWatch logs: the log group names, defined once.

The names are Glue's, not glueforge's: the AWS Glue docs ("Logging for AWS Glue jobs",
"Setting up encryption"), the Glue API (``JobRun.LogGroupName``) and, for Python shell
jobs, the records of real runs (see PYTHON_SHELL_LOG_GROUPS). The roles' grants,
the stack key's policy and ``glueforge logs`` all read them from here.
"""

from __future__ import annotations

# Every log group Glue writes, jobs and crawlers alike: what the stack key's policy lets
# CloudWatch Logs encrypt with it.
GLUE_LOG_GROUPS = "/aws-glue/*"

# A run's standard output and its errors go to two groups under its kind's prefix (or
# under the run's LogGroupName), to streams named after the run id.
RUN_LOG_SUFFIXES = ("output", "error")

# A Spark or streaming job's default log groups: the driver's output, its errors, and
# continuous logging.
JOB_LOG_GROUP_PREFIX = "/aws-glue/jobs"
JOB_LOG_GROUPS = (
    *(f"{JOB_LOG_GROUP_PREFIX}/{suffix}" for suffix in RUN_LOG_SUFFIXES),
    f"{JOB_LOG_GROUP_PREFIX}/logs-v2",
)

# Under a security configuration that encrypts logs, Glue writes to groups named after the
# configuration and the role. AWS documents two forms: "/aws-glue/jobs-<role>-<security
# configuration>/" (Glue API, JobRun.LogGroupName) and groups under "/aws-glue/jobs/"; this
# pattern covers both and nothing outside Glue's job log groups.
ENCRYPTED_JOB_LOG_GROUPS = f"{JOB_LOG_GROUP_PREFIX}*"

# A Python shell job's default log groups: /aws-glue/python-jobs/output and
# /aws-glue/python-jobs/error. UNCONFIRMED by a current AWS page (searched 2026-11-30:
# none the search tool holds names them). The old AWS Glue Developer Guide
# (awsdocs/aws-glue-developer-guide, doc_source/add-job-python.md) names ".../output" and,
# for errors, ".../errors"; every record of a real run found says ".../error", singular:
# yomon.hatenablog.com/entry/2019/07/gluepythonshelllog, apache/airflow's GlueJobOperator
# verbose logs, and runbooks tailing "/aws-glue/python-jobs/error" with the run id as the
# stream. Choice: the singular, as the runs show and as the Spark jobs' groups are named.
# ``glueforge logs`` prefers the run's own LogGroupName; this is the fallback.
PYTHON_SHELL_LOG_GROUP_PREFIX = "/aws-glue/python-jobs"
PYTHON_SHELL_LOG_GROUPS = tuple(
    f"{PYTHON_SHELL_LOG_GROUP_PREFIX}/{suffix}" for suffix in RUN_LOG_SUFFIXES
)
# Under a security configuration that encrypts logs, Glue names the groups after the
# configuration (as for Spark jobs): this pattern covers them and the default ones.
ENCRYPTED_PYTHON_SHELL_LOG_GROUPS = f"{PYTHON_SHELL_LOG_GROUP_PREFIX}*"

CRAWLER_LOG_GROUP = "/aws-glue/crawlers"
# Crawlers whose security configuration encrypts CloudWatch logs write here instead.
ENCRYPTED_CRAWLER_LOG_GROUP_PREFIX = "/aws-glue/crawlers-role/"


def encrypted_crawler_log_group(role_name: str, security_configuration_name: str) -> str:
    """The group a crawler writes to when its security configuration encrypts logs."""
    return f"{ENCRYPTED_CRAWLER_LOG_GROUP_PREFIX}{role_name}-{security_configuration_name}"


# DataBrew jobs log under this prefix; AWS's managed AwsGlueDataBrewServiceRole policy
# grants its log actions on exactly "log-group:/aws-glue-databrew/*".
DATABREW_LOG_GROUP_PREFIX = "/aws-glue-databrew/"
