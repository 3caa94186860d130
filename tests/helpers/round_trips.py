"""bench/roundtrips.py's counter of jsii round trips, for tests that bound them (no test
reads the clock)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from roundtrips import RoundTrips  # noqa: E402

__all__ = ["RoundTrips"]
