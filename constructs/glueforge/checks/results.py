"""What each check of ``glueforge check`` concluded: ok, failed, or not run, and why.

Kept free of aws_cdk imports: ``glueforge check`` reads an assembly without loading CDK.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from glueforge.checks.findings import Finding

Status = Literal["ok", "failed", "not run"]
OK: Status = "ok"
FAILED: Status = "failed"
NOT_RUN: Status = "not run"

#: Every check ``glueforge check`` reports, in the order it reports them.
CHECKS = ("synth", "pyspark", "scala", "cfn-lint", "cdk-nag", "limits", "cost")
#: Other names ``--require`` accepts for a check.
ALIASES = {"nag": "cdk-nag"}

#: Construct metadata, on every stack, naming the synth checks the app enabled (with their
#: settings). cdk-nag and the template-size check leave no trace in the assembly when they
#: pass (a passing plugin is absent from validation-report.json), so this record is how a
#: reader tells "ran and passed" from "never enabled". Written by
#: :func:`glueforge.checks.record.record_enabled`.
ENABLED_CHECKS_METADATA = "glueforge:checks-enabled"


@dataclass(frozen=True)
class CheckResult:
    """One check's conclusion.

    :param status: ``ok`` (it ran and found no error), ``failed`` (it found errors, or
        could not finish), or ``not run`` (it was not enabled, had nothing to check, or
        its tool is missing); never ``ok`` for a check that did not run.
    :param reason: why, in a few words: what was checked, or why nothing was.
    :param findings: what it found, warnings included.
    """

    name: str
    status: Status
    reason: str
    findings: tuple[Finding, ...] = field(default=())

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "reason": self.reason,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
        }


def not_run(name: str, reason: str) -> CheckResult:
    return CheckResult(name, NOT_RUN, reason)


def concluded(name: str, findings: Iterable[Finding], ran: str) -> CheckResult:
    """The result of a check that ran: failed on any error, else ok; ``ran`` says what it
    checked."""
    found = tuple(findings)
    errors = sum(1 for f in found if f.severity == "error")
    if errors:
        return CheckResult(name, FAILED, f"{errors} error(s); {ran}", found)
    return CheckResult(name, OK, ran, found)


def check_name(name: str) -> str:
    """The check ``name`` (or an alias of it) stands for.

    :raises ValueError: for a name that is no check, listing those that are.
    """
    wanted = ALIASES.get(name.strip(), name.strip())
    if wanted not in CHECKS:
        raise ValueError(f"no check {name!r}; the checks: {', '.join(CHECKS)}")
    return wanted
