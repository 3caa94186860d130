import pytest
from aws_cdk import App, Stack

from glueforge import CatalogDatabase, GlueforgeValidationError, SecureBucket
from tests.conftest import assert_clean
from tests.helpers.iam import actions_on, arn, logical_id, policy_statements


def test_database_and_scheduled_crawler_limited_to_the_zone(stack, synth):
    bucket = SecureBucket(stack, "Curated")
    zone = CatalogDatabase(
        stack,
        "Sales",
        bucket=bucket,
        prefix="sales/",
        database_name="sales",
        schedule="cron(0 3 * * ? *)",
    )
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    bucket_id = logical_id(template, "AWS::S3::Bucket", "Curated")
    db_id = logical_id(template, "AWS::Glue::Database", "SalesDatabase")
    database = template["Resources"][db_id]["Properties"]["DatabaseInput"]
    assert database == {
        "Name": "sales",
        "LocationUri": {"Fn::Join": ["", ["s3://", {"Ref": bucket_id}, "/sales/"]]},
    }
    crawler = template["Resources"][logical_id(template, "AWS::Glue::Crawler", "SalesCrawler")]
    assert crawler["Properties"]["DatabaseName"] == {"Ref": db_id}
    assert crawler["Properties"]["Schedule"] == {"ScheduleExpression": "cron(0 3 * * ? *)"}
    statements = policy_statements(
        template, logical_id(template, "AWS::IAM::Role", "SalesCrawlerRole")
    )
    assert actions_on(statements, "/sales/*") == {"s3:GetObject"}
    glue_resources = next(s for s in statements if "glue:CreateTable" in s["Action"])["Resource"]
    assert glue_resources[1:] == [
        arn("glue", ":database/", {"Ref": db_id}),
        arn("glue", ":table/", {"Ref": db_id}, "/*"),
    ]
    assert zone.database_name == zone.database.database_name


def test_bad_database_name():
    stack = Stack(App(), "DataLake")
    with pytest.raises(GlueforgeValidationError) as caught:
        CatalogDatabase(stack, "Sales", bucket=SecureBucket(stack, "B"), database_name="Sales-DB")
    assert str(caught.value) == (
        "DataLake/Sales: database_name 'Sales-DB' must be 1-255 lowercase letters, digits or "
        "'_'; expected e.g. 'shop_curated'"
    )


def test_a_database_by_name_is_aws_cdk_libs_type(stack, synth):
    from glueforge import Crawler, CrawlerTarget

    database = CatalogDatabase.from_database_name(stack, "Shop", "shop_curated")
    assert database.database_name == "shop_curated"
    assert stack.resolve(database.database_arn) == arn("glue", ":database/shop_curated")
    Crawler(
        stack,
        "Crawler",
        database=database,
        targets=[CrawlerTarget.s3(SecureBucket(stack, "Curated"), "shop/")],
    )
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    crawler = template["Resources"][logical_id(template, "AWS::Glue::Crawler", "Crawler")]
    assert crawler["Properties"]["DatabaseName"] == "shop_curated"
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "CrawlerRole"))
    glue_resources = next(s for s in statements if "glue:CreateTable" in s["Action"])["Resource"]
    assert glue_resources == [
        arn("glue", ":catalog"),
        arn("glue", ":database/shop_curated"),
        arn("glue", ":table/shop_curated/*"),
    ]
