"""Places in S3, as a bucket and a key prefix."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import aws_s3 as s3

from glueforge.core.limits import token_problems
from glueforge.core.stack_cache import s3_url
from glueforge.core.tokens import is_unresolved

# A prefix reaches IAM as the resource ``<bucket ARN>/<prefix>*``: there ``*`` and ``?``
# are wildcards (the grant would reach other prefixes) and ``${`` opens a policy variable
# (the grant would miss the keys it names). S3 takes all three in keys.
IAM_UNSAFE_IN_PREFIX = ("*", "?", "${")


@dataclass(frozen=True)
class S3Location:
    """A bucket and a key prefix inside it."""

    bucket: s3.IBucket
    prefix: str = ""

    def url(self) -> str:
        """``s3://<bucket>/<prefix>``; the bucket name is a deploy-time token."""
        return s3_url(self.bucket, self.prefix)

    def problems(self) -> list[str]:
        """Why Glue could not use this location; empty when it can."""
        return s3_prefix_problems(self.prefix)


def s3_prefix_problems(prefix: object, prop: str = "S3 prefix") -> list[str]:
    """Why glueforge cannot read or write under ``prefix``; empty when it can.

    Any character S3 takes in a key is accepted, ``(``, ``)``, ``{``, ``}`` and ``$``
    included, except those that would change the IAM grant on the prefix
    (:data:`IAM_UNSAFE_IN_PREFIX`). A deploy-time token passes.
    """
    if not isinstance(prefix, str):
        return [f"{prop} must be a string, got {type(prefix).__name__}"]
    problems = token_problems(prop, prefix)
    if problems or is_unresolved(prefix):
        return problems
    if prefix.startswith("/"):
        return [f"{prop} {prefix!r} must not start with '/'; expected e.g. 'raw/clicks/'"]
    unsafe = [text for text in IAM_UNSAFE_IN_PREFIX if text in prefix]
    if unsafe:
        return [
            f"{prop} {prefix!r} may not contain {' '.join(unsafe)}: glueforge grants on "
            f"'<bucket>/{prefix}*', where IAM reads * and ? as wildcards and ${{ as a "
            "policy variable; name the prefix literally, e.g. 'raw/clicks/'"
        ]
    return []
