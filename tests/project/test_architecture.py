"""The package's architecture, kept: no import cycles, and each feature imports only the
layers below it (shared/DESIGN.md, module plan).

Imports are read from the source (imports inside functions and under TYPE_CHECKING count
too), so a cycle hidden in a function body fails here as it would in a reader's head.
"""

from __future__ import annotations

import ast
import collections
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "constructs" / "glueforge"

# What each sub-package may import, besides itself. "root" is the package's __init__
# (its __version__). The CLI sits on top and may import anything.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "iam": {"core"},
    "security": {"core", "iam"},
    "assembly": {"core"},
    "cost": {"core", "assembly"},
    "connections": {"core", "iam", "security"},
    "monitoring": {"core", "iam", "security"},
    "crawlers": {"core", "iam", "security", "connections", "cost", "monitoring"},
    "catalog": {"core", "iam", "security", "connections", "crawlers", "cost"},
    "quality": {"core", "iam", "security", "catalog"},
    "jobs": {
        "core",
        "iam",
        "security",
        "connections",
        "cost",
        "assembly",
        "root",
        "catalog",
        "quality",
        "monitoring",
    },
    "pipelines": {"core", "iam", "cost", "assembly"},
    "databrew": {"core", "iam", "security", "cost", "jobs", "assembly"},
    "checks": {"core", "cost", "assembly", "root"},
    "ops": {"core", "cost", "assembly"},
    # Local runs stay free of aws-cdk-lib: of jobs they read only the argument names, of
    # quality only the pure DQDL model and parser.
    "local": {"core", "assembly", "jobs.arguments", "quality.model", "quality.parser"},
}


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        if "shim" in path.parts:  # awsglue's stand-in: imported by scripts, not by glueforge
            continue
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the glueforge modules it imports, anywhere in its body."""
    edges: dict[str, set[str]] = collections.defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(parts + ([base] if base else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rsplit(".", 1)[0] if "." in target else ""
                if target and target != name and not name.startswith(target + "."):
                    edges[name].add(target)
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in list(edges):
        if node not in index:
            visit(node)
    return found


def _feature(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "root"


def test_cycle_finder_finds_a_hand_made_cycle():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(edges) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    assert _cycles(_imports(_modules())) == []


def test_each_feature_imports_only_the_layers_below_it():
    breaches = []
    for module, targets in _imports(_modules()).items():
        feature = _feature(module)
        if feature not in ALLOWED:
            continue
        allowed = ALLOWED[feature]
        for target in targets:
            other = _feature(target)
            if other == feature or other in allowed:
                continue
            relative = target.removeprefix("glueforge.")
            if any(relative == a or relative.startswith(a + ".") for a in allowed if "." in a):
                continue
            breaches.append(f"{module} imports {target}")
    assert breaches == []


def test_every_sub_package_has_a_place_in_the_layers():
    features = {_feature(m) for m in _modules()} - {"root", "cli"}
    assert features == set(ALLOWED)
