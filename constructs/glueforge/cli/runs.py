"""glueforge runs: a job's run history with DPU-hours, cost and totals."""

from __future__ import annotations

import click
from rich.table import Table

from glueforge.assembly.resources import JOB
from glueforge.cli import options
from glueforge.cli.output import duration, emit_json, out, usd, when
from glueforge.ops import job_runs
from glueforge.ops.aws import explain


@click.command("runs")
@click.argument("job")
@click.option(
    "--last",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="How many of the newest runs to show.",
)
@options.ops_command
def cli(job, last, ops):
    """Show the newest runs of JOB with execution time, DPU-hours and cost, and totals.

    Every job kind: a queued run shows WAITING with the reason Glue gives, and a running
    streaming run its cost so far (marked "so far"; totals include it).
    """
    name = ops.resolve(job, JOB).name
    glue = ops.aws.client("glue")
    try:
        command = job_runs.job_command(glue, name)
        records = [
            job_runs.run_record(run, command) for run in job_runs.list_runs(glue, name, last)
        ]
    except Exception as error:
        raise explain(error, f"list the runs of job {name}") from error
    priced = [r for r in records if r["cost_usd"] is not None]
    totals = {
        "runs": len(records),
        "billed_dpu_hours": round(sum(r["billed_dpu_hours"] or 0 for r in records), 6),
        "cost_usd": round(sum(r["cost_usd"] for r in priced), 6),
        "unpriced_runs": len(records) - len(priced),
    }
    if ops.json:
        emit_json({"job": name, "job_kind": command, "runs": records, "totals": totals})
        return
    kind = f" ({command})" if command else ""
    table = Table(title=f"job {name}{kind}: last {len(records)} runs", title_justify="left")
    for column in ("run id", "state", "started", "time", "DPU-hours", "cost"):
        table.add_column(column, justify="right" if column in ("DPU-hours", "cost") else "left")
    for r in records:
        hours = "-" if r["billed_dpu_hours"] is None else f"{r['billed_dpu_hours']:.4f}"
        table.add_row(
            r["run_id"],
            job_runs.shown_state(r),
            when(r["started"]),
            duration(r["execution_seconds"]),
            hours,
            usd(r["cost_usd"]) + (" so far" if r["cost_basis"] == "so far" else ""),
        )
    table.add_section()
    table.add_row(
        "total",
        f"{totals['runs']} runs",
        "",
        "",
        f"{totals['billed_dpu_hours']:.4f}",
        usd(totals["cost_usd"]),
    )
    out().print(table)
