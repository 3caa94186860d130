"""``glueforge local-run`` of a hand-written Glue script that evaluates a DQDL ruleset with
``EvaluateDataQuality().process_rows`` (as Glue Studio writes it): the per-rule outcome
table, the exit code, ``--json``, and the rows the script routes by outcome.

The job is a real synthesized EtlJob whose recorded script is replaced by the script
below, so the run goes through the assembly exactly as a user's does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_s3 as s3
from click.testing import CliRunner

from glueforge.assembly.reader import SCRIPT_METADATA
from glueforge.cli import cli
from glueforge.jobs.etl_job import EtlJob
from glueforge.jobs.specs import S3Sink, S3Source

SCRIPT = '''
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.transforms import SelectFromCollection
from awsglue.utils import getResolvedOptions
from awsgluedq.transforms import EvaluateDataQuality
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
glue_context = GlueContext(SparkContext.getOrCreate())
job = Job(glue_context)
job.init(args["JOB_NAME"], args)

orders = glue_context.create_dynamic_frame.from_options(
    connection_type="s3",
    connection_options={"paths": ["s3://Raw/orders/"]},
    format="json",
    transformation_ctx="orders",
)
RULES = """Rules = [
    RowCount = 3,
    IsComplete "id",
    ColumnValues "amount" > 0
]"""
checked = EvaluateDataQuality().process_rows(
    frame=orders,
    ruleset=RULES,
    publishing_options={
        "dataQualityEvaluationContext": "orders_dq",
        "enableDataQualityCloudWatchMetrics": False,
        "enableDataQualityResultsPublishing": False,
    },
    additional_options={"performanceTuning.caching": "CACHE_NOTHING"},
)
rows = SelectFromCollection.apply(dfc=checked, key="rowLevelOutcomes", transformation_ctx="rows")
failed = rows.toDF().filter("DataQualityEvaluationResult = 'Failed'").select("id", "amount")
outcomes = checked[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY].toDF()
assert outcomes.columns == ["Rule", "Outcome", "FailureReason", "EvaluatedMetrics"]
glue_context.write_dynamic_frame.from_options(
    frame=DynamicFrame.fromDF(failed, glue_context, "failed"),
    connection_type="s3",
    connection_options={"path": "s3://Curated/failed/"},
    format="json",
    transformation_ctx="failed_rows",
)
job.commit()
'''

# Glue Studio's "fail the job when data quality fails": an assert on the rule outcomes
FAILING_SCRIPT = SCRIPT.replace(
    "job.commit()",
    "failed_rules = checked[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY].toDF()\n"
    "assert failed_rules.filter(\"Outcome = 'Failed'\").count() == 0, "
    "'The job failed due to failing DQ rules for node: orders_dq'\n"
    "job.commit()",
)

# id 1 passes every rule; id 2 has amount -1 (ColumnValues "amount" > 0 fails it);
# the third has no id (IsComplete "id" fails it). So by hand: RowCount = 3 passes,
# IsComplete "id" fails (2 of 3 complete), ColumnValues fails (2 of 3 > 0), and the
# failed rows written are id 2 and the id-less one.
ORDERS = '{"id": 1, "amount": 5.0}\n{"id": 2, "amount": -1.0}\n{"amount": 3.0}\n'


@pytest.fixture(scope="module")
def assembly(tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp("dq") / "cdk.out"
    app = App(outdir=str(outdir))
    stack = Stack(app, "Dq")
    raw, curated = s3.Bucket(stack, "Raw"), s3.Bucket(stack, "Curated")
    for name in ("dq-job", "dq-fail"):
        EtlJob(
            stack,
            name,
            job_name=name,
            specs=[
                S3Source("orders", bucket=raw, prefix="orders/", format="json"),
                S3Sink("out", input="orders", bucket=curated, prefix="out/"),
            ],
        )
    app.synth()
    _replace_script(outdir, "dq-job", SCRIPT)
    _replace_script(outdir, "dq-fail", FAILING_SCRIPT)
    return outdir


def _replace_script(outdir: Path, job_name: str, script: str) -> None:
    """Put ``script`` in the job's record (in the stack's metadata file, where recent
    aws-cdk-lib writes construct metadata, or in manifest.json)."""
    replaced = 0
    for path in [outdir / "manifest.json", *outdir.glob("*.metadata.json")]:
        document = json.loads(path.read_text())
        for entry in _entries(document):
            if entry.get("type") == SCRIPT_METADATA:
                for record in entry["data"]:
                    if record["jobName"] == job_name:
                        record["script"] = script
                        replaced += 1
        path.write_text(json.dumps(document))
    assert replaced == 1


def _entries(document):
    """Every metadata entry of a manifest or of a stack's metadata file."""
    if "artifacts" in document:
        for artifact in document["artifacts"].values():
            yield from _entries(artifact.get("metadata", {}))
        return
    for entries in document.values():
        yield from (e for e in entries if isinstance(e, dict))


def _local_run(assembly: Path, data: Path, *extra: str, job: str = "dq-job"):
    return CliRunner().invoke(
        cli,
        ["local-run", job, "--data", str(data), "--app", str(assembly), *extra],
    )


def _lines(output: str) -> list[str]:
    return [" ".join(line.replace("│", " ").split()) for line in output.splitlines()]


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    (folder / "Raw/orders").mkdir(parents=True)
    (folder / "Raw/orders/part-1.json").write_text(ORDERS)
    return folder


def test_failing_rules_show_in_the_table_and_exit_4(spark, assembly, data):
    result = _local_run(assembly, data)
    assert result.exit_code == 4, result.output
    lines = _lines(result.output)
    assert "Data Quality orders_dq: 1 of 3 rules passed" in lines
    rule_rows = [line for line in lines if line.startswith(("RowCount", "IsComplete", "Column"))]
    assert rule_rows[0].startswith("RowCount = 3 Passed Dataset.*.RowCount=3")
    assert rule_rows[1].startswith('IsComplete "id" Failed Column.id.Completeness=0.666667')
    assert "1 of 3 rows do not meet the constraint requirement!" in rule_rows[1]
    assert rule_rows[2].startswith(
        'ColumnValues "amount" > 0 Failed Column.amount.ColumnValues.Compliance=0.666667'
    )
    assert any("orders_dq: 2 of 3 rules failed" in line for line in lines)
    # the script routed the failed rows by DataQualityEvaluationResult
    written = [(r.id, r.amount) for r in _spark_rows(spark, data / "Curated/failed")]
    assert sorted(written, key=str) == [(2, -1.0), (None, 3.0)]


def test_allow_dq_failures_exits_0_and_json_holds_the_outcomes(spark, assembly, data):
    result = _local_run(assembly, data, "--allow-dq-failures", "--json", "--clear-output")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    [evaluation] = document["quality"]
    assert evaluation["context"] == "orders_dq"
    assert [(r["rule"], r["outcome"]) for r in evaluation["rules"]] == [
        ("RowCount = 3", "Passed"),
        ('IsComplete "id"', "Failed"),
        ('ColumnValues "amount" > 0', "Failed"),
    ]
    assert evaluation["rules"][0]["metrics"] == {"Dataset.*.RowCount": 3.0}


def _spark_rows(spark, folder: Path):
    return spark.read.json(str(folder)).collect()


def test_a_script_that_fails_on_dq_rules_still_shows_the_table(spark, assembly, data):
    result = _local_run(assembly, data, job="dq-fail")
    assert result.exit_code == 1, result.output
    lines = _lines(result.output)
    assert "Data Quality orders_dq: 1 of 3 rules passed" in lines
    assert any(
        line.startswith("error: dq-fail: line ")
        and line.endswith(
            "AssertionError: The job failed due to failing DQ rules for node: orders_dq"
        )
        for line in lines
    ), lines
