"""The 简/繁 switch, the alternates, the language and the home page's script memory come from the
theme override (overrides/), decided from the page: the hook's twin is the converted simplified
page except at those places, and a build of Markdown pages under zh-Hant/ without the hooks gets
the same switch, alternates and language from the same templates."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load

from republish.script import Converter, load_conversion
from sitekit import ROOT, BuildResult, build, make_project, slug_of

pytestmark = pytest.mark.build
CONVERTER = Converter(load_conversion(ROOT / "data" / "conversion.yml"))
SITE_URL = "https://example.org/repo/"
SEED = "医院的新闻标题\n\n张三 李四\n\n株洲市二医院开展多学科会诊,为患者制定方案。\n"
# The lines of a page the templates write differently for each script (overrides/).
DECIDED = re.compile(r'^<html lang=|rp-script-switch|rp-switch|^<link rel="alternate " hreflang='
                     r"|localStorage\.getItem\('rp-script'\)"
                     r'|^<meta name="(citation_language|DC\.language|citation_public_url|DC\.identifier)"'
                     r'|^<script type="application/ld\+json">')


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = make_project(tmp_path_factory.mktemp("theme"), {"100_news.txt": SEED}, site_url=SITE_URL)
    result = build(project)
    assert result.code == 0, result.output
    return result


def lines(html: str) -> list[str]:
    """One tag per line, relative prefixes dropped: the twin sits one folder deeper."""
    return re.sub(r"(?:\.\./)+", "", re.sub(r">\s*<", ">\n<", html)).splitlines()


def undecided_differences(hans: str, hant: str) -> list[str]:
    """Lines where the twin is not the converted simplified page, outside the decided places."""
    expected, twin = lines(CONVERTER.convert_markup(hans, "hant")), lines(hant)
    changed = [line for line in difflib.ndiff(expected, twin) if line[:2] in ("- ", "+ ")]
    return [line for line in changed if not DECIDED.search(line[2:])]


def pair(site: Path, path: str) -> tuple[str, str]:
    return (site / path).read_text("utf-8"), (site / "zh-Hant" / path).read_text("utf-8")


def test_the_check_sees_an_edit_outside_the_decided_places() -> None:
    page = '<html lang="zh-Hans">\n<body>\n<div class="md-search" role="dialog">医院</div>\n</body>'
    edited = CONVERTER.convert_markup(page, "hant").replace('<html lang="zh-Hans">', '<html lang="zh-Hant">')
    assert undecided_differences(page, edited) == []
    edited = edited.replace('role="dialog"', 'role="dialog" aria-label="搜索"')
    assert len(undecided_differences(page, edited)) == 2


@pytest.mark.parametrize("which", ["article", "index.html", "404.html"])
def test_the_twin_is_the_converted_page_but_where_the_templates_decide(tiny: BuildResult, which: str) -> None:
    path = f"{slug_of(tiny.site, '100_news.txt')}/index.html" if which == "article" else which
    hans, hant = pair(tiny.site, path)
    assert undecided_differences(hans, hant) == [], f"{path}: the twin was edited outside the templates"
    assert BeautifulSoup(hant, "html.parser").html["lang"] == "zh-Hant"
    assert BeautifulSoup(hans, "html.parser").html["lang"] == "zh-Hans"


def test_the_article_twin_names_its_own_language_and_url(tiny: BuildResult) -> None:
    slug = slug_of(tiny.site, "100_news.txt")
    hans, hant = (BeautifulSoup(page, "html.parser") for page in pair(tiny.site, f"{slug}/index.html"))
    meta = {name: (hans.select_one(f'meta[name="{name}"]')["content"], hant.select_one(f'meta[name="{name}"]')["content"])
            for name in ("citation_language", "DC.language", "citation_public_url", "DC.identifier")}
    assert meta["citation_language"] == meta["DC.language"] == ("zh-Hans", "zh-Hant")
    assert meta["citation_public_url"] == (f"{SITE_URL}{slug}/", f"{SITE_URL}zh-Hant/{slug}/")
    ld = [page.select_one('script[type="application/ld+json"]').string for page in (hans, hant)]
    assert '"inLanguage":"zh-Hans"' in ld[0] and '"inLanguage":"zh-Hant"' in ld[1]
    assert f'"url":"{SITE_URL}zh-Hant/{slug}/"' in ld[1]


def decided(html: str) -> dict[str, object]:
    """What the templates decide on a page, as a reader's browser sees it."""
    soup = BeautifulSoup(html, "html.parser")
    switch = soup.select_one("a[data-rp-script]")
    redirect = [s.string for s in soup.select("head script") if s.string and "rp-script" in s.string]
    return {"lang": soup.html["lang"],
            "switch": switch and {**switch.attrs, "text": switch.get_text()},
            "alternates": [(link["hreflang"], link["href"]) for link in soup.select("link[hreflang]")],
            "search name": soup.select_one("[role=dialog]").get("aria-label"),
            "redirect": redirect}


def hookless_project(tmp: Path, pages: dict[str, str]) -> Path:
    """The real theme settings and overrides, no hooks, Markdown pages as given (as exported)."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as file:
        cfg = yaml_load(file)
    for key in ("hooks", "extra_css", "extra_javascript"):
        cfg.pop(key)
    cfg["theme"]["custom_dir"] = str(ROOT / "overrides")
    cfg["docs_dir"] = str(tmp / "docs")
    for path, text in pages.items():
        (tmp / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "docs" / path).write_text(text, encoding="utf-8")
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return tmp


def test_a_build_without_hooks_decides_the_same_from_the_pages_place(tiny: BuildResult, tmp_path: Path) -> None:
    pages = {"index.md": "# 首页\n", "about.md": "# 关于\n", "zh-Hant/index.md": "# 首頁\n",
             "zh-Hant/about.md": "# 關於\n"}
    plain = build(hookless_project(tmp_path, pages))
    assert plain.code == 0, plain.output
    for path in ("index.html", "about/index.html", "zh-Hant/index.html", "zh-Hant/about/index.html"):
        assert decided((plain.site / path).read_text("utf-8")) == decided((tiny.site / path).read_text("utf-8")), path
    home, twin_home = decided((plain.site / "index.html").read_text("utf-8")), \
        decided((plain.site / "zh-Hant/about/index.html").read_text("utf-8"))
    assert home["redirect"] and "location.replace('zh-Hant/'" in home["redirect"][0]
    assert twin_home["lang"] == "zh-Hant" and twin_home["redirect"] == []
    assert twin_home["switch"]["href"] == "../../about/" and twin_home["switch"]["text"] == "简"
    assert twin_home["alternates"] == [("zh-Hant", "./"), ("zh-Hans", "../../about/")]
