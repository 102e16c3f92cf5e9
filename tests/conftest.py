"""Fixtures shared by unit, build and browser tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evidence import explain_large_comparison  # noqa: E402
from sitekit import BuildResult, build, make_project  # noqa: E402


def pytest_assertrepr_compare(config: pytest.Config, op: str, left: object, right: object) -> list[str] | None:
    """Large values are explained by their first differences, whatever CI is (tests/evidence.py)."""
    return explain_large_comparison(op, left, right)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real site (both seeds, real data), built once per test session."""
    project = make_project(tmp_path_factory.mktemp("real"))
    result = build(project)
    assert result.code == 0, result.output
    return result


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real site built to be opened from disk (RP_OFFLINE): the build with Material's whole
    search index (a served build ships the chunked one instead)."""
    os.environ["RP_OFFLINE"] = "true"
    try:
        result = build(make_project(tmp_path_factory.mktemp("offline")))
    finally:
        del os.environ["RP_OFFLINE"]
    assert result.code == 0, result.output
    return result
