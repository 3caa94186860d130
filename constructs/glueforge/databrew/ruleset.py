"""Ruleset: data-quality rules a profile job checks (``AWS::DataBrew::Ruleset``).

As in aws-cdk-lib: :class:`IRuleset` lists what profile jobs rely on, :class:`RulesetBase`
holds what owned and imported rulesets share, and ``Ruleset.from_ruleset_attributes``
(with ``from_ruleset_name`` and ``from_ruleset_arn`` routed through it) imports one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from aws_cdk import CfnResource, Resource
from constructs import Construct

from glueforge.core.errors import child_path, raise_if_problems, require_types
from glueforge.databrew.dataset import IDataset
from glueforge.databrew.names import (
    DataBrewResource,
    check_import,
    databrew_arn,
    databrew_arn_name,
    generated_name,
    name_problems,
)

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


@runtime_checkable
class IRuleset(Protocol):
    """A DataBrew ruleset, made by glueforge or imported
    (:meth:`Ruleset.from_ruleset_attributes`)."""

    @property
    def ruleset_name(self) -> str: ...

    @property
    def ruleset_arn(self) -> str: ...

    @property
    def dataset(self) -> IDataset | None:
        """The dataset the rules describe; None for an import that was not told."""
        ...


class RulesetBase(Resource):
    """What owned and imported rulesets share: their name, dataset and ARN."""

    ruleset_name: str
    dataset: IDataset | None

    @property
    def ruleset_arn(self) -> str:
        """``arn:<partition>:databrew:<region>:<account>:ruleset/<name>`` in this stack's env."""
        return databrew_arn(self, DataBrewResource.RULESET, self.ruleset_name)


class _ImportedRuleset(RulesetBase):
    """A ruleset made elsewhere; see :meth:`Ruleset.from_ruleset_attributes`."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        ruleset_name: str,
        ruleset_arn: str | None,
        dataset: IDataset | None,
    ) -> None:
        super().__init__(scope, id)
        self.ruleset_name = ruleset_name
        self.dataset = dataset
        self._ruleset_arn = ruleset_arn

    @property
    def ruleset_arn(self) -> str:
        # An ARN given on import keeps its own account and region.
        return self._ruleset_arn if self._ruleset_arn is not None else super().ruleset_arn


class Ruleset(RulesetBase):
    """Data-quality rules for one dataset, checked by the profile jobs that use them.

    :param dataset: the dataset the rules describe: a ``Dataset``, or one imported with
        ``Dataset.from_dataset_name`` (the ruleset needs only its ARN).
    :param rules: at least one :class:`DataQualityRule`.
    :param ruleset_name: Default: generated from the construct path.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        dataset: IDataset,
        rules: Sequence[DataQualityRule],
        ruleset_name: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        require_types(self, {"dataset": (dataset, IDataset)})
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

    # ---- imports ---------------------------------------------------------------------

    @classmethod
    def from_ruleset_attributes(
        cls,
        scope: Construct,
        id: str,
        *,
        ruleset_name: str,
        ruleset_arn: str | None = None,
        dataset: IDataset | None = None,
    ) -> IRuleset:
        """A ruleset that exists already (made elsewhere, by hand or in another app).

        :param ruleset_name: its name.
        :param ruleset_arn: its ARN. Default: built from ``ruleset_name`` in this stack's
            account and region.
        :param dataset: the dataset its rules describe (its ``TargetArn``). Default:
            unknown; a ``ProfileJob`` then refuses the ruleset, since DataBrew validates
            only rulesets of the job's own dataset.
        """
        check_import(scope, id, DataBrewResource.RULESET, ruleset_name, ruleset_arn)
        require_types(child_path(scope, id), {"dataset": (dataset, (IDataset, None))})
        return _ImportedRuleset(
            scope, id, ruleset_name=ruleset_name, ruleset_arn=ruleset_arn, dataset=dataset
        )

    @classmethod
    def from_ruleset_name(cls, scope: Construct, id: str, ruleset_name: str) -> IRuleset:
        """A ruleset that exists already, by name (its dataset unknown: see
        :meth:`from_ruleset_attributes`)."""
        return cls.from_ruleset_attributes(scope, id, ruleset_name=ruleset_name)

    @classmethod
    def from_ruleset_arn(cls, scope: Construct, id: str, ruleset_arn: str) -> IRuleset:
        """A ruleset that exists already, by ARN (``arn:...:databrew:...:ruleset/NAME``)."""
        ruleset_name = databrew_arn_name(scope, id, ruleset_arn, DataBrewResource.RULESET)
        return cls.from_ruleset_attributes(
            scope, id, ruleset_name=ruleset_name, ruleset_arn=ruleset_arn
        )
