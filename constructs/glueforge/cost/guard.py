"""Synth-time cost guardrails and cost metadata for the cloud assembly.

The guard knows no construct class. Whatever costs money (a job, a crawler, a pipeline)
is a :class:`CostReporter`: it says what its cost follows from in ``cost_inputs`` and
registers itself with :func:`watch_costs`. One validation of the construct tree's root
then, at synth, records every reporter's inputs as construct metadata (read back by
``glueforge cost`` and ``glueforge check``) and fails synth with a
:class:`~glueforge.core.errors.GlueforgeValidationError` that shows the arithmetic when a
``max_cost_per_run`` or ``monthly_budget`` is exceeded (:func:`guardrail_error` says how
that error reaches a user who calls ``app.synth()``).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Protocol, runtime_checkable

import jsii
from aws_cdk import App, Stack, Stage
from constructs import IConstruct, IValidation, Node

from glueforge.core.errors import GlueforgeValidationError, raise_if_problems
from glueforge.core.stack_cache import node_of, python_state, stack_of
from glueforge.cost.model import (
    APP_BUDGET_METADATA,
    COST_METADATA,
    MONTH_CONTEXT,
    PIPELINE_COST_METADATA,
    Budget,
    CostInputs,
    PipelineInputs,
    budget_problems,
    estimate,
    parse_month,
)

_WATCHED = "glueforge:cost-watched"

#: What a reporter's cost follows from: its own runs, or the runs of a pipeline.
ReportedInputs = CostInputs | PipelineInputs


@runtime_checkable
class CostReporter(Protocol):
    """A construct whose runs cost money, as the cost guard sees it.

    Jobs and crawlers report :class:`~glueforge.cost.model.CostInputs` (what one run
    holds and for how long); pipelines report
    :class:`~glueforge.cost.model.PipelineInputs` (how often they run what they run).
    The guard reads ``cost_inputs`` once, at synth, after the app declared everything.
    """

    @property
    def node(self) -> Node: ...

    @property
    def cost_inputs(self) -> ReportedInputs: ...


def set_budget(
    app: App, *, max_cost_per_run: float | None = None, monthly_budget: float | None = None
) -> None:
    """App-wide guardrails: every job's (and crawler's) cost per run, and the app's month.

    :func:`glueforge.checks.enable_checks` is the way to turn these on, with the other
    synth checks.

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
    _guard_of(app)


def watch_costs(reporter: CostReporter) -> None:
    """Register ``reporter`` with the cost guard of its tree, which is added once."""
    _guard_of(reporter).reporters.append(reporter)


def _guard_of(scope: IConstruct) -> _CostGuard:
    """The one cost guard of ``scope``'s tree, added to its root on first use."""
    # Every job, crawler and pipeline calls this: the root and its guard are kept in
    # Python, so only the first call costs jsii round trips.
    # The root is kept on the stack: the stack of a job or crawler is known already.
    holder = scope if isinstance(scope, Stage) else stack_of(scope)
    root = python_state(holder, "_glueforge_root", lambda: node_of(holder).root)
    return python_state(root, "_glueforge_cost_guard", lambda: _add_guard(root))


def _add_guard(root: IConstruct) -> _CostGuard:
    guard = _CostGuard(root)
    # The root's metadata says the guard is on, for whoever inspects the tree.
    node_of(root).add_metadata(_WATCHED, True)
    # A validation of the root runs once per synth, with one callback from node; an
    # aspect on the root would be called back for every construct of the app.
    node_of(root).add_validation(guard)
    return guard


@jsii.implements(IValidation)
class _CostGuard:
    def __init__(self, root: IConstruct) -> None:
        self.root = root
        self.reporters: list[CostReporter] = []
        self.done = False

    def validate(self) -> list[str]:
        # Once, as an aspect runs once: a forced second synth (``Template.from_stack``)
        # must not record the metadata twice. A failed check runs again.
        if not self.done:
            self._record_and_check(self.root)
            self.done = True
        return []

    def _record_and_check(self, node: IConstruct) -> None:
        everything = node_of(node).find_all()
        # Reporters in tree order (as the app reads), each read once: a pipeline's inputs
        # come from the triggers it was given after it was created.
        registered = {id(reporter) for reporter in self.reporters}
        reported = [(c, c.cost_inputs) for c in everything if id(c) in registered]
        items = [(c, i) for c, i in reported if isinstance(i, CostInputs)]
        pipelines = [(c, i) for c, i in reported if isinstance(i, PipelineInputs)]
        for item, inputs in items:
            # The first read of a job's or crawler's node (nothing else of glueforge needs
            # it): kept in Python for whoever asks next.
            node_of(item).add_metadata(COST_METADATA, asdict(inputs))
        for pipeline, inputs in pipelines:
            # jsii passes lists, not tuples, into metadata.
            data = asdict(inputs)
            node_of(pipeline).add_metadata(
                PIPELINE_COST_METADATA, {**data, "runnables": list(data["runnables"])}
            )
        budgets = [e.data for e in node_of(node).metadata if e.type == APP_BUDGET_METADATA]
        budget = Budget(**budgets[-1]) if budgets else None
        if budget is not None:
            for stack in (c for c in everything if isinstance(c, Stack)):
                node_of(stack).add_metadata(APP_BUDGET_METADATA, asdict(budget))
        month = parse_month(node_of(node).try_get_context(MONTH_CONTEXT))
        report = estimate(
            [inputs for _, inputs in items],
            [inputs for _, inputs in pipelines],
            budget,
            month=month,
        )
        if report.problems:
            raise guardrail_error(report.problems)


def guardrail_error(problems: list[tuple[str, str]]) -> GlueforgeValidationError:
    """One error for every guardrail exceeded, led by the first offender's construct path.

    The guard runs inside aws-cdk-lib's synth (as the root's validation), where the
    prices need every job, crawler and pipeline the app declared. jsii cannot carry a
    Python exception out of ``app.synth()``: a user calling it directly gets a
    ``RuntimeError`` with this error's text (see
    :func:`~glueforge.core.errors.glueforge_error_behind`), so the text begins as every
    glueforge error does, with a construct path:
    ``"DataLake/Orders: worst case per run $17.60 = ... exceeds max_cost_per_run $5.00;
    DataLake/Nightly: ..."``. :func:`glueforge.checks.synthesize` (and ``glueforge
    check``) raise this error itself.

    :param problems: ``(path, message)`` pairs, as :func:`~glueforge.cost.model.estimate`
        reports them; the app's own budget has the path ``app``.
    """
    first = problems[0][0]
    return GlueforgeValidationError(
        first, [message if path == first else f"{path}: {message}" for path, message in problems]
    )
