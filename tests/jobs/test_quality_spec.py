"""EvaluateDataQuality: Glue's Data Quality transform as a job step.

Expected scripts are written by hand from Glue's documented call ("EvaluateDataQuality
class",
https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-transforms-EvaluateDataQuality.html);
expected grants from "Configure IAM permissions for AWS Glue Data Quality"
(https://docs.aws.amazon.com/glue/latest/dg/data-quality-authorization.html) and the
CloudWatch namespace "Glue Data Quality"
(https://docs.aws.amazon.com/glue/latest/dg/data-quality-alerts.html).
"""

import ast
import json

import pytest
from aws_cdk import App, Stack

from glueforge import GlueforgeValidationError, SecureBucket
from glueforge.core.locations import S3Location
from glueforge.jobs.etl_job import EtlJob
from glueforge.jobs.script.checks import check_script, scala_parser_available
from glueforge.jobs.script.rendered import render_script
from glueforge.jobs.specs import (
    DataQualityFailureAction,
    EvaluateDataQuality,
    Mapping,
    S3Sink,
    S3Source,
)
from glueforge.jobs.specs.base import JobSpec
from tests.helpers.iam import arn, logical_id, policy_statements

RULESET = 'Rules = [ IsComplete "order_id", ColumnValues "amount" >= 0 ]'
# A ruleset that breaks out of any naive quoting: double and single quotes, a Python
# triple quote, backslashes (a DQDL escape and a bare one), braces of str.format and
# Jinja, a Scala interpolator and a line break. The parser accepts it as DQDL.
HOSTILE = (
    'Rules = [ ColumnValues "status" in ["a\\"b", "x\'\'\'y", "{}", "{{ x }}", "$s", "\\\\"],\n'
    '  CustomSql "select count(*) from primary where note = \\"\\"\\"{0}\\"\\"\\"" > 0 ]'
)


def _specs(raw, ruleset=RULESET, **options):
    return [
        S3Source("orders", bucket=raw, prefix="orders/", format="csv"),
        EvaluateDataQuality("checks", input="orders", ruleset=ruleset, **options),
        S3Sink("curated", input="checks", bucket=raw, prefix="curated/"),
    ]


def _render(specs, language="pyspark"):
    script, problems = render_script(
        JobSpec.of(specs), language, construct_path="S/Job", version="0"
    )
    return script.text, problems


@pytest.fixture
def raw():
    return SecureBucket(Stack(App(), "S"), "Raw")


# ---- rendering -------------------------------------------------------------------------


def test_fail_job_renders_glues_call_then_fails_on_a_failed_rule(raw):
    text, problems = _render(_specs(raw))
    assert problems == []  # compiles and pyflakes accepts it
    assert "from awsgluedq.transforms import EvaluateDataQuality\n" in text
    assert "from awsglue.dynamicframe import DynamicFrame\n" in text
    # the default results prefix is built from the job's --TempDir, so the script reads it
    assert 'getResolvedOptions(sys.argv, ["JOB_NAME", "TempDir", ' in text
    expected = """\
_checks_dq = EvaluateDataQuality().process_rows(
    frame=DynamicFrame.fromDF(orders, glue_context, "transform_checks"),
    ruleset='Rules = [ IsComplete "order_id", ColumnValues "amount" >= 0 ]',
    publishing_options={
        "dataQualityEvaluationContext": "checks",
        "enableDataQualityCloudWatchMetrics": True,
        "enableDataQualityResultsPublishing": True,
        "resultsS3Prefix": args["TempDir"].rstrip("/") + "/data-quality/checks/",
    },
)
# The results are published by now; a failed rule fails the run.
_checks_failed_rules = [
    row["Rule"]
    for row in _checks_dq.select("ruleOutcomes").toDF().collect()
    if row["Outcome"] == "Failed"
]
if _checks_failed_rules:
    raise RuntimeError(
        "data quality step 'checks' failed rules: " + "; ".join(_checks_failed_rules)
    )
checks = orders
"""
    assert expected in text


def test_route_gives_failing_rows_their_own_output(raw):
    specs = [
        S3Source("orders", bucket=raw, prefix="orders/", format="csv"),
        EvaluateDataQuality(
            "checks",
            input="orders",
            ruleset=RULESET,
            on_failure="route",
            results_location=S3Location(raw, "dq/"),
            evaluation_context="orders-nightly",
            publish_cloudwatch_metrics=False,
        ),
        S3Sink("good", input="checks", bucket=raw, prefix="good/"),
        S3Sink("bad", input="checks_failed", bucket=raw, prefix="bad/"),
    ]
    assert JobSpec.of(specs).problems() == []
    text, problems = _render(specs)
    assert problems == []
    assert "from pyspark.sql import functions as F\n" in text
    assert "TempDir" not in text  # the results prefix is a job argument of its own
    expected = """\
_checks_dq = EvaluateDataQuality().process_rows(
    frame=DynamicFrame.fromDF(orders, glue_context, "transform_checks"),
    ruleset='Rules = [ IsComplete "order_id", ColumnValues "amount" >= 0 ]',
    publishing_options={
        "dataQualityEvaluationContext": "orders-nightly",
        "enableDataQualityCloudWatchMetrics": False,
        "enableDataQualityResultsPublishing": True,
        "resultsS3Prefix": args["transform_checks_results"],
    },
)
_checks_rows = _checks_dq.select("rowLevelOutcomes").toDF()
_checks_failing = F.coalesce(
    F.col("DataQualityEvaluationResult").startswith("Failed"), F.lit(False)
)
checks_failed = _checks_rows.filter(_checks_failing)
checks = _checks_rows.filter(~_checks_failing).drop(
    "DataQualityRulesPass",
    "DataQualityRulesFail",
    "DataQualityRulesSkip",
    "DataQualityEvaluationResult",
)
"""
    assert expected in text
    assert 'frame=DynamicFrame.fromDF(checks_failed, glue_context, "sink_bad")' in text


def test_continue_only_publishes(raw):
    text, problems = _render(_specs(raw, on_failure=DataQualityFailureAction.CONTINUE))
    # the value, in any case, means the same
    assert _render(_specs(raw, on_failure="CONTINUE")) == (text, problems)
    assert problems == []
    assert "checks = orders\n" in text
    assert "ruleOutcomes" not in text and "rowLevelOutcomes" not in text
    assert "raise" not in text


def test_hostile_ruleset_reaches_the_script_as_its_exact_text(raw):
    text, problems = _render(_specs(raw, HOSTILE))
    assert problems == []
    calls = [
        node
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "process_rows"
    ]
    [call] = calls
    [ruleset] = [k.value for k in call.keywords if k.arg == "ruleset"]
    assert isinstance(ruleset, ast.Constant)  # a literal, nothing evaluated
    assert ruleset.value == HOSTILE
    assert check_script(text, "pyspark", template="t") == []


@pytest.mark.skipif(not scala_parser_available(), reason="scalac is not installed")
def test_hostile_ruleset_in_scala_is_one_plain_string_literal(raw):
    text, problems = _render(_specs(raw, HOSTILE), "scala")
    assert problems == []  # scalac parsed it
    # Hand-escaped: " -> \", \ -> \\, line break -> \n; no s"..." interpolation.
    expected = (
        '  ruleset = "Rules = [ ColumnValues \\"status\\" in [\\"a\\\\\\"b\\", '
        '\\"x\'\'\'y\\", \\"{}\\", \\"{{ x }}\\", \\"$s\\", \\"\\\\\\\\\\"],\\n'
        '  CustomSql \\"select count(*) from primary where note = '
        '\\\\\\"\\\\\\"\\\\\\"{0}\\\\\\"\\\\\\"\\\\\\"\\" > 0 ]",\n'
    )
    assert expected in text


@pytest.mark.skipif(not scala_parser_available(), reason="scalac is not installed")
def test_scala_fail_job_uses_the_documented_apply(raw):
    text, problems = _render(_specs(raw), "scala")
    assert problems == []
    expected = """\
    val _checksDq = com.amazonaws.services.glue.dq.EvaluateDataQuality.apply(
      frame = DynamicFrame(orders, glueContext),
      ruleset = "Rules = [ IsComplete \\"order_id\\", ColumnValues \\"amount\\" >= 0 ]",
      publishingOptions = JsonOptions(Map(
        "dataQualityEvaluationContext" -> "checks",
        "enableDataQualityCloudWatchMetrics" -> true,
        "enableDataQualityResultsPublishing" -> true,
        "resultsS3Prefix" -> (args("TempDir").stripSuffix("/") + "/data-quality/checks/")
      ))
    )
"""
    assert expected in text
    assert '.filter(col("Outcome") === "Failed")' in text
    assert "throw new RuntimeException(" in text


# ---- the job: arguments, grants, errors -------------------------------------------------


def test_job_arguments_local_mapping_and_exact_grants(stack, synth):
    raw, results = SecureBucket(stack, "Raw"), SecureBucket(stack, "Results")
    job = EtlJob(
        stack,
        "Job",
        specs=_specs(raw, results_location=S3Location(results, "dq/orders/")),
        encryption=False,
    )
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    results_id = logical_id(template, "AWS::S3::Bucket", "Results")
    arguments = template["Resources"][logical_id(template, "AWS::Glue::Job", "Job")]["Properties"][
        "DefaultArguments"
    ]
    assert arguments["--transform_checks_results"] == {
        "Fn::Join": ["", ["s3://", {"Ref": results_id}, "/dq/orders/"]]
    }
    # a local run writes the results into the bucket's local folder
    assert job.script_metadata["localArguments"]["transform_checks_results"] == {
        "kind": "s3",
        "bucket": "Results",
        "key": "dq/orders/",
    }
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "JobRole"))
    bucket_arn = {"Fn::GetAtt": [results_id, "Arn"]}
    key_arn = {"Fn::GetAtt": [logical_id(template, "AWS::KMS::Key", "Results"), "Arn"]}
    for expected in [
        {
            "Action": "glue:PublishDataQuality",
            "Effect": "Allow",
            "Resource": arn("glue", ":dataQualityRuleset/*"),
        },
        {
            "Action": "cloudwatch:PutMetricData",
            "Condition": {"StringEquals": {"cloudwatch:namespace": "Glue Data Quality"}},
            "Effect": "Allow",
            "Resource": "*",
        },
        {
            "Action": [
                "s3:GetObject",
                "s3:PutObject",
                "s3:DeleteObject",
                "s3:AbortMultipartUpload",
            ],
            "Effect": "Allow",
            "Resource": {"Fn::Join": ["", [bucket_arn, "/dq/orders/*"]]},
        },
        {
            "Action": "s3:ListBucket",
            "Condition": {"StringLike": {"s3:prefix": ["dq/orders/", "dq/orders/*"]}},
            "Effect": "Allow",
            "Resource": bucket_arn,
        },
    ]:
        assert expected in statements, json.dumps(expected)
    # SSE-KMS: the results bucket's key, to encrypt what Glue writes
    key_statements = [s for s in statements if key_arn in _as_list(s["Resource"])]
    assert key_statements and all(
        {"kms:Decrypt", "kms:GenerateDataKey"} <= set(_as_list(s["Action"])) for s in key_statements
    )
    # nothing else on the results bucket
    assert [s for s in statements if results_id in json.dumps(s["Resource"])] == [
        s
        for s in statements
        if s["Resource"] in (bucket_arn, {"Fn::Join": ["", [bucket_arn, "/dq/orders/*"]]})
    ]


def test_no_metrics_grant_without_metrics(stack, synth):
    raw = SecureBucket(stack, "Raw")
    EtlJob(
        stack,
        "Job",
        specs=_specs(raw, publish_cloudwatch_metrics=False),
        metrics=False,
        encryption=False,
    )
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "JobRole"))
    assert not [s for s in statements if "cloudwatch:PutMetricData" in _as_list(s["Action"])]
    assert [s["Resource"] for s in statements if s["Action"] == "glue:PublishDataQuality"] == [
        arn("glue", ":dataQualityRuleset/*")
    ]


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _error(language="pyspark", **options):
    stack = Stack(App(), "DataLake")
    raw = SecureBucket(stack, "Raw")
    specs = options.pop("specs", None) or _specs(raw, **options)
    with pytest.raises(GlueforgeValidationError) as caught:
        EtlJob(stack, "OrdersJob", specs=specs, language=language)
    assert str(caught.value).startswith("DataLake/OrdersJob: ")
    return caught.value.problems


def test_bad_on_failure_fails_synth():
    assert _error(on_failure="retry") == [
        "transform 'checks': on_failure 'retry' is not one of ['fail_job', 'route', 'continue']"
    ]


def test_bad_evaluation_context_fails_synth():
    assert _error(evaluation_context="orders checks") == [
        "transform 'checks': evaluation_context 'orders checks' must be letters, digits, '_' "
        "and '-' (Glue's DQResultsPublishingOptions.EvaluationContext), e.g. 'orders_checks'"
    ]


def test_ruleset_of_no_known_kind_fails_synth():
    assert _error(ruleset=42) == [
        "transform 'checks': ruleset must be DQDL text, a builder ruleset (to_dqdl()) or a "
        "DataQualityRuleset, got int"
    ]


def test_route_is_refused_in_scala_naming_the_step():
    [problem] = _error("scala", on_failure="route")
    assert "transform 'checks'" in problem
    assert "on_failure 'route' is supported for PySpark jobs only" in problem


# ---- rulesets through the DQDL parser (glueforge.quality.parser) -----------------------


def test_bad_dqdl_fails_synth_naming_the_step():
    [problem] = _error(ruleset='Rules = [ IsCompleet "order_id" ]')
    assert problem.startswith("transform 'checks': ruleset: rule 1 `IsCompleet \"order_id\"`: ")
    assert "unknown rule type `IsCompleet`" in problem


def test_bad_column_fails_synth_where_the_columns_are_known():
    columns = {"order_id": "bigint", "amount": "double"}
    [problem] = _error(ruleset='Rules = [ IsComplete "customer" ]', columns=columns)
    assert problem.startswith("transform 'checks': ruleset: rule 1 `IsComplete \"customer\"`: ")
    assert "'customer'" in problem
    # the same ruleset passes without known columns
    assert (
        EvaluateDataQuality("c", input="x", ruleset='Rules = [ IsComplete "customer" ]').problems()
        == []
    )


def test_columns_as_pairs_are_checked_like_a_schema():
    step = EvaluateDataQuality(
        "c", input="x", ruleset='Rules = [ IsComplete "id" ]', columns=[("id", "bigint"), ("id",)]
    )
    assert step.problems() == ["schema column ('id',) must be (name, type)"]
    pairs = EvaluateDataQuality(
        "c", input="x", ruleset='Rules = [ IsComplete "id" ]', columns=[("name", "string")]
    )
    [problem] = pairs.problems()
    assert "'id'" in problem


def test_columns_come_from_the_input_step_where_it_declares_them(raw):
    typed = Mapping("typed", input="orders", mappings=(("id", "order_id", "bigint"),))
    step = EvaluateDataQuality("checks", input="typed", ruleset='Rules = [ IsComplete "id" ]')
    [problem] = step.problems_with_inputs([typed])
    assert "'id'" in problem
    ok = EvaluateDataQuality("checks", input="typed", ruleset='Rules = [ IsComplete "order_id" ]')
    assert ok.problems_with_inputs([typed]) == []


def test_a_jobs_checks_take_the_input_steps_columns():
    # The Mapping's output has exactly the columns it maps to: order_id and amount. A
    # ruleset naming the source column "id" (renamed away) must fail synth, naming the job
    # and the step; the same job checking the mapped names synthesizes.
    def specs(raw, ruleset):
        return [
            S3Source("orders", bucket=raw, prefix="orders/", format="csv"),
            Mapping(
                "typed",
                input="orders",
                mappings=(("id", "order_id", "bigint"), ("amount", "amount", "double")),
            ),
            EvaluateDataQuality("checks", input="typed", ruleset=ruleset),
            S3Sink("curated", input="checks", bucket=raw, prefix="curated/"),
        ]

    stack = Stack(App(), "DataLake")
    with pytest.raises(GlueforgeValidationError) as caught:
        EtlJob(
            stack,
            "OrdersJob",
            specs=specs(SecureBucket(stack, "Raw"), 'Rules = [ IsComplete "id" ]'),
        )
    assert str(caught.value).startswith("DataLake/OrdersJob: ")
    [problem] = caught.value.problems
    assert problem.startswith("transform 'checks': ruleset: rule 1 `IsComplete \"id\"`: ")
    assert "'id'" in problem
    ok = Stack(App(), "DataLake")
    good = 'Rules = [ IsComplete "order_id", ColumnValues "amount" >= 0 ]'
    EtlJob(ok, "OrdersJob", specs=specs(SecureBucket(ok, "Raw"), good))


def test_hostile_ruleset_is_valid_dqdl():
    assert EvaluateDataQuality("c", input="x", ruleset=HOSTILE).problems() == []


def test_builder_and_construct_rulesets_give_their_dqdl(raw):
    class Built:
        def to_dqdl(self):
            return RULESET

    class Construct:
        dqdl = RULESET
        ruleset_name = "orders"

    for ruleset in (Built(), Construct()):
        step = EvaluateDataQuality("checks", input="orders", ruleset=ruleset)
        assert step.problems() == []
        text, _ = _render([*_specs(raw)[:1], step, _specs(raw)[2]])
        assert 'ruleset=\'Rules = [ IsComplete "order_id", ColumnValues "amount" >= 0 ]\',' in text


# ---- a local run of the rendered script (glueforge local-run's awsgluedq shim) -----------

# id 1 passes both rules; id 2 has amount -1 (fails ColumnValues "amount" > 0); the third
# has no id (fails IsComplete "id"). By hand: the passing output is id 1 only, the failed
# output ids 2 and None, and both rules fail.
ORDERS = '{"id": 1, "amount": 5.0}\n{"id": 2, "amount": -1.0}\n{"amount": 3.0}\n'
RULES = 'Rules = [ IsComplete "id", ColumnValues "amount" > 0 ]'


@pytest.fixture(scope="module")
def spark():
    from glueforge.local.session import spark_session

    # The active session when tests/local made one; tests/local's fixture stops it.
    return spark_session("local[2]", shuffle_partitions=2)


def _run_locally(spark, tmp_path, on_failure):
    from glueforge.local import LocalJob, run_job

    stack = Stack(App(), "Local")
    raw, curated = SecureBucket(stack, "Raw"), SecureBucket(stack, "Curated")
    job = EtlJob(
        stack,
        "Job",
        job_name="dq-local",
        specs=[
            S3Source("orders", bucket=raw, prefix="orders/", format="json"),
            EvaluateDataQuality(
                "checks",
                input="orders",
                ruleset=RULES,
                on_failure=on_failure,
                results_location=S3Location(curated, "dq/"),
            ),
            S3Sink("good", input="checks", bucket=curated, prefix="good/", format="json"),
            *(
                [S3Sink("bad", input="checks_failed", bucket=curated, prefix="bad/", format="json")]
                if on_failure == "route"
                else []
            ),
        ],
    )
    data = tmp_path / "data"
    (data / "Raw/orders").mkdir(parents=True)
    (data / "Raw/orders/part-1.json").write_text(ORDERS)
    return data, run_job(LocalJob.from_construct(job), data_dir=data, spark=spark)


def test_local_run_routes_failing_rows(spark, tmp_path):
    data, summary = _run_locally(spark, tmp_path, "route")
    good = spark.read.json(str(data / "Curated/good")).collect()
    assert [(r.id, r.amount) for r in good] == [(1, 5.0)]
    assert sorted(good[0].asDict()) == ["amount", "id"]  # Glue's outcome columns dropped
    bad = spark.read.json(str(data / "Curated/bad")).collect()
    assert sorted((r.id, r.amount) for r in bad if r.id is not None) == [(2, -1.0)]
    assert [(r.id, r.amount) for r in bad if r.id is None] == [(None, 3.0)]
    [(context, outcomes)] = summary.quality
    assert context == "checks"
    assert [o.outcome for o in outcomes] == ["Failed", "Failed"]


def test_local_run_fails_the_job_listing_the_failed_rules(spark, tmp_path):
    with pytest.raises(Exception, match="data quality step 'checks' failed rules: ") as caught:
        _run_locally(spark, tmp_path, "fail_job")
    assert 'IsComplete "id"; ColumnValues "amount" > 0' in str(caught.value)
