"""Condition keys each action supports, from AWS's Service Authorization Reference.

Data for :mod:`tests.iam.test_condition_keys`, written by hand from the "Actions,
resources, and condition keys for <service>" pages listed in :data:`SOURCES` (read
2026-11-29). For each action glueforge's statements carry, the keys of the page's
"Condition keys" column for that action, plus the keys of the resource types the action
takes (``aws:ResourceTag/${TagKey}`` where the resource type lists it). A ``${...}`` part
stands for any text (``kms:EncryptionContext:${EncryptionContextKey}`` covers
``kms:EncryptionContext:aws:logs:arn``).

For the services whose wildcard actions glueforge writes under a service-specific
condition (``kms:Encrypt*`` and the like in the CloudWatch Logs key policy), every action
of the service that the wildcard can match is listed, so the test can expand it.

:data:`GLOBAL_KEYS` are the global condition context keys ("AWS global condition context
keys", IAM User Guide), which every action supports. ``aws:RequestTag``,
``aws:ResourceTag`` and ``aws:TagKeys`` are not among them: the reference lists them per
action, so they are checked per action here too.
"""

from __future__ import annotations

READ_ON = "2026-11-29"
_SAR = "https://docs.aws.amazon.com/service-authorization/latest/reference"
SOURCES = {
    "s3": f"{_SAR}/list_amazons3.html",
    "kms": f"{_SAR}/list_awskeymanagementservice.html",
    "glue": f"{_SAR}/list_awsglue.html",
    "logs": f"{_SAR}/list_amazoncloudwatchlogs.html",
    "cloudwatch": f"{_SAR}/list_amazoncloudwatch.html",
    "ec2": f"{_SAR}/list_amazonec2.html",
    "secretsmanager": f"{_SAR}/list_awssecretsmanager.html",
    "dynamodb": f"{_SAR}/list_amazondynamodb.html",
    "sqs": f"{_SAR}/list_amazonsqs.html",
    "events": f"{_SAR}/list_amazoneventbridge.html",
    "states": f"{_SAR}/list_awsstepfunctions.html",
    "databrew": f"{_SAR}/list_awsgluedatabrew.html",
    "lambda": f"{_SAR}/list_awslambda.html",
    "sts": f"{_SAR}/list_awssecuritytokenservice.html",
    "lakeformation": f"{_SAR}/list_awslakeformation.html",
    "global": "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
}

GLOBAL_KEYS = frozenset(
    {
        "aws:CalledVia",
        "aws:CalledViaFirst",
        "aws:CalledViaLast",
        "aws:CurrentTime",
        "aws:EpochTime",
        "aws:FederatedProvider",
        "aws:MultiFactorAuthAge",
        "aws:MultiFactorAuthPresent",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:PrincipalIsAWSService",
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalServiceName",
        "aws:PrincipalServiceNamesList",
        "aws:PrincipalTag/${TagKey}",
        "aws:PrincipalType",
        "aws:RequestedRegion",
        "aws:ResourceAccount",
        "aws:ResourceOrgID",
        "aws:ResourceOrgPaths",
        "aws:SecureTransport",
        "aws:SourceAccount",
        "aws:SourceArn",
        "aws:SourceIdentity",
        "aws:SourceIp",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:TokenIssueTime",
        "aws:UserAgent",
        "aws:userid",
        "aws:username",
        "aws:ViaAWSService",
        "aws:VpcSourceIp",
    }
)

# ---- Amazon S3 -------------------------------------------------------------------------
# Re-read row by row on 2026-11-29 against "Actions, resources, and condition keys for
# Amazon S3" (SOURCES["s3"]), through the daily machine-readable copy of the reference in
# github.com/iann0036/iam-dataset (aws/iam_definition.json, commit 08eff2d7ffe7). Since S3
# added attribute-based access control, every bucket and object action also lists
# aws:ResourceTag/${TagKey} and s3:BucketTag/${TagKey} (the old rows lacked them), and
# access-point resources s3:AccessPointTag/${TagKey}. Fixed: ListBucket, GetBucketLocation,
# GetObject, PutObject, PutObjectAcl. Still s3:prefix only on ListBucket (and
# ListBucketVersions), never on GetBucketLocation: the finding of issue 17, section 5.
# DeleteObject and AbortMultipartUpload were not re-read this time (only the common keys).
# Every S3 action lists these (authentication and TLS details of the request).
_S3_REQUEST = (
    "s3:authType",
    "s3:ResourceAccount",
    "s3:signatureAge",
    "s3:signatureversion",
    "s3:TlsVersion",
    "s3:x-amz-content-sha256",
)
# The keys of the bucket and object resource types (ABAC: the resource's and bucket's tags).
_S3_RESOURCE = ("aws:ResourceTag/${TagKey}", "s3:BucketTag/${TagKey}")
_S3_ACCESS_POINT = (
    "s3:AccessPointNetworkOrigin",
    "s3:AccessPointTag/${TagKey}",
    "s3:DataAccessPointAccount",
    "s3:DataAccessPointArn",
)
_S3_OBJECT_TAGS = ("s3:ExistingObjectTag/${TagKey}",)
_S3_GRANTS = (
    "s3:x-amz-acl",
    "s3:x-amz-grant-full-control",
    "s3:x-amz-grant-read",
    "s3:x-amz-grant-read-acp",
    "s3:x-amz-grant-write",
    "s3:x-amz-grant-write-acp",
    "s3:x-amz-storage-class",
)

# ---- AWS KMS ---------------------------------------------------------------------------
# Page: SOURCES["kms"] ("Actions, resources, and condition keys for AWS Key Management
# Service"). Rows as first written on 2026-11-29; NOT yet re-read row by row (the S3 rows
# were; KMS, Glue and CloudWatch Logs are left for the next pass).
_KMS_KEY = (
    "aws:ResourceTag/${TagKey}",
    "kms:CallerAccount",
    "kms:KeyOrigin",
    "kms:KeySpec",
    "kms:KeyUsage",
    "kms:ResourceAliases",
    "kms:ViaService",
)
_KMS_CONTEXT = (
    "kms:EncryptionAlgorithm",
    "kms:EncryptionContext:${EncryptionContextKey}",
    "kms:EncryptionContextKeys",
)
_KMS_RECIPIENT = (
    "kms:RecipientAlgorithm",
    "kms:RecipientAttestation:ImageSha384",
    "kms:RecipientAttestation:PCR${PCR_ID}",
)
_TAGGED = ("aws:ResourceTag/${TagKey}",)

ACTION_CONDITION_KEYS: dict[str, tuple[str, ...]] = {
    # s3
    "s3:ListBucket": (
        *_S3_REQUEST,
        *_S3_RESOURCE,
        *_S3_ACCESS_POINT,
        "s3:AccessGrantsInstanceArn",
        "s3:delimiter",
        "s3:max-keys",
        "s3:prefix",
    ),
    "s3:GetBucketLocation": (*_S3_REQUEST, *_S3_RESOURCE, *_S3_ACCESS_POINT),
    "s3:GetObject": (
        *_S3_REQUEST,
        *_S3_RESOURCE,
        *_S3_ACCESS_POINT,
        *_S3_OBJECT_TAGS,
        "s3:AccessGrantsInstanceArn",
    ),
    "s3:PutObject": (
        *_S3_REQUEST,
        *_S3_RESOURCE,
        *_S3_ACCESS_POINT,
        *_S3_GRANTS,
        "s3:AccessGrantsInstanceArn",
        "s3:if-match",
        "s3:if-none-match",
        "s3:object-lock-legal-hold",
        "s3:object-lock-mode",
        "s3:object-lock-remaining-retention-days",
        "s3:object-lock-retain-until-date",
        "s3:ObjectCreationOperation",
        "s3:RequestObjectTag/${TagKey}",
        "s3:RequestObjectTagKeys",
        "s3:x-amz-copy-source",
        "s3:x-amz-metadata-directive",
        "s3:x-amz-object-annotation-directive",
        "s3:x-amz-server-side-encryption",
        "s3:x-amz-server-side-encryption-aws-kms-key-id",
        "s3:x-amz-server-side-encryption-customer-algorithm",
        "s3:x-amz-website-redirect-location",
    ),
    "s3:PutObjectAcl": (
        *_S3_REQUEST,
        *_S3_RESOURCE,
        *_S3_ACCESS_POINT,
        *_S3_OBJECT_TAGS,
        *_S3_GRANTS,
        "s3:AccessGrantsInstanceArn",
    ),
    "s3:DeleteObject": (*_S3_REQUEST, *_S3_ACCESS_POINT),
    "s3:AbortMultipartUpload": (*_S3_REQUEST, *_S3_ACCESS_POINT),
    # kms: every action of the service that kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*,
    # kms:GenerateDataKey* and kms:Describe* can match.
    "kms:Encrypt": (*_KMS_KEY, *_KMS_CONTEXT),
    "kms:Decrypt": (*_KMS_KEY, *_KMS_CONTEXT, *_KMS_RECIPIENT),
    "kms:ReEncryptFrom": (*_KMS_KEY, *_KMS_CONTEXT, "kms:ReEncryptOnSameKey"),
    "kms:ReEncryptTo": (*_KMS_KEY, *_KMS_CONTEXT, "kms:ReEncryptOnSameKey"),
    "kms:GenerateDataKey": (*_KMS_KEY, *_KMS_CONTEXT, *_KMS_RECIPIENT),
    "kms:GenerateDataKeyWithoutPlaintext": (*_KMS_KEY, *_KMS_CONTEXT),
    "kms:GenerateDataKeyPair": (*_KMS_KEY, *_KMS_CONTEXT, *_KMS_RECIPIENT, "kms:DataKeyPairSpec"),
    "kms:GenerateDataKeyPairWithoutPlaintext": (*_KMS_KEY, *_KMS_CONTEXT, "kms:DataKeyPairSpec"),
    # aws-cdk-lib's Secret lets Secrets Manager create grants on the secret's key.
    "kms:CreateGrant": (
        *_KMS_KEY,
        "kms:EncryptionContext:${EncryptionContextKey}",
        "kms:EncryptionContextKeys",
        "kms:GrantConstraintType",
        "kms:GranteePrincipal",
        "kms:GrantIsForAWSResource",
        "kms:GrantOperations",
        "kms:RetiringPrincipal",
    ),
    "kms:DescribeKey": _KMS_KEY,
    "kms:DescribeCustomKeyStores": ("kms:CallerAccount",),
    # cloudwatch: PutMetricData has no resource type; it takes the namespace.
    "cloudwatch:PutMetricData": ("cloudwatch:namespace", "cloudwatch:requestInsightRuleLogGroups"),
    # ec2: tagging a network interface.
    "ec2:CreateTags": (
        "aws:RequestTag/${TagKey}",
        "aws:TagKeys",
        "aws:ResourceTag/${TagKey}",
        "ec2:CreateAction",
        "ec2:Region",
        "ec2:ResourceTag/${TagKey}",
    ),
    "ec2:DeleteTags": (
        "aws:RequestTag/${TagKey}",
        "aws:TagKeys",
        "aws:ResourceTag/${TagKey}",
        "ec2:Region",
        "ec2:ResourceTag/${TagKey}",
    ),
    "ec2:CreateNetworkInterface": (
        "aws:RequestTag/${TagKey}",
        "aws:TagKeys",
        "aws:ResourceTag/${TagKey}",
        "ec2:Region",
        "ec2:Subnet",
        "ec2:Vpc",
    ),
    "ec2:DeleteNetworkInterface": (
        "aws:ResourceTag/${TagKey}",
        "ec2:Region",
        "ec2:ResourceTag/${TagKey}",
    ),
    # secretsmanager
    "secretsmanager:GetSecretValue": (
        *_TAGGED,
        "secretsmanager:ResourceTag/${TagKey}",
        "secretsmanager:SecretId",
        "secretsmanager:VersionId",
        "secretsmanager:VersionStage",
        "secretsmanager:resource/AllowRotationLambdaArn",
    ),
    "secretsmanager:DescribeSecret": (
        *_TAGGED,
        "secretsmanager:ResourceTag/${TagKey}",
        "secretsmanager:SecretId",
        "secretsmanager:resource/AllowRotationLambdaArn",
    ),
    # logs. Page: SOURCES["logs"] ("Actions, resources, and condition keys for Amazon
    # CloudWatch Logs"). Rows as first written on 2026-11-29; NOT yet re-read row by row.
    "logs:CreateLogGroup": ("aws:RequestTag/${TagKey}", "aws:TagKeys"),
    "logs:CreateLogStream": (),
    "logs:PutLogEvents": (),
    "logs:AssociateKmsKey": _TAGGED,
    # dynamodb
    "dynamodb:DescribeTable": _TAGGED,
    "dynamodb:Scan": (
        *_TAGGED,
        "dynamodb:Attributes",
        "dynamodb:ReturnConsumedCapacity",
        "dynamodb:Select",
    ),
    "dynamodb:ExportTableToPointInTime": _TAGGED,
    "dynamodb:DescribeExport": (),
    # sqs: queue-resource actions take the queue's tags.
    "sqs:SendMessage": _TAGGED,
    "sqs:GetQueueAttributes": _TAGGED,
    "sqs:GetQueueUrl": _TAGGED,
    "sqs:DeleteMessage": _TAGGED,
    "sqs:ReceiveMessage": _TAGGED,
    "sqs:SetQueueAttributes": _TAGGED,
    "sqs:PurgeQueue": _TAGGED,
    "sqs:ListQueueTags": _TAGGED,
    "sqs:ListDeadLetterSourceQueues": _TAGGED,
    # sts (role trust policies)
    "sts:AssumeRole": (
        "aws:RequestTag/${TagKey}",
        "aws:TagKeys",
        "sts:ExternalId",
        "sts:RoleSessionName",
        "sts:SourceIdentity",
        "sts:TransitiveTagKeys",
    ),
    # events, states, databrew, lambda
    "events:PutEvents": ("events:detail-type", "events:source", "events:eventBusInvocation"),
    "states:StartExecution": _TAGGED,
    "databrew:StartJobRun": _TAGGED,
    "lambda:InvokeFunction": (*_TAGGED, "lambda:EventSourceToken"),
    "lakeformation:GetDataAccess": (),
}

# glue. Page: SOURCES["glue"] ("Actions, resources, and condition keys for AWS Glue").
# Rows as first written on 2026-11-29; NOT yet re-read row by row.
# glue: the Data Catalog's resources (catalog, database, table, connection) list no
# condition keys; jobs, crawlers and workflows take their tags.
_CATALOG_ACTIONS = (
    "GetDatabase",
    "GetTable",
    "GetTables",
    "GetPartition",
    "GetPartitions",
    "BatchGetPartition",
    "CreateTable",
    "UpdateTable",
    "CreatePartition",
    "BatchCreatePartition",
    "UpdatePartition",
    "BatchUpdatePartition",
    "CreatePartitionIndex",
    "GetPartitionIndexes",
    "DeleteTable",
    "BatchDeleteTable",
    "DeletePartition",
    "BatchDeletePartition",
    "GetConnection",
)
_TAGGED_GLUE_ACTIONS = (
    "StartJobRun",
    "BatchStopJobRun",
    "GetJob",
    "GetJobRun",
    "GetJobRuns",
    "GetJobBookmark",
    "StartCrawler",
    "StopCrawler",
    "GetCrawler",
    "GetCrawlerMetrics",
    "ListCrawls",
    "UpdateCrawler",
    "notifyEvent",
    "StartWorkflowRun",
    "GetWorkflow",
    "GetWorkflowRun",
    "GetWorkflowRuns",
    "GetWorkflowRunProperties",
)
ACTION_CONDITION_KEYS.update({f"glue:{a}": () for a in _CATALOG_ACTIONS})
ACTION_CONDITION_KEYS.update({f"glue:{a}": _TAGGED for a in _TAGGED_GLUE_ACTIONS})
# UpdateCrawler also takes the crawler's network and the request's tags.
ACTION_CONDITION_KEYS["glue:UpdateCrawler"] = (
    *_TAGGED,
    "glue:SecurityGroupIds",
    "glue:SubnetIds",
    "glue:VpcIds",
)
