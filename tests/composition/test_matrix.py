"""Every glueforge construct composes, wherever what it receives lives.

The matrix is built from two tables: :data:`~tests.composition.rows.ROWS` (each construct
and the kinds of things it receives) and :class:`~tests.composition.supplies.Placement`
(where one of those things lives: the consumer's own stack, a sibling stack of the app,
a nested stack of the consumer's stack, the parent stack of a consumer in a nested
stack, or imported by name or ARN, from another account where the type allows). Each
cell is one app: the construct in the consumer stack, the cell's kind from the cell's
placement, everything else beside the construct. A row's same-stack cell receives every
one of its kinds from its own stack.

Each cell must synthesize (no ``DependencyCycle``, no other error), and every template,
nested ones included, must have 0 cfn-lint errors and 0 cdk-nag errors.
"""

from __future__ import annotations

import pytest

from tests.composition.checking import check
from tests.composition.rows import ROWS, Row
from tests.composition.supplies import Kind, Placement, Supply, World

ELSEWHERE = (Placement.SIBLING, Placement.NESTED, Placement.PARENT, Placement.IMPORTED)


def _cells():
    for row in ROWS:
        yield pytest.param(row, None, Placement.SAME, id=f"{row.name}-everything-same")
        for kind in row.kinds:
            for placement in ELSEWHERE:
                yield pytest.param(
                    row, kind, placement, id=f"{row.name}-{kind.value}-{placement.value}"
                )


@pytest.mark.parametrize(("row", "kind", "placement"), list(_cells()))
def test_composes(row: Row, kind: Kind | None, placement: Placement, tmp_path):
    world = World.build(placement, tmp_path / "cdk.out")
    row.build(Supply(world, kind))
    try:
        cell = check(world.app)
    except RuntimeError as error:  # jsii carries CDK's errors, a DependencyCycle among them
        pytest.fail(f"synth failed: {str(error)[:800]}")
    assert cell.errors == [], "\n".join(map(str, cell.errors))
