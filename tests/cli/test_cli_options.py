"""Options the commands share are spelled, defaulted and explained one way."""

from __future__ import annotations

import collections

import click
import pytest

from glueforge.cli import COMMANDS, cli

# Declared once by a factory in glueforge.cli.options: same names and type everywhere,
# a default or wording of each command's own.
PER_COMMAND_WORDING = {"--output", "--run-id"}


def every_command() -> dict[str, click.Command]:
    found = {}
    for name in COMMANDS:
        command = cli.get_command(click.Context(cli), name)
        if isinstance(command, click.Group):
            for sub_name, sub in command.commands.items():
                found[f"{name} {sub_name}"] = sub
        else:
            found[name] = command
    return found


COMMANDS_BY_NAME = every_command()


@pytest.mark.parametrize("name", sorted(COMMANDS_BY_NAME))
def test_every_command_takes_the_app_one_way(name):
    command = COMMANDS_BY_NAME[name]
    apps = [p for p in command.params if p.name == "app" or "--app-dir" in p.opts]
    if name == "local-crawl":  # reads local files only, never an app
        assert apps == []
        return
    [app] = apps
    assert isinstance(app, click.Option)
    assert app.opts == ["-a", "--app"] and app.default == "."
    assert not any(
        isinstance(p, click.Argument) and p.name in ("app", "source") for p in command.params
    )


@pytest.mark.parametrize("name", sorted(COMMANDS_BY_NAME))
def test_every_command_takes_debug(name):
    assert "--debug" in [opt for p in COMMANDS_BY_NAME[name].params for opt in p.opts]


def test_a_shared_option_reads_the_same_in_every_command():
    seen = collections.defaultdict(set)
    for command in COMMANDS_BY_NAME.values():
        for param in command.params:
            if isinstance(param, click.Option):
                key = tuple(param.opts)
                kind = str(sorted(param.type.to_info_dict().items()))
                seen[key].add((param.name, param.help, repr(param.default), kind))
    differing = {
        opts: variants
        for opts, variants in seen.items()
        if len(variants) > 1 and not PER_COMMAND_WORDING & set(opts)
    }
    assert differing == {}
