"""Encryption by default: KMS keys, the Glue security configuration, secure buckets, and
the encrypted log groups and queues glueforge creates.

Imports only :mod:`glueforge.core` and :mod:`glueforge.iam`.

- :mod:`~glueforge.security.configuration`: the stack's key and security configuration.
- :mod:`~glueforge.security.buckets`: ``SecureBucket`` and ``AccessLogsBucket``, versioned.
- :mod:`~glueforge.security.logs`: ``EncryptedLogGroup``, on the stack's key.
- :mod:`~glueforge.security.queues`: queues on a key S3 event notifications can use.
"""
