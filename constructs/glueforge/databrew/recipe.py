"""Recipe: a DataBrew recipe (``AWS::DataBrew::Recipe``) of checked steps."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aws_cdk import CfnResource, Resource
from constructs import Construct

from glueforge.core.errors import child_path, raise_if_problems
from glueforge.databrew.names import generated_name, name_problems
from glueforge.databrew.recipe_steps import RecipeStep, steps_problems


class Recipe(Resource):
    """A DataBrew recipe: an ordered list of :class:`RecipeStep`, each checked at synth
    against the documented action and its parameters.

    :param steps: e.g. ``[RecipeStep.rename("ts", "clicked_at"),
        RecipeStep.change_type("clicked_at", "timestamp")]``.
    :param recipe_name: Default: generated from the construct path.
    :param description: Default: none.
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
