"""The search indexes a build ships: the chunked index on a served build, Material's whole index
(UTF-8 text) on the offline build."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from republish.chunkindex import CHUNKS_DIR
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
    assert not (offline_site.site / CHUNKS_DIR).exists(), "the offline build ships a chunked index"
    home = (offline_site.site / "index.html").read_text("utf-8")
    assert ADAPTER not in home, "the offline build loads the chunked search"


def test_a_served_build_ships_a_chunked_index_for_both_scripts_and_no_material_documents(
        real_site: BuildResult) -> None:
    for prefix, title in (("", "关于本站"), ("zh-Hant/", "關於本站")):
        meta = json.loads(gzip.decompress((real_site.site / prefix / CHUNKS_DIR / "meta.json.gz").read_bytes()))
        locations = {location: name for location, name in meta["pages"]}
        assert locations.get("about/") == title, f"{prefix}: the index's pages are {locations}"
        assert "\u200b" not in json.dumps(meta, ensure_ascii=False), f"{prefix}: titles cut by jieba"
        fragments = sorted((real_site.site / prefix / CHUNKS_DIR / meta["id"] / "f").iterdir())
        assert len(fragments) == len(meta["pages"]), f"{prefix}: {len(fragments)} page texts"
        index = json.loads((real_site.site / prefix / "search" / "search_index.json").read_text("utf-8"))
        assert index["docs"] == [] and index["config"]["separator"], f"{prefix}: Material's index is not config-only"
        for page in _pages(real_site.site, prefix):
            html = page.read_text("utf-8")
            if "bundle." not in html:
                continue
            assert 0 <= html.find(ADAPTER) < html.find("assets/javascripts/bundle."), \
                f"{page.relative_to(real_site.site)}: the adapter does not come before Material's bundle"
