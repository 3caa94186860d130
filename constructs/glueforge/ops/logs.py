"""Read a job run's CloudWatch log lines, once or as they grow."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from glueforge.ops.aws import error_code


@dataclass
class RunLog:
    """The lines of one run in one log group, read forward from the last read.

    A run writes to streams named after its id: the driver's ``<run id>`` and, with
    several workers, ``<run id>_<executor>``. Filtering on the prefix reads them all,
    interleaved by time.
    """

    group: str
    run_id: str
    missing: bool = False
    lines: int = 0
    _since: int | None = field(default=None, repr=False)
    _seen_at_since: set = field(default_factory=set, repr=False)

    def read(self, logs: Any) -> Iterator[dict]:
        """Every event not read yet; ``missing`` tells whether the group exists."""
        kwargs = {"logGroupName": self.group, "logStreamNamePrefix": self.run_id}
        if self._since is not None:
            kwargs["startTime"] = self._since  # inclusive: events at it are deduplicated
        try:
            pages = list(logs.get_paginator("filter_log_events").paginate(**kwargs))
        except Exception as error:
            if error_code(error) != "ResourceNotFoundException":
                raise
            self.missing = True
            return
        self.missing = False
        events = sorted((e for p in pages for e in p.get("events", [])), key=_order)
        for event in events:
            if event["timestamp"] == self._since and event["eventId"] in self._seen_at_since:
                continue
            if event["timestamp"] != self._since:
                self._since, self._seen_at_since = event["timestamp"], set()
            self._seen_at_since.add(event["eventId"])
            self.lines += 1
            yield event


def _order(event: dict) -> tuple:
    return event["timestamp"], event.get("logStreamName", ""), event["eventId"]
