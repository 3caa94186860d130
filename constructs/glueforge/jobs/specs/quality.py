"""A Glue Data Quality check inside a templated job: Glue's ``EvaluateDataQuality`` transform.

The step evaluates a DQDL ruleset on the frame of an earlier step, publishes the results
(to CloudWatch and to an S3 prefix) and then, as configured, fails the job run, routes the
failing rows to an output of their own, or only publishes. The ruleset is parsed and
checked at synth (:func:`glueforge.quality.parser.parse_ruleset`) and reaches the script
only through the templates' literal filters, never as code.

Glue's API: "EvaluateDataQuality class" (PySpark),
https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-transforms-EvaluateDataQuality.html
and (Scala) https://docs.aws.amazon.com/glue/latest/dg/glue-etl-scala-apis-glue-dq-EvaluateDataQuality.html
"""

from __future__ import annotations

import re
from collections.abc import Mapping as MappingType
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, ClassVar

from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from glueforge.assembly.local_arguments import LocalArgument
from glueforge.core.locations import S3Location
from glueforge.core.stack_cache import format_arn
from glueforge.core.tokens import is_unresolved
from glueforge.core.vocabulary import DATA_QUALITY_ROW_COLUMNS, Language
from glueforge.iam.actions import DATA_QUALITY_PUBLISH_ACTIONS, METRICS_PUT_ACTIONS
from glueforge.iam.grants import add, add_s3_prefix_read_write
from glueforge.jobs.arguments import TEMP_DIR, ArgRef
from glueforge.jobs.specs.base import Spec, Stage, s3_argument
from glueforge.jobs.specs.schema import schema_problems
from glueforge.jobs.specs.sources import S3Source
from glueforge.jobs.specs.transforms import Mapping
from glueforge.monitoring.metrics import DATA_QUALITY_METRICS_NAMESPACE

# DQResultsPublishingOptions.EvaluationContext: "Pattern: [A-Za-z0-9_-]*"
# https://docs.aws.amazon.com/glue/latest/webapi/API_DQResultsPublishingOptions.html
EVALUATION_CONTEXT = re.compile(r"^[A-Za-z0-9_-]+$")
# Choice: the default results prefix sits under the job's temporary directory (--TempDir,
# in glueforge's KMS-encrypted temp bucket, which the job may already write and whose
# objects expire after 7 days); give results_location to keep results longer.
DEFAULT_RESULTS_FOLDER = "data-quality"


class DataQualityFailureAction(StrEnum):
    """What an :class:`EvaluateDataQuality` step does when rules fail.

    Results are published first in every case.
    """

    #: the job run fails, with a message listing the failed rules
    FAIL_JOB = "fail_job"
    #: failing rows go on as ``<name>_failed`` (with Glue's outcome columns), passing rows
    #: as the step's own output; failed dataset-level rules (e.g. ``RowCount``) are only
    #: published
    ROUTE = "route"
    #: results are only published; every row goes on
    CONTINUE = "continue"


@dataclass(frozen=True, kw_only=True)
class EvaluateDataQuality(Spec):
    """Evaluate a Glue Data Quality ruleset on an earlier step's rows (Glue's
    ``EvaluateDataQuality`` transform), publish the results, then act on failures.

    The ruleset is parsed at synth: an unknown rule type, a malformed threshold or (where
    the columns are known) a column the input does not have fails synth.

    :param input: the step whose rows are checked.
    :param ruleset: DQDL text (``'Rules = [IsComplete "id"]'``), a ruleset from the typed
        builder (anything with ``to_dqdl()``), or a
        :class:`~glueforge.quality.ruleset.DataQualityRuleset` (its ``dqdl``).
    :param on_failure: a :class:`DataQualityFailureAction` or its value. Default:
        ``FAIL_JOB``, the run fails once the results are published.
    :param publish_cloudwatch_metrics: publish ``glue.data.quality.rules.passed`` and
        ``...failed`` in the ``Glue Data Quality`` namespace. Default: True.
    :param results_location: where Glue writes the results: an ``S3Location``, or a
        bucket (then under ``data-quality/<name>/``). Default: ``data-quality/<name>/``
        under the job's temporary directory (glueforge's encrypted temp bucket, where
        objects expire after 7 days).
    :param evaluation_context: names the results and the metrics' ``EvaluationContext``
        dimension: letters, digits, ``_`` and ``-``. Default: the step's name.
    :param columns: the input's columns, name -> Glue type (or ``(name, type)`` pairs),
        that the ruleset's column references must be among. Default: None, the input
        step's declared columns where it declares them (an ``S3Source`` with a
        ``schema``, a ``Mapping``: :meth:`problems_with_inputs`, which the job's checks
        call); column references are not checked where the input declares none.
    """

    input: str
    ruleset: Any
    on_failure: DataQualityFailureAction | str = DataQualityFailureAction.FAIL_JOB
    publish_cloudwatch_metrics: bool = True
    results_location: S3Location | s3.IBucket | None = None
    evaluation_context: str | None = None
    columns: MappingType[str, str] | Sequence[tuple[str, str]] | None = None

    stage: ClassVar = Stage.TRANSFORM
    macro: ClassVar[str] = "evaluate_data_quality"

    @property
    def py_imports(self) -> dict[str, tuple[str, ...]]:  # type: ignore[override]
        # Glue's transform of the same name, in the script; this class is glueforge's spec.
        imports = {
            "awsgluedq.transforms": ("EvaluateDataQuality",),
            "awsglue.dynamicframe": ("DynamicFrame",),
        }
        if self.action is DataQualityFailureAction.ROUTE:
            imports["pyspark.sql"] = ("functions as F",)
        return imports

    @property
    def glue_arguments(self) -> tuple[str, ...]:  # type: ignore[override]
        # The default results prefix is read from the job's --TempDir.
        return (TEMP_DIR,) if self.results_location is None else ()

    @property
    def reads(self) -> tuple[str, ...]:
        return (self.input,)

    @property
    def outputs(self) -> tuple[str, ...]:
        if self.action is DataQualityFailureAction.ROUTE:
            return (self.name, self.failed_output)
        return (self.name,)

    @property
    def failed_output(self) -> str:
        """The output that ``ROUTE`` gives the failing rows: ``<name>_failed``."""
        return f"{self.name}_failed"

    @property
    def action(self) -> DataQualityFailureAction | None:
        """``on_failure`` as a member (its value in any case); None when it is not one."""
        try:
            return DataQualityFailureAction(str(self.on_failure).lower())
        except ValueError:
            return None

    @property
    def context_name(self) -> str:
        """The evaluation context: ``evaluation_context``, or the step's name."""
        return self.evaluation_context if self.evaluation_context is not None else self.name

    @property
    def location(self) -> S3Location | None:
        """Where results go, when not under the temporary directory."""
        if self.results_location is None or isinstance(self.results_location, S3Location):
            return self.results_location
        return S3Location(self.results_location, f"{DEFAULT_RESULTS_FOLDER}/{self.name}/")

    def dqdl(self) -> str | None:
        """The ruleset's DQDL text; None when ``ruleset`` is none of the accepted kinds."""
        ruleset = self.ruleset
        if isinstance(ruleset, str):
            return ruleset
        if callable(getattr(ruleset, "to_dqdl", None)):
            return ruleset.to_dqdl()
        text = getattr(ruleset, "dqdl", None)
        return text if isinstance(text, str) else None

    def deploy_values(self) -> dict[str, Any]:
        location = self.location
        return {} if location is None else {"results": location.url()}

    def local_arguments(self) -> dict[str, LocalArgument]:
        location = self.location
        if location is None:
            return {}
        return {self.arg("results"): s3_argument(location.bucket, location.prefix)}

    def grant(self, grantee: iam.IGrantable) -> None:
        """Publishing results and metrics, and writing results under their prefix.

        Actions from "Configure IAM permissions for AWS Glue Data Quality":
        https://docs.aws.amazon.com/glue/latest/dg/data-quality-authorization.html
        """
        # Choice: glue:PublishDataQuality on the account's dataQualityRuleset/* (the
        # resource type of every Glue Data Quality action on that page): a job's inline
        # ruleset has no ruleset ARN of its own, and the page's excerpts do not show the
        # action's row (UNCONFIRMED), so the narrowest ARN the resource type allows.
        add(
            grantee,
            DATA_QUALITY_PUBLISH_ACTIONS,
            [format_arn(grantee, service="glue", resource="dataQualityRuleset", resource_name="*")],
            wildcard_reason="an ETL job's inline ruleset has no ruleset ARN; publishing is "
            "limited to the dataQualityRuleset resource type of this account and Region",
        )
        if self.publish_cloudwatch_metrics:
            add(
                grantee,
                METRICS_PUT_ACTIONS,
                ["*"],
                conditions={
                    "StringEquals": {"cloudwatch:namespace": DATA_QUALITY_METRICS_NAMESPACE}
                },
                wildcard_reason="cloudwatch:PutMetricData has no resource-level permissions; "
                "the condition limits it to the Glue Data Quality namespace",
            )
        location = self.location
        if location is not None:
            # The results bucket's key comes with the prefix grant (SSE-KMS).
            add_s3_prefix_read_write(grantee, location.bucket, location.prefix)

    def problems(self) -> list[str]:
        problems = self._option_problems()
        text = self.dqdl()
        if text is None:
            problems.append(
                f"ruleset must be DQDL text, a builder ruleset (to_dqdl()) or a "
                f"DataQualityRuleset, got {type(self.ruleset).__name__}"
            )
        elif is_unresolved(text):
            problems.append("ruleset is a deploy-time token; the script needs the DQDL text")
        else:
            problems += _ruleset_problems(text, self._columns())
        return problems

    def problems_with_inputs(self, steps: Sequence[Spec]) -> list[str]:
        """:meth:`problems`, with the input step's declared columns when ``columns`` is
        not given (an ``S3Source`` with a ``schema``, a ``Mapping``)."""
        if self.columns is not None:
            return self.problems()
        known = next((known_columns(s) for s in steps if self.input in s.outputs), None)
        if known is None:
            return self.problems()
        return _with_columns(self, known).problems()

    def _option_problems(self) -> list[str]:
        problems = []
        if self.action is None:
            problems.append(
                f"on_failure {self.on_failure!r} is not one of "
                f"{[a.value for a in DataQualityFailureAction]}"
            )
        if not isinstance(self.publish_cloudwatch_metrics, bool):
            problems.append(
                f"publish_cloudwatch_metrics must be True or False, got "
                f"{self.publish_cloudwatch_metrics!r}"
            )
        if not isinstance(self.context_name, str) or not EVALUATION_CONTEXT.match(
            self.context_name
        ):
            problems.append(
                f"evaluation_context {self.context_name!r} must be letters, digits, '_' and "
                "'-' (Glue's DQResultsPublishingOptions.EvaluationContext), e.g. 'orders_checks'"
            )
        if self.columns is not None and not isinstance(self.columns, MappingType):
            problems += schema_problems(self.columns)
        location = self.location
        if location is not None:
            problems += location.problems()
        return problems

    def _columns(self) -> dict[str, str] | None:
        if self.columns is None:
            return None
        if isinstance(self.columns, MappingType):
            return dict(self.columns)
        if schema_problems(self.columns):
            return None  # reported by _option_problems; check the ruleset alone
        return {name: type_ for name, type_ in self.columns}

    def render_context(self, language: Language) -> dict[str, Any]:
        action = self.action
        if language == Language.SCALA and action is DataQualityFailureAction.ROUTE:
            # Glue documents the Scala transform's apply (rule outcomes) only, not its
            # row-level outcomes: refuse rather than render an unconfirmed call.
            from glueforge.jobs.script.environment import ScriptError

            raise ScriptError(
                f"transform {self.name!r}: on_failure 'route' is supported for PySpark "
                "jobs only (Glue documents row-level outcomes for PySpark); use 'fail_job' "
                "or 'continue' in Scala, or language='pyspark'"
            )
        location = self.location
        return {
            "ruleset": self.dqdl(),
            "action": action.value if action is not None else None,
            "failed_var": self.failed_output,
            "evaluation_context": self.context_name,
            "cloudwatch_metrics": self.publish_cloudwatch_metrics,
            # None: the script appends results_suffix to the job's --TempDir.
            "results": self.ref("results") if location is not None else None,
            "temp_dir": ArgRef(TEMP_DIR),
            "results_suffix": f"/{DEFAULT_RESULTS_FOLDER}/{self.name}/",
            # the passing rows of ROUTE drop Glue's outcome columns, keeping the input's schema
            "row_outcome_columns": list(DATA_QUALITY_ROW_COLUMNS),
            "fail_message": f"data quality step {self.name!r} failed rules: ",
        }


def known_columns(step: Spec) -> dict[str, str] | None:
    """The columns a step declares, name -> type; None where only the data knows them."""
    if isinstance(step, S3Source) and step.schema:
        return {name: type_ for name, type_ in step.schema}
    if isinstance(step, Mapping):
        return {target: type_ for _, target, type_ in step.mappings}
    return None


def _with_columns(step: EvaluateDataQuality, columns: dict[str, str]) -> EvaluateDataQuality:
    return replace(step, columns=columns)


def _ruleset_problems(text: str, columns: dict[str, str] | None) -> list[str]:
    # The parser is pure Python (no aws-cdk-lib): local runs import it too.
    from glueforge.quality.parser import parse_ruleset

    _, problems = parse_ruleset(text, columns=columns)
    return [f"ruleset: {problem}" for problem in problems]
