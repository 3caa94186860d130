"""glueforge start-workflow: start a workflow run and follow every node of it."""

from __future__ import annotations

import click
from rich.table import Table

from glueforge.assembly.resources import WORKFLOW
from glueforge.cli import options
from glueforge.cli.output import emit_json, note, out
from glueforge.cli.watch import watch
from glueforge.ops import workflow_runs
from glueforge.ops.aws import explain
from glueforge.ops.poll import StillRunning


@click.command("start-workflow")
@click.argument("name")
@options.wait
@options.timeout
@options.ops_command
def cli(name, wait, timeout, ops):
    """Start a run of workflow NAME (a workflow name or construct path).

    With --wait, follow the state of every job, crawler and trigger in the run's graph
    until the run ends. Exits 0 only when the run COMPLETED with no failed action.
    """
    workflow = ops.resolve(name, WORKFLOW).name
    glue = ops.aws.client("glue")
    try:
        run_id = glue.start_workflow_run(Name=workflow)["RunId"]
    except Exception as error:
        raise explain(error, f"start workflow {workflow}") from error
    if not wait:
        if ops.json:
            emit_json({"workflow": workflow, "run_id": run_id, "status": "STARTED"})
        else:
            out().print(f"started run [bold]{run_id}[/] of workflow [bold]{workflow}[/]")
        return

    seen: dict = {}

    def fetch():
        try:
            run = glue.get_workflow_run(Name=workflow, RunId=run_id, IncludeGraph=True)["Run"]
        except Exception as error:
            raise explain(error, f"read run {run_id} of workflow {workflow}") from error
        seen["run"] = run
        return run

    done = lambda run: run.get("Status") in workflow_runs.ENDED  # noqa: E731
    try:
        run = watch(
            ops,
            fetch,
            done,
            lambda r: graph_table(workflow, run_id, r),
            timeout=timeout,
            what=f"run {run_id} of workflow {workflow}",
        )
    except StillRunning as error:
        # the run goes on: --json callers get its id and where it stood, to follow it later
        latest = seen.get("run", {})
        error.details.update(
            workflow=workflow,
            run_id=run_id,
            status=latest.get("Status"),
            statistics=latest.get("Statistics"),
        )
        raise
    finally:
        if "run" in seen and workflow_runs.nodes(seen["run"]) is None:
            note(f"the endpoint returned no graph for run {run_id}: node states are unknown")
    ok = workflow_runs.succeeded(run)
    if ops.json:
        emit_json(record(workflow, run_id, run))
    else:
        out().print(graph_table(workflow, run_id, run))
    raise SystemExit(0 if ok else 1)


def record(workflow: str, run_id: str, run: dict) -> dict:
    found = workflow_runs.nodes(run)
    return {
        "workflow": workflow,
        "run_id": run_id,
        "status": run.get("Status"),
        "statistics": run.get("Statistics"),
        "error": run.get("ErrorMessage"),
        "nodes": None if found is None else [n.__dict__ for n in found],
    }


def graph_table(workflow: str, run_id: str, run: dict) -> Table:
    status = run.get("Status", "?")
    table = Table(title=f"workflow {workflow} run {run_id}: {status}", title_justify="left")
    for column in ("type", "name", "state"):
        table.add_column(column)
    for node in workflow_runs.nodes(run) or []:
        style = "red" if node.failed else None
        table.add_row(node.type, node.name, node.state, style=style)
    if run.get("ErrorMessage"):
        table.caption = f"error: {run['ErrorMessage']}"
    return table
