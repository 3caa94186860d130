"""glueforge status: the last run of every Glue job, crawler and workflow in the app."""

from __future__ import annotations

import click
from rich.table import Table

from glueforge.assembly.resources import CRAWLER, JOB, KIND_NAMES, WORKFLOW
from glueforge.cli import options
from glueforge.cli.output import duration, emit_json, out, usd, when
from glueforge.ops import crawls, job_runs, workflow_runs
from glueforge.ops.aws import OpsError, error_code, explain
from glueforge.ops.resolve import NotDeployed, deployed, physical_name


@click.command("status")
@click.option("--stack", help="Only this stack's resources (default: every stack in the app).")
@options.ops_command
def cli(stack, ops):
    """Show every Glue job, crawler and workflow of the app (--app): its last run's state,
    when it started, its duration and its cost.

    A job's kind (glueetl, pythonshell, gluestreaming) follows "job"; a queued run shows
    WAITING with the reason Glue gives; a running streaming job shows its cost so far.

    The resources come from the app's last synth (its cdk.out). Without a cloud assembly,
    --stack lists the deployed stack's resources instead. Exits 1 when any last run failed.
    """
    kinds = (JOB, CRAWLER, WORKFLOW)
    if ops.assembly.exists:
        declared = [r for t in kinds for r in ops.assembly.of_type(t, stack)]
    elif stack:
        declared = deployed(ops.aws.client("cloudformation"), stack, kinds)
    else:
        raise OpsError(
            f"no cloud assembly at {ops.assembly_dir}: run `cdk synth`, pass --app, "
            "or name a deployed --stack",
            2,
        )
    if not declared:
        where = f"stack {stack}" if stack else ops.assembly_dir
        raise OpsError(f"no Glue jobs, crawlers or workflows in {where}", 2)
    glue = ops.aws.client("glue")
    rows = [row_for(ops, glue, resource) for resource in declared]
    if ops.json:
        emit_json({"resources": rows})
    else:
        table = Table(title_justify="left")
        for column in ("kind", "construct path", "name", "last run", "started", "duration", "cost"):
            table.add_column(column, justify="right" if column == "cost" else "left")
        for r in rows:
            table.add_row(
                f"{r['kind']} ({r['job_kind']})" if r.get("job_kind") else r["kind"],
                r["path"],
                r["name"] or "-",
                job_runs.shown_state(r),
                when(r["started"]),
                duration(r["duration_seconds"]),
                usd(r["cost_usd"]) + (" so far" if r.get("cost_basis") == "so far" else ""),
                style="red" if r["failed"] else None,
            )
        out().print(table)
    raise SystemExit(1 if any(r["failed"] for r in rows) else 0)


def row_for(ops, glue, resource) -> dict:
    row = {
        "kind": KIND_NAMES[resource.type],
        "path": resource.path,
        "name": None,
        "state": "-",
        "started": None,
        "duration_seconds": None,
        "cost_usd": None,
        "failed": False,
    }
    try:
        row["name"] = physical_name(resource, lambda: ops.aws.client("cloudformation"))
    except NotDeployed:
        row["state"] = "not deployed"
        return row
    try:
        row.update(LAST_RUN[resource.type](glue, row["name"]))
    except Exception as error:
        if error_code(error) != "EntityNotFoundException":
            raise explain(error, f"read {row['kind']} {row['name']}") from error
        row["state"] = "not deployed"
    return row


def _job(glue, name: str) -> dict:
    command = job_runs.job_command(glue, name)
    run = job_runs.latest_run(glue, name)
    if run is None:
        return {"job_kind": command, "state": "never run"}
    record = job_runs.run_record(run, command)
    return {
        "job_kind": command,
        "state": record["state"],
        "state_detail": record["state_detail"],
        "started": record["started"],
        "duration_seconds": record["execution_seconds"],
        "cost_usd": record["cost_usd"],
        # a running streaming job's cost is its cost so far
        "cost_basis": record["cost_basis"],
        "failed": record["state"] in job_runs.FAILED,
    }


def _crawler(glue, name: str) -> dict:
    crawler = glue.get_crawler(Name=name)["Crawler"]
    if not crawler.get("LastCrawl"):
        return {"state": "never run" if crawler.get("State") == crawls.READY else crawler["State"]}
    record = crawls.crawl_record(crawler, crawls.latest_crawl(glue, name))
    state = record["last_crawl"] if crawler.get("State") == crawls.READY else crawler["State"]
    return {
        "state": state,
        "started": record["started"],
        "duration_seconds": record["duration_seconds"],
        "cost_usd": record["cost_usd"],
        "failed": record["last_crawl"] in crawls.CRAWL_FAILED,
    }


def _workflow(glue, name: str) -> dict:
    last = glue.get_workflow(Name=name, IncludeGraph=False)["Workflow"].get("LastRun")
    if not last:
        return {"state": "never run"}
    started, completed = last.get("StartedOn"), last.get("CompletedOn")
    return {
        "state": last.get("Status"),
        "started": started,
        "duration_seconds": (completed - started).total_seconds()
        if started and completed
        else None,
        "failed": last.get("Status") in workflow_runs.FAILED_STATUSES,
    }


LAST_RUN = {JOB: _job, CRAWLER: _crawler, WORKFLOW: _workflow}
