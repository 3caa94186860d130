"""Every IAM action glueforge grants, named once, apart from the functions that grant them.

Like aws-cdk-lib's ``aws-s3/lib/perms.ts`` beside ``bucket.ts``: these lists say *what*
each kind of access is; :mod:`glueforge.iam.grants` and the constructs' ``grant_*``
methods say *on which ARNs*. Each list holds exact actions in the order its statements
carry them, with no wildcards, so cdk-nag's IAM5 has nothing to report (the key policy for
CloudWatch Logs is the one exception: it is the CloudWatch Logs guide's own policy).
"""

from __future__ import annotations

# ---- Data Catalog (Glue authorizes the catalog, the database and the table) ----------

# Reading catalog tables and their partitions.
CATALOG_READ_ACTIONS = (
    "glue:GetDatabase",
    "glue:GetTable",
    "glue:GetTables",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:BatchGetPartition",
)
# What writers of tables do (a crawler, or a job updating the catalog): read what exists,
# create and update tables and partitions. Deletes are separate, granted only when asked.
CATALOG_WRITE_ACTIONS = (
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
)
CATALOG_DELETE_ACTIONS = (
    "glue:DeleteTable",
    "glue:BatchDeleteTable",
    "glue:DeletePartition",
    "glue:BatchDeletePartition",
)
# Using a connection: on the catalog and the connection.
CONNECTION_USE_ACTIONS = ("glue:GetConnection",)
# Reading a connection's Secrets Manager secret (what aws-cdk-lib's grant_read allows).
SECRET_READ_ACTIONS = ("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret")

# ---- Glue jobs, crawlers and workflows, as other principals use them --------------------

JOB_START_ACTIONS = ("glue:StartJobRun", "glue:BatchStopJobRun")
JOB_READ_ACTIONS = ("glue:GetJob", "glue:GetJobRun", "glue:GetJobRuns", "glue:GetJobBookmark")
CRAWLER_START_ACTIONS = ("glue:StartCrawler", "glue:StopCrawler")
CRAWLER_READ_ACTIONS = ("glue:GetCrawler", "glue:GetCrawlerMetrics", "glue:ListCrawls")
# The lineage custom resource turns a crawler's lineage setting on.
CRAWLER_UPDATE_ACTIONS = ("glue:UpdateCrawler",)
# What EventBridge needs to start a workflow's event trigger (aws-cdk issue 18853).
WORKFLOW_NOTIFY_ACTIONS = ("glue:notifyEvent",)
# What a pipeline's grants allow on its workflow ARN (Service Authorization Reference,
# AWS Glue: each of these actions takes the ``workflow`` resource type). Starting a run;
# stopping and resuming runs are not part of it.
WORKFLOW_START_RUN_ACTIONS = ("glue:StartWorkflowRun",)
# Reading the workflow, its runs and their run properties. glue:ListWorkflows is left out:
# it authorizes on ``*`` only, so it cannot be granted on one workflow.
WORKFLOW_READ_ACTIONS = (
    "glue:GetWorkflow",
    "glue:GetWorkflowRun",
    "glue:GetWorkflowRuns",
    "glue:GetWorkflowRunProperties",
)

# ---- S3 objects under a prefix, and listing that prefix ----------------------------------

S3_OBJECT_READ_ACTIONS = ("s3:GetObject",)
# Writers list and read what they write (bookmarks, overwrites, multipart uploads).
S3_OBJECT_READ_WRITE_ACTIONS = (
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:AbortMultipartUpload",
)
# Listing takes an ``s3:prefix`` condition, so its statement holds ListBucket alone.
S3_LIST_ACTIONS = ("s3:ListBucket",)
# Glue's S3 clients (the crawler, EMRFS in jobs) ask for a bucket's Region before they
# read it; Glue's own service-role policy (AWSGlueServiceRole) grants it for that.
# GetBucketLocation takes no ``s3:prefix`` (Service Authorization Reference, Amazon S3):
# under the listing's condition it would never be granted, so it has its own statement on
# the bucket, without a condition.
S3_BUCKET_LOCATION_ACTIONS = ("s3:GetBucketLocation",)

# ---- KMS ------------------------------------------------------------------------------------

# A bucket's key, for readers and for writers of its objects.
KEY_READ_ACTIONS = ("kms:Decrypt",)
KEY_READ_WRITE_ACTIONS = ("kms:Decrypt", "kms:GenerateDataKey")
# What a job or crawler role needs on its security configuration's key: SSE-KMS writes and
# reads to S3, client-side encrypted bookmarks.
SECURITY_CONFIGURATION_KEY_ACTIONS = (
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:GenerateDataKey",
    "kms:DescribeKey",
)
# Any client that reads or writes an encrypted Data Catalog (a job, a crawler, a console
# or Athena user), on the catalog's key ("Setting up encryption in AWS Glue",
# https://docs.aws.amazon.com/glue/latest/ug/set-up-encryption.html).
CATALOG_KEY_ACTIONS = ("kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt")
# What CloudWatch Logs needs to encrypt and read a log group with a customer-managed key
# (the actions of the CloudWatch Logs guide's key policy), under its
# ``kms:EncryptionContext:aws:logs:arn`` condition. The guide's ``kms:Describe*`` is left
# out: neither DescribeKey nor DescribeCustomKeyStores takes an encryption-context key
# (Service Authorization Reference, AWS KMS), so under that condition it was never granted.
LOGS_KEY_ACTIONS = (
    "kms:Encrypt*",
    "kms:Decrypt*",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
)

# ---- CloudWatch -----------------------------------------------------------------------------

LOG_GROUP_CREATE_ACTIONS = ("logs:CreateLogGroup",)
LOG_STREAM_WRITE_ACTIONS = ("logs:CreateLogStream", "logs:PutLogEvents")
# A security configuration that encrypts logs has Glue associate its key with the group.
LOG_GROUP_ENCRYPT_ACTIONS = ("logs:AssociateKmsKey",)
# Has no resource-level permissions: grant on "*" with a cloudwatch:namespace condition.
METRICS_PUT_ACTIONS = ("cloudwatch:PutMetricData",)
# An ETL job's EvaluateDataQuality transform publishing its results ("[Write]" action):
# https://docs.aws.amazon.com/glue/latest/dg/data-quality-authorization.html
DATA_QUALITY_PUBLISH_ACTIONS = ("glue:PublishDataQuality",)
# A Data Quality ruleset's grants, on "dataQualityRuleset/<name>" (read; evaluate) and on
# "dataQualityRuleset/*" (evaluation runs, which are not one ruleset's):
# https://docs.aws.amazon.com/glue/latest/dg/data-quality-authorization.html
DATA_QUALITY_RULESET_READ_ACTIONS = ("glue:GetDataQualityRuleset",)
DATA_QUALITY_RULESET_EVALUATE_ACTIONS = ("glue:GetDataQualityRuleset", "glue:GetDataQualityResult")
DATA_QUALITY_EVALUATION_RUN_ACTIONS = (
    "glue:StartDataQualityRulesetEvaluationRun",
    "glue:GetDataQualityRulesetEvaluationRun",
)

# ---- Lake Formation --------------------------------------------------------------------------

# Has no resource-level permissions: Lake Formation's own grants decide what is read.
LAKE_FORMATION_DATA_ACCESS_ACTIONS = ("lakeformation:GetDataAccess",)
# The context value that puts glueforge's jobs and crawlers in Lake Formation mode
# (glueforge.use_lake_formation): their roles get LAKE_FORMATION_DATA_ACCESS_ACTIONS, and
# crawlers crawl with Lake Formation credentials. True, or "true" from ``cdk -c``.
LAKE_FORMATION_MODE_CONTEXT = "glueforge:lakeFormation"
LAKE_FORMATION_MODE_ON = (True, "true")

# ---- Networking: Glue places a connection's workers in its VPC ---------------------------

# EC2 has no resource-level permissions for Describe* calls, so they need Resource "*".
EC2_DESCRIBE_ACTIONS = (
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeRouteTables",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets",
    "ec2:DescribeVpcAttribute",
    "ec2:DescribeVpcEndpoints",
)
ENI_CREATE_ACTIONS = ("ec2:CreateNetworkInterface",)
ENI_DELETE_ACTIONS = ("ec2:DeleteNetworkInterface",)
ENI_TAG_ACTIONS = ("ec2:CreateTags", "ec2:DeleteTags")

# ---- Crawler event queues (AWS Glue docs, "Accelerating crawls using Amazon S3 event
# notifications") ----------------------------------------------------------------------------

CRAWLER_QUEUE_ACTIONS = (
    "sqs:DeleteMessage",
    "sqs:GetQueueUrl",
    "sqs:ListDeadLetterSourceQueues",
    "sqs:ReceiveMessage",
    "sqs:GetQueueAttributes",
    "sqs:ListQueueTags",
    "sqs:SetQueueAttributes",
    "sqs:PurgeQueue",
)

# ---- DynamoDB sources -----------------------------------------------------------------------

# A crawler reads a table's schema by scanning it.
DYNAMODB_CRAWL_ACTIONS = ("dynamodb:DescribeTable", "dynamodb:Scan")
# A job's DynamoDB export connector: start the export, then follow it and read its files.
DYNAMODB_EXPORT_ACTIONS = ("dynamodb:ExportTableToPointInTime", "dynamodb:DescribeTable")
DYNAMODB_EXPORT_DESCRIBE_ACTIONS = ("dynamodb:DescribeExport",)
DYNAMODB_EXPORT_OBJECT_ACTIONS = (
    "s3:AbortMultipartUpload",
    "s3:GetObject",
    "s3:PutObject",
    "s3:PutObjectAcl",
)
# A cross-account export reads through a role in the table's account.
ASSUME_ROLE_ACTIONS = ("sts:AssumeRole",)

# ---- DataBrew -------------------------------------------------------------------------------

DATABREW_JOB_START_ACTIONS = ("databrew:StartJobRun",)
DATABREW_LOG_ACTIONS = (*LOG_GROUP_CREATE_ACTIONS, *LOG_STREAM_WRITE_ACTIONS)

# ---- Apache Iceberg tables in the Data Catalog (issue 19) -------------------------------

# Reading an Iceberg table: Iceberg's GlueCatalog loads the table (glue:GetTable, which
# holds metadata_location) and lists tables of the database; Glue authorizes the catalog,
# the database and the table (apache/iceberg aws/.../glue/GlueCatalog.java,
# GlueTableOperations.java).
ICEBERG_TABLE_READ_ACTIONS = ("glue:GetDatabase", "glue:GetTable", "glue:GetTables")
# Writing: a commit writes new metadata files to S3, then swaps the table's
# metadata_location with glue:UpdateTable (GlueTableOperations.doCommit).
ICEBERG_TABLE_WRITE_ACTIONS = (*ICEBERG_TABLE_READ_ACTIONS, "glue:UpdateTable")
# What AWS's "Table optimization prerequisites" page grants a table optimizer's role on the
# catalog, the database and the table
# (https://docs.aws.amazon.com/glue/latest/dg/optimization-prerequisites.html).
TABLE_OPTIMIZER_CATALOG_ACTIONS = ("glue:UpdateTable", "glue:GetTable")
# The orphan file deletion optimizer "doesn't require the glue:updateTable or s3:putObject
# permissions" (same page).
TABLE_OPTIMIZER_ORPHAN_CATALOG_ACTIONS = ("glue:GetTable",)
# The page's S3 object statement, and the orphan deletion optimizer's (no PutObject).
TABLE_OPTIMIZER_OBJECT_ACTIONS = ("s3:PutObject", "s3:GetObject", "s3:DeleteObject")
TABLE_OPTIMIZER_ORPHAN_OBJECT_ACTIONS = ("s3:GetObject", "s3:DeleteObject")
# The page's log statement: the optimizer writes its run logs to its own log group.
TABLE_OPTIMIZER_LOG_ACTIONS = ("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents")

# Streaming jobs (issue 20). A Kinesis read: aws-cdk-lib's Stream.grantRead actions
# (aws-kinesis/lib/stream.ts READ_OPERATIONS) less three. Choice: kinesis:ListStreams has
# no resource-level permission and Glue reads by streamARN; SubscribeToShard and
# DescribeStreamConsumer act on enhanced fan-out consumers, which glueforge does not set.
KINESIS_READ_ACTIONS = (
    "kinesis:DescribeStream",
    "kinesis:DescribeStreamSummary",
    "kinesis:GetRecords",
    "kinesis:GetShardIterator",
    "kinesis:ListShards",
)
# Amazon MSK with IAM access control, a consumer: Connect on the cluster, DescribeTopic
# and ReadData on the topic, DescribeGroup and AlterGroup on the consumer group
# (https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html).
MSK_CLUSTER_CONNECT_ACTIONS = ("kafka-cluster:Connect",)
MSK_TOPIC_READ_ACTIONS = ("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData")
MSK_GROUP_ACTIONS = ("kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup")

# ---- Alarms on jobs and crawlers (issue 20) -----------------------------------------------

# CloudWatch alarms publishing to a KMS-encrypted topic: the key statement for the
# "cloudwatch.amazonaws.com" source in the SNS Developer Guide, "Enable compatibility between
# event sources from AWS services and encrypted topics"
# (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
ALARM_TOPIC_KEY_ACTIONS = ("kms:Decrypt", "kms:GenerateDataKey*")
# The topic policy statement for CloudWatch alarms (AWS re:Post Knowledge Center, "Why
# didn't I receive an SNS notification for my CloudWatch alarm trigger?",
# https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger).
ALARM_TOPIC_PUBLISH_ACTIONS = ("sns:Publish",)
