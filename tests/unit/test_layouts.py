"""Layouts an editor's next article may use: corpus of invented articles → expected reading."""

from __future__ import annotations

from pathlib import Path

import yaml

from reading import seed_reading
from republish.site import load_article
from sitekit import SHIPPED

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS_READING = yaml.safe_load((CORPUS / "seeds_reading.yml").read_text(encoding="utf-8"))


def test_shipped_seeds_read_as_before() -> None:
    for seed in SHIPPED:
        reading = seed_reading(load_article(seed))
        expected = SEEDS_READING[seed.name]
        for key in expected:
            assert reading[key] == expected[key], f"{seed.name}: {key} changed"
