"""PythonShellJob: a Glue Python shell job, its script from a template or a local file.

A Python shell job runs one Python 3.9 script on 0.0625 or 1 DPU, with no Spark
(https://docs.aws.amazon.com/glue/latest/dg/add-job-python.html). Built on ``CfnJob``
for the same reasons as :class:`~glueforge.jobs.etl_job.EtlJob`: the script and wheels
are staged under the job's name (aws-cdk-lib's content-hash names break imports), and the
role is glueforge's least-privilege one rather than one the user writes by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aws_cdk import Duration
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from glueforge.core.errors import GlueforgeValidationError, raise_if_problems, require_types
from glueforge.core.limits import (
    NAME_MAX,
    UNSAFE_NAME_CHARACTERS,
    description_problems,
    name_problems,
    path_problems,
)
from glueforge.core.names import unique_resource_name
from glueforge.core.stack_cache import fixed_attribute, node_path, note_child, s3_url
from glueforge.core.tokens import is_unresolved
from glueforge.core.vocabulary import (
    PYTHON_SHELL_GLUE_VERSION,
    JobCommand,
    Language,
    LibrarySet,
    PythonVersion,
)
from glueforge.cost.guard import watch_costs
from glueforge.cost.model import CostInputs, per_run_problems
from glueforge.cost.prices import minimum_seconds, rate_for_worker
from glueforge.iam.documents import one_document
from glueforge.iam.grants import add_s3_prefix_read, add_s3_prefix_read_write
from glueforge.iam.placement import grant_policies
from glueforge.jobs.arguments import (
    JOB_NAME,
    LIBRARY_SET,
    TEMP_DIR,
    ArgRef,
    default_argument_problems,
    python_shell_arguments,
)
from glueforge.jobs.assets import JobFiles, folder_name_problems, temp_bucket
from glueforge.jobs.base import JobBase
from glueforge.jobs.capacity import python_shell_capacity_problems
from glueforge.jobs.job_common import (
    STAGED_UNDER_JOB_NAME,
    JobProps,
    literal_problems,
    path_character_problems,
    script_file_name,
    security_and_cost_problems,
    whole_minutes,
)
from glueforge.jobs.role import grant_job_logs, grant_python_shell_logs, role_and_grantee
from glueforge.jobs.script.checks import check_script
from glueforge.jobs.script.context import TEMPLATE_VARIABLES
from glueforge.jobs.script.environment import ScriptError, render
from glueforge.monitoring.alarms import JobAlarms, add_job_alarms
from glueforge.security.configuration import add_key_use

BUILT_IN_TEMPLATE = "python/shell.py.j2"
DEFAULT_MAX_CAPACITY = 0.0625
PAGE = "https://docs.aws.amazon.com/glue/latest/dg/add-job-python.html"
#: where a Python shell job's extra files are staged, inside the job's folder
EXTRA_FILES_FOLDER = "extra-py-files/"
EXTRA_FILE_SUFFIXES = (".py", ".whl")
# Python versions AWS once ran Python shell jobs on, and why each is refused.
RETIRED_PYTHON = {
    "3.6": f"Python shell 3.6 ended on 2026-03-01 ('Support for Pyshell v3.6 will end on "
    f"March 1, 2026', {PAGE})",
    "3": "PythonVersion '3' is Python 3.6 for Python shell, which ended on 2026-03-01",
    "2": "Python 2.7 is retired for Python shell jobs",
    "2.7": "Python 2.7 is retired for Python shell jobs",
}
# Python shell job logs: glueforge.core.log_groups.PYTHON_SHELL_LOG_GROUPS (UNCONFIRMED by
# a current AWS page), named after the configuration when encrypted. Choice: the names
# are not confirmed for Python 3.9, so the role may also write the Spark jobs' groups
# (grant_job_logs), which Glue 3.0 may use instead.
# Choice: no AWS page the search tool holds states a Python shell run's minimum billed
# duration (searched 2026-11-30: AWS Glue pricing, "Python shell", "1-minute minimum";
# only secondary sources, which say 1 minute). Taken at 1 minute, as Spark on Glue 2.0+,
# rather than per second with none: the estimate errs high, and says it is an assumption.
MINIMUM_ASSUMPTION = (
    "Python shell minimum billed duration assumed to be 1 minute: no AWS page confirms "
    "it (see glueforge.jobs.python_shell_job)"
)
# Job arguments a Python shell job cannot take, with why and what to do instead.
REFUSED_ARGUMENTS = {
    "--job-bookmark-option": f"Python shell jobs have no job bookmarks ({PAGE})",
    "--extra-files": f"'The --extra-files option cannot be used' for Python shell jobs ({PAGE})",
    "--enable-metrics": "Glue publishes no job metrics for Python shell jobs: they need the "
    "Spark GlueContext; watch runs with the job's state-change events instead",
    "--enable-observability-metrics": "Glue publishes no observability metrics for Python "
    "shell jobs (they need the Spark GlueContext)",
    "--additional-python-modules": "not confirmed for Python shell 3.9 by an AWS page "
    "glueforge holds; pass a wheel in extra_python_files",
    "--extra-py-files": "set by glueforge from extra_python_files; use that prop",
    LIBRARY_SET: "set by glueforge from library_set; use that prop",
}
PROP_TYPES: dict[str, Any] = {
    "template": (str, None),
    "script_file": (str, Path, None),
    "template_folders": (list, tuple),
    "template_variables": (Mapping, None),
    "python_version": str,
    "max_capacity": (int, float),
    "library_set": str,
    "extra_python_files": (list, tuple),
    "timeout": (Duration, None),
    "max_retries": int,
    "max_concurrent_runs": int,
    "job_run_queuing": bool,
    "job_name": (str, None),
    "description": (str, None),
    "encryption": bool,
    "default_arguments": (Mapping, None),
    "typical_duration": (Duration, None),
}


@dataclass(frozen=True)
class _Props(JobProps):
    """PythonShellJob's props as given (see :class:`PythonShellJob` for each)."""

    template: str | None
    script_file: str | Path | None
    template_folders: Sequence[str]
    template_variables: Mapping[str, Any] | None
    python_version: PythonVersion | str
    max_capacity: float
    library_set: LibrarySet | str
    extra_python_files: Sequence[str]
    timeout: Duration | None
    max_retries: int
    max_concurrent_runs: int
    job_run_queuing: bool
    role: iam.IRole | None
    job_name: str | None
    description: str | None
    encryption: bool
    security_configuration: glue.ISecurityConfiguration | None
    default_arguments: Mapping[str, str] | None
    typical_duration: Duration | None
    max_cost_per_run: float | None
    monthly_budget: float | None
    temp_location: s3.IBucket | None
    alarms: JobAlarms | None

    @property
    def user_arguments(self) -> Mapping[str, str]:
        return self.default_arguments or {}


class PythonShellJob(JobBase):
    """A Glue Python shell job: one Python 3.9 script on 0.0625 or 1 DPU, no Spark.

    The script comes from a template (glueforge's skeleton by default, whose ``body``
    block a template of your own replaces) or from a local ``.py`` file, and is checked
    with pyflakes at synth. It reads its job arguments with ``getResolvedOptions``:
    ``JOB_NAME``, ``TempDir`` and each of ``default_arguments`` (``--limit`` is read as
    ``args["limit"]``).

    :param template: a template of your own, e.g. ``"cleanup.py.j2"``, looked up in
        ``template_folders`` first, then in glueforge's. Default: ``python/shell.py.j2``,
        glueforge's skeleton (arguments, logging, ``main()``).
    :param script_file: a local ``.py`` file to ship as it is, instead of a template.
        Default: none.
    :param template_folders: folders holding your templates. Default: none.
    :param template_variables: values your template sees as ``vars`` (the skeleton puts
        them in ``SETTINGS``); they pass through the same literal filters as Spark
        scripts. Default: none.
    :param python_version: a :class:`~glueforge.core.vocabulary.PythonVersion` or its
        value. Only ``"3.9"`` (on Glue 3.0) still runs: 3.6 ended on 2026-03-01.
        Default: ``PythonVersion.V3_9``.
    :param max_capacity: 0.0625 or 1 DPU. Default: 0.0625.
    :param library_set: a :class:`~glueforge.core.vocabulary.LibrarySet` or its value:
        ``"analytics"`` loads Glue's common analytics libraries (e.g. pandas, numpy,
        awswrangler), ``"none"`` does not. Default: ``LibrarySet.ANALYTICS``.
    :param extra_python_files: local ``.py`` modules and ``.whl`` wheels, each staged
        under its own name and put on the script's path (``--extra-py-files``). Glue
        takes individual files only, and no ``.egg`` on Python 3.9. Default: none.
    :param timeout: Default: 60 minutes (Glue's own default is 48 hours).
    :param max_retries: 0-10. Default: 0.
    :param max_concurrent_runs: Default: 1.
    :param job_run_queuing: queue runs beyond Glue's quotas instead of failing them
        (``JobRunQueuingEnabled``); needs ``max_retries=0``. Default: ``False``.
    :param role: Default: a new role with exactly what the job needs: read its files,
        read and write its temporary directory, write its logs, use the key. Grant more
        with e.g. ``bucket.grant_read(job)``.
    :param job_name: a literal string. Default: generated from the construct path.
    :param description: Default: none.
    :param encryption: run under a security configuration. Default: ``True``.
    :param security_configuration: Default: the stack's glueforge configuration.
    :param default_arguments: more job arguments, ``--name``: ``value``; those glueforge
        manages, and those Python shell jobs cannot take, are refused. Default: none.
    :param typical_duration: how long a run usually takes, for the expected cost.
        Default: a quarter of ``timeout``.
    :param max_cost_per_run: fail synth when the worst case per run (DPU x timeout at
        $0.44 per DPU-hour) exceeds this many USD. Default: no limit.
    :param monthly_budget: fail synth when the expected monthly cost exceeds this many
        USD. Default: no limit.
    :param temp_location: bucket for ``--TempDir``. Default: the stack's glueforge temp
        bucket, under ``<job name>/``.
    :param alarms: CloudWatch alarms on failed and timed-out runs and on runtime, e.g.
        ``JobAlarms(max_runtime=Duration.minutes(20))``; a Python shell job publishes no
        Glue metrics, so its runtime alarm uses Glue's delay notification
        (:mod:`glueforge.monitoring.alarms`). Default: none.

    A job made elsewhere comes in through :meth:`from_job_attributes`,
    :meth:`from_job_name` or :meth:`from_job_arn` (inherited from :class:`JobBase`).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        template: str | None = None,
        script_file: str | Path | None = None,
        template_folders: Sequence[str] = (),
        template_variables: Mapping[str, Any] | None = None,
        python_version: PythonVersion | str = PythonVersion.V3_9,
        max_capacity: float = DEFAULT_MAX_CAPACITY,
        library_set: LibrarySet | str = LibrarySet.ANALYTICS,
        extra_python_files: Sequence[str] = (),
        timeout: Duration | None = None,
        max_retries: int = 0,
        max_concurrent_runs: int = 1,
        job_run_queuing: bool = False,
        role: iam.IRole | None = None,
        job_name: str | None = None,
        description: str | None = None,
        encryption: bool = True,
        security_configuration: glue.ISecurityConfiguration | None = None,
        default_arguments: Mapping[str, str] | None = None,
        typical_duration: Duration | None = None,
        max_cost_per_run: float | None = None,
        monthly_budget: float | None = None,
        temp_location: s3.IBucket | None = None,
        alarms: JobAlarms | None = None,
    ) -> None:
        super().__init__(scope, id)
        note_child(self, scope, id)
        props = _Props.given(locals())
        require_types(self, {name: (getattr(props, name), t) for name, t in PROP_TYPES.items()})
        self.security_configuration = self._check_props(props)
        self._settle_names_and_settings(props)
        self.script_text, self.template = self._script(props)
        # Grants go on the role, or for a role of another stack on a policy here.
        self.role, self.grantee = role_and_grantee(self, props.role)
        self._deploy_files(props)
        self._grant_what_the_job_touches()
        self.arguments = self._arguments(props)
        self.resource = self._cfn_job(props)
        self._record_script(props)
        self._register_cost(props)
        self.resource.node.add_dependency(self.files.deployment, *grant_policies(self.grantee))
        self.alarm_set = add_job_alarms(self, props.alarms)

    @property
    def grant_principal(self) -> iam.IPrincipal:
        return self.grantee.grant_principal

    # ---- the steps of __init__, in order ------------------------------------------------

    def _check_props(self, props: _Props) -> glue.ISecurityConfiguration | None:
        """Every problem with the props, raised at once; returns the security configuration."""
        problems = path_problems(self) + path_character_problems(node_path(self))
        problems += _python_version_problems(props.python_version)
        _, library_problems = LibrarySet.parse(props.library_set, "library_set")
        problems += library_problems
        problems += python_shell_capacity_problems(
            max_capacity=props.max_capacity,
            timeout_minutes=whole_minutes(props.run_timeout),
        )
        problems += _option_problems(props)
        problems += extra_file_problems(props.extra_python_files)
        problems += _argument_problems(props.user_arguments)
        security_configuration, security_problems = security_and_cost_problems(self, props)
        raise_if_problems(self, problems + security_problems)
        return security_configuration

    def _settle_names_and_settings(self, props: _Props) -> None:
        """The checked props, as the vocabulary's members, and the names they give."""
        self.python_version = PythonVersion(props.python_version)
        self.library_set = LibrarySet(props.library_set)
        self.glue_version = PYTHON_SHELL_GLUE_VERSION
        self.max_capacity = float(props.max_capacity)
        self.timeout = props.run_timeout
        self.job_name = props.job_name or unique_resource_name(self, max_length=NAME_MAX)
        self.script_name = script_file_name(self.job_name, ".py")
        # What the script reads: what Glue passes, then each of the user's arguments.
        self.argument_names = (
            JOB_NAME,
            TEMP_DIR,
            *(key.removeprefix("--") for key in props.user_arguments),
        )

    def _script(self, props: _Props) -> tuple[str, str]:
        """The script and what it came from; a problem in it fails synth here."""
        # Read only now: the package root loads constructs lazily.
        from glueforge import __version__

        if props.script_file is not None:
            source = Path(props.script_file)
            text, name = source.read_text(encoding="utf-8"), source.name
        else:
            name = props.template or BUILT_IN_TEMPLATE
            context = {
                "meta": {
                    "version": __version__,
                    "template": name,
                    "construct_path": node_path(self),
                    "logger": self.job_name,
                },
                "argument_names": list(self.argument_names),
                "job_name_arg": ArgRef(JOB_NAME),
                TEMPLATE_VARIABLES: dict(props.template_variables or {}),
            }
            try:
                text = render(name, context, user_folders=props.template_folders)
            except (ScriptError, TypeError) as error:
                raise GlueforgeValidationError(self, [str(error)]) from None
        raise_if_problems(self, check_script(text, Language.PYSPARK, template=name))
        return text, name

    def _deploy_files(self, props: _Props) -> None:
        """The script and extra files in the scripts bucket; the temporary directory."""
        self.files = JobFiles(
            self,
            "Files",
            job_name=self.job_name,
            script_name=self.script_name,
            script=self.script_text,
        )
        self.extra_python_files = [Path(f).resolve() for f in props.extra_python_files]
        self.extra_locations = [
            self.files.add_file(f"{EXTRA_FILES_FOLDER}{f.name}", f.read_bytes())
            for f in self.extra_python_files
        ]
        self.temp_location = props.temp_location or temp_bucket(self)
        self.temp_dir = s3_url(self.temp_location, f"{self.job_name}/")

    def _grant_what_the_job_touches(self) -> None:
        """The role's grants: its files, its temporary directory, its logs, the key."""
        grantee = self.grantee
        encrypted = self.security_configuration is not None
        with one_document(grantee):
            add_s3_prefix_read(grantee, self.files.bucket, self.files.prefix)
            add_s3_prefix_read_write(grantee, self.temp_location, f"{self.job_name}/")
            grant_job_logs(grantee, self, encrypted=encrypted)
            grant_python_shell_logs(grantee, self, encrypted=encrypted)
            if self.security_configuration is not None:
                add_key_use(grantee, self.security_configuration)

    def _arguments(self, props: _Props) -> dict[str, str]:
        """The job's DefaultArguments: managed ones, then the user's."""
        arguments = python_shell_arguments(
            temp_dir=self.temp_dir,
            library_set=self.library_set.value,
            extra_py_files=self.extra_locations,
        )
        arguments.update(props.user_arguments)
        return arguments

    def _cfn_job(self, props: _Props) -> glue.CfnJob:
        """The ``AWS::Glue::Job``: no WorkerType or NumberOfWorkers, MaxCapacity instead."""
        configuration = self.security_configuration
        return glue.CfnJob(
            self,
            "Resource",
            name=self.job_name,
            role=fixed_attribute(self.role, "role_arn"),
            description=props.description,
            command=glue.CfnJob.JobCommandProperty(
                name=JobCommand.PYTHON_SHELL.value,
                script_location=self.files.script_location,
                python_version=self.python_version.value,
            ),
            glue_version=self.glue_version,
            max_capacity=self.max_capacity,
            timeout=int(whole_minutes(self.timeout)),
            max_retries=props.max_retries,
            job_run_queuing_enabled=props.job_run_queuing,
            execution_property=glue.CfnJob.ExecutionPropertyProperty(
                max_concurrent_runs=props.max_concurrent_runs
            ),
            security_configuration=fixed_attribute(configuration, "security_configuration_name")
            if configuration
            else None,
            default_arguments=self.arguments,
        )

    def _record_script(self, props: _Props) -> None:
        """The script and what a local run needs, for the cloud assembly (as EtlJob's)."""
        self.script_metadata: dict[str, Any] = {
            # "kind" tells `glueforge local-run` to run it with plain Python, not Spark.
            "kind": JobCommand.PYTHON_SHELL.value,
            "fileName": self.script_name,
            "language": "python",
            "template": self.template,
            "script": self.script_text,
            "jobName": self.job_name,
            "bookmarks": False,
            "argumentNames": list(self.argument_names),
            # Literal values pass locally as they are; a deploy-time one (None here) has
            # no local value, and a local run that needs it says so.
            "arguments": {
                key.removeprefix("--"): None if is_unresolved(value) else value
                for key, value in props.user_arguments.items()
            },
            "extraPythonFiles": [str(f) for f in self.extra_python_files],
        }
        self.files.record(node_path(self), self.script_metadata)

    def _register_cost(self, props: _Props) -> None:
        """What a run costs at the Python shell rate, checked and read by the guard."""
        self.cost_inputs = CostInputs(
            path=node_path(self),
            kind="job",
            name=self.job_name,
            rate=rate_for_worker(None, command=JobCommand.PYTHON_SHELL)
            or JobCommand.PYTHON_SHELL.value,
            dpu=self.max_capacity,
            timeout_minutes=props.timeout_minutes,
            typical_minutes=props.typical_minutes,
            minimum_seconds=minimum_seconds({}, JobCommand.PYTHON_SHELL),
            max_cost_per_run=props.max_cost_per_run,
            monthly_budget=props.monthly_budget,
            assumption=MINIMUM_ASSUMPTION,
        )
        raise_if_problems(self, per_run_problems(self.cost_inputs))
        watch_costs(self)


def _python_version_problems(version: object) -> list[str]:
    valid = PythonVersion.values()
    if str(version) in RETIRED_PYTHON:
        return [
            f"python_version {version!r} is refused: {RETIRED_PYTHON[str(version)]}; use {valid}"
        ]
    _, problems = PythonVersion.parse(version, "python_version")
    return problems


def _option_problems(props: _Props) -> list[str]:
    """Problems with the props that are neither version, capacity, files nor cost."""
    problems = []
    if props.template is not None and props.script_file is not None:
        problems.append("give template or script_file, not both")
    if props.script_file is not None and not (
        Path(props.script_file).is_file() and Path(props.script_file).suffix == ".py"
    ):
        problems.append(f"script_file {str(props.script_file)!r} must be an existing .py file")
    problems += name_problems(
        "job_name", props.job_name, NAME_MAX, forbidden=UNSAFE_NAME_CHARACTERS
    )
    problems += folder_name_problems("job_name", props.job_name)
    problems += literal_problems("job_name", props.job_name, STAGED_UNDER_JOB_NAME)
    problems += description_problems(props.description)
    if not 0 <= props.max_retries <= 10:
        problems.append(f"max_retries must be 0-10, got {props.max_retries}")
    if props.max_concurrent_runs < 1:
        problems.append(f"max_concurrent_runs must be 1 or more, got {props.max_concurrent_runs}")
    if props.job_run_queuing and props.max_retries != 0:
        # aws-cdk-lib's PythonShellJobProps.jobRunQueuingEnabled: "If this property is
        # enabled, maxRetries must be set to zero."
        problems.append(
            f"job_run_queuing=True needs max_retries=0, got max_retries={props.max_retries}: "
            "Glue does not retry queued runs"
        )
    return problems


def extra_file_problems(paths: Sequence[str]) -> list[str]:
    """Why ``extra_python_files`` cannot ship as they are; empty when they can."""
    problems = []
    names: dict[str, str] = {}
    for raw in paths:
        path = Path(raw)
        if path.suffix == ".egg":
            problems.append(
                f"extra_python_files entry {raw!r} is an .egg: 'You can't package any Python "
                f"libraries as .egg files in Python 3.9+. Instead, use .whl.' ({PAGE})"
            )
        elif not (path.is_file() and path.suffix in EXTRA_FILE_SUFFIXES):
            problems.append(
                f"extra_python_files entry {raw!r} must be an existing .py or .whl file: a "
                "Python shell job takes individual files only (package a folder as a wheel)"
            )
        elif names.setdefault(path.name.casefold(), raw) != raw:
            problems.append(
                f"extra_python_files entries {names[path.name.casefold()]!r} and {raw!r} "
                "share a file name; each is staged under its own name"
            )
    return problems


def _argument_problems(default_arguments: Mapping[str, str]) -> list[str]:
    """Why ``default_arguments`` cannot be passed; refusals for Python shell come first."""
    problems = [
        f"default_arguments key {key!r} is refused: {REFUSED_ARGUMENTS[key]}"
        for key in default_arguments
        if key in REFUSED_ARGUMENTS
    ]
    rest = {k: v for k, v in default_arguments.items() if k not in REFUSED_ARGUMENTS}
    return problems + default_argument_problems(rest, {})
