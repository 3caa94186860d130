"""Alarms on jobs: metric, threshold, comparison and actions, and bad input.

Expected alarms are written by hand:

- Failure/Timeout: ``AWS/Events`` ``TriggeredRules`` of the job's rule, ``Sum`` over 300
  seconds (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html),
  at or above 1, one evaluation period, missing data not breaching.
- Runtime of a Spark job: ``Glue`` ``glue.driver.aggregate.elapsedTime`` (milliseconds,
  https://docs.aws.amazon.com/glue/latest/dg/monitoring-awsglue-with-cloudwatch-metrics.html),
  ``Maximum``, above max_runtime: 45 minutes = 45 x 60 x 1000 = 2,700,000 ms.
- Runtime of a job without Glue metrics: the job's ``NotificationProperty.NotifyDelayAfter``
  (minutes) and a rule on ``Glue Job Run Status``, which Glue sends for runs past it
  (https://docs.aws.amazon.com/glue/latest/dg/automating-awsglue-with-cloudwatch-events.html).
"""

from __future__ import annotations

import pytest
from aws_cdk import Duration
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns

from glueforge import GlueforgeValidationError, JobAlarms
from glueforge.jobs.etl_job import EtlJob
from glueforge.monitoring.alarms import AlarmSet, add_job_alarms
from tests.monitoring.stacks import CommandJob, etl_job, only, resources

ALARM_TOPIC = {"Ref": "GlueforgeAlarmTopic7F4B4C4A"}  # the stack singleton's logical id


def _template(synth, stack) -> dict:
    return synth(stack, nag=False, cfn_lint=False).templates["Test"]


def _rule_alarm(rule_logical_id: str, description: str) -> dict:
    return {
        "AlarmActions": [ALARM_TOPIC],
        "AlarmDescription": description,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        "Dimensions": [{"Name": "RuleName", "Value": {"Ref": rule_logical_id}}],
        "EvaluationPeriods": 1,
        "MetricName": "TriggeredRules",
        "Namespace": "AWS/Events",
        "Period": 300,
        "Statistic": "Sum",
        "Threshold": 1,
        "TreatMissingData": "notBreaching",
    }


def _logical_id(template: dict, kind: str, state: str) -> str:
    [found] = [
        k
        for k, v in resources(template, kind).items()
        if v["Properties"]["EventPattern"].get("detail", {}).get("state") == [state]
    ]
    return found


def test_failure_timeout_and_runtime_alarms_of_a_spark_job(stack, synth):
    job = etl_job(stack, alarms=JobAlarms(max_runtime=Duration.minutes(45)))
    assert isinstance(job.alarm_set, AlarmSet)
    assert sorted(job.alarm_set.alarms) == ["Failure", "Runtime", "Timeout"]
    template = _template(synth, stack)
    failed = _logical_id(template, "AWS::Events::Rule", "FAILED")
    timed_out = _logical_id(template, "AWS::Events::Rule", "TIMEOUT")
    alarms = list(p["Properties"] for p in resources(template, "AWS::CloudWatch::Alarm").values())
    assert len(alarms) == 3
    assert (
        _rule_alarm(failed, "Glue job orders: a run failed ('Glue Job State Change' state FAILED)")
        in alarms
    )
    assert (
        _rule_alarm(
            timed_out, "Glue job orders: a run timed out ('Glue Job State Change' state TIMEOUT)"
        )
        in alarms
    )
    assert only(template, "AWS::CloudWatch::Alarm", Namespace="Glue") == {
        "AlarmActions": [ALARM_TOPIC],
        "AlarmDescription": "Glue job orders: a run's ETL time passed 45 minutes "
        "(glue.driver.aggregate.elapsedTime)",
        "ComparisonOperator": "GreaterThanThreshold",
        "Dimensions": [
            {"Name": "JobName", "Value": "orders"},
            {"Name": "JobRunId", "Value": "ALL"},
            {"Name": "Type", "Value": "count"},
        ],
        "EvaluationPeriods": 1,
        "MetricName": "glue.driver.aggregate.elapsedTime",
        "Namespace": "Glue",
        "Period": 300,
        "Statistic": "Maximum",
        "Threshold": 2_700_000,
        "TreatMissingData": "notBreaching",
    }
    assert "NotificationProperty" not in only(template, "AWS::Glue::Job")


def test_no_alarms_prop_no_alarms(stack, synth):
    job = etl_job(stack)
    assert job.alarm_set is None
    template = _template(synth, stack)
    assert not resources(template, "AWS::CloudWatch::Alarm")
    assert not resources(template, "AWS::SNS::Topic")


def test_alarms_can_be_turned_off_one_by_one_and_notify_a_given_topic(stack, synth):
    topic = sns.Topic(stack, "Mine", master_key=kms.Key(stack, "K", enable_key_rotation=True))
    etl_job(stack, alarms=JobAlarms(topic=topic, on_timeout=False))
    template = _template(synth, stack)
    [alarm] = resources(template, "AWS::CloudWatch::Alarm").values()
    [mine] = resources(template, "AWS::SNS::Topic")
    assert alarm["Properties"]["AlarmActions"] == [{"Ref": mine}]
    assert alarm["Properties"]["Dimensions"][0]["Name"] == "RuleName"
    assert "GlueforgeAlarmTopic7F4B4C4A" not in template["Resources"]


def test_a_job_without_glue_metrics_alarms_on_its_delay_notification(stack, synth):
    # metrics=False: no --enable-metrics, so no elapsedTime to watch.
    etl_job(
        stack,
        metrics=False,
        alarms=JobAlarms(on_failure=False, on_timeout=False, max_runtime=Duration.minutes(30)),
    )
    template = _template(synth, stack)
    assert only(template, "AWS::Glue::Job")["NotificationProperty"] == {"NotifyDelayAfter": 30}
    [(rule_id, rule)] = resources(template, "AWS::Events::Rule").items()
    assert rule["Properties"]["EventPattern"] == {
        "source": ["aws.glue"],
        "detail-type": ["Glue Job Run Status"],
        "detail": {"jobName": ["orders"]},
    }
    [alarm] = resources(template, "AWS::CloudWatch::Alarm").values()
    assert alarm["Properties"] == _rule_alarm(
        rule_id,
        "Glue job orders: a run was still going after 30 minutes "
        "('Glue Job Run Status' event after NotifyDelayAfter)",
    )


def test_a_python_shell_job_alarms_on_its_delay_notification(stack, synth):
    job = CommandJob(stack, "Shell", command="pythonshell", timeout=120)
    add_job_alarms(job, JobAlarms(max_runtime=Duration.hours(1)))
    template = _template(synth, stack)
    assert only(template, "AWS::Glue::Job")["NotificationProperty"] == {"NotifyDelayAfter": 60}
    namespaces = {
        a["Properties"]["Namespace"] for a in resources(template, "AWS::CloudWatch::Alarm").values()
    }
    assert namespaces == {"AWS/Events"}  # a Python shell job publishes no Glue metrics


def test_an_alarm_on_a_job_imported_by_name(stack, synth):
    job = EtlJob.from_job_name(stack, "Nightly", "nightly")
    alarm_set = add_job_alarms(job, JobAlarms(max_runtime=Duration.minutes(30)))
    assert alarm_set.node.path == "Test/Nightly/Alarms"
    template = _template(synth, stack)
    runtime = only(template, "AWS::CloudWatch::Alarm", Namespace="Glue")
    assert runtime["Dimensions"][0] == {"Name": "JobName", "Value": "nightly"}
    assert runtime["Threshold"] == 1_800_000  # 30 x 60 x 1000
    failed = _logical_id(template, "AWS::Events::Rule", "FAILED")
    assert template["Resources"][failed]["Properties"]["EventPattern"]["detail"] == {
        "jobName": ["nightly"],
        "state": ["FAILED"],
    }
    assert not resources(template, "AWS::Glue::Job")


def test_max_runtime_at_or_over_the_timeout_is_refused(stack):
    with pytest.raises(GlueforgeValidationError) as error:
        etl_job(
            stack, timeout=Duration.minutes(60), alarms=JobAlarms(max_runtime=Duration.minutes(60))
        )
    assert str(error.value) == (
        "Test/Job: alarms.max_runtime (60 minutes) must be less than the job's timeout "
        "(60 minutes): a run that reaches the timeout ends as TIMEOUT, which "
        "alarms.on_timeout alarms on"
    )


@pytest.mark.parametrize(
    ("max_runtime", "seconds"),
    [(Duration.minutes(0), "0"), (Duration.seconds(90), "90"), (Duration.seconds(30), "30")],
)
def test_max_runtime_must_be_whole_minutes(stack, max_runtime, seconds):
    with pytest.raises(GlueforgeValidationError) as error:
        etl_job(stack, alarms=JobAlarms(max_runtime=max_runtime))
    assert error.value.path == "Test/Job"
    assert error.value.problems == [
        "alarms.max_runtime must be a whole number of minutes, at least 1 (Glue's "
        f"NotifyDelayAfter and job timeout are in minutes), got {seconds} seconds"
    ]


def test_a_negative_duration_cannot_even_be_made():
    # aws-cdk-lib refuses it before glueforge sees it ("Duration amounts cannot be negative").
    with pytest.raises(Exception, match="negative"):
        Duration.minutes(-5)


def test_max_runtime_of_a_streaming_job_is_refused(stack):
    job = CommandJob(stack, "Stream", command="gluestreaming")
    with pytest.raises(GlueforgeValidationError) as error:
        add_job_alarms(job, JobAlarms(max_runtime=Duration.minutes(30)))
    assert error.value.path == "Test/Stream"
    assert "streaming job (gluestreaming) runs until stopped" in str(error.value)
    assert "metric_batch_processing_time()" in str(error.value)


def test_wrong_types_are_refused_naming_the_job(stack):
    job = EtlJob.from_job_name(stack, "Nightly", "nightly")
    with pytest.raises(TypeError, match=r"^Test/Job: alarms must be JobAlarms or None, got dict"):
        EtlJob(stack, "Job", specs=[], alarms={"on_failure": True})  # type: ignore[arg-type]
    bad_runtime = r"^Test/Nightly: alarms.max_runtime must be Duration or None, got int 30"
    with pytest.raises(TypeError, match=bad_runtime):
        add_job_alarms(job, JobAlarms(max_runtime=30))  # type: ignore[arg-type]
    bad_topic = r"^Test/Nightly: alarms.topic must be an sns.ITopic, got str"
    with pytest.raises(TypeError, match=bad_topic):
        add_job_alarms(job, JobAlarms(topic="arn:aws:sns:::t"))  # type: ignore[arg-type]
