"""Small whole apps that several test modules synthesize."""

from __future__ import annotations

from aws_cdk import App, Stack
from aws_cdk import aws_glue as glue

from glueforge import Crawler, CrawlerTarget, RecrawlBehavior, SecureBucket


def event_crawler_app() -> tuple[App, Stack]:
    """One crawler in S3 event mode on a glueforge bucket: its queues, key and log group."""
    app = App()
    stack = Stack(app, "Test")
    bucket = SecureBucket(stack, "Data")
    Crawler(
        stack,
        "Crawler",
        database=glue.Database(stack, "Db", database_name="db"),
        targets=[CrawlerTarget.s3(bucket, "in/")],
        recrawl=RecrawlBehavior.CRAWL_EVENT_MODE,
        crawler_name="c",
    )
    return app, stack
