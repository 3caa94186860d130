"""Where a job's files live: its script and modules, and its temporary directory.

aws-cdk-lib uploads assets under content-hash names, which breaks ``import mymodule`` for
extra Python files (aws-cdk issues 20481, 21951, 21753) and hides which script is which.
glueforge deploys each job's files into the stack's scripts bucket under
``<job name>/`` with their real names (one deployment per stack); local Python modules
and packages travel as one ``modules.zip``, which Glue puts on the job's path so
``import mymodule`` works.

Why a deployment function rather than CDK file assets: aws-cdk-lib names every file asset
``<bucket prefix><source hash><extension>`` in the bootstrap bucket (its asset manifest
builder: ``objectKey = (bucketPrefix ?? "") + sourceHash + extension``; the synthesizer's
only knob is one ``bucketPrefix`` per stack), so an asset cannot be called
``<job name>/<script>``. The function is aws-cdk-lib's ``BucketDeployment`` handler,
hardened here (:func:`_harden_handler`): reserved concurrency, a KMS-encrypted dead-letter
queue, a KMS-encrypted environment, and a KMS-encrypted log group with a retention.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from aws_cdk import Duration, Stack, Token
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from glueforge.core.singletons import stack_singleton
from glueforge.iam.deferred import defer
from glueforge.iam.grants import grant, grant_s3_prefix_read
from glueforge.iam.suppressions import (
    acknowledge,
    acknowledge_basic_execution_policy,
    nag_resource_text,
)
from glueforge.security.buckets import SecureBucket
from glueforge.security.configuration import glue_key
from glueforge.security.logs import EncryptedLogGroup
from glueforge.security.queues import encrypted_queue, grant_send

SCRIPTS_BUCKET_ID = "GlueforgeScripts"
SCRIPTS_DEPLOYMENT_ID = "GlueforgeScriptsDeployment"
TEMP_BUCKET_ID = "GlueforgeTemp"
MODULES_ARCHIVE = "modules.zip"
TEMP_EXPIRY = Duration.days(7)
# Temporary files are scratch: a deleted one stays recoverable for a day, no longer.
TEMP_NONCURRENT_EXPIRY = Duration.days(1)
# The deployment handler: CloudFormation calls it asynchronously, once per stack update,
# and Lambda retries a throttled asynchronous call for up to six hours, so one concurrent
# run is enough. (Reserving any concurrency needs an account whose unreserved concurrency
# stays at or above Lambda's minimum after it.)
DEPLOYMENT_RESERVED_CONCURRENCY = 1
DEPLOYMENT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR
DEPLOYMENT_LOGS_ID = "GlueforgeScriptsDeploymentLogs"
DEPLOYMENT_DEAD_LETTERS_ID = "GlueforgeScriptsDeploymentDeadLetterQueue"
# Lambda decrypts the function's environment with the function role's permission.
ENVIRONMENT_KEY_ACTIONS = ("kms:Decrypt",)
DEPLOYMENT_HANDLER_ID = "Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C"
# A fixed timestamp keeps modules.zip byte-identical across synths, so its asset hash
# (and the deployment) changes only when the code does.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def scripts_bucket(scope: Construct) -> s3.IBucket:
    """The stack's bucket for job scripts and modules, created on first use."""
    return stack_singleton(scope, SCRIPTS_BUCKET_ID, lambda stack, id: SecureBucket(stack, id))


def temp_bucket(scope: Construct) -> s3.IBucket:
    """The stack's bucket for job temporary directories; objects expire after 7 days, and
    a deleted or replaced one stays recoverable for 1 day."""
    return stack_singleton(
        scope,
        TEMP_BUCKET_ID,
        lambda stack, id: SecureBucket(
            stack,
            id,
            lifecycle_rules=[s3.LifecycleRule(expiration=TEMP_EXPIRY)],
            noncurrent_version_expiration=TEMP_NONCURRENT_EXPIRY,
        ),
    )


# A job's files are staged at synth in a folder named after the job, and file systems
# refuse a name of more than 255 bytes: a 255-character Glue name in a non-Latin script
# is up to 765 bytes in UTF-8.
FOLDER_NAME_MAX_BYTES = 255


def folder_name_problems(prop: str, name: str | None) -> list[str]:
    """Why ``name`` cannot name the folder the job's files are staged in."""
    if name is None or Token.is_unresolved(name):
        return []
    size = len(name.encode("utf-8"))
    if size <= FOLDER_NAME_MAX_BYTES:
        return []
    return [
        f"{prop} must be at most {FOLDER_NAME_MAX_BYTES} bytes in UTF-8, got {size} "
        f"({len(name)} characters): the job's files are staged in a folder of that name"
    ]


def modules_archive(paths: Sequence[str], folder_in_bucket: str = "") -> Path:
    """Zip local ``.py`` modules and package folders into one importable archive.

    Each module or package sits at the archive's top level, so ``import name`` works
    once Glue adds the archive to the path. Returns a folder holding
    ``<folder_in_bucket>/modules.zip``, ready to deploy as it is.
    """
    folder = Path(tempfile.mkdtemp(prefix="glueforge-modules-"))
    archive = folder / folder_in_bucket / MODULES_ARCHIVE
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for raw in paths:
            path = Path(raw).resolve()
            files = (
                [path]
                if path.is_file()
                else sorted(
                    p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                )
            )
            for file in files:
                arcname = file.relative_to(path.parent).as_posix()
                info = zipfile.ZipInfo(arcname, date_time=ZIP_EPOCH)
                info.external_attr = 0o644 << 16
                zf.writestr(info, file.read_bytes(), zipfile.ZIP_DEFLATED)
    return folder


def module_problems(paths: Sequence[str]) -> list[str]:
    problems = []
    for raw in paths:
        path = Path(raw)
        if path.is_file() and path.suffix == ".py":
            continue
        if path.is_dir() and (path / "__init__.py").exists():
            continue
        problems.append(
            f"extra_python_files entry {raw!r} must be a .py file or a package folder with "
            "__init__.py"
        )
    return problems


def scripts_deployment(scope: Construct) -> s3deploy.BucketDeployment:
    """The stack's one deployment of job files into the scripts bucket.

    One deployment for every job of the stack, rather than one each: it keeps synth and
    deploy linear in the number of jobs, and pruning removes the files of deleted jobs.
    """
    return stack_singleton(scope, SCRIPTS_DEPLOYMENT_ID, _create_scripts_deployment)


def _create_scripts_deployment(stack: Stack, id: str) -> s3deploy.BucketDeployment:
    deployment = s3deploy.BucketDeployment(
        stack,
        id,
        sources=[],
        destination_bucket=scripts_bucket(stack),
        prune=True,
        retain_on_delete=False,
        log_group=EncryptedLogGroup(stack, DEPLOYMENT_LOGS_ID, retention=DEPLOYMENT_LOG_RETENTION),
    )
    handler = stack.node.find_child(DEPLOYMENT_HANDLER_ID)
    _harden_handler(stack, handler)  # type: ignore[arg-type]
    defer(stack, _acknowledge_deployment_handler)
    return deployment


def _harden_handler(stack: Stack, handler: lambda_.Function) -> None:
    """Reserved concurrency, an encrypted dead-letter queue and an encrypted environment
    for aws-cdk-lib's handler, which takes none of them as props (set on its resource)."""
    function = cast(lambda_.CfnFunction, handler.node.default_child)
    if function.reserved_concurrent_executions is not None:
        return  # hardened already (the handler is shared by the stack's deployments)
    function.reserved_concurrent_executions = DEPLOYMENT_RESERVED_CONCURRENCY
    # Kept 14 days: a deployment request that failed every retry, to read and replay.
    dead_letters = encrypted_queue(stack, DEPLOYMENT_DEAD_LETTERS_ID)
    acknowledge(
        dead_letters,
        "AwsSolutions-SQS3",
        "This queue is the dead-letter queue of the scripts deployment function.",
    )
    function.dead_letter_config = lambda_.CfnFunction.DeadLetterConfigProperty(
        target_arn=dead_letters.queue_arn
    )
    grant_send(handler, dead_letters)
    key = glue_key(stack)
    function.kms_key_arn = key.key_arn
    grant(handler, ENVIRONMENT_KEY_ACTIONS, [key.key_arn])


class JobFiles(Construct):
    """A job's script (and modules archive), deployed to ``<bucket>/<job name>/``."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        job_name: str,
        script_name: str,
        script: str,
        modules: Sequence[str] = (),
    ) -> None:
        super().__init__(scope, id)
        # Asked of the job (``scope``), whose stack is known already in Python; this new
        # construct's would cost a jsii round trip.
        self.bucket = scripts_bucket(scope)
        self.prefix = f"{job_name}/"
        self.deployment = scripts_deployment(scope)
        self.deployment.add_source(s3deploy.Source.data(f"{self.prefix}{script_name}", script))
        if modules:
            archive = modules_archive(modules, folder_in_bucket=self.prefix)
            self.deployment.add_source(s3deploy.Source.asset(str(archive)))
        self.script_location = self.bucket.s3_url_for_object(f"{self.prefix}{script_name}")
        self.modules_location = (
            self.bucket.s3_url_for_object(f"{self.prefix}{MODULES_ARCHIVE}") if modules else None
        )

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """Read exactly this job's files."""
        return grant_s3_prefix_read(grantee, self.bucket, self.prefix)


def _acknowledge_deployment_handler(stack: Stack) -> None:
    """aws-cdk-lib's shared BucketDeployment function: its IAM is aws-cdk-lib's own."""
    handler = stack.node.try_find_child(DEPLOYMENT_HANDLER_ID)
    if handler is None:
        return
    acknowledge_basic_execution_policy(handler, "aws-cdk-lib's BucketDeployment function")
    acknowledge(
        handler,
        "AwsSolutions-L1",
        "aws-cdk-lib pins the BucketDeployment function's runtime to the one its bundled "
        "AWS CLI layer supports.",
    )
    role = handler.node.find_child("ServiceRole")
    policy = role.node.try_find_child("DefaultPolicy")
    if policy is None:
        return
    document = stack.resolve(policy.document.to_json())
    findings: dict[str, str] = {}
    for statement in document.get("Statement", []):
        actions = statement.get("Action", [])
        for action in [actions] if isinstance(actions, str) else actions:
            if action.endswith("*"):
                findings[f"AwsSolutions-IAM5[Action::{action}]"] = (
                    "aws-cdk-lib's BucketDeployment copies assets with these S3 and KMS "
                    "action groups; glueforge cannot narrow that function's policy."
                )
        resources = statement.get("Resource", [])
        for resource in resources if isinstance(resources, list) else [resources]:
            text = nag_resource_text(resource)
            if text.endswith("*"):
                findings[f"AwsSolutions-IAM5[Resource::{text}]"] = (
                    "aws-cdk-lib's BucketDeployment reads the CDK asset bucket and writes "
                    "the scripts bucket's job folders; object names vary per deployment."
                )
    for finding, reason in findings.items():
        acknowledge(handler, finding, reason)
