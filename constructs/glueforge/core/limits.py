"""Glue's limits on names and descriptions, shared by every Glue resource.

Glue API reference (CreateJob, CreateCrawler, CreateTrigger, CreateWorkflow,
CreateClassifier): names are 1-255 characters of Glue's single-line string pattern,
descriptions at most 2048.
"""

from __future__ import annotations

import re

from aws_cdk import Token

NAME_MAX = 255
DESCRIPTION_MAX = 2048

# Glue's single-line string pattern for names (jobs, crawlers, workflows): no control
# characters, so a name can never break a template, a log group name or a script path.
_GLUE_NAME = re.compile(r"^[\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")

# Characters a job or crawler name may not hold, though Glue takes them: glueforge puts
# the name into IAM resources (where * and ? are wildcards), S3 prefixes and log stream
# names (no / or :) and cdk-nag acknowledgment ids (which cannot hold brackets).
UNSAFE_NAME_CHARACTERS = "*?()[]{}/\\:"


def description_problems(description: str | None) -> list[str]:
    """Why Glue would refuse this description; empty when it accepts it."""
    if description is not None and len(description) > DESCRIPTION_MAX:
        return [f"description must be at most {DESCRIPTION_MAX} characters, got {len(description)}"]
    return []


def name_problems(
    prop: str, value: str | None, max_length: int, *, forbidden: str = ""
) -> list[str]:
    """Why ``value`` is not a Glue name of at most ``max_length`` characters.

    A deploy-time token (a name CloudFormation makes up) passes: only CloudFormation
    knows it.

    :param prop: the prop's name, as the problem names it.
    :param forbidden: characters refused on top of Glue's pattern, usually
        :data:`UNSAFE_NAME_CHARACTERS`.
    """
    if value is None:
        return []
    if Token.is_unresolved(value):
        return []
    if not 1 <= len(value) <= max_length:
        return [f"{prop} must be 1-{max_length} characters, got {len(value)}"]
    if not _GLUE_NAME.fullmatch(value):
        return [f"{prop} {value!r} contains a control character (e.g. a newline or tab)"]
    bad = sorted({c for c in value if c in forbidden})
    if bad:
        return [f"{prop} {value!r} may not contain {' '.join(bad)}; use letters, digits, - _ ."]
    return []
