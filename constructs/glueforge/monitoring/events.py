"""The EventBridge events Glue sends for job runs and crawls, and rules on them.

AWS Glue sends, with source ``aws.glue`` ("Automating AWS Glue with EventBridge",
https://docs.aws.amazon.com/glue/latest/dg/automating-awsglue-with-cloudwatch-events.html,
and the EventBridge events reference for Glue,
https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-glue.html):

- ``Glue Job State Change`` when a run ends: ``detail.state`` is ``SUCCEEDED``,
  ``FAILED``, ``TIMEOUT`` or ``STOPPED``, ``detail.jobName`` the job's name;
- ``Glue Job Run Status`` when a ``STARTING``, ``RUNNING`` or ``STOPPING`` run exceeds
  the job's delay notification threshold (``NotificationProperty.NotifyDelayAfter``,
  only when it is set);
- ``Glue Crawler State Change`` when a crawl starts, succeeds or fails:
  ``detail.crawlerName`` and ``detail.state`` ``Started``, ``Succeeded`` or ``Failed``.

Delivery is best effort (same reference).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from aws_cdk import aws_events as events
from constructs import Construct

from glueforge.core.vocabulary import JOB_END_STATES, CrawlerState

GLUE_EVENT_SOURCE = "aws.glue"
JOB_STATE_CHANGE = "Glue Job State Change"
JOB_RUN_STATUS = "Glue Job Run Status"
CRAWLER_STATE_CHANGE = "Glue Crawler State Change"
# aws-cdk-lib's JobBase.onEvent matches both job detail-types (aws-glue/lib/jobs/job.ts).
JOB_EVENT_TYPES = (JOB_STATE_CHANGE, JOB_RUN_STATUS)

# Crawler events spell a crawl's state in mixed case, unlike the API's CrawlState
# (core.vocabulary.CrawlerState): the same states, as the events write them. A crawl that
# starts is RUNNING in the API.
CRAWLER_EVENT_STATE = {
    CrawlerState.RUNNING: "Started",
    CrawlerState.SUCCEEDED: "Succeeded",
    CrawlerState.FAILED: "Failed",
}


def glue_rule(
    scope: Construct,
    id: str,
    *,
    detail_types: Sequence[str],
    detail: Mapping[str, Sequence[str]],
    target: events.IRuleTarget | None = None,
    description: str | None = None,
    rule_name: str | None = None,
    event_pattern: events.EventPattern | None = None,
) -> events.Rule:
    """An EventBridge rule on Glue's events of ``detail_types`` whose detail matches
    ``detail``, merged (as aws-cdk-lib merges them) with ``event_pattern``."""
    rule = events.Rule(
        scope, id, description=description, rule_name=rule_name, event_pattern=event_pattern
    )
    if target is not None:
        rule.add_target(target)
    rule.add_event_pattern(
        source=[GLUE_EVENT_SOURCE],
        detail_type=list(detail_types),
        detail={key: list(values) for key, values in detail.items()},
    )
    return rule


def job_state_problems(state: Any) -> list[str]:
    """A job state rules can match: one that ``Glue Job State Change`` reports."""
    if state in JOB_END_STATES:
        return []
    return [
        f"state {state!r} is never reported by a 'Glue Job State Change' event; "
        f"expected one of {[s.value for s in JOB_END_STATES]}"
    ]


def crawler_state_problems(state: Any) -> list[str]:
    """A crawl state rules can match: one that ``Glue Crawler State Change`` reports."""
    if state in CRAWLER_EVENT_STATE:
        return []
    return [
        f"state {state!r} is never reported by a 'Glue Crawler State Change' event; "
        f"expected one of {[s.value for s in CRAWLER_EVENT_STATE]}"
    ]
