"""Editorial notes: schema, anchoring to exact quotations, rendering, and the shipped notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitekit import SHIPPED
from bs4 import BeautifulSoup

from republish.errors import EditorError
from republish.features import notes as notes_feature
from republish.features.notes import NotesFeature, build, load_notes
from republish.inline import Mark, render_inline
from republish.model import Article, Block, Section
from republish.parse import parse_article
from pagekit import inline_html, to_html

ROOT = Path(__file__).resolve().parents[2]
SEEDS = list(SHIPPED)
DATA = ROOT / "data"


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def make_article(*texts: str, stem: str = "demo", joined: dict[int, tuple[int, ...]] | None = None,
                 captions: tuple[int, ...] = ()) -> Article:
    """An article whose one section holds the texts as blocks (indexes in `captions`: captions)."""
    blocks = []
    counters = {"paragraph": 0, "caption": 0}
    for index, text in enumerate(texts):
        kind = "caption" if index in captions else "paragraph"
        counters[kind] += 1
        block_id = f"s1-{'f' if kind == 'caption' else 'p'}{counters[kind]}"
        lines = (joined or {}).get(index, (10 + index,))
        blocks.append(Block(kind, text, lines[0], block_id, lines))
    section = Section("s1", "小标题", 5, blocks)
    return Article(source=Path(f"seeds/{stem}.txt"), slug=stem, title="标题", sections=[section])


def write_notes(tmp_path: Path, yaml_text: str, stem: str = "demo") -> Path:
    """Write a notes file for the demo article and return the data directory."""
    folder = tmp_path / "notes"
    folder.mkdir(exist_ok=True)
    (folder / f"{stem}.yml").write_text(yaml_text, encoding="utf-8")
    return tmp_path


def feature_for(tmp_path: Path, article: Article, yaml_text: str) -> NotesFeature:
    return build([article], write_notes(tmp_path, yaml_text))


def render_block(feature: NotesFeature, article: Article, block: Block,
                 extra: list[Mark] | None = None) -> str:
    return inline_html(render_inline(block.text, feature.marks(article, block) + (extra or [])))


def strip_editorial(html: str) -> str:
    """The text of rendered HTML without any element the site added (class rp-ed)."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.select(".rp-ed"):
        element.decompose()
    return soup.get_text()


def span_text(html: str, note_id: str) -> str:
    """The printed text highlighted for one note (all its pieces, in order)."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.select(".rp-ed"):
        element.decompose()
    return "".join(m.get_text() for m in soup.select(f"mark.rp-note-span[data-note='{note_id}']"))


def anchors_of(feature: NotesFeature, article: Article) -> list[tuple[str | None, int, int]]:
    return [(n.anchor.block_id, n.anchor.start, n.anchor.end) if n.anchor else (None, 0, 0)
            for n in feature.notes(article)]


def real_articles() -> list[Article]:
    return [parse_article(p, p.read_text(encoding="utf-8")) for p in SEEDS]


# -----------------------------------------------------------------------------
# Anchoring
# -----------------------------------------------------------------------------

def test_unique_quote_anchors_to_its_block_and_offsets(tmp_path: Path) -> None:
    article = make_article("甲乙丙丁。", "戊己庚辛。")
    feature = feature_for(tmp_path, article, "- quote: 己庚\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n")
    assert anchors_of(feature, article) == [("s1-p2", 1, 3)]


@pytest.mark.parametrize("selector, expected", [
    ("prefix: 乙", ("s1-p1", 2, 4)),
    ("suffix: 丁", ("s1-p2", 0, 2)),
    ("occurrence: 1", ("s1-p1", 0, 2)),
    ("occurrence: 3", ("s1-p2", 0, 2)),
    ("prefix: 乙\n  suffix: 。", ("s1-p1", 2, 4)),
])
def test_repeated_quote_is_chosen_by_prefix_suffix_or_occurrence(
        tmp_path: Path, selector: str, expected: tuple[str, int, int]) -> None:
    article = make_article("甲乙甲乙。", "甲乙丁。")
    yaml_text = f"- quote: 甲乙\n  {selector}\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n"
    feature = feature_for(tmp_path, article, yaml_text)
    assert anchors_of(feature, article) == [expected]


def test_repeated_quote_without_disambiguation_is_an_error(tmp_path: Path) -> None:
    article = make_article("甲乙甲乙。", "甲乙丁。")
    data = write_notes(tmp_path, "# 注释\n\n- quote: 甲乙\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n")
    with pytest.raises(EditorError) as error:
        build([article], data)
    message = str(error.value)
    assert message.startswith(str(data / "notes" / "demo.yml") + ":3:")
    assert "'甲乙' occurs 3 times" in message and "s1-p1, s1-p1, s1-p2" in message
    assert "prefix" in message and "occurrence" in message


def test_overlapping_occurrences_count_as_repeats(tmp_path: Path) -> None:
    article = make_article("谢谢你们们们。")
    with pytest.raises(EditorError, match="'们们' occurs 2 times"):
        feature_for(tmp_path, article, "- quote: 们们\n  kind: 勘误\n  certainty: 把握很大\n  note: 说明。\n")
    feature = feature_for(tmp_path, article,
                          "- quote: 们们\n  occurrence: 2\n  kind: 勘误\n  certainty: 把握很大\n  note: 说明。\n")
    assert anchors_of(feature, article) == [("s1-p1", 4, 6)]


@pytest.mark.parametrize("yaml_text, fragment", [
    ("- quote: 甲乙\n  occurrence: 4\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n", "occurs only 3 time(s)"),
    ("- quote: 甲乙\n  prefix: 丁\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n", "never with prefix '丁'"),
])
def test_disambiguation_that_matches_nothing_is_an_error(
        tmp_path: Path, yaml_text: str, fragment: str) -> None:
    with pytest.raises(EditorError, match=re.escape(fragment)):
        feature_for(tmp_path, make_article("甲乙甲乙。", "甲乙丁。"), yaml_text)


def test_missing_quote_error_names_file_line_and_quotation(tmp_path: Path) -> None:
    yaml_text = ("- quote: 甲乙\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n"
                 "- quote: 不存在的话\n  kind: 存疑\n  certainty: 把握很大\n  note: 说明。\n")
    data = write_notes(tmp_path, yaml_text)
    with pytest.raises(EditorError) as error:
        build([make_article("甲乙丙丁。")], data)
    assert error.value.path == str(data / "notes" / "demo.yml")
    assert error.value.line == 5
    assert "'不存在的话'" in error.value.problem
    assert "copy it exactly as printed" in error.value.fix


def test_quote_typed_with_full_width_punctuation_gets_a_hint(tmp_path: Path) -> None:
    yaml_text = "- quote: 甲乙，丙丁\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n"
    with pytest.raises(EditorError, match="punctuation or character width differs"):
        feature_for(tmp_path, make_article("甲乙,丙丁。"), yaml_text)


def test_quote_across_two_blocks_is_an_error_with_a_fix(tmp_path: Path) -> None:
    yaml_text = "- quote: 丙丁。戊己\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n"
    with pytest.raises(EditorError) as error:
        feature_for(tmp_path, make_article("甲乙丙丁。", "戊己庚辛。"), yaml_text)
    assert "runs across two blocks (s1-p1 and s1-p2)" in error.value.problem
    assert "split it into two notes" in error.value.fix


def test_quote_may_span_a_joined_page_break(tmp_path: Path) -> None:
    # Source lines 20 and 22 were joined: "让分级诊疗真正" + "落地落实。"
    article = make_article("让分级诊疗真正落地落实。", joined={0: (20, 22)})
    feature = feature_for(tmp_path, article,
                          "- quote: 真正落地\n  kind: 背景\n  certainty: 把握很大\n  note: 原刊此处换行。\n")
    block = article.sections[0].blocks[0]
    html = render_block(feature, article, block)
    assert anchors_of(feature, article) == [("s1-p1", 5, 9)]
    assert span_text(html, "n1") == "真正落地"
    assert strip_editorial(html) == block.text


def test_quote_is_searched_in_captions_but_not_ornaments(tmp_path: Path) -> None:
    article = make_article("甲乙。", "图片说明丙。", captions=(1,))
    article.sections[0].blocks.append(Block("ornament", "“", 30, "", (30,)))
    feature = feature_for(tmp_path, article, "- quote: 说明丙\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n")
    assert anchors_of(feature, article) == [("s1-f1", 2, 5)]
    with pytest.raises(EditorError, match="not in the article's paragraphs"):
        feature_for(tmp_path, article, "- quote: “\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n")


# -----------------------------------------------------------------------------
# Schema
# -----------------------------------------------------------------------------

@pytest.mark.parametrize("yaml_text, line, fragment", [
    ("- quote: 甲乙\n  kind: 错误\n  certainty: 把握很大\n  note: 说明。\n", 2, "unknown note kind '错误'"),
    ("- quote: 甲乙\n  kind: 背景\n  certainty: 把握很大\n", 1, "lacks the required key 'note'"),
    ("- kind: 背景\n  certainty: 把握很大\n  note: 说明。\n", 1, "lacks the required key 'quote'"),
    ("- quote: 甲乙\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n  occurrence: '2'\n", 5, "'occurrence' must be"),
    ("- quote: 甲乙\n  kind: 背景\n  certainty: 把握很大\n  note: [说明]\n", 4, "'note' must be text"),
    ("- quote: 甲乙\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n  comment: 多余\n", 5, "unknown key 'comment'"),
    ("- quote: 甲乙\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n  occurrence: 0\n", 5, "must be 1 or more"),
    ("- quote: 甲乙\n  kind: 存疑\n  certainty: 把握很大\n  note: 说明。\n  reading: 甲丙\n", 5, "only for notes of kind 勘误"),
    ("- quote: 甲乙\n  kind: 勘误\n  certainty: 把握很大\n  note: 说明。\n  reading: 甲乙\n", 5, "the same as the quote"),
    ("- quote: 甲乙\n  kind: 勘误\n  certainty: 把握很大\n  note: 说明。\n  reading: 丙甲乙\n", 5, "adds text before"),
    ("- scope: article\n  quote: 甲乙\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n", 2, "cannot have 'quote'"),
    ("- scope: 全文\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n", 1, "unknown scope"),
    ("- quote: 甲乙\n  kind: 背景\n  certainty: 把握很大\n  note: '  '\n", 4, "'note' is empty"),
    ("quote: 甲乙\nkind: 背景\n", 1, "must be a YAML list"),
    ("- 甲乙\n", 1, "must be a mapping"),
    ("- quote: 甲乙\n  kind: 背景\n  note: 说明。\n", 1, "lacks the required key 'certainty'"),
    ("- quote: 甲乙\n  kind: 背景\n  certainty: 很有把握\n  note: 说明。\n", 3,
     "unknown certainty '很有把握'"),
    ("- scope: article\n  kind: 背景\n  note: 说明。\n", 1, "lacks the required key 'certainty'"),
])
def test_schema_errors_name_file_and_line(tmp_path: Path, yaml_text: str, line: int,
                                          fragment: str) -> None:
    path = write_notes(tmp_path, yaml_text) / "notes" / "demo.yml"
    with pytest.raises(EditorError) as error:
        load_notes(path)
    assert error.value.path == str(path)
    assert error.value.line == line
    assert fragment in error.value.problem


@pytest.mark.parametrize("yaml_text, message", [
    ("- quote: 甲乙\n  kind: 背景\n  note: 说明。\n",
     ":1: a note lacks the required key 'certainty'. "
     "Fix: add 'certainty: …' (one of 把握很大, 把握较大, 存疑, 不能确定)"),
    ("- quote: 甲乙\n  kind: 背景\n  certainty: 较大\n  note: 说明。\n",
     ":3: unknown certainty '较大'. Fix: use one of: 把握很大, 把握较大, 存疑, 不能确定"),
])
def test_certainty_errors_are_one_line_with_the_fix(tmp_path: Path, yaml_text: str,
                                                    message: str) -> None:
    path = write_notes(tmp_path, yaml_text) / "notes" / "demo.yml"
    with pytest.raises(EditorError) as error:
        load_notes(path)
    assert str(error.value) == f"{path}{message}"


def test_empty_notes_file_has_no_notes(tmp_path: Path) -> None:
    article = make_article("甲乙。")
    feature = feature_for(tmp_path, article, "# 暂无注释\n")
    assert feature.notes(article) == [] and feature.article_bottom(article) == ""


def test_notes_file_matching_no_seed_is_an_error(tmp_path: Path) -> None:
    data = write_notes(tmp_path, "[]\n", stem="gone")
    with pytest.raises(EditorError, match="matches no seed") as error:
        build([make_article("甲乙。")], data)
    assert error.value.path.endswith("gone.yml")


@pytest.mark.parametrize("folded, expected", [
    ("甲乙,\n  丙丁。", "甲乙,丙丁。"),
    ("英文作\n  To cure sometimes", "英文作 To cure sometimes"),
    ("说明。\n  2023年", "说明。2023年"),
    ("依据:\n  (1)甲", "依据:(1)甲"),
])
def test_note_text_lines_are_joined_without_spurious_spaces(
        tmp_path: Path, folded: str, expected: str) -> None:
    lines = "\n    ".join(folded.split("\n  "))
    data = write_notes(tmp_path, f"- quote: 甲\n  kind: 背景\n  certainty: 把握很大\n  note: >-\n    {lines}\n")
    assert load_notes(data / "notes" / "demo.yml")[0].note == expected


# -----------------------------------------------------------------------------
# Rendering
# -----------------------------------------------------------------------------

def test_note_renders_highlight_and_marker(tmp_path: Path) -> None:
    article = make_article("甲乙丙丁。")
    feature = feature_for(tmp_path, article, '- quote: 乙丙\n  kind: 背景\n  certainty: 把握很大\n  note: 说明"<甲>"。\n')
    soup = BeautifulSoup(render_block(feature, article, article.sections[0].blocks[0]), "html.parser")
    assert soup.get_text() == "甲乙丙〔1〕丁。"
    mark = soup.select_one("mark.rp-note-span.rp-note-context")
    assert mark.get_text() == "乙丙" and mark["data-note"] == "n1"
    assert mark.find_next_sibling() is soup.select_one("sup.rp-ed.rp-note-ref.rp-note-context"), "the marker follows the span"
    marker = soup.select_one("sup > a")
    assert {k: marker[k] for k in ("id", "href", "aria-label", "aria-describedby", "data-tip", "data-kind")} == {
        "id": "ref-n1", "href": "#n1", "aria-label": "注1(背景,把握很大)", "aria-describedby": "n1",
        "data-tip": '说明"<甲>"。（把握很大）', "data-kind": "context"}


@pytest.mark.parametrize("text, quote, reading, deleted, inserted", [
    ("关系国家民族的未。", "民族的未", "民族的未来", [], ["〔来〕"]),
    ("谢谢你们们的关心。", "谢谢你们们", "谢谢你们", ["们"], []),
    ("把专家认证确定为。", "专家认证", "专家论证", ["认"], ["〔论〕"]),
    ("贯彻新时党的方针。", "新时党的方针", "新时代党的方针", [], ["〔代〕"]),
])
def test_correction_shows_reading_beside_the_printed_text(
        tmp_path: Path, text: str, quote: str, reading: str, deleted: list[str],
        inserted: list[str]) -> None:
    article = make_article(text)
    yaml_text = f"- quote: {quote}\n  kind: 勘误\n  certainty: 把握很大\n  reading: {reading}\n  note: 说明。\n"
    feature = feature_for(tmp_path, article, yaml_text)
    html = render_block(feature, article, article.sections[0].blocks[0])
    soup = BeautifulSoup(html, "html.parser")
    assert [s.get_text() for s in soup.select("span.rp-del")] == deleted
    assert [i.get_text() for i in soup.select("ins.rp-ed.rp-reading")] == inserted
    assert strip_editorial(html) == text          # printed characters all stay
    assert f"拟读“{reading}”" in soup.select_one("a")["data-tip"]


def test_insertion_sits_where_the_reading_adds_it(tmp_path: Path) -> None:
    article = make_article("贯彻新时党的方针。")
    feature = feature_for(tmp_path, article,
                          "- quote: 新时党的方针\n  kind: 勘误\n  certainty: 把握很大\n  reading: 新时代党的方针\n  note: 说明。\n")
    html = render_block(feature, article, article.sections[0].blocks[0])
    plain = BeautifulSoup(html, "html.parser").get_text()
    assert plain == "贯彻新时〔代〕党的方针〔1〕。"


def test_overlapping_notes_render_both_spans_and_markers(tmp_path: Path) -> None:
    article = make_article("甲乙丙丁戊己。")
    yaml_text = ("- quote: 丙丁戊\n  kind: 存疑\n  certainty: 把握很大\n  note: 第二条。\n"
                 "- quote: 乙丙丁\n  kind: 背景\n  certainty: 把握很大\n  note: 第一条。\n")
    feature = feature_for(tmp_path, article, yaml_text)
    block = article.sections[0].blocks[0]
    html = render_block(feature, article, block)
    assert span_text(html, "n1") == "乙丙丁"       # numbered in reading order, not file order
    assert span_text(html, "n2") == "丙丁戊"
    assert BeautifulSoup(html, "html.parser").get_text() == "甲乙丙丁〔1〕戊〔2〕己。"
    assert strip_editorial(html) == block.text


def test_note_spanning_an_atomic_glossary_mark_keeps_the_term_whole(tmp_path: Path) -> None:
    article = make_article("开展MDT多学科会诊。")
    feature = feature_for(tmp_path, article, "- quote: 开展MDT多学科\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n")
    block = article.sections[0].blocks[0]
    term = Mark(2, 5, '<a class="rp-term" href="@/glossary.md#mdt">', "</a>", atomic=True)
    html = render_block(feature, article, block, [term])
    soup = BeautifulSoup(html, "html.parser")
    assert [a.get_text() for a in soup.select("a.rp-term")] == ["MDT"]
    assert span_text(html, "n1") == "开展MDT多学科"
    assert soup.get_text() == "开展MDT多学科〔1〕会诊。"
    assert strip_editorial(html) == block.text


def test_note_ending_with_an_atomic_mark_puts_its_marker_outside_the_term(tmp_path: Path) -> None:
    article = make_article("开展MDT多学科会诊。")
    feature = feature_for(tmp_path, article, "- quote: 开展MDT\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n")
    term = Mark(2, 5, '<a class="rp-term" href="@/glossary.md#mdt">', "</a>", atomic=True)
    html = render_block(feature, article, article.sections[0].blocks[0], [term])
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select("a a") == []
    assert [a.get_text() for a in soup.select("a.rp-term")] == ["MDT"]


def test_notes_are_numbered_in_reading_order_and_article_notes_come_last(tmp_path: Path) -> None:
    article = make_article("甲乙。", "丙丁。")
    yaml_text = ("- scope: article\n  kind: 考证\n  certainty: 把握很大\n  note: 全文的注。\n"
                 "- quote: 丙\n  kind: 背景\n  certainty: 把握很大\n  note: 第二段。\n"
                 "- quote: 甲\n  kind: 背景\n  certainty: 把握很大\n  note: 第一段。\n")
    feature = feature_for(tmp_path, article, yaml_text)
    assert [(n.number, n.spec.note) for n in feature.notes(article)] == [
        (1, "第一段。"), (2, "第二段。"), (3, "全文的注。")]
    second = article.sections[0].blocks[1]
    assert 'id="ref-n2"' in render_block(feature, article, second)


def test_article_bottom_lists_notes_with_back_links(tmp_path: Path) -> None:
    article = make_article("国家民族的未。")
    yaml_text = ("- quote: 民族的未\n  kind: 勘误\n  certainty: 把握很大\n  reading: 民族的未来\n  note: 脱字。\n"
                 "- scope: article\n  kind: 考证\n  certainty: 存疑\n  note: 年代推断。\n")
    soup = BeautifulSoup(to_html(feature_for(tmp_path, article, yaml_text).article_bottom(article)),
                         "html.parser")
    section = soup.select_one("section.rp-ed.rp-notes")
    assert section.select_one("h2#notes").get_text().removesuffix("#") == "编者注"   # '#': the permalink
    items = section.select("ol > li")
    assert [li["id"] for li in items] == ["n1", "n2"]
    assert items[0].select_one(".rp-note-kind").get_text() == "勘误"
    assert items[0].select_one(".rp-note-quote").get_text() == "民族的未"
    assert items[0].select_one(".rp-note-reading").get_text() == "拟读民族的未来"
    assert items[0].select_one(".rp-note-text").get_text() == "脱字。"
    assert items[0].select_one("a.rp-note-back")["href"] == "#ref-n1"
    assert [li.select_one(".rp-note-certainty").get_text() for li in items] == ["把握很大", "存疑"]
    assert "rp-certainty-doubtful" in items[1].select_one(".rp-note-certainty")["class"]
    assert items[1].select_one(".rp-note-scope").get_text() == "全文"
    assert items[1].select_one("a.rp-note-back") is None


def test_blocks_without_notes_get_no_marks(tmp_path: Path) -> None:
    article = make_article("甲乙。", "丙丁。")
    feature = feature_for(tmp_path, article, "- quote: 甲\n  kind: 背景\n  certainty: 把握很大\n  note: 说明。\n")
    assert feature.marks(article, article.sections[0].blocks[1]) == []
    assert feature.marks(make_article("甲乙。", stem="other"), article.sections[0].blocks[0]) == []


# -----------------------------------------------------------------------------
# The shipped notes on the real seeds
# -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped() -> tuple[list[Article], NotesFeature]:
    articles = real_articles()
    return articles, build(articles, DATA)


def test_every_seed_has_a_notes_file_and_every_note_anchors(shipped) -> None:
    articles, feature = shipped
    assert len(articles) == 2
    for article in articles:
        notes = feature.notes(article)
        specs = load_notes(notes_feature.notes_path(DATA, article))
        assert len(notes) == len(specs) > 0
        blocks = {b.id: b for _, b in article.blocks()}
        for note in notes:
            if note.anchor:
                block = blocks[note.anchor.block_id]
                assert block.text[note.anchor.start:note.anchor.end] == note.spec.quote


@pytest.mark.parametrize("stem_prefix, quote, kind, reading", [
    ("000", "国家民族的未", "勘误", "国家民族的未来"),
    ("000", "新时党的卫生健康工作方针", "勘误", "新时代党的卫生健康工作方针"),
    ("000", "谢谢你们们", "勘误", "谢谢你们"),
    ("000", "粒子植入植入技术", "勘误", "粒子植入技术"),
    ("000", "唐成荣获", "存疑", None),
    ("003", "分级诊疗真正落地落实", "背景", None),
    ("003", "第27届全国防治宣传周", "勘误", "第27届全国肿瘤防治宣传周"),
    ("003", "陈晖可与同事们", "存疑", None),
    ("003", "邹祖信", "考证", None),
    ("003", None, "考证", None),
])
def test_required_notes_are_shipped(shipped, stem_prefix: str, quote: str | None, kind: str,
                                    reading: str | None) -> None:
    articles, feature = shipped
    article = next(a for a in articles if a.source.stem.startswith(stem_prefix))
    matches = [n for n in feature.notes(article) if n.spec.quote == quote]
    assert [(n.spec.kind, n.spec.reading) for n in matches] == [(kind, reading)]


def test_certainty_words_in_a_note_agree_with_its_field(shipped) -> None:
    articles, feature = shipped
    for article in articles:
        for note in feature.notes(article):
            said = {word for word in notes_feature.CERTAINTIES if word.startswith("把握")
                    and word in note.spec.note}
            assert said <= {note.spec.certainty}, (note.spec.quote, said, note.spec.certainty)


def test_notes_on_unconfirmed_identities_claim_no_more_than_the_directory(shipped) -> None:
    from republish.directory import load_directory
    flagged = {e.name for e in load_directory(DATA / "people.yml").entries if e.possibly_same_as}
    articles, feature = shipped
    checked = 0
    for article in articles:
        for note in feature.notes(article):
            if note.spec.quote and any(name in note.spec.quote for name in flagged):
                checked += 1
                assert note.spec.certainty in ("存疑", "不能确定"), note.spec.quote
    assert checked >= 2


def test_the_note_on_the_display_describes_the_display(shipped) -> None:
    articles, feature = shipped
    article = next(a for a in articles if a.source.stem.startswith("000"))
    text = feature.notes(article)[-1].spec.note
    assert "删除线" in text and "“〔〕”中" in text and "附在原文之后" not in text
    note = next(n for n in feature.notes(article) if n.spec.quote == "粒子植入植入技术")
    block = next(b for _, b in article.blocks() if b.id == note.anchor.block_id)
    html = inline_html(render_inline(block.text, feature.marks(article, block)))
    assert '<span class="rp-del" data-note="' + note.note_id + '">植入</span>' in html


@pytest.mark.parametrize("stem_prefix, quote, certainty, says", [
    ("003", "邹祖信", "不能确定", "任职先后"),
    ("003", "陈晖可与同事们", "不能确定", "分列两条"),
    ("003", "内渗透到基层一线", "存疑", "各个环节内,渗透到基层一线"),
    ("000", "专家认证", "把握很大", "重大行政决策程序暂行条例"),
    ("003", "湖南省抗击新冠肺炎疫情先进个人", "把握较大", "2020年11月30日"),
])
def test_shipped_notes_state_their_certainty(shipped, stem_prefix: str, quote: str,
                                             certainty: str, says: str) -> None:
    articles, feature = shipped
    article = next(a for a in articles if a.source.stem.startswith(stem_prefix))
    note = next(n for n in feature.notes(article) if n.spec.quote == quote)
    assert (note.spec.certainty, says in note.spec.note) == (certainty, True), note.spec.note


def test_page_break_note_spans_the_join(shipped) -> None:
    articles, feature = shipped
    article = next(a for a in articles if a.source.stem.startswith("003"))
    note = next(n for n in feature.notes(article) if n.spec.quote == "分级诊疗真正落地落实")
    block = next(b for _, b in article.blocks() if b.id == note.anchor.block_id)
    assert len(block.joined_lines) == 2


def test_undated_article_has_a_dating_note_at_the_end(shipped) -> None:
    articles, feature = shipped
    article = next(a for a in articles if a.source.stem.startswith("003"))
    last = feature.notes(article)[-1]
    assert last.anchor is None and "2021" in last.spec.note and "推断" in last.spec.note
    assert "不早于2021年5月6日" in last.spec.note, "the bounds from the latest dated event"
    assert "默证" in last.spec.note and "不作依据" in last.spec.note, "silence is no evidence"


def test_shipped_notes_are_careful_and_simplified(shipped) -> None:
    articles, feature = shipped
    for article in articles:
        for note in feature.notes(article):
            assert re.search(r"[\u4e00-\u9fff]", note.spec.note), note.spec.note
            assert "  " not in note.spec.note


def test_rendered_blocks_keep_the_printed_text_exactly(shipped) -> None:
    articles, feature = shipped
    rendered = 0
    for article in articles:
        for _, block in article.blocks():
            marks = feature.marks(article, block)
            html = inline_html(render_inline(block.text, marks))
            assert strip_editorial(html) == block.text, block.id
            rendered += bool(marks)
    assert rendered >= 20


def test_ids_and_classes_are_ascii(shipped) -> None:
    articles, feature = shipped
    for article in articles:
        html = to_html(feature.article_bottom(article) + "".join(
            render_inline(b.text, feature.marks(article, b)) + "\n\n" for _, b in article.blocks()))
        soup = BeautifulSoup(html, "html.parser")
        for element in soup.find_all(True):
            for attribute in ("id", "href", "class", "data-note", "data-kind"):
                value = element.get(attribute)
                values = value if isinstance(value, list) else [value] if value else []
                assert all(v.isascii() for v in values), (attribute, values)
        refs = [a["id"] for a in soup.select("sup.rp-note-ref a")]
        assert refs == [f"ref-n{i}" for i in range(1, len(refs) + 1)]
