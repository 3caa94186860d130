"""AWS Glue DataBrew: datasets, recipes, recipe and profile jobs, rulesets, schedules,
and running a DataBrew job after a Glue job.

aws-cdk-lib has only L1 resources for DataBrew; these constructs check their input at
synth, derive each job's role from what it reads and writes, and reuse glueforge's source
specs (``S3Source``, ``CatalogSource``) for datasets.
"""

from glueforge.databrew.chaining import RunAfterGlueJob
from glueforge.databrew.dataset import Dataset, PathParameter
from glueforge.databrew.job_base import DataBrewJobBase
from glueforge.databrew.outputs import JobOutput
from glueforge.databrew.profile_job import ProfileJob
from glueforge.databrew.recipe import Recipe
from glueforge.databrew.recipe_job import RecipeJob
from glueforge.databrew.recipe_steps import ACTIONS, RecipeStep, StepCondition
from glueforge.databrew.ruleset import DataQualityRule, Ruleset, Threshold
from glueforge.databrew.schedule import Schedule

__all__ = [
    "ACTIONS",
    "DataBrewJobBase",
    "DataQualityRule",
    "Dataset",
    "JobOutput",
    "PathParameter",
    "ProfileJob",
    "Recipe",
    "RecipeJob",
    "RecipeStep",
    "Ruleset",
    "RunAfterGlueJob",
    "Schedule",
    "StepCondition",
    "Threshold",
]
