"""How synth grows with the number of pipelines, glueforge beside the hand-written app.

For each N, both sides run as whole ``cdk synth``-equivalent processes (``process.py``),
interleaved with their order rotated, ``--repeats`` samples each; the medians are
printed: CPU of the whole process tree per pipeline, its marginal cost (the CPU added
per pipeline since the smallest N, which leaves process start-up and aws-cdk-lib's
loading out), peak memory (Python + node) and jsii round trips per pipeline. Validation
is on, as ``cdk synth`` runs by default.

    .venv/bin/python bench/synth_scaling.py                         # N = 10 ... 400
    .venv/bin/python bench/synth_scaling.py --sizes 10,50,100 --repeats 2
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from process import SIDES, compare, medians, size_list  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=size_list, default=(10, 50, 100, 200, 400))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    first: dict[str, dict] = {}
    per_pipeline: dict[str, dict[int, float]] = {side: {} for side in SIDES}
    for n in args.sizes:
        runs = compare(n, repeats=args.repeats, validation=True)
        print(f"N={n} ({args.repeats} samples each, {-(-n // 10)} stacks)")
        for side in SIDES:
            m = medians(runs[side])
            first.setdefault(side, {**m, "n": n})
            per_pipeline[side][n] = m["cpu_s"] / n
            marginal = ""
            if n > first[side]["n"]:
                added = (m["cpu_s"] - first[side]["cpu_s"]) / (n - first[side]["n"])
                marginal = f", {added * 1000:4.0f} ms/pipeline added since N={first[side]['n']}"
            print(
                f"  {side:11}: CPU {m['cpu_s']:6.2f}s, {per_pipeline[side][n] * 1000:4.0f} "
                f"ms/pipeline{marginal}; wall {m['wall_s']:6.2f}s; peak {m['peak_mb']:5.0f} MB; "
                f"{m['resources']} resources; {m['trips_per_pipeline']:.0f} round trips/pipeline",
                flush=True,
            )
        ratio = per_pipeline["glueforge"][n] / per_pipeline["handwritten"][n]
        print(f"  CPU ratio glueforge / hand-written: {ratio:.2f}", flush=True)
    largest, smallest = max(args.sizes), min(args.sizes)
    if largest != smallest:
        g = per_pipeline["glueforge"]
        print(
            f"glueforge's CPU per pipeline at N={largest} / at N={smallest}: "
            f"{g[largest] / g[smallest]:.2f} (linear or better: <= 1)"
        )


if __name__ == "__main__":
    main()
