"""Credentials reach a Glue connection only as a Secrets Manager reference.

A user name, password, key or token typed into connection properties ends up in the
CloudFormation template and in the Data Catalog in plain text, so glueforge refuses it
at synth time instead of warning (aws-cdk-lib only warns).
"""

from __future__ import annotations

from collections.abc import Mapping

# Substrings of property keys that carry a credential rather than a reference to one.
_CREDENTIAL_MARKERS = ("PASSWORD", "USERNAME", "USER_NAME", "PRIVATE_KEY", "CLIENT_SECRET")
_TOKEN_MARKERS = ("TOKEN",)
ALLOWED_REFERENCES = frozenset({"SECRET_ID", "KAFKA_SASL_SCRAM_SECRETS_ARN"})


def plaintext_credential_problems(properties: Mapping[str, str], *, where: str) -> list[str]:
    """One problem per property in ``properties`` that holds a credential in plain text."""
    problems = []
    for key in properties:
        upper = key.upper()
        if upper in ALLOWED_REFERENCES:
            continue
        if any(marker in upper for marker in (*_CREDENTIAL_MARKERS, *_TOKEN_MARKERS)):
            problems.append(
                f"{where} {key!r} would put a credential into the template in plain text; "
                "pass the Secrets Manager secret as `secret` instead (it becomes SECRET_ID)"
            )
    return problems
