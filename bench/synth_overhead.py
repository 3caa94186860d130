"""What a user waits for at ``cdk synth``: glueforge against the same pipelines written by
hand with aws-cdk-lib, as whole processes.

For each N (pipelines: one crawler, two jobs, a start and a conditional trigger each;
``apps.py`` builds both sides) and each ``CDK_VALIDATION`` setting, every run is a fresh
Python process that imports aws-cdk-lib (starting jsii's node process), builds the app
and calls ``app.synth()``: what ``cdk synth`` runs as ``python app.py``. The two sides
are interleaved and their order rotated each repetition; the medians are compared.
Reported per side: wall time, CPU time of the whole process tree (Python, node and its
kernel process), the tree's peak memory, and jsii round trips per pipeline, which do not
depend on the machine's load (``process.py`` says how each is taken).

    .venv/bin/python bench/synth_overhead.py                       # N = 10, 50, 60, 100
    .venv/bin/python bench/synth_overhead.py --sizes 10 --repeats 1 --validation on
    .venv/bin/python bench/synth_overhead.py --profile 10          # round trips by call site
    .venv/bin/python bench/synth_overhead.py --json out.jsonl      # also write the raw figures
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from process import compare, measure, medians, size_list  # noqa: E402

# The targets (glueforge / hand-written); CPU's applies with validation on at
# N = 60 and 100.
CPU_TARGET = 1.3
PEAK_TARGET = 1.15
TRIPS_TARGET = 2.0


def row(n: int, validation: bool, repeats: int) -> dict:
    """Both sides at one N and validation setting: their medians and the ratios."""
    runs = compare(n, repeats=repeats, validation=validation)
    g, h = medians(runs["glueforge"]), medians(runs["handwritten"])
    return {
        "n": n,
        "validation": validation,
        "glueforge": g,
        "handwritten": h,
        "wall_ratio": g["wall_s"] / h["wall_s"],
        "cpu_ratio": g["cpu_s"] / h["cpu_s"],
        "peak_ratio": g["peak_mb"] / h["peak_mb"],
        "trips_ratio": g["trips_per_pipeline"] / h["trips_per_pipeline"],
    }


def verdict(ratio: float, target: float) -> str:
    return f"{ratio:.2f} ({'met' if ratio <= target else 'NOT met'}, target <= {target})"


def report(r: dict) -> None:
    g, h = r["glueforge"], r["handwritten"]
    print(
        f"CDK_VALIDATION={str(r['validation']).lower():5} N={r['n']:3} "
        f"({g['samples']} samples each)\n"
        f"  glueforge:    wall {g['wall_s']:6.2f}s  CPU {g['cpu_s']:6.2f}s "
        f"(max/min {g['cpu_spread']:.2f})  peak {g['peak_mb']:5.0f} MB  "
        f"{g['resources']} resources, {g['kb']:.0f} KB  "
        f"{g['trips_per_pipeline']:.0f} round trips/pipeline\n"
        f"  hand-written: wall {h['wall_s']:6.2f}s  CPU {h['cpu_s']:6.2f}s "
        f"(max/min {h['cpu_spread']:.2f})  peak {h['peak_mb']:5.0f} MB  "
        f"{h['resources']} resources, {h['kb']:.0f} KB  "
        f"{h['trips_per_pipeline']:.0f} round trips/pipeline\n"
        f"  ratios: wall {r['wall_ratio']:.2f}  CPU {verdict(r['cpu_ratio'], CPU_TARGET)}  "
        f"peak {verdict(r['peak_ratio'], PEAK_TARGET)}  "
        f"round trips {verdict(r['trips_ratio'], TRIPS_TARGET)}",
        flush=True,
    )


def profile(n: int, top: int = 20) -> None:
    """Round trips of each side by request kind, and glueforge's by function and line."""
    from collections import Counter

    for side in ("handwritten", "glueforge"):
        r = measure(side, n, sites=True)
        print(f"{side}, N={n}: {r['round_trips']} round trips; by kind: {r['by_kind']}")
        if side == "handwritten":
            continue
        functions: Counter[str] = Counter()
        for site, count in r["by_site"]:
            path, function = site.split(" ", 1)
            functions[f"{path.rsplit(':', 1)[0]} {function}"] += count
        print("  by function:")
        for site, count in functions.most_common(top):
            print(f"  {count:7d}  {site}")
        print("  by line:")
        for site, count in r["by_site"][:top]:
            print(f"  {count:7d}  {site}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=size_list, default=(10, 50, 60, 100))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--validation", choices=("on", "off", "both"), default="both")
    parser.add_argument("--profile", type=int, metavar="N", help="only profile N pipelines")
    parser.add_argument("--json", type=Path, help="append each row's figures to this file")
    args = parser.parse_args()
    if args.profile:
        profile(args.profile)
        return
    settings = {"on": (True,), "off": (False,), "both": (True, False)}[args.validation]
    for validation in settings:
        for n in args.sizes:
            r = row(n, validation, args.repeats)
            report(r)
            if args.json:
                with args.json.open("a") as out:
                    out.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
