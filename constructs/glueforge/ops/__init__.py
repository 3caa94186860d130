"""Operate a deployed glueforge app with boto3: the engine behind the ops commands.

One module per thing operated: job runs, crawls, workflow runs, run logs; plus the boto3
session and error policy (:mod:`~glueforge.ops.aws`), the polling loop
(:mod:`~glueforge.ops.poll`) and the deploy-time half of name resolution
(:mod:`~glueforge.ops.resolve`). Nothing here imports aws-cdk-lib: construct paths are
read from the synthesized cloud assembly's JSON files by :mod:`glueforge.assembly`, so
the ops commands start fast.
"""
