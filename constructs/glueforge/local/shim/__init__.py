"""The folder ``glueforge local-run`` puts first on ``sys.path``, so that a job script's
``import awsglue`` finds the local shim (``shim/awsglue``) rather than Glue's runtime."""
