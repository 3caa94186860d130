"""glueforge.databrew: the CloudFormation, IAM, validation and chaining of each construct.

One stack holds every DataBrew construct and is synthesized once (with cfn-lint and
cdk-nag) for the template tests; validation tests only construct, which raises at once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_kms as kms

from glueforge import (
    CatalogSource,
    EtlJob,
    GlueforgeValidationError,
    S3Sink,
    S3Source,
    SecureBucket,
)
from glueforge.checks import synthesize
from glueforge.core.locations import S3Location
from glueforge.cost.prices import DATABREW_JOB_USD_PER_NODE_HOUR, databrew_job_cost
from glueforge.databrew import (
    ACTIONS,
    DataQualityRule,
    Dataset,
    JobOutput,
    PathParameter,
    ProfileJob,
    Recipe,
    RecipeJob,
    RecipeStep,
    Ruleset,
    RunAfterGlueJob,
    Schedule,
    StepCondition,
    Threshold,
)
from tests.conftest import assert_clean
from tests.helpers.iam import arn, logical_id, policy_statements

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "databrew" / "clean-clicks-recipe.json"
ALL_STEPS = [
    RecipeStep.rename("ts", "clicked_at"),
    RecipeStep.change_type("clicked_at", "timestamp"),
    RecipeStep.remove_duplicates("event_id"),
    RecipeStep.filter_invalid("email", "string", advanced_data_type="EMAIL"),
    RecipeStep.fill_missing("page", "unknown"),
    RecipeStep.split_column("page", "/", splits=2),
    RecipeStep.date_format("clicked_at", "yyyy-mm-dd", to="event_date"),
    RecipeStep.format_date("event_date", "mm/dd/yyyy"),
    RecipeStep.delete_duplicate_rows().when(StepCondition("IS_INVALID", "page")),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    app = App(outdir=str(tmp_path_factory.mktemp("databrew") / "cdk.out"))
    stack = Stack(app, "Test")
    raw = SecureBucket(stack, "Raw")
    curated = SecureBucket(stack, "Curated")
    database = glue.Database(stack, "Db", database_name="lake")
    clicks = Dataset(
        stack,
        "Clicks",
        source=S3Source("clicks", bucket=raw, prefix="clicks/", format="csv", csv_separator=";"),
        path_parameters=[PathParameter("day", "Datetime", "yyyy-MM-dd", create_column=True)],
        dataset_name="clicks",
    )
    orders = Dataset(
        stack,
        "Orders",
        source=CatalogSource(
            "orders", database=database, table="orders", data=S3Location(curated, "orders/")
        ),
        dataset_name="orders",
    )
    recipe = Recipe(stack, "Clean", steps=ALL_STEPS, recipe_name="clean-clicks")
    loaded = Recipe.from_json(stack, "Loaded", FIXTURE, recipe_name="from-console")
    to_s3 = RecipeJob(
        stack,
        "CleanToS3",
        dataset=clicks,
        recipe=recipe,
        outputs=[
            JobOutput.s3(
                curated,
                "clicks/",
                partition_columns=["event_date"],
                compression="SNAPPY",
                overwrite=True,
            )
        ],
        timeout=Duration.minutes(20),
        max_capacity=3,
        max_retries=1,
        job_name="clean-to-s3",
    )
    RecipeJob(
        stack,
        "CleanToCatalog",
        dataset=clicks,
        recipe=loaded,
        outputs=[JobOutput.catalog(database, "clicks_clean", bucket=curated, prefix="cc/")],
        job_name="clean-to-catalog",
    )
    rules = Ruleset(
        stack,
        "Rules",
        dataset=orders,
        ruleset_name="order-rules",
        rules=[
            DataQualityRule(
                "amount not negative",
                ":col1 >= :val1",
                values={":col1": "`amount`", ":val1": "0"},
                columns=("amount",),
                threshold=Threshold(99.5),
            )
        ],
    )
    profile = ProfileJob(
        stack,
        "Profile",
        dataset=orders,
        output_bucket=curated,
        output_prefix="profiles/",
        rulesets=[rules],
        sample_rows=1000,
        job_name="profile-orders",
    )
    Schedule(stack, "Nightly", cron="cron(0 3 * * ? *)", jobs=[to_s3, profile], schedule_name="n")
    glue_job = EtlJob(
        stack,
        "OrdersEtl",
        job_name="orders-etl",
        specs=[
            S3Source("a", bucket=raw, prefix="in/"),
            S3Sink("b", input="a", bucket=curated, prefix="orders/"),
        ],
    )
    chain = RunAfterGlueJob(stack, "AfterOrders", glue_job=glue_job, databrew_job=profile)
    report = synthesize(app)
    return {"report": report, "template": report.templates["Test"], "chain": chain}


def _one(template, type_, prefix):
    return template["Resources"][logical_id(template, type_, prefix)]["Properties"]


def test_every_databrew_construct_is_clean(built):
    assert_clean(built["report"])


def test_dataset_from_s3_source_with_format_options_and_path_parameters(built):
    props = _one(built["template"], "AWS::DataBrew::Dataset", "Clicks")
    assert props == {
        "Name": "clicks",
        "Format": "CSV",
        "FormatOptions": {"Csv": {"Delimiter": ";", "HeaderRow": True}},
        "Input": {
            "S3InputDefinition": {
                "Bucket": {"Ref": logical_id(built["template"], "AWS::S3::Bucket", "Raw")},
                "Key": "clicks/",
            }
        },
        "PathOptions": {
            "Parameters": [
                {
                    "PathParameterName": "day",
                    "DatasetParameter": {
                        "Name": "day",
                        "Type": "Datetime",
                        "CreateColumn": True,
                        "DatetimeOptions": {"Format": "yyyy-MM-dd"},
                    },
                }
            ]
        },
    }


def test_dataset_from_catalog_source(built):
    props = _one(built["template"], "AWS::DataBrew::Dataset", "Orders")
    db = logical_id(built["template"], "AWS::Glue::Database", "Db")
    assert props == {
        "Name": "orders",
        "Input": {
            "DataCatalogInputDefinition": {"DatabaseName": {"Ref": db}, "TableName": "orders"}
        },
    }


def test_recipe_steps_render_as_documented(built):
    props = _one(built["template"], "AWS::DataBrew::Recipe", "Clean")
    assert props["Name"] == "clean-clicks"
    assert props["Steps"] == [
        _action("RENAME", sourceColumn="ts", targetColumn="clicked_at"),
        _action("CHANGE_DATA_TYPE", sourceColumn="clicked_at", columnDataType="timestamp"),
        _action("REMOVE_DUPLICATES", sourceColumn="event_id"),
        _action(
            "REMOVE_INVALID",
            sourceColumn="email",
            columnDataType="string",
            advancedDataType="EMAIL",
        ),
        _action("FILL_WITH_CUSTOM", sourceColumn="page", columnDataType="string", value="unknown"),
        _action(
            "SPLIT_COLUMN_SINGLE_DELIMITER",
            sourceColumn="page",
            pattern="/",
            limit="2",
            includeInSplit="false",
        ),
        _action(
            "DATE_FORMAT",
            sourceColumn="clicked_at",
            dateTimeFormat="yyyy-mm-dd",
            targetColumn="event_date",
        ),
        _action("FORMAT_DATE", sourceColumn="event_date", targetDateFormat="mm/dd/yyyy"),
        {
            "Action": {"Operation": "DELETE_DUPLICATE_ROWS"},
            "ConditionExpressions": [{"Condition": "IS_INVALID", "TargetColumn": "page"}],
        },
    ]


def _action(operation: str, **parameters: str) -> dict:
    return {"Action": {"Operation": operation, "Parameters": parameters}}


def test_recipe_loaded_from_a_console_export_keeps_every_step(built):
    props = _one(built["template"], "AWS::DataBrew::Recipe", "Loaded")
    assert props["Name"] == "from-console"
    assert props["Steps"] == json.loads(FIXTURE.read_text())


def test_recipe_job_to_s3(built):
    template = built["template"]
    props = _one(template, "AWS::DataBrew::Job", "CleanToS3")
    curated = logical_id(template, "AWS::S3::Bucket", "Curated")
    assert props == {
        "Name": "clean-to-s3",
        "Type": "RECIPE",
        "DatasetName": "clicks",
        "Recipe": {"Name": "clean-clicks", "Version": "LATEST_WORKING"},
        "RoleArn": {"Fn::GetAtt": [logical_id(template, "AWS::IAM::Role", "CleanToS3Role"), "Arn"]},
        "Outputs": [
            {
                "Location": {"Bucket": {"Ref": curated}, "Key": "clicks/"},
                "Format": "PARQUET",
                "CompressionFormat": "SNAPPY",
                "Overwrite": True,
                "PartitionColumns": ["event_date"],
            }
        ],
        "EncryptionMode": "SSE-KMS",
        "EncryptionKeyArn": {
            "Fn::GetAtt": [logical_id(template, "AWS::KMS::Key", "CuratedKey"), "Arn"]
        },
        "Timeout": 20,
        "MaxCapacity": 3,
        "MaxRetries": 1,
        "LogSubscription": "ENABLE",
    }
    # names, not Refs, tie a job to its dataset and recipe: the deploy order is explicit
    depends = template["Resources"][logical_id(template, "AWS::DataBrew::Job", "CleanToS3")][
        "DependsOn"
    ]
    assert {
        logical_id(template, "AWS::DataBrew::Dataset", "Clicks"),
        logical_id(template, "AWS::DataBrew::Recipe", "Clean"),
    } <= set(depends)


def test_recipe_job_to_catalog(built):
    template = built["template"]
    props = _one(template, "AWS::DataBrew::Job", "CleanToCatalog")
    assert "Outputs" not in props
    assert props["DataCatalogOutputs"] == [
        {
            "DatabaseName": {"Ref": logical_id(template, "AWS::Glue::Database", "Db")},
            "TableName": "clicks_clean",
            "Overwrite": False,
            "S3Options": {
                "Location": {
                    "Bucket": {"Ref": logical_id(template, "AWS::S3::Bucket", "Curated")},
                    "Key": "cc/",
                }
            },
        }
    ]
    assert props["Timeout"] == 60 and props["MaxCapacity"] == 5 and props["MaxRetries"] == 0


WRITE_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]


def _bucket_objects(bucket, prefix):
    return {"Fn::Join": ["", [{"Fn::GetAtt": [bucket, "Arn"]}, f"/{prefix}*"]]}


def test_recipe_job_role_reads_the_dataset_prefix_and_writes_only_the_output(built):
    template = built["template"]
    raw = logical_id(template, "AWS::S3::Bucket", "Raw")
    curated = logical_id(template, "AWS::S3::Bucket", "Curated")
    raw_key = {"Fn::GetAtt": [logical_id(template, "AWS::KMS::Key", "RawKey"), "Arn"]}
    curated_key = {"Fn::GetAtt": [logical_id(template, "AWS::KMS::Key", "CuratedKey"), "Arn"]}
    role = logical_id(template, "AWS::IAM::Role", "CleanToS3Role")
    trust = template["Resources"][role]["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust == [
        {
            "Action": "sts:AssumeRole",
            "Effect": "Allow",
            "Principal": {"Service": "databrew.amazonaws.com"},
        }
    ]
    assert policy_statements(template, role) == [
        {"Action": "s3:GetObject", "Effect": "Allow", "Resource": _bucket_objects(raw, "clicks/")},
        {
            "Action": "s3:ListBucket",
            "Condition": {"StringLike": {"s3:prefix": ["clicks/", "clicks/*"]}},
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [raw, "Arn"]},
        },
        # s3:prefix does not apply to GetBucketLocation: it stands alone (issue 17, section 5).
        {
            "Action": "s3:GetBucketLocation",
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [raw, "Arn"]},
        },
        {"Action": "kms:Decrypt", "Effect": "Allow", "Resource": raw_key},
        {
            "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            "Effect": "Allow",
            "Resource": arn("logs", ":log-group:/aws-glue-databrew/*"),
        },
        {
            "Action": WRITE_ACTIONS,
            "Effect": "Allow",
            "Resource": _bucket_objects(curated, "clicks/"),
        },
        {
            "Action": "s3:ListBucket",
            "Condition": {"StringLike": {"s3:prefix": ["clicks/", "clicks/*"]}},
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [curated, "Arn"]},
        },
        # s3:prefix does not apply to GetBucketLocation: it stands alone (issue 17, section 5).
        {
            "Action": "s3:GetBucketLocation",
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [curated, "Arn"]},
        },
        {
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Effect": "Allow",
            "Resource": curated_key,
        },
    ]


def test_catalog_output_role_may_create_and_update_only_its_table(built):
    template = built["template"]
    role = logical_id(template, "AWS::IAM::Role", "CleanToCatalogRole")
    db = {"Ref": logical_id(template, "AWS::Glue::Database", "Db")}
    [catalog] = [s for s in policy_statements(template, role) if "glue:CreateTable" in s["Action"]]
    assert catalog["Resource"] == [
        arn("glue", ":catalog"),
        arn("glue", ":database/", db),
        arn("glue", ":table/", db, "/clicks_clean"),
    ]
    assert not any("glue:DeleteTable" in s["Action"] for s in policy_statements(template, role))


def test_profile_job_with_output_sample_and_ruleset(built):
    template = built["template"]
    props = _one(template, "AWS::DataBrew::Job", "Profile")
    assert props["Type"] == "PROFILE"
    assert props["OutputLocation"] == {
        "Bucket": {"Ref": logical_id(template, "AWS::S3::Bucket", "Curated")},
        "Key": "profiles/",
    }
    assert props["JobSample"] == {"Mode": "CUSTOM_ROWS", "Size": 1000}
    assert props["ValidationConfigurations"] == [
        {"RulesetArn": arn("databrew", ":ruleset/order-rules"), "ValidationMode": "CHECK_ALL"}
    ]
    assert "Recipe" not in props and "Outputs" not in props
    ruleset = _one(template, "AWS::DataBrew::Ruleset", "Rules")
    assert ruleset == {
        "Name": "order-rules",
        "TargetArn": arn("databrew", ":dataset/orders"),
        "Rules": [
            {
                "Name": "amount not negative",
                "CheckExpression": ":col1 >= :val1",
                "SubstitutionMap": [
                    {"ValueReference": ":col1", "Value": "`amount`"},
                    {"ValueReference": ":val1", "Value": "0"},
                ],
                "ColumnSelectors": [{"Name": "amount"}],
                "Threshold": {"Value": 99.5, "Type": "GREATER_THAN_OR_EQUAL", "Unit": "PERCENTAGE"},
            }
        ],
    }


def test_profile_job_role_reads_the_catalog_table_and_its_files(built):
    template = built["template"]
    role = logical_id(template, "AWS::IAM::Role", "ProfileRole")
    statements = policy_statements(template, role)
    curated = logical_id(template, "AWS::S3::Bucket", "Curated")
    [read] = [s for s in statements if s["Action"] == "s3:GetObject"]
    assert read["Resource"] == _bucket_objects(curated, "orders/")
    [write] = [s for s in statements if "s3:PutObject" in s["Action"]]
    assert write["Resource"] == _bucket_objects(curated, "profiles/")
    [catalog] = [s for s in statements if "glue:GetTable" in s["Action"]]
    assert "glue:CreateTable" not in catalog["Action"]


def test_schedule(built):
    template = built["template"]
    props = _one(template, "AWS::DataBrew::Schedule", "Nightly")
    assert props == {
        "Name": "n",
        "CronExpression": "cron(0 3 * * ? *)",
        "JobNames": ["clean-to-s3", "profile-orders"],
    }


def test_chaining_rule_pattern_target_and_its_role(built):
    template = built["template"]
    machine = logical_id(template, "AWS::StepFunctions::StateMachine", "AfterOrders")
    rule = _one(template, "AWS::Events::Rule", "AfterOrders")
    events_role = logical_id(template, "AWS::IAM::Role", "AfterOrdersEventsRole")
    assert rule["EventPattern"] == {
        "source": ["aws.glue"],
        "detail-type": ["Glue Job State Change"],
        "detail": {"jobName": ["orders-etl"], "state": ["SUCCEEDED"]},
    }
    assert rule["Targets"] == [
        {"Arn": {"Ref": machine}, "Id": "Target0", "RoleArn": {"Fn::GetAtt": [events_role, "Arn"]}}
    ]
    assert policy_statements(template, events_role) == [
        {"Action": "states:StartExecution", "Effect": "Allow", "Resource": {"Ref": machine}}
    ]


def test_chaining_state_machine_runs_the_job_and_waits(built):
    template = built["template"]
    props = _one(template, "AWS::StepFunctions::StateMachine", "AfterOrders")
    parts = props["DefinitionString"]["Fn::Join"][1]
    definition = json.loads("".join(p if isinstance(p, str) else "aws" for p in parts))
    assert definition == {
        "StartAt": "StartDataBrewJob",
        "States": {
            "StartDataBrewJob": {
                "End": True,
                "Type": "Task",
                "Resource": "arn:aws:states:::databrew:startJobRun.sync",
                "Parameters": {"Name": "profile-orders"},
            }
        },
        "TimeoutSeconds": (60 + 15) * 60,
    }
    assert props["TracingConfiguration"] == {"Enabled": True}
    assert props["LoggingConfiguration"]["Level"] == "ALL"
    assert props["LoggingConfiguration"]["IncludeExecutionData"] is False
    role = logical_id(template, "AWS::IAM::Role", "AfterOrdersStateMachineRole")
    statements = policy_statements(template, role)
    assert statements[0] == {
        "Action": ["databrew:startJobRun", "databrew:stopJobRun", "databrew:listJobRuns"],
        "Effect": "Allow",
        "Resource": arn("databrew", ":job/profile-orders"),
    }
    # the rest is log delivery and X-Ray, which take no resource ARNs
    assert {s["Resource"] for s in statements[1:]} == {"*"}
    assert all(a.startswith(("logs:", "xray:")) for s in statements[1:] for a in s["Action"])


def test_only_the_state_machine_wildcard_is_acknowledged_with_a_reason(built):
    acks = [a for a in built["report"].acknowledged if "AfterOrders" in a.location]
    assert {a.rule for a in acks} == {"AwsSolutions-IAM5[Resource::*]"}
    assert all("no resource-level" in a.reason for a in acks)


def test_reference_app_profiles_curated_orders_after_the_orders_job(reference):
    template = reference.templates["DataLake"]
    jobs = [
        v["Properties"] for v in template["Resources"].values() if v["Type"] == "AWS::DataBrew::Job"
    ]
    assert [(j["Name"], j["Type"]) for j in jobs] == [("shop-curated-orders-profile", "PROFILE")]
    # the one rule on a Glue job's success (the others watch failures for the alarms)
    [rule] = [
        v["Properties"]
        for v in template["Resources"].values()
        if v["Type"] == "AWS::Events::Rule"
        and v["Properties"]["EventPattern"]["source"] == ["aws.glue"]
        and v["Properties"]["EventPattern"]["detail"].get("state") == ["SUCCEEDED"]
    ]
    assert rule["EventPattern"]["detail"] == {"jobName": ["shop-orders"], "state": ["SUCCEEDED"]}
    crawler = next(
        v["Properties"]
        for k, v in template["Resources"].items()
        if k.startswith("CatalogCuratedCrawler") and v["Type"] == "AWS::Glue::Crawler"
    )
    assert "databrew-profiles/**" in crawler["Targets"]["S3Targets"][0]["Exclusions"]


# --- validation: each error names the construct path, the bad value and what is valid ---


def _raises(build) -> str:
    with pytest.raises(GlueforgeValidationError) as caught:
        build()
    return str(caught.value)


def test_unknown_action_and_bad_parameters_are_refused_with_the_path(stack):
    message = _raises(
        lambda: Recipe(
            stack,
            "Bad",
            steps=[
                RecipeStep("RENAME_COLUMN", {"sourceColumn": "a"}),
                RecipeStep("RENAME", {"sourceColumn": "a", "newName": "b"}),
                RecipeStep.change_type("a", "integer"),
                RecipeStep.split_column("a", ",", splits=21),
                RecipeStep("DATE_FORMAT", {"sourceColumn": "a", "value": "x", "targetColumn": "t"}),
                RecipeStep("RENAME", {"sourceColumn": "a", "targetColumn": 3}),
                RecipeStep.rename("a", "b").when(StepCondition("is invalid", "a")),
            ],
        )
    )
    assert message == (
        "Test/Bad: step 1 (RENAME_COLUMN): operation 'RENAME_COLUMN' is not one of the "
        f"recipe actions glueforge checks: {sorted(ACTIONS)}; "
        "step 2 (RENAME): RENAME needs ['targetColumn'], got ['newName', 'sourceColumn']; "
        "step 2 (RENAME): RENAME has no parameter ['newName']; its parameters are "
        "['sourceColumn', 'targetColumn'] "
        "(https://docs.aws.amazon.com/databrew/latest/dg/recipe-actions.RENAME.html); "
        "step 3 (CHANGE_DATA_TYPE): CHANGE_DATA_TYPE columnDataType 'integer' is not one of "
        "['byte', 'short', 'int', 'long', 'float', 'double', 'decimal', 'string', 'boolean', "
        "'timestamp', 'date']; "
        "step 4 (SPLIT_COLUMN_SINGLE_DELIMITER): SPLIT_COLUMN_SINGLE_DELIMITER limit must be "
        "1-20, got '21'; "
        "step 5 (DATE_FORMAT): DATE_FORMAT needs exactly one of ['sourceColumn', 'value'], "
        "got ['sourceColumn', 'value']; "
        "step 6 (RENAME): parameter 'targetColumn' of RENAME must be text, got int; "
        "step 7 (RENAME): condition 'is invalid' must be upper-case letters and '_' (1-128), "
        "e.g. 'IS_INVALID'"
    )


def test_console_export_with_a_bad_step_names_the_step(stack, tmp_path):
    exported = tmp_path / "recipe.json"
    exported.write_text(
        json.dumps(
            [
                {
                    "Action": {
                        "Operation": "FILL_WITH_CUSTOM",
                        "Parameters": {"sourceColumn": "a", "columnDataType": "text", "value": "x"},
                    }
                }
            ]
        )  # fmt: skip
    )
    assert _raises(lambda: Recipe.from_json(stack, "Exported", exported)) == (
        "Test/Exported: step 1 (FILL_WITH_CUSTOM): FILL_WITH_CUSTOM columnDataType 'text' is "
        "not one of ['date', 'number', 'boolean', 'unsupported', 'string', 'timestamp']"
    )
    assert _raises(lambda: Recipe.from_json(stack, "NotJson", "{not json")).startswith(
        "Test/NotJson: cannot read recipe JSON: "
    )
    assert _raises(lambda: Recipe.from_json(stack, "NotList", '"RENAME"')) == (
        "Test/NotList: recipe JSON must be a list of steps, e.g. "
        '[{"Action": {"Operation": "RENAME", "Parameters": {...}}}]'
    )
    assert _raises(lambda: Recipe(stack, "Empty", steps=[])) == (
        "Test/Empty: a recipe needs at least one step, e.g. RecipeStep.rename('ts', 'clicked_at')"
    )


def test_dataset_job_schedule_and_chaining_problems(stack):
    bucket = SecureBucket(stack, "B")
    assert _raises(
        lambda: Dataset(
            stack,
            "Avro",
            source=S3Source("a", bucket=bucket, prefix="/x/", format="avro"),
            path_parameters=[PathParameter("d", "Datetime")],
        )
    ) == (
        "Test/Avro: S3 prefix '/x/' must not start with '/'; expected e.g. 'raw/clicks/'; "
        "format 'avro' is not one DataBrew datasets read: ['csv', 'json', 'parquet', 'orc']; "
        "path parameter 'd': give datetime_format exactly when type is 'Datetime' "
        "(e.g. 'yyyy-MM-dd'), got type 'Datetime' and format None"
    )
    dataset = Dataset(stack, "D", source=S3Source("a", bucket=bucket, prefix="a/"))
    recipe = Recipe(stack, "R", steps=[RecipeStep.rename("a", "b")])
    assert _raises(
        lambda: RecipeJob(
            stack,
            "J",
            dataset=dataset,
            recipe=recipe,
            outputs=[JobOutput.s3(bucket, "o/", format="parquet", max_output_files=1000)],
            timeout=Duration.seconds(30),
            max_capacity=0,
        )
    ) == (
        "Test/J: timeout must be a whole number of minutes, at least 1, got 30 seconds; "
        "max_capacity must be 1 or more nodes, got 0; "
        "output 1: output format 'parquet' is not one of ['CSV', 'JSON', 'PARQUET', "
        "'GLUEPARQUET', 'AVRO', 'ORC', 'XML', 'TABLEAUHYPER']; "
        "output 1: max_output_files must be 1-999, got 1000"
    )
    other = SecureBucket(stack, "Other")
    assert _raises(
        lambda: RecipeJob(
            stack,
            "TwoKeys",
            dataset=dataset,
            recipe=recipe,
            outputs=[JobOutput.s3(bucket, "o/"), JobOutput.s3(other, "o/")],
        )
    ) == (
        "Test/TwoKeys: the outputs' buckets use different KMS keys; give encryption_key= to "
        "choose the one DataBrew encrypts output with"
    )
    job = RecipeJob(
        stack, "Ok", dataset=dataset, recipe=recipe, outputs=[JobOutput.s3(bucket, "o/")]
    )
    assert _raises(lambda: Schedule(stack, "S", cron="cron(0/1 * * * ? *)", jobs=[job])) == (
        "Test/S: schedule 'cron(0/1 * * * ? *)': fires 1 minute(s) apart; Glue schedules run "
        "at most every 5 minutes, e.g. 'cron(0/5 * * * ? *)'"
    )
    assert _raises(
        lambda: RunAfterGlueJob(stack, "C", glue_job=object(), databrew_job=job, states=["DONE"])
    ) == (
        "Test/C: state 'DONE' is not a Glue job state; expected one of ['SUCCEEDED', "
        "'FAILED', 'TIMEOUT', 'STOPPED']; glue_job must have a job_name (a glueforge EtlJob), "
        "got object"
    )


def test_run_after_glue_job_takes_the_vocabulary_job_states(stack):
    from aws_cdk.assertions import Template

    from glueforge import JobState

    bucket = SecureBucket(stack, "B")
    dataset = Dataset(stack, "D", source=S3Source("a", bucket=bucket, prefix="a/"))
    profile = ProfileJob(stack, "P", dataset=dataset, output_bucket=bucket)
    glue_job = glue.Job.from_job_attributes(stack, "G", job_name="orders")
    states = (JobState.FAILED, "TIMEOUT")
    RunAfterGlueJob(stack, "OnFailure", glue_job=glue_job, databrew_job=profile, states=states)
    [rule] = Template.from_stack(stack).find_resources("AWS::Events::Rule").values()
    pattern = rule["Properties"]["EventPattern"]
    assert pattern["detail"] == {"jobName": ["orders"], "state": ["FAILED", "TIMEOUT"]}


def test_ruleset_problems_and_a_ruleset_of_another_dataset(stack):
    bucket = SecureBucket(stack, "B")
    one = Dataset(stack, "One", source=S3Source("a", bucket=bucket, prefix="a/"))
    two = Dataset(stack, "Two", source=S3Source("b", bucket=bucket, prefix="b/"))
    assert _raises(
        lambda: Ruleset(
            stack,
            "Bad",
            dataset=one,
            rules=[DataQualityRule("r", ":col1 > :val1; drop", {":col1": "`a`", "val2": "1"})],
        )
    ) == (
        "Test/Bad: rule 'r': check_expression ':col1 > :val1; drop' must be 4-1024 of letters, "
        "digits, spaces and > < = ! . , : ( ) _; rule 'r': no value for [':val1']; give "
        "values={...} for each; rule 'r': value names ['val2'] must look like ':name'"
    )
    rule = DataQualityRule("r", ":c > :v", {":c": "`a`", ":v": "0"})
    rules = Ruleset(stack, "Rules", dataset=one, rules=[rule])
    assert (
        _raises(lambda: ProfileJob(stack, "P", dataset=two, output_bucket=bucket, rulesets=[rules]))
        == "Test/P: ruleset Test/Rules checks dataset Test/One, not this job's dataset Test/Two"
    )


def test_explicit_key_is_granted_and_used(stack):
    from tests.helpers.iam import actions_on

    bucket = SecureBucket(stack, "B")
    key = kms.Key(stack, "OutKey", enable_key_rotation=True)
    dataset = Dataset(stack, "D", source=S3Source("a", bucket=bucket, prefix="a/"))
    recipe = Recipe(stack, "R", steps=[RecipeStep.rename("a", "b")])
    output = JobOutput.s3(bucket, "o/")
    RecipeJob(stack, "J", dataset=dataset, recipe=recipe, outputs=[output], encryption_key=key)
    template = stack.node.root.synth().get_stack_by_name("Test").template
    job = _one(template, "AWS::DataBrew::Job", "J")
    key_id = logical_id(template, "AWS::KMS::Key", "OutKey")
    assert job["EncryptionKeyArn"] == {"Fn::GetAtt": [key_id, "Arn"]}
    role = logical_id(template, "AWS::IAM::Role", "JRole")
    assert actions_on(policy_statements(template, role), key_id) == {
        "kms:GenerateDataKey",
        "kms:Decrypt",
    }


def test_databrew_cost_per_node_minute():
    assert DATABREW_JOB_USD_PER_NODE_HOUR == 0.48
    assert databrew_job_cost(5, 3600) == pytest.approx(2.40)
    assert databrew_job_cost(1, 61) == pytest.approx(2 / 60 * 0.48)  # rounds up to 2 minutes
    assert databrew_job_cost(2, 0) == 0


def test_readme_example_runs(tmp_path, monkeypatch, capsys):
    import re

    # The DataBrew guide's first example (the README links to it).
    readme = (Path(__file__).resolve().parents[2] / "docs" / "databrew.md").read_text()
    [example] = [
        b
        for b in re.findall(r"```python\n(.*?)```", readme, flags=re.S)
        if "RecipeJob(" in b and "Schedule(" in b
    ]
    monkeypatch.setenv("CDK_OUTDIR", str(tmp_path / "cdk.out"))
    namespace: dict = {}
    exec(compile(example, "docs/databrew.md", "exec"), namespace)
    assert capsys.readouterr().out == "worst case per run: $2.40\n"
    template = namespace["app"].synth().get_stack_by_name("Prep").template
    types = sorted(r["Type"] for r in template["Resources"].values() if "DataBrew" in r["Type"])
    assert types == [
        "AWS::DataBrew::Dataset",
        "AWS::DataBrew::Job",
        "AWS::DataBrew::Recipe",
        "AWS::DataBrew::Schedule",
    ]
