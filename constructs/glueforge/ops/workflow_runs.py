"""Workflow runs: the state of every node of a run's graph."""

from __future__ import annotations

from dataclasses import dataclass

from glueforge.core.vocabulary import CrawlerState, JobState

# A workflow run's Status (WorkflowRunStatus: RUNNING, COMPLETED, STOPPING, STOPPED,
# ERROR): these end it, and these of them mean it did not complete.
COMPLETED = "COMPLETED"
ENDED = frozenset({COMPLETED, "STOPPED", "ERROR"})
FAILED_STATUSES = frozenset({"STOPPED", "ERROR"})
# Statistics counters that mean some action in the run did not succeed.
BAD_STATISTICS = ("FailedActions", "StoppedActions", "TimeoutActions", "ErroredActions")
# Node states that mean the node failed: a job node carries its run's JobRunState, a
# crawler node its crawl's state.
FAILED_NODE_STATES = frozenset(
    {
        JobState.FAILED,
        JobState.TIMEOUT,
        JobState.STOPPED,
        JobState.ERROR,
        CrawlerState.CANCELLED,
        CrawlerState.FAILED,
        CrawlerState.ERROR,
    }
)


@dataclass(frozen=True)
class Node:
    type: str
    name: str
    state: str

    @property
    def failed(self) -> bool:
        return self.state in FAILED_NODE_STATES


def nodes(run: dict) -> list[Node] | None:
    """The run graph's nodes with the state of each, None when the run has no graph."""
    graph = run.get("Graph")
    if graph is None:
        return None
    found = []
    for node in graph.get("Nodes", []):
        kind = node.get("Type", "?")
        if kind == "JOB":
            runs = node.get("JobDetails", {}).get("JobRuns", [])
            state = runs[-1].get("JobRunState", "?") if runs else "NOT STARTED"
        elif kind == "CRAWLER":
            crawls = node.get("CrawlerDetails", {}).get("Crawls", [])
            state = crawls[-1].get("State", "?") if crawls else "NOT STARTED"
        elif kind == "TRIGGER":
            state = node.get("TriggerDetails", {}).get("Trigger", {}).get("State", "?")
        else:
            state = "?"
        found.append(Node(kind, node.get("Name", "?"), state))
    return found


def succeeded(run: dict) -> bool:
    """A run succeeded when it COMPLETED with no failed action and no failed node."""
    if run.get("Status") != COMPLETED:
        return False
    statistics = run.get("Statistics", {})
    if any(statistics.get(key, 0) for key in BAD_STATISTICS):
        return False
    return not any(node.failed for node in nodes(run) or [])
