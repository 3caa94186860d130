"""Record, in every stack's metadata, which synth checks the app enabled.

cdk-nag and the template-size check are policy-validation plugins: when they pass, the
cloud assembly shows nothing of them (``validation-report.json`` lists failing plugins
only). ``glueforge check`` reads the assembly, so without a record it could not tell a
check that ran and passed from one that was never enabled, and would call both "ok".
One aspect on the app's root writes the record onto each stack at synth, as the cost
guard writes the app's budget (:mod:`glueforge.cost.guard`).
"""

from __future__ import annotations

from typing import Any

import jsii
from aws_cdk import App, Aspects, IAspect, Stack
from constructs import IConstruct

from glueforge.checks.results import ENABLED_CHECKS_METADATA


def record_enabled(app: App, check: str, **settings: Any) -> None:
    """Note that ``check`` runs when ``app`` synthesizes, with ``settings`` (JSON values)."""
    _recorder_of(app).enabled[check] = settings


def _recorder_of(app: App) -> _Recorder:
    """The one recorder of ``app``, added to its root on first use."""
    root = app.node.root
    recorder = getattr(root, "_glueforge_check_recorder", None)
    if isinstance(recorder, _Recorder):
        return recorder
    # A root that takes no Python attributes: find the recorder among its aspects.
    recorder = next((a for a in Aspects.of(root).all if isinstance(a, _Recorder)), None)
    if recorder is None:
        recorder = _Recorder(root)
        Aspects.of(root).add(recorder)
    try:
        root._glueforge_check_recorder = recorder  # type: ignore[attr-defined]
    except AttributeError:
        pass
    return recorder


@jsii.implements(IAspect)
class _Recorder:
    def __init__(self, root: IConstruct) -> None:
        self.root = root
        self.enabled: dict[str, dict[str, Any]] = {}

    def visit(self, node: IConstruct) -> None:
        # The work is the root's alone; an identity check costs no jsii round trip.
        if node is not self.root:
            return
        record = {check: dict(settings) for check, settings in sorted(self.enabled.items())}
        for construct in node.node.find_all():
            if isinstance(construct, Stack) and not construct.nested:
                construct.node.add_metadata(ENABLED_CHECKS_METADATA, record)
