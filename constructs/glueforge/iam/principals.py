"""The AWS services glueforge's roles trust and its key policy allows, each named once."""

from __future__ import annotations

from aws_cdk import Aws

# Assumes job, crawler and connection roles.
GLUE_SERVICE = "glue.amazonaws.com"
# Assumes DataBrew job roles.
DATABREW_SERVICE = "databrew.amazonaws.com"
# Assumes the roles of EventBridge rules that start workflows and state machines.
EVENTS_SERVICE = "events.amazonaws.com"


def logs_service() -> str:
    """CloudWatch Logs in the stack's region: its key-policy principal is regional."""
    return f"logs.{Aws.REGION}.amazonaws.com"
