"""The package type-checks under mypy --strict (pyproject.toml), so the stages' data contracts hold."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_mypy_strict_finds_nothing() -> None:
    run = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", "registre"], cwd=ROOT, capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (0, "")
