"""The layout corpus built by the real `mkdocs build --strict`: faithful pages, nested TOC, and a
title-less text published with a warning that --strict turns into a failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from republish.script import detect_script
from sitekit import BuildResult, build, make_project, page_html, reader_text, seed_text, slug_of
from test_validity import accepted, describe, finding, vnu

LAYOUTS = Path(__file__).resolve().parent.parent / "corpus" / "layouts"
UNTITLED = "16_no_title.txt"
SEEDS = sorted(p.name for p in LAYOUTS.glob("*.txt") if p.name != UNTITLED)


@pytest.fixture(scope="module")
def layouts_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    files = {p.name: p.read_bytes() for p in LAYOUTS.iterdir()
             if p.suffix in (".txt", ".yml") and p.stem != Path(UNTITLED).stem and p.name != "expected.yml"}
    result = build(make_project(tmp_path_factory.mktemp("layouts"), files))
    assert result.code == 0, result.output
    return result


@pytest.mark.parametrize("seed", SEEDS)
def test_every_layout_becomes_a_faithful_page(layouts_site: BuildResult, seed: str) -> None:
    raw = (LAYOUTS / seed).read_text(encoding="utf-8")
    slug = slug_of(layouts_site.site, seed)
    # A seed printed in traditional script keeps its characters on its /zh-Hant/ page.
    site = layouts_site.site / "zh-Hant" if detect_script(raw) == "hant" else layouts_site.site
    assert reader_text(page_html(site, slug)) == seed_text(raw), seed


def test_document_headings_nest_in_the_table_of_contents(layouts_site: BuildResult) -> None:
    html = page_html(layouts_site.site, slug_of(layouts_site.site, "06_notice.txt"))
    toc = BeautifulSoup(html, "html.parser").select_one("nav.md-nav--secondary")
    nested = toc.select_one('a[href="#s2"]').find_parent("li").select('a[href="#s3"], a[href="#s4"], a[href="#s7"]')
    assert len(nested) == 3, "（一）, 1. and （二） sit under 二、 in the table of contents"


def test_untitled_text_is_published_with_a_warning_that_strict_refuses(tmp_path: Path) -> None:
    text = (LAYOUTS / UNTITLED).read_text(encoding="utf-8")
    strict = build(make_project(tmp_path / "strict", {UNTITLED: text}))
    warnings = [line for line in strict.output.splitlines() if line.startswith("WARNING")]
    assert strict.code != 0 and len(warnings) == 1, strict.output
    assert f"{UNTITLED}:1: no title could be recognised" in warnings[0] and "Fix:" in warnings[0]
    assert "Traceback" not in strict.output


def test_layout_pages_are_valid_html(layouts_site: BuildResult) -> None:
    pages = [layouts_site.site / slug_of(layouts_site.site, seed) / "index.html" for seed in SEEDS]
    findings = [m for m in vnu(pages) if finding(m) and not accepted(m)]
    assert not findings, "\n".join(describe(m, layouts_site.site) for m in findings)
