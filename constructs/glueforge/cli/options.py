"""Options shared by the ops commands, declared once."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import click

from glueforge.ops.aws import Aws


@dataclass
class Ops:
    """What every ops command receives: where to call AWS and how to report."""

    aws: Aws
    json: bool = False
    assembly_dir: str = "cdk.out"
    poll_interval: float = 5.0
    _assembly: Any = field(default=None, repr=False)

    @property
    def assembly(self):
        from glueforge.ops.resolve import Assembly

        if self._assembly is None:
            self._assembly = Assembly(self.assembly_dir)
        return self._assembly

    def resolve(self, name: str, type_: str):
        from glueforge.ops.resolve import resolve

        return resolve(name, type_, self.assembly, lambda: self.aws.client("cloudformation"))


_GLOBAL = [
    click.option("--profile", envvar="AWS_PROFILE", help="AWS profile to use."),
    click.option("--region", help="AWS region (default: the profile's or AWS_REGION)."),
    click.option(
        "--endpoint-url",
        help="Send every AWS call here, e.g. a moto server or LocalStack.",
    ),
    click.option("--json", "as_json", is_flag=True, help="Print one JSON document (for CI)."),
    click.option(
        "--app-dir",
        default="cdk.out",
        show_default=True,
        type=click.Path(file_okay=False),
        help="Synthesized cloud assembly that construct paths resolve against.",
    ),
    click.option("--debug", is_flag=True, help="Show tracebacks."),
    click.option("--poll-interval", type=click.FloatRange(min=0), default=5.0, hidden=True),
]


def ops_command(func: Callable) -> Callable:
    """Add the global options to a command and pass it an :class:`Ops` as ``ops``."""

    @functools.wraps(func)
    def wrapper(
        *args, profile, region, endpoint_url, as_json, app_dir, debug, poll_interval, **kwargs
    ):
        click.get_current_context().meta["glueforge.debug"] = debug
        ops = Ops(
            Aws(profile=profile, region=region, endpoint_url=endpoint_url),
            json=as_json,
            assembly_dir=app_dir,
            poll_interval=poll_interval,
        )
        return func(*args, ops=ops, **kwargs)

    for option in reversed(_GLOBAL):
        wrapper = option(wrapper)
    return wrapper


wait = click.option(
    "--wait/--no-wait", default=False, help="Follow the run until it ends; exit by its state."
)
timeout = click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=None,
    help="With --wait: give up after this many seconds (exit 1). Default: no limit.",
)
