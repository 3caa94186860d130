"""Operate a deployed glueforge app with boto3: the engine behind the ops commands.

Nothing here imports aws-cdk-lib: construct paths resolve from the synthesized cloud
assembly's JSON files, so the ops commands start fast.
"""
