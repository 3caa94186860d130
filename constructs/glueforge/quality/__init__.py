"""Glue Data Quality: DQDL rulesets, typed or parsed, checked at synth.

- :mod:`~glueforge.quality.model`: a ruleset as glueforge reads it (pure Python);
- :mod:`~glueforge.quality.rules`: the DQDL vocabulary, one table of rule types;
- :mod:`~glueforge.quality.parser`: DQDL text to that model, with synth-time problems
  (checked by :mod:`~glueforge.quality.validation`, rendered by
  :mod:`~glueforge.quality.render`);
- :mod:`~glueforge.quality.builder`: the typed builder that writes DQDL;
- :mod:`~glueforge.quality.ruleset`: ``DataQualityRuleset`` (``AWS::Glue::DataQualityRuleset``).

Nothing is imported here, so a local run importing the model or the parser stays free of
aws-cdk-lib.
"""
