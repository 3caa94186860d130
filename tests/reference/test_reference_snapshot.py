"""The reference app's template against a committed snapshot, so every change to what
glueforge synthesizes is a deliberate one.

The snapshot is the template the test harness synthesizes in-process (no CDK CLI, so no
``aws:cdk:path`` metadata). It was written from the code before the package was regrouped
into sub-packages (issue 15), and the regrouping left it byte-identical. When a
change to the template is intended, rewrite it with::

    GLUEFORGE_UPDATE_SNAPSHOT=1 make test

and review the diff of ``tests/reference/snapshots/`` like any other change.
"""

import difflib
import json
import os
from pathlib import Path

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


def _text(template: dict) -> str:
    # One-space indentation, as `cdk synth` writes templates.
    return json.dumps(template, indent=1) + "\n"


def test_reference_template_matches_the_snapshot(reference):
    actual = _text(reference.templates["DataLake"])
    snapshot = SNAPSHOTS / "DataLake.template.json"
    if os.environ.get("GLUEFORGE_UPDATE_SNAPSHOT") == "1":
        snapshot.write_text(actual)
    expected = snapshot.read_text()
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), "snapshot", "synthesized", lineterm=""
        )
        raise AssertionError(
            "the reference template changed; if that is intended, rewrite the snapshot "
            "with GLUEFORGE_UPDATE_SNAPSHOT=1 (see this module's docstring):\n"
            + "\n".join(list(diff)[:80])
        )
