"""The reference app's two pipelines, wired as app.py wires them, on any steps."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_s3 as s3
from constructs import Construct

from glueforge import Condition, Pipeline, StartTrigger
from glueforge.pipelines.runnables import Runnable

CLICKSTREAM_PREFIX = "clickstream/"


def reference_pipelines(
    scope: Construct,
    *,
    orders: Runnable,
    customers: Runnable,
    curated_crawler: Runnable,
    aggregate: Runnable,
    raw_bucket: s3.IBucket,
    clickstream_steps: list[Runnable],
) -> tuple[Pipeline, Pipeline]:
    """Nightly: a schedule starts the orders and customers jobs, the curated crawler runs
    when both succeed, the analytics aggregate when it succeeds. Clickstream: S3 Object
    Created events under the raw prefix, batched as 100 objects or 15 minutes."""
    nightly = Pipeline(scope, "NightlyPipeline", max_concurrent_runs=1)
    nightly.add_trigger(
        "Nightly", StartTrigger.schedule("cron(0 2 * * ? *)"), run=[orders, customers]
    )
    nightly.add_trigger(
        "SourcesLoaded",
        Condition.all_of(Condition.succeeded(orders), Condition.succeeded(customers)),
        run=[curated_crawler],
    )
    nightly.add_trigger("CuratedCrawled", Condition.succeeded(curated_crawler), run=[aggregate])

    clickstream = Pipeline(scope, "ClickstreamPipeline", max_concurrent_runs=1)
    clickstream.add_trigger(
        "ClicksLanded",
        StartTrigger.s3_object_created(
            raw_bucket,
            prefix=CLICKSTREAM_PREFIX,
            batch_size=100,
            batch_window=Duration.minutes(15),
        ),
        run=clickstream_steps,
    )
    return nightly, clickstream
