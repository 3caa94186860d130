"""Least privilege, and the cdk-nag findings glueforge acknowledges; imports only core.

- :mod:`~glueforge.iam.actions`: every IAM action glueforge grants, named once.
- :mod:`~glueforge.iam.principals`: the services its roles trust.
- :mod:`~glueforge.iam.grants`: grant functions, each returning the ``iam.Grant`` it made
  (and ``add*`` siblings for grants whose ``iam.Grant`` nobody reads).
- :mod:`~glueforge.iam.documents`: a role's statements collected in Python while the
  constructor that built it grants, handed to node as one policy document.
- :mod:`~glueforge.iam.placement`: where grants to a role a construct received land (the
  role itself, or a policy in the construct's stack for a role of another stack).
- :mod:`~glueforge.iam.suppressions`: acknowledged findings, each with its reason.
- :mod:`~glueforge.iam.deferred`: work that waits until a stack is complete.
"""
