"""简/繁: one build writes both scripts with the same ids; traditional sources are kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from republish.script import Converter, load_conversion
from sitekit import ROOT, BuildResult, build, make_project, reader_text, seed_text, slug_of

pytestmark = pytest.mark.build
CONVERTER = Converter(load_conversion(ROOT / "data" / "conversion.yml"))


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "zh-Hant" not in p.relative_to(site).parts)


def visible_text(soup: BeautifulSoup) -> str:
    for node in soup(["script", "style", "code"]) + soup.select("[lang=zh-Hans]"):
        node.decompose()
    attrs = [v for t in soup.find_all(True) for k, v in t.attrs.items()
             if k in ("alt", "aria-label", "title", "data-tip", "placeholder")]
    meta = [m.get("content", "") for m in soup.select("meta[name=description]")]
    return soup.get_text() + "".join(map(str, attrs + meta))


def test_every_page_has_a_traditional_twin_with_the_same_ids(real_site: BuildResult) -> None:
    pages = html_pages(real_site.site)
    assert len(pages) >= 9
    for page in pages:
        twin = real_site.site / "zh-Hant" / page.relative_to(real_site.site)
        hans = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        hant = BeautifulSoup(twin.read_text("utf-8"), "html.parser")
        assert [t["id"] for t in hans.select("[id]")] == [t["id"] for t in hant.select("[id]")], page
        assert hans.html["lang"] == "zh-Hans" or page.name == "404.html"
        assert hant.html["lang"] == "zh-Hant"
        text = visible_text(hant)
        assert CONVERTER.to_hant(text) == text, page


def test_traditional_pages_use_native_forms_and_protect_names(real_site: BuildResult) -> None:
    html = "".join(p.read_text("utf-8") for p in (real_site.site / "zh-Hant").rglob("*.html"))
    assert "石峰區" in html and "群眾" in html and "臨床" in html and "為" in html
    for wrong in ("石峯", "爲", "羣", "牀", "醫生薑飛軍"):
        assert wrong not in html, wrong
    assert "株洲市二醫院報道註釋本" in html or "株洲市二醫院報道注釋本" in html


def test_search_index_is_converted_and_twins_link_each_other(real_site: BuildResult, offline_site: BuildResult) -> None:
    index = json.loads((offline_site.site / "zh-Hant/search/search_index.json").read_text("utf-8"))
    text = "".join(d["text"] for d in index["docs"])
    assert "腫瘤" in text and "肿瘤" not in text
    home = BeautifulSoup((real_site.site / "index.html").read_text("utf-8"), "html.parser")
    assert {a["hreflang"] for a in home.select("link[rel=alternate][hreflang]")} == {"zh-Hans", "zh-Hant"}
    assert home.select_one("a[data-rp-script=hant]")["href"] == "zh-Hant/"


def test_sitemap_lists_both_scripts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://example.org/repo/")
    result = build(make_project(tmp_path, site_url="https://example.org/repo/"))
    assert result.code == 0, result.output
    locs = re.findall(r"<loc>([^<]+)</loc>", (result.site / "sitemap.xml").read_text("utf-8"))
    assert "https://example.org/repo/" in locs and "https://example.org/repo/zh-Hant/" in locs
    slug = slug_of(result.site, "000_69f4fe6adc6ee305.txt")
    assert f"https://example.org/repo/zh-Hant/{slug}/" in locs


TRADITIONAL = ("醫院的新聞標題\n\n張三 李四\n\n株洲市二醫院開展多學科會診,為患者制定方案。\n\n"
               "1 第一部分\n\n這裏的醫生們在台灣峯會上說:“我是黨員,我先上。”\n")


def test_a_traditional_source_is_simplified_for_root_and_kept_for_zh_hant(tmp_path: Path) -> None:
    result = build(make_project(tmp_path, {"950_trad.txt": TRADITIONAL}))
    assert result.code == 0, result.output
    slug = slug_of(result.site, "950_trad.txt")
    hans = (result.site / slug / "index.html").read_text("utf-8")
    hant = (result.site / "zh-Hant" / slug / "index.html").read_text("utf-8")
    assert "二医院开展多学科会诊,为患者制定方案" in hans
    body = "".join(seed_text(TRADITIONAL).split("張三李四", 1)[1])
    # 這裏/台灣/峯會 would come back as 這裡/臺灣/峰會 from a plain round trip.
    assert body in reader_text(hant)
    assert "这里的医生们在台湾峰会上说" in hans


def test_a_malformed_override_table_stops_the_build(tmp_path: Path) -> None:
    data = tmp_path / "data"
    project = make_project(tmp_path, {"a.txt": "标题\n\n张三 李四\n\n正文。\n"})
    (data / "conversion.yml").write_text("profile: s2tw\noverrides:\n  - hans: 石峰区\n    hant: [1\n",
                                         encoding="utf-8")
    result = build(project)
    errors = [line for line in result.output.splitlines() if line.startswith("ERROR")]
    assert result.code != 0 and len(errors) == 1 and "conversion.yml:5" in errors[0], result.output


def index_words(site: Path, prefix: str = "") -> set[str]:
    """The words of a search index as Material's worker tokenises them (its separator, U+200B)."""
    index = json.loads((site / prefix / "search" / "search_index.json").read_text("utf-8"))
    separator = re.compile(index["config"]["separator"])
    return {w for doc in index["docs"] for w in separator.split(doc["title"] + " " + doc["text"]) if w}


@pytest.mark.parametrize("prefix, words", [
    ("", ["紧密型医联体", "冠脉内旋磨术", "邹祖倡", "株洲市二医院"]),
    ("zh-Hant/", ["緊密型醫聯體", "冠脈內旋磨術", "鄒祖倡", "株洲市二醫院"]),
])
def test_the_sites_terms_and_names_are_indexed_whole(offline_site: BuildResult, prefix: str, words: list[str]) -> None:
    indexed = index_words(offline_site.site, prefix)
    assert [w for w in words if w not in indexed] == [], "jieba cut these terms into pieces"
    assert "型医" not in indexed and "型醫" not in indexed


def test_the_script_map_covers_the_sites_characters_both_ways(real_site: BuildResult, offline_site: BuildResult) -> None:
    script = (real_site.site / "assets" / "rp-script-map.js").read_text("utf-8")
    maps = json.loads(script.split("window.rpScriptMap=", 1)[1].split(";\n", 1)[0])
    words = json.loads(script.split("window.rpSearchWords=", 1)[1].split(";\n", 1)[0])
    assert "紧密型医联体" in words["hans"] and "緊密型醫聯體" in words["hant"]
    assert (maps["hant"]["肿"], maps["hant"]["医"], maps["hans"]["腫"], maps["hans"]["醫"]) == ("腫", "醫", "肿", "医")
    # Material's whole index (the offline build's; a served build's holds no documents)
    indexed, indexed_hant = "".join(index_words(offline_site.site)), set("".join(index_words(offline_site.site, "zh-Hant/")))
    assert indexed and indexed_hant, "Material's index holds no text"
    # A character that converts is mapped, unless the traditional site also writes it unchanged (若干).
    unmapped = {c for c in indexed if CONVERTER.to_hant(c) != c and c not in maps["hant"] and c not in indexed_hant}
    assert not unmapped, f"characters of the index without a traditional counterpart: {sorted(unmapped)[:10]}"
    pages = [p.read_text("utf-8") for p in (real_site.site / "zh-Hant").rglob("index.html")]
    assert all("rp-script-map.js" in page for page in pages)


def test_code_like_values_are_never_converted_on_the_twin(tmp_path: Path) -> None:
    name = "社区医院发展报告.txt"        # 社区/医院/发展/报告 all have traditional forms
    result = build(make_project(tmp_path, {name: "社区医院的发展\n\n张三 李四\n\n社区医院发展很快。\n"}))
    assert result.code == 0, result.output
    slug = slug_of(result.site, name)
    twin = BeautifulSoup((result.site / "zh-Hant" / slug / "index.html").read_text("utf-8"), "html.parser")
    shown = [code.get_text() for code in twin.select(".rp-meta dd code")]
    assert shown == [name], f"the source file's name on /zh-Hant/ is {shown}"
    assert "社區醫院發展很快" in twin.get_text(), "the text around it is converted"
