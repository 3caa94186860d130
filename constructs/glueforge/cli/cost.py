"""``glueforge cost``: what every job, crawler and pipeline of an app costs, and the total.

Reads the cost inputs each construct records in the cloud assembly (type
``glueforge:cost``), so it never imports the app; see :mod:`glueforge.cost.model`.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from glueforge.cli import options

EXIT_OVER_BUDGET = 1


@click.command("cost")
@options.app
@options.json_output
@click.option("--markdown", is_flag=True, help="Print a Markdown table, e.g. for a PR comment.")
@click.option(
    "--month",
    default=None,
    metavar="YYYY-MM",
    help="Count scheduled runs in this month. Default: 2027-01, a 31-day month.",
)
@options.debug
def cli(app: Path, as_json: bool, markdown: bool, month: str | None) -> None:
    """Estimate the cost of every Glue job, crawler and pipeline of the app (--app), per run
    and per month.

    An app folder is synthesized afresh; a cloud assembly such as cdk.out is read as it is.
    Prices are glueforge's table (us-east-1 list prices, USD). Exits 1 when a guardrail
    (max_cost_per_run, monthly_budget) is exceeded in the chosen month.
    """
    from glueforge.cli.offline import assembly
    from glueforge.cost.model import parse_month, report_from_assembly, to_markdown, to_text

    if as_json and markdown:
        raise click.BadParameter("choose one of --json and --markdown")
    try:
        chosen = parse_month(month)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--month") from None
    with assembly(app) as outdir:
        report = report_from_assembly(outdir, chosen)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
    elif markdown:
        click.echo(to_markdown(report), nl=False)
    else:
        click.echo(to_text(report), nl=False)
    if report.problems:
        raise SystemExit(EXIT_OVER_BUDGET)
