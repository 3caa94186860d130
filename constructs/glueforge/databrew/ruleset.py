"""Ruleset: data-quality rules a profile job checks (``AWS::DataBrew::Ruleset``)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from aws_cdk import CfnResource, Resource
from constructs import Construct

from glueforge.core.errors import raise_if_problems
from glueforge.databrew.dataset import Dataset
from glueforge.databrew.names import databrew_arn, generated_name, name_problems

# AWS::DataBrew::Ruleset Expression and SubstitutionValue.ValueReference (schema patterns).
EXPRESSION = re.compile(r"^[><0-9A-Za-z_.,:)(!= ]{4,1024}$")
VARIABLE = re.compile(r":[A-Za-z0-9_]+")
THRESHOLD_TYPES = ("GREATER_THAN_OR_EQUAL", "LESS_THAN_OR_EQUAL", "GREATER_THAN", "LESS_THAN")
THRESHOLD_UNITS = ("COUNT", "PERCENTAGE")


@dataclass(frozen=True)
class Threshold:
    """How many rows must pass a rule: e.g. ``Threshold(99, unit="PERCENTAGE")``.

    :param type: Default: ``GREATER_THAN_OR_EQUAL``.
    :param unit: ``COUNT`` or ``PERCENTAGE``. Default: ``PERCENTAGE``.
    """

    value: float
    type: Literal["GREATER_THAN_OR_EQUAL", "LESS_THAN_OR_EQUAL", "GREATER_THAN", "LESS_THAN"] = (
        "GREATER_THAN_OR_EQUAL"
    )
    unit: Literal["COUNT", "PERCENTAGE"] = "PERCENTAGE"


@dataclass(frozen=True)
class DataQualityRule:
    """One rule: a check expression whose ``:variables`` are filled from ``values``.

    :param name: the rule's name (1-128 characters).
    :param check_expression: e.g. ``":col1 is_between :val1 and :val2"``.
    :param values: ``{":col1": "`amount`", ":val1": "0", ...}``; every variable in the
        expression needs one. Default: none.
    :param columns: the columns the rule applies to. Default: those the expression names.
    :param threshold: Default: DataBrew's (every row must pass).
    """

    name: str
    check_expression: str
    values: Mapping[str, str] = field(default_factory=dict)
    columns: tuple[str, ...] = ()
    threshold: Threshold | None = None

    def problems(self) -> list[str]:
        label = f"rule {self.name!r}"
        problems = []
        if not 1 <= len(self.name) <= 128:
            problems.append(f"rule name must be 1-128 characters, got {self.name!r}")
        if not EXPRESSION.match(self.check_expression):
            problems.append(
                f"{label}: check_expression {self.check_expression!r} must be 4-1024 of "
                "letters, digits, spaces and > < = ! . , : ( ) _"
            )
        used = set(VARIABLE.findall(self.check_expression))
        missing = sorted(used - set(self.values))
        if missing:
            problems.append(f"{label}: no value for {missing}; give values={{...}} for each")
        bad = sorted(k for k in self.values if not VARIABLE.fullmatch(k))
        if bad:
            problems.append(f"{label}: value names {bad} must look like ':name'")
        if self.threshold is not None:
            if self.threshold.type not in THRESHOLD_TYPES:
                problems.append(
                    f"{label}: threshold type {self.threshold.type!r} is not one of "
                    f"{list(THRESHOLD_TYPES)}"
                )
            if self.threshold.unit not in THRESHOLD_UNITS:
                problems.append(
                    f"{label}: threshold unit {self.threshold.unit!r} is not one of "
                    f"{list(THRESHOLD_UNITS)}"
                )
            if self.threshold.value < 0 or (
                self.threshold.unit == "PERCENTAGE" and self.threshold.value > 100
            ):
                problems.append(f"{label}: threshold {self.threshold.value} is out of range")
        return problems

    def render(self) -> dict[str, Any]:
        rule: dict[str, Any] = {"Name": self.name, "CheckExpression": self.check_expression}
        if self.values:
            rule["SubstitutionMap"] = [
                {"ValueReference": k, "Value": v} for k, v in self.values.items()
            ]
        if self.columns:
            rule["ColumnSelectors"] = [{"Name": c} for c in self.columns]
        if self.threshold is not None:
            rule["Threshold"] = {
                "Value": self.threshold.value,
                "Type": self.threshold.type,
                "Unit": self.threshold.unit,
            }
        return rule


class Ruleset(Resource):
    """Data-quality rules for one dataset, checked by the profile jobs that use them.

    :param dataset: the dataset the rules describe.
    :param rules: at least one :class:`DataQualityRule`.
    :param ruleset_name: Default: generated from the construct path.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        dataset: Dataset,
        rules: Sequence[DataQualityRule],
        ruleset_name: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        problems = name_problems("ruleset_name", ruleset_name)
        if not rules:
            problems.append("a ruleset needs at least one rule")
        for rule in rules:
            problems += rule.problems()
        names = [r.name for r in rules]
        problems += [
            f"rule name {n!r} is used twice" for n in sorted(set(names)) if names.count(n) > 1
        ]
        raise_if_problems(self, problems)
        self.dataset = dataset
        self.ruleset_name = ruleset_name or generated_name(self)
        # CfnResource: the rules are written exactly as the schema spells them.
        self.resource = CfnResource(
            self,
            "Resource",
            type="AWS::DataBrew::Ruleset",
            properties={
                "Name": self.ruleset_name,
                "TargetArn": dataset.dataset_arn,
                "Rules": [rule.render() for rule in rules],
            },
        )
        self.resource.node.add_dependency(dataset)

    @property
    def ruleset_arn(self) -> str:
        return databrew_arn(self, "ruleset", self.ruleset_name)
