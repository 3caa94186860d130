"""Synth-time cost guardrails and cost metadata for the cloud assembly.

Each job, crawler and pipeline registers with :func:`watch_costs`; one aspect on the
construct tree's root then, at synth, records every cost input as construct metadata
(read back by ``glueforge cost`` and ``glueforge check``) and fails synth with a
:class:`~glueforge.core.errors.GlueforgeValidationError` that shows the arithmetic when a
``max_cost_per_run`` or ``monthly_budget`` is exceeded.
"""

from __future__ import annotations

from dataclasses import asdict

import jsii
from aws_cdk import App, Aspects, IAspect, Stack
from constructs import IConstruct

from glueforge.core.errors import GlueforgeValidationError, raise_if_problems
from glueforge.cost.model import (
    APP_BUDGET_METADATA,
    COST_METADATA,
    MONTH_CONTEXT,
    PIPELINE_COST_METADATA,
    Budget,
    budget_problems,
    estimate,
    parse_month,
)

_WATCHED = "glueforge:cost-watched"


def set_budget(
    app: App, *, max_cost_per_run: float | None = None, monthly_budget: float | None = None
) -> None:
    """App-wide guardrails: every job's (and crawler's) cost per run, and the app's month.

    :param max_cost_per_run: USD no single job or crawler run may exceed (worst case;
        expected for crawlers, which have no timeout). Default: no limit.
    :param monthly_budget: USD the app's expected month may not exceed. Default: no limit.
    """
    raise_if_problems(
        app, budget_problems(max_cost_per_run=max_cost_per_run, monthly_budget=monthly_budget)
    )
    # Kept in the root's own metadata (as enable_nag does): every root's path is "".
    app.node.add_metadata(
        APP_BUDGET_METADATA,
        asdict(Budget(max_cost_per_run=max_cost_per_run, monthly_budget=monthly_budget)),
    )
    watch_costs(app)


def watch_costs(scope: IConstruct) -> None:
    """Make sure the tree ``scope`` is in checks and records costs at synth, once."""
    root = scope.node.root
    # Every job, crawler and pipeline calls this: a Python flag on the root object spares
    # a metadata scan (jsii round trips) each time; the metadata entry stays the record.
    if getattr(root, "_glueforge_costs_watched", False):
        return
    if not any(entry.type == _WATCHED for entry in root.node.metadata):
        root.node.add_metadata(_WATCHED, True)
        Aspects.of(root).add(_CostGuard(root))
    try:
        root._glueforge_costs_watched = True  # type: ignore[attr-defined]
    except AttributeError:  # a proxy that takes no attributes: scan again next time
        pass


@jsii.implements(IAspect)
class _CostGuard:
    def __init__(self, root: IConstruct) -> None:
        self.root = root

    def visit(self, node: IConstruct) -> None:
        # An aspect visits every construct; the work is the root's alone. An identity
        # check costs no jsii round trip, unlike reading node.scope.
        if node is not self.root:
            return
        from glueforge.crawlers.crawler import Crawler
        from glueforge.jobs.etl_job import EtlJob
        from glueforge.pipelines.pipeline import Pipeline

        everything = node.node.find_all()
        items = [c for c in everything if isinstance(c, (EtlJob, Crawler))]
        pipelines = [c for c in everything if isinstance(c, Pipeline)]
        for item in items:
            item.node.add_metadata(COST_METADATA, asdict(item.cost_inputs))
        pipeline_inputs = [p.cost_inputs() for p in pipelines]
        for pipeline, computed in zip(pipelines, pipeline_inputs, strict=True):
            # jsii passes lists, not tuples, into metadata.
            inputs = asdict(computed)
            pipeline.node.add_metadata(
                PIPELINE_COST_METADATA, {**inputs, "steps": list(inputs["steps"])}
            )
        budgets = [e.data for e in node.node.metadata if e.type == APP_BUDGET_METADATA]
        budget = Budget(**budgets[-1]) if budgets else None
        if budget is not None:
            for stack in (c for c in everything if isinstance(c, Stack)):
                stack.node.add_metadata(APP_BUDGET_METADATA, asdict(budget))
        month = parse_month(node.node.try_get_context(MONTH_CONTEXT))
        report = estimate(
            [i.cost_inputs for i in items],
            pipeline_inputs,
            budget,
            month=month,
        )
        if report.problems:
            raise GlueforgeValidationError(
                "cost guardrails", [f"{path}: {message}" for path, message in report.problems]
            )
