"""Tests for the cross-reference feature: themes (专题索引) and parallel passages (互见段落)."""

from __future__ import annotations

import re
from pathlib import Path

import hypothesis
import pytest
from hypothesis import strategies as st
from pagekit import inline_html, render, to_html
from bs4 import BeautifulSoup

from sitekit import SHIPPED

from republish.errors import EditorError
from republish.features import xref
from republish.model import Article, Block, Section
from republish.parse import parse_article
from republish.passages import (PassageSettings, ShingleIndex, candidate_pairs, clause_span, exact_matches,
                                find_passages, normalise, sentence_units)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SEEDS = list(SHIPPED)


def make_article(slug: str, paragraphs: list[str], title: str = "测试文章") -> Article:
    """An article with one headed section holding the given paragraphs."""
    section = Section("s1", "小标题", 1)
    section.blocks = [Block("paragraph", text, i + 2, id=f"s1-p{i + 1}") for i, text in enumerate(paragraphs)]
    return Article(source=Path(f"{slug}.txt"), slug=slug, title=title, sections=[section])


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    return [parse_article(path, path.read_text(encoding="utf-8")) for path in SEEDS]


@pytest.fixture(scope="module")
def feature(seeds: list[Article]) -> xref.XrefFeature:
    return xref.build(seeds, DATA)


def plain(text: str) -> str:
    """Text without punctuation, as passages are compared."""
    return normalise(text).chars


# --- theme matching -------------------------------------------------------------

THEMES = [xref.Theme("dangjian", "党建", "党建。", ("党建引领", "党委")),
          xref.Theme("yiqing", "疫情", "疫情。", ("疫情", "援鄂"))]


@pytest.mark.parametrize("text, expected", [
    ("医院党委坚持党建引领。", {"dangjian": [(2, 4), (6, 10)]}),
    ("援鄂医生回到株洲,疫情结束。", {"yiqing": [(0, 2), (9, 11)]}),
    ("醫院黨委堅持黨建引領。", {"dangjian": [(2, 4), (6, 10)]}),     # traditional text
    ("门诊大楼启用。", {}),
])
def test_match_themes_finds_keyword_spans(text: str, expected: dict) -> None:
    uses = xref.match_themes([make_article("a", [text])], THEMES)
    found = {use.theme.id: use.hits["a"][0].spans for use in uses if use.hits}
    assert found == expected


def test_theme_shared_only_when_two_articles_treat_it() -> None:
    articles = [make_article("a", ["坚持党建引领。"]), make_article("b", ["疫情防控。", "党委会议。"])]
    uses = {use.theme.id: use for use in xref.match_themes(articles, THEMES)}
    assert uses["dangjian"].shared and set(uses["dangjian"].hits) == {"a", "b"}
    assert not uses["yiqing"].shared and list(uses["yiqing"].hits) == ["b"]
    assert [hit.ref.block_id for hit in uses["dangjian"].hits["b"]] == ["s1-p2"]


def test_excerpt_marks_keywords_and_cuts_long_text() -> None:
    text = "甲" * 40 + "党建引领" + "乙" * 40
    shown = render(xref.excerpt(text, [(40, 44)]))
    assert shown.get_text() == "…" + "甲" * xref.EXCERPT_BEFORE + "党建引领" + "乙" * xref.EXCERPT_AFTER + "…"
    assert [m.get_text() for m in shown.select("mark")] == ["党建引领"]
    shown = render(xref.excerpt("a<b *党委* [x](y)", [(5, 7)]))
    assert shown.get_text() == "a<b *党委* [x](y)" and [m.get_text() for m in shown.select("mark")] == ["党委"]
    assert not shown.select("b, em, a")


# --- passage detection ----------------------------------------------------------

SHARED = "千秋大业,人才为基。"


def test_crafted_pair_with_shared_sentence() -> None:
    a = make_article("a", ["开头一段与主题无关的文字。", "近年来医院发展很快。" + SHARED + "此后继续。"])
    b = make_article("b", [SHARED, "别的内容完全不同。"])
    passages = find_passages([a, b])
    assert len(passages) == 1
    p = passages[0]
    assert (p.left.ref.slug, p.left.ref.block_id, p.right.ref.slug, p.right.ref.block_id) == \
        ("a", "s1-p2", "b", "s1-p1")
    assert p.right.text == SHARED and p.percent == 100
    assert [p.left.block_text[s:e] for s, e in p.left.shared] == ["千秋大业,人才为基"]


@pytest.mark.parametrize("left, right", [
    (["坚持公立医院高质量发展,推进健康中国建设。", "株洲市二医院门诊楼启用。"],
     ["公立医院高质量发展是一项系统工程。", "株洲市二医院开展义诊。"]),
    (["近年来医院发展很快," + SHARED], [SHARED]),      # 8 shared characters, but not a whole sentence on the left
    (["区域医疗中心建设,株洲市二医院始终如一。"], ["发挥区域医疗中心作用,株洲市二医院迎难而上。"]),  # two short pieces
])
def test_crafted_pair_without_shared_passage(left: list[str], right: list[str]) -> None:
    assert find_passages([make_article("a", left), make_article("b", right)]) == []


def test_near_verbatim_passage_is_one_passage_with_similarity_below_100() -> None:
    a = make_article("a", ["党建为统领,发展是目的。近年来,医院坚持党建工作与业务工作两手抓两手硬。"])
    b = make_article("b", ["党建为统领,发展是目的。只有坚持党建工作与业务工作两手抓两手硬。"])
    [p] = find_passages([a, b])
    assert len(p.left.shared) == 2 and p.shared_chars == 10 + 17
    assert 50 < p.percent < 100


def test_reordered_shared_parts_are_two_passages() -> None:
    a = make_article("a", ["充分发挥把方向、管大局、作决策的领导作用,全面落实党委领导下的院长负责制。"])
    b = make_article("b", ["全面落实党委领导下的院长负责制。发挥党组织把方向、管大局、作决策的领导作用。"])
    shown = {plain(p.left.text) for p in find_passages([a, b])}
    assert shown == {"全面落实党委领导下的院长负责制", "充分发挥把方向管大局作决策的领导作用"}


def test_passages_within_one_article_are_not_reported() -> None:
    a = make_article("a", [SHARED, "中间一段。", SHARED])
    assert find_passages([a]) == []


@pytest.mark.parametrize("a, b, expected", [
    ("abcdefgh", "xxabcdefyy", [(0, 2, 6)]),
    ("abcdefgh", "abcdex", []),
    ("甲乙丙丁戊己庚", "子甲乙丙丁戊己庚", [(0, 1, 7)]),
    ("甲乙丙丁戊己庚辛", "甲乙丙丁戊己庚子", [(0, 0, 7)]),
])
def test_exact_matches_are_maximal(a: str, b: str, expected: list) -> None:
    assert exact_matches(a, b, 6) == expected


def test_shingles_in_too_many_blocks_give_no_candidates() -> None:
    texts = ["公立医院高质量发展" + str(i) for i in range(5)]
    assert candidate_pairs(texts, [0, 1, 2, 3, 4], 6, cap=4) == set()
    assert len(candidate_pairs(texts, [0, 1, 2, 3, 4], 6, cap=5)) == 10
    assert candidate_pairs(texts[:2], [0, 0], 6, cap=5) == set()     # same article


def index_pairs(blocks: dict[tuple[str, int], str], size: int, cap: int) -> set[tuple[tuple[str, int], ...]]:
    """candidate_pairs of blocks keyed (article, place), as pairs of keys (the index's answer)."""
    keys = sorted(blocks)
    found = candidate_pairs([blocks[k] for k in keys], [k[0] for k in keys], size, cap)
    return {(keys[i], keys[j]) for i, j in found}


@hypothesis.settings(max_examples=200, deadline=None)
@hypothesis.given(st.lists(st.dictionaries(st.tuples(st.sampled_from("abcd"), st.integers(0, 3)),
                                           st.text("甲乙丙", min_size=2, max_size=6), max_size=8),
                           min_size=1, max_size=6),
                  st.integers(2, 4))
def test_the_serve_index_gives_the_pairs_of_a_fresh_count_after_every_change(
        sites: list[dict[tuple[str, int], str]], cap: int) -> None:
    index = ShingleIndex(2, cap)
    for blocks in sites:
        assert index.update(blocks) == index_pairs(blocks, 2, cap), blocks


@pytest.mark.parametrize("text, start, end, expected", [
    ("甲说,打造了一支能干事的队伍。其后", 7, 12, "打造了一支能干事的队伍。"),
    ("总有党员冲锋在前,“我是党员,我先上。”“我有经验", 10, 17, "“我是党员,我先上。”"),
])
def test_clause_span(text: str, start: int, end: int, expected: str) -> None:
    s, e = clause_span(text, start, end, 30)
    assert text[s:e] == expected


# --- the real seeds ----------------------------------------------------------------

EXPECTED_ON_SEEDS = [
    "坚持党的领导、加强党的建设,是公立医院健康发展的“根”和“魂”。",
    "千秋大业,人才为基。",
    "党建为统领,发展是目的",
    "融合共进的良好局面",
    "“我是党员,我先上。”",
    "能干事、会干事的干部队伍",
    "把方向、管大局、作决策、促改革、保落实的领导作用",
]


@pytest.mark.parametrize("expected", EXPECTED_ON_SEEDS)
def test_known_passages_found_on_seeds(feature: xref.XrefFeature, expected: str) -> None:
    target = plain(expected)
    hits = [p for p in feature.passages
            if target in plain(p.left.text) and target in plain(p.right.text)
            and p.left.ref.slug != p.right.ref.slug]
    assert hits, f"no parallel passage contains {expected}"


def test_one_passage_spans_dangjian_weitongling_to_liangju(feature: xref.XrefFeature) -> None:
    start, end = plain("党建为统领,发展是目的"), plain("融合共进的良好局面")
    assert any(start in plain(p.left.text) and end in plain(p.left.text) for p in feature.passages)


@pytest.mark.parametrize("phrase", ["公立医院", "高质量发展", "株洲市二医院", "近年来株洲市二医院", "区域医疗中心"])
def test_short_common_phrases_not_reported(feature: xref.XrefFeature, phrase: str) -> None:
    for p in feature.passages:
        shared = [plain(p.left.block_text[s:e]) for s, e in p.left.shared]
        assert shared != [plain(phrase)]


def test_every_seed_passage_meets_threshold(feature: xref.XrefFeature) -> None:
    s = feature.settings
    assert feature.passages and len(feature.passages) < 20
    for p in feature.passages:
        pieces = [plain(p.left.block_text[a:b]) for a, b in p.left.shared]
        if max(map(len, pieces)) >= s.min_shared_chars:
            continue
        sentences = [{plain(side.block_text)[a:b] for a, b in sentence_units(side.block_text, s.min_sentence_chars)}
                     for side in (p.left, p.right)]
        assert any(piece in sentences[0] and piece in sentences[1] for piece in pieces), pieces


# --- the page and the markers -------------------------------------------------------


def test_every_href_points_to_an_existing_anchor(seeds: list[Article], feature: xref.XrefFeature) -> None:
    ids = {a.slug: {b.id for _, b in a.blocks() if b.id} | {s.id for s in a.sections} for a in seeds}
    page = render(feature.pages()[0].markdown)
    own = {t["id"] for t in page.select("[id]")}
    links = [a["href"] for a in page.select("a[href]")]
    assert len(links) > 100
    for href in links:
        match = re.fullmatch(r"([\w-]+)\.md(?:#([\w-]+))?|#([\w-]+)", href)
        assert match, href
        slug, fragment, local = match.groups()
        assert (local in own) if local else (slug in ids and (fragment is None or fragment in ids[slug])), href
    ids["xref"] = own
    html = "".join(feature.article_top(a) for a in seeds) + \
        "".join(feature.after_block(a, b) for a in seeds for _, b in a.blocks())
    for href in re.findall(r'href="([^"]*)"', html):
        match = re.fullmatch(r"@/([\w-]+)\.md(?:#([\w-]+))?", href)
        assert match, href
        slug, fragment = match.groups()
        assert slug in ids and (fragment is None or fragment in ids[slug]), href


def test_page_structure(feature: xref.XrefFeature) -> None:
    [page] = feature.pages()
    assert (page.path, page.title) == ("xref.md", "专题与互见")
    text = page.markdown
    for theme in feature.uses:
        assert f"{{ #theme-{theme.theme.id} }}" in text
    order = [use.shared for use in feature.ordered_uses()]
    assert order == sorted(order, reverse=True)
    rendered = render(text)
    shown = rendered.get_text()
    assert "相似度 100%" in shown and rendered.find(id="par-1") and "共同专题" in shown
    assert not rendered.select("p > div, p > ul") and "&lt;" not in str(rendered)
    sides = rendered.select("h3.rp-parallel-title + ul > li.rp-parallel-side")
    assert len(sides) == sum(len(g.sides) for g in feature.groups), "every place of a parallel, after its heading"
    assert len(rendered.select("h3.rp-parallel-title")) == len(feature.groups) < len(feature.passages)
    assert all(side.select_one("a.rp-parallel-where") and side.select_one("q.rp-parallel-text mark")
               for side in sides), "each place says where, then quotes with the shared text marked"
    assert all(side.has_attr("data-search-exclude") for side in sides), "the quoted places are not searched"
    for excluded in rendered.select("[data-search-exclude]"):
        assert excluded.name in ("div", "li") and not excluded.select("div"), "the search exclusion ends at </div>"


def test_the_page_has_no_raw_html_blocks(feature: xref.XrefFeature) -> None:
    raw = re.findall(r"^<(?!span).*", feature.pages()[0].markdown, flags=re.M)
    assert not raw, raw[:2]


def parallels(after_block: str) -> BeautifulSoup:
    """The 互见 markers a paragraph ends with, as the reader's HTML."""
    return BeautifulSoup(inline_html(after_block), "html.parser")


def test_article_top_and_parallel_markers(seeds: list[Article], feature: xref.XrefFeature) -> None:
    first, second = seeds
    top = BeautifulSoup(to_html(feature.article_top(first)), "html.parser")
    assert top.select_one("nav.rp-ed.rp-themes[aria-label]") and top.select_one('a[href="xref.md#theme-dangjian"]')
    block = next(b for _, b in first.blocks() if plain(b.text) == plain(SHARED))
    marker = parallels(feature.after_block(first, block))
    other = next(b for _, b in second.blocks() if plain(b.text) == plain(SHARED))
    assert [(a["href"], a.get_text()) for a in marker.select("a.rp-ed.rp-parallel")] == [(f"{second.slug}.md#{other.id}", "互见")]
    assert marker.select_one("a.rp-ed.rp-parallel-entry")["href"].startswith("xref.md#par-")
    assert feature.after_block(first, Block("paragraph", "无", 1, id="s9-p9")) == ""


def test_article_without_themes_gets_no_nav(tmp_path: Path) -> None:
    (tmp_path / "themes.yml").write_text("themes:\n  - id: a\n    name: 甲\n    description: 甲。\n"
                                        "    keywords: [不存在的词]\n", encoding="utf-8")
    article = make_article("a", ["普通文字。"])
    feature = xref.build([article], tmp_path)
    assert feature.article_top(article) == ""
    assert "甲" not in feature.pages()[0].markdown            # the index follows the site
    assert feature.notices() == ["themes.yml:2: theme '甲' occurs in no article of this site and is not "
                                 "listed. Fix: check its keywords against the text, or remove it"]


# --- the shipped data ----------------------------------------------------------------

REQUIRED_THEMES = ["党建引领与党委领导", "人才队伍与培养", "肿瘤专科与癌症防治", "疫情防控与援鄂", "医联体与分级诊疗",
                   "胸痛·卒中·心脏康复中心", "微创与介入技术", "降费惠民与便民服务", "调查研究", "清廉医院与作风建设"]


def test_shipped_themes(seeds: list[Article], feature: xref.XrefFeature) -> None:
    themes, settings = xref.load_xref_data(DATA / "themes.yml")
    assert len(themes) >= 12
    assert set(REQUIRED_THEMES) <= {t.name for t in themes}
    assert all(use.hits for use in feature.uses), "every shipped theme occurs in a seed"
    assert sum(use.shared for use in feature.uses) >= 10
    assert settings.min_shared_chars >= 8


def test_no_keyword_matches_nearly_everything(seeds: list[Article]) -> None:
    themes, _ = xref.load_xref_data(DATA / "themes.yml")
    texts = [b.text for a in seeds for _, b in a.blocks() if b.id]
    for theme in themes:
        for keyword in theme.keywords:
            share = sum(keyword.lower() in t.lower() for t in texts) / len(texts)
            assert share < 0.2, (theme.id, keyword, share)


# --- validation -----------------------------------------------------------------------

GOOD = """themes:
  - id: dangjian
    name: 党建
    description: 党建引领。
    keywords: [党建引领, 党委]
"""


@pytest.mark.parametrize("text, line, words", [
    (GOOD.replace("id: dangjian", "id: 党建"), 2, "ASCII anchor"),
    (GOOD.replace("id: dangjian", "id: Dang_jian"), 2, "ASCII anchor"),
    (GOOD + GOOD.replace("themes:\n", "").replace("name: 党建", "name: 别的"), 6, "used twice"),
    (GOOD + GOOD.replace("themes:\n", "").replace("id: dangjian", "id: other"), 7, "used twice"),
    (GOOD.replace("[党建引领, 党委]", "[党建引领, 党]"), 5, "at least 2"),
    (GOOD.replace("[党建引领, 党委]", "[党委, 党委]"), 5, "twice"),
    (GOOD.replace("[党建引领, 党委]", "[]"), 5, "empty"),
    (GOOD.replace("[党建引领, 党委]", "\n      - 党委\n      - 1"), 7, "at least 2"),
    (GOOD.replace("description: 党建引领。", "description: 党建。引领。"), 4, "one non-empty sentence"),
    (GOOD.replace("name: 党建", "name: 党建\n    colour: red"), 4, "unknown key 'colour'"),
    (GOOD.replace("    keywords: [党建引领, 党委]\n", ""), 2, "lacks the required key 'keywords'"),
    (GOOD + "passages:\n  shingle_chars: 9\n  min_sentence_chars: 6\n", 7, "out of order"),
    (GOOD + "passages:\n  min_shared_chars: 0\n", 7, "positive"),
    (GOOD + "passages:\n  min_shared_chars: many\n", 7, "whole number"),
    (GOOD + "passages:\n  threshold: 3\n", 7, "unknown key 'threshold'"),
    ("themes:\n  - dangjian\n", 2, "not a mapping"),
    ("themes: [\n", 2, "YAML error"),
    ("", None, "empty"),
])
def test_validation_errors_name_file_and_line(tmp_path: Path, text: str, line: int | None, words: str) -> None:
    path = tmp_path / "themes.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditorError) as caught:
        xref.load_xref_data(path)
    assert caught.value.line == line and words in caught.value.problem
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_valid_file_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "themes.yml"
    path.write_text(GOOD + "passages:\n  min_shared_chars: 14\n", encoding="utf-8")
    themes, settings = xref.load_xref_data(path)
    assert themes == [xref.Theme("dangjian", "党建", "党建引领。", ("党建引领", "党委"), (), 2)]
    assert settings == PassageSettings(min_shared_chars=14)
    assert xref.load_xref_data(tmp_path / "absent.yml") == ([], PassageSettings())


# --- groups of parallels ------------------------------------------------------------

REPRINTED = "市卫健委召开全市医疗质量安全工作会议，要求各级医院落实核心制度，守牢医疗安全底线。"


def reprinted_in(count: int) -> list[Article]:
    """`count` articles that each reprint one paragraph between two of their own."""
    return [make_article(f"a{i}", [f"第{i}篇的开头写得各不相同{'甲乙丙丁戊己庚辛'[i]}。", REPRINTED,
                                   f"第{i}篇的结尾{'子丑寅卯辰巳午未'[i]}也各不相同。"]) for i in range(count)]


def test_a_paragraph_reprinted_in_k_articles_is_one_group_of_k_places(tmp_path: Path) -> None:
    (tmp_path / "themes.yml").write_text("themes: []\n", encoding="utf-8")
    articles = reprinted_in(5)
    feature = xref.build(articles, tmp_path)
    assert len(feature.passages) == 10                       # every pair of the five
    [group] = feature.groups
    assert [side.ref.slug for side in group.sides] == ["a0", "a1", "a2", "a3", "a4"]
    assert all(side.shared == ((0, len(REPRINTED) - 1),) for side in group.sides)
    page = render(feature.pages()[0].markdown)
    assert len(page.select("li.rp-parallel-side")) == 5 and len(page.select("[id^=par-]")) == 1
    assert "5 段文字，10 处相同 · 相似度 100% · 每处共有 38 字" in page.get_text()
    marker = parallels(feature.after_block(articles[2], articles[2].sections[0].blocks[1]))
    assert [a.get_text() for a in marker.select("a.rp-parallel")] == ["互见 4 处"]   # summary, not 4 links
    assert "互见段落 1 处" in feature.article_top(articles[2])


def test_few_parallels_get_one_direct_link_each(tmp_path: Path) -> None:
    (tmp_path / "themes.yml").write_text("themes: []\n", encoding="utf-8")
    articles = reprinted_in(3)
    feature = xref.build(articles, tmp_path)
    marker = parallels(feature.after_block(articles[0], articles[0].sections[0].blocks[1]))
    assert [a["href"] for a in marker.select("a.rp-ed.rp-parallel")] == ["a1.md#s1-p2", "a2.md#s1-p2"]
    assert marker.select_one("a.rp-ed.rp-parallel-entry")["href"] == "xref.md#par-1"


def test_groups_join_chains_and_number_in_reading_order() -> None:
    from republish.passages import Passage, PassageSide, group_passages
    from republish.model import BlockRef

    def side(slug: str) -> PassageSide:
        return PassageSide(BlockRef(slug, slug, "s1", None, "s1-p1"), "甲乙丙丁", (0, 4), ((0, 4),))

    def passage(a: str, b: str) -> Passage:
        return Passage(side(a), side(b), 4, 1.0)

    groups = group_passages([passage("a", "b"), passage("c", "d"), passage("b", "c"), passage("e", "f")])
    assert [[s.ref.slug for s in g.sides] for g in groups] == [["a", "b", "c", "d"], ["e", "f"]]
    assert [g.number for g in groups] == [1, 2] and [len(g.passages) for g in groups] == [3, 1]


def test_two_passages_between_the_same_paragraphs_give_one_link(tmp_path: Path) -> None:
    (tmp_path / "themes.yml").write_text("themes: []\n", encoding="utf-8")
    first = "市卫健委召开全市医疗质量安全工作会议，要求落实核心制度。甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉，守牢医疗安全底线，保障群众就医安全。"
    second = "市卫健委召开全市医疗质量安全工作会议，要求落实核心制度。天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往，守牢医疗安全底线，保障群众就医安全。"
    articles = [make_article("a", [first]), make_article("b", [second])]
    feature = xref.build(articles, tmp_path)
    assert len(feature.passages) == 2 and len(feature.groups) == 1
    marker = parallels(feature.after_block(articles[0], articles[0].sections[0].blocks[0]))
    assert len(marker.select("a.rp-parallel")) == 1
