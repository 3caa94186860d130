"""The Pipeline construct: a Glue workflow declared as a DAG of crawlers and jobs.

aws-cdk-lib's ``aws_glue.Workflow`` L2 is kept for the workflow itself (it is an
``IWorkflow`` other code can take, with its ARN from ``Stack.format_arn``), but its
trigger methods are not used: their conditions accept only a ``CfnCrawler``, omit the
``LogicalOperator`` Glue requires (aws-cdk issue 34652), emit an EventBatchingCondition
on conditional triggers, and an event trigger gets no EventBridge rule and no role
(aws-cdk issue 18853). Each trigger here is an ``AWS::Glue::Trigger`` rendered exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jsii
from aws_cdk import Names, Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct, IValidation

from glueforge.assembly.reader import PIPELINE_METADATA
from glueforge.core.errors import child_path, raise_if_problems, require_types
from glueforge.core.limits import NAME_MAX, description_problems, name_problems, path_problems
from glueforge.core.names import unique_child_name, unique_resource_name
from glueforge.core.singletons import stack_state
from glueforge.core.stack_cache import node_of, node_path, note_child, python_state
from glueforge.cost.guard import watch_costs
from glueforge.cost.model import PipelineInputs, budget_problems
from glueforge.iam.actions import WORKFLOW_NOTIFY_ACTIONS
from glueforge.iam.grants import grant
from glueforge.iam.principals import EVENTS_SERVICE
from glueforge.iam.suppressions import acknowledge_notifications_handler
from glueforge.pipelines.base import PipelineBase
from glueforge.pipelines.drawing import Edge, Graph, to_dot, to_mermaid
from glueforge.pipelines.runnables import Runnable, RunnableRef
from glueforge.pipelines.triggers import Condition, EventSource, StartTrigger

MAX_CRAWLERS_PER_TRIGGER = 2  # AWS Glue docs, "AWS Glue triggers"
# Construct metadata that carries each pipeline's drawings into the cloud assembly, where
# `glueforge graph` reads them (the stack's metadata file, keyed by construct path).


@dataclass(frozen=True)
class _Trigger:
    id: str
    when: StartTrigger | Condition
    runs: tuple[RunnableRef, ...]
    resource: glue.CfnTrigger


class Pipeline(PipelineBase):
    """A Glue workflow whose triggers run crawlers and jobs as a DAG.

    Declare it trigger by trigger, in any order::

        nightly = Pipeline(stack, "Nightly")
        nightly.add_trigger("Nightly", StartTrigger.schedule("cron(0 2 * * ? *)"),
                            run=[orders_job, customers_job])
        nightly.add_trigger("Loaded", Condition.all_of(Condition.succeeded(orders_job),
                                                       Condition.succeeded(customers_job)),
                            run=[curated_crawler])

    The whole graph is checked at synth: exactly one start trigger, no cycles, and every
    condition on a job or crawler the pipeline itself runs. :meth:`validate` runs the same checks
    on demand.

    A workflow made elsewhere is imported with :meth:`from_workflow_name`,
    :meth:`from_workflow_arn` or :meth:`from_pipeline_attributes`; owned and imported
    pipelines both offer :meth:`grant_start_run` and :meth:`grant_read`.

    :param workflow_name: Default: generated from the construct path.
    :param description: Default: none.
    :param default_run_properties: run properties every run starts with; jobs read them
        with ``glue:GetWorkflowRunProperties``. Default: none.
    :param max_concurrent_runs: at most this many runs at once, 1 or more. Default: no
        limit, Glue's default.
    :param expected_runs_per_month: for pipelines started by events or on demand, how
        many runs a month to price. Default: 0 (a scheduled pipeline counts its runs
        exactly from its cron instead, and refuses this prop).
    :param max_cost_per_run: fail synth when a run's worst case (every job's worst
        case; crawlers at their expected cost) exceeds this many USD. Default: no limit.
    :param monthly_budget: fail synth when the pipeline's expected month exceeds this
        many USD. Default: no limit.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        workflow_name: str | None = None,
        description: str | None = None,
        default_run_properties: Mapping[str, str] | None = None,
        max_concurrent_runs: int | None = None,
        expected_runs_per_month: float | None = None,
        max_cost_per_run: float | None = None,
        monthly_budget: float | None = None,
    ) -> None:
        super().__init__(scope, id)
        note_child(self, scope, id)
        require_types(
            self,
            {
                "workflow_name": (workflow_name, (str, None)),
                "description": (description, (str, None)),
                "default_run_properties": (default_run_properties, (Mapping, None)),
            },
        )
        raise_if_problems(
            self,
            path_problems(self)
            + _workflow_problems(workflow_name, default_run_properties, max_concurrent_runs)
            + budget_problems(max_cost_per_run=max_cost_per_run, monthly_budget=monthly_budget)
            + _runs_problems(expected_runs_per_month),
        )
        self._expected_runs_per_month = expected_runs_per_month
        self._max_cost_per_run = max_cost_per_run
        self._monthly_budget = monthly_budget
        self.workflow = glue.Workflow(
            self,
            "Workflow",
            workflow_name=workflow_name or unique_resource_name(self, max_length=NAME_MAX),
            description=description,
            default_run_properties=dict(default_run_properties) if default_run_properties else None,
            max_concurrent_runs=max_concurrent_runs,
        )
        self._triggers: list[_Trigger] = []
        self.events_rule: events.Rule | None = None
        self.events_role: iam.Role | None = None
        # Checked at synth by the stack's one validation of its pipelines: a validation
        # is one callback from node at synth (an aspect is called back for each construct
        # under it), and one per stack rather than per pipeline saves each pipeline the
        # round trips of adding its own.
        _checks_of(self).pipelines.append(self)
        watch_costs(self)

    @property
    def workflow_name(self) -> str:
        # Kept in Python: each trigger names its workflow, and each read is a round trip.
        return python_state(self.workflow, "_glueforge_name", lambda: self.workflow.workflow_name)

    @property
    def workflow_arn(self) -> str:
        """The ARN aws-cdk-lib's ``aws_glue.Workflow`` builds (the same ``format_arn`` ARN)."""
        return self.workflow.workflow_arn

    def add_trigger(
        self,
        id: str,
        when: StartTrigger | Condition,
        *,
        run: Sequence[Runnable],
        description: str | None = None,
    ) -> glue.CfnTrigger:
        """Run the jobs and crawlers ``run`` when ``when`` happens.

        :param when: a :class:`StartTrigger` (the workflow's one start trigger) or a
            :class:`Condition` on jobs and crawlers this pipeline runs.
        :param run: the jobs and crawlers to start; at most two crawlers per trigger.
        :param description: Default: none.
        :returns: the ``AWS::Glue::Trigger``.
        """
        if not isinstance(when, (StartTrigger, Condition)):
            raise TypeError(
                f"{child_path(self, id)}: when must be a StartTrigger or a Condition, got {when!r}"
            )
        runs = tuple(RunnableRef.of(runnable) for runnable in run)
        raise_if_problems(child_path(self, id), self._trigger_problems(when, runs, description))

        # Named as it is made: the name follows from its path, known in Python.
        name = unique_child_name(self, id, max_length=NAME_MAX)
        trigger = glue.CfnTrigger(
            self,
            id,
            type=when.kind if isinstance(when, StartTrigger) else "CONDITIONAL",
            workflow_name=self.workflow_name,
            actions=[runnable.action() for runnable in runs],
            description=description,
            name=name,
            **_trigger_properties(when),
        )
        if name is None:
            trigger.name = Names.unique_resource_name(trigger, max_length=NAME_MAX)
        # Jobs and crawlers are named by plain strings, so CloudFormation cannot see that
        # Glue needs each of them to exist before a trigger may name it.
        waited_on = when.runnables if isinstance(when, Condition) else ()
        needed = [r.construct for r in (*runs, *waited_on) if r.construct is not None]
        if needed:  # one jsii call for all of them
            trigger.node.add_dependency(*needed)
        if isinstance(when, StartTrigger) and when.source is not None:
            self._wire_events(when.source)
        self._triggers.append(_Trigger(id, when, runs, trigger))
        return trigger

    @property
    def cost_inputs(self) -> PipelineInputs:
        """What the cost model needs: the start schedule and the construct paths of the
        jobs and crawlers the pipeline runs (read by the cost guard at synth)."""
        schedule = next(
            (
                t.when.schedule_expression
                for t in self._triggers
                if isinstance(t.when, StartTrigger) and t.when.kind == "SCHEDULED"
            ),
            None,
        )
        paths: list[str] = []
        for trigger in self._triggers:
            for runnable in trigger.runs:
                if runnable.construct is not None and node_path(runnable.construct) not in paths:
                    paths.append(node_path(runnable.construct))
        return PipelineInputs(
            path=node_path(self),
            name=node_path(self),
            runnables=tuple(paths),
            schedule=schedule,
            expected_runs_per_month=self._expected_runs_per_month,
            max_cost_per_run=self._max_cost_per_run,
            monthly_budget=self._monthly_budget,
        )

    def validate(self) -> None:
        """Check the whole graph; raise :class:`GlueforgeValidationError` listing every problem.

        Synth runs this too, after the app has declared every trigger.
        """
        raise_if_problems(self, self._graph_problems())

    def graph(self) -> Graph:
        """The DAG as nodes and edges: triggers, jobs and crawlers, in declaration order."""
        graph = Graph(title=node_path(self))
        for trigger in self._triggers:
            if isinstance(trigger.when, StartTrigger):
                label = f"{trigger.id}: {trigger.when.describe()}"
                node = graph.add_node(f"trigger:{trigger.id}", "start", label, trigger.id)
            else:
                fan_in = len(trigger.when.clauses) > 1
                logic = " (all)" if trigger.when.logical == "AND" else " (any)"
                label = trigger.id + (logic if fan_in else "")
                node = graph.add_node(f"trigger:{trigger.id}", "condition", label, trigger.id)
                for runnable, state in trigger.when.clauses:
                    source = graph.add_node(runnable.key, runnable.kind, runnable.label)
                    graph.edges.append(Edge(source, node, state))
            for runnable in trigger.runs:
                target = graph.add_node(runnable.key, runnable.kind, runnable.label)
                graph.edges.append(Edge(node, target))
        return graph

    def to_mermaid(self) -> str:
        """The DAG as a Mermaid flowchart (GitHub renders it in Markdown)."""
        return to_mermaid(self.graph())

    def to_dot(self) -> str:
        """The DAG as a Graphviz digraph (``dot -Tsvg`` draws it)."""
        return to_dot(self.graph())

    def _trigger_problems(
        self,
        when: StartTrigger | Condition,
        runs: tuple[RunnableRef, ...],
        description: str | None,
    ) -> list[str]:
        problems = list(when.problems())
        if not runs:
            problems.append("run=[] starts nothing; give at least one job or crawler")
        keys = [runnable.key for runnable in runs]
        repeated = sorted({r.describe() for r in runs if keys.count(r.key) > 1})
        if repeated:
            problems.append(f"run lists {', '.join(repeated)} more than once")
        crawlers = [runnable for runnable in runs if runnable.kind == "crawler"]
        if len(crawlers) > MAX_CRAWLERS_PER_TRIGGER:
            problems.append(
                f"run starts {len(crawlers)} crawlers; a Glue trigger starts at most "
                f"{MAX_CRAWLERS_PER_TRIGGER}, so split them across triggers"
            )
        problems += description_problems(description)
        if isinstance(when, StartTrigger):
            existing = [t for t in self._triggers if isinstance(t.when, StartTrigger)]
            if existing:
                problems.append(
                    f"the pipeline already has start trigger {existing[0].id!r} "
                    f"({existing[0].when.describe()}); a Glue workflow has exactly one start "
                    "trigger, so run these steps from it or from a Condition"
                )
        return problems

    def _graph_problems(self) -> list[str]:
        problems = self._graph_shape_problems()
        start = [t for t in self._triggers if isinstance(t.when, StartTrigger)]
        scheduled = [t for t in start if t.when.kind == "SCHEDULED"]
        if scheduled and self._expected_runs_per_month is not None:
            problems.append(
                "expected_runs_per_month is for pipelines started by events or on demand; "
                "this one counts its runs from its schedule"
            )
        return problems

    def _graph_shape_problems(self) -> list[str]:
        runs: dict[str, RunnableRef] = {}
        for trigger in self._triggers:
            runs.update((runnable.key, runnable) for runnable in trigger.runs)
        if not any(isinstance(t.when, StartTrigger) for t in self._triggers):
            nothing = ", ".join(r.describe() for r in runs.values()) or "no steps at all"
            return [
                f"has no start trigger, so nothing triggers {nothing}; add one with "
                "add_trigger(id, StartTrigger.on_demand() | .schedule(cron) | "
                ".s3_object_created(bucket) | .event(pattern), run=[...])"
            ]
        problems = []
        for trigger in self._triggers:
            if isinstance(trigger.when, Condition):
                problems.extend(
                    f"trigger {trigger.id!r} waits on {r.describe()}, which is outside the "
                    "workflow: no trigger of this pipeline runs it; add it to a trigger's run"
                    for r in trigger.when.runnables
                    if r.key not in runs
                )
        problems.extend(
            "triggers form a cycle: "
            + " -> ".join(runs[key].describe() for key in cycle)
            + "; a workflow must be a DAG"
            for cycle in _cycles(self._run_edges())
        )
        return problems

    def _run_edges(self) -> dict[str, list[str]]:
        """Job or crawler key -> the keys of the jobs and crawlers its end can start."""
        edges: dict[str, list[str]] = {}
        for trigger in self._triggers:
            if isinstance(trigger.when, Condition):
                for source in trigger.when.runnables:
                    targets = edges.setdefault(source.key, [])
                    targets.extend(r.key for r in trigger.runs if r.key not in targets)
        return edges

    def _wire_events(self, source: EventSource) -> None:
        """The rule that matches the events, its target (this workflow) and its role."""
        if isinstance(source.bucket, s3.Bucket):
            # An owned bucket: send its events to EventBridge. An imported one cannot be
            # changed from here; StartTrigger.s3_object_created documents that.
            source.bucket.enable_event_bridge_notification()
            acknowledge_notifications_handler(source.bucket)
        self.events_role = iam.Role(
            self,
            "EventsRole",
            assumed_by=iam.ServicePrincipal(EVENTS_SERVICE),
            description=f"EventBridge notifies Glue workflow {node_path(self)} of its events",
        )
        grant(self.events_role, WORKFLOW_NOTIFY_ACTIONS, [self.workflow_arn])
        self.events_rule = events.Rule(
            self,
            "EventsRule",
            description=f"Starts Glue workflow {node_path(self)}: {source.description}",
            event_pattern=source.pattern,
            targets=[_WorkflowTarget(self.workflow_arn, self.events_role)],
        )


def _trigger_properties(when: StartTrigger | Condition) -> dict[str, Any]:
    if isinstance(when, StartTrigger):
        return dict(when.properties())
    # Conditional triggers must be activated to fire; there is no reason to create one idle.
    return {"predicate": when.predicate(), "start_on_creation": True}


def _cycles(edges: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Each elementary cycle found by depth-first search, as a closed path, reported once."""
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        for target in edges.get(node, ()):
            if target in path:
                cycle = [*path[path.index(target) :], target]
                if frozenset(cycle) not in seen:
                    seen.add(frozenset(cycle))
                    found.append(cycle)
            elif target not in done:
                visit(target, [*path, target])
        done.add(node)

    for start in list(edges):
        if start not in done:
            visit(start, [start])
    return found


def _runs_problems(runs: object) -> list[str]:
    if runs is None:
        return []
    if isinstance(runs, bool) or not isinstance(runs, (int, float)):
        raise TypeError(f"expected_runs_per_month must be a number, got {type(runs).__name__}")
    if not 0 <= runs < 10**7:
        return [f"expected_runs_per_month must be 0 or more, got {runs!r}"]
    return []


def _workflow_problems(
    workflow_name: str | None,
    default_run_properties: Mapping[str, str] | None,
    max_concurrent_runs: int | None,
) -> list[str]:
    problems = []
    problems += name_problems("workflow_name", workflow_name, NAME_MAX)
    if max_concurrent_runs is not None and not (
        isinstance(max_concurrent_runs, int)
        and not isinstance(max_concurrent_runs, bool)
        and max_concurrent_runs >= 1
    ):
        problems.append(
            f"max_concurrent_runs must be a whole number of 1 or more (or None for no "
            f"limit), got {max_concurrent_runs!r}"
        )
    for key, value in (default_run_properties or {}).items():
        if not (isinstance(key, str) and 1 <= len(key) <= NAME_MAX):
            problems.append(
                f"default_run_properties key {key!r} must be a string of 1-{NAME_MAX} characters"
            )
        if not isinstance(value, str):
            problems.append(
                f"default_run_properties[{key!r}] must be a string, got {type(value).__name__}"
            )
    return problems


@jsii.implements(events.IRuleTarget)
class _WorkflowTarget:
    """An EventBridge rule target that notifies a Glue workflow through ``role``."""

    def __init__(self, workflow_arn: str, role: iam.IRole) -> None:
        self._workflow_arn = workflow_arn
        self._role = role

    def bind(self, rule: events.IRule, id: str | None = None) -> events.RuleTargetConfig:
        return events.RuleTargetConfig(arn=self._workflow_arn, role=self._role)


def _checks_of(pipeline: Pipeline) -> _CheckAndRecord:
    """The one validation of the pipelines of ``pipeline``'s stack, added on first use."""
    return stack_state(pipeline, "_glueforge_pipeline_checks", _CheckAndRecord.add_to)


@jsii.implements(IValidation)
class _CheckAndRecord:
    """At synth, once every trigger is declared: check each pipeline's graph of the stack,
    then record its drawings.

    The graph is checked here because only synth knows the app is done adding triggers.
    jsii cannot carry the :class:`GlueforgeValidationError` out of ``app.synth()``: the
    caller gets a ``RuntimeError`` with its text, which begins with the pipeline's path
    (``"DataLake/Nightly: triggers form a cycle: ..."``), and with the error itself as
    ``__context__`` (:func:`~glueforge.core.errors.glueforge_error_behind`).
    :func:`glueforge.checks.synthesize` and ``glueforge check`` raise the error itself,
    and :meth:`Pipeline.validate` runs the same check from Python, before synth.

    One validation on the stack for all its pipelines; when one fails, the pipelines are
    checked in the order of the construct tree (as synth validates constructs), so the
    error raised is that of the first failing pipeline in the tree.
    """

    def __init__(self, stack: Stack) -> None:
        self._stack = stack
        #: the stack's pipelines, in declaration order
        self.pipelines: list[Pipeline] = []
        self._done: set[int] = set()

    @classmethod
    def add_to(cls, stack: Stack) -> _CheckAndRecord:
        checks = cls(stack)
        node_of(stack).add_validation(checks)
        return checks

    def validate(self) -> list[str]:
        # Each pipeline once, as an aspect runs once: a forced second synth
        # (``Template.from_stack``) must not record the drawings twice. A failed check
        # runs again.
        pending = [p for p in self.pipelines if id(p) not in self._done]
        if any(p._graph_problems() for p in pending):
            pending = self._in_tree_order(pending)
        for pipeline in pending:
            pipeline.validate()
            node_of(pipeline).add_metadata(
                PIPELINE_METADATA,
                {
                    "path": node_path(pipeline),
                    "mermaid": pipeline.to_mermaid(),
                    "dot": pipeline.to_dot(),
                },
            )
            self._done.add(id(pipeline))
        return []

    def _in_tree_order(self, pipelines: list[Pipeline]) -> list[Pipeline]:
        # Only when a check fails: one round trip for the stack's constructs.
        order = {id(c): i for i, c in enumerate(node_of(self._stack).find_all())}
        return sorted(pipelines, key=lambda p: order[id(p)])
