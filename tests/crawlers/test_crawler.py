"""Crawler: targets, settings, derived IAM and validation, read from the template."""

import json

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms

from glueforge import (
    Crawler,
    CrawlerOutput,
    CrawlerTarget,
    DeleteBehavior,
    GlueforgeValidationError,
    RecrawlBehavior,
    SecureBucket,
    UpdateBehavior,
)
from tests.conftest import assert_clean
from tests.helpers.iam import actions_on, arn, logical_id, policy_statements


@pytest.fixture
def lake(stack):
    bucket = SecureBucket(stack, "Raw")
    database = glue.Database(stack, "Db", database_name="raw")
    return stack, bucket, database


def _crawler(template, prefix="Crawler"):
    return template["Resources"][logical_id(template, "AWS::Glue::Crawler", prefix)]


def _role_statements(template, prefix="CrawlerRole"):
    return policy_statements(template, logical_id(template, "AWS::IAM::Role", prefix))


def test_s3_crawler_exact_template_and_iam(lake, synth):
    stack, bucket, database = lake
    Crawler(
        stack,
        "Crawler",
        database=database,
        targets=[CrawlerTarget.s3(bucket, "sales/", exclusions=["**/_tmp/**"], sample_size=10)],
        schedule="cron(0 2 * * ? *)",
        # Opted out, to pin the plain log grants; the encrypted ones: test_security.py.
        encryption=False,
    )
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    bucket_id = logical_id(template, "AWS::S3::Bucket", "Raw")
    key_id = logical_id(template, "AWS::KMS::Key", "RawKey")
    db_id = logical_id(template, "AWS::Glue::Database", "Db")
    role_id = logical_id(template, "AWS::IAM::Role", "CrawlerRole")
    crawler = _crawler(template)
    assert crawler["Properties"] == {
        "Name": "TestCrawlerF2201DE3",
        "Role": {"Fn::GetAtt": [role_id, "Arn"]},
        "DatabaseName": {"Ref": db_id},
        "Targets": {
            "S3Targets": [
                {
                    "Path": {"Fn::Join": ["", ["s3://", {"Ref": bucket_id}, "/sales/"]]},
                    "Exclusions": ["**/_tmp/**"],
                    "SampleSize": 10,
                }
            ]
        },
        "Schedule": {"ScheduleExpression": "cron(0 2 * * ? *)"},
        "SchemaChangePolicy": {
            "UpdateBehavior": "UPDATE_IN_DATABASE",
            "DeleteBehavior": "DEPRECATE_IN_DATABASE",
        },
        "RecrawlPolicy": {"RecrawlBehavior": "CRAWL_EVERYTHING"},
    }
    role = template["Resources"][role_id]["Properties"]
    assert role["AssumeRolePolicyDocument"]["Statement"] == [
        {
            "Action": "sts:AssumeRole",
            "Effect": "Allow",
            "Principal": {"Service": "glue.amazonaws.com"},
        }
    ]
    assert "ManagedPolicyArns" not in role
    assert _role_statements(template) == [
        {
            "Action": "s3:GetObject",
            "Effect": "Allow",
            "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": [bucket_id, "Arn"]}, "/sales/*"]]},
        },
        {
            "Action": "s3:ListBucket",
            "Condition": {"StringLike": {"s3:prefix": ["sales/", "sales/*"]}},
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [bucket_id, "Arn"]},
        },
        # s3:prefix does not apply to GetBucketLocation: its own statement (issue 17).
        {
            "Action": "s3:GetBucketLocation",
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [bucket_id, "Arn"]},
        },
        {"Action": "kms:Decrypt", "Effect": "Allow", "Resource": {"Fn::GetAtt": [key_id, "Arn"]}},
        {
            "Action": [
                "glue:GetDatabase",
                "glue:GetTable",
                "glue:GetTables",
                "glue:CreateTable",
                "glue:UpdateTable",
                "glue:GetPartition",
                "glue:GetPartitions",
                "glue:BatchGetPartition",
                "glue:CreatePartition",
                "glue:BatchCreatePartition",
                "glue:UpdatePartition",
                "glue:BatchUpdatePartition",
                "glue:CreatePartitionIndex",
                "glue:GetPartitionIndexes",
            ],
            "Effect": "Allow",
            "Resource": [
                arn("glue", ":catalog"),
                arn("glue", ":database/", {"Ref": db_id}),
                arn("glue", ":table/", {"Ref": db_id}, "/*"),
            ],
        },
        {
            "Action": "logs:CreateLogGroup",
            "Effect": "Allow",
            "Resource": arn("logs", ":log-group:/aws-glue/crawlers"),
        },
        {
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Effect": "Allow",
            "Resource": arn("logs", ":log-group:/aws-glue/crawlers:log-stream:TestCrawlerF2201DE3"),
        },
    ]
    # the crawler waits for its role's policy (aws-cdk issue 33907)
    assert crawler["DependsOn"] == [logical_id(template, "AWS::IAM::Policy", "CrawlerRole")]


def test_no_wildcard_resource_where_an_arn_exists(lake, synth):
    stack, bucket, database = lake
    table = dynamodb.TableV2(
        stack,
        "Customers",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )
    Crawler(
        stack,
        "Crawler",
        database=database,
        targets=[CrawlerTarget.s3(bucket, "a/"), CrawlerTarget.dynamodb(table)],
    )
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    for statement in _role_statements(template):
        resources = statement["Resource"]
        assert "*" not in (resources if isinstance(resources, list) else [resources]), statement


def test_mixed_targets_in_one_crawler(lake, synth):
    stack, bucket, database = lake
    table = dynamodb.Table(
        stack,
        "Customers",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryption_key=kms.Key(stack, "TableKey", enable_key_rotation=True),
    )
    connection = glue.Connection(
        stack,
        "Jdbc",
        type=glue.ConnectionType.JDBC,
        properties={"JDBC_CONNECTION_URL": "jdbc:postgresql://db:5432/shop", "SECRET_ID": "s"},
    )
    Crawler(
        stack,
        "Crawler",
        database=database,
        targets=[
            CrawlerTarget.s3(bucket, "a/"),
            CrawlerTarget.dynamodb(table, scan_all=False, scan_rate=0.5),
            CrawlerTarget.jdbc(
                connection,
                "shop/public/%",
                exclusions=["shop/public/tmp_%"],
                additional_metadata=["COMMENTS"],
            ),
        ],
    )
    template = synth(stack, nag=False).templates["Test"]
    targets = _crawler(template)["Properties"]["Targets"]
    table_id = logical_id(template, "AWS::DynamoDB::Table", "Customers")
    conn_id = logical_id(template, "AWS::Glue::Connection", "Jdbc")
    assert targets["DynamoDBTargets"] == [
        {"Path": {"Ref": table_id}, "ScanAll": False, "ScanRate": 0.5}
    ]
    assert targets["JdbcTargets"] == [
        {
            "ConnectionName": {"Ref": conn_id},
            "Path": "shop/public/%",
            "Exclusions": ["shop/public/tmp_%"],
            "EnableAdditionalMetadata": ["COMMENTS"],
        }
    ]
    assert len(targets["S3Targets"]) == 1
    statements = _role_statements(template)
    assert actions_on(statements, table_id) == {"dynamodb:DescribeTable", "dynamodb:Scan"}
    assert actions_on(statements, "TableKey") == {"kms:Decrypt"}
    assert actions_on(statements, conn_id) == {"glue:GetConnection"}
    # a plain aws_glue connection hides its network: ENIs in any subnet and group
    create_eni = next(s for s in statements if s["Action"] == "ec2:CreateNetworkInterface")
    assert create_eni["Resource"] == [
        arn("ec2", ":network-interface/*"),
        arn("ec2", ":subnet/*"),
        arn("ec2", ":security-group/*"),
    ]
    describe = [s for s in statements if s["Resource"] == "*"]
    assert describe and all(a.startswith("ec2:Describe") for s in describe for a in s["Action"])


def test_catalog_target_uses_log_and_exact_table_arns(stack, synth):
    database = glue.Database(stack, "Db", database_name="curated")
    Crawler(
        stack,
        "Crawler",
        database=database,
        targets=[CrawlerTarget.catalog(database, ["orders", "customers"])],
    )
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    props = _crawler(template)["Properties"]
    db_id = logical_id(template, "AWS::Glue::Database", "Db")
    assert props["Targets"] == {
        "CatalogTargets": [{"DatabaseName": {"Ref": db_id}, "Tables": ["orders", "customers"]}]
    }
    assert props["SchemaChangePolicy"]["DeleteBehavior"] == "LOG"
    glue_statement = next(
        s for s in _role_statements(template) if "glue:CreateTable" in s["Action"]
    )
    assert glue_statement["Resource"] == [
        arn("glue", ":catalog"),
        arn("glue", ":database/", {"Ref": db_id}),
        arn("glue", ":table/", {"Ref": db_id}, "/orders"),
        arn("glue", ":table/", {"Ref": db_id}, "/customers"),
    ]


@pytest.mark.parametrize("kind", ["delta", "iceberg", "hudi"])
def test_lake_format_targets(lake, synth, kind):
    stack, bucket, database = lake
    factory = getattr(CrawlerTarget, kind)
    extra = {"write_manifest": True} if kind == "delta" else {"maximum_traversal_depth": 5}
    Crawler(stack, "Crawler", database=database, targets=[factory(bucket, ["t1/", "t2/"], **extra)])
    template = synth(stack, nag=False).templates["Test"]
    bucket_id = logical_id(template, "AWS::S3::Bucket", "Raw")
    path = lambda p: {"Fn::Join": ["", ["s3://", {"Ref": bucket_id}, f"/{p}"]]}  # noqa: E731
    targets = _crawler(template)["Properties"]["Targets"]
    if kind == "delta":
        assert targets == {
            "DeltaTargets": [
                {
                    "DeltaTables": [path("t1/"), path("t2/")],
                    "WriteManifest": True,
                    "CreateNativeDeltaTable": False,
                }
            ]
        }
        writes = actions_on(_role_statements(template), "/t1/*")
        assert {"s3:GetObject", "s3:PutObject", "s3:DeleteObject"} <= writes
    else:
        field = "IcebergTargets" if kind == "iceberg" else "HudiTargets"
        assert targets == {
            field: [{"Paths": [path("t1/"), path("t2/")], "MaximumTraversalDepth": 5}]
        }
        assert actions_on(_role_statements(template), "/t2/*") == {"s3:GetObject"}


def test_mongodb_target(stack, synth):
    database = glue.Database(stack, "Db", database_name="docs")
    connection = glue.Connection(
        stack,
        "Mongo",
        type=glue.ConnectionType.MONGODB,
        properties={"CONNECTION_URL": "mongodb://docs:27017/app", "SECRET_ID": "s"},
    )
    Crawler(
        stack,
        "Crawler",
        database=database,
        targets=[CrawlerTarget.mongodb(connection, "app/users")],
    )
    template = synth(stack, nag=False).templates["Test"]
    conn_id = logical_id(template, "AWS::Glue::Connection", "Mongo")
    assert _crawler(template)["Properties"]["Targets"] == {
        "MongoDBTargets": [{"ConnectionName": {"Ref": conn_id}, "Path": "app/users"}]
    }


def test_connection_with_grant_use_grants_itself(lake, synth):
    stack, bucket, database = lake

    class OwnConnection:
        connection_name = "orders-pg"
        connection_arn = "arn:aws:glue:us-east-1:111111111111:connection/orders-pg"
        granted = []

        def grant_use(self, grantee):
            self.granted.append(grantee)

    connection = OwnConnection()
    crawler = Crawler(
        stack, "Crawler", database=database, targets=[CrawlerTarget.jdbc(connection, "db/%")]
    )
    assert connection.granted == [crawler.role]


def test_crawler_output_configuration_json(lake, synth):
    stack, bucket, database = lake
    Crawler(
        stack,
        "Crawler",
        database=database,
        targets=[CrawlerTarget.s3(bucket)],
        output=CrawlerOutput(
            combine_compatible_schemas=True,
            table_level=2,
            partitions_inherit_from_table=True,
            add_new_columns_only=True,
            table_threshold=50,
            create_partition_index=False,
        ),
        table_prefix="sales_",
    )
    props = _crawler(synth(stack, nag=False, cfn_lint=False).templates["Test"])["Properties"]
    assert json.loads(props["Configuration"]) == {
        "Version": 1.0,
        "Grouping": {
            "TableGroupingPolicy": "CombineCompatibleSchemas",
            "TableLevelConfiguration": 2,
        },
        "CrawlerOutput": {
            "Partitions": {"AddOrUpdateBehavior": "InheritFromTable"},
            "Tables": {"AddOrUpdateBehavior": "MergeNewColumns", "TableThreshold": 50},
        },
        "CreatePartitionIndex": False,
    }
    assert props["TablePrefix"] == "sales_"


def test_table_prefix_narrows_catalog_writes(lake, synth):
    stack, bucket, database = lake
    Crawler(
        stack,
        "Crawler",
        database=database,
        targets=[CrawlerTarget.s3(bucket)],
        table_prefix="sales_",
    )
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    db_id = logical_id(template, "AWS::Glue::Database", "Db")
    glue_statement = next(
        s for s in _role_statements(template) if "glue:CreateTable" in s["Action"]
    )
    assert glue_statement["Resource"][-1] == arn("glue", ":table/", {"Ref": db_id}, "/sales_*")


def test_new_folders_only_defaults_to_log_and_delete_grants_follow_policy(lake, synth):
    stack, bucket, database = lake
    Crawler(
        stack,
        "Crawler",
        database=database,
        targets=[CrawlerTarget.s3(bucket)],
        recrawl=RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY,
    )
    Crawler(
        stack,
        "Deleting",
        database=database,
        targets=[CrawlerTarget.s3(bucket)],
        delete_behavior=DeleteBehavior.DELETE_FROM_DATABASE,
    )
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    assert _crawler(template)["Properties"]["SchemaChangePolicy"] == {
        "UpdateBehavior": "LOG",
        "DeleteBehavior": "LOG",
    }
    assert "glue:DeleteTable" not in actions_on(_role_statements(template), ":table/")
    deleting = actions_on(_role_statements(template, "DeletingRole"), ":table/")
    assert {"glue:DeleteTable", "glue:BatchDeletePartition"} <= deleting


def test_user_role_gets_the_grants_and_the_dependency(lake, synth):
    stack, bucket, database = lake
    role = iam.Role.from_role_arn(stack, "Existing", "arn:aws:iam::111111111111:role/etl")
    crawler = Crawler(
        stack, "Crawler", database=database, targets=[CrawlerTarget.s3(bucket, "x/")], role=role
    )
    assert crawler.role is role
    template = synth(stack, nag=False).templates["Test"]
    props = _crawler(template)["Properties"]
    assert props["Role"] == "arn:aws:iam::111111111111:role/etl"
    [(policy_id, policy)] = [
        (k, v) for k, v in template["Resources"].items() if v["Type"] == "AWS::IAM::Policy"
    ]
    assert policy["Properties"]["Roles"] == ["etl"]
    assert actions_on(policy["Properties"]["PolicyDocument"]["Statement"], "/x/*") == {
        "s3:GetObject"
    }
    assert _crawler(template)["DependsOn"] == [policy_id]
    template_text = json.dumps(template)
    assert "AWS::IAM::Role" not in template_text


def test_security_configuration_lake_formation_and_lineage(lake, synth):
    stack, bucket, database = lake
    security = glue.SecurityConfiguration(
        stack,
        "Security",
        security_configuration_name="lake-sec",
        cloud_watch_encryption=glue.CloudWatchEncryption.kms(),
    )
    Crawler(
        stack,
        "Crawler",
        database=database,
        targets=[CrawlerTarget.s3(bucket)],
        security_configuration=security,
        lake_formation_credentials=True,
        lineage=True,
    )
    report = synth(stack)
    assert not report.errors("cdk-nag"), report.errors()
    assert not report.errors("cfn-lint"), report.errors()
    template = report.templates["Test"]
    props = _crawler(template)["Properties"]
    sec_id = logical_id(template, "AWS::Glue::SecurityConfiguration", "Security")
    assert props["CrawlerSecurityConfiguration"] == {"Ref": sec_id}
    assert props["LakeFormationConfiguration"] == {"UseLakeFormationCredentials": True}
    statements = _role_statements(template)
    role_id = logical_id(template, "AWS::IAM::Role", "CrawlerRole")
    group = arn(
        "logs", ":log-group:/aws-glue/crawlers-role/", {"Ref": role_id}, "-", {"Ref": sec_id}
    )
    assert {"Action": "logs:AssociateKmsKey", "Effect": "Allow", "Resource": group} in statements
    assert {
        "Action": "lakeformation:GetDataAccess",
        "Effect": "Allow",
        "Resource": "*",
    } in statements
    lineage = next(v for v in template["Resources"].values() if v["Type"] == "Custom::AWS")
    assert json.loads(lineage["Properties"]["Create"]) == {
        "action": "updateCrawler",
        "service": "Glue",
        "parameters": {
            "Name": "TestCrawlerF2201DE3",
            "LineageConfiguration": {"CrawlerLineageSettings": "ENABLE"},
        },
        "physicalResourceId": {"id": "TestCrawlerF2201DE3-lineage"},
    }


def test_imports_and_grants(stack, synth):
    imported = Crawler.from_crawler_name(stack, "Imported", "nightly")
    by_arn = Crawler.from_crawler_arn(
        stack, "ByArn", "arn:aws:glue:eu-west-1:111111111111:crawler/hourly"
    )
    assert imported.crawler_name == "nightly"
    assert by_arn.crawler_name == "hourly"
    user = iam.Role(stack, "Operator", assumed_by=iam.AccountRootPrincipal())
    imported.grant_start(user)
    imported.grant_read(user)
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "Operator"))
    assert statements == [
        {
            "Action": ["glue:StartCrawler", "glue:StopCrawler"],
            "Effect": "Allow",
            "Resource": arn("glue", ":crawler/nightly"),
        },
        {
            "Action": ["glue:GetCrawler", "glue:GetCrawlerMetrics", "glue:ListCrawls"],
            "Effect": "Allow",
            "Resource": arn("glue", ":crawler/nightly"),
        },
    ]


# ---- validation ------------------------------------------------------------------------


def _expect_error(build, *fragments):
    with pytest.raises(GlueforgeValidationError) as caught:
        build()
    message = str(caught.value)
    assert message.startswith("DataLake/OrdersCrawler: "), message
    for fragment in fragments:
        assert fragment in message, message
    return caught.value


@pytest.fixture
def parts():
    stack = Stack(App(), "DataLake")
    bucket = SecureBucket(stack, "Raw")
    database = glue.Database(stack, "Db", database_name="raw")
    return stack, bucket, database


def _make(parts, **props):
    stack, bucket, database = parts
    props.setdefault("targets", [CrawlerTarget.s3(bucket, "orders/")])
    return lambda: Crawler(stack, "OrdersCrawler", database=database, **props)


def test_error_no_targets(parts):
    _expect_error(_make(parts, targets=[]), "a crawler needs at least one target")


def test_error_catalog_mixed_with_other_targets(parts):
    _, bucket, database = parts
    targets = [CrawlerTarget.catalog(database, ["t"]), CrawlerTarget.s3(bucket)]
    _expect_error(
        _make(parts, targets=targets),
        "catalog targets cannot be mixed with other target types, got ['Catalog', 'S3']",
    )


def test_error_catalog_needs_log(parts):
    _, _, database = parts
    _expect_error(
        _make(
            parts,
            targets=[CrawlerTarget.catalog(database, ["t"])],
            delete_behavior=DeleteBehavior.DEPRECATE_IN_DATABASE,
        ),
        "catalog targets require delete_behavior LOG, got DEPRECATE_IN_DATABASE",
    )


def test_error_event_mode_without_s3_targets(parts):
    stack, _, database = parts
    table = dynamodb.TableV2(
        stack, "T", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING)
    )
    _expect_error(
        _make(
            parts, targets=[CrawlerTarget.dynamodb(table)], recrawl=RecrawlBehavior.CRAWL_EVENT_MODE
        ),
        "recrawl CRAWL_EVENT_MODE needs exactly one S3 target (S3 events drive it), "
        "got ['DynamoDB']",
    )


def test_error_event_mode_with_sample_size(parts):
    _, bucket, _ = parts
    _expect_error(
        _make(
            parts,
            targets=[CrawlerTarget.s3(bucket, sample_size=5)],
            recrawl=RecrawlBehavior.CRAWL_EVENT_MODE,
        ),
        "CRAWL_EVENT_MODE does not support sample_size",
    )


def test_error_bad_cron(parts):
    _expect_error(
        _make(parts, schedule="every day"),
        "schedule 'every day' is not a Glue cron expression; expected e.g. 'cron(0 2 * * ? *)'",
    )


@pytest.mark.parametrize("size", [0, 250])
def test_error_sample_size_out_of_range(parts, size):
    _, bucket, _ = parts
    _expect_error(
        _make(parts, targets=[CrawlerTarget.s3(bucket, sample_size=size)]),
        f"S3 target: sample_size must be 1-249, got {size}",
    )


def test_error_table_prefix_too_long(parts):
    _expect_error(
        _make(parts, table_prefix="p" * 129), "table_prefix must be at most 128 characters, got 129"
    )


def test_error_new_folders_only_needs_log(parts):
    _expect_error(
        _make(
            parts,
            recrawl=RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY,
            update_behavior=UpdateBehavior.UPDATE_IN_DATABASE,
        ),
        "recrawl CRAWL_NEW_FOLDERS_ONLY requires update_behavior LOG, got UPDATE_IN_DATABASE",
    )


def test_error_target_settings(parts):
    stack, bucket, database = parts
    table = dynamodb.TableV2(
        stack, "T", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING)
    )
    conn = glue.Connection.from_connection_name(stack, "C", "c")
    error = _expect_error(
        _make(
            parts,
            targets=[
                CrawlerTarget.s3(bucket, "/abs/"),
                CrawlerTarget.dynamodb(table, scan_rate=2.0),
                CrawlerTarget.iceberg(bucket, ["ice/"], maximum_traversal_depth=21),
                CrawlerTarget.mongodb(conn, "justadb"),
                CrawlerTarget.jdbc(conn, " ", additional_metadata=["EVERYTHING"]),
            ],
            output=CrawlerOutput(table_level=0),
            description="d" * 2049,
        ),
        "S3 target: S3 prefix '/abs/' must not start with '/'",
        "DynamoDB target: scan_rate must be 0.1-1.5, got 2.0",
        "Iceberg target: maximum_traversal_depth must be 1-20, got 21",
        "MongoDB target: MongoDB path 'justadb' must be 'database/collection'",
        "JDBC target: JDBC path must not be empty",
        "additional_metadata ['EVERYTHING'] not allowed",
        "table_level must be 1 or more, got 0",
        "description must be at most 2048 characters, got 2049",
    )
    # every problem at once, each once
    assert len(error.problems) == 8


def test_import_by_arn_keeps_the_arn_it_was_given(stack, synth):
    given = "arn:aws:glue:eu-west-1:111111111111:crawler/hourly"
    imported = Crawler.from_crawler_arn(stack, "Hourly", given)
    assert imported.crawler_name == "hourly"
    assert imported.crawler_arn == given
    user = iam.Role(stack, "Operator", assumed_by=iam.AccountRootPrincipal())
    imported.grant_start(user)
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "Operator"))
    assert statements == [
        {
            "Action": ["glue:StartCrawler", "glue:StopCrawler"],
            "Effect": "Allow",
            "Resource": given,
        }
    ]


def test_imports_are_crawlers_and_attributes_route_them(stack):
    from glueforge import ICrawler

    by_attributes = Crawler.from_crawler_attributes(stack, "Nightly", crawler_name="nightly")
    assert isinstance(by_attributes, ICrawler)
    assert stack.resolve(by_attributes.crawler_arn) == arn("glue", ":crawler/nightly")
    with pytest.raises(GlueforgeValidationError) as caught:
        Crawler.from_crawler_arn(stack, "Bad", "arn:aws:glue:::job/nightly")
    assert str(caught.value).startswith("Test/Bad: crawler_arn 'arn:aws:glue:::job/nightly'")
