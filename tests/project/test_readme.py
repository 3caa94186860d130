"""The README's example runs as written, and everything the README and docs import exists.

Every code block of the README and the docs also runs in tests/project/test_docs.py.
"""

import ast
import importlib
import subprocess
import sys

import glueforge
from tests.project.test_docs import PAGES, ROOT, blocks, cached_run, chains

README = ROOT / "README.md"


def test_the_readme_has_one_composing_example():
    assert len(chains(README)) == 1


def test_composing_example_runs(tmp_path_factory):
    [chain] = [c for c in chains(README) if c.has("synthesize(app)")]
    report = cached_run(chain, tmp_path_factory).namespace["report"]
    assert not report.errors()
    report.template("Analytics").resource_count_is("AWS::Glue::Database", 1)


def _python_blocks(pages=PAGES) -> list[str]:
    return [b.code for page in pages for b in blocks(page) if b.runs]


def _glueforge_imports(source: str) -> list[tuple[str, str]]:
    """(module, name) for each ``from glueforge... import name`` in ``source``."""
    return [
        (node.module, alias.name)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "glueforge"
        for alias in node.names
    ]


def test_readme_and_docs_imports_exist():
    readme = [i for block in _python_blocks([README]) for i in _glueforge_imports(block)]
    assert ("glueforge", "EtlJob") in readme  # the README imports from the root
    imports = [i for block in _python_blocks() for i in _glueforge_imports(block)]
    missing = [
        f"from {module} import {name}"
        for module, name in imports
        if not hasattr(importlib.import_module(module), name)
    ]
    assert missing == []


def test_readme_and_docs_root_imports_are_public():
    names = {
        name
        for block in _python_blocks()
        for module, name in _glueforge_imports(block)
        if module == "glueforge"
    }
    assert names <= set(glueforge.__all__), sorted(names - set(glueforge.__all__))


def test_reference_app_imports_from_the_root_and_few_sub_packages():
    modules = {module for module, _ in _glueforge_imports((ROOT / "app.py").read_text())}
    assert modules == {"glueforge", "glueforge.databrew"}


def test_every_public_name_imports_without_loading_aws_cdk_first():
    probe = (
        "import sys, glueforge;"
        "assert not [m for m in sys.modules if m.startswith('aws_cdk')], 'aws_cdk loaded';"
        "[getattr(glueforge, name) for name in glueforge.__all__];"
        "print(len(glueforge.__all__))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[-1]) == len(glueforge.__all__)
