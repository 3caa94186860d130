"""``glueforge render``: write every job's script to disk, for review."""

from __future__ import annotations

import json
from pathlib import Path

import click

from glueforge.cli import options


@click.command("render")
@options.app
@options.output("rendered-scripts", "the scripts (one sub-folder per construct path)")
@options.json_output
@options.debug
def cli(app: Path, output: Path, as_json: bool) -> None:
    """Write the script of every glueforge job of the app (--app) to disk.

    An app folder is synthesized afresh; a cloud assembly such as cdk.out is read as it
    is. The scripts are exactly what deploys, so they can be reviewed in a pull request.
    """
    from glueforge.assembly.reader import script_entries
    from glueforge.cli.offline import assembly

    with assembly(app) as outdir:
        entries = script_entries(outdir)
    written = []
    for path, data in sorted(entries):
        target = output / path.replace("/", "__") / data["fileName"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(data["script"])
        written.append({"construct": path, "file": str(target), "template": data["template"]})
    if as_json:
        click.echo(json.dumps(written, indent=2))
        return
    if not written:
        click.echo("no glueforge jobs found", err=True)
    for item in written:
        click.echo(f"{item['construct']}: {item['file']}")
