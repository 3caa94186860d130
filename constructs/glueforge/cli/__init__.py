"""The ``glueforge`` command line.

Exit codes: 0 ok; 1 a run failed, timed out or could not start; 2 a usage or
configuration error (bad option, missing credentials or region, unknown resource, a
broken manifest.json, cdk.json or bookmark file).
Errors print as one red line on stderr naming the file, or the endpoint and operation;
``--debug`` adds the traceback. With ``--json`` an error is also the one JSON document on
stdout: ``{"error": {"message": ..., "exit_code": ...}}``.
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
    "stop": "stop",
    "dq": "dq",
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

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Read before any parsing, so a usage error (exit 2) also answers in JSON.
        from glueforge.cli.options import JSON

        ctx.meta[JSON] = "--json" in args
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.ClickException as error:
            from glueforge.cli.output import emit_error

            emit_error(error.format_message(), error.exit_code)
            raise
        except (click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            from glueforge.cli.options import DEBUG
            from glueforge.cli.output import app_failed, emit_error, error_line

            message, exit_code, details = _reported(error)
            output = getattr(error, "output", "")
            if ctx.meta.get(DEBUG) and not output:
                from rich.console import Console

                Console(stderr=True).print_exception()
            if output:  # an app's own output, shown in full with --debug
                app_failed(error, debug=bool(ctx.meta.get(DEBUG)))
            else:
                error_line(message)
            emit_error(message, exit_code, details)
            ctx.exit(exit_code)


def _reported(error: Exception) -> tuple[str, int, dict]:
    """The message, exit code and details of an error no command handled itself."""
    from glueforge.assembly.reader import AssemblyError
    from glueforge.ops.aws import OpsError, explain

    if isinstance(error, AssemblyError):
        return str(error), error.exit_code, {}
    try:
        reported = explain(error, "finish the command")
    except Exception:
        reported = OpsError(f"unexpected {type(error).__name__}: {error}")
    return str(reported), reported.exit_code, reported.details


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
