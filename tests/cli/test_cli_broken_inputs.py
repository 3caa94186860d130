"""A broken input file is answered with one line naming the file and the problem.

Exit 2 (a broken input is a usage error), no traceback, no bare exception name; with
--json the answer is one JSON error document on stdout. The assemblies here are written
by hand: a manifest.json and a template, in the shape the CDK writes them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from glueforge.cli import cli
from glueforge.local.bookmarks import BookmarkFileError, BookmarkStore

STACK = {
    "type": "aws:cloudformation:stack",
    "properties": {"templateFile": "Lake.template.json"},
}


def _assembly(tmp_path: Path, manifest, template: dict | None = None) -> Path:
    outdir = tmp_path / "cdk.out"
    outdir.mkdir()
    text = manifest if isinstance(manifest, str) else json.dumps(manifest)
    (outdir / "manifest.json").write_text(text)
    if template is not None:
        (outdir / "Lake.template.json").write_text(json.dumps(template))
    return outdir


def _invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _one_clean_line(result, *expected: str) -> str:
    assert "Traceback" not in result.stderr
    assert "unexpected" not in result.stderr
    assert "JSONDecodeError" not in result.stderr and "KeyError" not in result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr
    return result.stderr


@pytest.mark.parametrize("command", ["render", "cost", "graph"])
def test_a_malformed_manifest_is_named(tmp_path, command):
    outdir = _assembly(tmp_path, '{"artifacts": {')
    result = _invoke(command, "--app", str(outdir))
    assert result.exit_code == 2
    _one_clean_line(result, str(outdir / "manifest.json"), "is not valid JSON")


def test_a_stack_artifact_without_a_template_file_is_named(tmp_path):
    manifest = {"artifacts": {"Lake": {"type": "aws:cloudformation:stack", "properties": {}}}}
    outdir = _assembly(tmp_path, manifest)
    result = _invoke("render", "--app", str(outdir), "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    _one_clean_line(result, str(outdir / "manifest.json"), "artifact Lake", '"templateFile"')


def test_a_malformed_cdk_json_is_named(tmp_path):
    (tmp_path / "cdk.json").write_text('{"app": "python app.py",')
    result = _invoke("render", "--app", str(tmp_path), "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    _one_clean_line(result, str(tmp_path / "cdk.json"), "is not valid JSON")


def test_check_json_on_a_manifest_naming_a_missing_template(tmp_path):
    outdir = _assembly(tmp_path, {"artifacts": {"Lake": STACK}})  # no template written
    result = _invoke("check", "--app", str(outdir), "--json")
    # a broken input (issue 17, leftover): exit 2 and one JSON error document naming the
    # file, as for every other broken input; not a failed cfn-lint check (exit 1)
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 2
    assert str(outdir / "Lake.template.json") in error["message"]
    assert "No such file or directory" in error["message"]
    _one_clean_line(result, str(outdir / "Lake.template.json"))


def test_check_on_a_manifest_naming_a_missing_template_names_it(tmp_path):
    outdir = _assembly(tmp_path, {"artifacts": {"Lake": STACK}})
    result = _invoke("check", "--app", str(outdir))
    assert result.exit_code == 2
    assert result.stdout == ""
    _one_clean_line(result, str(outdir / "Lake.template.json"), "No such file or directory")


def test_render_json_on_a_malformed_manifest_prints_a_json_error(tmp_path):
    outdir = _assembly(tmp_path, "not json")
    result = _invoke("render", "--app", str(outdir), "--json", "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 2 and "manifest.json" in error["message"]


def test_a_usage_error_with_json_prints_a_json_error():
    result = _invoke("check", "--json", "--no-such-option")
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 2 and "--no-such-option" in error["message"]


def test_a_usage_error_without_json_prints_nothing_on_stdout():
    result = _invoke("check", "--no-such-option")
    assert result.exit_code == 2
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"orders_source": {"files": [', "is not JSON"),
        ('["a.csv"]', "is not a bookmark file"),
        ('{"orders_source": ["a.csv"]}', "is not a bookmark file"),
    ],
)
def test_a_broken_bookmark_file_is_named(tmp_path, text, problem):
    path = tmp_path / ".glueforge" / "bookmarks" / "orders.json"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    with pytest.raises(BookmarkFileError) as raised:
        BookmarkStore(path, tmp_path)
    assert str(path) in str(raised.value) and problem in str(raised.value)
    assert raised.value.exit_code == 2


def test_a_good_bookmark_file_is_read(tmp_path):
    path = tmp_path / "orders.json"
    path.write_text('{"orders_source": {"files": ["raw/a.csv"]}}')
    store = BookmarkStore(path, tmp_path)
    (tmp_path / "raw").mkdir()
    files = [tmp_path / "raw" / "a.csv", tmp_path / "raw" / "b.csv"]
    assert store.new_files("orders_source", files) == [files[1]]
