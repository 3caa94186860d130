"""A local stand-in for AWS Glue's ``awsglue`` library, written for glueforge.

It implements only what glueforge's job templates call, with the signatures of the real
Glue 5.0 library (a test compares them), on plain pyspark DataFrames. It runs only
inside ``glueforge local-run``: see :mod:`glueforge.local`.
"""
