"""The two apps the synth benchmarks compare: N pipelines built with glueforge, and the
same resources written by hand with aws-cdk-lib.

Each pipeline is one crawler, two jobs and a conditional trigger (plus the workflow and
its on-demand start trigger). Pipelines are spread over stacks of ``PER_STACK`` so no
stack nears CloudFormation's 500-resource limit.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from aws_cdk import App, Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_assets as assets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "constructs"))

from glueforge import Condition, Crawler, CrawlerTarget, Pipeline, StartTrigger  # noqa: E402
from glueforge.jobs.etl_job import EtlJob  # noqa: E402
from glueforge.jobs.specs import S3Sink, S3Source  # noqa: E402

PER_STACK = 10

HAND_SCRIPT = """import sys
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "source_path", "sink_path"])
glue_context = GlueContext(SparkContext.getOrCreate())
job = Job(glue_context)
job.init(args["JOB_NAME"], args)
frame = glue_context.create_dynamic_frame.from_options(
    connection_type="s3", connection_options={"paths": [args["source_path"]]},
    format="json", transformation_ctx="source",
)
glue_context.write_dynamic_frame.from_options(
    frame=frame, connection_type="s3", connection_options={"path": args["sink_path"]},
    format="glueparquet", transformation_ctx="sink",
)
job.commit()
"""


def _stacks(app: App, n: int):
    for first in range(0, n, PER_STACK):
        stack = Stack(app, f"Pipelines{first // PER_STACK}")
        yield stack, range(first, min(n, first + PER_STACK))


def glueforge_app(n: int, outdir: str) -> App:
    app = App(outdir=outdir)
    for stack, indexes in _stacks(app, n):
        raw = s3.Bucket.from_bucket_name(stack, "Raw", "bench-raw")
        curated = s3.Bucket.from_bucket_name(stack, "Curated", "bench-curated")
        database = glue.Database(stack, "Db", database_name=f"bench_{stack.node.id.lower()}")
        for i in indexes:
            crawler = Crawler(
                stack,
                f"Crawler{i}",
                database=database,
                targets=[CrawlerTarget.s3(raw, f"p{i}/")],
            )
            jobs = [
                EtlJob(
                    stack,
                    f"Job{i}x{j}",
                    specs=[
                        S3Source("events", bucket=raw, prefix=f"p{i}/j{j}/", format="json"),
                        S3Sink("curated", input="events", bucket=curated, prefix=f"p{i}/j{j}/"),
                    ],
                )
                for j in range(2)
            ]
            pipeline = Pipeline(stack, f"Pipeline{i}")
            pipeline.add_trigger("Start", StartTrigger.on_demand(), run=[crawler])
            pipeline.add_trigger("Crawled", Condition.succeeded(crawler), run=jobs)
    return app


def handwritten_app(n: int, outdir: str) -> App:
    script_dir = Path(tempfile.mkdtemp(prefix="bench-script-"))
    (script_dir / "job.py").write_text(HAND_SCRIPT)
    app = App(outdir=outdir)
    for stack, indexes in _stacks(app, n):
        raw = s3.Bucket.from_bucket_name(stack, "Raw", "bench-raw")
        curated = s3.Bucket.from_bucket_name(stack, "Curated", "bench-curated")
        database = glue.Database(stack, "Db", database_name=f"bench_{stack.node.id.lower()}")
        for i in indexes:
            crawler_role = iam.Role(
                stack, f"CrawlerRole{i}", assumed_by=iam.ServicePrincipal("glue.amazonaws.com")
            )
            raw.grant_read(crawler_role, f"p{i}/*")
            crawler = glue.CfnCrawler(
                stack,
                f"Crawler{i}",
                role=crawler_role.role_arn,
                database_name=database.database_name,
                targets=glue.CfnCrawler.TargetsProperty(
                    s3_targets=[
                        glue.CfnCrawler.S3TargetProperty(path=raw.s3_url_for_object(f"p{i}/"))
                    ]
                ),
            )
            jobs = []
            for j in range(2):
                script = assets.Asset(stack, f"Script{i}x{j}", path=str(script_dir / "job.py"))
                role = iam.Role(
                    stack, f"JobRole{i}x{j}", assumed_by=iam.ServicePrincipal("glue.amazonaws.com")
                )
                script.grant_read(role)
                raw.grant_read(role, f"p{i}/j{j}/*")
                curated.grant_read_write(role, f"p{i}/j{j}/*")
                jobs.append(
                    glue.CfnJob(
                        stack,
                        f"Job{i}x{j}",
                        role=role.role_arn,
                        command=glue.CfnJob.JobCommandProperty(
                            name="glueetl", script_location=script.s3_object_url, python_version="3"
                        ),
                        glue_version="5.0",
                        worker_type="G.1X",
                        number_of_workers=2,
                        timeout=60,
                        default_arguments={
                            "--source_path": raw.s3_url_for_object(f"p{i}/j{j}/"),
                            "--sink_path": curated.s3_url_for_object(f"p{i}/j{j}/"),
                            "--job-bookmark-option": "job-bookmark-enable",
                        },
                    )
                )
            workflow = glue.CfnWorkflow(stack, f"Workflow{i}")
            glue.CfnTrigger(
                stack,
                f"Start{i}",
                type="ON_DEMAND",
                workflow_name=workflow.ref,
                actions=[glue.CfnTrigger.ActionProperty(crawler_name=crawler.ref)],
            )
            glue.CfnTrigger(
                stack,
                f"Crawled{i}",
                type="CONDITIONAL",
                start_on_creation=True,
                workflow_name=workflow.ref,
                predicate=glue.CfnTrigger.PredicateProperty(
                    logical="AND",
                    conditions=[
                        glue.CfnTrigger.ConditionProperty(
                            crawler_name=crawler.ref,
                            crawl_state="SUCCEEDED",
                            logical_operator="EQUALS",
                        )
                    ],
                ),
                actions=[glue.CfnTrigger.ActionProperty(job_name=job.ref) for job in jobs],
            )
    return app


def build(kind: str, n: int, outdir: str) -> App:
    """The app of one side ("glueforge" or "handwritten") with ``n`` pipelines."""
    return {"glueforge": glueforge_app, "handwritten": handwritten_app}[kind](n, outdir)


def template_figures(outdir: str) -> dict:
    """Resources and template bytes of a synthesized cloud assembly."""
    import json

    resources = 0
    size = 0
    for template in Path(outdir).glob("*.template.json"):
        size += template.stat().st_size
        resources += len(json.loads(template.read_text())["Resources"])
    return {"resources": resources, "bytes": size}
