"""What the job constructs share: durations in minutes, script names, literal-only props.

Module-level helpers that :class:`~glueforge.jobs.etl_job.EtlJob` and
:class:`~glueforge.jobs.python_shell_job.PythonShellJob` (and any job construct after
them) need alike, kept here so each is written once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields
from functools import cached_property
from typing import Any, TypeVar

from aws_cdk import Duration, Token
from aws_cdk import aws_glue as glue
from constructs import Construct

from glueforge.core.stack_cache import python_state
from glueforge.cost.model import cost_prop_problems
from glueforge.security.configuration import choose_security_configuration

#: why a job name must be a literal: where the job's files are staged follows from it
STAGED_UNDER_JOB_NAME = (
    "the job's script and modules are staged at synth under a folder named after it, "
    "while the job would read them from where the deployed value points"
)


#: the timeout of a run when none is given (Glue's own default is 8 to 48 hours)
DEFAULT_TIMEOUT = Duration.minutes(60)

P = TypeVar("P", bound="JobProps")


class JobProps:
    """What every job construct derives from its props: the run's timeout, and its typical
    duration for the cost estimate.

    Each job class has a frozen dataclass of props deriving from this one, its fields
    named and ordered as its constructor's keyword arguments (a test per class keeps the
    two in step).
    """

    timeout: Duration | None
    typical_duration: Duration | None

    @classmethod
    def given(cls: type[P], arguments: Mapping[str, Any]) -> P:
        """The props out of the constructor's ``locals()``.

        The constructor's signature is the one list of props (with their defaults); this
        copies them without listing them a second time.
        """
        return cls(**{field.name: arguments[field.name] for field in fields(cls)})  # type: ignore[arg-type]

    @property
    def run_timeout(self) -> Duration:
        return self.timeout or DEFAULT_TIMEOUT

    # Cached: each Duration conversion is a jsii round trip, and the steps ask twice.
    @cached_property
    def timeout_minutes(self) -> float:
        return minutes(self.run_timeout)

    @cached_property
    def typical_minutes(self) -> float:
        if self.typical_duration is None:
            return self.timeout_minutes / 4
        return minutes(self.typical_duration)


def security_and_cost_problems(
    job: Construct, props: Any
) -> tuple[glue.ISecurityConfiguration | None, list[str]]:
    """The security configuration a job runs under, and the problems with its security and
    cost props (``encryption``, ``security_configuration``, the durations, the budgets):
    the last of every job construct's prop checks."""
    configuration, problems = choose_security_configuration(
        job, encryption=props.encryption, security_configuration=props.security_configuration
    )
    problems += cost_prop_problems(
        timeout_minutes=props.timeout_minutes,
        typical_minutes=props.typical_minutes,
        max_cost_per_run=props.max_cost_per_run,
        monthly_budget=props.monthly_budget,
    )
    return configuration, problems


def whole_minutes(duration: Duration) -> float:
    """``duration.to_minutes()``, asked of node once per Duration (it never changes)."""
    return python_state(duration, "_glueforge_to_minutes", duration.to_minutes)


def minutes(duration: Duration) -> float:
    """``duration``, in minutes with fractions, asked of node once per Duration."""
    seconds = python_state(
        duration, "_glueforge_seconds", lambda: duration.to_seconds(integral=False)
    )
    return seconds / 60


def script_file_name(job_name: str, suffix: str) -> str:
    """The script's file name: the job name made safe for a file, then ``suffix``."""
    stem = re.sub(r"[^A-Za-z0-9_]+", "_", job_name).strip("_") or "job"
    return f"{stem}{suffix}"


def literal_problems(prop: str, value: object, why: str) -> list[str]:
    """Refuse a deploy-time token where synth needs the literal text (issue 17): a token
    would be written out as its marker, e.g. a key ``${Token[TOKEN.12]}/...``."""
    if isinstance(value, str) and Token.is_unresolved(value):
        return [
            f"{prop} must be a literal string, not a deploy-time value ({value!r}): {why}; "
            f"pass a literal, or leave {prop} unset for a generated one"
        ]
    return []


def path_character_problems(path: str) -> list[str]:
    """Refuse control characters in the construct path, which the script's header holds."""
    # A NUL or other control character makes a script no Python or Scala parser reads
    # (issue 17).
    bad = sorted({f"U+{ord(c):04X}" for c in path if not c.isprintable()})
    if not bad:
        return []
    return [
        f"construct path {path!r} contains control characters ({', '.join(bad)}), which "
        f"cannot be written into the job's script; use printable characters in construct ids"
    ]
