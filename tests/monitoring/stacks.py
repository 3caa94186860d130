"""Small stacks the monitoring tests share."""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_glue as glue

from glueforge import Crawler, CrawlerTarget, SecureBucket
from glueforge.jobs.base import JobBase
from glueforge.jobs.etl_job import EtlJob
from glueforge.jobs.specs import S3Sink, S3Source


def etl_job(stack: Stack, id: str = "Job", **props: Any) -> EtlJob:
    bucket = stack.node.try_find_child("Data") or SecureBucket(stack, "Data")
    props.setdefault("job_name", "orders")
    return EtlJob(
        stack,
        id,
        specs=[
            S3Source("raw", bucket=bucket, prefix="in/"),
            S3Sink("out", input="raw", bucket=bucket, prefix="out/"),
        ],
        **props,
    )


def crawler(stack: Stack, **props: Any) -> Crawler:
    bucket = stack.node.try_find_child("Data") or SecureBucket(stack, "Data")
    return Crawler(
        stack,
        "Crawler",
        database=glue.Database(stack, "Db", database_name="db"),
        targets=[CrawlerTarget.s3(bucket, "in/")],
        crawler_name="nightly-crawl",
        **props,
    )


class CommandJob(JobBase):
    """A bare job of any Glue command, as the Python shell and streaming constructs make
    them: a ``JobBase`` with a ``CfnJob`` as ``resource`` (independent of those
    constructs, which are written in parallel)."""

    def __init__(self, scope: Stack, id: str, *, command: str, timeout: int | None = None):
        super().__init__(scope, id)
        self.job_name = f"{command}-job"
        self.resource = glue.CfnJob(
            self,
            "Resource",
            role="arn:aws:iam::111122223333:role/glue",
            command=glue.CfnJob.JobCommandProperty(
                name=command, script_location="s3://bucket/script.py"
            ),
            timeout=timeout,
        )


def resources(template: dict, kind: str) -> dict[str, dict]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def only(template: dict, kind: str, **where: Any) -> dict:
    """The properties of the one resource of ``kind`` whose properties contain ``where``."""
    found = [
        r["Properties"]
        for r in resources(template, kind).values()
        if all(r["Properties"].get(k) == v for k, v in where.items())
    ]
    assert len(found) == 1, (kind, where, found)
    return found[0]
