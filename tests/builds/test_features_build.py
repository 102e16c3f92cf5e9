"""Features in real builds: notes in place and listed, glossary safety, cross-reference links."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sitekit import ROOT, BuildResult, build, make_project, neutral_data, page_html, slug_of

pytestmark = pytest.mark.build


@pytest.mark.parametrize("seed", sorted(p.stem + ".txt" for p in (ROOT / "data" / "notes").glob("*.yml")))
def test_every_note_is_in_place_and_listed_with_working_links(real_site: BuildResult, seed: str) -> None:
    notes = yaml.safe_load((ROOT / "data" / "notes" / seed.replace(".txt", ".yml")).read_text("utf-8"))
    soup = BeautifulSoup(page_html(real_site.site, slug_of(real_site.site, seed)), "html.parser")
    items = soup.select(".rp-notes li[id]")
    assert len(items) == len(notes)
    for item in items:
        back = item.select_one("a.rp-note-back")
        marker = soup.select_one(f"a#ref-{item['id']}")
        if back is None:                                   # an article-level note
            assert marker is None
            continue
        assert back["href"] == f"#ref-{item['id']}" and marker["href"] == f"#{item['id']}"
        span = soup.select_one(f"mark[data-note={item['id']}]")
        quote = item.select_one(".rp-note-quote").get_text()
        for reading in soup.select(".rp-reading"):
            reading.decompose()
        placed = "".join(m.get_text() for m in soup.select(f"mark[data-note={item['id']}]"))
        assert span is not None and placed == quote


def test_an_unused_glossary_entry_fails_the_strict_build(tmp_path: Path) -> None:
    data = neutral_data(tmp_path / "data")
    (data / "glossary.yml").write_text(
        "- term: 胸痛中心\n  full: 胸痛中心\n  en: chest pain centre\n  definition: 救治胸痛的中心。\n",
        encoding="utf-8")
    seeds = {"a.txt": "标题一行\n\n张三 李四\n\n正文没有术语。\n"}
    result = build(make_project(tmp_path, seeds, data_dir=data))
    assert result.code != 0 and "glossary.yml:1: glossary term '胸痛中心' occurs in no article" in result.output
    (data / "glossary.yml").write_text(
        "- term: 胸痛中心\n  full: 胸痛中心\n  en: chest pain centre\n  definition: 救治胸痛的中心。\n"
        "  unused_ok: true\n", encoding="utf-8")
    assert build(make_project(tmp_path, seeds, data_dir=data)).code == 0


def test_an_unused_person_or_theme_fails_the_strict_build_and_is_not_listed(tmp_path: Path) -> None:
    data = neutral_data(tmp_path / "data")
    people = (data / "people.yml").read_text(encoding="utf-8").replace(
        "entries: []", "entries:\n  - name: 王大明\n    kind: person\n    group: 院领导\n")
    (data / "people.yml").write_text(people, encoding="utf-8")
    seeds = {"a.txt": "标题一行\n\n张三 李四\n\n正文没有人名。\n"}
    result = build(make_project(tmp_path, seeds, data_dir=data))
    assert result.code != 0 and "'王大明' occurs in no article of this site" in result.output, result.output[-800:]
    assert build(make_project(tmp_path, {"a.txt": "标题一行\n\n张三 李四\n\n院长王大明讲话。\n"},
                              data_dir=data)).code == 0
    themes = (data / "themes.yml").read_text(encoding="utf-8").replace(
        "themes: []", "themes:\n  - id: jia\n    name: 甲专题\n    description: 甲。\n    keywords: [甲乙丙]\n")
    (data / "themes.yml").write_text(themes, encoding="utf-8")
    result = build(make_project(tmp_path, {"a.txt": "标题一行\n\n张三 李四\n\n院长王大明讲话。\n"}, data_dir=data))
    assert result.code != 0 and "theme '甲专题' occurs in no article of this site" in result.output, result.output[-800:]


def test_a_broken_glossary_stops_the_build_with_one_line(tmp_path: Path) -> None:
    data = neutral_data(tmp_path / "data")
    (data / "glossary.yml").write_text("- term: MDT\n  full: x\n  en: y\n  definition: z\n- term: MDT\n"
                                       "  full: x\n  en: y\n  definition: z\n", encoding="utf-8")
    result = build(make_project(tmp_path, {"a.txt": "标题一行\n\n张三 李四\n\n正文MDT。\n"}, data_dir=data))
    errors = [line for line in result.output.splitlines() if line.startswith("ERROR")]
    assert result.code != 0 and len(errors) == 1 and "glossary.yml:5" in errors[0], result.output


def test_cross_reference_pages_link_only_to_existing_anchors(real_site: BuildResult) -> None:
    site = real_site.site
    ids = {p.parent.relative_to(site).as_posix(): {t["id"] for t in BeautifulSoup(
        p.read_text("utf-8"), "html.parser").select("[id]")} for p in site.glob("*/index.html")}
    for page in ("xref", "people", "timeline", "figures", "glossary"):
        soup = BeautifulSoup((site / page / "index.html").read_text("utf-8"), "html.parser")
        links = [a["href"] for a in soup.select("article a[href^='../']")]
        assert links, page
        for href in links:
            target, _, fragment = href.removeprefix("../").partition("#")
            target = target.rstrip("/")
            assert target in ids, href
            assert not fragment or fragment in ids[target], href


def test_search_indexes_definitions_but_not_lists_that_repeat_article_text(real_site: BuildResult,
                                                                           offline_site: BuildResult) -> None:
    import gzip
    import json
    # Material's whole index is the offline build's (a served build ships the chunked one, made from it)
    index = json.loads((offline_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text_of: dict[str, str] = {}
    for entry in index["docs"]:
        page = entry["location"].split("#")[0].removesuffix("index.html")   # offline: file URLs
        page = page.removesuffix(".html") + "/" if page.endswith(".html") else page
        text_of[page] = text_of.get(page, "") + entry["title"] + entry["text"].replace("\u200b", "")
    glossary = yaml.safe_load((ROOT / "data" / "glossary.yml").read_text(encoding="utf-8"))
    mdt = next(e for e in glossary if e["term"] == "MDT")
    assert mdt["definition"][:12] in text_of["glossary/"]               # definitions are found
    assert "文中出现共" in text_of["glossary/"]                            # so is the count line
    html = page_html(real_site.site, "xref")
    soup = BeautifulSoup(html, "html.parser")
    quoted = soup.select_one("li.rp-parallel-side q").get_text().strip()[:10]
    excerpt = soup.select_one(".rp-theme-articles .rp-excerpt").get_text()[:10]
    assert quoted not in text_of["xref/"] and excerpt not in text_of["xref/"]   # repeats are not
    assert any(quoted in text for page, text in text_of.items() if page not in ("xref/",))
    assert "figures/" not in text_of, "the 数字 page repeats article clauses: kept out of the search"
    chunked = json.loads(gzip.decompress((real_site.site / "search" / "chunks" / "meta.json.gz").read_bytes()))
    served = {location for location, _ in chunked["pages"]}
    assert "figures/" not in served and "xref/" in served, f"the served index holds {sorted(served)}"
    for slug in (slug_of(real_site.site, seed) for seed in ("000_69f4fe6adc6ee305.txt",)):
        tips = BeautifulSoup(page_html(real_site.site, slug), "html.parser").select_one(".rp-term-tips")
        assert tips.select_one("span[id]").get_text()[:12] not in text_of[f"{slug}/"]


@pytest.mark.parametrize("key, value", [("nav_group_above", "many"), ("nav_group_above", 0),
                                        ("purge_css", "yes"), ("cache_dir", 3),
                                        ("served_search", "lunr"), ("served_search", 3)])
def test_a_mistyped_site_setting_stops_the_build_with_one_line(tmp_path: Path, key: str, value: object) -> None:
    project = make_project(tmp_path, {"a.txt": "标题一行\n\n张三 李四\n\n正文。\n"})
    config = project / "mkdocs.yml"
    cfg = yaml.safe_load(config.read_text(encoding="utf-8"))
    cfg["extra"]["republish"][key] = value
    config.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    result = build(project)
    errors = [line for line in result.output.splitlines() if line.startswith("ERROR")]
    assert result.code != 0 and len(errors) == 1, result.output
    assert f"extra.republish.{key} is {value!r}" in errors[0] and "Fix:" in errors[0]
    assert "Traceback" not in result.output
