"""Read a job run's CloudWatch log streams, once or as they grow."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from glueforge.ops.aws import error_code


@dataclass
class Stream:
    """One log stream, read forward from where the last read stopped."""

    group: str
    name: str
    token: str | None = None
    missing: bool = False
    _seen_end: bool = field(default=False, repr=False)

    def read(self, logs: Any) -> Iterator[dict]:
        """Every event not read yet; marks the stream missing if it does not exist."""
        while True:
            kwargs = {"nextToken": self.token} if self.token else {"startFromHead": True}
            try:
                page = logs.get_log_events(
                    logGroupName=self.group, logStreamName=self.name, **kwargs
                )
            except Exception as error:
                if error_code(error) != "ResourceNotFoundException":
                    raise
                self.missing = True
                return
            self.missing = False
            yield from page.get("events", [])
            # The same forward token coming back means the end of the stream for now.
            if page.get("nextForwardToken") in (None, self.token):
                return
            self.token = page["nextForwardToken"]
