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
# GetObject, PutObject, PutObjectAcl; and (second pass, same source, same day) DeleteObject
# and AbortMultipartUpload, which lacked the bucket and object tags and
# s3:AccessGrantsInstanceArn (and DeleteObject s3:if-match). Still s3:prefix only on
# ListBucket (and ListBucketVersions), never on GetBucketLocation: the finding of issue 17,
# section 5.
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
# Re-read row by row on 2026-11-29 against "Actions, resources, and condition keys for AWS
# Key Management Service" (SOURCES["kms"]), through github.com/iann0036/iam-dataset
# (aws/iam_definition.json, commit 08eff2d7ffe7). Fixed: the key resource type also lists
# kms:MultiRegion and kms:MultiRegionKeyType; the cryptographic operations and DescribeKey
# also kms:RequestAlias; CreateGrant also kms:GrantConstraintSourceArn,
# kms:GranteeServicePrincipal and kms:RetiringServicePrincipal; the attestation keys are now
# kms:RecipientAttestation:ImageSha384, :NitroTPMPCR<n> and :PCR<n>, and
# kms:RecipientAlgorithm is no longer listed for any action (the old rows had it).
# The keys of the KMS key resource type, which every action on a key takes.
_KMS_KEY = (
    "aws:ResourceTag/${TagKey}",
    "kms:CallerAccount",
    "kms:KeyOrigin",
    "kms:KeySpec",
    "kms:KeyUsage",
    "kms:MultiRegion",
    "kms:MultiRegionKeyType",
    "kms:ResourceAliases",
    "kms:ViaService",
)
_KMS_CONTEXT = (
    "kms:EncryptionAlgorithm",
    "kms:EncryptionContext:${EncryptionContextKey}",
    "kms:EncryptionContextKeys",
    "kms:RequestAlias",
)
# Nitro enclave attestation: the reference lists each register, NitroTPMPCR0..23 and PCR0..31.
_KMS_RECIPIENT = (
    "kms:RecipientAttestation:ImageSha384",
    "kms:RecipientAttestation:NitroTPMPCR${PCR_ID}",
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
    "s3:DeleteObject": (
        *_S3_REQUEST,
        *_S3_RESOURCE,
        *_S3_ACCESS_POINT,
        "s3:AccessGrantsInstanceArn",
        "s3:if-match",
    ),
    "s3:AbortMultipartUpload": (
        *_S3_REQUEST,
        *_S3_RESOURCE,
        *_S3_ACCESS_POINT,
        "s3:AccessGrantsInstanceArn",
    ),
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
        "kms:GrantConstraintSourceArn",
        "kms:GrantConstraintType",
        "kms:GranteePrincipal",
        "kms:GranteeServicePrincipal",
        "kms:GrantIsForAWSResource",
        "kms:GrantOperations",
        "kms:RetiringPrincipal",
        "kms:RetiringServicePrincipal",
    ),
    "kms:DescribeKey": (*_KMS_KEY, "kms:RequestAlias"),
    "kms:DescribeCustomKeyStores": ("kms:CallerAccount",),
    # cloudwatch. Re-read on 2026-11-29 against SOURCES["cloudwatch"] through
    # github.com/iann0036/iam-dataset (aws/iam_definition.json, commit 08eff2d7ffe7):
    # PutMetricData now takes the (optional) dataset resource type, hence
    # aws:ResourceTag/${TagKey}, and cloudwatch:namespace; cloudwatch:requestInsightRuleLogGroups
    # is not listed for PutMetricData (the old row had it).
    "cloudwatch:PutMetricData": ("aws:ResourceTag/${TagKey}", "cloudwatch:namespace"),
    # ec2: tagging a network interface (the rows list the keys of the network-interface
    # resource type only, the one glueforge's statements name). CreateTags and
    # CreateNetworkInterface re-read on 2026-11-29 against SOURCES["ec2"] through
    # github.com/iann0036/iam-dataset (aws/iam_definition.json, commit 08eff2d7ffe7). Fixed:
    # CreateTags lacked ec2:AuthorizedUser, ec2:AvailabilityZone, ec2:ManagedResourceOperator,
    # ec2:NetworkInterfaceID, ec2:Permission, ec2:Subnet and ec2:Vpc; CreateNetworkInterface
    # (network-interface, security-group and subnet resource types) lacked
    # ec2:NetworkInterfaceID, ec2:ResourceTag/${TagKey}, ec2:SecurityGroupID,
    # ec2:AvailabilityZone, ec2:AvailabilityZoneId and ec2:SubnetID, and listed ec2:Subnet,
    # which it does not take; DeleteNetworkInterface lacked ec2:AvailabilityZone,
    # ec2:ManagedResourceOperator, ec2:NetworkInterfaceID, ec2:Subnet and ec2:Vpc.
    # DeleteTags (network-interface) is right as written.
    "ec2:CreateTags": (
        "aws:RequestTag/${TagKey}",
        "aws:TagKeys",
        "aws:ResourceTag/${TagKey}",
        "ec2:AuthorizedUser",
        "ec2:AvailabilityZone",
        "ec2:CreateAction",
        "ec2:ManagedResourceOperator",
        "ec2:NetworkInterfaceID",
        "ec2:Permission",
        "ec2:Region",
        "ec2:ResourceTag/${TagKey}",
        "ec2:Subnet",
        "ec2:Vpc",
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
        "ec2:AvailabilityZone",
        "ec2:AvailabilityZoneId",
        "ec2:NetworkInterfaceID",
        "ec2:Region",
        "ec2:ResourceTag/${TagKey}",
        "ec2:SecurityGroupID",
        "ec2:SubnetID",
        "ec2:Vpc",
    ),
    "ec2:DeleteNetworkInterface": (
        "aws:ResourceTag/${TagKey}",
        "ec2:AvailabilityZone",
        "ec2:ManagedResourceOperator",
        "ec2:NetworkInterfaceID",
        "ec2:Region",
        "ec2:ResourceTag/${TagKey}",
        "ec2:Subnet",
        "ec2:Vpc",
    ),
    # secretsmanager: NOT yet re-read against the iam-dataset copy (rows as first written).
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
    # logs. Re-read row by row on 2026-11-29 against "Actions, resources, and condition keys
    # for Amazon CloudWatch Logs" (SOURCES["logs"]), through github.com/iann0036/iam-dataset
    # (aws/iam_definition.json, commit 08eff2d7ffe7). The log-group and log-stream resource
    # types list aws:ResourceTag/${TagKey}. Fixed: CreateLogGroup (lacked
    # aws:ResourceTag), CreateLogStream and PutLogEvents (listed no key).
    "logs:CreateLogGroup": ("aws:RequestTag/${TagKey}", "aws:ResourceTag/${TagKey}", "aws:TagKeys"),
    "logs:CreateLogStream": _TAGGED,
    "logs:PutLogEvents": _TAGGED,
    "logs:AssociateKmsKey": _TAGGED,
    # dynamodb: NOT yet re-read against the iam-dataset copy (rows as first written).
    "dynamodb:DescribeTable": _TAGGED,
    "dynamodb:Scan": (
        *_TAGGED,
        "dynamodb:Attributes",
        "dynamodb:ReturnConsumedCapacity",
        "dynamodb:Select",
    ),
    "dynamodb:ExportTableToPointInTime": _TAGGED,
    "dynamodb:DescribeExport": (),
    # sqs: queue-resource actions take the queue's tags. Re-read on 2026-11-29 against
    # SOURCES["sqs"] through github.com/iann0036/iam-dataset (aws/iam_definition.json, commit
    # 08eff2d7ffe7): every row below is right as written.
    "sqs:SendMessage": _TAGGED,
    "sqs:GetQueueAttributes": _TAGGED,
    "sqs:GetQueueUrl": _TAGGED,
    "sqs:DeleteMessage": _TAGGED,
    "sqs:ReceiveMessage": _TAGGED,
    "sqs:SetQueueAttributes": _TAGGED,
    "sqs:PurgeQueue": _TAGGED,
    "sqs:ListQueueTags": _TAGGED,
    "sqs:ListDeadLetterSourceQueues": _TAGGED,
    # sts (role trust policies). Re-read on 2026-11-29 against SOURCES["sts"] through
    # github.com/iann0036/iam-dataset (aws/iam_definition.json, commit 08eff2d7ffe7). Fixed:
    # the role resource type adds aws:ResourceTag/${TagKey} and iam:ResourceTag/${TagKey},
    # and AssumeRole also lists the web-identity and SAML provider keys.
    "sts:AssumeRole": (
        "accounts.google.com:aud",
        "accounts.google.com:sub",
        "aws:RequestTag/${TagKey}",
        "aws:ResourceTag/${TagKey}",
        "aws:TagKeys",
        "cognito-identity.amazonaws.com:amr",
        "cognito-identity.amazonaws.com:aud",
        "cognito-identity.amazonaws.com:sub",
        "graph.facebook.com:app_id",
        "graph.facebook.com:id",
        "iam:ResourceTag/${TagKey}",
        "saml:namequalifier",
        "saml:sub",
        "saml:sub_type",
        "sts:ExternalId",
        "sts:RoleSessionName",
        "sts:SourceIdentity",
        "sts:TransitiveTagKeys",
        "www.amazon.com:app_id",
        "www.amazon.com:user_id",
    ),
    # events, states, databrew, lambda. events:PutEvents re-read on 2026-11-29 against
    # SOURCES["events"] through github.com/iann0036/iam-dataset (aws/iam_definition.json,
    # commit 08eff2d7ffe7): it takes the event-bus resource type, hence
    # aws:ResourceTag/${TagKey} (the old row lacked it). databrew:StartJobRun,
    # lambda:InvokeFunction and lakeformation:GetDataAccess were NOT re-read.
    "events:PutEvents": (
        "aws:ResourceTag/${TagKey}",
        "events:detail-type",
        "events:source",
        "events:eventBusInvocation",
    ),
    # states: re-read (same source, commit and date); StartExecution also takes
    # states:StateMachineQualifier (the old row lacked it).
    "states:StartExecution": (*_TAGGED, "states:StateMachineQualifier"),
    "databrew:StartJobRun": _TAGGED,
    "lambda:InvokeFunction": (*_TAGGED, "lambda:EventSourceToken"),
    "lakeformation:GetDataAccess": (),
}

# ---- AWS Glue --------------------------------------------------------------------------
# Re-read row by row on 2026-11-29 against "Actions, resources, and condition keys for AWS
# Glue" (SOURCES["glue"]), through github.com/iann0036/iam-dataset (aws/iam_definition.json,
# commit 08eff2d7ffe7). There the Data Catalog actions' catalog, database, table and
# connection resource types list aws:ResourceTag/${TagKey} and
# glue:LakeFormationPermissions (the old rows listed no key for the catalog actions); the
# database and table actions (Get/Create/Update/DeleteTable, GetTables, GetDatabase) also
# glue:FederatedAuthorizationSource. Fixed: every catalog row, GetCrawlerMetrics and
# GetJobBookmark (no resource type, so no key: the old rows had aws:ResourceTag) and
# UpdateCrawler (only aws:ResourceTag: glue:SecurityGroupIds/SubnetIds/VpcIds are keys of
# CreateJob, UpdateJob and CreateSession, not of UpdateCrawler). The reference spells
# NotifyEvent with a capital N; action names match case-insensitively.
_GLUE_CATALOG = ("aws:ResourceTag/${TagKey}", "glue:LakeFormationPermissions")
_GLUE_FEDERATED = (*_GLUE_CATALOG, "glue:FederatedAuthorizationSource")
_GLUE_CATALOG_ACTIONS = (
    "GetPartition",
    "GetPartitions",
    "BatchGetPartition",
    "CreatePartition",
    "BatchCreatePartition",
    "UpdatePartition",
    "BatchUpdatePartition",
    "CreatePartitionIndex",
    "GetPartitionIndexes",
    "DeletePartition",
    "BatchDeletePartition",
    "BatchDeleteTable",
    "GetConnection",
)
_GLUE_FEDERATED_ACTIONS = (
    "GetDatabase",
    "GetTable",
    "GetTables",
    "CreateTable",
    "UpdateTable",
    "DeleteTable",
)
_TAGGED_GLUE_ACTIONS = (
    "StartJobRun",
    "BatchStopJobRun",
    "GetJob",
    "GetJobRun",
    "GetJobRuns",
    "StartCrawler",
    "StopCrawler",
    "GetCrawler",
    "ListCrawls",
    "UpdateCrawler",
    "NotifyEvent",
    "StartWorkflowRun",
    "GetWorkflow",
    "GetWorkflowRun",
    "GetWorkflowRuns",
    "GetWorkflowRunProperties",
)
_UNTAGGED_GLUE_ACTIONS = ("GetCrawlerMetrics", "GetJobBookmark")
ACTION_CONDITION_KEYS.update({f"glue:{a}": _GLUE_CATALOG for a in _GLUE_CATALOG_ACTIONS})
ACTION_CONDITION_KEYS.update({f"glue:{a}": _GLUE_FEDERATED for a in _GLUE_FEDERATED_ACTIONS})
ACTION_CONDITION_KEYS.update({f"glue:{a}": _TAGGED for a in _TAGGED_GLUE_ACTIONS})
ACTION_CONDITION_KEYS.update({f"glue:{a}": () for a in _UNTAGGED_GLUE_ACTIONS})
