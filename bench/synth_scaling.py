"""How glueforge's synth grows with the number of pipelines: time and peak memory.

Each N runs in a fresh process (so peak memory is that N's own), after a warm-up synth
in that process. Prints the per-pipeline cost at each N and the ratio of the cost at the
largest N to the cost at N=50.

    .venv/bin/python bench/synth_scaling.py
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

SIZES = (10, 50, 100, 200, 400)


def inner(n: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from apps import synth_once

    synth_once("glueforge", 1)  # warm-up
    result = synth_once("glueforge", n)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["node_peak_mb"] = _children_peak_mb()
    print(json.dumps(result), flush=True)


def _children_peak_mb(pid: str = "self") -> float:
    """Peak RSS of this process's descendants: jsii's node processes, where aws-cdk-lib
    (and so most of synth's memory) lives."""
    total = 0.0
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in children.read_text().split():
            status = Path(f"/proc/{child}/status")
            for line in status.read_text().splitlines() if status.exists() else []:
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
            total += _children_peak_mb(child)
    return total


def main() -> None:
    env = {**os.environ}
    env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    per_pipeline = {}
    for n in SIZES:
        out = subprocess.run(
            [sys.executable, __file__, "--inner", str(n)], env=env, capture_output=True, text=True
        )
        if out.returncode != 0:
            sys.exit(out.stderr[-2000:])
        r = json.loads(out.stdout.splitlines()[-1])
        per_pipeline[n] = r["seconds"] / n
        print(
            f"N={n:3}: {r['seconds']:6.2f}s, {per_pipeline[n] * 1000:5.0f} ms/pipeline, "
            f"{r['resources']} resources in {-(-n // 10)} stacks, "
            f"peak RSS: Python {r['peak_mb']:.0f} MB, node {r['node_peak_mb']:.0f} MB"
        )
    largest = max(SIZES)
    print(
        f"per-pipeline cost at N={largest} / at N=50: "
        f"{per_pipeline[largest] / per_pipeline[50]:.2f} (target <= 1.3)"
    )


if __name__ == "__main__":
    if "--inner" in sys.argv:
        inner(int(sys.argv[sys.argv.index("--inner") + 1]))
    else:
        main()
