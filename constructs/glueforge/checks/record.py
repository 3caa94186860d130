"""Record, in every stack's metadata, which synth checks the app enabled.

cdk-nag and the template-size check are policy-validation plugins: when they pass, the
cloud assembly shows nothing of them (``validation-report.json`` lists failing plugins
only). ``glueforge check`` reads the assembly, so without a record it could not tell a
check that ran and passed from one that was never enabled, and would call both "ok".
One validation of the app's root writes the record onto each stack at synth, as the cost
guard writes the app's budget (:mod:`glueforge.cost.guard`).
"""

from __future__ import annotations

from typing import Any

import jsii
from aws_cdk import App, Stack
from constructs import IConstruct, IValidation

from glueforge.checks.results import ENABLED_CHECKS_METADATA
from glueforge.core.stack_cache import python_state


def record_enabled(app: App, check: str, **settings: Any) -> None:
    """Note that ``check`` runs when ``app`` synthesizes, with ``settings`` (JSON values)."""
    _recorder_of(app).enabled[check] = settings


def _recorder_of(app: App) -> _Recorder:
    """The one recorder of ``app``, added to its root on first use."""
    root = app.node.root
    return python_state(root, "_glueforge_check_recorder", lambda: _add_recorder(root))


def _add_recorder(root: IConstruct) -> _Recorder:
    recorder = _Recorder(root)
    # A validation of the root runs once per synth, with one callback from node; an
    # aspect on the root would be called back for every construct of the app.
    root.node.add_validation(recorder)
    return recorder


@jsii.implements(IValidation)
class _Recorder:
    def __init__(self, root: IConstruct) -> None:
        self.root = root
        self.enabled: dict[str, dict[str, Any]] = {}
        self.done = False

    def validate(self) -> list[str]:
        # Once, as an aspect runs once: a forced second synth (``Template.from_stack``)
        # must not record twice.
        if self.done:
            return []
        self.done = True
        record = {check: dict(settings) for check, settings in sorted(self.enabled.items())}
        for construct in self.root.node.find_all():
            if isinstance(construct, Stack) and not construct.nested:
                construct.node.add_metadata(ENABLED_CHECKS_METADATA, record)
        return []
