"""The ``glueforge`` command line.

Exit codes: 0 ok; 1 a run failed, timed out or could not start; 2 a usage or
configuration error (bad option, missing credentials or region, unknown resource).
Errors print as one red line on stderr; ``--debug`` adds the traceback.
"""

from __future__ import annotations

import click

from glueforge import __version__

# command name -> module under glueforge.cli (imported only when the command runs)
COMMANDS = {
    "run": "run",
    "crawl": "crawl",
    "start-workflow": "start_workflow",
    "status": "status",
    "runs": "runs",
    "logs": "logs",
    "bookmark": "bookmark",
    "render": "render",
    "graph": "graph",
    "local-run": "local_run",
    "local-crawl": "local_crawl",
    "cost": "cost",
    "check": "check",
}


class GlueforgeGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = COMMANDS.get(name)
        if module is None:
            return None
        import importlib

        return importlib.import_module(f"glueforge.cli.{module}").cli

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as error:
            from glueforge.cli.options import DEBUG
            from glueforge.cli.output import error_line

            if ctx.meta.get(DEBUG):
                from rich.console import Console

                Console(stderr=True).print_exception()
            message, exit_code = _reported(error)
            error_line(message)
            ctx.exit(exit_code)


def _reported(error: Exception) -> tuple[str, int]:
    """The one line and exit code of an error no command handled itself."""
    from glueforge.assembly.reader import AssemblyError
    from glueforge.ops.aws import OpsError, explain

    if isinstance(error, AssemblyError):
        return str(error), error.exit_code
    try:
        reported = explain(error, "finish the command")
    except Exception:
        reported = OpsError(f"unexpected {type(error).__name__}: {error}")
    return str(reported), reported.exit_code


@click.group(cls=GlueforgeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="glueforge")
def cli() -> None:
    """Build, check and operate AWS Glue apps made with glueforge.

    Offline: render writes every job's script for review; graph draws every pipeline;
    local-run runs a job's script on local Spark, and local-crawl fills its local catalog.
    cost estimates every job, crawler and pipeline; check is the CI gate (scripts,
    cfn-lint, cdk-nag, cost guardrails).
    Operate what an app deployed: run jobs and crawlers, follow workflows, and read
    status, run history, cost, logs and bookmarks.

    Every command but local-crawl takes -a/--app, the CDK app: a folder with a cdk.json
    (default: the current folder) or a cloud assembly such as cdk.out. Offline commands
    synthesize an app folder afresh, as `cdk synth` does; ops commands read what it last
    synthesized (cdk.json's "output", default cdk.out), the record of what was deployed.

    JOB, CRAWLER and NAME take a physical name or a construct path such as
    DataLake/Jobs/OrdersJob (resolved through the app's cloud assembly and the deployed
    stack). Ops commands also take --profile, --region and --endpoint-url. Every command
    takes --debug; all but graph and local-crawl take --json.
    """


def main() -> None:
    cli(prog_name="glueforge")
