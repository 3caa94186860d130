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

Staging costs no jsii round trip per job (issue 18): each job's files are gathered in
Python (:class:`_ScriptStaging`), and at synth, once every job of the stack is declared,
they are written into one folder per stack and added to the deployment as one directory
asset. The folder lives in the cloud assembly's output directory, under
``.glueforge-staging/<stack artifact id>/``, and holds exactly ``<job name>/<script>`` and
``<job name>/modules.zip`` of each job: aws-cdk-lib hashes a directory asset by its files'
relative paths and contents only, so the same files give the same asset hash on every
run and machine. What ``glueforge render``, ``check`` and ``local-run`` read of each job
(its script, and how its arguments map locally) is recorded the same way: one
``glueforge:job-scripts`` metadata entry per stack, on the deployment.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import jsii
from aws_cdk import AspectPriority, Aspects, Duration, IAspect, Stack, Stage
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from glueforge.assembly.reader import SCRIPT_METADATA
from glueforge.core.errors import GlueforgeValidationError
from glueforge.core.singletons import stack_singleton, stack_state
from glueforge.core.stack_cache import node_path, s3_url
from glueforge.core.tokens import is_unresolved
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
STATE_BUCKET_ID = "GlueforgeState"
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
# Where each stack's job files are staged, inside the cloud assembly's output directory:
# hidden, so nothing takes it for one of aws-cdk-lib's ``asset.<hash>`` folders.
STAGING_FOLDER = ".glueforge-staging"


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


def state_bucket(scope: Construct) -> s3.IBucket:
    """The stack's bucket for what jobs keep between runs: streaming checkpoints.

    Not the temporary bucket: its objects expire after 7 days, and Spark writes some of a
    checkpoint once, when the query first starts (its ``metadata``); a stream running for
    longer would lose it, and its next restart (a maintenance window's, weekly) with it.
    Nothing here expires; a deleted or overwritten object stays recoverable for
    SecureBucket's default noncurrent-version period.
    """
    return stack_singleton(scope, STATE_BUCKET_ID, lambda stack, id: SecureBucket(stack, id))


# A job's files are staged at synth in a folder named after the job, and file systems
# refuse a name of more than 255 bytes: a 255-character Glue name in a non-Latin script
# is up to 765 bytes in UTF-8.
FOLDER_NAME_MAX_BYTES = 255


def folder_name_problems(prop: str, name: str | None) -> list[str]:
    """Why ``name`` cannot name the folder the job's files are staged in."""
    if name is None or is_unresolved(name):
        return []
    size = len(name.encode("utf-8"))
    if size <= FOLDER_NAME_MAX_BYTES:
        return []
    return [
        f"{prop} must be at most {FOLDER_NAME_MAX_BYTES} bytes in UTF-8, got {size} "
        f"({len(name)} characters): the job's files are staged in a folder of that name"
    ]


def modules_archive(paths: Sequence[str]) -> bytes:
    """Zip local ``.py`` modules and package folders into one importable archive.

    Each module or package sits at the archive's top level, so ``import name`` works
    once Glue adds the archive to the path. The same files give the same bytes (fixed
    timestamps and modes, sorted entries), so the deployment changes only with the code.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
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
    return buffer.getvalue()


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


class JobFiles:
    """A job's script (and modules archive), deployed to ``<bucket>/<job name>/``.

    Plain Python, not a construct: the files are staged with the rest of the stack's
    (:class:`_ScriptStaging`), and the S3 URLs are built from the bucket's name, so a job
    costs no jsii round trip here.

    :param scope: the job; its stack holds the scripts bucket and deployment.
    :param id: names these files in error messages, as ``<job path>/<id>``.
    """

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
        self.bucket = scripts_bucket(scope)
        self.prefix = f"{job_name}/"
        self.deployment = scripts_deployment(scope)
        self._staging = staging = _staging(scope)
        self._path = path = f"{node_path(scope)}/{id}"
        staging.add(path, f"{self.prefix}{script_name}", script.encode("utf-8"))
        if modules:
            staging.add(path, f"{self.prefix}{MODULES_ARCHIVE}", modules_archive(modules))
        self.script_location = s3_url(self.bucket, f"{self.prefix}{script_name}")
        self.modules_location = (
            s3_url(self.bucket, f"{self.prefix}{MODULES_ARCHIVE}") if modules else None
        )

    def add_file(self, key: str, content: bytes) -> str:
        """Stage one more file of the job as ``<job name>/<key>``, under its own name (a
        Python shell job's wheels and modules, which Glue takes only one by one); returns
        its S3 URL."""
        self._staging.add(self._path, f"{self.prefix}{key}", content)
        return s3_url(self.bucket, f"{self.prefix}{key}")

    def record(self, job_path: str, record: dict[str, Any]) -> None:
        """Record the job's script and what a local run needs, for the cloud assembly:
        kept with the stack's others and written as one metadata entry per stack."""
        self._staging.records.append({"path": job_path, **record})

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """Read exactly this job's files."""
        return grant_s3_prefix_read(grantee, self.bucket, self.prefix)


def _staging(scope: Construct) -> _ScriptStaging:
    return stack_state(scope, "_glueforge_script_staging", _ScriptStaging)


class _ScriptStaging:
    """The stack's job files, gathered in Python and staged once at synth.

    The stack's deployment carries an aspect (:class:`_StageOnSynth`): aspects run on
    every synth, ``skip_validation`` or not, after the app is fully declared, and one on
    the deployment is called back only for it and its few children. It writes the files
    and adds them to the deployment as one directory asset, before aws-cdk-lib settles
    the handler's policy and before glueforge's deferred acknowledgments read it.
    """

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.files: dict[str, bytes] = {}
        self.owners: dict[str, str] = {}
        # One record per job (``path`` is the job's construct path), in declaration order.
        self.records: list[dict[str, Any]] = []
        self.staged = False
        Aspects.of(scripts_deployment(stack)).add(
            _StageOnSynth(self), priority=AspectPriority.MUTATING
        )

    def add(self, owner: str, key: str, content: bytes) -> None:
        """Stage ``content`` as ``<bucket>/<key>``; ``owner`` names it in errors."""
        problems = self._key_problems(key)
        if problems:
            raise GlueforgeValidationError(owner, problems)
        self.files[key] = content
        self.owners[key.casefold()] = owner

    def _key_problems(self, key: str) -> list[str]:
        if self.staged:
            return [
                f"{key} is declared after the stack's job files were staged for synth; "
                "declare every job before synthesizing the app"
            ]
        other = self.owners.get(key.casefold())
        if other is None or key in self.files:
            # The same key twice (two jobs of one name, which CloudFormation refuses at
            # deploy): the later one wins, as it did when each was a source of its own.
            return []
        # A folder per job name: on a case-insensitive file system (macOS, Windows) the
        # two would share one folder, and one job would deploy the other's files.
        return [
            f"{key} is also staged by {other}: job names in one stack must differ other "
            "than in case, since their files are staged in folders named after them"
        ]

    def stage(self) -> None:
        """Write the files under the assembly's output directory, deploy them, and record
        the jobs' scripts in the assembly."""
        if self.staged or not self.files:
            return
        self.staged = True
        folder = (
            Path(Stage.of(self.stack).outdir)  # type: ignore[union-attr]
            / STAGING_FOLDER
            / self.stack.artifact_id
        )
        write_folder(folder, self.files)
        deployment = scripts_deployment(self.stack)
        deployment.add_source(s3deploy.Source.asset(str(folder)))
        if self.records:
            deployment.node.add_metadata(SCRIPT_METADATA, self.records)


def write_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Make ``folder`` hold exactly ``files`` (relative POSIX path to content).

    A file whose content is unchanged is left alone, and a changed one is replaced by a
    new file: aws-cdk-lib caches each file's fingerprint by inode, modification time and
    size, so rewriting in place could let a stale fingerprint stand. Anything else in
    the folder (a deleted job's files) is removed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for existing in sorted(folder.rglob("*"), reverse=True):
        key = existing.relative_to(folder).as_posix()
        # Deepest first, so a folder is looked at once its files are settled.
        if existing.is_dir() and not existing.is_symlink():
            if not any(existing.iterdir()):
                existing.rmdir()
        elif key not in files or existing.read_bytes() != files[key]:
            existing.unlink()
    for key, content in files.items():
        target = folder / key
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


@jsii.implements(IAspect)
class _StageOnSynth:
    """Stages the stack's job files the first time synth visits the deployment."""

    def __init__(self, staging: _ScriptStaging) -> None:
        self.staging = staging

    def visit(self, node: Construct) -> None:
        """Called for the deployment and each of its children; stages on the first."""
        self.staging.stage()


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
