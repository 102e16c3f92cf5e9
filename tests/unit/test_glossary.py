"""Glossary: loading and validation, CJK-aware matching, marks and the glossary page."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from pagekit import inline_html, render, to_html
from sitekit import SHIPPED
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from republish.errors import EditorError
from republish.model import BlockRef
from republish.features.glossary import (
    Entry, GlossaryFeature, Hit, TermMatcher, build, join_wrapped, latin_syllables,
    load_glossary, sort_key,
)
from republish.inline import render_inline
from republish.model import Article, Block, Section
from republish.parse import parse_article

ROOT = Path(__file__).resolve().parents[2]
SEEDS = list(SHIPPED)
DATA = ROOT / "data"

REQUIRED_TERMS = """MDT PCCM 医联体 紧密型医联体 分级诊疗 双向转诊 区域医疗中心 专科联盟 党委领导下的院长负责制
三重一大 双带头人 双培养 三优先机制 一支部一品牌 把支部建在科室上 党员示范岗 大兴调查研究 党史学习教育
清廉医院 健康中国 胸痛中心 卒中中心 心脏康复中心 重点专科 质控中心 放射介入 微波消融 射频消融
放射性粒子植入 ⅢB期 同步放化疗 免疫巩固治疗 冠脉内旋磨术 冠脉管内超声 呼吸内镜 癌症早诊早治 两癌筛查
居民健康卡 定点救治医院 援鄂 慢病管理 云心电 公立医院 基层医疗机构 社区卫生服务中心 医院章程 重大行政决策
主委单位 进修 截瘫 党支部 党课 抗击新冠肺炎疫情先进个人 优秀共产党员 五一劳动 荣誉市民""".split()


def entry(term: str, *aliases: str, anchor: str = "", **extra: object) -> Entry:
    """A glossary entry for tests; the anchor defaults to the lowercased term."""
    fields = {"full": f"{term}全称", "en": "gloss", "definition": f"{term}的定义。"} | extra
    return Entry(term=term, aliases=aliases, anchor=anchor or term.lower(), **fields)  # type: ignore[arg-type]


def spans(matcher: TermMatcher, text: str) -> list[str]:
    """The matched substrings, in order."""
    return [text[h.start:h.end] for h in matcher.find(text)]


def load_seeds() -> list[Article]:
    """Both seed articles, parsed."""
    return [parse_article(p, p.read_text(encoding="utf-8")) for p in SEEDS]


def small_article() -> Article:
    """A hand-built article: a lead paragraph, a titled section with a caption and an ornament."""
    lead = Section("s0", None, None, [Block("paragraph", "开展MDT讨论，MDT。", 1, id="s0-p1")])
    body = Section("s1", "医联体  建设", 3, [Block("caption", "组建紧密型医联体", 4, id="s1-f1"),
                                              Block("ornament", "医联体", 5)])
    return Article(source=Path("a.txt"), slug="a", title="标题", sections=[lead, body])


# -----------------------------------------------------------------------------
# Matching
# -----------------------------------------------------------------------------

def test_mdt_directly_followed_by_cjk_is_found() -> None:
    matcher = TermMatcher([entry("MDT")])
    assert matcher.find("MDT多学科会诊") == [Hit(0, 3, matcher.find("MDT")[0].entry)]


def test_term_touching_its_own_alias_is_one_occurrence() -> None:
    mdt = entry("MDT", "多学科会诊")
    assert TermMatcher([mdt]).find("开展MDT多学科会诊。") == [Hit(2, 10, mdt)]


def test_longest_match_wins() -> None:
    matcher = TermMatcher([entry("医联体"), entry("紧密型医联体")])
    assert spans(matcher, "组建紧密型医联体和医联体") == ["紧密型医联体", "医联体"]
    assert [h.entry.term for h in matcher.find("紧密型医联体")] == ["紧密型医联体"]


def test_matches_do_not_overlap_and_go_left_to_right() -> None:
    matcher = TermMatcher([entry("医联体"), entry("体系")])
    assert spans(matcher, "医联体系") == ["医联体"]
    assert spans(matcher, "体系医联体") == ["体系", "医联体"]


@pytest.mark.parametrize("text, expected", [
    ("医生说医联体", ["医联体"]),              # a form's first character that starts no form here
    ("体系医医联体医", ["体系", "医联体"]),
    ("", []),
    ("*[]^-\\医联体", ["医联体"]),           # characters that mean something to a regex
])
def test_the_scan_leaps_to_where_a_form_can_begin(text: str, expected: list[str]) -> None:
    assert spans(TermMatcher([entry("医联体"), entry("体系")]), text) == expected


def test_forms_may_begin_with_characters_that_mean_something_to_a_regex() -> None:
    forms = ["]体", "^医", "-联", "\\院", "[科"]
    matcher = TermMatcher([entry(form) for form in forms])
    assert spans(matcher, "甲]体乙^医丙-联丁\\院戊[科") == forms


def test_a_matcher_without_forms_finds_nothing() -> None:
    assert TermMatcher([]).find("医联体") == []


@pytest.mark.parametrize("text, expected", [
    ("XMDTY", []),
    ("MDTs", []),
    ("aMDT", []),
    ("MDT2", []),
    ("开展MDT讨论", ["MDT"]),
    ("远程MDT会诊", ["MDT"]),
    ("MDT", ["MDT"]),
    ("(MDT)", ["MDT"]),
    ("（MDT）", ["MDT"]),
    ("“MDT”", ["MDT"]),
    ("MDT,PCCM.", ["MDT", "PCCM"]),
    ("MDT、PCCM。", ["MDT", "PCCM"]),
    ("MDT PCCM", ["MDT", "PCCM"]),
    ("MDTPCCM", []),
])
def test_ascii_terms_respect_ascii_word_boundaries(text: str, expected: list[str]) -> None:
    assert spans(TermMatcher([entry("MDT"), entry("PCCM")]), text) == expected


def test_longer_ascii_form_is_tried_after_a_boundary_failure() -> None:
    matcher = TermMatcher([entry("MDT"), entry("MDTX")])
    assert spans(matcher, "MDTXY MDTX MDT") == ["MDTX", "MDT"]


@pytest.mark.parametrize("text", ["医联体", "医联体建设", "组建医联体", "，医联体。", ",医联体.",
                                  "“医联体”", "(医联体)", "——医联体……"])
def test_terms_at_paragraph_edges_and_next_to_punctuation(text: str) -> None:
    hits = TermMatcher([entry("医联体")]).find(text)
    assert [text[h.start:h.end] for h in hits] == ["医联体"]
    assert hits[0].start == text.index("医联体")


def test_aliases_resolve_to_their_entry() -> None:
    clean = entry("清廉医院", "清廉医院建设")
    seeds = entry("放射性粒子植入", "粒子植入")
    hits = TermMatcher([clean, seeds]).find("开展“清廉医院建设”，胆管癌的粒子植入")
    assert [(h.entry.term, h.end - h.start) for h in hits] == [("清廉医院", 6), ("放射性粒子植入", 4)]


def test_roman_numeral_stage_is_matched_before_cjk() -> None:
    stage = entry("ⅢB期", "IIIB期")
    assert spans(TermMatcher([stage]), "确诊为ⅢB期肺癌，另一例为IIIB期，XIIIB期不算") == ["ⅢB期", "IIIB期"]


WORDS = ["MDT", "多学科会诊", "医联体", "紧密型医联体", "专科联盟"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS + ["X", "a", "1", "，", "。", "的", " ", "<", "&"]), max_size=30))
def test_hits_are_ordered_disjoint_and_render_back_to_the_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    entries = [entry("MDT", "多学科会诊"), entry("医联体"), entry("紧密型医联体"), entry("专科联盟")]
    feature = GlossaryFeature(entries, Path("glossary.yml"))
    hits = feature.matcher.find(text)
    assert all(a.end <= b.start for a, b in zip(hits, hits[1:]))
    for hit in hits:
        matched = text[hit.start:hit.end]
        assert re.fullmatch("(?:" + "|".join(map(re.escape, hit.entry.forms)) + ")+", matched)
    block = Block("paragraph", text, 1, id="s0-p1")
    html = inline_html(render_inline(text, feature.marks(small_article(), block)))
    assert unescape(re.sub(r"<[^>]*>", "", html)) == text


# -----------------------------------------------------------------------------
# Loading and validation
# -----------------------------------------------------------------------------

GOOD = """\
- term: 医联体
  full: 医疗联合体
  en: medical alliance
  definition: >-
    由不同级别医疗机构组成的
    协作组织。
- term: MDT
  aliases: [多学科会诊]
  full: 多学科诊疗
  en: multidisciplinary team
  definition: 多学科专家共同讨论病情。
  reference: 某规范
- term: 医共体
  full: 县域医疗卫生共同体
  en: county medical community
  definition: 县域医联体。
  unused_ok: true
"""


def write(tmp_path: Path, text: str) -> Path:
    """Write a glossary file into a temporary data directory."""
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads_with_lines_anchors_and_joined_definition(tmp_path: Path) -> None:
    entries = load_glossary(write(tmp_path, GOOD))
    assert [(e.term, e.line, e.anchor) for e in entries] == [
        ("医联体", 1, "yi-lian-ti"), ("MDT", 7, "mdt"), ("医共体", 13, "yi-gong-ti")]
    assert entries[0].definition == "由不同级别医疗机构组成的协作组织。"
    assert entries[1].aliases == ("多学科会诊",) and entries[1].reference == "某规范"
    assert [e.unused_ok for e in entries] == [False, False, True]


ENTRY_B = "- term: {term}\n  full: 全称\n  en: gloss\n  definition: 定义。\n"


@pytest.mark.parametrize("text, problem, line", [
    (GOOD + ENTRY_B.format(term="医联体"), "already the term of the entry '医联体' (line 1)", 18),
    (GOOD + ENTRY_B.format(term="X") + "  aliases: [多学科会诊]\n", "alias '多学科会诊' is already an alias", 18),
    (GOOD + ENTRY_B.format(term="X") + "  aliases: [医联体]\n", "alias '医联体' is already the term", 18),
    (ENTRY_B.format(term="医联体") + "  aliases: [医联体]\n", "lists '医联体' twice", 1),
    (ENTRY_B.format(term="医联体") + "  aliases: [甲, 甲]\n", "lists '甲' twice", 1),
    ("- term: 医联体\n  full: 全称\n  en: gloss\n", "lacks the required key 'definition'", 1),
    ("- term: 医联体\n  full: 全称\n  en: gloss\n  definition: ''\n", "'definition' of glossary entry '医联体' is empty", 4),
    ("- term: 医联体\n  full: 全称\n  en: gloss\n  definition: '  '\n", "is empty", 4),
    ("- term: 医联体\n  full: 全称\n  en: gloss\n  definition:\n", "'definition' must be text, not empty", 4),
    (ENTRY_B.format(term="医联体") + "  aliases: 多学科会诊\n", "'aliases' must be a list", 5),
    (ENTRY_B.format(term="医联体") + "  aliases: [1]\n", "alias 1 of '医联体' is not text", 5),
    (ENTRY_B.format(term="医联体") + "  aliases: ['']\n", "'aliases' of glossary entry '医联体' is empty", 5),
    (ENTRY_B.format(term="123"), "'term' must be text, not a whole number", 1),
    (ENTRY_B.format(term="' 医联体'"), "has spaces at its start or end", 1),
    (ENTRY_B.format(term="医联体") + "  unused_ok: 'yes'\n", "'unused_ok' must be true/false", 5),
    (ENTRY_B.format(term="医联体") + "  defintion: 错字\n", "unknown key 'defintion'", 5),
    (ENTRY_B.format(term="卒中") + "  pinyin: Cù zhòng\n", "is not plain syllables", 5),
    (ENTRY_B.format(term="医联体") + "  full: 重复\n", "duplicate key 'full'", 5),
    ("- term: 医联体\n   full: 全称\n", "YAML error", 2),
    ("- term: [医联体\n", "YAML error", 2),
    ("term: 医联体\n", "must be a non-empty YAML list", 1),
    ("", "must be a non-empty YAML list", 1),
    ("- 医联体\n", "glossary entry 1 must be a mapping", None),
])
def test_every_editor_mistake_names_file_line_and_fix(tmp_path: Path, text: str, problem: str,
                                                       line: int | None) -> None:
    path = write(tmp_path, text)
    with pytest.raises(EditorError) as caught:
        load_glossary(path)
    error = caught.value
    assert problem in error.problem
    assert error.path == str(path) and error.fix
    if line is not None:
        assert error.line == line
    assert str(path) in str(error) and "Fix:" in str(error) and "\n" not in str(error)


def test_missing_file_is_an_editor_error(tmp_path: Path) -> None:
    with pytest.raises(EditorError, match="missing"):
        load_glossary(tmp_path / "glossary.yml")


def test_join_wrapped_keeps_cjk_tight_and_latin_spaced() -> None:
    assert join_wrapped("肺癌、\n  结直肠癌。 2019年") == "肺癌、结直肠癌。2019年"
    assert join_wrapped(" PD-1 or\n PD-L1 ") == "PD-1 or PD-L1"


# -----------------------------------------------------------------------------
# Anchors and order
# -----------------------------------------------------------------------------

def test_anchors_are_ascii_pinyin_unique_and_overridable(tmp_path: Path) -> None:
    text = "".join(ENTRY_B.format(term=t) for t in ["医联体", "一连体", "MDT", "ⅢB期", "三重一大"])
    text += "  pinyin: san zhong yi da\n"
    anchors = [e.anchor for e in load_glossary(write(tmp_path, text))]
    assert anchors == ["yi-lian-ti", "yi-lian-ti-2", "mdt", "iiib-qi", "san-zhong-yi-da"]


def test_sorting_by_latin_spelling_syllable_by_syllable() -> None:
    terms = ["医联体", "MDT", "双向转诊", "癌症早诊早治", "PCCM", "ⅢB期", "放射介入", "双培养"]
    entries = [entry(t) for t in terms] + [entry("卒中中心", pinyin="cu zhong zhong xin")]
    ordered = [e.term for e in sorted(entries, key=sort_key)]
    assert ordered == ["癌症早诊早治", "卒中中心", "放射介入", "ⅢB期", "MDT", "PCCM",
                       "双培养", "双向转诊", "医联体"]
    assert latin_syllables(entry("ⅢB期")) == ["iiib", "qi"]


# -----------------------------------------------------------------------------
# The feature: marks, hidden descriptions, occurrences, page
# -----------------------------------------------------------------------------

def small_feature() -> GlossaryFeature:
    """A feature over the hand-built article with two used and two unused entries."""
    entries = [entry("MDT", "多学科会诊", definition='讨论"病情"<与>&。'), entry("医联体", anchor="yi-lian-ti"),
               entry("紧密型医联体", anchor="jin-mi-xing-yi-lian-ti"), entry("PCCM"),
               entry("医共体", anchor="yi-gong-ti", unused_ok=True)]
    feature = GlossaryFeature(entries, Path("data/glossary.yml"))
    feature.collect([small_article()])
    return feature


def test_marks_are_atomic_accessible_links_without_title() -> None:
    feature, article = small_feature(), small_article()
    block = article.sections[0].blocks[0]
    marks = feature.marks(article, block)
    assert [(m.start, m.end, m.atomic) for m in marks] == [(2, 5, True), (8, 11, True)]
    tag = BeautifulSoup(inline_html(marks[0].open_tag + "MDT" + marks[0].close_tag), "html.parser").a
    assert tag["class"] == ["rp-term"] and tag["href"] == "glossary.md#mdt"   # MkDocs resolves and checks it
    assert tag["data-term"] == "mdt" and tag["aria-describedby"] == "rp-tip-mdt"
    assert not tag.has_attr("data-tip")  # the text lives once, in the hidden description
    tips = BeautifulSoup(to_html(feature.article_bottom(article)), "html.parser")
    assert tips.find(id="rp-tip-mdt").get_text() == 'MDT：MDT全称。讨论"病情"<与>&。'
    assert not tag.has_attr("title")


def test_ornaments_and_blocks_without_id_get_no_marks() -> None:
    feature, article = small_feature(), small_article()
    assert feature.marks(article, article.sections[1].blocks[1]) == []
    assert feature.marks(article, Block("paragraph", "医联体", 9)) == []
    assert feature.marks(article, Block("ornament", "医联体", 9, id="s1-o1")) == []


def test_rendered_marks_keep_the_escaped_text_intact() -> None:
    feature, article = small_feature(), small_article()
    text = 'A&B<x> "MDT多学科会诊" 与医联体</p>'
    html = inline_html(render_inline(text, feature.marks(article, Block("caption", text, 1, id="s0-f1"))))
    assert 'A&amp;B&lt;x&gt; "' in html and "&lt;/p&gt;" in html
    soup = BeautifulSoup(f"<p>{html}</p>", "html.parser")
    assert soup.get_text() == text
    assert [(a.get_text(), a["data-term"]) for a in soup.select("a.rp-term")] == [
        ("MDT多学科会诊", "mdt"), ("医联体", "yi-lian-ti")]


def test_article_bottom_holds_one_hidden_description_per_used_term() -> None:
    feature, article = small_feature(), small_article()
    soup = BeautifulSoup(to_html(feature.article_bottom(article)), "html.parser")
    box = soup.div
    assert box.has_attr("hidden") and "rp-ed" in box["class"]
    assert [s["id"] for s in box.find_all("span", id=True)] == ["rp-tip-jin-mi-xing-yi-lian-ti", "rp-tip-mdt"]
    assert box.select_one(".rp-term-tips-title").get_text() == "本文术语释义"
    empty = Article(source=Path("b.txt"), slug="b", title="空")
    assert feature.article_bottom(empty) == ""


def test_occurrences_and_unused_entries() -> None:
    feature = small_feature()
    lead = BlockRef("a", "标题", "s0", None, "s0-p1")
    assert feature.occurrences["mdt"] == [lead, lead]
    assert feature.occurrences["jin-mi-xing-yi-lian-ti"] == [BlockRef("a", "标题", "s1", "医联体  建设", "s1-f1")]
    assert feature.occurrences["yi-lian-ti"] == []
    assert [e.term for e in feature.unused_entries()] == ["医联体", "PCCM"]
    assert len(feature.warnings()) == 2 and "'PCCM' occurs in no article" in feature.warnings()[1]


def entry_sections(markdown: str) -> dict[str, BeautifulSoup]:
    """The rendered glossary page split into {anchor: the entry up to the next entry heading}."""
    soup = render(markdown)
    sections = {}
    for heading in soup.find_all("h2"):
        part = BeautifulSoup("", "html.parser")
        for sibling in list(heading.find_next_siblings()):
            if sibling.name == "h2":
                break
            part.append(sibling.__copy__())
        sections[heading["id"]] = part
    return sections


def occurrence_links(section: BeautifulSoup) -> list[tuple[str, str]]:
    """(href, text) of every occurrence link of an entry."""
    return [(a["href"], a.get_text()) for a in section.select(".rp-gloss-occurrences a")]


def test_glossary_page_lists_every_occurrence_with_counts_and_escapes() -> None:
    page = small_feature().pages()[0]
    assert (page.path, page.title) == ("glossary.md", "术语表")
    sections = entry_sections(page.markdown)
    assert list(sections) == ["jin-mi-xing-yi-lian-ti", "mdt", "pccm", "yi-gong-ti", "yi-lian-ti"]
    mdt = sections["mdt"]
    assert "文中出现共 2 处" in mdt.get_text() and "（2 处）" in mdt.get_text()
    assert occurrence_links(mdt) == [("a.md#s0-p1", "《标题》 · 导语 · 第1段")]
    assert occurrence_links(sections["jin-mi-xing-yi-lian-ti"])[0][1].startswith("《标题》 · 医联体 建设 · ")
    assert "文中未出现" in sections["pccm"].get_text()
    definitions = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in mdt.select("dt")}
    assert '讨论"病情"<与>&。' in definitions["释义"] and definitions["又作"] == "多学科会诊"
    assert not mdt.select("dd 与"), "the definition's text became a tag"


def test_glossary_entries_are_definition_lists_without_raw_html_blocks() -> None:
    markdown = small_feature().page_markdown()
    assert not re.findall(r"^<(?!span)", markdown, flags=re.M)
    soup = render(markdown)
    assert len(soup.select("dl")) == 5 and all(h.find_next_sibling().name == "dl" for h in soup.select("h2"))


def test_build_reads_glossary_from_the_data_directory(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    feature = build([small_article()], tmp_path)
    assert [e.term for e in feature.entries] == ["医联体", "MDT", "医共体"]
    assert len(feature.occurrences["mdt"]) == 2 and feature.unused_entries() == []


# -----------------------------------------------------------------------------
# The real data against the real seeds
# -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_feature() -> tuple[GlossaryFeature, list[Article]]:
    """The glossary built from data/ over both seeds."""
    articles = load_seeds()
    return build(articles, DATA), articles


def test_data_file_covers_the_required_terms(seed_feature: tuple[GlossaryFeature, list[Article]]) -> None:
    feature, _ = seed_feature
    terms = {e.term for e in feature.entries}
    assert len(feature.entries) >= 45
    assert [t for t in REQUIRED_TERMS if t not in terms] == []
    assert all(e.anchor.isascii() for e in feature.entries)


def test_every_entry_without_unused_ok_occurs(seed_feature: tuple[GlossaryFeature, list[Article]]) -> None:
    feature, _ = seed_feature
    assert [e.term for e in feature.unused_entries()] == []


@pytest.mark.parametrize("form", ["MDT", "PCCM"])
def test_all_seed_occurrences_of_ascii_terms_are_found(
        seed_feature: tuple[GlossaryFeature, list[Article]], form: str) -> None:
    feature, articles = seed_feature
    for article in articles:
        expected = article.source.read_text(encoding="utf-8").count(form)
        found = sum(block.text[h.start:h.end].count(form)
                    for _, block in article.blocks() for h in feature.matcher.find(block.text)
                    if h.entry.term == form)
        assert found == expected, article.slug


def test_seed_glossary_page_links_every_occurrence(seed_feature: tuple[GlossaryFeature, list[Article]]) -> None:
    feature, _ = seed_feature
    sections = entry_sections(feature.page_markdown())
    assert set(sections) == {e.anchor for e in feature.entries}
    for anchor, refs in feature.occurrences.items():
        section = sections[anchor]
        hrefs = [href for href, _ in occurrence_links(section)]
        assert set(hrefs) == {ref.target for ref in refs}, anchor
        text = section.get_text()
        assert (f"共 {len(refs)} 处" in text) if refs else ("文中未出现" in text)
        times = sum(int(n) - 1 for n in re.findall(r"（(\d+) 处）", text))
        assert len(hrefs) + times == len(refs)


def test_stage_iiib_follows_the_8th_edition_tnm() -> None:
    entry = next(e for e in load_glossary(DATA / "glossary.yml") if e.term == "ⅢB期")
    text = entry.definition
    assert "T1–T2" in text and "N3" in text and "T3–T4" in text and "N2" in text, text
    assert "肿瘤较大或" not in text, "a large tumour without N2/N3 nodes is not IIIB"
    assert "第8版" in (entry.reference or ""), entry.reference
