"""The README's composing example runs as written."""

import re
from pathlib import Path

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


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
    [example] = [b for b in blocks if "set_budget(app" in b]
    monkeypatch.setenv("CDK_OUTDIR", str(tmp_path / "cdk.out"))
    namespace: dict = {}
    exec(compile(example, "README.md", "exec"), namespace)
    assert namespace["job"].cost_inputs.worst_per_run()[0] == 2 * 1 * 1.0 * 0.44


def test_ci_jobs_run_glueforge_check():
    yaml_blocks = re.findall(r"```yaml\n(.*?)```", README, flags=re.S)
    assert len([b for b in yaml_blocks if "glueforge check ." in b]) == 2
