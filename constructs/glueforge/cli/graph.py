"""``glueforge graph``: draw every pipeline of an app, as Mermaid and (with Graphviz) SVG.

Each :class:`glueforge.Pipeline` records its drawings in its construct metadata at synth
(type ``glueforge:pipeline``), so they travel in the cloud assembly: the stack's
metadata file (``additionalMetadataFile`` in ``manifest.json``) or its inline
``metadata``. This command reads them from an existing ``cdk.out``, or first synthesizes
an app directory by running the ``app`` command of its ``cdk.json`` into a temporary
assembly, as the CDK CLI does (:mod:`glueforge.assembly.reader`). It never imports the app.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click

from glueforge.assembly.reader import PIPELINE_METADATA, metadata_entries
from glueforge.cli import options
from glueforge.cli.offline import assembly

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
@options.app
@options.output("pipeline-graphs", "the <pipeline path>.mmd (and .svg) files")
@options.debug
def graph(app: Path, output: Path) -> None:
    """Draw every pipeline of the app (--app): an app folder with a cdk.json, or a cdk.out.

    Writes one Mermaid file per pipeline and, where Graphviz's `dot` is installed, an SVG.
    """
    with assembly(app) as outdir:
        drawings = list(read_drawings(outdir))
    if not drawings:
        _fail(f"no glueforge pipelines in the app at {app}")

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


def read_drawings(outdir: Path) -> Iterator[Drawing]:
    """Every pipeline drawing in the cloud assembly at ``outdir``, nested stages included."""
    for _, data in metadata_entries(outdir, PIPELINE_METADATA):
        yield Drawing(path=data["path"], mermaid=data["mermaid"], dot=data["dot"])


def _fail(message: str) -> None:
    click.secho(message, err=True, fg="red")
    sys.exit(EXIT_FAILED)


cli = graph
