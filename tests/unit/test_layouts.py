"""Layouts an editor's next article may use: corpus of invented articles → expected reading."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reading import LAYOUT_FIELDS, layout_reading, seed_reading
from republish.render import render_article
from republish.site import load_article
from sitekit import SHIPPED, seed_text
from test_corpus import page_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS_READING = yaml.safe_load((CORPUS / "seeds_reading.yml").read_text(encoding="utf-8"))


def test_shipped_seeds_read_as_before() -> None:
    for seed in SHIPPED:
        reading = seed_reading(load_article(seed))
        expected = SEEDS_READING[seed.name]
        for key in expected:
            assert reading[key] == expected[key], f"{seed.name}: {key} changed"


LAYOUTS = CORPUS / "layouts"
EXPECTED = yaml.safe_load((LAYOUTS / "expected.yml").read_text(encoding="utf-8"))


def misread_fields(name: str) -> list[str]:
    """The fields of a corpus article read otherwise than expected, each as 'field: got … expected …'."""
    reading = layout_reading(load_article(LAYOUTS / name))
    expected = {key: EXPECTED[name].get(key, EMPTY.get(key)) for key in LAYOUT_FIELDS}
    return [f"{key}: got {reading[key]!r}, expected {expected[key]!r}"
            for key in LAYOUT_FIELDS if reading[key] != expected[key]]


EMPTY = {"credits": {}, "editors": {}, "headings": [], "captions": [], "turns": [], "furniture": [],
         "end_matter": [], "warnings": 0}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layout_read_right(name: str) -> None:
    misread = misread_fields(name)
    assert not misread, f"{name}: " + "; ".join(misread)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layout_published_faithfully(name: str) -> None:
    seed = LAYOUTS / name
    assert page_text(render_article(load_article(seed), [])) == seed_text(seed.read_text(encoding="utf-8"))


def test_every_layout_article_has_an_expected_reading() -> None:
    assert {p.name for p in LAYOUTS.glob("*.txt")} == set(EXPECTED)
    assert len(EXPECTED) >= 14
