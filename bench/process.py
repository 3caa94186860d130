"""One ``cdk synth``-equivalent whole process, measured from outside.

``cdk synth`` starts ``python app.py``; that process imports aws-cdk-lib (which starts
jsii's node process and loads aws-cdk-lib's assembly into it), builds the app and calls
``app.synth()``. :func:`measure` does the same: it starts a fresh Python process running
this file's :func:`child`, so start-up, jsii's node process and aws-cdk-lib's loading
all count, as they do for a user.

How each figure is taken:

* **wall**: the parent's clock from starting the child to reaping it.
* **CPU**: user + system time of the whole process tree, from ``os.wait4`` on the child.
  Linux adds to a process's rusage the rusage of every descendant it has waited for;
  jsii waits for its node process at exit (``_NodeProcess.stop``, an atexit hook, and
  :func:`child` calls it explicitly), and that node process waits for the kernel process
  it starts, so node's CPU is in the figure.
* **peak memory**: the sum of the peak RSS of the processes that make the tree: Python
  (its own ``ru_maxrss``) and node (``VmHWM`` in ``/proc/<pid>/status`` of jsii's node
  process and of its descendants, the kernel process it starts; read by the child after
  synth, just before it stops node). A sum of peaks is an upper bound of the tree's
  peak; Python's and node's peaks are reported separately as well.
* **round trips**: requests sent to node between creating the ``App`` and the end of
  ``app.synth()`` (``roundtrips.RoundTrips``); the import-time ``load`` requests are
  left out. ``--sites`` also records the call sites (slower: not for timed runs).

    .venv/bin/python bench/process.py glueforge 10 [--sites]   # one child, by hand
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(kind: str, n: int, sites: bool) -> None:
    """Build and synthesize one app in this (fresh) process; print its figures as JSON."""
    import resource

    sys.path.insert(0, str(HERE))
    from apps import build, template_figures
    from jsii._runtime import kernel
    from roundtrips import RoundTrips

    outdir = tempfile.mkdtemp(prefix=f"bench-{kind}-")
    with RoundTrips(sites=sites) as trips:
        build(kind, n, outdir).synth()
    node = kernel.provider._process
    node_peak_kb = _vm_hwm_kb(node._process.pid)
    node.stop()
    result = {
        "kind": kind,
        "n": n,
        **template_figures(outdir),
        "round_trips": trips.total,
        "by_kind": dict(trips.by_kind.most_common()),
        "python_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "node_peak_mb": node_peak_kb / 1024,
    }
    if sites:
        result["by_site"] = trips.by_site.most_common()
    shutil.rmtree(outdir)  # up to megabytes a run; a long benchmark makes hundreds
    print(json.dumps(result), flush=True)


def _vm_hwm_kb(pid: int) -> int:
    """Peak RSS of ``pid`` and all its descendants: jsii's ``jsii-runtime.js`` is a small
    node process that starts the kernel (where aws-cdk-lib lives) as a node child."""
    total = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            total += int(line.split()[1])
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        total += sum(_vm_hwm_kb(int(child)) for child in children.read_text().split())
    return total


def measure(
    kind: str, n: int, *, validation: bool = True, sites: bool = False, attempts: int = 3
) -> dict:
    """Run one whole synth process of ``kind`` with ``n`` pipelines; its figures.

    Keyword-only: ``validation`` (default True) sets ``CDK_VALIDATION`` for the child;
    ``sites`` (default False) records round-trip call sites; ``attempts`` (default 3):
    a failed child is retried after a pause, since the working tree may be mid-edit while
    a long run goes on; the last failure ends the run with the child's stderr.
    """
    env = {**os.environ, "CDK_VALIDATION": "true" if validation else "false"}
    env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    command = [sys.executable, str(Path(__file__).resolve()), kind, str(n)]
    command += ["--sites"] if sites else []
    for attempt in range(1, attempts + 1):
        with tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err, env=env)
            out = process.stdout.read()
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
            process.stdout.close()
            if process.returncode == 0:
                break
            err.seek(0)
            failure = f"{' '.join(command)} failed:\n{err.read().decode()[-3000:]}"
        if attempt == attempts:
            sys.exit(failure)
        print(f"{failure}\nretrying in 30 s", file=sys.stderr, flush=True)
        time.sleep(30)
    result = json.loads(out.decode().splitlines()[-1])
    result.update(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_mb=result["python_peak_mb"] + result["node_peak_mb"],
        validation=validation,
    )
    return result


SIDES = ("glueforge", "handwritten")


def compare(n: int, *, repeats: int, validation: bool) -> dict[str, list[dict]]:
    """``repeats`` whole processes of each side with ``n`` pipelines, interleaved, the
    order rotated each repetition (glueforge first, then hand-written first, ...) so
    neither side always runs on a warmer or quieter machine; each side's runs."""
    runs: dict[str, list[dict]] = {side: [] for side in SIDES}
    for repeat in range(repeats):
        order = SIDES[repeat % len(SIDES) :] + SIDES[: repeat % len(SIDES)]
        for side in order:
            runs[side].append(measure(side, n, validation=validation))
    return runs


def medians(runs: list[dict]) -> dict:
    """The median wall, CPU and peak memory of one side's runs, with its (deterministic)
    resources, template size and round trips; ``spread`` is the CPU's max/min."""
    import statistics

    first = runs[0]
    trips = {r["round_trips"] for r in runs}
    return {
        **{key: statistics.median(r[key] for r in runs) for key in ("wall_s", "cpu_s", "peak_mb")},
        "resources": first["resources"],
        "kb": first["bytes"] / 1024,
        "round_trips": first["round_trips"] if len(trips) == 1 else sorted(trips),
        "trips_per_pipeline": first["round_trips"] / first["n"],
        "cpu_spread": max(r["cpu_s"] for r in runs) / min(r["cpu_s"] for r in runs),
        "samples": len(runs),
    }


def size_list(text: str) -> tuple[int, ...]:
    """``"10,50,100"`` as a tuple of sizes (for the scripts' ``--sizes``)."""
    return tuple(int(part) for part in text.split(",") if part.strip())


if __name__ == "__main__":
    child(sys.argv[1], int(sys.argv[2]), "--sites" in sys.argv)
