"""The awsgluedq shim inside a local run (glueforge.local.run_job): Glue's
``EvaluateDataQuality.apply`` form, the outcomes recorded per evaluation context, and a
ruleset that does not parse failing the run as it fails the job on Glue.

https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-transforms-EvaluateDataQuality.html
"""

from __future__ import annotations

import pytest

from glueforge.local import LocalJob, LocalRunError, run_job

HEADER = """
import sys
from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from awsgluedq.transforms import EvaluateDataQuality
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
glue_context = GlueContext(SparkContext.getOrCreate())
job = Job(glue_context)
job.init(args["JOB_NAME"], args)
spark = glue_context.spark_session
frame = DynamicFrame.fromDF(
    spark.createDataFrame([(1, "a"), (2, "b"), (2, None)], "id int, name string"),
    glue_context,
    "frame",
)
"""


def _job(body: str) -> LocalJob:
    return LocalJob(
        path="Test/DqJob",
        job_name="dq-shim",
        file_name="dq_shim.py",
        script=HEADER + body,
        bookmarks=False,
        argument_names=("JOB_NAME",),
    )


def test_apply_returns_the_outcomes_frame_and_records_them_per_context(spark, tmp_path):
    # ids 1, 2, 2: IsUnique fails (uniqueness 1/3: only 1 occurs once); names a, b, null:
    # Completeness 2/3 = 0.667 > 0.6 passes. No context: Glue's default_context.
    body = """
results = EvaluateDataQuality.apply(
    frame=frame,
    ruleset='Rules = [ IsUnique "id", Completeness "name" > 0.6 ]',
    publishing_options={"enableDataQualityCloudWatchMetrics": False},
)
got = [(r.Rule, r.Outcome) for r in results.toDF().collect()]
assert got == [('IsUnique "id"', "Failed"), ('Completeness "name" > 0.6', "Passed")], got
job.commit()
"""
    summary = run_job(_job(body), data_dir=tmp_path, spark=spark)
    [(context, outcomes)] = summary.quality
    assert context == "default_context"
    assert [o.outcome for o in outcomes] == ["Failed", "Passed"]
    assert summary.quality_problems() == ["default_context: 1 of 2 rules failed"]


def test_an_unsupported_rule_is_named_in_the_run_summary(spark, tmp_path):
    body = """
EvaluateDataQuality.apply(
    frame=frame,
    ruleset='Rules = [ RowCount = 3, ColumnCorrelation "id" "id" > 0.5 ]',
    publishing_options={"dataQualityEvaluationContext": "corr"},
)
job.commit()
"""
    summary = run_job(_job(body), data_dir=tmp_path, spark=spark)
    assert summary.quality_problems() == ["corr: 0 of 2 rules failed, 1 not evaluated locally"]
    document = summary.as_dict()["quality"][0]
    assert document["rules"][1]["outcome"] == "Unsupported"


def test_a_ruleset_that_does_not_parse_fails_the_run(spark, tmp_path):
    body = """
EvaluateDataQuality.apply(
    frame=frame,
    ruleset='Rules = [ IsComplete "id" > 0.5 ]',
    publishing_options={"dataQualityEvaluationContext": "bad"},
)
job.commit()
"""
    with pytest.raises(LocalRunError, match="bad: the DQDL ruleset is invalid: "):
        run_job(_job(body), data_dir=tmp_path, spark=spark)
