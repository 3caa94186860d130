"""Read the policy-validation report a synth writes into its cloud assembly.

Kept free of aws_cdk imports: ``glueforge check`` reads an assembly without loading CDK.
"""

from __future__ import annotations

import json
from pathlib import Path

from glueforge.checks.findings import Finding

NAG_PLUGIN_NAME = "AwsSolutions"
CDK_VALIDATE_PLUGIN_NAME = "CloudFormation Validate"
LIMITS_PLUGIN_NAME = "GlueforgeLimits"  # glueforge.checks.limits
VALIDATION_REPORT = "validation-report.json"


def read_validation_report(path: Path) -> list[Finding]:
    """Every violation in ``validation-report.json`` as findings; none when it is absent."""
    if not path.exists():
        return []
    findings = []
    tools = {
        NAG_PLUGIN_NAME: "cdk-nag",
        CDK_VALIDATE_PLUGIN_NAME: "cdk-validate",
        LIMITS_PLUGIN_NAME: "glueforge",
    }
    for plugin in json.loads(path.read_text()).get("pluginReports", []):
        tool = tools.get(plugin.get("pluginName"), plugin.get("pluginName", "unknown"))
        for violation in plugin.get("violations", []):
            for construct in violation.get("violatingConstructs", []):
                findings.append(
                    Finding(
                        tool=tool,
                        rule=violation["ruleName"],
                        severity=violation.get("severity", "error"),
                        # a template-wide finding names the template, not a construct
                        location=construct.get("constructPath")
                        or construct.get("cloudFormationResource", {}).get("templatePath", "?"),
                        message=violation.get("description", ""),
                    )
                )
    return findings
