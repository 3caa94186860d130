"""Encryption by default: KMS keys, the Glue security configuration and secure buckets.

Imports only :mod:`glueforge.core` and :mod:`glueforge.iam`.

- :mod:`~glueforge.security.configuration`: the stack's key and security configuration.
- :mod:`~glueforge.security.buckets`: ``SecureBucket`` and ``AccessLogsBucket``.
"""
