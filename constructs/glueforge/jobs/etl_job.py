"""EtlJob: a Glue Spark job whose script, arguments and IAM come from one spec list.

Built on ``CfnJob`` rather than aws-cdk-lib's ``PySparkEtlJob``/``ScalaSparkEtlJob``,
because in 2.275 those classes stand in the way of a least-privilege, correct job: they
grant the role read on the whole CDK assets bucket (cdk-nag IAM5), upload extra Python
files under content-hash names (so ``import mymodule`` fails: aws-cdk issue 20481), and
reject ``--extra-py-files`` and ``--enable-metrics`` in ``default_arguments``, which
glueforge must set from the specs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

from aws_cdk import Duration, Token
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
from glueforge.core.stack_cache import (
    fixed_attribute,
    node_path,
    note_child,
    python_state,
    s3_url,
)
from glueforge.core.vocabulary import DEFAULT_GLUE_VERSION, GlueVersion, Language, WorkerType
from glueforge.cost.guard import watch_costs
from glueforge.cost.model import CostInputs, cost_prop_problems, per_run_problems
from glueforge.cost.prices import UNPRICED, minimum_seconds, rate_for_worker
from glueforge.iam.actions import (
    LAKE_FORMATION_DATA_ACCESS_ACTIONS,
)
from glueforge.iam.documents import one_document
from glueforge.iam.grants import (
    add,
    add_s3_prefix_read,
    add_s3_prefix_read_write,
    lake_formation_mode,
)
from glueforge.iam.placement import grant_policies, role_grantee
from glueforge.jobs.arguments import default_argument_problems, managed_arguments, option
from glueforge.jobs.assets import JobFiles, folder_name_problems, module_problems, temp_bucket
from glueforge.jobs.base import JobBase
from glueforge.jobs.capacity import capacity_problems
from glueforge.jobs.role import grant_job_logs, grant_job_metrics, job_role
from glueforge.jobs.script.environment import ScriptError
from glueforge.jobs.script.rendered import SCRIPT_SUFFIX, RenderedScript, render_script
from glueforge.jobs.specs.base import JobSpec, Spec
from glueforge.jobs.specs.typed_reads import typed_reads
from glueforge.security.configuration import add_key_use, choose_security_configuration

DEFAULT_TIMEOUT = Duration.minutes(60)
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
}


@dataclass(frozen=True)
class _Props:
    """EtlJob's props as given (see :class:`EtlJob` for each), for the steps of its constructor."""

    specs: Sequence[Spec]
    language: Language | str
    template: str | None
    template_folders: Sequence[str]
    template_variables: Mapping[str, Any] | None
    glue_version: GlueVersion | str
    worker_type: WorkerType | str
    number_of_workers: int
    auto_scaling: bool
    flex: bool
    timeout: Duration | None
    max_retries: int
    max_concurrent_runs: int
    bookmarks: bool | None
    role: iam.IRole | None
    job_name: str | None
    description: str | None
    encryption: bool
    security_configuration: glue.ISecurityConfiguration | None
    typical_duration: Duration | None
    max_cost_per_run: float | None
    monthly_budget: float | None
    temp_location: s3.IBucket | None
    additional_python_modules: Sequence[str]
    extra_python_files: Sequence[str]
    default_arguments: Mapping[str, str] | None
    continuous_logging: bool
    metrics: bool

    @classmethod
    def given(cls, arguments: Mapping[str, Any]) -> _Props:
        """The props out of ``EtlJob.__init__``'s ``locals()``.

        The constructor's signature is the one list of props (with their defaults); this
        copies them without listing them a second time. A test keeps the two in step.
        """
        return cls(**{field.name: arguments[field.name] for field in fields(cls)})

    @property
    def run_timeout(self) -> Duration:
        return self.timeout or DEFAULT_TIMEOUT

    # Cached: each Duration conversion is a jsii round trip, and the steps ask twice.
    @cached_property
    def timeout_minutes(self) -> float:
        return _minutes(self.run_timeout)

    @cached_property
    def typical_minutes(self) -> float:
        if self.typical_duration is None:
            return self.timeout_minutes / 4
        return self.typical_duration.to_seconds(integral=False) / 60


class EtlJob(JobBase):
    """A Glue Spark ETL job rendered from specs (PySpark or Scala).

    :param specs: sources, transforms and sinks, e.g. ``[S3Source("orders", ...),
        Dedupe("latest", ...), S3Sink("curated", ...)]``.
    :param language: a :class:`~glueforge.core.vocabulary.Language`, or its value
        ``"pyspark"`` or ``"scala"``. Default: ``Language.PYSPARK``.
    :param template: a template of your own, e.g. ``"orders.py.j2"``, looked up in
        ``template_folders`` first, then in glueforge's. Default: the built-in recipe.
    :param template_folders: folders holding your templates. Default: none.
    :param template_variables: extra values your template sees as ``vars``; they pass
        through the same literal filters. Default: none.
    :param glue_version: a :class:`~glueforge.core.vocabulary.GlueVersion`, or its value
        such as ``"5.0"``. Default: ``GlueVersion.V5_0`` (Spark 3.5.4, as glueforge runs
        locally).
    :param worker_type: a :class:`~glueforge.core.vocabulary.WorkerType`, or its value such
        as ``"G.1X"``. R.* (memory-optimized) jobs are estimated as unpriced: no source
        confirms their M-DPU rate. Default: ``WorkerType.G_1X``.
    :param number_of_workers: the maximum with auto-scaling. Default: 2.
    :param auto_scaling: let Glue use fewer workers when it can. Default: ``True``.
    :param flex: run on spare capacity at the lower Flex rate. Default: ``False``.
    :param timeout: Default: 60 minutes (Glue's own default is 8 to 48 hours).
    :param max_retries: Default: 0.
    :param max_concurrent_runs: Default: 1.
    :param bookmarks: Default: on when every source can use a bookmark.
    :param role: Default: a new role with exactly what the specs need. A role of this
        stack gets the grants in its own policy; a role of another stack (sibling, parent
        or nested) gets them in a policy of this job's stack attached to it, so neither
        stack points back at the other (:mod:`glueforge.iam.placement`).
    :param job_name: a literal string (not a deploy-time token: the job's files are
        staged under it at synth). Default: generated from the construct path.
    :param description: Default: none.
    :param encryption: run under a security configuration. ``False`` is the explicit
        opt-out: no security configuration at all. Default: ``True``.
    :param security_configuration: the configuration to run under. Default: the stack's
        glueforge configuration (SSE-KMS for S3, KMS for logs, CSE-KMS for bookmarks, on
        one rotated customer-managed key: :mod:`glueforge.security.configuration`).
    :param typical_duration: how long a run usually takes, for the expected cost.
        Default: a quarter of ``timeout``.
    :param max_cost_per_run: fail synth when the worst case per run (workers x DPU x
        timeout at the job's rate) exceeds this many USD. Default: no limit.
    :param monthly_budget: fail synth when the expected monthly cost exceeds this many
        USD. Default: no limit.
    :param temp_location: bucket for ``--TempDir``. Default: the stack's glueforge temp
        bucket (objects expire after 7 days), under ``<job name>/``.
    :param additional_python_modules: pinned requirements, e.g. ``["pyarrow==17.0.0"]``.
    :param extra_python_files: local ``.py`` files and package folders; zipped into one
        archive so ``import name`` works on Glue. Default: none.
    :param default_arguments: more job arguments; those glueforge manages are refused.
    :param continuous_logging: Default: ``True``.
    :param metrics: Default: ``True``.

    A job made elsewhere comes in through :meth:`from_job_attributes`,
    :meth:`from_job_name` or :meth:`from_job_arn` (inherited from :class:`JobBase`).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        specs: Sequence[Spec],
        language: Language | str = Language.PYSPARK,
        template: str | None = None,
        template_folders: Sequence[str] = (),
        template_variables: Mapping[str, Any] | None = None,
        glue_version: GlueVersion | str = DEFAULT_GLUE_VERSION,
        worker_type: WorkerType | str = WorkerType.G_1X,
        number_of_workers: int = 2,
        auto_scaling: bool = True,
        flex: bool = False,
        timeout: Duration | None = None,
        max_retries: int = 0,
        max_concurrent_runs: int = 1,
        bookmarks: bool | None = None,
        role: iam.IRole | None = None,
        job_name: str | None = None,
        description: str | None = None,
        encryption: bool = True,
        security_configuration: glue.ISecurityConfiguration | None = None,
        typical_duration: Duration | None = None,
        max_cost_per_run: float | None = None,
        monthly_budget: float | None = None,
        temp_location: s3.IBucket | None = None,
        additional_python_modules: Sequence[str] = (),
        extra_python_files: Sequence[str] = (),
        default_arguments: Mapping[str, str] | None = None,
        continuous_logging: bool = True,
        metrics: bool = True,
    ) -> None:
        super().__init__(scope, id)
        note_child(self, scope, id)
        props = _Props.given(locals())
        require_types(self, {name: (getattr(props, name), t) for name, t in PROP_TYPES.items()})
        self.spec = JobSpec.of(typed_reads(props.specs, bookmarks=props.bookmarks))
        self.security_configuration = self._check_props(props)
        self.script = self._render_script(props)
        self._settle_names_and_settings(props)
        self.role: iam.IRole = job_role(self, props.role)
        if props.role is None:
            note_child(self.role, self, "Role")
        # Grants go on the role, or for a role of another stack on a policy here.
        self.grantee: iam.IGrantable = role_grantee(self, self.role)
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

    # ---- the steps of __init__, in order ------------------------------------------------

    def _check_props(self, props: _Props) -> glue.ISecurityConfiguration | None:
        """Every problem with the props, raised at once; returns the security configuration."""
        problems = path_problems(self) + _path_character_problems(node_path(self))
        problems += self.spec.problems()
        problems += self.spec.job_settings()[1]
        problems += self.spec.glue_version_problems(props.glue_version)
        problems += capacity_problems(
            glue_version=props.glue_version,
            worker_type=props.worker_type,
            number_of_workers=props.number_of_workers,
            timeout_minutes=_whole_minutes(props.run_timeout),
            flex=props.flex,
        )
        problems += _option_problems(props, self.spec)
        security_configuration, security_problems = choose_security_configuration(
            self,
            encryption=props.encryption,
            security_configuration=props.security_configuration,
        )
        problems += security_problems
        problems += cost_prop_problems(
            timeout_minutes=props.timeout_minutes,
            typical_minutes=props.typical_minutes,
            max_cost_per_run=props.max_cost_per_run,
            monthly_budget=props.monthly_budget,
        )
        raise_if_problems(self, problems)
        return security_configuration

    def _render_script(self, props: _Props) -> RenderedScript:
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
                template=props.template,
                template_folders=props.template_folders,
                variables=props.template_variables,
            )
        except ScriptError as error:
            raise GlueforgeValidationError(self, [str(error)]) from None
        raise_if_problems(self, problems)
        return script

    def _settle_names_and_settings(self, props: _Props) -> None:
        """The checked props, as the vocabulary's members, and the names they give."""
        self.language = Language(props.language)
        self.glue_version = GlueVersion(props.glue_version)
        self.worker_type = WorkerType(props.worker_type)
        self.number_of_workers = props.number_of_workers
        self.flex = props.flex
        self.timeout = props.run_timeout
        self.job_name = props.job_name or unique_resource_name(self, max_length=NAME_MAX)
        self.script_name = _script_file_name(self.job_name, self.language)
        self.bookmarks = self.spec.bookmarkable if props.bookmarks is None else props.bookmarks

    def _deploy_files(self, props: _Props) -> None:
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

    def _grant_what_the_job_touches(self, props: _Props) -> None:
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

    def _arguments(self, props: _Props) -> dict[str, str]:
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
        arguments.update(props.default_arguments or {})
        return arguments

    def _cfn_job(self, props: _Props) -> glue.CfnJob:
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
                name="glueetl",
                script_location=self.files.script_location,
                python_version="3" if self.language is Language.PYSPARK else None,
            ),
            glue_version=self.glue_version.value,
            worker_type=self.worker_type.value,
            number_of_workers=self.number_of_workers,
            timeout=int(_whole_minutes(self.timeout)),
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

    def _register_cost(self, props: _Props) -> None:
        """What a run costs, checked against ``max_cost_per_run`` and read by the guard."""
        self.cost_inputs = CostInputs(
            path=node_path(self),
            kind="job",
            name=self.job_name,
            # The rate ops commands price its runs at: R.* workers are unpriced in both.
            rate=rate_for_worker(self.worker_type.value, flex=self.flex) or UNPRICED,
            dpu=self.worker_type.dpu * self.number_of_workers,
            workers=self.number_of_workers,
            dpu_per_worker=self.worker_type.dpu,
            timeout_minutes=props.timeout_minutes,
            typical_minutes=props.typical_minutes,
            minimum_seconds=minimum_seconds({"GlueVersion": self.glue_version.value}),
            max_cost_per_run=props.max_cost_per_run,
            monthly_budget=props.monthly_budget,
        )
        raise_if_problems(self, per_run_problems(self.cost_inputs))
        watch_costs(self)

    def _create_after_files_and_grants(self) -> None:
        # Glue checks the script and role on the first run, not at create; still, make the
        # files and permissions exist before the job so a run right after deploy works.
        # One call for all of them: each call (and each .node read) is a jsii round trip.
        self.resource.node.add_dependency(self.files.deployment, *grant_policies(self.grantee))


def _whole_minutes(duration: Duration) -> float:
    """``duration.to_minutes()``, asked of node once per Duration (it never changes)."""
    return python_state(duration, "_glueforge_to_minutes", duration.to_minutes)


def _minutes(duration: Duration) -> float:
    """``duration``, in minutes with fractions, asked of node once per Duration."""
    seconds = python_state(
        duration, "_glueforge_seconds", lambda: duration.to_seconds(integral=False)
    )
    return seconds / 60


def _script_file_name(job_name: str, language: Language) -> str:
    stem = re.sub(r"[^A-Za-z0-9_]+", "_", job_name).strip("_") or "job"
    return f"{stem}{SCRIPT_SUFFIX[language]}"


def _connection_names(spec: JobSpec) -> list[str]:
    names: list[str] = []
    for part in spec.specs:
        for connection in part.connections():
            if connection.connection_name not in names:
                names.append(connection.connection_name)
    return names


_STAGED_UNDER_JOB_NAME = (
    "the job's script and modules are staged at synth under a folder named after it, "
    "while the job would read them from where the deployed value points"
)


def _literal_problems(prop: str, value: object, why: str) -> list[str]:
    """Refuse a deploy-time token where synth needs the literal text (issue 17): a token
    would be written out as its marker, e.g. a key ``${Token[TOKEN.12]}/...``."""
    if isinstance(value, str) and Token.is_unresolved(value):
        return [
            f"{prop} must be a literal string, not a deploy-time value ({value!r}): {why}; "
            f"pass a literal, or leave {prop} unset for a generated one"
        ]
    return []


def _path_character_problems(path: str) -> list[str]:
    # The construct path is written into the script's header comment: a NUL or other
    # control character makes a script no Python or Scala parser reads (issue 17).
    bad = sorted({f"U+{ord(c):04X}" for c in path if not c.isprintable()})
    if not bad:
        return []
    return [
        f"construct path {path!r} contains control characters ({', '.join(bad)}), which "
        f"cannot be written into the job's script; use printable characters in construct ids"
    ]


def _option_problems(props: _Props, spec: JobSpec) -> list[str]:
    """Problems with the props that are neither capacity, security nor cost."""
    _, problems = Language.parse(props.language, "language")
    problems += name_problems(
        "job_name", props.job_name, NAME_MAX, forbidden=UNSAFE_NAME_CHARACTERS
    )
    problems += folder_name_problems("job_name", props.job_name)
    problems += _literal_problems("job_name", props.job_name, _STAGED_UNDER_JOB_NAME)
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


def _python_problems(props: _Props) -> list[str]:
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
