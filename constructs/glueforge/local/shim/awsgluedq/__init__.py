"""A local stand-in for AWS Glue's ``awsgluedq`` package (Glue Data Quality in ETL jobs).

Only ``awsgluedq.transforms.EvaluateDataQuality``, with Glue's call signatures
(https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-transforms-EvaluateDataQuality.html).
It evaluates the DQDL ruleset on local Spark (:mod:`glueforge.local.quality`) and records
the outcomes for ``glueforge local-run``'s summary. Runs only inside ``glueforge local-run``.
"""
