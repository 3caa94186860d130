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
from typing import Any

from aws_cdk import Duration, Names, Resource, Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from glueforge.assembly.reader import SCRIPT_METADATA
from glueforge.core.errors import (
    UNSAFE_NAME_CHARACTERS,
    name_problems,
    raise_if_problems,
    require_types,
)
from glueforge.core.limits import NAME_MAX, description_problems
from glueforge.core.vocabulary import DEFAULT_GLUE_VERSION, GlueVersion, Language, WorkerType
from glueforge.cost.guard import watch_costs
from glueforge.cost.model import CostInputs, cost_prop_problems, per_run_problems
from glueforge.cost.prices import minimum_seconds
from glueforge.iam.grants import (
    glue_arn_name,
    grant,
    grant_s3_prefix_read_write,
    log_group_arn,
)
from glueforge.jobs.assets import JobFiles, module_problems, temp_bucket
from glueforge.jobs.capacity import capacity_problems
from glueforge.jobs.script.context import SCRIPT_SUFFIX, render_script
from glueforge.jobs.script.render import ScriptError
from glueforge.jobs.specs.base import JobSpec, Spec
from glueforge.security.configuration import choose_security_configuration, grant_key_use

JOB_LOG_GROUPS = ("/aws-glue/jobs/output", "/aws-glue/jobs/error", "/aws-glue/jobs/logs-v2")
# Under a security configuration that encrypts logs, Glue writes to groups named after the
# configuration and the role. AWS documents two forms: "/aws-glue/jobs-<role>-<security
# configuration>/" (Glue API, JobRun.LogGroupName) and groups under "/aws-glue/jobs/"; this
# prefix covers both and nothing outside Glue's job log groups.
ENCRYPTED_JOB_LOG_GROUPS = "/aws-glue/jobs*"
PINNED_REQUIREMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-\[\],]*==[A-Za-z0-9._+!\-]+$")
# Arguments glueforge sets from the job's props and specs: one way to express each intent.
MANAGED_ARGUMENTS = frozenset(
    {
        "--job-language",
        "--class",
        "--job-bookmark-option",
        "--TempDir",
        "--enable-metrics",
        "--enable-continuous-cloudwatch-log",
        "--enable-glue-datacatalog",
        "--enable-auto-scaling",
        "--additional-python-modules",
        "--extra-py-files",
    }
)
READ_ACTIONS = ("glue:GetJob", "glue:GetJobRun", "glue:GetJobRuns", "glue:GetJobBookmark")
START_ACTIONS = ("glue:StartJobRun", "glue:BatchStopJobRun")


class JobBase(Resource):
    """What owned and imported jobs share: their ARN and the grants on it."""

    job_name: str

    @property
    def job_arn(self) -> str:
        return Stack.of(self).format_arn(
            service="glue", resource="job", resource_name=self.job_name
        )

    def grant_start(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow ``grantee`` to start and stop runs of this job."""
        return grant(grantee, START_ACTIONS, [self.job_arn])

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow ``grantee`` to read this job, its runs and its bookmark."""
        return grant(grantee, READ_ACTIONS, [self.job_arn])


class _ImportedJob(JobBase):
    def __init__(self, scope: Construct, id: str, job_name: str):
        super().__init__(scope, id)
        self.job_name = job_name


class EtlJob(JobBase):
    """A Glue Spark ETL job rendered from specs (PySpark or Scala).

    :param steps: sources, transforms and sinks, e.g. ``[S3Source("orders", ...),
        Dedupe("latest", ...), S3Sink("curated", ...)]``.
    :param language: ``pyspark`` or ``scala``. Default: ``pyspark``.
    :param template: a template of your own, e.g. ``"orders.py.j2"``, looked up in
        ``template_folders`` first, then in glueforge's. Default: the built-in recipe.
    :param template_folders: folders holding your templates. Default: none.
    :param template_variables: extra values your template sees as ``vars``; they pass
        through the same literal filters. Default: none.
    :param glue_version: Default: ``"5.0"`` (Spark 3.5.4, as glueforge runs locally).
    :param worker_type: Default: ``"G.1X"``.
    :param number_of_workers: the maximum with auto-scaling. Default: 2.
    :param auto_scaling: let Glue use fewer workers when it can. Default: ``True``.
    :param flex: run on spare capacity at the lower Flex rate. Default: ``False``.
    :param timeout: Default: 60 minutes (Glue's own default is 8 to 48 hours).
    :param max_retries: Default: 0.
    :param max_concurrent_runs: Default: 1.
    :param bookmarks: Default: on when every source can use a bookmark.
    :param role: Default: a new role with exactly what the steps need.
    :param job_name: Default: generated from the construct path.
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
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        steps: Sequence[Spec],
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
        require_types(
            self,
            {
                "steps": (steps, (list, tuple)),
                "language": (language, str),
                "template": (template, (str, None)),
                "glue_version": (glue_version, str),
                "worker_type": (worker_type, str),
                "number_of_workers": (number_of_workers, int),
                "auto_scaling": (auto_scaling, bool),
                "flex": (flex, bool),
                "timeout": (timeout, (Duration, None)),
                "typical_duration": (typical_duration, (Duration, None)),
                "max_retries": (max_retries, int),
                "max_concurrent_runs": (max_concurrent_runs, int),
                "bookmarks": (bookmarks, (bool, None)),
                "job_name": (job_name, (str, None)),
                "description": (description, (str, None)),
                "additional_python_modules": (additional_python_modules, (list, tuple)),
                "extra_python_files": (extra_python_files, (list, tuple)),
                "default_arguments": (default_arguments, (Mapping, None)),
                "continuous_logging": (continuous_logging, bool),
                "metrics": (metrics, bool),
            },
        )
        timeout = timeout or Duration.minutes(60)
        self.spec = JobSpec.of(steps)
        problems = self.spec.problems()
        problems += capacity_problems(
            glue_version=glue_version,
            worker_type=worker_type,
            number_of_workers=number_of_workers,
            timeout_minutes=timeout.to_minutes(),
            flex=flex,
        )
        problems += _option_problems(
            language=language,
            job_name=job_name,
            description=description,
            additional_python_modules=additional_python_modules,
            extra_python_files=extra_python_files,
            default_arguments=default_arguments or {},
            bookmarks=bookmarks,
            spec=self.spec,
            max_retries=max_retries,
            max_concurrent_runs=max_concurrent_runs,
        )
        security_configuration, security_problems = choose_security_configuration(
            self, encryption=encryption, security_configuration=security_configuration
        )
        problems += security_problems
        typical_minutes = (
            timeout.to_seconds(integral=False) / 240
            if typical_duration is None
            else typical_duration.to_seconds(integral=False) / 60
        )
        problems += cost_prop_problems(
            timeout_minutes=timeout.to_seconds(integral=False) / 60,
            typical_minutes=typical_minutes,
            max_cost_per_run=max_cost_per_run,
            monthly_budget=monthly_budget,
        )
        raise_if_problems(self, problems)

        from glueforge import __version__

        try:
            self.script, script_problems = render_script(
                self.spec,
                language,
                construct_path=self.node.path,
                version=__version__,
                template=template,
                template_folders=template_folders,
                variables=template_variables,
            )
        except ScriptError as error:
            script_problems = [str(error)]
        raise_if_problems(self, script_problems)

        self.language = Language(language)
        self.glue_version = GlueVersion(glue_version)
        self.worker_type = WorkerType(worker_type)
        self.number_of_workers = number_of_workers
        self.flex = flex
        self.timeout = timeout
        self.job_name = job_name or Names.unique_resource_name(self, max_length=NAME_MAX)
        self.script_name = _script_file_name(self.job_name, self.language)
        self.bookmarks = self.spec.bookmarkable if bookmarks is None else bookmarks
        self.role: iam.IRole = role or iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("glue.amazonaws.com"),
            description=f"Glue job {self.node.path}: least privilege from its specs",
        )
        self.files = JobFiles(
            self,
            "Files",
            job_name=self.job_name,
            script_name=self.script_name,
            script=self.script.text,
            modules=extra_python_files,
        )
        temp = temp_location or temp_bucket(self)
        self.temp_dir = temp.s3_url_for_object(f"{self.job_name}/")

        self.files.grant_read(self.role)
        grant_s3_prefix_read_write(self.role, temp, f"{self.job_name}/")
        for step in self.spec.steps:
            step.grant(self.role)
        self._grant_logs(security_configuration)
        if security_configuration is not None:
            grant_key_use(self.role, security_configuration)
        if metrics:
            self._grant_metrics()

        self.arguments = self._arguments(
            auto_scaling=auto_scaling,
            continuous_logging=continuous_logging,
            metrics=metrics,
            additional_python_modules=additional_python_modules,
            extra=default_arguments or {},
        )
        connections = _connection_names(self.spec)
        self.resource = glue.CfnJob(
            self,
            "Resource",
            name=self.job_name,
            role=self.role.role_arn,
            description=description,
            command=glue.CfnJob.JobCommandProperty(
                name="glueetl",
                script_location=self.files.script_location,
                python_version="3" if self.language is Language.PYSPARK else None,
            ),
            glue_version=self.glue_version.value,
            worker_type=self.worker_type.value,
            number_of_workers=number_of_workers,
            timeout=int(timeout.to_minutes()),
            max_retries=max_retries,
            execution_class="FLEX" if flex else None,
            execution_property=glue.CfnJob.ExecutionPropertyProperty(
                max_concurrent_runs=max_concurrent_runs
            ),
            connections=glue.CfnJob.ConnectionsListProperty(connections=connections)
            if connections
            else None,
            security_configuration=security_configuration.security_configuration_name
            if security_configuration
            else None,
            default_arguments=self.arguments,
        )
        self.node.add_metadata(
            SCRIPT_METADATA,
            {
                "fileName": self.script_name,
                "language": self.language.value,
                "template": self.script.template,
                "script": self.script.text,
                # What `glueforge local-run` needs to run this very script locally: the
                # argument names it reads and how each deploy-time value maps locally.
                "jobName": self.job_name,
                "bookmarks": self.bookmarks,
                "argumentNames": list(self.script.argument_names),
                "localArguments": self.spec.local_arguments(),
            },
        )
        self.security_configuration = security_configuration
        self.cost_inputs = CostInputs(
            path=self.node.path,
            kind="job",
            name=self.job_name,
            rate="flex" if flex else "standard",
            dpu=self.worker_type.dpu * number_of_workers,
            workers=number_of_workers,
            dpu_per_worker=self.worker_type.dpu,
            timeout_minutes=timeout.to_seconds(integral=False) / 60,
            typical_minutes=typical_minutes,
            minimum_seconds=minimum_seconds({"GlueVersion": self.glue_version.value}),
            max_cost_per_run=max_cost_per_run,
            monthly_budget=monthly_budget,
        )
        raise_if_problems(self, per_run_problems(self.cost_inputs))
        watch_costs(self)
        # Glue checks the script and role on the first run, not at create; still, make the
        # files and permissions exist before the job so a run right after deploy works.
        self.resource.node.add_dependency(self.files.deployment)
        for child in self.role.node.children:
            if isinstance(child, iam.Policy):
                self.resource.node.add_dependency(child)

    @property
    def grant_principal(self) -> iam.IPrincipal:
        return self.role.grant_principal

    @classmethod
    def from_job_name(cls, scope: Construct, id: str, job_name: str) -> JobBase:
        """A job that exists already, by name."""
        return _ImportedJob(scope, id, job_name)

    @classmethod
    def from_job_arn(cls, scope: Construct, id: str, job_arn: str) -> JobBase:
        """A job that exists already, by ARN (``arn:...:glue:...:job/NAME``)."""
        return _ImportedJob(scope, id, glue_arn_name(scope, id, job_arn, "job"))

    def _arguments(
        self,
        *,
        auto_scaling: bool,
        continuous_logging: bool,
        metrics: bool,
        additional_python_modules: Sequence[str],
        extra: Mapping[str, str],
    ) -> dict[str, str]:
        arguments: dict[str, str] = {
            "--job-language": "python" if self.language is Language.PYSPARK else "scala",
            "--job-bookmark-option": "job-bookmark-enable"
            if self.bookmarks
            else "job-bookmark-disable",
            "--TempDir": self.temp_dir,
            "--enable-glue-datacatalog": "true",
        }
        if self.language is Language.SCALA:
            arguments["--class"] = "GlueApp"
        if auto_scaling:
            arguments["--enable-auto-scaling"] = "true"
        if metrics:
            arguments["--enable-metrics"] = "true"
        if continuous_logging:
            arguments["--enable-continuous-cloudwatch-log"] = "true"
        if additional_python_modules:
            arguments["--additional-python-modules"] = ",".join(additional_python_modules)
        if self.files.modules_location:
            arguments["--extra-py-files"] = self.files.modules_location
        for name, value in self.spec.arguments().items():
            arguments[f"--{name}"] = value
        arguments.update(extra)
        return arguments

    def _grant_logs(self, security_configuration: glue.ISecurityConfiguration | None) -> None:
        if security_configuration is None:
            groups = list(JOB_LOG_GROUPS)
        else:
            groups = [ENCRYPTED_JOB_LOG_GROUPS]
        grant(
            self.role,
            ["logs:CreateLogGroup"],
            [log_group_arn(self, g) for g in groups],
            wildcard_reason="Glue names encrypted job log groups after the security "
            "configuration and role",
        )
        grant(
            self.role,
            ["logs:CreateLogStream", "logs:PutLogEvents"],
            [log_group_arn(self, g, stream="*") for g in groups],
            wildcard_reason="Glue names each log stream after the job run id, known only at "
            "run time",
        )
        if security_configuration is not None:
            grant(
                self.role,
                ["logs:AssociateKmsKey"],
                [log_group_arn(self, ENCRYPTED_JOB_LOG_GROUPS)],
                wildcard_reason="Glue encrypts the job's log groups with the security "
                "configuration's key",
            )

    def _grant_metrics(self) -> None:
        grant(
            self.role,
            ["cloudwatch:PutMetricData"],
            ["*"],
            conditions={"StringEquals": {"cloudwatch:namespace": "Glue"}},
            wildcard_reason="cloudwatch:PutMetricData has no resource-level permissions; "
            "the condition limits it to the Glue namespace",
        )


def _script_file_name(job_name: str, language: Language) -> str:
    stem = re.sub(r"[^A-Za-z0-9_]+", "_", job_name).strip("_") or "job"
    return f"{stem}{SCRIPT_SUFFIX[language]}"


def _connection_names(spec: JobSpec) -> list[str]:
    names: list[str] = []
    for step in spec.steps:
        for connection in step.connections():
            if connection.connection_name not in names:
                names.append(connection.connection_name)
    return names


def _option_problems(
    *,
    language: str,
    job_name: str | None,
    description: str | None,
    additional_python_modules: Sequence[str],
    extra_python_files: Sequence[str],
    default_arguments: Mapping[str, str],
    bookmarks: bool | None,
    spec: JobSpec,
    max_retries: int,
    max_concurrent_runs: int,
) -> list[str]:
    _, problems = Language.parse(language, "language")
    problems += name_problems("job_name", job_name, NAME_MAX, forbidden=UNSAFE_NAME_CHARACTERS)
    problems += description_problems(description)
    if language == "scala" and (additional_python_modules or extra_python_files):
        problems.append("additional_python_modules and extra_python_files are for pyspark jobs")
    problems += [
        f"additional_python_modules entry {r!r} must be pinned as 'name==version', "
        "e.g. 'pyarrow==17.0.0'"
        for r in additional_python_modules
        if not PINNED_REQUIREMENT.match(r)
    ]
    problems += module_problems(extra_python_files)
    spec_arguments = {f"--{name}" for name in spec.arguments()}
    for key in default_arguments:
        if not key.startswith("--"):
            problems.append(f"default_arguments key {key!r} must start with '--'")
        elif key in MANAGED_ARGUMENTS:
            problems.append(
                f"default_arguments key {key!r} is set by glueforge from the job's props; "
                "use the matching prop instead"
            )
        elif key in spec_arguments:
            problems.append(f"default_arguments key {key!r} is set by a step of this job")
    if bookmarks and not spec.bookmarkable:
        kinds = [s.name for s in spec.sources if not s.bookmarkable]
        problems.append(f"bookmarks=True, but sources {kinds} cannot use a job bookmark")
    if max_retries < 0 or max_retries > 10:
        problems.append(f"max_retries must be 0-10, got {max_retries}")
    if max_concurrent_runs < 1:
        problems.append(f"max_concurrent_runs must be 1 or more, got {max_concurrent_runs}")
    return problems
