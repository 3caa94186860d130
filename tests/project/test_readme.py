"""The README's examples run as written, and everything they import exists."""

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import glueforge

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def test_composing_example_runs(tmp_path, monkeypatch):
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    [example] = [b for b in blocks if "synthesize(app)" in b]
    monkeypatch.setenv("CDK_OUTDIR", str(tmp_path / "cdk.out"))
    namespace: dict = {}
    exec(compile(example, "README.md", "exec"), namespace)
    report = namespace["report"]
    assert not report.errors()
    report.template("Analytics").resource_count_is("AWS::Glue::Database", 1)


def test_connectors_example_runs(tmp_path, monkeypatch):
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    [example] = [b for b in blocks if "JdbcConnection.from_rds_instance" in b]
    monkeypatch.setenv("CDK_OUTDIR", str(tmp_path / "cdk.out"))
    namespace: dict = {}
    exec(compile(example, "README.md", "exec"), namespace)
    assert namespace["orders"].engine.connection_type == "postgresql"
    assert sorted(namespace["deploy_time"]) == ["dynamodb.s3.bucket", "dynamodb.tableArn"]
    template = namespace["app"].synth().get_stack_by_name("Sources").template
    types = [r["Type"] for r in template["Resources"].values()]
    assert types.count("AWS::Glue::Connection") == 1


def test_pipelines_example_runs(tmp_path, monkeypatch, capsys):
    from tests.pipelines.test_pipeline import NIGHTLY_MERMAID

    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    [example] = [b for b in blocks if "nightly.to_mermaid()" in b]
    monkeypatch.setenv("CDK_OUTDIR", str(tmp_path / "cdk.out"))
    namespace: dict = {}
    exec(compile(example, "README.md", "exec"), namespace)
    assert capsys.readouterr().out == NIGHTLY_MERMAID + "\n"
    template = namespace["app"].synth().get_stack_by_name("Pipelines").template
    types = [r["Type"] for r in template["Resources"].values()]
    assert types.count("AWS::Glue::Trigger") == 4
    assert types.count("AWS::Events::Rule") == 1


def test_cost_example_runs_within_its_budgets(tmp_path, monkeypatch):
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    [example] = [b for b in blocks if "enable_checks(app" in b]
    monkeypatch.setenv("CDK_OUTDIR", str(tmp_path / "cdk.out"))
    namespace: dict = {}
    exec(compile(example, "README.md", "exec"), namespace)
    assert namespace["job"].cost_inputs.worst_per_run()[0] == 2 * 1 * 1.0 * 0.44


def test_ci_jobs_run_glueforge_check():
    yaml_blocks = re.findall(r"```yaml\n(.*?)```", README, flags=re.S)
    assert len([b for b in yaml_blocks if "glueforge check\n" in b]) == 2


def _glueforge_imports(source: str) -> list[tuple[str, str]]:
    """(module, name) for each ``from glueforge... import name`` in ``source``."""
    return [
        (node.module, alias.name)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "glueforge"
        for alias in node.names
    ]


def test_readme_imports_exist():
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    imports = [i for block in blocks if "import" in block for i in _glueforge_imports(block)]
    assert ("glueforge", "EtlJob") in imports  # the README imports from the root
    missing = [
        f"from {module} import {name}"
        for module, name in imports
        if not hasattr(importlib.import_module(module), name)
    ]
    assert missing == []


def test_readme_root_imports_are_public():
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    names = {
        name
        for block in blocks
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
