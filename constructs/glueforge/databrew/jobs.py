"""DataBrew jobs: RecipeJob (clean a dataset with a recipe) and ProfileJob (profile a
dataset and check its data-quality rules), each with a least-privilege role.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Duration, Resource
from aws_cdk import aws_databrew as databrew
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from glueforge.core.errors import raise_if_problems
from glueforge.core.locations import S3Location
from glueforge.cost.prices import databrew_job_cost
from glueforge.databrew.dataset import Dataset
from glueforge.databrew.names import databrew_arn, generated_name, name_problems
from glueforge.databrew.outputs import JobOutput
from glueforge.databrew.recipe import Recipe
from glueforge.databrew.ruleset import Ruleset
from glueforge.iam.grants import grant, grant_s3_prefix_read_write, log_group_arn

# DataBrew jobs log to CloudWatch Logs groups under this prefix; AWS's managed
# AwsGlueDataBrewServiceRole policy grants its log actions on exactly
# "log-group:/aws-glue-databrew/*" (its GlueDatabrewLogGroupPermissions statement).
LOG_GROUP_PREFIX = "/aws-glue-databrew/"
LOG_ACTIONS = ("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents")
START_ACTIONS = ("databrew:StartJobRun",)
DEFAULT_TIMEOUT = Duration.minutes(60)
DEFAULT_MAX_CAPACITY = 5  # DataBrew's own default: 5 nodes


class DataBrewJobBase(Resource):
    """What recipe and profile jobs share: name, ARN, role, limits and grants."""

    job_name: str
    role: iam.IRole
    timeout: Duration
    max_capacity: int

    @property
    def job_arn(self) -> str:
        return databrew_arn(self, "job", self.job_name)

    @property
    def max_cost_per_run(self) -> float:
        """The worst case in USD: every node for the whole timeout, at glueforge's prices."""
        return databrew_job_cost(self.max_capacity, self.timeout.to_seconds())

    def grant_start(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow ``grantee`` to start runs of this job."""
        return grant(grantee, START_ACTIONS, [self.job_arn])

    def _setup(
        self,
        *,
        dataset: Dataset,
        role: iam.IRole | None,
        job_name: str | None,
        timeout: Duration | None,
        max_capacity: int,
        max_retries: int,
        kind: str,
    ) -> list[str]:
        self.timeout = timeout or DEFAULT_TIMEOUT
        self.max_capacity = max_capacity
        self.max_retries = max_retries
        self.dataset = dataset
        problems = name_problems("job_name", job_name)
        seconds = self.timeout.to_seconds()
        if seconds < 60 or seconds % 60:  # DataBrew takes whole minutes
            problems.append(
                "timeout must be a whole number of minutes, at least 1, got "
                f"{self.timeout.to_human_string()}"
            )
        if max_capacity < 1:
            problems.append(f"max_capacity must be 1 or more nodes, got {max_capacity}")
        if max_retries < 0:
            problems.append(f"max_retries must be 0 or more, got {max_retries}")
        self.job_name = job_name or generated_name(self)
        self.role = role or iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("databrew.amazonaws.com"),
            description=f"DataBrew {kind} job {self.node.path}: least privilege",
        )
        dataset.grant_read(self.role)
        grant(
            self.role,
            LOG_ACTIONS,
            [log_group_arn(self, f"{LOG_GROUP_PREFIX}*")],
            wildcard_reason="DataBrew names each job's log group and streams at run time, "
            f"under {LOG_GROUP_PREFIX}",
        )
        return problems

    def _common_properties(self, encryption_key: kms.IKey | None) -> dict:
        return {
            "name": self.job_name,
            "role_arn": self.role.role_arn,
            "dataset_name": self.dataset.dataset_name,
            "timeout": int(self.timeout.to_minutes()),
            "max_capacity": self.max_capacity,
            "max_retries": self.max_retries,
            "log_subscription": "ENABLE",
            "encryption_mode": "SSE-KMS" if encryption_key else "SSE-S3",
            "encryption_key_arn": encryption_key.key_arn if encryption_key else None,
        }


def _output_key(
    buckets: Sequence[s3.IBucket], encryption_key: kms.IKey | None, grantee: iam.IGrantable
) -> tuple[kms.IKey | None, list[str]]:
    """The key DataBrew encrypts output with: the given one, else the buckets' shared key."""
    keys = []
    for bucket in buckets:
        if bucket.encryption_key is not None and bucket.encryption_key not in keys:
            keys.append(bucket.encryption_key)
    if encryption_key is not None:
        if encryption_key not in keys:  # the buckets' own keys are granted with the prefix
            encryption_key.grant(grantee, "kms:GenerateDataKey", "kms:Decrypt")
        return encryption_key, []
    if len(keys) > 1:
        return None, [
            "the outputs' buckets use different KMS keys; give encryption_key= to choose "
            "the one DataBrew encrypts output with"
        ]
    return (keys[0] if keys else None), []


class RecipeJob(DataBrewJobBase):
    """Runs a recipe over a dataset and writes the result to S3 or the Glue catalog.

    :param dataset: what the job reads.
    :param recipe: the steps it applies.
    :param outputs: at least one ``JobOutput.s3(...)`` or ``JobOutput.catalog(...)``.
    :param recipe_version: Default: ``"LATEST_WORKING"``: CloudFormation's
        ``AWS::DataBrew::Recipe`` creates the working version and publishes none. Give a
        published version (``"1.0"``) once the recipe is published (PublishRecipe).
    :param encryption_key: the KMS key for SSE-KMS output. Default: the output buckets'
        key (SSE-S3 when they have none).
    :param timeout: Default: 60 minutes (DataBrew's own default is 48 hours).
    :param max_capacity: the most DataBrew nodes a run uses. Default: 5 (DataBrew's).
    :param max_retries: Default: 0.
    :param role: Default: a new role that reads the dataset, writes the outputs, uses
        their keys and writes DataBrew's logs.
    :param job_name: Default: generated from the construct path.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        dataset: Dataset,
        recipe: Recipe,
        outputs: Sequence[JobOutput],
        recipe_version: str = "LATEST_WORKING",
        encryption_key: kms.IKey | None = None,
        timeout: Duration | None = None,
        max_capacity: int = DEFAULT_MAX_CAPACITY,
        max_retries: int = 0,
        role: iam.IRole | None = None,
        job_name: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        problems = self._setup(
            dataset=dataset,
            role=role,
            job_name=job_name,
            timeout=timeout,
            max_capacity=max_capacity,
            max_retries=max_retries,
            kind="recipe",
        )
        if not outputs:
            problems.append("a recipe job needs at least one output, e.g. JobOutput.s3(...)")
        for number, output in enumerate(outputs, start=1):
            problems += [f"output {number}: {p}" for p in output.problems()]
        key, key_problems = _output_key([o.bucket for o in outputs], encryption_key, self.role)
        raise_if_problems(self, problems + key_problems)

        self.recipe = recipe
        self.outputs = tuple(outputs)
        for output in outputs:
            output.grant(self.role)
        s3_outputs = [o.render_s3() for o in outputs if o.kind == "s3"]
        catalog_outputs = [o.render_catalog() for o in outputs if o.kind == "catalog"]
        self.resource = databrew.CfnJob(
            self,
            "Resource",
            type="RECIPE",
            recipe=databrew.CfnJob.RecipeProperty(name=recipe.recipe_name, version=recipe_version),
            outputs=s3_outputs or None,
            data_catalog_outputs=catalog_outputs or None,
            **self._common_properties(key),
        )
        # Names, not Refs, tie the job to its dataset and recipe: order the deploy.
        self.resource.node.add_dependency(dataset, recipe)
        _depend_on_role(self.resource, self.role)


class ProfileJob(DataBrewJobBase):
    """Profiles a dataset (column statistics) and checks its data-quality rulesets.

    :param dataset: what the job profiles.
    :param output_bucket: where the profile (JSON) and validation reports go.
    :param output_prefix: Default: ``"databrew-profiles/"``.
    :param rulesets: rulesets of this dataset to validate on each run. Default: none.
    :param sample_rows: profile only this many rows. Default: the whole dataset.
    :param encryption_key: the KMS key for SSE-KMS output. Default: the bucket's key
        (SSE-S3 when it has none).
    :param timeout: Default: 60 minutes (DataBrew's own default is 48 hours).
    :param max_capacity: the most DataBrew nodes a run uses. Default: 5 (DataBrew's).
    :param max_retries: Default: 0.
    :param role: Default: a new role that reads the dataset, writes the output prefix,
        uses its key and writes DataBrew's logs.
    :param job_name: Default: generated from the construct path.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        dataset: Dataset,
        output_bucket: s3.IBucket,
        output_prefix: str = "databrew-profiles/",
        rulesets: Sequence[Ruleset] = (),
        sample_rows: int | None = None,
        encryption_key: kms.IKey | None = None,
        timeout: Duration | None = None,
        max_capacity: int = DEFAULT_MAX_CAPACITY,
        max_retries: int = 0,
        role: iam.IRole | None = None,
        job_name: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        problems = self._setup(
            dataset=dataset,
            role=role,
            job_name=job_name,
            timeout=timeout,
            max_capacity=max_capacity,
            max_retries=max_retries,
            kind="profile",
        )
        self.output = S3Location(output_bucket, output_prefix)
        problems += self.output.problems()
        problems += [
            f"ruleset {r.node.path} checks dataset {r.dataset.node.path}, not this job's "
            f"dataset {dataset.node.path}"
            for r in rulesets
            if r.dataset is not dataset
        ]
        if sample_rows is not None and sample_rows < 1:
            problems.append(f"sample_rows must be 1 or more, got {sample_rows}")
        key, key_problems = _output_key([output_bucket], encryption_key, self.role)
        raise_if_problems(self, problems + key_problems)

        self.rulesets = tuple(rulesets)
        grant_s3_prefix_read_write(self.role, output_bucket, output_prefix)
        self.resource = databrew.CfnJob(
            self,
            "Resource",
            type="PROFILE",
            output_location=databrew.CfnJob.OutputLocationProperty(
                bucket=output_bucket.bucket_name, key=output_prefix or None
            ),
            job_sample=(
                databrew.CfnJob.JobSampleProperty(mode="FULL_DATASET")
                if sample_rows is None
                else databrew.CfnJob.JobSampleProperty(mode="CUSTOM_ROWS", size=sample_rows)
            ),
            validation_configurations=[
                databrew.CfnJob.ValidationConfigurationProperty(
                    ruleset_arn=r.ruleset_arn, validation_mode="CHECK_ALL"
                )
                for r in rulesets
            ]
            or None,
            **self._common_properties(key),
        )
        self.resource.node.add_dependency(dataset, *rulesets)
        _depend_on_role(self.resource, self.role)


def _depend_on_role(resource: databrew.CfnJob, role: iam.IRole) -> None:
    # DataBrew checks the role when the job is created: its policy must exist by then.
    if isinstance(role, iam.Role):
        resource.node.add_dependency(role)
