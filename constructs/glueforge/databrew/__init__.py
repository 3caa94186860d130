"""AWS Glue DataBrew: datasets, recipes, recipe and profile jobs, rulesets, schedules,
and running a DataBrew job after a Glue job.

aws-cdk-lib has only L1 resources for DataBrew; these constructs check their input at
synth, derive each job's role from what it reads and writes, and reuse glueforge's source
specs (``S3Source``, ``CatalogSource``) for datasets.

Each resource follows aws-cdk-lib's import convention: an interface (``IDataset``,
``IRecipe``, ``IRuleset``, ``ISchedule``, ``IDataBrewJob``), a base class holding what owned
and imported ones share, and ``from_<thing>_attributes`` (with ``from_<thing>_name`` and
``from_<thing>_arn`` routed through it) on the construct, so a resource made elsewhere
composes wherever glueforge can deploy it correctly.
"""

from glueforge.databrew.chaining import RunAfterGlueJob
from glueforge.databrew.dataset import Dataset, DatasetBase, IDataset, PathParameter
from glueforge.databrew.job_base import DataBrewJobBase, IDataBrewJob
from glueforge.databrew.outputs import JobOutput
from glueforge.databrew.profile_job import ProfileJob
from glueforge.databrew.recipe import IRecipe, Recipe, RecipeBase
from glueforge.databrew.recipe_job import RecipeJob
from glueforge.databrew.recipe_steps import ACTIONS, RecipeStep, StepCondition
from glueforge.databrew.ruleset import DataQualityRule, IRuleset, Ruleset, RulesetBase, Threshold
from glueforge.databrew.schedule import ISchedule, Schedule, ScheduleBase

__all__ = [
    "ACTIONS",
    "DataBrewJobBase",
    "DataQualityRule",
    "Dataset",
    "DatasetBase",
    "IDataBrewJob",
    "IDataset",
    "IRecipe",
    "IRuleset",
    "ISchedule",
    "JobOutput",
    "PathParameter",
    "ProfileJob",
    "Recipe",
    "RecipeBase",
    "RecipeJob",
    "RecipeStep",
    "Ruleset",
    "RulesetBase",
    "RunAfterGlueJob",
    "Schedule",
    "ScheduleBase",
    "StepCondition",
    "Threshold",
]
