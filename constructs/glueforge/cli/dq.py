"""glueforge dq: the Glue Data Quality results of a job run, rule by rule."""

from __future__ import annotations

import json

import click
from rich.markup import escape
from rich.table import Table

from glueforge.assembly.resources import JOB
from glueforge.cli import options
from glueforge.cli.output import emit_json, error_line, out
from glueforge.ops import job_runs
from glueforge.ops import quality_results as quality
from glueforge.ops.aws import OpsError, explain

OUTCOME_STYLE = {quality.PASS: "green", quality.FAIL: "red", quality.ERROR: "red"}


@click.command("dq")
@click.argument("job")
@options.run_id("The run whose results to show (default: the job's newest run).")
@options.ops_command
def cli(job, run_id, ops):
    """Show the Data Quality results of a run of JOB: per ruleset its evaluation context
    and score, per rule its outcome (PASS, FAIL or ERROR), message and evaluated metrics.

    Exits 0 only when the run has results and every rule of every result PASSED; 1 when a
    rule FAILED or ERRORED, a result holds no rule, or the run has no Data Quality
    results at all (nothing was checked, which is never reported as a success).
    """
    name = ops.resolve(job, JOB).name
    glue = ops.aws.client("glue")
    run = pick_run(glue, name, run_id)
    try:
        ids = quality.result_ids(glue, name, run["Id"])
        results, not_found = quality.read_results(glue, ids) if ids else ([], [])
    except Exception as error:
        raise explain(error, f"read the Data Quality results of run {run['Id']}") from error
    if not results and not not_found:
        raise no_results(name, run)
    records = [quality.result_record(result) for result in results]
    problems = quality.problems(records, not_found)
    if ops.json:
        emit_json(
            {
                "job": name,
                "run_id": run["Id"],
                "state": run.get("JobRunState"),
                "results": records,
                "results_not_found": not_found,
                "problems": problems,
            }
        )
    else:
        for record in records:
            print_result(record)
    # on stderr with --json too, as every error line is
    for problem in problems:
        error_line(problem)
    raise SystemExit(1 if problems else 0)


def pick_run(glue, name: str, run_id: str | None) -> dict:
    try:
        if run_id:
            return job_runs.get_run(glue, name, run_id)
        latest = job_runs.latest_run(glue, name)
    except Exception as error:
        raise explain(error, f"read the runs of job {name}") from error
    if latest is None:
        raise OpsError(f"job {name} has no runs yet", 2)
    return latest


def no_results(name: str, run: dict) -> OpsError:
    state = run.get("JobRunState")
    why = (
        "it has not ended yet, and results are published as rulesets are evaluated"
        if state in job_runs.ACTIVE
        else "does the job evaluate a ruleset (EvaluateDataQuality) and publish its results?"
    )
    return OpsError(
        f"run {run['Id']} of job {name} ({state}) has no Data Quality results: nothing "
        f"was checked ({why})",
        1,
        {"job": name, "run_id": run["Id"], "state": state},
    )


def print_result(record: dict) -> None:
    counts = record["counts"]
    score = "-" if record["score"] is None else f"{record['score']:.2f}"
    where = f" on {record['data_source']}" if record["data_source"] else ""
    context = record["evaluation_context"] or "-"
    out().print(
        f"ruleset [bold]{escape(record['ruleset'] or '-')}[/]{escape(where)} "
        f"(context {escape(context)}): score {score}, "
        f"{counts[quality.PASS]} passed, {counts[quality.FAIL]} failed, "
        f"{counts[quality.ERROR]} errored"
    )
    table = Table(title_justify="left")
    for column in ("rule", "result", "message", "evaluated metrics"):
        table.add_column(column)
    for rule in record["rules"]:
        colour = OUTCOME_STYLE.get(rule["result"], "red")
        table.add_row(
            escape(rule["name"] or "-"),
            f"[{colour}]{escape(rule['result'] or '-')}[/]",
            escape(rule["message"] or ""),
            escape(json.dumps(rule["evaluated_metrics"], sort_keys=True)),
        )
    out().print(table)
