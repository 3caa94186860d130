"""Issue 16, point 3: glueforge's acknowledgments match an ARN however it arrives.

A bucket in a sibling stack reaches the consumer's template as ``Fn::ImportValue``, one in
the parent of a nested stack as a parameter (``Ref``), one in a nested stack as
``Fn::GetAtt`` of its output; a bucket named by a CfnParameter, by name or by an imported
ARN each give yet another form. cdk-nag 3.0.2 names each form its own way in the IAM5
finding (``flattenCfnReference``). Each app below is nag-clean, and the acknowledged
finding is written out by hand: the logical ids and export names are aws-cdk-lib's (each
test also finds them in the template), the rendering is cdk-nag's.
"""

from __future__ import annotations

import pytest
from aws_cdk import App, CfnParameter, Fn, NestedStack, Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_s3 as s3

from glueforge import Crawler, CrawlerTarget, EtlJob, S3Sink, S3Source

# cdk-nag's rendering of the crawler's catalog grant, for a database named by a Ref.
TABLES_OF_DB = "arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/<Db5D02A0A9>/*"


@pytest.fixture
def app(tmp_path) -> App:
    return App(outdir=str(tmp_path / "cdk.out"))


def _lake_bucket(scope) -> s3.Bucket:
    return s3.Bucket(scope, "LakeBucket", enforce_ssl=True, server_access_logs_prefix="logs/")


def _crawler(scope, bucket: s3.IBucket, database: glue.IDatabase | None = None) -> Crawler:
    database = database or glue.Database(scope, "Db", database_name="lake")
    return Crawler(scope, "Crawler", database=database, targets=[CrawlerTarget.s3(bucket, "raw/")])


def _wildcards(report, path: str) -> set[str]:
    """The IAM5 resource findings acknowledged on the construct at ``path``."""
    return {
        a.rule for a in report.acknowledged if a.location == path and "IAM5[Resource::" in a.rule
    }


def _clean(report) -> None:
    assert not report.errors("cdk-nag"), "\n".join(map(str, report.errors("cdk-nag")))


def test_bucket_of_a_sibling_stack_arrives_as_an_import(app, synth):
    foundation = Stack(app, "Foundation")
    bucket = _lake_bucket(foundation)
    database = glue.Database(foundation, "Db", database_name="lake")
    _crawler(Stack(app, "Lake"), bucket, database)
    report = synth(app, cfn_lint=False)
    _clean(report)
    bucket_export = "Foundation:ExportsOutputFnGetAttLakeBucket9CD7BBD2ArnF3D61E7E"
    database_export = "Foundation:ExportsOutputRefDb5D02A0A92EB6BABB"
    lake = report.templates["Lake"]
    assert {"Fn::ImportValue": bucket_export} in str_values(lake)
    assert {"Fn::ImportValue": database_export} in str_values(lake)
    assert _wildcards(report, "Lake/Crawler/Role") == {
        "AwsSolutions-IAM5[Resource::Foundation:ExportsOutputFnGetAttLakeBucket9CD7BBD2Arn"
        "F3D61E7E/raw/*]",
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:"
        "<AWS::AccountId>:table/Foundation:ExportsOutputRefDb5D02A0A92EB6BABB/*]",
    }


def test_etl_job_reading_a_sibling_stacks_bucket_is_nag_clean(app, synth):
    bucket = _lake_bucket(Stack(app, "Foundation"))
    lake = Stack(app, "Lake")
    EtlJob(
        lake,
        "Orders",
        specs=[
            S3Source("raw", bucket=bucket, prefix="raw/"),
            S3Sink("curated", input="raw", bucket=bucket, prefix="curated/"),
        ],
    )
    report = synth(app, cfn_lint=False)
    _clean(report)
    export = "Foundation:ExportsOutputFnGetAttLakeBucket9CD7BBD2ArnF3D61E7E"
    assert {
        f"AwsSolutions-IAM5[Resource::{export}/raw/*]",
        f"AwsSolutions-IAM5[Resource::{export}/curated/*]",
    } <= _wildcards(report, "Lake/Orders/Role")


def test_bucket_of_the_parent_arrives_in_a_nested_stack_as_a_parameter(app, synth):
    lake = Stack(app, "Lake")
    _crawler(NestedStack(lake, "Crawlers"), _lake_bucket(lake))
    report = synth(app, cfn_lint=False)
    _clean(report)
    assert _wildcards(report, "Lake/Crawlers/Crawler/Role") == {
        "AwsSolutions-IAM5[Resource::<referencetoLakeLakeBucket24430E3DArn>/raw/*]",
        f"AwsSolutions-IAM5[Resource::{TABLES_OF_DB}]",
    }


def test_bucket_of_a_nested_stack_arrives_as_its_output(app, synth):
    lake = Stack(app, "Lake")
    _crawler(lake, _lake_bucket(NestedStack(lake, "Storage")))
    report = synth(app, cfn_lint=False)
    _clean(report)
    assert _wildcards(report, "Lake/Crawler/Role") == {
        "AwsSolutions-IAM5[Resource::<StorageNestedStackStorageNestedStackResource9807768E"
        ".Outputs.LakeStorageLakeBucket73829DD2Arn>/raw/*]",
        f"AwsSolutions-IAM5[Resource::{TABLES_OF_DB}]",
    }


def test_bucket_named_by_a_parameter(app, synth):
    lake = Stack(app, "Lake")
    name = CfnParameter(lake, "LakeBucketName")
    _crawler(lake, s3.Bucket.from_bucket_name(lake, "Lake", name.value_as_string))
    report = synth(app, cfn_lint=False)
    _clean(report)
    assert _wildcards(report, "Lake/Crawler/Role") == {
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<LakeBucketName>/raw/*]",
        f"AwsSolutions-IAM5[Resource::{TABLES_OF_DB}]",
    }


def test_bucket_imported_by_name(app, synth):
    lake = Stack(app, "Lake")
    _crawler(lake, s3.Bucket.from_bucket_name(lake, "Lake", "acme-lake"))
    report = synth(app, cfn_lint=False)
    _clean(report)
    assert _wildcards(report, "Lake/Crawler/Role") == {
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::acme-lake/raw/*]",
        f"AwsSolutions-IAM5[Resource::{TABLES_OF_DB}]",
    }


def test_bucket_imported_by_an_exported_arn(app, synth):
    lake = Stack(app, "Lake")
    _crawler(lake, s3.Bucket.from_bucket_arn(lake, "Lake", Fn.import_value("LakeBucketArn")))
    report = synth(app, cfn_lint=False)
    _clean(report)
    assert _wildcards(report, "Lake/Crawler/Role") == {
        "AwsSolutions-IAM5[Resource::LakeBucketArn/raw/*]",
        f"AwsSolutions-IAM5[Resource::{TABLES_OF_DB}]",
    }


def test_bucket_arn_picked_from_a_parameter_with_select_and_split(app, synth):
    lake = Stack(app, "Lake")
    arns = CfnParameter(lake, "LakeBucketArns")
    arn = Fn.select(1, Fn.split(",", arns.value_as_string))
    _crawler(lake, s3.Bucket.from_bucket_arn(lake, "Lake", arn))
    report = synth(app, cfn_lint=False)
    _clean(report)
    # cdk-nag writes an intrinsic it does not know as compact JSON.
    assert _wildcards(report, "Lake/Crawler/Role") == {
        'AwsSolutions-IAM5[Resource::{"Fn::Select":[1,{"Fn::Split":[",",{"Ref":'
        '"LakeBucketArns"}]}]}/raw/*]',
        f"AwsSolutions-IAM5[Resource::{TABLES_OF_DB}]",
    }


def str_values(node) -> list:
    """Every dict and list inside a template, to look for an intrinsic in it."""
    found = []
    stack = [node]
    while stack:
        item = stack.pop()
        found.append(item)
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
