"""Pipeline: every trigger type's CloudFormation, event wiring, steps of every kind,
validation and drawings, read from synthesized templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from aws_cdk import Duration, Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_glue as glue
from aws_cdk import aws_s3 as s3

from glueforge import (
    Condition,
    Crawler,
    CrawlerState,
    CrawlerTarget,
    GlueforgeValidationError,
    JobState,
    Pipeline,
    SecureBucket,
    StartTrigger,
)
from tests.conftest import assert_clean
from tests.helpers.iam import arn, logical_id, policy_statements
from tests.helpers.pipelines import reference_pipelines

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


@dataclass(frozen=True)
class EtlJobStandIn:
    """What glueforge.EtlJob offers a pipeline: a job_name (and a job_arn)."""

    job_name: str
    job_arn: str = ""


def _job(stack, name):
    return glue.Job.from_job_attributes(stack, f"{name.title()}Job", job_name=name)


@pytest.fixture
def reference(stack):
    """The reference app's pipelines on imported jobs and a real glueforge crawler."""
    raw = SecureBucket(stack, "Raw")
    curated = SecureBucket(stack, "Curated")
    database = glue.Database(stack, "Db", database_name="shop_curated")
    curated_crawler = Crawler(
        stack,
        "CuratedCrawler",
        database=database,
        crawler_name="shop_curated",
        targets=[CrawlerTarget.s3(curated, "orders/")],
    )
    clickstream_crawler = Crawler.from_crawler_name(stack, "ClickstreamCrawler", "clickstream")
    nightly, clickstream = reference_pipelines(
        stack,
        orders=_job(stack, "orders"),
        customers=_job(stack, "customers"),
        curated_crawler=curated_crawler,
        aggregate=EtlJobStandIn("analytics_aggregate"),
        raw_bucket=raw,
        clickstream_steps=[clickstream_crawler],
    )
    return stack, nightly, clickstream


def _resource(template, type_, prefix):
    return template["Resources"][logical_id(template, type_, prefix)]


def _workflow_ref(template, prefix):
    return {"Ref": logical_id(template, "AWS::Glue::Workflow", prefix)}


def test_reference_pipelines_exact_triggers_and_clean(reference, synth):
    stack, _, _ = reference
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    workflow = _resource(template, "AWS::Glue::Workflow", "NightlyPipelineWorkflow")
    assert workflow["Properties"] == {"Name": "TestNightlyPipeline4DB9D830", "MaxConcurrentRuns": 1}
    nightly = _workflow_ref(template, "NightlyPipelineWorkflow")

    schedule = _resource(template, "AWS::Glue::Trigger", "NightlyPipelineNightly")
    assert schedule["Properties"] == {
        "Name": "TestNightlyPipelineNightlyED82C7A2",
        "Type": "SCHEDULED",
        "WorkflowName": nightly,
        "Schedule": "cron(0 2 * * ? *)",
        "StartOnCreation": True,
        "Actions": [{"JobName": "orders"}, {"JobName": "customers"}],
    }
    loaded = _resource(template, "AWS::Glue::Trigger", "NightlyPipelineSourcesLoaded")
    assert loaded["Properties"] == {
        "Name": "TestNightlyPipelineSourcesLoaded4EC5245D",
        "Type": "CONDITIONAL",
        "WorkflowName": nightly,
        "StartOnCreation": True,
        "Predicate": {
            "Logical": "AND",
            "Conditions": [
                {"LogicalOperator": "EQUALS", "JobName": "orders", "State": "SUCCEEDED"},
                {"LogicalOperator": "EQUALS", "JobName": "customers", "State": "SUCCEEDED"},
            ],
        },
        "Actions": [{"CrawlerName": "shop_curated"}],
    }
    # Glue checks that the crawler exists when the trigger names it.
    assert logical_id(template, "AWS::Glue::Crawler", "CuratedCrawler") in loaded["DependsOn"]
    crawled = _resource(template, "AWS::Glue::Trigger", "NightlyPipelineCuratedCrawled")
    assert crawled["Properties"] == {
        "Name": "TestNightlyPipelineCuratedCrawled5F8633E9",
        "Type": "CONDITIONAL",
        "WorkflowName": nightly,
        "StartOnCreation": True,
        "Predicate": {
            "Logical": "AND",
            "Conditions": [
                {
                    "LogicalOperator": "EQUALS",
                    "CrawlerName": "shop_curated",
                    "CrawlState": "SUCCEEDED",
                }
            ],
        },
        "Actions": [{"JobName": "analytics_aggregate"}],
    }


def test_event_trigger_rule_target_role_and_bucket(reference, synth):
    stack, _, clickstream = reference
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    workflow_id = logical_id(template, "AWS::Glue::Workflow", "ClickstreamPipelineWorkflow")
    workflow_arn = arn("glue", ":workflow/", {"Ref": workflow_id})
    assert (
        stack.resolve(
            Stack.of(stack).format_arn(
                service="glue", resource="workflow", resource_name=clickstream.workflow_name
            )
        )
        == workflow_arn
    )

    trigger = _resource(template, "AWS::Glue::Trigger", "ClickstreamPipelineClicksLanded")
    assert trigger["Properties"] == {
        "Name": "TestClickstreamPipelineClicksLanded7B03D088",
        "Type": "EVENT",
        "WorkflowName": {"Ref": workflow_id},
        "EventBatchingCondition": {"BatchSize": 100, "BatchWindow": 900},
        "Actions": [{"CrawlerName": "clickstream"}],
    }

    role_id = logical_id(template, "AWS::IAM::Role", "ClickstreamPipelineEventsRole")
    rule = _resource(template, "AWS::Events::Rule", "ClickstreamPipelineEventsRule")
    bucket_id = logical_id(template, "AWS::S3::Bucket", "Raw")
    assert rule["Properties"] == {
        "Description": "Starts Glue workflow Test/ClickstreamPipeline: S3 Object Created "
        "under 'clickstream/'",
        "EventPattern": {
            "source": ["aws.s3"],
            "detail-type": ["Object Created"],
            "detail": {
                "bucket": {"name": [{"Ref": bucket_id}]},
                "object": {"key": [{"prefix": "clickstream/"}]},
            },
        },
        "State": "ENABLED",
        "Targets": [
            {"Arn": workflow_arn, "Id": "Target0", "RoleArn": {"Fn::GetAtt": [role_id, "Arn"]}}
        ],
    }
    role = template["Resources"][role_id]["Properties"]
    assert role["AssumeRolePolicyDocument"]["Statement"] == [
        {
            "Action": "sts:AssumeRole",
            "Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"},
        }
    ]
    assert policy_statements(template, role_id) == [
        {"Action": "glue:notifyEvent", "Effect": "Allow", "Resource": workflow_arn}
    ]
    # The owned bucket now sends its events to EventBridge.
    [notifications] = [
        r for r in template["Resources"].values() if r["Type"] == "Custom::S3BucketNotifications"
    ]
    assert notifications["Properties"]["BucketName"] == {"Ref": bucket_id}
    assert notifications["Properties"]["NotificationConfiguration"] == {
        "EventBridgeConfiguration": {}
    }


def test_on_demand_trigger_and_run_properties(stack, synth):
    pipeline = Pipeline(
        stack,
        "Adhoc",
        workflow_name="adhoc",
        description="Backfills, run by hand",
        default_run_properties={"since": "2026-01-01"},
    )
    pipeline.add_trigger(
        "ByHand", StartTrigger.on_demand(), run=[_job(stack, "backfill")], description="Go"
    )
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    assert _resource(template, "AWS::Glue::Workflow", "AdhocWorkflow")["Properties"] == {
        "Name": "adhoc",
        "Description": "Backfills, run by hand",
        "DefaultRunProperties": {"since": "2026-01-01"},
    }
    # ON_DEMAND triggers refuse StartOnCreation: true, so it is left out.
    assert _resource(template, "AWS::Glue::Trigger", "AdhocByHand")["Properties"] == {
        "Name": "TestAdhocByHand6B564FD0",
        "Type": "ON_DEMAND",
        "WorkflowName": {"Ref": logical_id(template, "AWS::Glue::Workflow", "AdhocWorkflow")},
        "Description": "Go",
        "Actions": [{"JobName": "backfill"}],
    }
    assert pipeline.events_rule is None and pipeline.events_role is None


def test_every_final_state_any_of_and_no_stray_batching(stack, synth):
    load, alert = _job(stack, "load"), _job(stack, "alert")
    crawl = Crawler.from_crawler_name(stack, "C", "c")
    pipeline = Pipeline(stack, "P", workflow_name="p")
    pipeline.add_trigger("Start", StartTrigger.schedule("cron(15 4 ? * MON-FRI *)"), run=[load])
    pipeline.add_trigger("Loaded", Condition.succeeded(load), run=[crawl])
    pipeline.add_trigger(
        "Trouble",
        Condition.any_of(
            Condition.failed(load),
            Condition.timed_out(load),
            Condition.stopped(load),
            Condition.failed(crawl),
            Condition.cancelled(crawl),
        ),
        run=[alert],
    )
    template = synth(stack).templates["Test"]
    trouble = _resource(template, "AWS::Glue::Trigger", "PTrouble")["Properties"]
    assert trouble["Predicate"] == {
        "Logical": "ANY",
        "Conditions": [
            {"LogicalOperator": "EQUALS", "JobName": "load", "State": "FAILED"},
            {"LogicalOperator": "EQUALS", "JobName": "load", "State": "TIMEOUT"},
            {"LogicalOperator": "EQUALS", "JobName": "load", "State": "STOPPED"},
            {"LogicalOperator": "EQUALS", "CrawlerName": "c", "CrawlState": "FAILED"},
            {"LogicalOperator": "EQUALS", "CrawlerName": "c", "CrawlState": "CANCELLED"},
        ],
    }
    triggers = [r for r in template["Resources"].values() if r["Type"] == "AWS::Glue::Trigger"]
    assert len(triggers) == 3
    for trigger in triggers:
        if trigger["Properties"]["Type"] == "CONDITIONAL":
            assert "EventBatchingCondition" not in trigger["Properties"]
    start = _resource(template, "AWS::Glue::Trigger", "PStart")["Properties"]
    assert start["Schedule"] == "cron(15 4 ? * MON-FRI *)"


def test_steps_of_every_kind_run_and_are_waited_on(stack, synth):
    cfn_job = glue.CfnJob(
        stack, "CfnJob", command=glue.CfnJob.JobCommandProperty(name="glueetl"), role="r"
    )
    cfn_crawler = glue.CfnCrawler(
        stack, "CfnCrawler", role="r", targets=glue.CfnCrawler.TargetsProperty()
    )
    steps = [
        cfn_job,
        cfn_crawler,
        Crawler.from_crawler_name(stack, "Imported", "imported_crawler"),
        glue.Job.from_job_attributes(stack, "ImportedJob", job_name="imported_job"),
        EtlJobStandIn("etl_job"),
        Condition.state,  # not a step: refused below
    ]
    pipeline = Pipeline(stack, "P", workflow_name="p")
    with pytest.raises(TypeError, match="a pipeline step must be a job"):
        pipeline.add_trigger("Start", StartTrigger.on_demand(), run=steps)
    first, *rest = steps[:5]
    pipeline.add_trigger("Start", StartTrigger.on_demand(), run=[first])
    previous = first
    for index, step in enumerate(rest):
        pipeline.add_trigger(f"After{index}", Condition.succeeded(previous), run=[step])
        previous = step
    template = synth(stack, nag=False).templates["Test"]
    actions = [
        _resource(template, "AWS::Glue::Trigger", prefix)["Properties"]["Actions"]
        for prefix in ("PStart", "PAfter0", "PAfter1", "PAfter2", "PAfter3")
    ]
    assert actions == [
        [{"JobName": {"Ref": logical_id(template, "AWS::Glue::Job", "CfnJob")}}],
        [{"CrawlerName": {"Ref": logical_id(template, "AWS::Glue::Crawler", "CfnCrawler")}}],
        [{"CrawlerName": "imported_crawler"}],
        [{"JobName": "imported_job"}],
        [{"JobName": "etl_job"}],
    ]
    waits = [
        _resource(template, "AWS::Glue::Trigger", prefix)["Properties"]["Predicate"]["Conditions"]
        for prefix in ("PAfter0", "PAfter1", "PAfter2", "PAfter3")
    ]
    assert [{k: v for k, v in c[0].items() if k != "LogicalOperator"} for c in waits] == [
        {"JobName": {"Ref": "CfnJob"}, "State": "SUCCEEDED"},
        {"CrawlerName": {"Ref": "CfnCrawler"}, "CrawlState": "SUCCEEDED"},
        {"CrawlerName": "imported_crawler", "CrawlState": "SUCCEEDED"},
        {"JobName": "imported_job", "State": "SUCCEEDED"},
    ]
    assert "DependsOn" in _resource(template, "AWS::Glue::Trigger", "PAfter0")
    assert pipeline.to_mermaid().splitlines()[1:4] == [
        '    start_Start(["Start: on demand"])',
        '    job_CfnJob["CfnJob"]',
        '    condition_After0{{"After0"}}',
    ]


def test_generic_event_and_imported_bucket_are_not_changed(stack, synth):
    bucket = s3.Bucket.from_bucket_name(stack, "Landing", "landing-bucket")
    files = Pipeline(stack, "Files", workflow_name="files")
    files.add_trigger(
        "Landed",
        StartTrigger.s3_object_created(bucket, batch_window=Duration.seconds(60)),
        run=[_job(stack, "ingest")],
    )
    custom = Pipeline(stack, "Custom", workflow_name="custom")
    custom.add_trigger(
        "Ordered",
        StartTrigger.event(
            events.EventPattern(source=["shop.orders"], detail_type=["OrderPlaced"]),
            description="order placed",
        ),
        run=[_job(stack, "orders")],
    )
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    assert not [
        r for r in template["Resources"].values() if r["Type"] == "Custom::S3BucketNotifications"
    ]
    files_rule = _resource(template, "AWS::Events::Rule", "FilesEventsRule")["Properties"]
    assert files_rule["EventPattern"] == {
        "source": ["aws.s3"],
        "detail-type": ["Object Created"],
        "detail": {"bucket": {"name": ["landing-bucket"]}},
    }
    assert _resource(template, "AWS::Glue::Trigger", "FilesLanded")["Properties"][
        "EventBatchingCondition"
    ] == {"BatchSize": 1, "BatchWindow": 60}
    custom_rule = _resource(template, "AWS::Events::Rule", "CustomEventsRule")["Properties"]
    assert custom_rule["EventPattern"] == {
        "source": ["shop.orders"],
        "detail-type": ["OrderPlaced"],
    }
    assert custom_rule["Targets"][0]["Arn"] == arn(
        "glue", ":workflow/", {"Ref": "CustomWorkflow5B7F4CFF"}
    )
    assert custom.to_mermaid().splitlines()[1] == (
        '    start_Ordered(["Ordered: order placed, 1 events or 900 s"])'
    )


# ---------------------------------------------------------------- drawings

NIGHTLY_MERMAID = """\
flowchart LR
    start_Nightly(["Nightly: schedule cron(0 2 * * ? *)"])
    job_orders["orders"]
    job_customers["customers"]
    condition_SourcesLoaded{{"SourcesLoaded (all)"}}
    crawler_shop_curated[("shop_curated")]
    condition_CuratedCrawled{{"CuratedCrawled"}}
    job_analytics_aggregate["analytics_aggregate"]
    start_Nightly --> job_orders
    start_Nightly --> job_customers
    job_orders -->|SUCCEEDED| condition_SourcesLoaded
    job_customers -->|SUCCEEDED| condition_SourcesLoaded
    condition_SourcesLoaded --> crawler_shop_curated
    crawler_shop_curated -->|SUCCEEDED| condition_CuratedCrawled
    condition_CuratedCrawled --> job_analytics_aggregate
"""

CLICKSTREAM_MERMAID = (
    "flowchart LR\n"
    "    start_ClicksLanded([\"ClicksLanded: S3 Object Created under 'clickstream/', "
    '100 events or 900 s"])\n'
    '    crawler_clickstream[("clickstream")]\n'
    "    start_ClicksLanded --> crawler_clickstream\n"
)


def test_reference_mermaid_exactly(reference):
    _, nightly, clickstream = reference
    assert nightly.to_mermaid() == NIGHTLY_MERMAID
    assert clickstream.to_mermaid() == CLICKSTREAM_MERMAID


def test_reference_dot_exactly(reference):
    _, nightly, _ = reference
    assert (
        nightly.to_dot()
        == """\
digraph "Test/NightlyPipeline" {
    rankdir=LR;
    start_Nightly [label="Nightly: schedule cron(0 2 * * ? *)", shape=oval];
    job_orders [label="orders", shape=box];
    job_customers [label="customers", shape=box];
    condition_SourcesLoaded [label="SourcesLoaded (all)", shape=hexagon];
    crawler_shop_curated [label="shop_curated", shape=cylinder];
    condition_CuratedCrawled [label="CuratedCrawled", shape=hexagon];
    job_analytics_aggregate [label="analytics_aggregate", shape=box];
    start_Nightly -> job_orders;
    start_Nightly -> job_customers;
    job_orders -> condition_SourcesLoaded [label="SUCCEEDED"];
    job_customers -> condition_SourcesLoaded [label="SUCCEEDED"];
    condition_SourcesLoaded -> crawler_shop_curated;
    crawler_shop_curated -> condition_CuratedCrawled [label="SUCCEEDED"];
    condition_CuratedCrawled -> job_analytics_aggregate;
}
"""
    )


def test_drawing_labels_are_escaped_and_ids_unique(stack):
    pipeline = Pipeline(stack, "P", workflow_name="p")
    same_label = [EtlJobStandIn('say "hi" | now'), EtlJobStandIn("say 'hi' | now")]
    pipeline.add_trigger("Go", StartTrigger.on_demand(), run=same_label)
    assert pipeline.to_mermaid().splitlines()[2:4] == [
        '    job_say__hi____now["say #quot;hi#quot; #124; now"]',
        "    job_say__hi____now_2[\"say 'hi' #124; now\"]",
    ]
    assert '[label="say \\"hi\\" | now", shape=box]' in pipeline.to_dot()


# ---------------------------------------------------------------- validation


@pytest.fixture
def parts(stack):
    return stack, _job(stack, "a"), _job(stack, "b"), Crawler.from_crawler_name(stack, "C", "c")


def _error(call) -> str:
    with pytest.raises(GlueforgeValidationError) as caught:
        call()
    return str(caught.value)


def test_error_cycle(parts):
    stack, a, b, c = parts
    pipeline = Pipeline(stack, "P")
    pipeline.add_trigger("Start", StartTrigger.on_demand(), run=[a])
    pipeline.add_trigger("AfterA", Condition.succeeded(a), run=[b])
    pipeline.add_trigger("AfterB", Condition.any_of(Condition.failed(b)), run=[c])
    pipeline.add_trigger("AfterC", Condition.succeeded(c), run=[a])
    assert _error(pipeline.validate) == (
        "Test/P: triggers form a cycle: job 'a' -> job 'b' -> crawler 'c' -> job 'a'; "
        "a workflow must be a DAG"
    )


def test_error_cycle_is_raised_at_synth(parts):
    stack, a, b, _ = parts
    pipeline = Pipeline(stack, "P")
    pipeline.add_trigger("Start", StartTrigger.on_demand(), run=[a])
    pipeline.add_trigger("Self", Condition.succeeded(b), run=[b])
    # Raised from inside the CDK's synth, it arrives as a RuntimeError with the same text.
    with pytest.raises(RuntimeError) as caught:
        stack.node.root.synth()
    assert str(caught.value) == (
        "Test/P: triggers form a cycle: job 'b' -> job 'b'; a workflow must be a DAG"
    )


def test_error_no_start_trigger_means_nothing_triggers_the_steps(parts):
    stack, a, b, c = parts
    pipeline = Pipeline(stack, "P")
    pipeline.add_trigger("AfterA", Condition.succeeded(a), run=[b, c])
    assert _error(pipeline.validate) == (
        "Test/P: has no start trigger, so nothing triggers job 'b', crawler 'c'; add one "
        "with add_trigger(id, StartTrigger.on_demand() | .schedule(cron) | "
        ".s3_object_created(bucket) | .event(pattern), run=[...])"
    )
    assert _error(Pipeline(stack, "Empty").validate).startswith(
        "Test/Empty: has no start trigger, so nothing triggers no steps at all;"
    )


def test_error_condition_on_a_step_outside_the_workflow(parts):
    stack, a, b, c = parts
    pipeline = Pipeline(stack, "P")
    pipeline.add_trigger("Start", StartTrigger.on_demand(), run=[a])
    pipeline.add_trigger(
        "Late", Condition.all_of(Condition.succeeded(a), Condition.succeeded(c)), run=[b]
    )
    assert _error(pipeline.validate) == (
        "Test/P: trigger 'Late' waits on crawler 'c', which is outside the workflow: no "
        "trigger of this pipeline runs it; add it to a trigger's run"
    )


def test_error_two_start_triggers(parts):
    stack, a, b, _ = parts
    pipeline = Pipeline(stack, "P")
    pipeline.add_trigger("Nightly", StartTrigger.schedule("cron(0 2 * * ? *)"), run=[a])
    assert _error(lambda: pipeline.add_trigger("Manual", StartTrigger.on_demand(), run=[b])) == (
        "Test/P/Manual: the pipeline already has start trigger 'Nightly' (schedule "
        "cron(0 2 * * ? *)); a Glue workflow has exactly one start trigger, so run these "
        "steps from it or from a Condition"
    )


@pytest.mark.parametrize(
    ("cron", "problem"),
    [
        (
            "0 2 * * *",
            "schedule '0 2 * * *' is not a Glue cron expression; expected e.g. 'cron(0 2 * * ? *)'",
        ),
        (
            "cron(0/1 * * * ? *)",
            "schedule 'cron(0/1 * * * ? *)': fires 1 minute(s) apart; "
            "Glue schedules run at most every 5 minutes, e.g. 'cron(0/5 * * * ? *)'",
        ),
    ],
)
def test_error_bad_cron(parts, cron, problem):
    stack, a, _, _ = parts
    pipeline = Pipeline(stack, "P")
    assert (
        _error(lambda: pipeline.add_trigger("Nightly", StartTrigger.schedule(cron), run=[a]))
        == f"Test/P/Nightly: {problem}"
    )


@pytest.mark.parametrize(
    ("size", "window", "problems"),
    [
        (0, Duration.seconds(900), ["batch_size must be 1-100 events, got 0"]),
        (101, Duration.seconds(1), ["batch_size must be 1-100 events, got 101"]),
        (
            1,
            Duration.seconds(901),
            ["batch_window must be 1-900 seconds, got '15 minutes 1 second'"],
        ),
        (
            True,
            Duration.seconds(0),
            [
                "batch_size must be 1-100 events, got True",
                "batch_window must be 1-900 seconds, got '0 seconds'",
            ],
        ),
        (
            5,
            Duration.millis(1500),
            ["batch_window must be 1-900 seconds, got '1 second 500 millis'"],
        ),
    ],
)
def test_error_batch_settings_out_of_range(parts, size, window, problems):
    stack, a, _, _ = parts
    bucket = s3.Bucket.from_bucket_name(stack, "B", "landing")
    pipeline = Pipeline(stack, "P")
    when = StartTrigger.s3_object_created(bucket, batch_size=size, batch_window=window)
    assert _error(lambda: pipeline.add_trigger("Landed", when, run=[a])) == (
        "Test/P/Landed: " + "; ".join(problems)
    )


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (
            lambda a, c: Condition.state(a, glue.JobState.RUNNING),
            "a condition on job 'a' waits for state 'RUNNING', which never ends a job run; "
            "a job condition takes SUCCEEDED, FAILED, TIMEOUT, STOPPED",
        ),
        (
            lambda a, c: Condition.state(c, glue.CrawlerState.CANCELLING),
            "a condition on crawler 'c' waits for state 'CANCELLING', which never ends a "
            "crawler run; a crawler condition takes SUCCEEDED, FAILED, CANCELLED",
        ),
        (
            lambda a, c: Condition.state(a, JobState.WAITING),
            "a condition on job 'a' waits for state 'WAITING', which never ends a job run; "
            "a job condition takes SUCCEEDED, FAILED, TIMEOUT, STOPPED",
        ),
        (
            lambda a, c: Condition.state(c, CrawlerState.RUNNING),
            "a condition on crawler 'c' waits for state 'RUNNING', which never ends a "
            "crawler run; a crawler condition takes SUCCEEDED, FAILED, CANCELLED",
        ),
        (
            lambda a, c: Condition.timed_out(c),
            "a condition on crawler 'c' waits for state 'TIMEOUT', which never ends a "
            "crawler run; a crawler condition takes SUCCEEDED, FAILED, CANCELLED",
        ),
        (
            lambda a, c: Condition.all_of(Condition.succeeded(a), Condition.failed(a)),
            "all_of waits on job 'a' ending both FAILED and SUCCEEDED, which can never "
            "happen; use any_of",
        ),
        (
            lambda a, c: Condition.any_of(
                Condition.all_of(Condition.succeeded(a), Condition.succeeded(c)),
                Condition.failed(a),
            ),
            "any_of(job 'a' SUCCEEDED and crawler 'c' SUCCEEDED) nests a different logic; "
            "Glue predicates are flat, so split it into separate triggers",
        ),
        (lambda a, c: Condition.all_of(), "all_of() needs at least one condition"),
    ],
)
def test_error_conditions(parts, make, problem):
    stack, a, b, c = parts
    pipeline = Pipeline(stack, "P")
    pipeline.add_trigger("Start", StartTrigger.on_demand(), run=[a, c])
    assert _error(lambda: pipeline.add_trigger("Then", make(a, c), run=[b])) == (
        f"Test/P/Then: {problem}"
    )


def test_error_run_lists(parts):
    stack, a, _, c = parts
    pipeline = Pipeline(stack, "P")
    crawlers = [Crawler.from_crawler_name(stack, f"C{i}", f"c{i}") for i in range(3)]
    assert _error(
        lambda: pipeline.add_trigger("Go", StartTrigger.on_demand(), run=[*crawlers, a, a])
    ) == (
        "Test/P/Go: run lists job 'a' more than once; run starts 3 crawlers; a Glue trigger "
        "starts at most 2, so split them across triggers"
    )
    assert _error(lambda: pipeline.add_trigger("None", StartTrigger.on_demand(), run=[])) == (
        "Test/P/None: run=[] starts nothing; give at least one job or crawler"
    )
    with pytest.raises(TypeError, match="when must be a StartTrigger or a Condition"):
        pipeline.add_trigger("Odd", "cron(0 2 * * ? *)", run=[c])  # type: ignore[arg-type]


def test_error_workflow_settings(stack):
    assert _error(
        lambda: Pipeline(
            stack, "P", max_concurrent_runs=0, default_run_properties={"": "x", "n": 1}
        )
    ) == (
        "Test/P: max_concurrent_runs must be a whole number of 1 or more (or None for no "
        "limit), got 0; default_run_properties key '' must be a string of 1-255 characters; "
        "default_run_properties['n'] must be a string, got int"
    )
