"""Mutation testing of the modules that decide what deploys and what runs (`make mutants`).

Not a test module (pytest collects ``test_*.py`` only) and never part of ``make test`` or
CI: a run takes minutes. mutmut expects the package under ``src/``, while glueforge lives
in ``constructs/glueforge``; so this lays out a scratch copy in ``build/mutants/``
(``src/glueforge/`` with its job templates, ``tests/``, ``app.py``, ``pyproject.toml``,
whose ``[tool.mutmut]`` table says what to mutate and which tests to run), runs
``mutmut run`` there and prints, per module, the mutants, how many the tests killed, how
many survived, and which of the survivors are judged equivalent (:data:`EQUIVALENT`).

Usage: ``python tests/project/mutants.py [--recheck | --report-only]``.

- no option: a fresh run of every mutant (``make mutants``); the statuses are saved in
  ``build/mutants/statuses.json``.
- ``--recheck [--also GLOB]``: after adding tests, run only the last run's survivors
  again, with the current code and tests (much shorter than a fresh run; a killed mutant
  stays killed when tests are only added), and the mutants ``--also`` names (those of a
  function edited since the fresh run).
- ``--report-only``: print the table of the last run again.

``cd build/mutants && mutmut show <name>`` shows a mutant's diff.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "build" / "mutants"
MUTMUT = Path(sys.executable).with_name("mutmut")

# Module -> the mutant-name prefixes that belong to the report (the pipeline's cycle
# check is three functions of pipelines/pipeline.py; the rest of that file is out of scope
# and its mutants are not run).
MODULES: dict[str, tuple[str, ...]] = {
    "core/cron.py": ("glueforge.core.cron.",),
    "jobs/arguments.py": ("glueforge.jobs.arguments.",),
    "pipelines/pipeline.py (cycle check)": (
        "glueforge.pipelines.pipeline.x__cycles__mutmut_",
        "glueforge.pipelines.pipeline.xǁPipelineǁ_run_edges__mutmut_",
        "glueforge.pipelines.pipeline.xǁPipelineǁ_graph_shape_problems__mutmut_",
    ),
    "iam/grants.py": ("glueforge.iam.grants.",),
    "cost/model.py": ("glueforge.cost.model.",),
    "checks/gate.py": ("glueforge.checks.gate.",),
    "local/bookmarks.py": ("glueforge.local.bookmarks.",),
}

# Surviving mutants judged equivalent: no input can tell them from the original. Each
# with the reason. Mutant numbers follow the source: after an edit of a module, run again
# and re-check this list (a name that no longer survives is reported as stale).
_ZIP = "the row and the widths always have six cells, so zip's strict check never fires"
EQUIVALENT: dict[str, str] = {
    "glueforge.pipelines.pipeline.x__cycles__mutmut_14": (
        "`seen` never drops a cycle: each node is visited once (`done`), so the path to it is "
        "unique and each back edge u->v closes one cycle, the tree path v..u; two back edges "
        "cannot close the same node set (its highest node is v and its deepest u)"
    ),
    "glueforge.cost.model.x_parse_month__mutmut_4": (
        "partition and rpartition differ only for text with two dashes, and then one part "
        "holds a dash, fails isdigit and the same ValueError is raised"
    ),
    "glueforge.cost.model.x_to_text__mutmut_20": _ZIP,
    "glueforge.cost.model.x_to_text__mutmut_23": _ZIP,
    "glueforge.cost.model.x_to_text__mutmut_24": _ZIP,
    "glueforge.cost.model.x_report_from_assembly__mutmut_7": (
        "from_metadata reads only the first app budget; keeping one or two changes nothing"
    ),
    "glueforge.checks.gate.x__cost__mutmut_67": (
        "'none' is unreachable: every guardrail problem comes from a declared limit (the "
        "construct's, the pipeline's or the app's), which makes `declared` non-empty"
    ),
    "glueforge.checks.gate.x__cost__mutmut_68": "as x__cost__mutmut_67",
    "glueforge.cost.model.x_estimate__mutmut_82": (
        "_app_problems never reads its `pipelines` parameter (nor `by_path`)"
    ),
    "glueforge.cost.model.x_estimate__mutmut_83": "as x_estimate__mutmut_82",
    "glueforge.cost.model.x__pipeline_problems__mutmut_32": (
        "zip's strict check: the parts are computed one per runnable"
    ),
    "glueforge.cost.model.x__pipeline_problems__mutmut_35": "as x__pipeline_problems__mutmut_32",
    "glueforge.cost.model.x__pipeline_problems__mutmut_36": "as x__pipeline_problems__mutmut_32",
    "glueforge.cost.model.x__app_problems__mutmut_33": (
        "'$0.00' is unreachable: it needs every row at $0 and a total over a budget, which "
        "budget_problems requires to be positive"
    ),
    "glueforge.cost.model.x_from_metadata__mutmut_18": (
        "a missing budget: None and [] are both falsy"
    ),
    "glueforge.cost.model.x_from_metadata__mutmut_20": "as x_from_metadata__mutmut_18",
    "glueforge.cost.model.x_budget_problems__mutmut_18": "float('INF') == float('inf')",
    "glueforge.local.bookmarks.xǁBookmarkStoreǁnew_files__mutmut_23": (
        "zip's strict check: the names are computed one per file"
    ),
    "glueforge.local.bookmarks.xǁBookmarkStoreǁnew_files__mutmut_26": "as new_files__mutmut_23",
    "glueforge.local.bookmarks.xǁBookmarkStoreǁnew_files__mutmut_27": "as new_files__mutmut_23",
    "glueforge.local.bookmarks.xǁBookmarkStoreǁcommit__mutmut_12": (
        "the scratch file's suffix: it is renamed over the bookmark file at once"
    ),
    "glueforge.core.cron.x__syntax_problems__mutmut_19": (
        "zip's strict check: the field count is checked to be 6 just before"
    ),
    "glueforge.core.cron.x__syntax_problems__mutmut_22": "as x__syntax_problems__mutmut_19",
    "glueforge.core.cron.x__syntax_problems__mutmut_23": "as x__syntax_problems__mutmut_19",
    "glueforge.core.cron.x__interval_problems__mutmut_7": "strict=None is zip's default, False",
    "glueforge.core.cron.x__interval_problems__mutmut_10": "zip's default strict is False",
    "glueforge.core.cron.x__interval_problems__mutmut_13": (
        "one minute a hour: the mutant adds the gap 60 - m + m = 60, which is no problem"
    ),
    "glueforge.core.cron.x__never_fires_problems__mutmut_2": (
        "the GlueCron's expression field is never read by _values or _days_of_month"
    ),
    "glueforge.core.cron.x__values__mutmut_2": (
        "'*' then goes through the loop, which reads a base of '*' as the whole range"
    ),
    "glueforge.core.cron.x__values__mutmut_3": (
        "'?' never reaches _values: only the day fields allow it, and they are read before"
    ),
    "glueforge.core.cron.x__days_of_month__mutmut_72": (
        "partition and rpartition agree on 'D#N': validation refuses a second '#'"
    ),
    "glueforge.core.cron.x_cron_problems__mutmut_12": (
        "datetime.now() in local time instead of UTC: the same year and month wherever "
        "local time is UTC, as on CI; elsewhere they differ a few hours around a month's "
        "turn, which no test can show without faking the clock"
    ),
}


def layout() -> None:
    """A fresh scratch copy in the src/ layout mutmut expects."""
    shutil.rmtree(WORK, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "constructs" / "glueforge", WORK / "src" / "glueforge", ignore=ignore)
    shutil.copytree(ROOT / "job_templates", WORK / "src" / "glueforge" / "job_templates")
    shutil.copytree(ROOT / "tests", WORK / "tests", ignore=ignore)
    for name in ("pyproject.toml", "app.py", "cdk.json"):
        shutil.copy2(ROOT / name, WORK / name)


SAVED = WORK / "statuses.json"


def run_mutmut(names: list[str] | None = None) -> int:
    env = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true", "CDK_DISABLE_CLI_TELEMETRY": "true"}
    names = names or [f"{p}*" for prefixes in MODULES.values() for p in prefixes]
    command = [str(MUTMUT), "run", "--max-children", "1", *names]
    return subprocess.run(command, cwd=WORK, env=env, check=False).returncode


def refresh(mutated: set[str]) -> None:
    """The current code and tests into the scratch copy. The mutated modules go to src/
    only (mutmut makes their mutants again when they changed); every other file goes to
    mutants/ as well, where the tests import it from."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    package = ROOT / "constructs" / "glueforge"
    for base in (WORK, WORK / "mutants"):
        shutil.copytree(ROOT / "tests", base / "tests", ignore=ignore, dirs_exist_ok=True)
        shutil.copy2(ROOT / "pyproject.toml", base / "pyproject.toml")
    shutil.copytree(package, WORK / "src" / "glueforge", ignore=ignore, dirs_exist_ok=True)
    for path in package.rglob("*.py"):
        relative = path.relative_to(package).as_posix()
        if "__pycache__" not in relative and relative not in mutated:
            shutil.copy2(path, WORK / "mutants" / "src" / "glueforge" / relative)


def recheck(also: list[str]) -> dict[str, str]:
    """Run the saved run's survivors again with the current tests (and the mutants named
    by ``also``, e.g. those of a function edited since); merged statuses."""
    before = json.loads(SAVED.read_text())
    survivors = [n for n, s in before.items() if s in ("survived", "no tests")]
    refresh({module.split(" ")[0] for module in MODULES})
    run_mutmut(survivors + also)
    now = statuses()
    rerun = [n for n in now if n in survivors or any(fnmatch(n, p) for p in also)]
    return {**before, **{n: now[n] for n in rerun}}


def statuses() -> dict[str, str]:
    """Mutant name -> mutmut's status of it (killed, survived, no tests, timeout, ...)."""
    out = subprocess.run(
        [str(MUTMUT), "results", "--all", "true"],
        cwd=WORK,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = {}
    for line in out.splitlines():
        match = re.match(r"\s*(\S+__mutmut_\d+): (.+)$", line)
        if match:
            found[match[1]] = match[2].strip()
    return found


def report(found: dict[str, str]) -> int:
    """Print the table; 1 when a survivor is neither killed nor judged equivalent."""
    print(f"{'module':40} {'mutants':>7} {'killed':>6} {'survived':>8} {'equiv.':>6} {'rate':>6}")
    unexplained = []
    for module, prefixes in MODULES.items():
        mine = {n: s for n, s in found.items() if n.startswith(prefixes)}
        counts = Counter(mine.values())
        killed = counts["killed"] + counts["timeout"]
        survivors = [n for n, s in mine.items() if s in ("survived", "no tests")]
        equivalent = [n for n in survivors if n in EQUIVALENT]
        unexplained += [n for n in survivors if n not in EQUIVALENT]
        scored = len(mine) - len(equivalent)
        rate = f"{100 * killed / scored:.0f}%" if scored else "-"
        print(
            f"{module:40} {len(mine):7} {killed:6} {len(survivors):8} {len(equivalent):6} {rate:>6}"
        )
    for name in unexplained:
        print(f"survived: {name}  ({found[name]})")
    for name in sorted(set(EQUIVALENT) - {n for n, s in found.items() if s != "killed"}):
        print(f"stale EQUIVALENT entry (not a survivor now): {name}")
    return 1 if unexplained else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report-only", action="store_true", help="print the last run's table")
    parser.add_argument("--recheck", action="store_true", help="rerun the last run's survivors")
    parser.add_argument(
        "--also", action="append", default=[], help="with --recheck: more mutants (a glob)"
    )
    args = parser.parse_args()
    if args.report_only:
        found = json.loads(SAVED.read_text()) if SAVED.exists() else statuses()
    elif args.recheck:
        found = recheck(args.also)
    else:
        layout()
        run_mutmut()
        found = statuses()
    SAVED.write_text(json.dumps(found, indent=1, sort_keys=True))
    return report(found)


if __name__ == "__main__":
    sys.exit(main())
