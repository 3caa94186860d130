"""``glueforge local-crawl``: fill the local catalog from local files, as a crawler would."""

from __future__ import annotations

from pathlib import Path

import click

from glueforge.cli import options
from glueforge.cli.output import error_line, out


@click.command("local-crawl")
@click.argument("location")
@click.option("--database", required=True, help="Catalog database of the tables.")
@options.data
@click.option(
    "--exclude", "exclusions", multiple=True, help="Glob of keys to skip, e.g. 'analytics/**'."
)
@options.catalog
@options.master
@options.debug
def cli(
    location: str,
    database: str,
    data_dir: str,
    exclusions: tuple[str, ...],
    catalog_file: str | None,
    master: str,
) -> None:
    """Register each folder under LOCATION (e.g. s3://CuratedBucket/) as a table.

    Schemas are inferred by Spark; key=value folders become partition columns. A CSV
    file's first row is its header when Glue's built-in CSV classifier would say so
    (docs/local-runs.md); otherwise the columns are col1, col2, ...
    """
    from glueforge.local import LocalRunError
    from glueforge.local.catalog import CATALOG_FILE, LocalCatalog, crawl
    from glueforge.local.session import spark_session

    data = Path(data_dir).resolve()
    catalog = LocalCatalog(Path(catalog_file) if catalog_file else data / CATALOG_FILE)
    try:
        tables = crawl(
            spark_session(master), catalog, database, location, data_dir=data, exclusions=exclusions
        )
    except LocalRunError as error:
        error_line(str(error))
        raise SystemExit(1) from None
    for name, entry in tables.items():
        columns = ", ".join(f"{c} {t}" for c, t in entry["schema"].items())
        out().print(
            f"{database}.{name}: {entry['location']} ({entry['format']}{_csv(entry)}): {columns}",
            markup=False,
        )
        if entry.get("headerProblems"):
            reasons = "; ".join(entry["headerProblems"])
            out().print(f"  first row read as data, not a header: {reasons}", markup=False)


def _csv(entry: dict) -> str:
    """How a CSV table's files are laid out, as the built-in classifier found it."""
    options = entry.get("formatOptions")
    if not options:
        return ""
    header = "header row" if options["withHeader"] else "no header row"
    return f", {header}, separator {options['separator']!r}"
