"""``glueforge render``: write every job's script to disk, for review."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("render")
@click.argument("app", default=".", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--out",
    "out_dir",
    default="rendered-scripts",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder to write the scripts into (one sub-folder per construct path).",
)
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def cli(app: str, out_dir: str, as_json: bool) -> None:
    """Write the script of every glueforge job in APP to disk.

    APP is a CDK app folder (with cdk.json; it is synthesized first) or a synthesized
    cloud assembly such as cdk.out. The scripts are exactly what deploys, so they can be
    reviewed in a pull request.
    """
    from glueforge.assembly.reader import SCRIPT_METADATA, metadata_entries
    from glueforge.cli.offline import assembly

    with assembly(app) as outdir:
        entries = metadata_entries(outdir, SCRIPT_METADATA)
    written = []
    for path, data in sorted(entries):
        target = Path(out_dir) / path.replace("/", "__") / data["fileName"]
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
