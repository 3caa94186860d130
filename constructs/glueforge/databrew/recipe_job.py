"""RecipeJob: clean a DataBrew dataset with a recipe, with a least-privilege role."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Duration
from aws_cdk import aws_databrew as databrew
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from glueforge.core.errors import raise_if_problems, require_types
from glueforge.databrew.dataset import IDataset
from glueforge.databrew.job_base import (
    DEFAULT_MAX_CAPACITY,
    _DataBrewJob,
    depend_on_role,
    output_key,
)
from glueforge.databrew.outputs import JobOutput
from glueforge.databrew.recipe import IRecipe


class RecipeJob(_DataBrewJob):
    """Runs a recipe over a dataset and writes the result to S3 or the Glue catalog.

    :param dataset: what the job reads: a ``Dataset``, or an import that knows its source
        (``Dataset.from_dataset_attributes(..., source=...)``), so the role can read it; a
        dataset imported by name alone needs ``role=`` a role that already reads it.
    :param recipe: the steps it applies: a ``Recipe``, or an import
        (``Recipe.from_recipe_name``) with a version given here or on import.
    :param outputs: at least one ``JobOutput.s3(...)`` or ``JobOutput.catalog(...)``.
    :param recipe_version: Default: the recipe's: ``"LATEST_WORKING"`` for a ``Recipe``
        (CloudFormation's ``AWS::DataBrew::Recipe`` creates the working version and
        publishes none), the version given on import for an imported one (none: refused).
        Give a published version (``"1.0"``) once the recipe is published (PublishRecipe).
    :param encryption_key: the KMS key for SSE-KMS output. Default: the output buckets'
        key (SSE-S3 when they have none).
    :param timeout: Default: 60 minutes (DataBrew's own default is 48 hours).
    :param max_capacity: the most DataBrew nodes a run uses. Default: 5 (DataBrew's).
    :param max_retries: Default: 0.
    :param role: Default: a new role that reads the dataset, writes the outputs, uses
        their keys and writes DataBrew's logs. A role of another stack gets those grants
        in a policy of this job's stack (:mod:`glueforge.iam.placement`).
    :param job_name: Default: generated from the construct path.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        dataset: IDataset,
        recipe: IRecipe,
        outputs: Sequence[JobOutput],
        recipe_version: str | None = None,
        encryption_key: kms.IKey | None = None,
        timeout: Duration | None = None,
        max_capacity: int = DEFAULT_MAX_CAPACITY,
        max_retries: int = 0,
        role: iam.IRole | None = None,
        job_name: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        require_types(self, {"recipe": (recipe, IRecipe)})
        problems = self._setup(
            dataset=dataset,
            role=role,
            job_name=job_name,
            timeout=timeout,
            max_capacity=max_capacity,
            max_retries=max_retries,
            kind="recipe",
        )
        version = recipe_version or recipe.recipe_version
        if version is None:
            problems.append(
                f"recipe {recipe.recipe_name!r} was imported without a version, and its "
                "working version may hold unpublished edits; give recipe_version= (e.g. "
                "'1.0') here or on Recipe.from_recipe_attributes"
            )
        if not outputs:
            problems.append("a recipe job needs at least one output, e.g. JobOutput.s3(...)")
        for number, output in enumerate(outputs, start=1):
            problems += [f"output {number}: {p}" for p in output.problems()]
        key, key_problems = output_key([o.bucket for o in outputs], encryption_key, self.grantee)
        raise_if_problems(self, problems + key_problems)

        self.recipe = recipe
        self.outputs = tuple(outputs)
        for output in outputs:
            output.grant(self.grantee)
        s3_outputs = [o.render_s3() for o in outputs if o.kind == "s3"]
        catalog_outputs = [o.render_catalog() for o in outputs if o.kind == "catalog"]
        self.resource = databrew.CfnJob(
            self,
            "Resource",
            type="RECIPE",
            recipe=databrew.CfnJob.RecipeProperty(name=recipe.recipe_name, version=version),
            outputs=s3_outputs or None,
            data_catalog_outputs=catalog_outputs or None,
            **self._common_properties(key),
        )
        # Names, not Refs, tie the job to its dataset and recipe: order the deploy.
        self.resource.node.add_dependency(dataset, recipe)
        depend_on_role(self.resource, self.role, self.grantee)
