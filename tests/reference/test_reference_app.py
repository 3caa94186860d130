"""The reference data-lake app: what it declares, and that every check passes on it."""

import json
import re

from aws_cdk.assertions import Match

from tests.conftest import assert_clean
from tests.helpers.network import rds_jdbc_url


def test_zero_cfn_lint_and_cdk_nag_errors(reference):
    assert_clean(reference)
    assert not reference.errors("cfn-lint")
    assert not reference.errors("cdk-nag")


def test_every_acknowledgment_has_a_written_reason(reference):
    assert reference.acknowledged, "expected the access-log bucket's S1 acknowledgment"
    for ack in reference.acknowledged:
        assert len(ack.reason) >= 10, ack


def test_env_agnostic_no_hardcoded_account_region_or_partition(reference):
    text = json.dumps(reference.templates["DataLake"])
    assert not re.search(r"\b\d{12}\b", text), "hard-coded account id"
    assert not re.search(r"\b(us|eu|ap|sa|ca|me|af|il)-[a-z]+-\d\b", text), "hard-coded region"
    assert "arn:aws:" not in text, "hard-coded partition"


def test_zone_buckets_use_the_lake_key(reference):
    template = reference.template("DataLake")
    keys = template.find_resources("AWS::KMS::Key")
    [(key_id, key)] = [(k, v) for k, v in keys.items() if k.startswith("StorageLakeKey")]
    assert key["Properties"]["EnableKeyRotation"] is True
    buckets = template.find_resources("AWS::S3::Bucket")
    zone_buckets = {k: v for k, v in buckets.items() if k.startswith("Storage")}
    assert len(zone_buckets) == 2
    for bucket in zone_buckets.values():
        sse = bucket["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
        assert sse["ServerSideEncryptionByDefault"] == {
            "KMSMasterKeyID": {"Fn::GetAtt": [key_id, "Arn"]},
            "SSEAlgorithm": "aws:kms",
        }


def test_one_catalog_database_per_zone(reference):
    template = reference.template("DataLake")
    template.resource_count_is("AWS::Glue::Database", 2)
    for name in ("shop_raw", "shop_curated"):
        template.has_resource_properties(
            "AWS::Glue::Database",
            {
                "CatalogId": {"Ref": "AWS::AccountId"},
                "DatabaseInput": {"Name": name, "LocationUri": Match.any_value()},
            },
        )


def test_clickstream_crawled_in_event_mode_and_curated_zone_nightly(reference):
    template = reference.templates["DataLake"]
    crawlers = {
        k: v["Properties"]
        for k, v in template["Resources"].items()
        if v["Type"] == "AWS::Glue::Crawler"
    }
    clicks = next(v for k, v in crawlers.items() if k.startswith("CatalogClickstreamCrawler"))
    curated = next(v for k, v in crawlers.items() if k.startswith("CatalogCuratedCrawler"))
    assert clicks["RecrawlPolicy"] == {"RecrawlBehavior": "CRAWL_EVENT_MODE"}
    [target] = clicks["Targets"]["S3Targets"]
    assert target["Path"]["Fn::Join"][1][-1] == "/clickstream/"
    assert "EventQueueArn" in target and "DlqEventQueueArn" in target
    assert clicks["TablePrefix"] == "clickstream_"
    # both crawlers run from the pipelines, not on schedules of their own
    assert "Schedule" not in curated and "Schedule" not in clicks
    template_types = {v["Type"] for v in template["Resources"].values()}
    assert {"AWS::SQS::Queue", "Custom::S3BucketNotifications", "AWS::Glue::Classifier"} <= (
        template_types
    )


def test_private_vpc_without_nat_gateways(reference):
    template = reference.template("DataLake")
    template.resource_count_is("AWS::EC2::NatGateway", 0)
    template.resource_count_is("AWS::EC2::InternetGateway", 0)
    template.resource_count_is("AWS::EC2::Subnet", 2)
    template.has_resource_properties("AWS::EC2::FlowLog", {"TrafficType": "REJECT"})
    endpoints = template.find_resources("AWS::EC2::VPCEndpoint")
    types = sorted(e["Properties"].get("VpcEndpointType", "Gateway") for e in endpoints.values())
    assert types == ["Gateway", "Interface"]


def test_orders_database_is_hardened(reference):
    reference.template("DataLake").has_resource_properties(
        "AWS::RDS::DBInstance",
        {
            "Engine": "postgres",
            "StorageEncrypted": True,
            "MultiAZ": True,
            "DeletionProtection": True,
            "EnableIAMDatabaseAuthentication": True,
            "Port": "5433",
            "BackupRetentionPeriod": 7,
            "PubliclyAccessible": False,
        },
    )
    # RDS manages and rotates the secret, encrypted with the sources' key
    reference.template("DataLake").has_resource_properties(
        "AWS::RDS::DBInstance",
        {
            "ManageMasterUserPassword": True,
            "MasterUserSecret": {"KmsKeyId": {"Fn::GetAtt": [Match.any_value(), "Arn"]}},
        },
    )


def test_orders_jdbc_connection_comes_from_the_rds_instance(reference_app, reference):
    _, stack = reference_app
    orders = stack.connectors.orders
    template = reference.template("DataLake")
    db_id = stack.get_logical_id(stack.sources.orders.node.default_child)
    template.has_resource_properties(
        "AWS::Glue::Connection",
        {
            "ConnectionInput": {
                "ConnectionType": "JDBC",
                "ConnectionProperties": {
                    "JDBC_CONNECTION_URL": rds_jdbc_url("jdbc:postgresql://", db_id, "orders"),
                    "JDBC_ENFORCE_SSL": "true",
                    "SECRET_ID": stack.resolve(stack.sources.orders.secret.secret_arn),
                },
                "PhysicalConnectionRequirements": Match.object_like(
                    {"SubnetId": stack.resolve(orders.subnet.subnet_id)}
                ),
            }
        },
    )


def test_customers_export_turns_on_pitr(reference_app, reference):
    _, stack = reference_app
    reference.template("DataLake").has_resource_properties(
        "AWS::DynamoDB::Table",
        {"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True}},
    )
    assert stack.connectors.customers.static_options()["dynamodb.export"] == "ddb"


def test_no_plaintext_password_in_any_template(reference):
    for template in reference.templates.values():
        for resource in template["Resources"].values():
            if resource["Type"] == "AWS::Glue::Connection":
                keys = resource["Properties"]["ConnectionInput"].get("ConnectionProperties", {})
                assert not {k for k in keys if "PASSWORD" in k or "USER" in k}
            if resource["Type"] == "AWS::RDS::DBInstance":
                assert "MasterUserPassword" not in resource["Properties"]


NIGHTLY_MERMAID = """\
flowchart LR
    start_Schedule(["Schedule: schedule cron(0 2 * * ? *)"])
    job_shop_orders["shop-orders"]
    job_shop_customers["shop-customers"]
    condition_SourcesLoaded{{"SourcesLoaded (all)"}}
    crawler_shop_curated_crawler[("shop-curated-crawler")]
    condition_CuratedCrawled{{"CuratedCrawled"}}
    job_shop_daily_analytics["shop-daily-analytics"]
    condition_AnalyticsDone{{"AnalyticsDone"}}
    job_shop_retention_plan["shop-retention-plan"]
    start_Schedule --> job_shop_orders
    start_Schedule --> job_shop_customers
    job_shop_orders -->|SUCCEEDED| condition_SourcesLoaded
    job_shop_customers -->|SUCCEEDED| condition_SourcesLoaded
    condition_SourcesLoaded --> crawler_shop_curated_crawler
    crawler_shop_curated_crawler -->|SUCCEEDED| condition_CuratedCrawled
    condition_CuratedCrawled --> job_shop_daily_analytics
    job_shop_daily_analytics -->|SUCCEEDED| condition_AnalyticsDone
    condition_AnalyticsDone --> job_shop_retention_plan
"""


def test_reference_pipelines_drawn_exactly_and_shown_in_the_readme(reference, reference_app):
    import re
    from pathlib import Path

    _, stack = reference_app
    nightly = stack.pipelines.nightly.to_mermaid()
    clickstream = stack.pipelines.clickstream.to_mermaid()
    assert nightly == NIGHTLY_MERMAID
    assert clickstream.splitlines()[1] == (
        "    start_ClicksLanded([\"ClicksLanded: S3 Object Created under 'clickstream/', "
        '100 events or 900 s"])'
    )
    readme = (Path(__file__).resolve().parents[2] / "docs" / "pipelines.md").read_text()
    blocks = re.findall(r"```mermaid\n(.*?)```", readme, flags=re.S)
    assert nightly in blocks and clickstream in blocks


def test_reference_triggers(reference):
    template = reference.templates["DataLake"]
    triggers = {
        v["Properties"]["Type"]: v["Properties"]
        for v in template["Resources"].values()
        if v["Type"] == "AWS::Glue::Trigger"
    }
    assert triggers["SCHEDULED"]["Schedule"] == "cron(0 2 * * ? *)"
    assert triggers["EVENT"]["EventBatchingCondition"] == {"BatchSize": 100, "BatchWindow": 900}
    # the S3 event trigger's rule (the DataBrew chaining rule is checked in test_databrew)
    rules = [
        v
        for v in template["Resources"].values()
        if v["Type"] == "AWS::Events::Rule"
        and v["Properties"]["EventPattern"]["source"] == ["aws.s3"]
    ]
    assert len(rules) == 1
    assert rules[0]["Properties"]["EventPattern"]["detail-type"] == ["Object Created"]
