"""A job run's Glue Data Quality results: every ruleset it evaluated, rule by rule.

ListDataQualityResults filtered on the job and run finds the result ids;
BatchGetDataQualityResult (at most 100 ids a call, botocore 1.44.8
``DataQualityResultIds``) reads them: each result's ruleset, evaluation context, score
(0.0 to 1.0) and ``RuleResults`` (``Name``, ``Result`` PASS | FAIL | ERROR,
``EvaluationMessage``, ``EvaluatedMetrics``). API reference:
https://docs.aws.amazon.com/glue/latest/webapi/API_ListDataQualityResults.html and
https://docs.aws.amazon.com/glue/latest/webapi/API_BatchGetDataQualityResult.html
("Array Members: Minimum number of 1 item. Maximum number of 100 items").
"""

from __future__ import annotations

from typing import Any

# DataQualityRuleResultStatus (botocore 1.44.8): the outcome of one rule.
PASS, FAIL, ERROR = "PASS", "FAIL", "ERROR"
RULE_OUTCOMES = (PASS, FAIL, ERROR)
# BatchGetDataQualityResult's ResultIds: 1 to 100 ids.
MAX_RESULT_IDS_PER_CALL = 100


def result_ids(glue: Any, job: str, run_id: str) -> list[str]:
    """The ids of every Data Quality result of run ``run_id`` of ``job``, every page read.

    botocore has no paginator for ListDataQualityResults, so NextToken is followed here.
    """
    found: list[str] = []
    kwargs: dict = {"Filter": {"JobName": job, "JobRunId": run_id}}
    while True:
        page = glue.list_data_quality_results(**kwargs)
        found += [r["ResultId"] for r in page.get("Results", []) if r.get("ResultId")]
        token = page.get("NextToken")
        if not token:
            return list(dict.fromkeys(found))
        kwargs["NextToken"] = token


def read_results(glue: Any, ids: list[str]) -> tuple[list[dict], list[str]]:
    """The results with these ids, and the ids not read: those Glue said it could not
    find, and any its answer left out (never taken as read)."""
    results: list[dict] = []
    not_found: list[str] = []
    for start in range(0, len(ids), MAX_RESULT_IDS_PER_CALL):
        batch = ids[start : start + MAX_RESULT_IDS_PER_CALL]
        answer = glue.batch_get_data_quality_result(ResultIds=batch)
        results += answer["Results"]
        read = {result.get("ResultId") for result in answer["Results"]}
        not_found += [result_id for result_id in batch if result_id not in read]
    return results, not_found


def data_source(result: dict) -> str | None:
    """``database.table`` of the result's data source, when it names a table."""
    source = result.get("DataSource") or {}
    table = source.get("GlueTable") or source.get("DataQualityGlueTable") or {}
    if not table:
        return None
    return f"{table.get('DatabaseName')}.{table.get('TableName')}"


def result_record(result: dict) -> dict:
    """One result as ``glueforge dq`` prints it (also its --json shape)."""
    rules = [
        {
            "name": rule.get("Name"),
            "result": rule.get("Result"),
            "message": rule.get("EvaluationMessage"),
            "evaluated_metrics": rule.get("EvaluatedMetrics") or {},
            "description": rule.get("Description"),
        }
        for rule in result.get("RuleResults", [])
    ]
    counts = {outcome: sum(r["result"] == outcome for r in rules) for outcome in RULE_OUTCOMES}
    return {
        "result_id": result.get("ResultId"),
        "ruleset": result.get("RulesetName"),
        "evaluation_context": result.get("EvaluationContext"),
        "data_source": data_source(result),
        "score": result.get("Score"),
        "started": result.get("StartedOn"),
        "completed": result.get("CompletedOn"),
        "rules": rules,
        "counts": counts,
    }


def problems(records: list[dict], not_found: list[str]) -> list[str]:
    """Why the run's data quality is not all good: failed or errored rules, results that
    checked no rule, results Glue listed but could not read. Empty when every rule of
    every result PASSED."""
    found = []
    for record in records:
        label = record["ruleset"] or record["result_id"]
        if not record["rules"]:
            found.append(f"result {record['result_id']} ({label}) holds no rule results")
        for rule in record["rules"]:
            if rule["result"] != PASS:
                found.append(f"{label}: {rule['result']} {rule['name']}")
    found += [f"result {result_id} was listed but not found" for result_id in not_found]
    return found
