"""DataBrew recipe steps: typed factories, and a check of every step against the actions
glueforge knows.

Each action below, with its parameter names and allowed values, was checked against the
AWS Glue DataBrew Developer Guide, "Recipe step and function reference"
(https://docs.aws.amazon.com/databrew/latest/dg/recipe-actions-reference.html); the page
of each action is in :data:`ACTIONS`. DataBrew has about 250 actions; a step whose action
is not listed here is refused rather than passed through unchecked, so a typo in an
operation name fails at synth instead of at the job's first run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

DOCS = "https://docs.aws.amazon.com/databrew/latest/dg/"
# CHANGE_DATA_TYPE's documented target types.
DATA_TYPES = (
    "byte",
    "short",
    "int",
    "long",
    "float",
    "double",
    "decimal",
    "string",
    "boolean",
    "timestamp",
    "date",
)
# FILL_WITH_CUSTOM's documented column types.
FILL_TYPES = ("date", "number", "boolean", "unsupported", "string", "timestamp")
# FORMAT_DATE's documented target formats.
DATE_FORMATS = ("mm/dd/yyyy", "mm-dd-yyyy", "dd month yyyy", "month yyyy", "dd month")
BOOLEAN_TEXT = ("true", "false")
# AWS::DataBrew::Recipe ConditionExpression.Condition (CloudFormation schema).
CONDITION_NAME = re.compile(r"^[A-Z_]{1,128}$")


@dataclass(frozen=True)
class Action:
    """One documented recipe action: its parameters and the values they may take."""

    page: str
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # parameters of which exactly one must be given
    exactly_one_of: tuple[str, ...] = ()
    # parameters that must be a whole number in [low, high]
    ranges: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def known(self) -> tuple[str, ...]:
        return (*self.required, *self.optional, *self.exactly_one_of)


ACTIONS: Mapping[str, Action] = {
    "RENAME": Action("recipe-actions.RENAME.html", required=("sourceColumn", "targetColumn")),
    "CHANGE_DATA_TYPE": Action(
        "recipe-actions.CHANGE_DATA_TYPE.html",
        required=("sourceColumn", "columnDataType"),
        choices={"columnDataType": DATA_TYPES},
    ),
    "REMOVE_DUPLICATES": Action(
        "recipe-actions.REMOVE_DUPLICATES.html", required=("sourceColumn",)
    ),
    "DELETE_DUPLICATE_ROWS": Action("recipe-actions.DELETE_DUPLICATE_ROWS.html"),
    "REMOVE_INVALID": Action(
        "recipe-actions.REMOVE_INVALID.html",
        required=("sourceColumn", "columnDataType"),
        optional=("advancedDataType",),
    ),
    "FILL_WITH_CUSTOM": Action(
        "recipe-actions.FILL_WITH_CUSTOM.html",
        required=("sourceColumn", "columnDataType", "value"),
        choices={"columnDataType": FILL_TYPES},
    ),
    "SPLIT_COLUMN_SINGLE_DELIMITER": Action(
        "recipe-actions.SPLIT_COLUMN_SINGLE_DELIMITER.html",
        required=("sourceColumn", "pattern", "limit", "includeInSplit"),
        choices={"includeInSplit": BOOLEAN_TEXT},
        ranges={"limit": (1, 20)},
    ),
    "DATE_FORMAT": Action(
        "recipe-actions.functions.DATE_FORMAT.html",
        required=("targetColumn",),
        optional=("dateTimeFormat",),
        exactly_one_of=("sourceColumn", "value"),
    ),
    "FORMAT_DATE": Action(
        "recipe-actions.FORMAT_DATE.html",
        required=("sourceColumn", "targetDateFormat"),
        choices={"targetDateFormat": DATE_FORMATS},
    ),
}


@dataclass(frozen=True)
class StepCondition:
    """A condition on a step (CloudFormation ``ConditionExpression``): the step acts only
    on rows where ``condition`` holds for ``column``; all of a step's conditions must hold.

    :param condition: the condition's name, upper case and ``_`` (the schema's pattern).
    :param column: the column it tests.
    :param value: what the condition compares with. Default: none.
    """

    condition: str
    column: str
    value: str | None = None

    def problems(self) -> list[str]:
        problems = []
        if not CONDITION_NAME.match(self.condition):
            problems.append(
                f"condition {self.condition!r} must be upper-case letters and '_' (1-128), "
                "e.g. 'IS_INVALID'"
            )
        if not self.column:
            problems.append(f"condition {self.condition!r} needs a column")
        return problems

    def render(self) -> dict[str, str]:
        rendered = {"Condition": self.condition, "TargetColumn": self.column}
        if self.value is not None:
            rendered["Value"] = self.value
        return rendered


@dataclass(frozen=True)
class RecipeStep:
    """One step of a DataBrew recipe: an action, its parameters, and optional conditions.

    Build steps with the factories (``RecipeStep.rename(...)``) or read them from a recipe
    exported from the DataBrew console with :meth:`from_json`. Parameter values are text,
    as DataBrew stores them.
    """

    operation: str
    parameters: Mapping[str, str] = field(default_factory=dict)
    conditions: tuple[StepCondition, ...] = ()

    # --- factories: one per documented action -------------------------------------------
    @classmethod
    def rename(cls, column: str, to: str) -> RecipeStep:
        """RENAME ``column`` to ``to``."""
        return cls("RENAME", {"sourceColumn": column, "targetColumn": to})

    @classmethod
    def change_type(cls, column: str, data_type: str) -> RecipeStep:
        """CHANGE_DATA_TYPE of ``column`` to one of :data:`DATA_TYPES`; values that do not
        convert become NULL."""
        return cls("CHANGE_DATA_TYPE", {"sourceColumn": column, "columnDataType": data_type})

    @classmethod
    def remove_duplicates(cls, column: str) -> RecipeStep:
        """REMOVE_DUPLICATES: drop each row whose ``column`` value was seen before."""
        return cls("REMOVE_DUPLICATES", {"sourceColumn": column})

    @classmethod
    def delete_duplicate_rows(cls) -> RecipeStep:
        """DELETE_DUPLICATE_ROWS: drop each row identical to an earlier row."""
        return cls("DELETE_DUPLICATE_ROWS")

    @classmethod
    def filter_invalid(
        cls, column: str, data_type: str, *, advanced_data_type: str | None = None
    ) -> RecipeStep:
        """REMOVE_INVALID: keep only rows whose ``column`` holds a valid ``data_type``
        value (or, with ``advanced_data_type``, e.g. ``"EMAIL"``, a valid one of those)."""
        parameters = {"sourceColumn": column, "columnDataType": data_type}
        if advanced_data_type is not None:
            parameters["advancedDataType"] = advanced_data_type
        return cls("REMOVE_INVALID", parameters)

    @classmethod
    def fill_missing(cls, column: str, value: str, *, data_type: str = "string") -> RecipeStep:
        """FILL_WITH_CUSTOM: replace missing values of ``column`` with ``value``.

        :param data_type: one of :data:`FILL_TYPES`. Default: ``"string"``.
        """
        return cls(
            "FILL_WITH_CUSTOM",
            {"sourceColumn": column, "columnDataType": data_type, "value": value},
        )

    @classmethod
    def split_column(
        cls, column: str, delimiter: str, *, splits: int = 1, keep_delimiter: bool = False
    ) -> RecipeStep:
        """SPLIT_COLUMN_SINGLE_DELIMITER: split ``column`` at ``delimiter``.

        :param splits: how many splits to make, 1-20. Default: 1.
        :param keep_delimiter: keep the delimiter in the new columns. Default: ``False``.
        """
        return cls(
            "SPLIT_COLUMN_SINGLE_DELIMITER",
            {
                "sourceColumn": column,
                "pattern": delimiter,
                "limit": str(splits),
                "includeInSplit": "true" if keep_delimiter else "false",
            },
        )

    @classmethod
    def date_format(cls, column: str, date_time_format: str, *, to: str) -> RecipeStep:
        """DATE_FORMAT: a new column ``to`` holding ``column``'s date in
        ``date_time_format``, e.g. ``"yyyy-mm-dd"``."""
        return cls(
            "DATE_FORMAT",
            {"sourceColumn": column, "dateTimeFormat": date_time_format, "targetColumn": to},
        )

    @classmethod
    def format_date(cls, column: str, target_format: str) -> RecipeStep:
        """FORMAT_DATE: rewrite ``column``'s dates in one of :data:`DATE_FORMATS`."""
        return cls("FORMAT_DATE", {"sourceColumn": column, "targetDateFormat": target_format})

    def when(self, *conditions: StepCondition) -> RecipeStep:
        """This step, acting only on rows where all ``conditions`` hold."""
        return RecipeStep(self.operation, self.parameters, (*self.conditions, *conditions))

    # --- console JSON ---------------------------------------------------------------------
    @classmethod
    def from_json(cls, step: Mapping[str, Any]) -> RecipeStep:
        """A step as the DataBrew console exports it: ``{"Action": {"Operation": ...,
        "Parameters": {...}}, "ConditionExpressions": [...]}``."""
        action = step.get("Action") or {}
        conditions = tuple(
            StepCondition(c.get("Condition", ""), c.get("TargetColumn", ""), c.get("Value"))
            for c in step.get("ConditionExpressions") or ()
        )
        return cls(
            str(action.get("Operation", "")),
            {str(k): v for k, v in (action.get("Parameters") or {}).items()},
            conditions,
        )

    # --- checks and output ----------------------------------------------------------------
    def problems(self) -> list[str]:
        """Why this step is not a documented action with documented parameters."""
        action = ACTIONS.get(self.operation)
        if action is None:
            return [
                f"operation {self.operation!r} is not one of the recipe actions glueforge "
                f"checks: {sorted(ACTIONS)}"
            ]
        given = dict(self.parameters)
        problems = [
            f"parameter {name!r} of {self.operation} must be text, got {type(value).__name__}"
            for name, value in given.items()
            if not isinstance(value, str)
        ]
        missing = [p for p in action.required if not given.get(p)]
        if missing:
            problems.append(f"{self.operation} needs {missing}, got {sorted(given)}")
        unknown = sorted(set(given) - set(action.known))
        if unknown:
            problems.append(
                f"{self.operation} has no parameter {unknown}; its parameters are "
                f"{sorted(action.known) or 'none'} ({DOCS}{action.page})"
            )
        if action.exactly_one_of and sum(1 for p in action.exactly_one_of if p in given) != 1:
            problems.append(
                f"{self.operation} needs exactly one of {list(action.exactly_one_of)}, got "
                f"{[p for p in action.exactly_one_of if p in given]}"
            )
        for name, allowed in action.choices.items():
            if name in given and given[name] not in allowed:
                problems.append(
                    f"{self.operation} {name} {given[name]!r} is not one of {list(allowed)}"
                )
        for name, (low, high) in action.ranges.items():
            value = given.get(name)
            if value is not None and not (str(value).isdigit() and low <= int(value) <= high):
                problems.append(f"{self.operation} {name} must be {low}-{high}, got {value!r}")
        for condition in self.conditions:
            problems.extend(condition.problems())
        return problems

    def render(self) -> dict[str, Any]:
        """The step as CloudFormation's ``AWS::DataBrew::Recipe`` ``RecipeStep``."""
        action: dict[str, Any] = {"Operation": self.operation}
        if self.parameters:
            action["Parameters"] = dict(self.parameters)
        rendered: dict[str, Any] = {"Action": action}
        if self.conditions:
            rendered["ConditionExpressions"] = [c.render() for c in self.conditions]
        return rendered


def steps_problems(steps: Sequence[RecipeStep]) -> list[str]:
    """Every problem of every step, each prefixed with the step's 1-based position."""
    if not steps:
        return ["a recipe needs at least one step, e.g. RecipeStep.rename('ts', 'clicked_at')"]
    return [
        f"step {number} ({step.operation or '?'}): {problem}"
        for number, step in enumerate(steps, start=1)
        for problem in step.problems()
    ]
