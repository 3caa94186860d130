import pytest
from aws_cdk import App, Stack, Token

from glueforge.core.arns import (
    GlueArnResource,
    catalog_arn,
    glue_arn,
    glue_arn_name,
    log_group_arn,
    table_arn,
)
from glueforge.core.errors import GlueforgeValidationError
from tests.helpers.iam import arn


@pytest.fixture
def lake():
    return Stack(App(), "DataLake")


def test_glue_arns_follow_the_stack_partition_region_and_account(lake):
    assert lake.resolve(catalog_arn(lake)) == arn("glue", ":catalog")
    assert lake.resolve(glue_arn(lake, GlueArnResource.JOB, "orders")) == arn("glue", ":job/orders")
    assert lake.resolve(glue_arn(lake, "crawler", "raw")) == arn("glue", ":crawler/raw")
    assert lake.resolve(table_arn(lake, "shop", "orders_*")) == arn("glue", ":table/shop/orders_*")


def test_log_group_arns_name_groups_and_streams(lake):
    assert lake.resolve(log_group_arn(lake, "/aws-glue/crawlers")) == arn(
        "logs", ":log-group:/aws-glue/crawlers"
    )
    assert lake.resolve(log_group_arn(lake, "/aws-glue/jobs/output", stream="*")) == arn(
        "logs", ":log-group:/aws-glue/jobs/output:log-stream:*"
    )


def test_the_name_comes_out_of_a_glue_arn(lake):
    given = "arn:aws-cn:glue:cn-north-1:123456789012:job/nightly-orders"
    assert glue_arn_name(lake, "Imported", given, "job") == "nightly-orders"
    assert glue_arn_name(lake, "Imported", given, GlueArnResource.JOB) == "nightly-orders"


def test_a_token_arn_is_split_by_cloudformation(lake):
    name = glue_arn_name(lake, "Imported", Token.as_string({"Ref": "JobArn"}), "job")
    assert Token.is_unresolved(name)


@pytest.mark.parametrize(
    "given",
    [
        "nightly-orders",
        "arn:aws:glue:us-east-1:123456789012:crawler/nightly-orders",
        "arn:aws:s3:us-east-1:123456789012:job/nightly-orders",
        "arn:aws:glue:us-east-1:123456789012:job/",
    ],
)
def test_anything_else_is_refused_with_the_path_and_an_example(lake, given):
    with pytest.raises(GlueforgeValidationError) as caught:
        glue_arn_name(lake, "Imported", given, "job")
    assert caught.value.path == "DataLake/Imported"
    assert f"job_arn {given!r} is not a Glue job ARN" in str(caught.value)
    assert "'arn:aws:glue:us-east-1:123456789012:job/my-job'" in str(caught.value)


def test_an_arn_must_be_a_string(lake):
    with pytest.raises(TypeError, match="DataLake/Imported: job_arn must be str, got int"):
        glue_arn_name(lake, "Imported", 42, "job")
