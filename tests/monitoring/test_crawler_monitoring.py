"""Crawler rules, metrics and alarms.

Expected patterns by hand from "Automating AWS Glue with EventBridge"
(https://docs.aws.amazon.com/glue/latest/dg/automating-awsglue-with-cloudwatch-events.html):
``Glue Crawler State Change`` events carry ``detail.crawlerName`` and ``detail.state``
``Started``, ``Succeeded`` or ``Failed`` (mixed case, unlike the API's crawl states).
CloudWatch has no per-crawler metric, so the failure alarm counts ``AWS/Events``
``TriggeredRules`` (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html).
"""

from __future__ import annotations

import pytest

from glueforge import Crawler, CrawlerAlarms, CrawlerState, GlueforgeValidationError
from tests.monitoring.stacks import crawler, only, resources


def _template(synth, stack) -> dict:
    return synth(stack, nag=False, cfn_lint=False).templates["Test"]


@pytest.mark.parametrize(
    ("method", "state"),
    [("on_start", "Started"), ("on_success", "Succeeded"), ("on_failure", "Failed")],
)
def test_each_state_rule_matches_exactly_this_crawler(stack, synth, method, state):
    getattr(crawler(stack), method)("Rule")
    assert only(_template(synth, stack), "AWS::Events::Rule") == {
        "Description": f"Rule triggered when Glue crawler nightly-crawl is in {state} state",
        "EventPattern": {
            "source": ["aws.glue"],
            "detail-type": ["Glue Crawler State Change"],
            "detail": {"crawlerName": ["nightly-crawl"], "state": [state]},
        },
        "State": "ENABLED",
    }


def test_on_event_matches_every_state_change_of_this_crawler(stack, synth):
    crawler(stack).on_event("Any")
    assert only(_template(synth, stack), "AWS::Events::Rule")["EventPattern"] == {
        "source": ["aws.glue"],
        "detail-type": ["Glue Crawler State Change"],
        "detail": {"crawlerName": ["nightly-crawl"]},
    }


def test_a_state_no_crawler_event_reports_is_refused(stack):
    with pytest.raises(GlueforgeValidationError) as error:
        crawler(stack).on_state_change("Rule", CrawlerState.CANCELLED)
    assert error.value.path == "Test/Crawler"
    assert "'CANCELLED'" in str(error.value)
    assert "['RUNNING', 'SUCCEEDED', 'FAILED']" in str(error.value)


def test_metric_failure_counts_a_rule_made_once(stack):
    c = crawler(stack)
    metric = c.metric_failure()
    c.metric_failure()
    rule = c.node.find_child("FailureMetricRule")
    assert (metric.namespace, metric.metric_name, metric.statistic) == (
        "AWS/Events",
        "TriggeredRules",
        "Sum",
    )
    assert metric.dimensions == {"RuleName": rule.rule_name}


def test_the_failure_alarm(stack, synth):
    c = crawler(stack, alarms=CrawlerAlarms())
    assert sorted(c.alarm_set.alarms) == ["Failure"]
    template = _template(synth, stack)
    [(rule_id, rule)] = resources(template, "AWS::Events::Rule").items()
    assert rule["Properties"]["EventPattern"]["detail"] == {
        "crawlerName": ["nightly-crawl"],
        "state": ["Failed"],
    }
    assert only(template, "AWS::CloudWatch::Alarm") == {
        "AlarmActions": [{"Ref": "GlueforgeAlarmTopic7F4B4C4A"}],
        "AlarmDescription": "Glue crawler nightly-crawl: a crawl failed "
        "('Glue Crawler State Change' state Failed)",
        "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        "Dimensions": [{"Name": "RuleName", "Value": {"Ref": rule_id}}],
        "EvaluationPeriods": 1,
        "MetricName": "TriggeredRules",
        "Namespace": "AWS/Events",
        "Period": 300,
        "Statistic": "Sum",
        "Threshold": 1,
        "TreatMissingData": "notBreaching",
    }


def test_an_imported_crawler_has_the_rules(stack, synth):
    Crawler.from_crawler_name(stack, "Old", "old-crawler").on_failure("Failed")
    assert only(_template(synth, stack), "AWS::Events::Rule")["EventPattern"]["detail"] == {
        "crawlerName": ["old-crawler"],
        "state": ["Failed"],
    }


def test_a_wrong_alarms_type_is_refused(stack):
    with pytest.raises(TypeError, match=r"^Test/Crawler: alarms must be CrawlerAlarms or None"):
        crawler(stack, alarms=True)
