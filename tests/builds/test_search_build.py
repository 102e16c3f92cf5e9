"""The search indexes a build ships: Pagefind's chunks on a served build, Material's whole index
(UTF-8 text) on the offline build."""

from __future__ import annotations

import json
import re
from pathlib import Path

from republish.searchindex import PAGEFIND_DIR
from sitekit import BuildResult

ESCAPED_HAN = re.compile(r"\\u[3-9a-f][0-9a-f]{3}", re.IGNORECASE)   # \u4e2d and the like
ADAPTER = "assets/rp-search.js"


def _pages(site: Path, prefix: str) -> list[Path]:
    pages = sorted((site / prefix).rglob("*.html"))
    return [p for p in pages if prefix or not p.relative_to(site).parts[0] == "zh-Hant"]


def test_the_offline_build_writes_materials_index_as_utf8_text(offline_site: BuildResult) -> None:
    for prefix, word in (("", "肿瘤"), ("zh-Hant/", "腫瘤")):
        for name in ("search_index.json", "search_index.js"):
            text = (offline_site.site / prefix / "search" / name).read_text("utf-8")
            escaped = ESCAPED_HAN.findall(text)
            assert not escaped, f"{prefix}search/{name} writes Chinese as escapes: {escaped[:3]}"
            assert word in text, f"{prefix}search/{name} lacks {word}"
        index = json.loads((offline_site.site / prefix / "search" / "search_index.json").read_text("utf-8"))
        assert len(index["docs"]) > 10, f"{prefix}: Material's offline index holds {len(index['docs'])} documents"
    assert not (offline_site.site / PAGEFIND_DIR).exists(), "the offline build ships a Pagefind index"
    home = (offline_site.site / "index.html").read_text("utf-8")
    assert ADAPTER not in home, "the offline build loads the Pagefind adapter"


UNSEARCHED_PAGE = re.compile(r'<article class="md-content__inner md-typeset">\s*<div data-search-exclude>')


def test_a_served_build_ships_pagefind_for_both_scripts_and_no_material_documents(real_site: BuildResult) -> None:
    entry = json.loads((real_site.site / PAGEFIND_DIR / "pagefind-entry.json").read_text("utf-8"))
    counts = {lang: data["page_count"] for lang, data in entry["languages"].items()}
    # every page with a content column, but those whose front matter keeps them out (数字)
    articles = [p for p in _pages(real_site.site, "") if 'class="md-content__inner' in p.read_text("utf-8")
                and not UNSEARCHED_PAGE.search(p.read_text("utf-8"))]
    assert counts == {"zh-hans": len(articles), "zh-hant": len(articles)}, counts
    assert "figures/index.html" not in {p.relative_to(real_site.site).as_posix() for p in articles}
    assert not (real_site.site / PAGEFIND_DIR / "pagefind-ui.js").exists(), "Pagefind's own UI is shipped"
    for prefix in ("", "zh-Hant/"):
        index = json.loads((real_site.site / prefix / "search" / "search_index.json").read_text("utf-8"))
        assert index["docs"] == [] and index["config"]["separator"], f"{prefix}: Material's index is not config-only"
        for page in _pages(real_site.site, prefix):
            html = page.read_text("utf-8")
            if "bundle." not in html:
                continue
            assert 0 <= html.find(ADAPTER) < html.find("assets/javascripts/bundle."), \
                f"{page.relative_to(real_site.site)}: the adapter does not come before Material's bundle"
