"""cdk-nag's AwsSolutions checks, run as part of an app's synth."""

from __future__ import annotations

from aws_cdk import App, Validations

from glueforge.checks.record import record_enabled

# Marks an app whose synth already runs cdk-nag. Kept in the construct's own metadata:
# node addresses derive from the path, and every App's path is "".
NAG_ENABLED_METADATA = "glueforge:nag-enabled"


def enable_nag(app: App) -> None:
    """Add cdk-nag's AwsSolutions checks to ``app``'s synth, once.

    :func:`glueforge.checks.enable_checks` is the way to turn this on, with the other
    synth checks. cdk-nag 3 runs as a policy-validation plugin (an Aspect fails on 3.x),
    and a failing rule makes ``app.synth()`` raise after the cloud assembly is written.
    """
    if any(entry.type == NAG_ENABLED_METADATA for entry in app.node.metadata):
        return
    from cdk_nag import AwsSolutionsChecks

    Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    app.node.add_metadata(NAG_ENABLED_METADATA, True)
    record_enabled(app, "cdk-nag", pack="AwsSolutions")
