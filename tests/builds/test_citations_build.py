"""The real site's machine-readable citations, downloads and feeds, in both scripts."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import citeproc
import feedparser
import pytest
from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from sitekit import SEEDS, BuildResult, build, make_project, page_html, slug_of

pytestmark = pytest.mark.build

DATED = "000_69f4fe6adc6ee305.txt"      # 株洲日报, 2023-06-29, 版次 06, two authors
UNDATED = "003_c9bdceadfff6f410.txt"    # no paper, year inferred by the editors
HARVARD = Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"


def _head(site: Path, slug: str, twin: bool = False) -> BeautifulSoup:
    return BeautifulSoup(page_html(site / "zh-Hant" if twin else site, slug), "html.parser")


def _meta(soup: BeautifulSoup, name: str) -> list[str]:
    return [m["content"] for m in soup.select(f'meta[name="{name}"]')]


def _json_ld(soup: BeautifulSoup) -> dict:
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1, f"{len(scripts)} JSON-LD scripts"
    return json.loads(scripts[0].string)


def test_json_ld_names_the_facts_in_both_scripts(real_site: BuildResult) -> None:
    slug = slug_of(real_site.site, DATED)
    data = _json_ld(_head(real_site.site, slug))
    assert (data["@type"], data["inLanguage"], data["datePublished"]) == ("NewsArticle", "zh-Hans", "2023-06-29")
    assert [a["name"] for a in data["author"]] == ["王磊", "陈恺祺"]
    original = data["isBasedOn"]
    assert (original["publisher"]["name"], original["printPage"], original["printSection"]) == ("株洲日报", "6", "健康周刊")
    assert data["publisher"]["name"] == "株洲市二医院报道注释本"
    twin = _json_ld(_head(real_site.site, slug, twin=True))
    assert twin["inLanguage"] == twin["isBasedOn"]["inLanguage"] == "zh-Hant"
    assert twin["isBasedOn"]["publisher"]["name"] == "株洲日報" and [a["name"] for a in twin["author"]] == ["王磊", "陳愷祺"]


def test_highwire_and_dublin_core_meta(real_site: BuildResult) -> None:
    soup = _head(real_site.site, slug_of(real_site.site, DATED))
    assert _meta(soup, "citation_author") == ["王磊", "陈恺祺"] == _meta(soup, "DC.creator")
    assert _meta(soup, "citation_publication_date") == ["2023/06/29"]
    assert _meta(soup, "citation_journal_title") == ["株洲日报"] and _meta(soup, "citation_firstpage") == ["6"]
    assert _meta(soup, "DC.source") == ["王磊, 陈恺祺. 市二医院,奋力蹚出高质量发展新路子[N]. 株洲日报, 2023-06-29(6)."]
    undated = _head(real_site.site, slug_of(real_site.site, UNDATED), twin=True)
    assert _meta(undated, "citation_publication_date") == [] and _meta(undated, "citation_journal_title") == []
    assert _meta(undated, "citation_language") == ["zh-Hant"] == _meta(undated, "DC.language")


def _linked(site: Path, slug: str, mime: str, twin: bool = False) -> Path:
    soup = _head(site, slug, twin)
    page_dir = (site / "zh-Hant" if twin else site) / slug
    link = soup.select_one(f'head link[type="{mime}"]')
    assert link is not None, f"no <link type={mime}> on {slug}"
    target = Path(posixpath.normpath(page_dir / link["href"]))
    assert target.is_file(), f"{link['href']} from {slug} is missing"
    return target


def _render(csl_file: Path) -> str:
    data = json.loads(csl_file.read_text(encoding="utf-8"))
    bibliography = CitationStylesBibliography(CitationStylesStyle(str(HARVARD), validate=False),
                                              CiteProcJSON(data), formatter.plain)
    bibliography.register(Citation([CitationItem(data[0]["id"])]))
    return str(bibliography.bibliography()[0])


def test_csl_json_renders_with_a_csl_processor(real_site: BuildResult) -> None:
    dated = _linked(real_site.site, slug_of(real_site.site, DATED), "application/vnd.citationstyles.csl+json")
    assert _render(dated) == "王磊 and 陈恺祺 (2023) “市二医院,奋力蹚出高质量发展新路子”, 株洲日报, 29 June, p. 6."
    undated = _linked(real_site.site, slug_of(real_site.site, UNDATED), "application/vnd.citationstyles.csl+json",
                      twin=True)
    assert _render(undated) == "劉瓊 and 李建輝 (2021) “初心如磐擔使命,砥礪前行逐夢行”."


def test_ris_file(real_site: BuildResult) -> None:
    ris = _linked(real_site.site, slug_of(real_site.site, DATED), "application/x-research-info-systems")
    lines = ris.read_bytes().decode("utf-8").split("\r\n")
    assert lines[0] == "TY  - NEWS" and lines[-2] == "ER  - "
    for expected in ("TI  - 市二医院,奋力蹚出高质量发展新路子", "AU  - 王磊", "AU  - 陈恺祺", "T2  - 株洲日报",
                     "PY  - 2023", "DA  - 2023/06/29/", "SP  - 6", "SE  - 健康周刊", "LA  - zh-Hans"):
        assert expected in lines, f"{expected!r} not in {ris.name}"


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_downloads_are_linked_and_hold_the_seed_and_the_model(real_site: BuildResult, seed: str) -> None:
    slug = slug_of(real_site.site, seed)
    for twin in (False, True):
        soup = _head(real_site.site, slug, twin)
        page_dir = (real_site.site / "zh-Hant" if twin else real_site.site) / slug
        links = {a["type"]: Path(posixpath.normpath(page_dir / a["href"])) for a in soup.select(".rp-downloads a")}
        assert links["text/plain"].read_bytes() == (SEEDS / seed).read_bytes(), "the source is not byte for byte"
        model = json.loads(links["application/json"].read_text(encoding="utf-8"))
        ids = [b["id"] for s in model["sections"] for b in s["blocks"] if b["kind"] != "ornament"]
        assert ids and all(soup.find(id=i) is not None for i in ids), "a block id of the model is not on the page"
        assert model["source"] == seed and model["metadata"]["title"]


def test_about_page_lists_downloads_with_the_editors_usage_text(real_site: BuildResult) -> None:
    soup = BeautifulSoup((real_site.site / "about" / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in soup.select(".rp-download-list a[type]")]
    assert len(hrefs) == 4 * len(list(SEEDS.glob("*.txt")))
    assert all((real_site.site / "about" / h).resolve().is_file() for h in hrefs), hrefs
    assert "原文著作权归原作者及原刊所有" in soup.select_one(".rp-licence").get_text()


@pytest.mark.parametrize("prefix", ["", "zh-Hant/"])
def test_feed_is_valid_newest_first_and_linked_from_every_page(real_site: BuildResult, prefix: str) -> None:
    site = real_site.site
    feed_path = site / prefix / "feed.xml"
    feed = feedparser.parse(feed_path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    titles = [e.title for e in feed.entries]
    expected = ["市二医院,奋力蹚出高质量发展新路子", "初心如磐担使命,砥砺前行逐梦行"]
    assert titles == (expected if not prefix else ["市二醫院,奮力蹚出高質量發展新路子", "初心如磐擔使命,砥礪前行逐夢行"])
    for entry in feed.entries:
        assert (feed_path.parent / entry.link / "index.html").is_file(), entry.link
    pages = [p for p in site.rglob("index.html") if ("zh-Hant" in p.relative_to(site).parts) == bool(prefix)]
    assert len(pages) >= 8
    for page in pages:
        link = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(
            'head link[rel="alternate"][type="application/atom+xml"]')
        assert link is not None, f"{page} has no feed link"
        assert (page.parent / link["href"]).resolve() == feed_path.resolve(), f"{page}: {link['href']}"


def test_links_stay_relative_and_valid_without_directory_urls(tmp_path: Path) -> None:
    result = build(make_project(tmp_path, use_directory_urls=False))
    assert result.code == 0, result.output
    for prefix in ("", "zh-Hant/"):
        for seed in sorted(SEEDS.glob("*.txt")):
            html_path = next(p for p in (result.site / prefix).glob("*.html") if seed.name in p.read_text("utf-8"))
            soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
            hrefs = [a["href"] for a in soup.select(".rp-downloads a")]
            hrefs += [link["href"] for link in soup.select("head link[type]") if "alternate" in link.get("rel", [])]
            assert len(hrefs) >= 7
            for href in hrefs:
                assert not href.startswith(("/", "http")), href
                assert (html_path.parent / href).resolve().is_file(), f"{html_path.name}: {href}"


def test_with_a_site_url_citations_and_feeds_name_each_script_s_own_absolute_url(tmp_path: Path) -> None:
    base = "https://example.org/sub/"
    result = build(make_project(tmp_path, site_url=base))
    assert result.code == 0, result.output
    slug = slug_of(result.site, DATED)
    for prefix in ("", "zh-Hant/"):
        own = f"{base}{prefix}{slug}/"
        soup = _head(result.site, slug, twin=bool(prefix))
        assert _meta(soup, "citation_public_url") == [own] == _meta(soup, "DC.identifier")
        assert _json_ld(soup)["url"] == own
        csl = json.loads((result.site / prefix / "downloads" / f"{slug}.csl.json").read_text(encoding="utf-8"))
        assert csl[0]["URL"] == own
        feed = feedparser.parse((result.site / prefix / "feed.xml").read_bytes())
        assert not feed.bozo and feed.entries[0].link == own and feed.feed.id == f"{base}{prefix}feed.xml"
