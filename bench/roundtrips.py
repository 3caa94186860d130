"""Counting jsii round trips: every request the Python side sends to jsii's node process.

A round trip is one call of ``jsii._kernel.providers.process._NodeProcess.send``: the
one place where jsii's Python runtime writes a request (create, invoke, get, set, the
static forms, ``complete`` for a callback's answer, ...) and blocks on node's answer. The
count does not depend on how busy the machine is, so it is the stable figure the
benchmarks and ``tests/project/test_roundtrips.py`` report beside (or instead of) time.

    with RoundTrips(sites=True) as trips:
        app = build(...)
        app.synth()
    trips.total, trips.by_kind.most_common(), trips.by_site.most_common(10)
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from jsii._kernel.providers.process import _NodeProcess

# Frames from these trees are the machinery between user code and the wire; a call
# site is the first frame outside them (glueforge's own code, or the benchmark app).
_MACHINERY = ("site-packages", "dist-packages", "<frozen", str(Path(__file__)))


class RoundTrips:
    """A context manager counting round trips while it is open.

    Keyword-only ``sites`` (default False) also records each round trip's call site,
    ``path:line function`` of the first frame outside jsii, aws-cdk-lib and constructs;
    it walks the stack on every request, so leave it off where time is measured.
    """

    def __init__(self, *, sites: bool = False) -> None:
        self.sites = sites
        self.total = 0
        self.by_kind: Counter[str] = Counter()
        self.by_site: Counter[str] = Counter()
        self._original = None

    def __enter__(self) -> RoundTrips:
        original = _NodeProcess.send
        counter = self

        def send(process, request, response_type):
            counter.total += 1
            counter.by_kind[type(request).__name__.removesuffix("Request")] += 1
            if counter.sites:
                counter.by_site[_call_site()] += 1
            return original(process, request, response_type)

        self._original = original
        _NodeProcess.send = send
        return self

    def __exit__(self, *exc) -> None:
        _NodeProcess.send = self._original


def _call_site() -> str:
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not any(part in filename for part in _MACHINERY):
            root = Path(__file__).resolve().parents[1]
            try:
                filename = str(Path(filename).resolve().relative_to(root))
            except ValueError:
                pass
            return f"{filename}:{frame.f_lineno} {frame.f_code.co_name}"
        frame = frame.f_back
    return "<jsii>"
