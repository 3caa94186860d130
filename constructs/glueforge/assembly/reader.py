"""Read a synthesized cloud assembly, or synthesize an app folder into one.

The CLI works on what an app synthesizes, so it reads the assembly rather than importing
user code: any CDK app, in any layout, works as long as ``cdk.json`` says how to run it.
The offline commands (render, graph, check, cost, local-run) synthesize an app folder
afresh (:func:`assembly_dir`); the ops commands read what it last synthesized
(:func:`last_synth`). Nothing here imports aws-cdk-lib, so the CLI starts fast.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Construct metadata types glueforge records for its offline commands to read back.
# Job scripts: one entry per stack (on its scripts deployment), a list of one record per
# job, each with the job's construct path as ``path`` (read them with script_entries).
SCRIPT_METADATA = "glueforge:job-scripts"
PIPELINE_METADATA = "glueforge:pipeline"
# Where the CDK CLI writes an app's assembly unless cdk.json's "output" says otherwise.
DEFAULT_OUTPUT = "cdk.out"


class AssemblyError(RuntimeError):
    """The folder is neither a cloud assembly nor a CDK app that synthesizes.

    ``exit_code`` is 2 for a folder that is not an app at all (a usage error) and 1 for
    an app that fails to synthesize. ``output`` is all the app printed (for ``--debug``);
    the message holds only its error (:func:`app_error`).
    """

    def __init__(self, message: str, exit_code: int, output: str = ""):
        super().__init__(message)
        self.exit_code = exit_code
        self.output = output


@dataclass(frozen=True)
class StackArtifact:
    """One stack of an assembly: its id, stack name, template file and construct metadata."""

    artifact_id: str
    stack_name: str
    template_file: Path
    metadata: dict[str, list[dict[str, Any]]]

    def template(self) -> dict[str, Any]:
        """The stack's template; :class:`AssemblyError` (exit 2) when unreadable."""
        template = read_json(self.template_file, f"the template of stack {self.artifact_id}")
        if not isinstance(template, dict):
            raise AssemblyError(f"{self.template_file} holds no JSON object (a template)", 2)
        return template

    def logical_id_paths(self) -> dict[str, str]:
        """logical id -> construct path, from the ``aws:cdk:logicalId`` metadata entries.

        These stay when ``cdk synth --no-path-metadata`` drops ``aws:cdk:path`` from the
        template.
        """
        return {
            entry["data"]: path.strip("/")
            for path, entries in self.metadata.items()
            for entry in entries
            if entry.get("type") == "aws:cdk:logicalId"
        }


def stacks(outdir: str | Path) -> Iterator[StackArtifact]:
    """Every stack in the assembly at ``outdir``, nested stages included."""
    outdir = Path(outdir)
    manifest_file = outdir / "manifest.json"
    manifest = read_json(manifest_file, "the cloud assembly's manifest")
    artifacts = manifest.get("artifacts", {}) if isinstance(manifest, dict) else None
    if not isinstance(artifacts, dict):
        raise AssemblyError(f"{manifest_file} holds no artifacts object (a manifest)", 2)
    for artifact_id, artifact in artifacts.items():
        props = artifact.get("properties", {})
        if artifact.get("type") == "aws:cloudformation:stack":
            metadata = dict(artifact.get("metadata", {}))
            # Recent aws-cdk-lib writes construct metadata to a file of its own.
            extra = artifact.get("additionalMetadataFile")
            if extra and (outdir / extra).is_file():
                metadata.update(read_json(outdir / extra, f"the metadata of {artifact_id}"))
            yield StackArtifact(
                artifact_id,
                props.get("stackName", artifact_id),
                outdir / _manifest_field(manifest_file, artifact_id, props, "templateFile"),
                metadata,
            )
        elif artifact.get("type") == "cdk:cloud-assembly":
            directory = _manifest_field(manifest_file, artifact_id, props, "directoryName")
            yield from stacks(outdir / directory)


def read_json(file: Path, what: str) -> Any:
    """The JSON in ``file`` (``what`` it is, for the message); :class:`AssemblyError`
    (exit 2) naming the file when it is missing or not JSON."""
    try:
        text = file.read_text()
    except OSError as error:
        raise AssemblyError(f"cannot read {what}, {file}: {error.strerror}", 2) from None
    try:
        return json.loads(text)
    except ValueError as error:
        raise AssemblyError(f"{file} ({what}) is not valid JSON: {error}", 2) from None


def _manifest_field(manifest_file: Path, artifact_id: str, props: Any, key: str) -> str:
    value = props.get(key) if isinstance(props, dict) else None
    if not isinstance(value, str) or not value:
        raise AssemblyError(
            f'{manifest_file}: artifact {artifact_id} has no "{key}" in its properties', 2
        )
    return value


def metadata_entries(outdir: str | Path, entry_type: str) -> list[tuple[str, Any]]:
    """``(construct path, data)`` of every metadata entry of ``entry_type``."""
    found = []
    for stack in stacks(outdir):
        for path, entries in stack.metadata.items():
            found.extend(
                (path.strip("/"), e.get("data")) for e in entries if e.get("type") == entry_type
            )
    return found


def script_entries(outdir: str | Path) -> list[tuple[str, dict[str, Any]]]:
    """``(job construct path, record)`` of every glueforge job's script in the assembly.

    Each stack records its jobs in one :data:`SCRIPT_METADATA` entry (a jsii round trip
    per stack rather than per job, issue 18): a list of records, each naming its job's
    construct path as ``path``, beside ``fileName``, ``language``, ``script`` and what a
    local run needs.
    """
    return [
        (record["path"], record)
        for _, records in metadata_entries(outdir, SCRIPT_METADATA)
        for record in records
    ]


def is_assembly(folder: str | Path) -> bool:
    """Whether ``folder`` is a cloud assembly (it holds a ``manifest.json``)."""
    return (Path(folder) / "manifest.json").is_file()


def last_synth(app: str | Path) -> Path:
    """The cloud assembly ``app`` last synthesized, without synthesizing anything.

    ``app`` itself when it is an assembly; else the app folder's output folder, as the
    CDK CLI chooses it (``"output"`` in its cdk.json, default ``cdk.out``), where
    ``cdk synth`` and ``cdk deploy`` left it. That folder may not exist.
    """
    app = Path(app)
    if is_assembly(app):
        return app
    config = _cdk_config(app / "cdk.json") if (app / "cdk.json").is_file() else {}
    return app / (config.get("output") or DEFAULT_OUTPUT)


def _cdk_config(config_file: Path) -> dict[str, Any]:
    config = read_json(config_file, "the app's CDK config")
    if not isinstance(config, dict):
        raise AssemblyError(f"{config_file} holds no JSON object", 2)
    return config


def assembly_dir(source: str | Path, *, outdir: str | Path) -> Path:
    """``source`` if it is an assembly; else synthesize the CDK app there into ``outdir``."""
    source = Path(source)
    if is_assembly(source):
        return source
    config_file = source / "cdk.json"
    if not config_file.is_file():
        raise AssemblyError(
            f"{source} has neither a manifest.json (a cdk.out) nor a cdk.json (an app folder)",
            2,
        )
    command = _cdk_config(config_file).get("app")
    if not command:
        raise AssemblyError(f'{config_file} has no "app" command', 2)
    env = {**os.environ, "CDK_OUTDIR": str(Path(outdir).resolve())}
    env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    result = subprocess.run(
        shlex.split(command), cwd=source, env=env, capture_output=True, text=True
    )
    if result.returncode != 0 or not (Path(outdir) / "manifest.json").is_file():
        output = result.stderr or result.stdout
        raise AssemblyError(
            f"the app in {source} failed to synthesize ({command}):\n{app_error(output)}",
            1,
            output=output,
        )
    return Path(outdir)


_TRACEBACK = "Traceback (most recent call last):"
_MESSAGE_LINES = 10
# A line of the tree under "Relates to construct:" in a jsii JavaScript error.
_TREE_LINE = re.compile(r"^(?P<indent>\s*)[└├]─\s*(?P<id>\S+) \(")


def app_error(output: str) -> str:
    """What a failed app's output says went wrong, without its traceback's frames.

    The last Python exception's message (a :class:`GlueforgeValidationError`'s names the
    construct path; other exceptions keep their type), and for an error from aws-cdk-lib
    the construct it names. Output with no Python traceback: its last 5 lines.
    """
    lines = output.strip().splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith(_TRACEBACK)]
    after = lines[starts[-1] + 1 :] if starts else []
    # Frames are indented; the exception line is the first one that is not.
    first = next((i for i, line in enumerate(after) if line and not line[0].isspace()), None)
    if first is None:
        return "\n".join(lines[-5:])
    message = after[first : first + _MESSAGE_LINES]
    kind, _, text = message[0].partition(": ")
    kind = kind.rsplit(".", 1)[-1]
    from_jsii = "jsii.errors.JavaScriptError" in output and kind == "RuntimeError"
    message[0] = text if kind == "GlueforgeValidationError" or from_jsii else f"{kind}: {text}"
    path = _related_construct(lines)
    if path and path not in "\n".join(message):
        message.append(f"(construct {path})")
    return "\n".join(message)


def _related_construct(lines: list[str]) -> str | None:
    """The construct path under a jsii error's last "Relates to construct:" tree."""
    marks = [i for i, line in enumerate(lines) if line.strip() == "Relates to construct:"]
    if not marks:
        return None
    chain: list[tuple[int, str]] = []
    for line in lines[marks[-1] + 2 :]:  # the line after the mark is the app, "<.>"
        match = _TREE_LINE.match(line)
        if match is None:
            break
        depth = len(match["indent"])
        while chain and chain[-1][0] >= depth:
            chain.pop()
        chain.append((depth, match["id"]))
    return "/".join(node for _, node in chain) or None
