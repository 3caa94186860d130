"""``glueforge graph``: draw every pipeline of an app, as Mermaid and (with Graphviz) SVG.

Each :class:`glueforge.Pipeline` records its drawings in its construct metadata at synth
(type ``glueforge:pipeline``), so they travel in the cloud assembly: the stack's
metadata file (``additionalMetadataFile`` in ``manifest.json``) or its inline
``metadata``. This command reads them from an existing ``cdk.out``, or first synthesizes
an app directory by running the ``app`` command of its ``cdk.json`` into a temporary
assembly, as the CDK CLI does. It never imports the app into its own process.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click

from glueforge.pipeline import PIPELINE_METADATA

EXIT_FAILED = 1


@dataclass(frozen=True)
class Drawing:
    """One pipeline's drawings, as recorded in the assembly."""

    path: str
    mermaid: str
    dot: str

    @property
    def file_stem(self) -> str:
        return re.sub(r"[^A-Za-z0-9_.-]+", "-", self.path).strip("-")


@click.command("graph")
@click.argument(
    "source", type=click.Path(exists=True, file_okay=False, dir_okay=True, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("pipeline-graphs"),
    show_default=True,
    help="Folder for the <pipeline path>.mmd (and .svg) files.",
)
def graph(source: Path, output: Path) -> None:
    """Draw every pipeline of the app in SOURCE: an app folder with a cdk.json, or a cdk.out.

    Writes one Mermaid file per pipeline and, where Graphviz's `dot` is installed, an SVG.
    """
    if (source / "manifest.json").is_file():
        drawings = list(read_drawings(source))
    elif (source / "cdk.json").is_file():
        with tempfile.TemporaryDirectory(prefix="glueforge-graph-") as assembly:
            _synthesize(source, Path(assembly))
            drawings = list(read_drawings(Path(assembly)))
    else:
        raise click.BadParameter(
            f"{source} has neither a manifest.json (a cdk.out) nor a cdk.json (an app folder)",
            param_hint="SOURCE",
        )
    if not drawings:
        _fail(f"no glueforge pipelines in the app at {source}")

    output.mkdir(parents=True, exist_ok=True)
    dot = shutil.which("dot")
    for drawing in sorted(drawings, key=lambda d: d.path):
        mermaid_file = output / f"{drawing.file_stem}.mmd"
        mermaid_file.write_text(drawing.mermaid)
        click.echo(f"{drawing.path}: {mermaid_file}")
        if dot is not None:
            svg_file = output / f"{drawing.file_stem}.svg"
            result = subprocess.run(
                [dot, "-Tsvg", "-o", str(svg_file)],
                input=drawing.dot,
                text=True,
                capture_output=True,
            )
            if result.returncode != 0:
                _fail(f"dot could not draw {drawing.path}: {result.stderr.strip()}")
            click.echo(f"{drawing.path}: {svg_file}")
    if dot is None:
        click.echo("Graphviz's `dot` is not installed: wrote Mermaid files only.", err=True)


def read_drawings(assembly: Path) -> Iterator[Drawing]:
    """Every pipeline drawing in the cloud assembly at ``assembly``, nested stages included."""
    manifest = json.loads((assembly / "manifest.json").read_text())
    for artifact in manifest.get("artifacts", {}).values():
        properties = artifact.get("properties", {})
        if artifact.get("type") == "cdk:cloud-assembly":
            yield from read_drawings(assembly / properties["directoryName"])
            continue
        metadata = dict(artifact.get("metadata", {}))
        if "additionalMetadataFile" in artifact:
            metadata.update(json.loads((assembly / artifact["additionalMetadataFile"]).read_text()))
        for entries in metadata.values():
            for entry in entries:
                if entry.get("type") == PIPELINE_METADATA:
                    data = entry["data"]
                    yield Drawing(path=data["path"], mermaid=data["mermaid"], dot=data["dot"])


def _synthesize(app_dir: Path, assembly: Path) -> None:
    """Run the app command of ``app_dir/cdk.json`` with its output set to ``assembly``."""
    config = json.loads((app_dir / "cdk.json").read_text())
    command = config.get("app")
    if not command:
        raise click.BadParameter(
            f'{app_dir / "cdk.json"} has no "app" command', param_hint="SOURCE"
        )
    # aws-cdk-lib's App writes its assembly to $CDK_OUTDIR, as under `cdk synth`.
    env = {**os.environ, "CDK_OUTDIR": str(assembly)}
    result = subprocess.run(
        shlex.split(command), cwd=app_dir, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        _fail(f"the app in {app_dir} failed to synthesize ({command}):\n{result.stderr.strip()}")


def _fail(message: str) -> None:
    click.secho(message, err=True, fg="red")
    sys.exit(EXIT_FAILED)
