"""SparkJobBase: the steps every glueforge Spark job, batch or streaming, is built by.

:class:`~glueforge.EtlJob` (``glueetl``) and :class:`~glueforge.StreamingJob`
(``gluestreaming``) are both Spark jobs made from one spec list, and are built alike: the
props checked at once, the script rendered, the files staged, the role and its grants,
the arguments, the ``AWS::Glue::Job``, the record for local runs and the cost.
:class:`SparkJobBase` holds those steps, in order, in ``_build``; each kind says what it
decides differently through a few hooks (its spec list, what it refuses, its template,
timeout, maintenance window and cost per run). Neither kind is the other: a streaming
job is not a batch ``EtlJob``.

Not exported from ``glueforge``: users meet ``EtlJob`` and ``StreamingJob``. Code of the
package that means "any Spark job made here" tests ``isinstance(job, SparkJobBase)``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from aws_cdk import Duration
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
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
from glueforge.core.stack_cache import fixed_attribute, node_path, s3_url
from glueforge.core.vocabulary import GlueVersion, JobCommand, Language, WorkerType
from glueforge.cost.guard import watch_costs
from glueforge.cost.model import CostInputs, per_run_problems
from glueforge.cost.prices import UNPRICED, minimum_seconds, rate_for_worker
from glueforge.iam.actions import LAKE_FORMATION_DATA_ACCESS_ACTIONS
from glueforge.iam.documents import one_document
from glueforge.iam.grants import (
    add,
    add_s3_prefix_read,
    add_s3_prefix_read_write,
    lake_formation_mode,
)
from glueforge.iam.placement import grant_policies
from glueforge.jobs.arguments import default_argument_problems, managed_arguments, option
from glueforge.jobs.assets import JobFiles, folder_name_problems, module_problems, temp_bucket
from glueforge.jobs.base import JobBase
from glueforge.jobs.capacity import capacity_problems
from glueforge.jobs.job_common import (
    STAGED_UNDER_JOB_NAME,
    JobProps,
    literal_problems,
    path_character_problems,
    script_file_name,
    security_and_cost_problems,
    whole_minutes,
)
from glueforge.jobs.role import grant_job_logs, grant_job_metrics, role_and_grantee
from glueforge.jobs.script.environment import ScriptError
from glueforge.jobs.script.rendered import SCRIPT_SUFFIX, RenderedScript, render_script
from glueforge.jobs.spark_options import (
    SparkUiOptions,
    grant_spark_ui,
    spark_option_arguments,
    spark_option_problems,
    spark_ui_location,
)
from glueforge.jobs.specs.base import JobSpec
from glueforge.monitoring.alarms import JobAlarms
from glueforge.security.configuration import add_key_use

PINNED_REQUIREMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-\[\],]*==[A-Za-z0-9._+!\-]+$")
# The type each prop must have, checked before anything else reads the props.
PROP_TYPES: dict[str, Any] = {
    "specs": (list, tuple),
    "language": str,
    "template": (str, None),
    "glue_version": str,
    "worker_type": str,
    "number_of_workers": int,
    "auto_scaling": bool,
    "flex": bool,
    "timeout": (Duration, None),
    "typical_duration": (Duration, None),
    "max_retries": int,
    "max_concurrent_runs": int,
    "bookmarks": (bool, None),
    "job_name": (str, None),
    "description": (str, None),
    "additional_python_modules": (list, tuple),
    "extra_python_files": (list, tuple),
    "default_arguments": (Mapping, None),
    "continuous_logging": bool,
    "metrics": bool,
    "job_run_queuing": bool,
    "observability_metrics": bool,
    "spark_ui": (bool, SparkUiOptions),
    "alarms": (JobAlarms, None),
}


class SparkJobProps(JobProps):
    """What the steps read of a Spark job's props, and what they derive from them.

    Each kind has its own frozen dataclass of props deriving from this one, its fields
    named and ordered as its constructor's keyword arguments (a test per kind keeps the
    two in step): the names of :data:`PROP_TYPES`, then what the kind adds. A prop a kind
    has no say in is a property with its fixed value (a streaming job's ``flex``).
    """


@dataclass(frozen=True)
class RunCost:
    """What a kind of Spark job says of the cost of one run (see :class:`CostInputs`)."""

    kind: Literal["job", "streaming"]
    timeout_minutes: float | None
    typical_minutes: float
    max_cost_per_run: float | None


class SparkJobBase(JobBase):
    """What every Spark job made here (:class:`~glueforge.EtlJob`,
    :class:`~glueforge.StreamingJob`) is built by: ``_build``, a list of named steps, and
    the hooks through which each kind decides what is its own."""

    #: Glue's command for this kind of job (JobCommand.Name)
    command_name: JobCommand
    #: whether this is a streaming job (G.025X workers, no flex)
    streaming: bool

    def _build(self, scope: Construct, props: SparkJobProps) -> None:
        """The steps of the constructor, in order."""
        require_types(self, {name: (getattr(props, name), t) for name, t in PROP_TYPES.items()})
        self.spec = self._job_spec(props)
        self.security_configuration = self._check_props(props)
        self.script = self._render_script(props)
        self._settle_names_and_settings(props)
        # Grants go on the role, or for a role of another stack on a policy here.
        self.role, self.grantee = role_and_grantee(self, props.role)
        self._deploy_files(props)
        self._lake_formation = lake_formation_mode(scope)
        self._grant_what_the_job_touches(props)
        self.arguments = self._arguments(props)
        self.resource = self._cfn_job(props)
        self._record_script()
        self._register_cost(props)
        self._create_after_files_and_grants()

    @property
    def grant_principal(self) -> iam.IPrincipal:
        # Grants to the job land where the job's own do (glueforge.iam.placement).
        return self.grantee.grant_principal

    # ---- what each kind of Spark job decides ---------------------------------------------

    def _job_spec(self, props: SparkJobProps) -> JobSpec:
        """The spec list the script, arguments and grants come from."""
        raise NotImplementedError

    def _kind_problems(self, props: SparkJobProps) -> list[str]:
        """What this kind of job refuses that every Spark job would take."""
        raise NotImplementedError

    def _template(self, props: SparkJobProps) -> str | None:
        """The template to render: the user's, or None for the built-in recipe."""
        raise NotImplementedError

    def _job_timeout(self, props: SparkJobProps) -> Duration | None:
        """How long a run may take (``Timeout``); None for none set."""
        raise NotImplementedError

    def _maintenance_window(self, props: SparkJobProps) -> str | None:
        """When Glue may restart the job (``MaintenanceWindow``); None for none."""
        raise NotImplementedError

    def _run_cost(self, props: SparkJobProps) -> RunCost:
        """What one run of this kind costs, beyond its workers and rate."""
        raise NotImplementedError

    # ---- the steps of _build, in order ----------------------------------------------------

    def _check_props(self, props: SparkJobProps) -> glue.ISecurityConfiguration | None:
        """Every problem with the props, raised at once; returns the security configuration."""
        problems = path_problems(self) + path_character_problems(node_path(self))
        problems += self.spec.problems()
        problems += self.spec.job_settings()[1]
        problems += self.spec.glue_version_problems(props.glue_version)
        problems += capacity_problems(
            glue_version=props.glue_version,
            worker_type=props.worker_type,
            number_of_workers=props.number_of_workers,
            timeout_minutes=whole_minutes(props.run_timeout),
            flex=props.flex,
            streaming=self.streaming,
        )
        problems += _option_problems(props, self.spec)
        problems += self._kind_problems(props)
        problems += spark_option_problems(
            job_run_queuing=props.job_run_queuing,
            flex=props.flex,
            max_retries=props.max_retries,
            spark_ui=props.spark_ui,
        )
        security_configuration, security_problems = security_and_cost_problems(self, props)
        raise_if_problems(self, problems + security_problems)
        return security_configuration

    def _render_script(self, props: SparkJobProps) -> RenderedScript:
        """The script, rendered and checked; a problem in it fails synth here."""
        # The package root loads constructs lazily (and may import this module): read its
        # version only once both are loaded.
        from glueforge import __version__

        try:
            script, problems = render_script(
                self.spec,
                props.language,
                construct_path=node_path(self),
                version=__version__,
                template=self._template(props),
                template_folders=props.template_folders,
                variables=props.template_variables,
            )
        except ScriptError as error:
            raise GlueforgeValidationError(self, [str(error)]) from None
        raise_if_problems(self, problems)
        return script

    def _settle_names_and_settings(self, props: SparkJobProps) -> None:
        """The checked props, as the vocabulary's members, and the names they give."""
        self.language = Language(props.language)
        self.glue_version = GlueVersion(props.glue_version)
        self.worker_type = WorkerType(props.worker_type)
        self.number_of_workers = props.number_of_workers
        self.flex = props.flex
        self.timeout = self._job_timeout(props)
        self.job_name = props.job_name or unique_resource_name(self, max_length=NAME_MAX)
        self.script_name = script_file_name(self.job_name, SCRIPT_SUFFIX[self.language])
        self.bookmarks = self.spec.bookmarkable if props.bookmarks is None else props.bookmarks

    def _deploy_files(self, props: SparkJobProps) -> None:
        """The script and modules in the scripts bucket; the temporary directory."""
        self.files = JobFiles(
            self,
            "Files",
            job_name=self.job_name,
            script_name=self.script_name,
            script=self.script.text,
            modules=props.extra_python_files,
        )
        self.temp_location = props.temp_location or temp_bucket(self)
        self.temp_dir = s3_url(self.temp_location, f"{self.job_name}/")
        self._spark_ui = spark_ui_location(
            props.spark_ui, temp_bucket=self.temp_location, job_name=self.job_name
        )

    def _grant_what_the_job_touches(self, props: SparkJobProps) -> None:
        """The role's grants: files, temporary directory, each spec, logs, key, metrics."""
        grantee = self.grantee
        # glueforge's statements wait in Python and reach node as one document.
        with one_document(grantee):
            add_s3_prefix_read(grantee, self.files.bucket, self.files.prefix)
            add_s3_prefix_read_write(grantee, self.temp_location, f"{self.job_name}/")
            for spec in self.spec.specs:
                spec.grant(grantee)
            grant_job_logs(grantee, self, encrypted=self.security_configuration is not None)
            if self.security_configuration is not None:
                add_key_use(grantee, self.security_configuration)
            if props.metrics:
                grant_job_metrics(grantee)
            # The job's own temporary prefix is granted above: a Spark UI there needs no more.
            grant_spark_ui(
                grantee, self._spark_ui, covered=(self.temp_location, f"{self.job_name}/")
            )
            # Lake Formation mode (glueforge.use_lake_formation): Lake Formation vends the
            # credentials for registered locations; its own grants decide what is read.
            if self._lake_formation:
                add(
                    grantee,
                    LAKE_FORMATION_DATA_ACCESS_ACTIONS,
                    ["*"],
                    wildcard_reason="lakeformation:GetDataAccess has no resource-level "
                    "permissions; Lake Formation grants decide what the job may read",
                )

    def _arguments(self, props: SparkJobProps) -> dict[str, str]:
        """The job's DefaultArguments: managed ones, then the specs', then the user's."""
        arguments = managed_arguments(
            language=self.language,
            bookmarks=self.bookmarks,
            temp_dir=self.temp_dir,
            auto_scaling=props.auto_scaling,
            metrics=props.metrics,
            continuous_logging=props.continuous_logging,
            additional_python_modules=props.additional_python_modules,
            modules_location=self.files.modules_location,
        )
        for name, value in self.spec.arguments().items():
            arguments[option(name)] = value
        for name, value in self.spec.job_settings()[0].items():
            arguments[option(name)] = value
        arguments.update(
            spark_option_arguments(
                observability_metrics=props.observability_metrics, spark_ui=self._spark_ui
            )
        )
        arguments.update(props.default_arguments or {})
        return arguments

    def _cfn_job(self, props: SparkJobProps) -> glue.CfnJob:
        """The ``AWS::Glue::Job`` itself."""
        connections = _connection_names(self.spec)
        configuration = self.security_configuration
        return glue.CfnJob(
            self,
            "Resource",
            name=self.job_name,
            role=fixed_attribute(self.role, "role_arn"),
            description=props.description,
            command=glue.CfnJob.JobCommandProperty(
                name=self.command_name.value,
                script_location=self.files.script_location,
                python_version="3" if self.language is Language.PYSPARK else None,
            ),
            glue_version=self.glue_version.value,
            worker_type=self.worker_type.value,
            number_of_workers=self.number_of_workers,
            timeout=None if self.timeout is None else int(whole_minutes(self.timeout)),
            max_retries=props.max_retries,
            execution_class="FLEX" if self.flex else None,
            execution_property=glue.CfnJob.ExecutionPropertyProperty(
                max_concurrent_runs=props.max_concurrent_runs
            ),
            connections=glue.CfnJob.ConnectionsListProperty(connections=connections)
            if connections
            else None,
            security_configuration=fixed_attribute(configuration, "security_configuration_name")
            if configuration
            else None,
            default_arguments=self.arguments,
            # Absent unless on, as Glue reads a missing value: "If false or not populated,
            # the job runs will not be considered for queueing" (Glue API, Job).
            job_run_queuing_enabled=True if props.job_run_queuing else None,
            maintenance_window=self._maintenance_window(props),
        )

    def _record_script(self) -> None:
        """The script and what a local run needs, for the cloud assembly: recorded with
        the stack's job files, one metadata entry per stack (no jsii round trip per job).
        ``script_metadata`` keeps this job's record, for local runs of the construct."""
        self.script_metadata: dict[str, Any] = {
            "fileName": self.script_name,
            "language": self.language.value,
            "template": self.script.template,
            "script": self.script.text,
            # What `glueforge local-run` needs to run this very script locally: the
            # argument names it reads and how each deploy-time value maps locally.
            "jobName": self.job_name,
            "bookmarks": self.bookmarks,
            "argumentNames": list(self.script.argument_names),
            "localArguments": {
                name: argument.to_metadata()
                for name, argument in self.spec.local_arguments().items()
            },
        }
        self.files.record(node_path(self), self.script_metadata)

    def _register_cost(self, props: SparkJobProps) -> None:
        """What a run costs, checked against ``max_cost_per_run`` and read by the guard."""
        run = self._run_cost(props)
        self.cost_inputs = CostInputs(
            path=node_path(self),
            kind=run.kind,
            name=self.job_name,
            # The rate ops commands price its runs at: R.* workers are unpriced in both.
            rate=rate_for_worker(self.worker_type.value, flex=self.flex) or UNPRICED,
            dpu=self.worker_type.dpu * self.number_of_workers,
            workers=self.number_of_workers,
            dpu_per_worker=self.worker_type.dpu,
            timeout_minutes=run.timeout_minutes,
            typical_minutes=run.typical_minutes,
            minimum_seconds=minimum_seconds({"GlueVersion": self.glue_version.value}),
            max_cost_per_run=run.max_cost_per_run,
            monthly_budget=props.monthly_budget,
        )
        raise_if_problems(self, per_run_problems(self.cost_inputs))
        watch_costs(self)

    def _create_after_files_and_grants(self) -> None:
        # Glue checks the script and role on the first run, not at create; still, make the
        # files and permissions exist before the job so a run right after deploy works.
        # One call for all of them: each call (and each .node read) is a jsii round trip.
        self.resource.node.add_dependency(self.files.deployment, *grant_policies(self.grantee))


def _connection_names(spec: JobSpec) -> list[str]:
    names: list[str] = []
    for part in spec.specs:
        for connection in part.connections():
            if connection.connection_name not in names:
                names.append(connection.connection_name)
    return names


def _option_problems(props: SparkJobProps, spec: JobSpec) -> list[str]:
    """Problems with the props that are neither capacity, security nor cost."""
    _, problems = Language.parse(props.language, "language")
    problems += name_problems(
        "job_name", props.job_name, NAME_MAX, forbidden=UNSAFE_NAME_CHARACTERS
    )
    problems += folder_name_problems("job_name", props.job_name)
    problems += literal_problems("job_name", props.job_name, STAGED_UNDER_JOB_NAME)
    problems += description_problems(props.description)
    problems += _python_problems(props)
    problems += default_argument_problems(
        props.default_arguments or {}, {**spec.arguments(), **spec.job_settings()[0]}
    )
    if props.bookmarks and not spec.bookmarkable:
        kinds = [s.name for s in spec.sources if not s.bookmarkable]
        problems.append(f"bookmarks=True, but sources {kinds} cannot use a job bookmark")
    if props.max_retries < 0 or props.max_retries > 10:
        problems.append(f"max_retries must be 0-10, got {props.max_retries}")
    if props.max_concurrent_runs < 1:
        problems.append(f"max_concurrent_runs must be 1 or more, got {props.max_concurrent_runs}")
    return problems


def _python_problems(props: SparkJobProps) -> list[str]:
    """Problems with the Python a job brings: pinned requirements, local modules."""
    problems = []
    if props.language == Language.SCALA and (
        props.additional_python_modules or props.extra_python_files
    ):
        problems.append("additional_python_modules and extra_python_files are for pyspark jobs")
    problems += [
        f"additional_python_modules entry {r!r} must be pinned as 'name==version', "
        "e.g. 'pyarrow==17.0.0'"
        for r in props.additional_python_modules
        if not PINNED_REQUIREMENT.match(r)
    ]
    problems += module_problems(props.extra_python_files)
    return problems
