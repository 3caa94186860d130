"""The ``glueforge`` command line: one module per command."""
