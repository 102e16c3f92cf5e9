"""Fixtures shared by unit, build and browser tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitekit import BuildResult, build, make_project  # noqa: E402


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real site (both seeds, real data), built once per test session."""
    project = make_project(tmp_path_factory.mktemp("real"))
    result = build(project)
    assert result.code == 0, result.output
    return result
