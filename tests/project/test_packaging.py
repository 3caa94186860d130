"""glueforge installs as a package with its templates, editable and from a wheel."""

import shutil
import subprocess
import sys
import venv
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest
import tomllib

import glueforge

ROOT = Path(__file__).resolve().parents[2]


def _package_folders() -> set[str]:
    found = set()
    for base, name in (
        (ROOT / "constructs" / "glueforge", "glueforge"),
        (ROOT / "job_templates", "glueforge.job_templates"),
    ):
        for folder in [base, *base.rglob("*")]:
            if not folder.is_dir() or "__pycache__" in folder.parts:
                continue
            # every template folder holds package data, so every one is listed
            if (folder / "__init__.py").exists() or name.endswith("job_templates"):
                rel = folder.relative_to(base).parts
                found.add(".".join((name, *rel)))
    return found


def test_pyproject_lists_every_package_folder():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert set(config["tool"]["setuptools"]["packages"]) == _package_folders()


def test_constructs_folder_is_not_a_package():
    assert not (ROOT / "constructs" / "__init__.py").exists()
    import constructs

    assert hasattr(constructs, "Construct"), "the constructs library must not be shadowed"


def test_editable_install_points_at_the_checkout():
    assert Path(glueforge.__file__).resolve() == ROOT / "constructs" / "glueforge" / "__init__.py"
    header = files("glueforge.job_templates").joinpath("pyspark/_macros/header.j2")
    assert "macro header" in header.read_text()
    assert (Path(glueforge.__file__).parent / "py.typed").exists()


def test_type_checking_reexports_match_lazy_exports():
    import ast

    tree = ast.parse((ROOT / "constructs" / "glueforge" / "__init__.py").read_text())
    [guard] = [n for n in tree.body if isinstance(n, ast.If)]
    declared = {
        alias.asname: node.module
        for node in guard.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert declared == glueforge._EXPORTS


def test_lazy_exports_resolve():
    for name in glueforge.__all__:
        assert getattr(glueforge, name) is not None
    with pytest.raises(AttributeError):
        glueforge.NoSuchThing  # noqa: B018


@pytest.mark.slow
def test_wheel_ships_templates_and_loads_them_in_a_fresh_venv(tmp_path):
    dist = tmp_path / "dist"
    # Build from a clean copy: setuptools reuses a build/ folder, which can hold files
    # that no longer exist in the source.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "build", "cdk.out", "*.egg-info"
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=source,
        check=True,
        capture_output=True,
        text=True,
    )
    [wheel] = dist.glob("glueforge-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "glueforge/py.typed" in names
    assert "glueforge/job_templates/pyspark/_macros/header.j2" in names
    assert "glueforge/job_templates/scala/_macros/header.j2" in names
    shipped_templates = {n for n in names if n.endswith(".j2")}
    in_repo = {
        "glueforge/job_templates/" + p.relative_to(ROOT / "job_templates").as_posix()
        for p in (ROOT / "job_templates").rglob("*.j2")
    }
    assert shipped_templates == in_repo

    env_dir = tmp_path / "fresh"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )
    probe = (
        "from importlib.resources import files; import glueforge, pathlib;"
        "t = files('glueforge.job_templates').joinpath('scala/_macros/header.j2');"
        "print(glueforge.__version__); print(t.read_text().splitlines()[1]);"
        "print(pathlib.Path(glueforge.__file__).parent.parent.name)"
    )
    result = subprocess.run(
        [str(python), "-c", probe], cwd=tmp_path, check=True, capture_output=True, text=True
    )
    version, macro_line, site = result.stdout.splitlines()
    assert version == glueforge.__version__
    assert macro_line == "{% macro header(meta) -%}"
    assert site == "site-packages"
