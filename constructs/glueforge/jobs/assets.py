"""Where a job's files live: its script and modules, and its temporary directory.

aws-cdk-lib uploads assets under content-hash names, which breaks ``import mymodule`` for
extra Python files (aws-cdk issues 20481, 21951, 21753) and hides which script is which.
glueforge deploys each job's files into the stack's scripts bucket under
``<job name>/`` with their real names (one deployment per stack); local Python modules
and packages travel as one ``modules.zip``, which Glue puts on the job's path so
``import mymodule`` works.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from aws_cdk import Duration, Stack, Token
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from glueforge.core.singletons import stack_singleton
from glueforge.iam.deferred import defer
from glueforge.iam.grants import grant_s3_prefix_read
from glueforge.iam.suppressions import (
    acknowledge,
    acknowledge_basic_execution_policy,
    nag_resource_text,
)
from glueforge.security.buckets import SecureBucket

SCRIPTS_BUCKET_ID = "GlueforgeScripts"
SCRIPTS_DEPLOYMENT_ID = "GlueforgeScriptsDeployment"
TEMP_BUCKET_ID = "GlueforgeTemp"
MODULES_ARCHIVE = "modules.zip"
TEMP_EXPIRY = Duration.days(7)
DEPLOYMENT_HANDLER_ID = "Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C"
# A fixed timestamp keeps modules.zip byte-identical across synths, so its asset hash
# (and the deployment) changes only when the code does.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def scripts_bucket(scope: Construct) -> s3.IBucket:
    """The stack's bucket for job scripts and modules, created on first use."""
    return _singleton_bucket(scope, SCRIPTS_BUCKET_ID, lifecycle_rules=None)


def temp_bucket(scope: Construct) -> s3.IBucket:
    """The stack's bucket for job temporary directories; objects expire after 7 days."""
    return _singleton_bucket(
        scope, TEMP_BUCKET_ID, lifecycle_rules=[s3.LifecycleRule(expiration=TEMP_EXPIRY)]
    )


def _singleton_bucket(scope: Construct, id: str, lifecycle_rules) -> s3.IBucket:
    return stack_singleton(
        scope, id, lambda stack, id: SecureBucket(stack, id, lifecycle_rules=lifecycle_rules)
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
    )
    defer(stack, _acknowledge_deployment_handler)
    return deployment


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
        self.bucket = scripts_bucket(self)
        self.prefix = f"{job_name}/"
        self.deployment = scripts_deployment(self)
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
