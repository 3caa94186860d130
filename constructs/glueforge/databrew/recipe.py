"""Recipe: a DataBrew recipe (``AWS::DataBrew::Recipe``) of checked steps.

As in aws-cdk-lib: :class:`IRecipe` lists what jobs rely on, :class:`RecipeBase` holds what
owned and imported recipes share, and ``Recipe.from_recipe_attributes`` (with
``from_recipe_name`` and ``from_recipe_arn`` routed through it) imports one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from aws_cdk import CfnResource, Resource
from constructs import Construct

from glueforge.core.errors import child_path, raise_if_problems, require_types
from glueforge.databrew.names import (
    DataBrewResource,
    check_import,
    databrew_arn,
    databrew_arn_name,
    generated_name,
    name_problems,
)
from glueforge.databrew.recipe_steps import RecipeStep, steps_problems

# CloudFormation's AWS::DataBrew::Recipe creates the working version and publishes none.
WORKING_VERSION = "LATEST_WORKING"


@runtime_checkable
class IRecipe(Protocol):
    """A DataBrew recipe, made by glueforge or imported (:meth:`Recipe.from_recipe_attributes`)."""

    @property
    def recipe_name(self) -> str: ...

    @property
    def recipe_arn(self) -> str: ...

    @property
    def recipe_version(self) -> str | None:
        """The version jobs run unless they name one; None when unknown (an import)."""
        ...


class RecipeBase(Resource):
    """What owned and imported recipes share: their name, version and ARN."""

    recipe_name: str
    recipe_version: str | None

    @property
    def recipe_arn(self) -> str:
        """``arn:<partition>:databrew:<region>:<account>:recipe/<name>`` in this stack's env."""
        return databrew_arn(self, DataBrewResource.RECIPE, self.recipe_name)


class _ImportedRecipe(RecipeBase):
    """A recipe made elsewhere; see :meth:`Recipe.from_recipe_attributes`."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        recipe_name: str,
        recipe_arn: str | None,
        recipe_version: str | None,
    ) -> None:
        super().__init__(scope, id)
        self.recipe_name = recipe_name
        self.recipe_version = recipe_version
        self._recipe_arn = recipe_arn

    @property
    def recipe_arn(self) -> str:
        # An ARN given on import keeps its own account and region.
        return self._recipe_arn if self._recipe_arn is not None else super().recipe_arn


class Recipe(RecipeBase):
    """A DataBrew recipe: an ordered list of :class:`RecipeStep`, each checked at synth
    against the documented action and its parameters.

    :param steps: e.g. ``[RecipeStep.rename("ts", "clicked_at"),
        RecipeStep.change_type("clicked_at", "timestamp")]``.
    :param recipe_name: Default: generated from the construct path.
    :param description: Default: none.

    Jobs run its working version (``recipe_version`` is ``"LATEST_WORKING"``): CloudFormation
    creates that one and publishes none.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        steps: Sequence[RecipeStep],
        recipe_name: str | None = None,
        description: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        raise_if_problems(self, steps_problems(steps) + name_problems("recipe_name", recipe_name))
        self.steps = tuple(steps)
        self.recipe_name = recipe_name or generated_name(self)
        self.recipe_version = WORKING_VERSION
        properties: dict[str, Any] = {
            "Name": self.recipe_name,
            "Steps": [step.render() for step in self.steps],
        }
        if description:
            properties["Description"] = description
        # CfnResource rather than CfnRecipe: a step's Parameters are DataBrew's own
        # camelCase keys ("sourceColumn"), which the L1's typed RecipeParameters struct
        # would not pass through as written.
        self.resource = CfnResource(
            self, "Resource", type="AWS::DataBrew::Recipe", properties=properties
        )

    # ---- imports ---------------------------------------------------------------------

    @classmethod
    def from_recipe_attributes(
        cls,
        scope: Construct,
        id: str,
        *,
        recipe_name: str,
        recipe_arn: str | None = None,
        recipe_version: str | None = None,
    ) -> IRecipe:
        """A recipe that exists already (made elsewhere, e.g. in the DataBrew console).

        :param recipe_name: its name.
        :param recipe_arn: its ARN. Default: built from ``recipe_name`` in this stack's
            account and region.
        :param recipe_version: the published version jobs run, e.g. ``"1.0"``. Default:
            unknown (a recipe made elsewhere may have unpublished edits in its working
            version); a ``RecipeJob`` then needs its own ``recipe_version``.
        """
        check_import(scope, id, DataBrewResource.RECIPE, recipe_name, recipe_arn)
        require_types(child_path(scope, id), {"recipe_version": (recipe_version, (str, None))})
        return _ImportedRecipe(
            scope, id, recipe_name=recipe_name, recipe_arn=recipe_arn, recipe_version=recipe_version
        )

    @classmethod
    def from_recipe_name(cls, scope: Construct, id: str, recipe_name: str) -> IRecipe:
        """A recipe that exists already, by name (its version unknown: see
        :meth:`from_recipe_attributes`)."""
        return cls.from_recipe_attributes(scope, id, recipe_name=recipe_name)

    @classmethod
    def from_recipe_arn(cls, scope: Construct, id: str, recipe_arn: str) -> IRecipe:
        """A recipe that exists already, by ARN (``arn:...:databrew:...:recipe/NAME``)."""
        recipe_name = databrew_arn_name(scope, id, recipe_arn, DataBrewResource.RECIPE)
        return cls.from_recipe_attributes(scope, id, recipe_name=recipe_name, recipe_arn=recipe_arn)

    @classmethod
    def from_json(
        cls,
        scope: Construct,
        id: str,
        recipe: str | Path,
        *,
        recipe_name: str | None = None,
        description: str | None = None,
    ) -> Recipe:
        """A recipe from the JSON the DataBrew console exports ("Download as JSON"): a
        list of ``{"Action": {...}, "ConditionExpressions": [...]}`` steps.

        :param recipe: the exported file as a ``Path``, or its JSON text as a ``str``.
        """
        try:
            loaded = json.loads(recipe.read_text() if isinstance(recipe, Path) else recipe)
        except (OSError, ValueError) as error:
            raise_if_problems(child_path(scope, id), [f"cannot read recipe JSON: {error}"])
        if isinstance(loaded, dict):  # DescribeRecipe's shape: {"Name": ..., "Steps": [...]}
            loaded = loaded.get("Steps")
        if not isinstance(loaded, list) or not all(isinstance(s, dict) for s in loaded):
            raise_if_problems(
                child_path(scope, id),
                [
                    "recipe JSON must be a list of steps, e.g. "
                    '[{"Action": {"Operation": "RENAME", "Parameters": {...}}}]'
                ],
            )
        return cls(
            scope,
            id,
            steps=[RecipeStep.from_json(step) for step in loaded],
            recipe_name=recipe_name,
            description=description,
        )
