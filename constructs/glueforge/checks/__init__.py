"""Synthesize an app and collect what cfn-lint and cdk-nag say about it.

The same report backs the test harness and ``glueforge check``.
"""

from glueforge.checks.findings import Acknowledged, Finding
from glueforge.checks.synth import SynthReport, enable_nag, synthesize

__all__ = ["Acknowledged", "Finding", "SynthReport", "enable_nag", "synthesize"]
