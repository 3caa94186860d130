"""What the offline commands (render, graph, cost) share: the app's assembly to read."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def assembly(source: str | Path) -> Iterator[Path]:
    """The cloud assembly of ``source``: itself, or a temporary synth of the app there.

    A folder that is no app exits 2; an app that fails to synthesize exits 1, with its
    error (not its traceback) in red on stderr; ``--debug`` shows all it printed.
    """
    from glueforge.assembly.reader import AssemblyError, assembly_dir

    with tempfile.TemporaryDirectory(prefix="glueforge-synth-") as scratch:
        try:
            outdir = assembly_dir(source, outdir=scratch)
        except AssemblyError as error:
            from glueforge.cli.options import debugging
            from glueforge.cli.output import app_failed, emit_error

            app_failed(error, debug=debugging())
            emit_error(str(error), error.exit_code)
            raise SystemExit(error.exit_code) from None
        yield outdir
