"""Run a Python shell job's exact script with plain Python: no Spark session.

The script runs in a subprocess of this interpreter (the venv's), as Glue runs it: its
arguments as ``--name value`` pairs after the script's name, read with
``awsglue.utils.getResolvedOptions``, which the local ``awsglue`` shim provides (its
folder goes first on ``PYTHONPATH``). The job's extra ``.py`` files and pure-Python
``.whl`` wheels go on the path too, as ``--extra-py-files`` puts them on Glue's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glueforge.assembly.reader import script_entries
from glueforge.core.vocabulary import JobCommand
from glueforge.jobs.arguments import JOB_NAME, TEMP_DIR, option
from glueforge.local.errors import LocalRunError
from glueforge.local.locations import STATE_DIR, temp_dir

#: the ``kind`` a Python shell job records in the assembly (its Command.Name)
PYTHON_SHELL_KIND = JobCommand.PYTHON_SHELL.value
SHIM_DIR = Path(__file__).resolve().parent / "shim"
#: how many trailing lines of the script's stderr a failed run reports
STDERR_TAIL_LINES = 20


@dataclass(frozen=True)
class LocalPythonShellJob:
    """A Python shell job as local runs see it: its script, arguments and extra files."""

    path: str
    job_name: str
    file_name: str
    script: str
    argument_names: tuple[str, ...]
    #: argument name -> its literal value, or None for a deploy-time value
    arguments: dict[str, str | None] = field(default_factory=dict)
    extra_python_files: tuple[str, ...] = ()

    @classmethod
    def from_metadata(cls, path: str, data: dict[str, Any]) -> LocalPythonShellJob:
        return cls(
            path=path,
            job_name=data["jobName"],
            file_name=data["fileName"],
            script=data["script"],
            argument_names=tuple(data["argumentNames"]),
            arguments=dict(data.get("arguments", {})),
            extra_python_files=tuple(data.get("extraPythonFiles", ())),
        )

    @classmethod
    def from_construct(cls, job: Any) -> LocalPythonShellJob:
        """From a ``PythonShellJob`` construct: the very record it keeps for the assembly."""
        return cls.from_metadata(job.node.path, job.script_metadata)


@dataclass(frozen=True)
class PythonShellRun:
    """How a local run of a Python shell script ended."""

    job: str
    seconds: float
    exit_code: int
    arguments: dict[str, str]
    stdout: str
    stderr: str

    @property
    def succeeded(self) -> bool:
        return self.exit_code == 0

    def stderr_tail(self, lines: int = STDERR_TAIL_LINES) -> str:
        return "\n".join(self.stderr.strip().splitlines()[-lines:])

    def as_dict(self) -> dict[str, Any]:
        return {
            "job": self.job,
            "kind": PYTHON_SHELL_KIND,
            "seconds": round(self.seconds, 3),
            "exit_code": self.exit_code,
            "arguments": self.arguments,
            "stderr_tail": self.stderr_tail(),
        }


def python_shell_jobs(assembly: str | Path) -> list[LocalPythonShellJob]:
    """Every Python shell job of a synthesized cloud assembly."""
    return [
        LocalPythonShellJob.from_metadata(path, data)
        for path, data in sorted(script_entries(assembly), key=lambda entry: entry[0])
        if data.get("kind") == PYTHON_SHELL_KIND
    ]


def find_python_shell_job(jobs: list[LocalPythonShellJob], name: str) -> LocalPythonShellJob | None:
    """By job name, construct path, or the last parts of a construct path; None if none."""
    for job in jobs:
        if name in (job.job_name, job.path):
            return job
    matches = [j for j in jobs if j.path.endswith("/" + name.strip("/"))]
    return matches[0] if len(matches) == 1 else None


def local_argv(job: LocalPythonShellJob, data_dir: Path) -> list[str]:
    """``sys.argv`` as Glue passes it: the script, then ``--name value`` pairs."""
    given = {JOB_NAME: job.job_name, TEMP_DIR: temp_dir(data_dir, job.job_name)}
    argv = [job.file_name]
    for name in job.argument_names:
        value = given.get(name, job.arguments.get(name))
        if value is None:
            raise LocalRunError(
                f"{job.path}: argument --{name} is a deploy-time value (e.g. a bucket's "
                "name), which a local run has no value for; pass a literal in "
                "default_arguments, or a setting in template_variables"
            )
        argv += [option(name), value]
    return argv


def run_python_shell(
    job: LocalPythonShellJob,
    *,
    data_dir: str | Path,
    python: str = sys.executable,
    timeout_seconds: float | None = None,
) -> PythonShellRun:
    """Run ``job``'s script with ``python`` in ``data_dir``; returns how it ended.

    :param python: the interpreter. Default: this one (the venv's).
    :param timeout_seconds: stop the script after this long. Default: no limit.
    :raises LocalRunError: when the data folder is missing, an argument has no local
        value, or the script outlives ``timeout_seconds``.
    """
    data_dir = Path(data_dir).resolve()
    if not data_dir.is_dir():
        raise LocalRunError(f"data folder {data_dir} does not exist")
    argv = local_argv(job, data_dir)
    script_path = data_dir / STATE_DIR / "scripts" / job.file_name
    script_path.parent.mkdir(parents=True, exist_ok=True)
    script_path.write_text(job.script)
    started = time.monotonic()
    try:
        result = subprocess.run(
            [python, str(script_path), *argv[1:]],
            cwd=data_dir,
            env=_environment(job),
            capture_output=True,
            text=True,
            timeout=timeout_seconds,
        )
    except subprocess.TimeoutExpired:
        raise LocalRunError(f"{job.job_name}: still running after {timeout_seconds:g}s") from None
    values = dict(zip(argv[1::2], argv[2::2], strict=True))
    return PythonShellRun(
        job=job.job_name,
        seconds=time.monotonic() - started,
        exit_code=result.returncode,
        arguments={k.removeprefix("--"): v for k, v in values.items()},
        stdout=result.stdout,
        stderr=result.stderr,
    )


def _environment(job: LocalPythonShellJob) -> dict[str, str]:
    """The shim first, then the job's extra files (a .py's folder, a wheel itself)."""
    paths = [str(SHIM_DIR)]
    for raw in job.extra_python_files:
        extra = Path(raw)
        if not extra.is_file():
            raise LocalRunError(f"{job.path}: extra Python file {raw} no longer exists")
        entry = str(extra.parent if extra.suffix == ".py" else extra)
        if entry not in paths:
            paths.append(entry)
    inherited = os.environ.get("PYTHONPATH")
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([*paths, *([inherited] if inherited else [])]),
    }
