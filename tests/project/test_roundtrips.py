"""jsii round trips per pipeline: a synth-cost regression caught without a timed test.

Every request the Python side sends to jsii's node process is a round trip; glueforge's
synth cost is mostly round trips (issue 18), and their count does not depend on the
machine's load. So this test counts them (``bench/roundtrips.py``) for a small app built
with ``bench/apps.py``'s builders and asserts an upper bound per pipeline. It never reads
the clock: ``bench/synth_overhead.py`` measures time.
"""

from __future__ import annotations

import sys
from pathlib import Path

from aws_cdk import App, Stack

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from apps import build  # noqa: E402
from roundtrips import RoundTrips  # noqa: E402

# Two app sizes: the difference is what each added pipeline costs, without what every
# stack costs once (its scripts bucket and deployment, key, acknowledgments).
SMALL, LARGER = 2, 4

# Issue 18's target: at most TARGET_RATIO x the hand-written app's round trips per
# pipeline. Counted on 2026-11-30 (issue 18's second part: one policy document per role,
# scripts staged once per stack, names, paths and token checks kept in Python): each added
# pipeline costs glueforge 52 round trips against the hand-written app's 38 (1.4x;
# bench/synth_overhead.py's 10-pipeline stacks, fixed costs included: 726 against 388,
# 1.9x). The bound is the target itself.
TARGET_RATIO = 2.0
HANDWRITTEN_PER_PIPELINE = 38
BOUND = TARGET_RATIO * HANDWRITTEN_PER_PIPELINE
# What the 2-pipeline app costs in all, that day; the bound is that plus 10%, so a
# regression in the per-stack part fails too.
GLUEFORGE_SMALL_APP_TODAY = 308
SMALL_APP_BOUND = round(GLUEFORGE_SMALL_APP_TODAY * 1.1)


def trips(kind: str, pipelines: int, outdir: Path) -> int:
    """Round trips from creating the app to the end of its synth."""
    with RoundTrips() as counted:
        build(kind, pipelines, str(outdir)).synth()
    return counted.total


def trips_per_added_pipeline(kind: str, outdir: Path) -> float:
    """What each pipeline added to the small app costs."""
    small = trips(kind, SMALL, outdir / "small")
    larger = trips(kind, LARGER, outdir / "larger")
    return (larger - small) / (LARGER - SMALL)


def over_bound(per_pipeline: float) -> str | None:
    """Why a per-pipeline count breaks the bound, or None."""
    if per_pipeline <= BOUND:
        return None
    return (
        f"{per_pipeline:.0f} jsii round trips per added pipeline, over the bound {BOUND:.0f} "
        f"({TARGET_RATIO} x the hand-written app's {HANDWRITTEN_PER_PIPELINE}): profile with "
        "bench/synth_overhead.py --profile 10"
    )


def test_counter_counts_each_request_by_kind_and_site():
    # Stack.of is one static call to node, whatever the stack.
    stack = Stack(App(), "S")
    with RoundTrips(sites=True) as trips:
        Stack.of(stack)
    assert (trips.total, dict(trips.by_kind)) == (1, {"StaticInvoke": 1})
    [site] = trips.by_site
    assert site.startswith("tests/project/test_roundtrips.py:")
    assert site.endswith(" test_counter_counts_each_request_by_kind_and_site")


def test_counter_stops_counting_when_closed():
    stack = Stack(App(), "S")
    with RoundTrips() as trips:
        pass
    Stack.of(stack)
    assert trips.total == 0


def test_glueforge_round_trips_per_pipeline_within_bound(tmp_path):
    per_pipeline = trips_per_added_pipeline("glueforge", tmp_path)
    assert over_bound(per_pipeline) is None, over_bound(per_pipeline)


def test_the_small_app_in_all_within_bound(tmp_path):
    total = trips("glueforge", SMALL, tmp_path)
    assert total <= SMALL_APP_BOUND, (
        f"{total} jsii round trips for the {SMALL}-pipeline app, over {SMALL_APP_BOUND} "
        f"(the {GLUEFORGE_SMALL_APP_TODAY} counted on 2026-11-30, + 10%)"
    )


def test_bound_rejects_a_count_over_it():
    assert over_bound(BOUND) is None
    assert "over the bound" in over_bound(BOUND + 1)


def test_handwritten_app_makes_the_figure_the_bound_names(tmp_path):
    # The bound is derived from the hand-written app at aws-cdk-lib's pinned version; if
    # an upgrade changes its count, update HANDWRITTEN_PER_PIPELINE and the comment.
    assert trips_per_added_pipeline("handwritten", tmp_path) == HANDWRITTEN_PER_PIPELINE
