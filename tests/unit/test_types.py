"""The core type-checks: `mypy republish/` with the strict settings of pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_core_passes_mypy_strict() -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir=/dev/null", "republish/"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
    assert proc.returncode == 0, f"{len(errors)} mypy errors, first: {errors[:5] or proc.stdout[-500:] + proc.stderr[-500:]}"
