"""A job's arguments with their local values: the ``sys.argv`` a local run gives its script.

Deploy-time values come from each argument's
:class:`~glueforge.assembly.local_arguments.LocalArgument`, recorded by the spec that
wrote the argument; the arguments Glue itself passes get their local stand-ins here.
"""

from __future__ import annotations

from pathlib import Path

from glueforge.jobs.arguments import BOOKMARK_OPTION, JOB_NAME, TEMP_DIR, bookmark_value, option
from glueforge.local.errors import LocalRunError
from glueforge.local.local_job import LocalJob
from glueforge.local.locations import temp_dir


def local_arguments(job: LocalJob, data_dir: Path) -> dict[str, str]:
    """Every argument the script reads, with its local value."""
    glue_given = {JOB_NAME: job.job_name, TEMP_DIR: temp_dir(data_dir, job.job_name)}
    values: dict[str, str] = {}
    for name in job.argument_names:
        if name in glue_given:
            values[name] = glue_given[name]
        elif name in job.local_arguments:
            values[name] = job.local_arguments[name].local_value()
        else:
            raise LocalRunError(f"{job.path}: argument --{name} has no local mapping")
    return values


def local_argv(job: LocalJob, data_dir: Path, *, bookmarks: bool) -> list[str]:
    """``sys.argv`` as Glue passes it: the script, then ``--name value`` pairs."""
    argv = [job.file_name, option(BOOKMARK_OPTION), bookmark_value(bookmarks)]
    for name, value in local_arguments(job, data_dir).items():
        argv += [option(name), value]
    return argv
