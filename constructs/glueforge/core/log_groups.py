"""Where Glue and DataBrew write their CloudWatch logs: the log group names, defined once.

The names are Glue's, not glueforge's: the AWS Glue docs ("Logging for AWS Glue jobs",
"Setting up encryption") and the Glue API (``JobRun.LogGroupName``). The roles' grants,
the stack key's policy and ``glueforge logs`` all read them from here.
"""

from __future__ import annotations

# Every log group Glue writes, jobs and crawlers alike: what the stack key's policy lets
# CloudWatch Logs encrypt with it.
GLUE_LOG_GROUPS = "/aws-glue/*"

# A job's default log groups: the driver's output, its errors, and continuous logging.
JOB_LOG_GROUP_PREFIX = "/aws-glue/jobs"
JOB_LOG_GROUPS = (
    f"{JOB_LOG_GROUP_PREFIX}/output",
    f"{JOB_LOG_GROUP_PREFIX}/error",
    f"{JOB_LOG_GROUP_PREFIX}/logs-v2",
)
# Under a security configuration that encrypts logs, Glue writes to groups named after the
# configuration and the role. AWS documents two forms: "/aws-glue/jobs-<role>-<security
# configuration>/" (Glue API, JobRun.LogGroupName) and groups under "/aws-glue/jobs/"; this
# pattern covers both and nothing outside Glue's job log groups.
ENCRYPTED_JOB_LOG_GROUPS = f"{JOB_LOG_GROUP_PREFIX}*"

CRAWLER_LOG_GROUP = "/aws-glue/crawlers"
# Crawlers whose security configuration encrypts CloudWatch logs write here instead.
ENCRYPTED_CRAWLER_LOG_GROUP_PREFIX = "/aws-glue/crawlers-role/"


def encrypted_crawler_log_group(role_name: str, security_configuration_name: str) -> str:
    """The group a crawler writes to when its security configuration encrypts logs."""
    return f"{ENCRYPTED_CRAWLER_LOG_GROUP_PREFIX}{role_name}-{security_configuration_name}"


# DataBrew jobs log under this prefix; AWS's managed AwsGlueDataBrewServiceRole policy
# grants its log actions on exactly "log-group:/aws-glue-databrew/*".
DATABREW_LOG_GROUP_PREFIX = "/aws-glue-databrew/"
