"""EvaluateDataQuality: a DQDL ruleset evaluated on the frame, on local Spark.

Glue's API (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-transforms-EvaluateDataQuality.html):
``EvaluateDataQuality.apply(frame, ruleset, publishing_options)`` returns the rule
outcomes (Rule, Outcome, FailureReason, EvaluatedMetrics); Glue Studio's scripts call
``EvaluateDataQuality().process_rows(frame, ruleset, publishing_options,
additional_options)``, which returns a DynamicFrameCollection with the keys
``ruleOutcomes``, ``rowLevelOutcomes`` and ``originalData``. Publishing to CloudWatch and
S3 does not happen locally: the outcomes go to the run's summary instead, under the
``dataQualityEvaluationContext`` (Glue's default: ``default_context``).
"""

from __future__ import annotations

from datetime import datetime, timezone

from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection

from glueforge.local.errors import LocalRunError
from glueforge.local.runtime import current

#: Glue's default evaluation context (publishingOptions, Scala API page)
DEFAULT_CONTEXT = "default_context"


class EvaluateDataQuality:
    #: the key of the rule outcomes in process_rows' collection (used by Glue Studio's
    #: "fail the job" assert: ``node[EvaluateDataQuality.DATA_QUALITY_RULE_OUTCOMES_KEY]``)
    DATA_QUALITY_RULE_OUTCOMES_KEY = "ruleOutcomes"

    @classmethod
    def apply(cls, *args, **kwargs):
        return cls()(*args, **kwargs)

    def __call__(self, frame, ruleset, publishing_options={}):  # noqa: B006 (Glue's)
        outcomes = _evaluate(frame, ruleset, publishing_options, {})
        from glueforge.local.quality import outcomes_frame

        df = outcomes_frame(frame.toDF().sparkSession, outcomes)
        return DynamicFrame(df, frame.glue_ctx, self.DATA_QUALITY_RULE_OUTCOMES_KEY)

    def process_rows(self, frame, ruleset, publishing_options={}, additional_options={}):  # noqa: B006
        outcomes = _evaluate(frame, ruleset, publishing_options, additional_options)
        from glueforge.local.quality import outcomes_frame, row_level_outcomes

        df = frame.toDF()
        frames = {
            self.DATA_QUALITY_RULE_OUTCOMES_KEY: outcomes_frame(df.sparkSession, outcomes),
            "rowLevelOutcomes": row_level_outcomes(df, outcomes),
        }
        collection = {k: DynamicFrame(v, frame.glue_ctx, k) for k, v in frames.items()}
        collection["originalData"] = frame
        return DynamicFrameCollection(collection, frame.glue_ctx)


def _evaluate(frame, ruleset, publishing_options, additional_options):
    """Parse and evaluate the ruleset, and record the outcomes in the run."""
    from glueforge.local.quality import COLUMN, COMPOSITE_METHOD, evaluate

    runtime = current()
    context = (publishing_options or {}).get("dataQualityEvaluationContext") or DEFAULT_CONTEXT
    parsed = _parse(ruleset, context)
    method = str((additional_options or {}).get(COMPOSITE_METHOD, COLUMN)).upper()
    # the run's time when the runner sets one (tests), else the clock's, naive UTC
    now = runtime.now or datetime.now(timezone.utc).replace(tzinfo=None)
    # each rule is a Spark job of its own: read the input once (released when the run ends)
    df = frame.toDF().persist()
    runtime.cached.append(df)
    with runtime.reporter.step(context, f"evaluating {len(parsed.rules)} DQ rules") as done:
        try:
            outcomes = evaluate(df, parsed, now=now, composite=method)
        except ValueError as error:
            raise LocalRunError(f"{context}: {error}") from error
        passed = sum(o.passed for o in outcomes)
        done(f"{passed} of {len(outcomes)} rules passed")
    runtime.quality.append((context, outcomes))
    return outcomes


def _parse(ruleset, context):
    try:
        from glueforge.quality.parser import parse_ruleset
    except ImportError as error:  # pragma: no cover (the parser ships with glueforge)
        raise LocalRunError(f"{context}: no DQDL parser ({error})") from error
    parsed, problems = parse_ruleset(ruleset)
    if problems:
        # Glue fails the job on a ruleset it cannot parse
        raise LocalRunError(f"{context}: the DQDL ruleset is invalid: {'; '.join(problems)}")
    return parsed
