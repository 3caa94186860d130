"""The project's own code passes ruff."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


SOURCES = ["constructs", "tests", "app.py", "bench", "sample_data"]


def _ruff(*args):
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, *SOURCES], cwd=ROOT, capture_output=True, text=True
    )


def test_ruff_check_clean():
    result = _ruff("check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_clean():
    result = _ruff("format", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
