"""The reference app's job kinds, Data Quality and alarms (issue 20): a Python shell
maintenance job, a streaming clickstream job from Kinesis, a Data Quality ruleset on the
curated orders evaluated inside the orders job, and a failure alarm on every job.

Expected values are written by hand from app.py's declarations and AWS's property names:
AWS::Glue::Job (Command.Name glueetl | pythonshell | gluestreaming, "Python shell jobs":
https://docs.aws.amazon.com/glue/latest/dg/add-job-python.html), AWS::Glue::DataQualityRuleset,
and the "Glue Job State Change" event
(https://docs.aws.amazon.com/glue/latest/dg/automating-awsglue-with-cloudwatch-events.html).
"""

import ast

JOB_NAMES = {
    "shop-orders",
    "shop-customers",
    "shop-clickstream",
    "shop-daily-analytics",
    "shop-clickstream-live",
    "shop-retention-plan",
}


def _resources(reference, type_):
    return {
        k: v for k, v in reference.templates["DataLake"]["Resources"].items() if v["Type"] == type_
    }


def _jobs_by_name(reference):
    return {r["Properties"]["Name"]: r for r in _resources(reference, "AWS::Glue::Job").values()}


def test_every_job_kind_is_in_the_template(reference):
    jobs = _jobs_by_name(reference)
    assert set(jobs) == JOB_NAMES
    kinds = {name: job["Properties"]["Command"]["Name"] for name, job in jobs.items()}
    assert kinds == {
        "shop-orders": "glueetl",
        "shop-customers": "glueetl",
        "shop-clickstream": "glueetl",
        "shop-daily-analytics": "glueetl",
        "shop-clickstream-live": "gluestreaming",
        "shop-retention-plan": "pythonshell",
    }


def test_the_maintenance_job_is_python_shell_on_a_sixteenth_of_a_dpu(reference):
    props = _jobs_by_name(reference)["shop-retention-plan"]["Properties"]
    # Python 3.9 runs on Glue 3.0 only; 0.0625 DPU is the smallest capacity.
    assert props["Command"]["PythonVersion"] == "3.9"
    assert props["GlueVersion"] == "3.0"
    assert props["MaxCapacity"] == 0.0625
    assert "WorkerType" not in props and "NumberOfWorkers" not in props
    arguments = props["DefaultArguments"]
    assert arguments["library-set"] == "none"
    assert arguments["--keep_days"] == "90"
    assert arguments["--run_date"] == "today"


def test_the_streaming_job_reads_the_kinesis_stream_with_a_maintenance_window(reference):
    props = _jobs_by_name(reference)["shop-clickstream-live"]["Properties"]
    assert props["WorkerType"] == "G.025X"
    assert props["NumberOfWorkers"] == 2
    assert props["MaintenanceWindow"] == "Sun:3"
    arguments = props["DefaultArguments"]
    [(stream_id, stream)] = _resources(reference, "AWS::Kinesis::Stream").items()
    assert stream["Properties"]["Name"] == "shop-clickstream"
    assert stream["Properties"]["StreamEncryption"]["EncryptionType"] == "KMS"
    assert arguments["--source_live_clicks_stream_arn"] == {"Fn::GetAtt": [stream_id, "Arn"]}
    # the checkpoint sits under the job's folder of the stack's state bucket (no expiry)
    checkpoint = arguments["--sink_checkpoint_location"]["Fn::Join"][1]
    assert checkpoint[1]["Ref"].startswith("GlueforgeState")
    assert checkpoint[-1] == "/shop-clickstream-live/checkpoint/"


def test_the_orders_ruleset_is_on_the_iceberg_orders_table(reference):
    [ruleset] = _resources(reference, "AWS::Glue::DataQualityRuleset").values()
    props = ruleset["Properties"]
    assert props["Name"] == "shop-curated-orders-quality"
    assert props["TargetTable"]["TableName"] == "orders_iceberg"
    assert props["TargetTable"]["DatabaseName"]["Ref"].startswith("CatalogCuratedDatabase")
    assert props["Ruleset"] == (
        "Rules = [\n"
        '    IsComplete "order_id",\n'
        '    IsUnique "order_id",\n'
        '    Completeness "customer_id" >= 0.99,\n'
        '    ColumnValues "amount" >= 0,\n'
        '    ColumnValues "status" in ["PAID", "REFUNDED", "CANCELLED"]\n'
        "]"
    )


def test_the_orders_script_evaluates_the_ruleset_and_quarantines_failing_rows(
    reference, reference_app
):
    _, stack = reference_app
    script = stack.jobs.orders.script.text
    tree = ast.parse(script)
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "process_rows"
    ]
    assert len(calls) == 1
    ruleset = next(k.value for k in calls[0].keywords if k.arg == "ruleset")
    [ruleset_resource] = _resources(reference, "AWS::Glue::DataQualityRuleset").values()
    assert ast.literal_eval(ruleset) == ruleset_resource["Properties"]["Ruleset"]
    assert "from awsgluedq.transforms import EvaluateDataQuality" in script
    # the sinks come after the check
    assert script.index("process_rows(") < script.index("write_dynamic_frame")
    # failing rows go to the quarantine sink, which writes under the raw bucket
    arguments = _jobs_by_name(reference)["shop-orders"]["Properties"]["DefaultArguments"]
    quarantine = arguments["--sink_quarantined_orders_path"]["Fn::Join"][1]
    assert quarantine[1]["Ref"].startswith("StorageRawBucket")
    assert quarantine[-1] == "/quarantine/orders/"


def test_every_job_has_a_failure_alarm_on_its_own_state_change_rule(reference):
    rules = _resources(reference, "AWS::Events::Rule")
    alarms = _resources(reference, "AWS::CloudWatch::Alarm").values()
    alarmed = set()
    for alarm in alarms:
        props = alarm["Properties"]
        if props["Namespace"] != "AWS/Events":
            continue
        [dimension] = props["Dimensions"]
        pattern = rules[dimension["Value"]["Ref"]]["Properties"]["EventPattern"]
        if pattern["detail"]["state"] == ["FAILED"]:
            assert pattern["source"] == ["aws.glue"]
            assert pattern["detail-type"] == ["Glue Job State Change"]
            assert props["Threshold"] == 1
            assert props["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
            assert props["AlarmActions"][0]["Ref"].startswith("GlueforgeAlarmTopic")
            [name] = pattern["detail"]["jobName"]
            alarmed.add(name)
    assert alarmed == JOB_NAMES


def test_the_alarm_topic_is_kms_encrypted(reference):
    [topic] = _resources(reference, "AWS::SNS::Topic").values()
    assert topic["Properties"]["KmsMasterKeyId"]["Fn::GetAtt"][0].startswith("GlueforgeAlarmKey")
