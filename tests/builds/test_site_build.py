"""Build real sites in tmp dirs: fidelity, crafted seeds, errors, sub-path links."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from serving import serve
from sitekit import (SEEDS, BuildResult, article_element, build, make_project, page_html,
                     reader_text, seed_text, slug_of)

pytestmark = pytest.mark.build


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_seed_character_appears_in_order(real_site: BuildResult, seed: str) -> None:
    html = page_html(real_site.site, slug_of(real_site.site, seed))
    assert reader_text(html) == seed_text((SEEDS / seed).read_text(encoding="utf-8"))


def test_strict_build_has_no_warnings(real_site: BuildResult) -> None:
    assert "WARNING" not in real_site.output and "ERROR" not in real_site.output


def test_no_third_party_requests_in_output(real_site: BuildResult) -> None:
    for path in real_site.site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        for tag in soup.select("[src], link[href]"):
            url = tag.get("src") or tag.get("href")
            assert not re.match(r"^(https?:)?//", url), f"{path}: {url}"
    assert "fonts.googleapis" not in "".join(p.read_text("utf-8") for p in real_site.site.rglob("*.html"))


def test_ids_are_short_ascii_and_unique(real_site: BuildResult) -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        soup = article_element(page_html(real_site.site, slug_of(real_site.site, seed.name)))
        ids = [t["id"] for t in soup.select("[id]")]
        assert len(ids) == len(set(ids))
        assert all(re.fullmatch(r"[a-z0-9-]{1,80}", i) for i in ids), ids
        assert soup.select("h2[id^=s]") and soup.select("p.rp-p[id]")


# Files that legitimately change between builds of one commit: none so far (the sitemap's
# <lastmod> would, but it is only written when SITE_URL is set, and carries the build date).
TIME_DEPENDENT: set[str] = set()


def test_building_twice_gives_byte_identical_files(real_site: BuildResult, tmp_path: Path) -> None:
    # In a fresh interpreter: another hash seed than real_site's, so an output that follows the
    # order of a set of strings differs.
    again = build(make_project(tmp_path), fresh_interpreter=True)
    first = {p.relative_to(real_site.site).as_posix(): p for p in real_site.site.rglob("*") if p.is_file()}
    second = {p.relative_to(again.site).as_posix(): p for p in again.site.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    differing = sorted(k for k in first if k not in TIME_DEPENDENT
                       and first[k].read_bytes() != second[k].read_bytes())
    assert differing == []


def test_metadata_box_and_placeholders(real_site: BuildResult) -> None:
    soup = article_element(page_html(real_site.site, slug_of(real_site.site, "000_69f4fe6adc6ee305.txt")))
    rows = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in soup.select(".rp-meta > dl > dt")}
    expected = {"报纸": "株洲日报", "日期": "2023年6月29日 星期四", "版面": "06", "栏目": "健康周刊",
                "责任编辑": "李卉", "美术编辑": "王玺", "校对": "马晴春", "署名": "王磊 陈恺祺",
                "底本": "000_69f4fe6adc6ee305.txt"}
    assert rows == expected, "the metadata box states one fact a row"
    printed = [p.get_text() for p in soup.select(".rp-meta details .rp-printed")]
    assert printed[:3] == ["王磊 陈恺祺", "06", "株洲日报"] and "责任编辑:李卉" in printed, \
        "the printed top lines stay available exactly as printed, in source order"
    assert len(soup.select("figure.rp-figure .rp-photo")) == 4
    ad = soup.select_one(".admonition.rp-ad")
    assert ad.select_one(".admonition-title").get_text() == "版面广告"
    assert ad.select("p")[1].get_text().startswith("公益广告")


HOSTILE = [
    "<script>alert(1)</script>", "1. 列表样的一句话", "- 横线开头的一句话", "> 引用样的一句话",
    "#不是标题的一句话", "    四个空格缩进的一句话", "---", "*[MDT]: 缩写定义样", "[^1]: 脚注样",
    "{#id} 属性样", "|a|b|", "星号*强调*与下划线_x_", "反引号`code`", "<!-- 注释 -->", "&amp; 实体",
    "{{ x }} 模板", "反斜杠\\转义", "[链接](http://example.com)",
]


def crafted_plain(lines: list[str]) -> str:
    body = "\n\n".join(f"{line}。" if not line.startswith(" ") else line for line in lines)
    return f"\n\n测试引题\n\n测试主标题\n\n张三 李四\n\n08\n\n某市日报\n\n2024年3月1日\n星期五\n\n导语。\n\n1 第一部分\n\n{body}\n"


CRAFTED_MD = ("# 栏目\n\n## 新文章的标题\n\n——副题\n\n文/王五 赵六\n\n导语段落。\n\n### 第一节\n\n"
              "第一节的正文,讲述一件事。\n\n### 第二节\n\n第二节的正文。\n")


@pytest.fixture(scope="module")
def crafted_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    seeds = {"900_hostile.txt": crafted_plain(HOSTILE), "901_markdown.txt": CRAFTED_MD}
    result = build(make_project(tmp_path_factory.mktemp("crafted"), seeds))
    assert result.code == 0, result.output
    return result


@pytest.mark.parametrize("seed", ["900_hostile.txt", "901_markdown.txt"])
def test_new_seed_in_either_layout_becomes_a_faithful_page(crafted_site: BuildResult, seed: str) -> None:
    raw = crafted_plain(HOSTILE) if seed.startswith("900") else CRAFTED_MD
    html = page_html(crafted_site.site, slug_of(crafted_site.site, seed))
    assert reader_text(html) == seed_text(raw)


def test_hostile_lines_render_as_text_not_markup(crafted_site: BuildResult) -> None:
    article = article_element(page_html(crafted_site.site, slug_of(crafted_site.site, "900_hostile.txt")))
    for selector in ("script", "ol", "ul", "blockquote", "pre", "code:not(dd code)", "table", "em",
                     "strong", "hr", "sup.footnote-ref", "abbr", "a[href^='http']"):
        assert not article.select(selector), selector
    text = article.get_text()
    for line in HOSTILE:
        assert line.strip() in text


@pytest.mark.parametrize(("seeds", "expected"), [
    ({"a.txt": ""}, "a.txt: the seed is empty"),
    ({"a.txt": " \n\n\u3000\n"}, "a.txt: the seed is empty"),
    ({"a.txt": "Title\n\n株洲".encode("gb18030")}, "a.txt:3:1: not valid utf-8 (it looks like gb18030)"),
    ({"a.txt": "标题\n\x00"}, "a.txt:2:1: the seed contains a NUL byte"),
    ({"a.txt": "标题\n\n张三 李四\n\n正文。\n", "a.yml": "slug: [\n"}, "a.yml:2:1: YAML error"),
])
def test_bad_input_stops_the_build_with_one_line(tmp_path: Path, seeds: dict, expected: str) -> None:
    result = build(make_project(tmp_path, seeds))
    assert result.code != 0
    errors = [line for line in result.output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and expected in errors[0] and "Fix:" in errors[0], result.output
    assert "Traceback" not in result.output


def test_every_internal_link_and_anchor_resolves_under_a_sub_path(real_site: BuildResult,
                                                                 tmp_path: Path) -> None:
    with serve(real_site.site, tmp_path) as base:
        seen: set[str] = set()
        queue = [base]
        ids: dict[str, set[str]] = {}
        links: list[tuple[str, str]] = []
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            with urllib.request.urlopen(url) as response:
                assert response.status == 200, url
                body = response.read().decode("utf-8")
            soup = BeautifulSoup(body, "html.parser")
            ids[url] = {t["id"] for t in soup.select("[id]")}
            for a in soup.select("a[href]"):
                target = urllib.parse.urljoin(url, a["href"])
                if not target.startswith(base):
                    assert not target.startswith("http://127.0.0.1"), f"{url} leaves the sub-path: {a['href']}"
                    continue
                page, _, fragment = target.partition("#")
                links.append((page, fragment))
                if page.endswith("/") or page.endswith(".html"):
                    queue.append(page)
        pages = {u for u in seen if u.endswith("/") or u.endswith(".html")}
        assert len(pages) >= 18 and sum("/zh-Hant/" in u for u in pages) >= 9   # both scripts crawled
        for page, fragment in links:
            if fragment:
                assert urllib.parse.unquote(fragment) in ids[page], f"{page}#{fragment}"
