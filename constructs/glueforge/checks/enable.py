"""One entry point for every check that runs when an app synthesizes."""

from __future__ import annotations

from aws_cdk import App

from glueforge.checks.limits import MAX_TEMPLATE_BYTES, enable_limits
from glueforge.checks.nag import enable_nag
from glueforge.cost.guard import set_budget


def enable_checks(
    app: App,
    *,
    nag: bool = True,
    limits: bool = True,
    max_template_bytes: int = MAX_TEMPLATE_BYTES,
    max_cost_per_run: float | None = None,
    monthly_budget: float | None = None,
) -> None:
    """Make ``app``'s synth fail on what would fail at deploy or break a rule, once each.

    Every glueforge construct checks its own props when it is created; these checks need
    the whole app, so they run at synth. ``glueforge check`` and
    :func:`glueforge.checks.synthesize` report what they find.

    :param nag: cdk-nag's AwsSolutions rules (a policy-validation plugin). Default: on.
    :param limits: CloudFormation's template size limit, checked at synth rather than
        at deploy. Default: on.
    :param max_template_bytes: the size limit. Default: 1,048,576 bytes, CloudFormation's.
    :param max_cost_per_run: USD no single job or crawler run may exceed (worst case;
        expected for crawlers, which have no timeout). Default: no limit.
    :param monthly_budget: USD the app's expected month may not exceed. Default: no limit.
        Each job, crawler and pipeline may also declare its own limits.
    """
    if max_cost_per_run is not None or monthly_budget is not None:
        # First: it checks the values, and raises before any check is added.
        set_budget(app, max_cost_per_run=max_cost_per_run, monthly_budget=monthly_budget)
    if nag:
        enable_nag(app)
    if limits:
        enable_limits(app, max_template_bytes)
