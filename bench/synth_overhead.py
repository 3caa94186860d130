"""What glueforge itself costs at synth, against the same resources written by hand.

For N = 10 and 100 pipelines (one crawler, two jobs, a conditional trigger each), the
glueforge app is synthesized alternately with two baselines in one process: the
hand-written aws-cdk-lib app (idiomatic L1/L2, with aws-cdk-lib's own grants), and the
glueforge app's templates replayed as L1 resources (the same output, none of the
library's work: the ratio against it is glueforge's own cost). Each runs REPEATS times
after a warm-up synth (so jsii's start-up and aws-cdk-lib's schema loading count for
none); the ratios of the medians are printed. Building the replay's source app is not
timed. Both settings of CDK_VALIDATION run, each in a process of its own, since
aws-cdk-lib reads it per process.

    .venv/bin/python bench/synth_overhead.py            # both settings
    .venv/bin/python bench/synth_overhead.py --inner    # one setting (used internally)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

SIZES = (10, 100)
REPEATS = 3


def inner() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from apps import synth_once

    synth_once("handwritten", 1)  # warm-up
    for n in SIZES:
        runs = {"glueforge": [], "handwritten": [], "replay": []}
        for _ in range(REPEATS):
            for kind in ("handwritten", "replay", "glueforge"):
                runs[kind].append(synth_once(kind, n))
        result = {
            "n": n,
            **{
                kind: {
                    "median_s": statistics.median(r["seconds"] for r in rs),
                    "resources": rs[0]["resources"],
                    "template_kb": round(rs[0]["bytes"] / 1024),
                }
                for kind, rs in runs.items()
            },
        }
        for baseline in ("handwritten", "replay"):
            result[f"ratio_{baseline}"] = (
                result["glueforge"]["median_s"] / result[baseline]["median_s"]
            )
        print(json.dumps(result), flush=True)


def main() -> None:
    for validation in ("true", "false"):
        env = {**os.environ, "CDK_VALIDATION": validation}
        env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
        out = subprocess.run(
            [sys.executable, __file__, "--inner"], env=env, capture_output=True, text=True
        )
        if out.returncode != 0:
            sys.exit(out.stderr[-2000:])
        for line in out.stdout.splitlines():
            r = json.loads(line)
            g, h, p = r["glueforge"], r["handwritten"], r["replay"]
            print(
                f"CDK_VALIDATION={validation:5} N={r['n']:3}: glueforge {g['median_s']:.2f}s "
                f"({g['resources']} resources, {g['template_kb']} KB); hand-written "
                f"{h['median_s']:.2f}s ({h['resources']} resources, {h['template_kb']} KB): "
                f"ratio {r['ratio_handwritten']:.2f}; same templates replayed as L1 "
                f"{p['median_s']:.2f}s: ratio {r['ratio_replay']:.2f}"
            )


if __name__ == "__main__":
    inner() if "--inner" in sys.argv else main()
