"""CloudFormation's template size limit, checked when the app synthesizes.

aws-cdk-lib already fails synth for a stack over 500 resources. It does not check size:
CloudFormation takes at most 1 MB (1,048,576 bytes) per template, even from S3, and a
template over that fails only at deploy. This policy-validation plugin fails the synth
instead, naming the stack, its size, and the way out (spread pipelines over stacks).
"""

from __future__ import annotations

from pathlib import Path

import jsii
from aws_cdk import (
    App,
    IPolicyValidationContext,
    IPolicyValidationPlugin,
    PolicyValidationPluginReport,
    PolicyViolatingResource,
    PolicyViolation,
    Validations,
)

from glueforge.checks.record import record_enabled
from glueforge.checks.validation_report import LIMITS_PLUGIN_NAME as PLUGIN_NAME

MAX_TEMPLATE_BYTES = 1_048_576
RULE = "Glueforge-TemplateSize"
_ENABLED = "glueforge:limits-enabled"


@jsii.implements(IPolicyValidationPlugin)
class TemplateLimits:
    """Fails synth for any template over ``max_bytes``."""

    def __init__(self, max_bytes: int = MAX_TEMPLATE_BYTES) -> None:
        self.max_bytes = max_bytes

    @property
    def name(self) -> str:
        return PLUGIN_NAME

    @property
    def version(self) -> str | None:
        from glueforge import __version__

        return __version__

    @property
    def rule_ids(self) -> list[str]:
        return [RULE]

    def validate(self, context: IPolicyValidationContext) -> PolicyValidationPluginReport:
        violations = []
        for template_path in context.template_paths:
            size = Path(template_path).stat().st_size
            if size > self.max_bytes:
                violations.append(
                    PolicyViolation(
                        rule_name=RULE,
                        description=(
                            f"template {Path(template_path).name} is {size:,} bytes; "
                            f"CloudFormation accepts at most {self.max_bytes:,}"
                        ),
                        fix="spread the pipelines over several stacks (see the README, 'Scale')",
                        severity="error",
                        violating_resources=[
                            PolicyViolatingResource(
                                locations=["template"],
                                template_path=template_path,
                                resource_logical_id="(template)",
                            )
                        ],
                    )
                )
        return PolicyValidationPluginReport(success=not violations, violations=violations)


def enable_limits(app: App, max_bytes: int = MAX_TEMPLATE_BYTES) -> None:
    """Add the template-size check to ``app``'s synth, once.

    :func:`glueforge.checks.enable_checks` is the way to turn this on, with the other
    synth checks.
    """
    if any(entry.type == _ENABLED for entry in app.node.metadata):
        return
    Validations.of(app).add_plugins(TemplateLimits(max_bytes))
    app.node.add_metadata(_ENABLED, True)
    record_enabled(app, "limits", max_template_bytes=max_bytes)
