"""`glueforge graph`: drawings read back from a cloud assembly or an app folder."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap

import pytest
from aws_cdk import App, Stack, Stage
from click.testing import CliRunner

from glueforge import Pipeline, StartTrigger
from glueforge.cli.graph import graph, read_drawings

HAS_DOT = shutil.which("dot") is not None


def _pipeline(stack, id="Nightly", job_name="orders"):
    from aws_cdk import aws_glue as glue

    pipeline = Pipeline(stack, id)
    job = glue.Job.from_job_attributes(stack, f"{id}Job", job_name=job_name)
    pipeline.add_trigger("Start", StartTrigger.on_demand(), run=[job])
    return pipeline


@pytest.fixture
def assembly(tmp_path):
    """An assembly with a pipeline in a stack and one in a stack of a nested stage."""
    app = App(outdir=str(tmp_path / "cdk.out"))
    nightly = _pipeline(Stack(app, "Lake"))
    staged = _pipeline(Stack(Stage(app, "Prod"), "Lake"), "Hourly", "events")
    app.synth()
    return tmp_path / "cdk.out", nightly, staged


def test_read_drawings_finds_every_pipeline_with_its_exact_text(assembly):
    outdir, nightly, staged = assembly
    drawings = {d.path: d for d in read_drawings(outdir)}
    assert sorted(drawings) == ["Lake/Nightly", "Prod/Lake/Hourly"]
    assert drawings["Lake/Nightly"].mermaid == nightly.to_mermaid()
    assert drawings["Lake/Nightly"].dot == nightly.to_dot()
    assert drawings["Prod/Lake/Hourly"].mermaid == staged.to_mermaid()


def test_graph_writes_mermaid_only_without_graphviz(assembly, tmp_path):
    outdir, nightly, _ = assembly
    out = tmp_path / "graphs"
    empty_path = tmp_path / "no-tools"
    empty_path.mkdir()
    result = CliRunner().invoke(
        graph, ["--app", str(outdir), "-o", str(out)], env={"PATH": str(empty_path)}
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["Lake-Nightly.mmd", "Prod-Lake-Hourly.mmd"]
    assert (out / "Lake-Nightly.mmd").read_text() == nightly.to_mermaid()
    assert "Graphviz's `dot` is not installed: wrote Mermaid files only." in result.stderr


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz `dot` is not installed (make test installs it)")
def test_graph_writes_svg_with_graphviz(assembly, tmp_path):
    outdir, _, _ = assembly
    out = tmp_path / "graphs"
    result = CliRunner().invoke(graph, ["--app", str(outdir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    svg = (out / "Lake-Nightly.svg").read_text()
    assert "<svg" in svg and ">orders</text>" in svg and ">Start: on demand</text>" in svg
    assert result.stdout.splitlines() == [
        f"Lake/Nightly: {out / 'Lake-Nightly.mmd'}",
        f"Lake/Nightly: {out / 'Lake-Nightly.svg'}",
        f"Prod/Lake/Hourly: {out / 'Prod-Lake-Hourly.mmd'}",
        f"Prod/Lake/Hourly: {out / 'Prod-Lake-Hourly.svg'}",
    ]


APP = textwrap.dedent(
    """
    from aws_cdk import App, Stack
    from aws_cdk import aws_glue as glue
    from glueforge import Pipeline, StartTrigger

    app = App()
    stack = Stack(app, "Lake")
    job = glue.Job.from_job_attributes(stack, "Job", job_name="orders")
    Pipeline(stack, "Nightly").add_trigger("Start", StartTrigger.on_demand(), run=[job])
    app.synth()
    """
)


@pytest.mark.slow
def test_graph_synthesizes_an_app_folder_with_its_cdk_json(tmp_path, assembly):
    _, nightly, _ = assembly
    app_dir = tmp_path / "app"
    app_dir.mkdir()
    (app_dir / "app.py").write_text(APP)
    (app_dir / "cdk.json").write_text(json.dumps({"app": f"{sys.executable} app.py"}))
    out = tmp_path / "graphs"
    result = CliRunner().invoke(graph, ["--app", str(app_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "Lake-Nightly.mmd").read_text() == nightly.to_mermaid()
    assert not (app_dir / "cdk.out").exists(), "the app's assembly goes to a temporary folder"


def test_graph_reports_a_failing_app(tmp_path):
    (tmp_path / "cdk.json").write_text(
        json.dumps({"app": f"{sys.executable} -c \"raise SystemExit('boom: bad app')\""})
    )
    result = CliRunner().invoke(graph, ["--app", str(tmp_path)])
    assert result.exit_code == 1
    assert f"the app in {tmp_path} failed to synthesize" in result.stderr
    assert "boom: bad app" in result.stderr


def test_graph_usage_errors(tmp_path):
    result = CliRunner().invoke(graph, ["--app", str(tmp_path)])
    assert result.exit_code == 2
    assert "has neither a manifest.json (a cdk.out) nor a cdk.json (an app folder)" in (
        result.stderr
    )
    (tmp_path / "cdk.json").write_text("{}")
    result = CliRunner().invoke(graph, ["--app", str(tmp_path)])
    assert result.exit_code == 2
    assert 'cdk.json has no "app" command' in result.stderr


def test_graph_fails_when_the_app_has_no_pipelines(tmp_path):
    app = App(outdir=str(tmp_path / "cdk.out"))
    Stack(app, "Empty")
    app.synth()
    result = CliRunner().invoke(
        graph, ["--app", str(tmp_path / "cdk.out"), "-o", str(tmp_path / "g")]
    )
    assert result.exit_code == 1
    assert f"no glueforge pipelines in the app at {tmp_path / 'cdk.out'}" in result.stderr
