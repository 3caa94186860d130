"""Places in S3, as a bucket and a key prefix."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import aws_s3 as s3


@dataclass(frozen=True)
class S3Location:
    """A bucket and a key prefix inside it."""

    bucket: s3.IBucket
    prefix: str = ""

    def url(self) -> str:
        """``s3://<bucket>/<prefix>``; the bucket name is a deploy-time token."""
        return self.bucket.s3_url_for_object(self.prefix)

    def problems(self) -> list[str]:
        """Why Glue could not use this location; empty when it can."""
        if self.prefix.startswith("/"):
            return [
                f"S3 prefix {self.prefix!r} must not start with '/'; expected e.g. 'raw/clicks/'"
            ]
        return []
