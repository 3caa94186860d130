"""Glue's limits on names and descriptions, shared by every Glue resource.

Glue API reference (CreateJob, CreateCrawler, CreateTrigger, CreateWorkflow,
CreateClassifier): names are 1-255 characters of Glue's single-line string pattern,
descriptions at most 2048.

Also the text glueforge refuses wherever it takes a string, so that no value it accepted
fails later inside aws-cdk-lib with a raw error: catalog names that would widen an IAM
grant (:func:`catalog_name_problems`) and hand-typed token markers
(:func:`token_problems`). ``(``, ``)``, ``{``, ``}`` and ``$`` are accepted: cdk-nag
acknowledgments holding them are written safely (:mod:`glueforge.iam.suppressions`).
"""

from __future__ import annotations

import dataclasses
import re

from aws_cdk import Tokenization
from constructs import IConstruct

from glueforge.core.stack_cache import node_path
from glueforge.core.tokens import is_unresolved

NAME_MAX = 255
DESCRIPTION_MAX = 2048

# Glue's single-line string pattern for names (jobs, crawlers, workflows): no control
# characters, so a name can never break a template, a log group name or a script path.
_GLUE_NAME = re.compile(r"^[\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")

# Characters a job or crawler name may not hold, though Glue takes them: glueforge puts
# the name into IAM resources (where * and ? are wildcards), S3 prefixes and log stream
# names (no / or :), and keeps brackets out of the names it derives from them.
UNSAFE_NAME_CHARACTERS = "*?()[]{}/\\:"


# Glue's catalog names reach IAM as table ARNs (``table/<database>/<table>``), where ``*``
# and ``?`` are wildcards and ``/`` separates the parts: a name holding one would grant on
# other tables than the one named.
CATALOG_NAME_UNSAFE = "*?/"

# aws-cdk-lib's token markers (core/lib/private/encoding.ts): text that holds one is read
# as a token aws-cdk-lib issued, e.g. ``${Token[TOKEN.19]}`` for a CfnParameter's value.
# Typed by hand, it names a token that was never issued, and synth fails deep inside
# aws-cdk-lib ("Unrecognized token key") with no construct path. A list token's marker
# (``#{Token[...]}``) never belongs in a string at all.
_TOKEN_MARKER = re.compile(r"[$#]\{Token\[[a-zA-Z0-9:._-]+\]\}|-1\.\d{10,16}e\+289")


# Text whose tokens aws-cdk-lib recognised: its token map is one per process and only
# grows, so the answer holds for good, and the same database name (a token) is checked
# for every grant on its tables without asking node again.
_ISSUED_TOKEN_TEXT: set[str] = set()


def token_problems(prop: str, value: object) -> list[str]:
    """Why ``value`` holds text aws-cdk-lib would take for a token it never issued.

    A real token (``parameter.value_as_string``, ``bucket.bucket_name``, or text built
    from them) passes: aws-cdk-lib knows it.
    """
    if not isinstance(value, str):
        return []
    found = _TOKEN_MARKER.search(value)
    if found is None:
        return []
    if not found.group().startswith("#"):
        if value in _ISSUED_TOKEN_TEXT:
            return []
        try:
            Tokenization.reverse_string(value)
            _ISSUED_TOKEN_TEXT.add(value)
            return []
        except RuntimeError:  # jsii's form of aws-cdk-lib's UnrecognizedTokenKey
            pass
    return [
        f"{prop} {value!r} holds {found.group()!r}, which aws-cdk-lib reads as a token it "
        "never issued; pass the token's own value (e.g. parameter.value_as_string) or "
        "write the text without it"
    ]


def field_token_problems(value: object) -> list[str]:
    """:func:`token_problems` for every string in the fields of a dataclass (a job spec),
    inside tuples, lists and dicts too; each problem names its field."""
    problems: list[str] = []
    for field in dataclasses.fields(value):  # type: ignore[arg-type]
        pending = [getattr(value, field.name)]
        while pending:
            item = pending.pop()
            if isinstance(item, str):
                problems += token_problems(field.name, item)
            elif isinstance(item, (tuple, list)):
                pending.extend(item)
            elif isinstance(item, dict):
                pending.extend([*item.keys(), *item.values()])
    return problems


def path_problems(scope: IConstruct) -> list[str]:
    """Why the construct path of ``scope`` cannot appear in text glueforge writes into the
    template (a role's description names the job it serves): a construct id holding a
    token marker (:func:`token_problems`)."""
    return token_problems("construct path", node_path(scope))


def description_problems(description: str | None) -> list[str]:
    """Why Glue would refuse this description; empty when it accepts it."""
    if description is not None and len(description) > DESCRIPTION_MAX:
        return [f"description must be at most {DESCRIPTION_MAX} characters, got {len(description)}"]
    return token_problems("description", description)


def name_problems(
    prop: str, value: str | None, max_length: int, *, forbidden: str = ""
) -> list[str]:
    """Why ``value`` is not a Glue name of at most ``max_length`` characters.

    A deploy-time token (a name CloudFormation makes up) passes: only CloudFormation
    knows it.

    :param prop: the prop's name, as the problem names it.
    :param forbidden: characters refused on top of Glue's pattern, usually
        :data:`UNSAFE_NAME_CHARACTERS`.
    """
    if value is None:
        return []
    problems = token_problems(prop, value)
    if problems or is_unresolved(value):
        return problems
    if not 1 <= len(value) <= max_length:
        return [f"{prop} must be 1-{max_length} characters, got {len(value)}"]
    if not _GLUE_NAME.fullmatch(value):
        return [f"{prop} {value!r} contains a control character (e.g. a newline or tab)"]
    bad = sorted({c for c in value if c in forbidden})
    if bad:
        return [f"{prop} {value!r} may not contain {' '.join(bad)}; use letters, digits, - _ ."]
    return []


def catalog_name_problems(
    prop: str, value: object, *, trailing_wildcard: bool = False
) -> list[str]:
    """Why ``value`` cannot name a catalog database or table that glueforge grants on.

    The name of an existing table (or a prefix of table names) may hold any character
    Glue takes, except those that would change the IAM grant built from it
    (:data:`CATALOG_NAME_UNSAFE`) and control characters. A deploy-time token passes.

    :param trailing_wildcard: allow one ``*`` at the end, for a deliberate prefix grant.
    """
    if not isinstance(value, str):
        return []
    problems = token_problems(prop, value)
    if problems or is_unresolved(value):
        return problems
    if not 1 <= len(value) <= NAME_MAX:
        return [f"{prop} must be 1-{NAME_MAX} characters, got {len(value)}"]
    if not _GLUE_NAME.fullmatch(value):
        return [f"{prop} {value!r} contains a control character (e.g. a newline or tab)"]
    checked = value[:-1] if trailing_wildcard and value.endswith("*") else value
    bad = sorted({c for c in checked if c in CATALOG_NAME_UNSAFE})
    if bad:
        return [
            f"{prop} {value!r} may not contain {' '.join(bad)}: in the IAM grant on "
            f"'table/<database>/{value}' it would reach other tables; name one table, "
            "e.g. 'orders'"
        ]
    return []
