"""For each kind of thing a construct receives from another stack: where its grant went.

A platform stack owns a role, a bucket, a key, a database with a table, a JDBC connection
(with its VPC, security group and secret), a DynamoDB table, a Glue job, a crawler and a
DataBrew job; a lake stack receives them. Every grant lands in the lake stack, on what
the lake owns, and names the platform's things through ``Fn::ImportValue``; nothing is
added to the platform stack (no policy on its role, no statement in its key or bucket
policies), so the platform never depends on the lake.

Expected values are written by hand from CloudFormation's documented shapes: ``Ref`` of
an ``AWS::IAM::Role`` is its name, of an ``AWS::SecretsManager::Secret`` its ARN, of an
``AWS::Glue::Database``/``Table``/``Connection`` its name, of an ``AWS::EC2::Subnet`` its
id; ``Fn::GetAtt [.., Arn]`` is an ARN and ``[.., GroupId]`` a security group's id; a key
made with default props has the one statement that lets the account's IAM policies
allow its use.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk import App, NestedStack, Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms

from glueforge import (
    CatalogSink,
    CatalogSource,
    Condition,
    Crawler,
    CrawlerTarget,
    EtlJob,
    JdbcConnection,
    JdbcSource,
    MongoDbConnection,
    Pipeline,
    RecrawlBehavior,
    S3Sink,
    S3Source,
    SecureBucket,
    StartTrigger,
)
from glueforge.databrew import RunAfterGlueJob
from tests.composition.checking import check
from tests.composition.supplies import (
    _dynamodb_table,
    _etl_job,
    _network,
    _profile_job,
    _secret,
)
from tests.helpers.network import exported

PARTITION, REGION, ACCOUNT = (
    {"Ref": "AWS::Partition"},
    {"Ref": "AWS::Region"},
    {"Ref": "AWS::AccountId"},
)
# The statement a key made with default props has, and nothing else.
ACCOUNT_ROOT_ONLY = [
    {
        "Action": "kms:*",
        "Effect": "Allow",
        "Principal": {"AWS": {"Fn::Join": ["", ["arn:", PARTITION, ":iam::", ACCOUNT, ":root"]]}},
        "Resource": "*",
    }
]


def _arn(service: str, *resource: Any) -> dict:
    """``arn:<partition>:<service>:<region>:<account>:<resource...>`` as CDK joins it."""
    # CDK merges adjacent strings of a join: ":" and a literal resource part are one.
    first, *rest = resource
    return {
        "Fn::Join": [
            "",
            ["arn:", PARTITION, f":{service}:", REGION, ":", ACCOUNT, f":{first}", *rest],
        ]
    }


@pytest.fixture(scope="module")
def platform_and_lake(tmp_path_factory):
    app = App(outdir=str(tmp_path_factory.mktemp("where") / "cdk.out"))
    platform = Stack(app, "Platform")
    things: dict[str, Any] = {
        "role": iam.Role(platform, "Runner", assumed_by=iam.ServicePrincipal("glue.amazonaws.com")),
        "bucket": SecureBucket(platform, "Data"),
        "key": kms.Key(platform, "Key", enable_key_rotation=True),
        "database": glue.Database(platform, "Db", database_name="platform"),
        "secret": _secret(platform),
        "dynamodb": _dynamodb_table(platform),
    }
    things["table"] = glue.S3Table(
        platform,
        "OrdersTable",
        database=things["database"],
        storage=glue.S3TableStorage.from_bucket(things["bucket"]),
        s3_prefix="orders/",
        columns=[glue.Column(name="id", type=glue.Schema.STRING)],
        data_format=glue.DataFormat.PARQUET,
    )
    things["vpc"], things["group"] = _network(platform)
    things["connection"] = JdbcConnection(
        platform,
        "OrdersDb",
        engine="postgresql",
        secret=things["secret"],
        host="orders.db.internal",
        database="orders",
        vpc=things["vpc"],
        security_groups=[things["group"]],
    )
    things["job"] = _etl_job(platform, things["bucket"])
    things["crawler"] = Crawler(
        platform,
        "Raw",
        database=things["database"],
        targets=[CrawlerTarget.s3(things["bucket"], "raw/")],
    )
    things["databrew_job"] = _profile_job(platform, things["bucket"])

    lake = Stack(app, "Lake")
    curated = SecureBucket(lake, "Curated", encryption_key=things["key"])
    things["orders"] = EtlJob(
        lake,
        "Orders",
        role=things["role"],
        specs=[
            S3Source("raw", bucket=things["bucket"], prefix="raw/"),
            CatalogSource("orders", database=things["database"], table=things["table"]),
            JdbcSource("live", connection=things["connection"], table="public.orders"),
            S3Sink("curated", input="raw", bucket=curated, prefix="orders/"),
            CatalogSink(
                "catalog",
                input="orders",
                database=things["database"],
                table="orders_curated",
                bucket=curated,
                prefix="catalog/",
            ),
        ],
    )
    things["customers"] = Crawler(
        lake,
        "Customers",
        database=glue.Database(lake, "CustomersDb"),
        targets=[CrawlerTarget.dynamodb(things["dynamodb"])],
    )
    events = MongoDbConnection(
        lake,
        "Events",
        url="mongodb://events.db.internal:27017/events",
        secret=things["secret"],
        vpc=things["vpc"],
        security_groups=[things["group"]],
    )
    things["events"] = Crawler(
        lake,
        "EventsCrawler",
        database=glue.Database(lake, "EventsDb"),
        targets=[CrawlerTarget.mongodb(events, "events/clicks")],
    )
    nightly = Pipeline(lake, "Nightly")
    nightly.add_trigger("Start", StartTrigger.on_demand(), run=[things["job"]])
    nightly.add_trigger("Loaded", Condition.succeeded(things["job"]), run=[things["crawler"]])
    RunAfterGlueJob(lake, "Profile", glue_job=things["job"], databrew_job=things["databrew_job"])

    cell = check(app)
    assert cell.errors == [], "\n".join(map(str, cell.errors))
    return {
        "stacks": (platform, lake),
        "things": things,
        "platform": cell.template_of("Platform"),
        "lake": cell.template_of("Lake"),
        "manifest": json.loads((cell.report.outdir / "manifest.json").read_text()),
    }


def _id(stack: Stack, construct) -> str:
    return stack.get_logical_id(construct.node.default_child)


def _resources(template: dict, type_: str) -> dict[str, dict]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == type_}


def _statements_for(template: dict, roles: list) -> list[dict]:
    """The statements of every policy of ``template`` attached to exactly ``roles``."""
    return [
        statement
        for policy in _resources(template, "AWS::IAM::Policy").values()
        if policy["Properties"]["Roles"] == roles
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


def _own_role_statements(built, construct) -> list[dict]:
    """The statements on a role a lake construct made itself (its DefaultPolicy)."""
    _, lake = built["stacks"]
    return _statements_for(built["lake"], [{"Ref": _id(lake, construct.role)}])


def _imported(built, value: dict) -> Any:
    """What an ``Fn::ImportValue`` in the lake stack reads from the platform stack."""
    return exported(built["platform"], value)


def test_a_role_grant_goes_to_a_policy_of_the_consumer_stack(platform_and_lake):
    built = platform_and_lake
    platform, lake = built["stacks"]
    role, job = built["things"]["role"], built["things"]["orders"]
    [(policy_id, policy)] = [
        (k, v)
        for k, v in _resources(built["lake"], "AWS::IAM::Policy").items()
        if "Fn::ImportValue" in str(v["Properties"]["Roles"])
    ]
    [role_name] = policy["Properties"]["Roles"]
    assert list(role_name) == ["Fn::ImportValue"]
    assert _imported(built, role_name) == {"Ref": _id(platform, role)}
    # The job's own files are among the grants, and the job waits for the policy.
    scripts = lake.get_logical_id(lake.node.find_child("GlueforgeScripts").node.default_child)
    assert {
        "Action": "s3:GetObject",
        "Effect": "Allow",
        "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": [scripts, "Arn"]}, f"/{job.job_name}/*"]]},
    } in policy["Properties"]["PolicyDocument"]["Statement"]
    assert policy_id in built["lake"]["Resources"][_id(lake, job)]["DependsOn"]
    # Nothing was added to the role in its own stack.
    assert _statements_for(built["platform"], [{"Ref": _id(platform, role)}]) == []


def _job_statements(built) -> list[dict]:
    policy = next(
        v
        for v in _resources(built["lake"], "AWS::IAM::Policy").values()
        if "Fn::ImportValue" in str(v["Properties"]["Roles"])
    )
    return policy["Properties"]["PolicyDocument"]["Statement"]


def _statement_on(statements: list[dict], action: str) -> list[dict]:
    return [
        s
        for s in statements
        if action in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
    ]


def test_a_bucket_grant_names_the_bucket_by_its_export(platform_and_lake):
    built = platform_and_lake
    platform, _ = built["stacks"]
    bucket = built["things"]["bucket"]
    reads = _statement_on(_job_statements(built), "s3:GetObject")
    [raw] = [s for s in reads if "/raw/*" in str(s["Resource"])]
    imported_arn, suffix = raw["Resource"]["Fn::Join"][1]
    assert suffix == "/raw/*"
    assert _imported(built, imported_arn) == {"Fn::GetAtt": [_id(platform, bucket), "Arn"]}
    # The bucket's own policy keeps only its TLS rule: no statement for the lake's role.
    [bucket_policy] = [
        v["Properties"]["PolicyDocument"]["Statement"]
        for v in _resources(built["platform"], "AWS::S3::BucketPolicy").values()
        if v["Properties"]["Bucket"] == {"Ref": _id(platform, bucket)}
    ]
    assert [s["Effect"] for s in bucket_policy] == ["Deny"]


def test_a_key_grant_goes_on_the_role_not_into_the_key_policy(platform_and_lake):
    built = platform_and_lake
    platform, _ = built["stacks"]
    key = built["things"]["key"]
    [use] = [
        s
        for s in _statement_on(_job_statements(built), "kms:GenerateDataKey")
        if "Fn::ImportValue" in str(s["Resource"])
    ]
    assert use["Action"] == ["kms:Decrypt", "kms:GenerateDataKey"]
    assert _imported(built, use["Resource"]) == {"Fn::GetAtt": [_id(platform, key), "Arn"]}
    key_policy = built["platform"]["Resources"][_id(platform, key)]["Properties"]["KeyPolicy"]
    assert key_policy["Statement"] == ACCOUNT_ROOT_ONLY


def test_a_database_grant_names_the_database_by_its_export(platform_and_lake):
    built = platform_and_lake
    platform, _ = built["stacks"]
    [writes] = _statement_on(_job_statements(built), "glue:CreateTable")
    database_arn = writes["Resource"][1]
    *_, name = database_arn["Fn::Join"][1]
    assert database_arn == _arn("glue", "database/", name)
    assert _imported(built, name) == {"Ref": _id(platform, built["things"]["database"])}


def test_a_table_grant_names_the_table_and_its_database_by_their_exports(platform_and_lake):
    built = platform_and_lake
    platform, _ = built["stacks"]
    [reads] = [
        s
        for s in _statement_on(_job_statements(built), "glue:GetPartitions")
        if "glue:CreateTable" not in s["Action"]
    ]
    table_arns = [r for r in reads["Resource"] if "table/" in str(r)]
    [table_arn] = [r for r in table_arns if "orders_curated" not in str(r)]
    *_, database, slash, table = table_arn["Fn::Join"][1]
    assert table_arn == _arn("glue", "table/", database, slash, table)
    assert slash == "/"
    assert _imported(built, database) == {"Ref": _id(platform, built["things"]["database"])}
    assert _imported(built, table) == {"Ref": _id(platform, built["things"]["table"])}


def test_a_connection_grant_names_the_connection_by_its_export(platform_and_lake):
    built = platform_and_lake
    platform, _ = built["stacks"]
    [use] = _statement_on(_job_statements(built), "glue:GetConnection")
    catalog, connection_arn = use["Resource"]
    assert catalog == _arn("glue", "catalog")
    *_, name = connection_arn["Fn::Join"][1]
    assert connection_arn == _arn("glue", "connection/", name)
    assert _imported(built, name) == {"Ref": _id(platform, built["things"]["connection"])}


def test_vpc_and_security_group_grants_name_them_by_their_exports(platform_and_lake):
    built = platform_and_lake
    platform, _ = built["stacks"]
    group = built["things"]["group"]
    [subnet] = built["things"]["vpc"].isolated_subnets
    statements = _own_role_statements(built, built["things"]["events"])
    [create] = _statement_on(statements, "ec2:CreateNetworkInterface")
    _, subnet_arn, group_arn = create["Resource"]
    *_, subnet_id = subnet_arn["Fn::Join"][1]
    *_, group_id = group_arn["Fn::Join"][1]
    assert subnet_arn == _arn("ec2", "subnet/", subnet_id)
    assert group_arn == _arn("ec2", "security-group/", group_id)
    assert _imported(built, subnet_id) == {"Ref": _id(platform, subnet)}
    assert _imported(built, group_id) == {"Fn::GetAtt": [_id(platform, group), "GroupId"]}


def test_a_dynamodb_table_grant_goes_on_the_role_and_not_into_its_key_policy(platform_and_lake):
    built = platform_and_lake
    platform, _ = built["stacks"]
    table = built["things"]["dynamodb"]
    statements = _own_role_statements(built, built["things"]["customers"])
    [scan] = _statement_on(statements, "dynamodb:Scan")
    assert _imported(built, scan["Resource"]) == {"Fn::GetAtt": [_id(platform, table), "Arn"]}
    [decrypt] = [
        s for s in _statement_on(statements, "kms:Decrypt") if "Fn::ImportValue" in s["Resource"]
    ]
    assert _imported(built, decrypt["Resource"]) == {
        "Fn::GetAtt": [_id(platform, table.encryption_key), "Arn"]
    }
    key = built["platform"]["Resources"][_id(platform, table.encryption_key)]
    assert key["Properties"]["KeyPolicy"]["Statement"] == ACCOUNT_ROOT_ONLY


def test_a_secret_grant_goes_on_the_role_not_into_the_secret_or_key_policy(platform_and_lake):
    built = platform_and_lake
    platform, _ = built["stacks"]
    secret = built["things"]["secret"]
    statements = _own_role_statements(built, built["things"]["events"])
    [read] = _statement_on(statements, "secretsmanager:GetSecretValue")
    assert read["Action"] == ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    assert _imported(built, read["Resource"]) == {"Ref": _id(platform, secret)}
    assert _resources(built["platform"], "AWS::SecretsManager::ResourcePolicy") == {}
    # The secret's key: decrypt through Secrets Manager only, allowed on the role's side.
    key_id = _id(platform, secret.encryption_key)
    [decrypt] = [
        s for s in _statement_on(statements, "kms:Decrypt") if "Fn::ImportValue" in s["Resource"]
    ]
    assert _imported(built, decrypt["Resource"]) == {"Fn::GetAtt": [key_id, "Arn"]}
    assert decrypt["Condition"] == {
        "StringEquals": {
            "kms:ViaService": {"Fn::Join": ["", ["secretsmanager.", REGION, ".amazonaws.com"]]}
        }
    }
    key_policy = built["platform"]["Resources"][key_id]["Properties"]["KeyPolicy"]["Statement"]
    # Only the account is named there: the account statement, and those the secret adds.
    assert {json.dumps(s["Principal"]) for s in key_policy} == {
        json.dumps(ACCOUNT_ROOT_ONLY[0]["Principal"])
    }


def test_a_pipeline_names_a_job_and_a_crawler_of_another_stack(platform_and_lake):
    built = platform_and_lake
    job, crawler = built["things"]["job"], built["things"]["crawler"]
    triggers = {
        v["Properties"]["Type"]: v["Properties"]
        for v in _resources(built["lake"], "AWS::Glue::Trigger").values()
    }
    # Names the app gives are plain strings: nothing crosses the stacks but the order.
    assert triggers["ON_DEMAND"]["Actions"] == [{"JobName": job.job_name}]
    assert triggers["CONDITIONAL"]["Actions"] == [{"CrawlerName": crawler.crawler_name}]
    assert triggers["CONDITIONAL"]["Predicate"]["Conditions"][0]["JobName"] == job.job_name
    assert "Platform" in built["manifest"]["artifacts"]["Lake"]["dependencies"]
    assert "Lake" not in built["manifest"]["artifacts"]["Platform"].get("dependencies", [])


def test_running_a_databrew_job_of_another_stack_is_granted_in_the_consumer(platform_and_lake):
    built = platform_and_lake
    platform, _ = built["stacks"]
    name = built["things"]["databrew_job"].job_name
    starts = [
        s
        for policy in _resources(built["lake"], "AWS::IAM::Policy").values()
        for s in policy["Properties"]["PolicyDocument"]["Statement"]
        if "databrew:startJobRun" in s["Action"]
    ]
    assert [s["Resource"] for s in starts] == [_arn("databrew", f"job/{name}")]
    assert "databrew:startJobRun" not in json.dumps(built["platform"])


# ---- a nested stack, and an import -------------------------------------------------------


def test_a_role_of_the_parent_stack_gets_a_policy_in_the_nested_stack(tmp_path):
    app = App(outdir=str(tmp_path / "cdk.out"))
    platform = Stack(app, "Platform")
    role = iam.Role(platform, "Runner", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    jobs = NestedStack(platform, "Jobs")
    _etl_job_with_role(jobs, role)
    cell = check(app)
    assert cell.errors == [], "\n".join(map(str, cell.errors))
    nested = cell.template_of("PlatformJobs")
    parameters = set(nested.get("Parameters", {}))
    [role_name] = [
        role
        for policy in _resources(nested, "AWS::IAM::Policy").values()
        for role in policy["Properties"]["Roles"]
        if role.get("Ref") in parameters
    ]
    parameter = role_name["Ref"]
    # The parent passes the role's name (its Ref) as the nested stack's parameter.
    [stack_resource] = _resources(
        cell.template_of("Platform"), "AWS::CloudFormation::Stack"
    ).values()
    assert stack_resource["Properties"]["Parameters"][parameter] == {
        "Ref": platform.get_logical_id(role.node.default_child)
    }
    assert (
        _statements_for(
            cell.template_of("Platform"),
            [{"Ref": platform.get_logical_id(role.node.default_child)}],
        )
        == []
    )


def test_a_role_imported_by_arn_gets_aws_cdk_libs_policy_of_the_import(tmp_path):
    app = App(outdir=str(tmp_path / "cdk.out"))
    lake = Stack(app, "Lake")
    role = iam.Role.from_role_arn(
        lake, "Runner", "arn:aws:iam::123456789012:role/platform/glue-runner"
    )
    _etl_job_with_role(lake, role)
    cell = check(app)
    assert cell.errors == [], "\n".join(map(str, cell.errors))
    # A role's name is the last part of its ARN, after its path.
    [policy_id] = [
        k
        for k, v in _resources(cell.template_of("Lake"), "AWS::IAM::Policy").items()
        if v["Properties"]["Roles"] == ["glue-runner"]
    ]
    assert policy_id.startswith("RunnerPolicy")


def _etl_job_with_role(scope, role) -> EtlJob:
    bucket = SecureBucket(scope, "Data")
    return EtlJob(
        scope,
        "Orders",
        role=role,
        specs=[
            S3Source("raw", bucket=bucket, prefix="raw/"),
            S3Sink("out", input="raw", bucket=bucket, prefix="out/"),
        ],
    )


def test_s3_events_of_a_bucket_of_another_stack_are_wired_from_the_consumer(tmp_path):
    app = App(outdir=str(tmp_path / "cdk.out"))
    platform = Stack(app, "Platform")
    bucket = SecureBucket(platform, "Data")
    lake = Stack(app, "Lake")
    Crawler(
        lake,
        "Raw",
        database=glue.Database(lake, "Db"),
        targets=[CrawlerTarget.s3(bucket, "raw/")],
        recrawl=RecrawlBehavior.CRAWL_EVENT_MODE,
    )
    cell = check(app)
    assert cell.errors == [], "\n".join(map(str, cell.errors))
    platform_template, lake_template = cell.template_of("Platform"), cell.template_of("Lake")
    assert _resources(platform_template, "Custom::S3BucketNotifications") == {}
    [notifications] = _resources(lake_template, "Custom::S3BucketNotifications").values()
    # Written from the lake stack, for a bucket it does not own: kept beside the others.
    assert notifications["Properties"]["Managed"] is False
    assert exported(platform_template, notifications["Properties"]["BucketName"]) == {
        "Ref": platform.get_logical_id(bucket.node.default_child)
    }
    queues = notifications["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
    assert {q["Events"][0] for q in queues} == {"s3:ObjectCreated:*", "s3:ObjectRemoved:*"}
