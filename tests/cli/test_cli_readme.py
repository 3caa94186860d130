"""Every `glueforge` command line in the README and the docs parses, and names what the
reference app has.

Parsing only: each line goes through click as the shell would pass it, so an option that
no longer exists, a missing argument or a bad value fails here. A JOB, CRAWLER or
workflow NAME must be a construct path or a physical name of the reference app.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from glueforge.assembly.resources import CRAWLER, JOB, WORKFLOW, AssemblyResources
from glueforge.cli import cli

ROOT = Path(__file__).resolve().parents[2]
# The README and every docs page: the operations and CI commands live in docs/.
README = "\n".join(
    page.read_text() for page in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
)
# the commands whose first argument names a Glue resource, and its type
NAMED = {
    "run": JOB,
    "runs": JOB,
    "logs": JOB,
    "show": JOB,
    "reset": JOB,
    "local-run": JOB,
    "crawl": CRAWLER,
    "start-workflow": WORKFLOW,
}


def command_lines() -> list[list[str]]:
    """The arguments of every `glueforge ...` line of the sh and yaml blocks."""
    found = []
    for block in re.findall(r"```(?:sh|yaml)\n(.*?)```", README, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip().removeprefix("- run:").removeprefix("- ").strip()
            if not line.startswith("glueforge "):
                continue
            words = shlex.split(line, comments=True)[1:]
            redirect = next((i for i, w in enumerate(words) if w in (">", ">>")), len(words))
            found.append(words[:redirect])
    return found


LINES = command_lines()


def test_the_readme_shows_the_commands_in_code_blocks():
    shown = {words[0] for words in LINES}
    # render and graph are shown in the prose, not in code blocks
    assert shown >= {"check", "cost", "local-run", "local-crawl", "status", "bookmark"}
    assert shown >= {"run", "crawl", "start-workflow", "runs", "logs"}


@pytest.mark.parametrize("words", LINES, ids=[" ".join(w) for w in LINES])
def test_readme_command_line_parses(words, reference, tmp_path, monkeypatch):
    # Run where the reference app's assembly is ./cdk.out, as after `make synth`.
    (tmp_path / "cdk.out").symlink_to(Path(reference.outdir).resolve())
    monkeypatch.chdir(tmp_path)
    command: click.Command = cli
    args = list(words)
    while isinstance(command, click.Group):
        name = args.pop(0)
        command = command.get_command(click.Context(command), name)
        assert command is not None, f"no command {name!r}"
    ctx = command.make_context(name, args)
    type_ = NAMED.get(name)
    if type_ is None:
        return
    given = ctx.params[command.params[0].name]
    resources = AssemblyResources(tmp_path / "cdk.out")
    if "/" in given:
        assert resources.find(given, type_) is not None, given
    else:
        assert given in {r.literal_name for r in resources.of_type(type_)}, given
