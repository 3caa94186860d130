"""Glue's limits on names and descriptions, shared by every Glue resource.

Glue API reference (CreateJob, CreateCrawler, CreateTrigger, CreateWorkflow,
CreateClassifier): names are 1-255 characters, descriptions at most 2048.
"""

from __future__ import annotations

NAME_MAX = 255
DESCRIPTION_MAX = 2048


def description_problems(description: str | None) -> list[str]:
    """Why Glue would refuse this description; empty when it accepts it."""
    if description is not None and len(description) > DESCRIPTION_MAX:
        return [f"description must be at most {DESCRIPTION_MAX} characters, got {len(description)}"]
    return []
