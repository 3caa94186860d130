"""Secure by default: security configurations, the IAM walk and the suppression list."""

from __future__ import annotations

import json

import pytest
from aws_cdk import aws_s3 as s3

from glueforge import CatalogDatabase, GlueforgeValidationError
from glueforge.jobs.etl_job import EtlJob
from glueforge.jobs.specs import S3Sink, S3Source

# Actions with no resource-level permissions in IAM: the only ones a policy in the
# reference app may grant on "*". Each line says who needs it.
WILDCARD_ALLOWED = {
    # Glue jobs publish their metrics; limited to the Glue namespace by a condition.
    "cloudwatch:PutMetricData",
    # Lambda functions in VPCs and Glue connections create and describe ENIs.
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeVpcs",
    "ec2:DescribeVpcEndpoints",
    "ec2:DescribeRouteTables",
    "ec2:DescribeVpcAttribute",
    # CDK's S3 notifications handler lists and puts a bucket's notifications for any bucket.
    "s3:PutBucketNotification",
    # Flow logs: the log group is created by the VPC flow log service.
    "logs:DescribeLogGroups",
    "logs:DescribeLogStreams",
    # Step Functions logging (the DataBrew chaining state machine): log deliveries and
    # resource policies are account-level, with no resource ARNs.
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    # Step Functions X-Ray tracing: X-Ray has no resource-level permissions for these.
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
}


def _job(stack, **props):
    bucket = s3.Bucket(stack, "Data", enforce_ssl=True)
    return EtlJob(
        stack,
        "Job",
        specs=[
            S3Source("raw", bucket=bucket, prefix="in/"),
            S3Sink("out", input="raw", bucket=bucket, prefix="out/"),
        ],
        **props,
    )


def _resources(template, type_):
    return {k: v for k, v in template["Resources"].items() if v["Type"] == type_}


def test_jobs_and_crawlers_share_one_encrypting_security_configuration(stack, synth):
    job = _job(stack)
    zone = CatalogDatabase(stack, "Zone", bucket=s3.Bucket(stack, "Zb", enforce_ssl=True))
    template = synth(stack, cfn_lint=False, nag=False).templates["Test"]
    configs = _resources(template, "AWS::Glue::SecurityConfiguration")
    assert len(configs) == 1
    ((config_id, config),) = configs.items()
    encryption = config["Properties"]["EncryptionConfiguration"]
    assert encryption["CloudWatchEncryption"]["CloudWatchEncryptionMode"] == "SSE-KMS"
    assert encryption["JobBookmarksEncryption"]["JobBookmarksEncryptionMode"] == "CSE-KMS"
    assert encryption["S3Encryptions"][0]["S3EncryptionMode"] == "SSE-KMS"
    job_props = _resources(template, "AWS::Glue::Job").popitem()[1]["Properties"]
    crawler_props = _resources(template, "AWS::Glue::Crawler").popitem()[1]["Properties"]
    assert job_props["SecurityConfiguration"] == {"Ref": config_id}
    assert crawler_props["CrawlerSecurityConfiguration"] == {"Ref": config_id}
    assert job.security_configuration is zone.crawler.security_configuration


def test_the_key_rotates_and_lets_cloudwatch_logs_use_it(stack, synth):
    _job(stack)
    template = synth(stack, cfn_lint=False, nag=False).templates["Test"]
    # Issue 17: the stack now also holds GlueforgeQueueKey (the scripts deployment
    # function's dead-letter queue); this test is about the Glue key.
    keys = [
        k
        for logical_id, k in _resources(template, "AWS::KMS::Key").items()
        if logical_id.startswith("GlueforgeKey")
    ]
    assert len(keys) == 1 and keys[0]["Properties"]["EnableKeyRotation"] is True
    statements = keys[0]["Properties"]["KeyPolicy"]["Statement"]
    logs = [s for s in statements if "Service" in s["Principal"]]
    assert logs and "logs." in str(logs[0]["Principal"]["Service"])
    assert set(logs[0]["Action"]) >= {"kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"}
    assert logs[0]["Principal"]["Service"] == {
        "Fn::Join": ["", ["logs.", {"Ref": "AWS::Region"}, ".amazonaws.com"]]
    }
    # Glue's log groups, then (issue 17) the stack's own encrypted log group: the scripts
    # deployment function's, by its literal name and nothing wider.
    (deployment_logs,) = [
        g["Properties"]["LogGroupName"]
        for g in _resources(template, "AWS::Logs::LogGroup").values()
    ]
    assert deployment_logs.startswith("/glueforge/Test-GlueforgeScriptsDeploymentLogs-")

    def arn(name):
        return {
            "Fn::Join": [
                "",
                [
                    "arn:",
                    {"Ref": "AWS::Partition"},
                    ":logs:",
                    {"Ref": "AWS::Region"},
                    ":",
                    {"Ref": "AWS::AccountId"},
                    f":log-group:{name}",
                ],
            ]
        }

    assert logs[0]["Condition"] == {
        "ArnLike": {
            "kms:EncryptionContext:aws:logs:arn": [arn("/aws-glue/*"), arn(deployment_logs)]
        }
    }


def test_role_may_use_the_key_by_its_arn(stack, synth):
    _job(stack)
    template = synth(stack, cfn_lint=False, nag=False).templates["Test"]
    key_id = next(k for k in _resources(template, "AWS::KMS::Key") if k.startswith("GlueforgeKey"))
    # The job role's policies; (issue 17) the scripts deployment function's role also
    # decrypts its environment with this key (tests/security/test_deployment_function.py).
    policies = [
        p
        for logical_id, p in _resources(template, "AWS::IAM::Policy").items()
        if not logical_id.startswith("CustomCDKBucketDeployment")
    ]
    on_key = [
        s
        for p in policies
        for s in p["Properties"]["PolicyDocument"]["Statement"]
        if s["Resource"] == {"Fn::GetAtt": [key_id, "Arn"]}
    ]
    assert [sorted(s["Action"]) for s in on_key] == [
        ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"]
    ]


def test_explicit_opt_out_has_no_security_configuration(stack, synth):
    _job(stack, encryption=False)
    template = synth(stack, cfn_lint=False, nag=False).templates["Test"]
    assert not _resources(template, "AWS::Glue::SecurityConfiguration")
    job = _resources(template, "AWS::Glue::Job").popitem()[1]
    assert "SecurityConfiguration" not in job["Properties"]


def test_opting_out_and_passing_a_configuration_is_refused(stack):
    from glueforge.security.configuration import default_security_configuration

    config = default_security_configuration(stack)
    with pytest.raises(GlueforgeValidationError, match="encryption=False"):
        _job(stack, encryption=False, security_configuration=config)


def test_reference_app_has_no_glue_encryption_warnings(reference):
    flagged = [f for f in reference.findings if f.rule in ("AwsSolutions-GL1", "AwsSolutions-GL3")]
    assert not flagged, flagged
    assert not reference.errors("cdk-nag")


def _statements(template):
    for logical_id, resource in template["Resources"].items():
        props = resource.get("Properties", {})
        if resource["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            documents = [props["PolicyDocument"]]
        elif resource["Type"] == "AWS::IAM::Role":
            documents = [p["PolicyDocument"] for p in props.get("Policies", [])]
        else:
            continue  # key and bucket policies: there "*" means the resource itself
        for document in documents:
            for statement in document["Statement"]:
                yield logical_id, statement


def test_iam_walk_no_star_resources_outside_the_allow_list(reference):
    offending = []
    for logical_id, statement in _statements(reference.templates["DataLake"]):
        resources = statement.get("Resource", [])
        resources = resources if isinstance(resources, list) else [resources]
        if "*" not in resources or statement["Effect"] != "Allow":
            continue
        actions = (
            statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        )
        offending += [(logical_id, a) for a in actions if a not in WILDCARD_ALLOWED]
    assert not offending, offending


def test_iam_walk_finds_a_star_resource_when_there_is_one(stack, synth):
    # The walk itself must be able to fail.
    from aws_cdk import aws_iam as iam

    role = iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    role.add_to_policy(iam.PolicyStatement(actions=["s3:GetObject"], resources=["*"]))
    template = synth(stack, cfn_lint=False, nag=False).templates["Test"]
    found = [s for _, s in _statements(template) if s.get("Resource") == "*"]
    assert found and found[0]["Action"] == "s3:GetObject"


# Every acknowledgment in the reference app, by tool, rule and construct. A new one fails
# this test until it is added here, so each suppression is reviewed with its reason.
ACKNOWLEDGED = {
    (
        "cdk-nag",
        "AwsSolutions-IAM4",
        "DataLake/BucketNotificationsHandler050a0587b7544547bf325f094a3db834",
    ),
    (
        "cdk-nag",
        "AwsSolutions-IAM4",
        "DataLake/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C",
    ),
    ("cdk-nag", "AwsSolutions-IAM5", "DataLake/Catalog/ClickstreamCrawler/Role"),
    # The orders table's compaction: objects under the table's prefix and its log streams.
    ("cdk-nag", "AwsSolutions-IAM5", "DataLake/Catalog/OrdersCompaction/Role"),
    ("cdk-nag", "AwsSolutions-IAM5", "DataLake/DataBrew/AfterOrdersJob/StateMachine/Role"),
    ("cdk-nag", "AwsSolutions-IAM5", "DataLake/DataBrew/OrdersProfile/Role"),
    ("cdk-nag", "AwsSolutions-IAM5", "DataLake/Catalog/Curated/Crawler/Role"),
    (
        "cdk-nag",
        "AwsSolutions-IAM5",
        "DataLake/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C",
    ),
    ("cdk-nag", "AwsSolutions-IAM5", "DataLake/Jobs/ClickstreamJob/Role"),
    ("cdk-nag", "AwsSolutions-IAM5", "DataLake/Jobs/CustomersJob/Role"),
    ("cdk-nag", "AwsSolutions-IAM5", "DataLake/Jobs/DailyAnalyticsJob/Role"),
    ("cdk-nag", "AwsSolutions-IAM5", "DataLake/Jobs/OrdersJob/Role"),
    # The live clickstream job: its folders (scripts, temp and checkpoint, the curated sink),
    # its log streams, and PutMetricData limited to Glue's namespace.
    ("cdk-nag", "AwsSolutions-IAM5", "DataLake/Jobs/LiveClickstreamJob/Role"),
    # The retention plan job: its folders of the scripts and temp buckets, its log streams.
    ("cdk-nag", "AwsSolutions-IAM5", "DataLake/Jobs/RetentionPlanJob/Role"),
    # The app's choice: the Kinesis stream shares the sources' customer-managed key.
    ("cdk-nag", "AwsSolutions-KDS3", "DataLake/Sources/ClickstreamStream"),
    (
        "cdk-nag",
        "AwsSolutions-L1",
        "DataLake/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C",
    ),
    ("cdk-nag", "AwsSolutions-S1", "DataLake/GlueforgeAccessLogs/Bucket"),
    ("cdk-nag", "AwsSolutions-SQS3", "DataLake/Catalog/ClickstreamCrawler/Events/DeadLetterQueue"),
    ("cdk-nag", "AwsSolutions-SQS3", "DataLake/GlueforgeScriptsDeploymentDeadLetterQueue"),
    ("cdk-validate", "F3002", "DataLake/Network/Vpc/Rejected"),
    ("cdk-validate", "F3003", "DataLake/Network/Vpc/Rejected"),
    ("cdk-validate", "W3010", "DataLake"),
}


def test_every_suppression_is_listed_with_its_reason(reference):
    found = {(a.tool, a.rule.split("[")[0], a.location) for a in reference.acknowledged}
    assert found == ACKNOWLEDGED
    for ack in sorted(reference.acknowledged, key=lambda a: (a.location, a.rule)):
        assert len(ack.reason) >= 10, ack
        # Shown with -s, so a reviewer reads every suppression and why.
        print(f"{ack.tool} {ack.rule} at {ack.location}: {ack.reason}")
    rules = {rule for _, rule, _ in found}
    assert not rules & {"AwsSolutions-GL1", "AwsSolutions-GL3"}, "Glue encryption is on, not waived"


def test_encrypted_roles_may_associate_the_key_with_their_log_groups(stack, synth):
    _job(stack)
    CatalogDatabase(stack, "Zone", bucket=s3.Bucket(stack, "Zb", enforce_ssl=True))
    template = synth(stack, cfn_lint=False, nag=False).templates["Test"]
    associate = [
        json.dumps(s["Resource"])
        for p in _resources(template, "AWS::IAM::Policy").values()
        for s in p["Properties"]["PolicyDocument"]["Statement"]
        if s["Action"] == "logs:AssociateKmsKey"
    ]
    assert len(associate) == 2
    assert any(":log-group:/aws-glue/jobs*" in a for a in associate)
    # Crawlers: /aws-glue/crawlers-role/<role name>-<security configuration name>
    assert any(
        "/aws-glue/crawlers-role/" in a and "GlueforgeSecurityConfiguration" in a for a in associate
    )


def test_key_use_is_returned_as_one_grant(stack):
    from aws_cdk import aws_glue as glue
    from aws_cdk import aws_iam as iam

    from glueforge.security.configuration import default_security_configuration, grant_key_use

    role = iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    granted = grant_key_use(role, default_security_configuration(stack))
    assert isinstance(granted, iam.Grant) and granted.success
    assert sorted(a for s in granted.principal_statements for a in s.actions) == [
        "kms:Decrypt",
        "kms:DescribeKey",
        "kms:Encrypt",
        "kms:GenerateDataKey",
    ]
    imported = glue.SecurityConfiguration.from_security_configuration_name(stack, "I", "theirs")
    dropped = grant_key_use(role, imported)
    assert isinstance(dropped, iam.Grant) and not dropped.principal_statements
