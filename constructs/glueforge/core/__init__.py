"""The lowest layer, which every feature builds on and which imports no feature.

- :mod:`~glueforge.core.vocabulary`: Glue's words as enums (languages, versions, worker
  types, run states), defined once.
- :mod:`~glueforge.core.errors`: the validation error and the helpers that collect
  problems and raise once.
- :mod:`~glueforge.core.limits`: Glue's limits on names and descriptions, and the text
  that would change an IAM grant or that aws-cdk-lib would read as a token.
- :mod:`~glueforge.core.rule_ids`: validation rule ids, as aws-cdk-lib and cdk-nag read them.
- :mod:`~glueforge.core.arns`: the ARNs of Glue resources and log groups, built and split.
- :mod:`~glueforge.core.log_groups`: where Glue and DataBrew write their logs.
- :mod:`~glueforge.core.cron`: Glue cron expressions, checked and counted.
- :mod:`~glueforge.core.locations`: places in S3.
- :mod:`~glueforge.core.singletons`: what a stack holds exactly one of.
"""
