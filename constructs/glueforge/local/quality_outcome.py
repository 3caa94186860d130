"""What the local Data Quality evaluator says about one rule, and about each row."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import reduce
from typing import TYPE_CHECKING

from glueforge.core.vocabulary import DataQualityOutcome

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

#: Glue's outcome strings (EvaluateDataQuality's Outcome column), plus one of glueforge's
#: own for rules the local evaluator does not evaluate
PASSED, FAILED = DataQualityOutcome.PASSED.value, DataQualityOutcome.FAILED.value
UNSUPPORTED = "Unsupported"

_flags = itertools.count()


@dataclass(frozen=True)
class Lookup:
    """Rows a row-level CustomSql statement returned: a row of the frame passes when its
    selected columns match one of them (Glue joins the SQL's result with the data set:
    https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-CustomSql.html)."""

    frame: DataFrame
    #: (the frame's column, the lookup's column of the same values)
    keys: tuple[tuple[str, str], ...]
    #: the column set to true on rows that match
    flag: str


@dataclass(frozen=True)
class RowResult:
    """Each row's result for one rule.

    :param passed: a boolean Column over the evaluated frame: true where the row passes,
        false where it fails, null where the rule skips it (outside its ``where``).
    :param lookups: joins ``passed`` needs first (row-level CustomSql).
    """

    passed: Column
    lookups: tuple[Lookup, ...] = ()


@dataclass
class RuleOutcome:
    """One rule's outcome, as a row of EvaluateDataQuality's ``ruleOutcomes``.

    :param rule: the rule as DQDL.
    :param outcome: ``"Passed"``, ``"Failed"`` or ``"Unsupported"`` (not evaluated
        locally: never counts as passed).
    :param reason: why it failed or was not evaluated; ``None`` when it passed.
    :param metrics: Glue's EvaluatedMetrics, e.g. ``{"Column.id.Completeness": 1.0}``.
    :param rows: each row's result, for rules with row-level results; ``None`` otherwise.
    """

    rule: str
    outcome: str
    reason: str | None = None
    metrics: dict[str, float] = field(default_factory=dict)
    rows: RowResult | None = None

    @property
    def passed(self) -> bool:
        return self.outcome == PASSED


def new_flag() -> str:
    return f"__dq_flag_{next(_flags)}"


def join_lookup(frame: DataFrame, lookup: Lookup) -> DataFrame:
    """``frame`` with ``lookup.flag`` true on rows matching the lookup, else null."""
    from pyspark.sql import functions as F

    marked = lookup.frame.withColumn(lookup.flag, F.lit(True))
    on = reduce(
        lambda a, b: a & b,
        [quoted(mine).eqNullSafe(quoted(theirs)) for mine, theirs in lookup.keys],
    )
    joined = frame.join(marked, on=on, how="left")
    return joined.drop(*[theirs for _, theirs in lookup.keys])


def quoted(name: str) -> Column:
    """The column called ``name``, whatever characters it holds."""
    from pyspark.sql import functions as F

    return F.col("`" + name.replace("`", "``") + "`")
