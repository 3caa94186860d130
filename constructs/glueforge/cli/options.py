"""Options shared by the commands, each declared once and used as a decorator.

As in pip-tools' ``scripts/options.py``: ``@options.app``, ``@options.json_output``. Where
commands share an option but not its default or its wording, a small factory here still
declares the option's names and type once (:func:`output`, :func:`run_id`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from glueforge.assembly.resources import AssemblyResources
    from glueforge.ops.aws import Aws
    from glueforge.ops.resolve import Resolved

# ctx.meta key: shared by every context of one invocation, read by the group's error handler.
DEBUG = "glueforge.debug"
# ctx.meta key: the invocation asked for --json, so errors too answer on stdout in JSON.
JSON = "glueforge.json"

# ---- every command ---------------------------------------------------------------------

app = click.option(
    "-a",
    "--app",
    default=".",
    show_default=True,
    metavar="DIR",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The CDK app: a folder with a cdk.json, or a cloud assembly it synthesized "
    "(a cdk.out). Offline commands synthesize an app folder afresh; ops commands read "
    "its last synth (cdk.json's output, default cdk.out).",
)


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    ctx.meta[DEBUG] = bool(value)


debug = click.option(
    "--debug",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_set_debug,
    help="Show the traceback of an error.",
)


def debugging() -> bool:
    """Whether the running command was given --debug."""
    return bool(click.get_current_context().meta.get(DEBUG))


def _set_json(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta[JSON] = True
    return value


json_output = click.option(
    "--json",
    "as_json",
    is_flag=True,
    callback=_set_json,
    help="Print one JSON document on stdout instead of text (for CI and scripts); "
    'a failure prints {"error": {"message": ..., "exit_code": ...}}.',
)


def wants_json() -> bool:
    """Whether the running command was given --json."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get(JSON))


def output(default: str, what: str) -> Callable:
    """``-o/--output``: the folder a command writes ``what`` into."""
    return click.option(
        "-o",
        "--output",
        default=default,
        show_default=True,
        metavar="DIR",
        type=click.Path(file_okay=False, path_type=Path),
        help=f"Folder for {what}.",
    )


# ---- local runs (local-run, local-crawl) -----------------------------------------------

data = click.option(
    "--data",
    "data_dir",
    default="local-data",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Local data folder: s3://BUCKET/KEY is DATA/<bucket construct id>/KEY.",
)
master = click.option("--master", default="local[*]", show_default=True, help="Spark master URL.")
catalog = click.option(
    "--catalog",
    "catalog_file",
    type=click.Path(dir_okay=False),
    help="Local catalog file. Default: DATA/catalog.json.",
)

# ---- ops commands ----------------------------------------------------------------------

profile = click.option("--profile", envvar="AWS_PROFILE", help="AWS profile to use.")
region = click.option("--region", help="AWS region (default: the profile's or AWS_REGION).")
endpoint_url = click.option(
    "--endpoint-url", help="Send every AWS call here, e.g. a moto server or LocalStack."
)
# Tests poll without sleeping; users have no reason to change it.
poll_interval = click.option(
    "--poll-interval", type=click.FloatRange(min=0), default=5.0, hidden=True
)
wait = click.option(
    "--wait/--no-wait", default=False, help="Follow the run until it ends; exit by its state."
)
timeout = click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=None,
    help="With --wait: give up after this many seconds (exit 1). Default: no limit.",
)


def run_id(help_text: str) -> Callable:
    """``--run-id``: one run of a job."""
    return click.option("--run-id", help=help_text)


@dataclass
class Ops:
    """What every ops command receives: where to call AWS, the app, and how to report."""

    aws: Aws
    json: bool = False
    app: Path = Path(".")
    poll_interval: float = 5.0
    _assembly: Any = field(default=None, repr=False)

    @property
    def assembly_dir(self) -> Path:
        """The app's last synthesized cloud assembly (which may not exist)."""
        from glueforge.assembly.reader import last_synth

        return last_synth(self.app)

    @property
    def assembly(self) -> AssemblyResources:
        from glueforge.assembly.resources import AssemblyResources

        if self._assembly is None:
            self._assembly = AssemblyResources(self.assembly_dir)
        return self._assembly

    def resolve(self, name: str, type_: str) -> Resolved:
        from glueforge.ops.resolve import resolve

        return resolve(name, type_, self.assembly, lambda: self.aws.client("cloudformation"))


_OPS_OPTIONS = (profile, region, endpoint_url, json_output, app, debug, poll_interval)


def ops_command(func: Callable) -> Callable:
    """Add the options of every ops command and pass the command an :class:`Ops` as ``ops``."""

    @functools.wraps(func)
    def wrapper(*args, profile, region, endpoint_url, as_json, app, poll_interval, **kwargs):
        from glueforge.ops.aws import Aws

        ops = Ops(
            Aws(profile=profile, region=region, endpoint_url=endpoint_url),
            json=as_json,
            app=app,
            poll_interval=poll_interval,
        )
        return func(*args, ops=ops, **kwargs)

    for option in reversed(_OPS_OPTIONS):
        wrapper = option(wrapper)
    return wrapper
