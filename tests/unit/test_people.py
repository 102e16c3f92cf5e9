"""People & institutions, timeline and figures: roles, name matching, data errors, seed pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pagekit import render
from sitekit import SHIPPED

from republish.directory import Entry, NameFinder, RoleRules, credit_role, load_directory, role_before, tidy
from republish.errors import EditorError
from republish.events import Vocabulary, find_figures, sentence_span
from republish.features import figures, timeline
from republish.features.people import PeopleFeature, build
from republish.model import Article
from republish.parse import parse_article

ROOT = Path(__file__).resolve().parents[2]
SEEDS = list(SHIPPED)
DATA = ROOT / "data"

RULES = RoleRules(words=("党委副书记", "党委书记", "院长", "主任医生", "医生", "组长", "英雄", "市民"),
                  strip_prefixes=("该院",), break_chars="的是在", max_chars=14, author="作者",
                  credit_labels={"文": "撰文", "供图": "供图", "设计": "设计"})


def parse_seeds(undated_year: str | None = None) -> list[Article]:
    """The seeds as parse_article gives them; optionally date the undated one (inferred)."""
    articles = []
    for path in SEEDS:
        article = parse_article(path, path.read_text(encoding="utf-8"))
        if article.date is None and undated_year:
            article.date, article.date_inferred = undated_year, True
        articles.append(article)
    return articles


def role_of(text: str, name: str, detach: tuple[str, ...] = ()) -> str | None:
    """The role written before the first occurrence of name."""
    return role_before(text, text.index(name), RULES, detach)


# ---------------------------------------------------------------- roles

@pytest.mark.parametrize("text, name, role", [
    ("院党委书记邹祖倡参与临床科室晨交班", "邹祖倡", "院党委书记"),
    ("院党委书记邹祖倡、院长李文灿带队", "邹祖倡", "院党委书记"),
    ("院党委书记邹祖倡、院长李文灿带队", "李文灿", "院长"),
    ("株洲市二医院党委书记刘建军,党委副书记、院长邹祖信带领", "邹祖信", "党委副书记、院长"),
    ("消化内科主任医生姜飞军完全忘了", "姜飞军", "消化内科主任医生"),
    ("实际情况,援鄂医生陈晖可与同事们", "陈晖可", "援鄂医生"),
    ("基层强起来。”该院党委书记刘建军如是说", "刘建军", "党委书记"),
    ("风景线。“新冠肺炎”诊治组组长王美英荣获", "王美英", "“新冠肺炎”诊治组组长"),
    ("站不起来了!”市民黄爷爷不慎", "黄爷爷", "市民"),
    ("李平、陈晖、张乃文", "陈晖", None),
    ("“打铁先要自身硬。”刘建军说", "刘建军", None),
    ("家住响石花园的付哆哆连连点赞", "付哆哆", None),
])
def test_role_before(text: str, name: str, role: str | None) -> None:
    assert role_of(text, name) == role


def test_role_drops_a_leading_institution_name() -> None:
    text = "株洲市二医院党委书记刘建军,党委副书记"
    assert role_of(text, "刘建军") == "株洲市二医院党委书记"
    assert role_of(text, "刘建军", detach=("株洲市二医院",)) == "党委书记"


def test_role_is_at_most_max_chars_long() -> None:
    text = "一二三四五六七八九十一二三四五六七医生甲乙"
    assert role_of(text, "甲乙") == text[text.index("甲乙") - 14:text.index("甲乙")]


@pytest.mark.parametrize("text, name, role", [
    ("文/刘琼 李建辉 供图/株洲市二医院", "李建辉", "撰文"),
    ("文/刘琼 李建辉 供图/株洲市二医院", "株洲市二医院", "供图"),
    ("设计/王玺", "王玺", "设计"),
    ("王磊 陈恺祺", "陈恺祺", None),
])
def test_credit_role(text: str, name: str, role: str | None) -> None:
    assert credit_role(text, text.index(name), RULES) == role


# ---------------------------------------------------------------- names

def test_names_match_variants_longest_first() -> None:
    hospital = Entry("株洲市二医院", "institution", variants=("市二医院", "二医院"))
    city = Entry("株洲", "place", variants=("株洲市",))
    province = Entry("湖南省肿瘤医院", "institution", variants=("省肿瘤医院",))
    finder = NameFinder([hospital, city, province])
    text = "株洲市二医院与省肿瘤医院合作,市二医院、二医院在株洲市"
    found = [(text[s:e], entry.name) for s, e, entry in finder.find(text)]
    assert found == [("株洲市二医院", "株洲市二医院"), ("省肿瘤医院", "湖南省肿瘤医院"),
                     ("市二医院", "株洲市二医院"), ("二医院", "株洲市二医院"), ("株洲市", "株洲")]


def test_tidy_removes_fold_spaces_between_chinese_only() -> None:
    assert tidy("两名只差末字，\n  一为院长 (PCCM) MDT 讨论") == "两名只差末字，一为院长(PCCM) MDT讨论"


# ---------------------------------------------------------------- data errors

GOOD_TOP = """roles:
  words: [书记]
  max_chars: 10
  author: 作者
groups: [甲组]
auto_group: 甲组
entries:
"""


@pytest.mark.parametrize("entries, line, words", [
    ("  - name: 张三\n    kind: persn\n    group: 甲组\n", 9, "unknown kind"),
    ("  - name: 张三\n    kind: person\n    group: 乙组\n", 10, "not listed"),
    ("  - name: 张三\n    kind: person\n    group: 甲组\n    possibly_same_as: 李四\n"
     "    evidence: 同名\n", 8, "not another entry"),
    ("  - name: 张三\n    kind: person\n    group: 甲组\n    possibly_same_as: 张三\n", 8,
     "both 'possibly_same_as' and 'evidence'"),
    ("  - name: 张三\n    kind: person\n    group: 甲组\n  - name: 李四\n    kind: person\n"
     "    group: 甲组\n    variants: [张三]\n    variants_basis: 简称\n", 11, "listed for both"),
    ("  - name: 张三\n    kind: place\n    group: 甲组\n", 10, "has a group"),
    ("  - name: 张三\n    kind: person\n    group: 甲组\n    role: 书记\n", 11, "unknown key 'role'"),
    ("  - name: 张三\n    kind: person\n    group: 甲组\n    variants: [张叁]\n", 11,
     "lists other spellings (张叁) without saying they are one name"),
    ("  - name: 甲院\n    kind: institution\n    variants: [甲医院]\n    variants_basis: ' '\n", 10,
     "without saying they are one name"),
    ("  - name: 甲院\n    kind: institution\n    variants_basis: 简称\n", 10,
     "has 'variants_basis' but lists no variants"),
])
def test_directory_errors_name_file_and_line(tmp_path: Path, entries: str, line: int, words: str) -> None:
    path = tmp_path / "people.yml"
    path.write_text(GOOD_TOP + entries, encoding="utf-8")
    with pytest.raises(EditorError) as caught:
        load_directory(path)
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert words in caught.value.problem


def test_variants_without_basis_is_one_line_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "people.yml"
    path.write_text(GOOD_TOP + "  - name: 甲院\n    kind: institution\n    variants: [甲医院, 甲院区]\n",
                    encoding="utf-8")
    with pytest.raises(EditorError) as caught:
        load_directory(path)
    assert str(caught.value) == (
        f"{path}:10: '甲院' lists other spellings (甲医院、甲院区) without saying they are one name. "
        "Fix: add 'variants_basis: …' (why they are variants of one name, e.g. 简称), or, if they "
        "may be two, make each its own entry flagged with 'possibly_same_as'")


@pytest.mark.parametrize("entries", [
    "  - name: 株洲\n    kind: place\n    variants: [株洲市]\n",
    "  - name: 株洲\n    kind: place\n    variants: [株洲市]\n    variants_basis: 市名\n",
    "  - name: 甲院\n    kind: institution\n    variants: [甲医院]\n    variants_basis: 简称\n",
])
def test_places_and_explained_variants_load(tmp_path: Path, entries: str) -> None:
    path = tmp_path / "people.yml"
    path.write_text(GOOD_TOP + entries, encoding="utf-8")
    assert len(load_directory(path).entries[0].variants) == 1


def test_missing_directory_is_an_editor_error(tmp_path: Path) -> None:
    with pytest.raises(EditorError):
        build(parse_seeds(), tmp_path)


def test_real_directory_loads() -> None:
    directory = load_directory(DATA / "people.yml")
    assert {e.kind for e in directory.entries} == {"person", "institution", "place"}


# ---------------------------------------------------------------- figures

VOCABULARY = Vocabulary(festivals=("春节",), measure_words=("人次", "个", "名", "人", "场", "届", "项", "家", "元"),
                        ignore_phrases=("千家万户",), quoted_name_max=12)


@pytest.mark.parametrize("text, figures", [
    ("全院调整组建党支部34个,做到合理归类", ["34个"]),
    ("去年,在院内累计举办培训班163场,共选派76名医护人员", ["163场", "76名"]),
    ("株洲市二医院肿瘤住院患者增长137%。", ["137%"]),
    ("2022年共招聘引进病理专业高层次人才1人、硕士研究生10人", ["1人", "10人"]),
    ("共外送进修38人次", ["38人次"]),
    ("开展MDT讨论40余次", []),                    # 次 is not in this test's word list
    ("今年4月13日,第27届全国肿瘤防治宣传周", []),  # dates and ordinals
    ("健康连着千家万户的幸福", []),               # an idiom
    ("开展“百件实事”活动", []),                   # a short quoted name
    ("今年医院有一项科研项目", []),               # bare 一 is an article, not a count
    ("该院数十名党员专家", ["数十名"]),
])
def test_find_figures(text: str, figures: list[str]) -> None:
    assert [text[s:e] for s, e in find_figures(text, VOCABULARY)] == figures


def test_sentence_span_skips_a_closing_quote() -> None:
    text = "是我党的‘传家宝’。”院党委书记邹祖倡介绍,今年5月,市二医院迅速行动。后文"
    left, right = sentence_span(text, text.index("今年"), text.index("今年") + 2)
    assert text[left:right] == "院党委书记邹祖倡介绍,今年5月,市二医院迅速行动。"


# ---------------------------------------------------------------- the seeds

@pytest.fixture(scope="module")
def seed_feature() -> PeopleFeature:
    """The feature built from the seeds, the undated one given 2021 (inferred) as its sidecar does."""
    return build(parse_seeds("2021"), DATA)


@pytest.fixture(scope="module")
def seed_pages(seed_feature: PeopleFeature) -> dict[str, str]:
    """{doc path: Markdown} of the people, timeline and figures pages."""
    features = [seed_feature] + [module.build(seed_feature.articles, DATA) for module in (timeline, figures)]
    return {page.path: page.markdown for feature in features for page in feature.pages()}


def roles_by_article(feature: PeopleFeature, name: str) -> dict[str, set[str]]:
    """{slug: roles} of one entry."""
    result: dict[str, set[str]] = {}
    for occurrence in feature.occurrences:
        if occurrence.name == name and occurrence.role:
            slug = feature.articles[occurrence.article].slug
            result.setdefault(slug, set()).add(occurrence.role)
    return result


@pytest.mark.parametrize("name, roles", [
    ("邹祖倡", {"000_69f4fe6adc6ee305": {"院党委书记"}}),
    ("李文灿", {"000_69f4fe6adc6ee305": {"院长"}}),
    ("刘建军", {"003_c9bdceadfff6f410": {"党委书记"}}),
    ("邹祖信", {"003_c9bdceadfff6f410": {"党委副书记、院长"}}),
    ("姜飞军", {"000_69f4fe6adc6ee305": {"援鄂英雄"}, "003_c9bdceadfff6f410": {"消化内科主任医生"}}),
    ("陈晖可", {"003_c9bdceadfff6f410": {"援鄂医生"}}),
    ("陈晖", {}),
    ("李卉", {"000_69f4fe6adc6ee305": {"责任编辑"}}),
    ("王玺", {"000_69f4fe6adc6ee305": {"美术编辑", "设计"}}),
    ("王磊", {"000_69f4fe6adc6ee305": {"作者"}}),
    ("刘琼", {"003_c9bdceadfff6f410": {"撰文"}}),
])
def test_seed_roles(seed_feature: PeopleFeature, name: str, roles: dict[str, set[str]]) -> None:
    assert roles_by_article(seed_feature, name) == roles


def same_as_flags(soup, anchor: str) -> list[tuple[str, str]]:
    """(href, name) of the 'possibly the same as' links under one entry's heading."""
    flags = []
    for sibling in soup.find(id=anchor).find_next_siblings():
        if sibling.name and sibling.name.startswith("h"):
            break
        if "rp-same-as" in (sibling.get("class") or []):
            link = sibling.find("a")
            assert link is not None and "为同一人" in sibling.get_text(), sibling
            flags.append((link["href"], link.get_text()))
    return flags


def test_possible_variant_is_flagged_on_both_and_not_merged(seed_pages: dict[str, str]) -> None:
    soup = render(seed_pages["people.md"])
    assert same_as_flags(soup, "person-zou-zu-chang") == [("#person-zou-zu-xin", "邹祖信")]
    assert same_as_flags(soup, "person-zou-zu-xin") == [("#person-zou-zu-chang", "邹祖倡")]


def test_uncertain_name_is_kept_apart_and_flagged(seed_feature: PeopleFeature,
                                                 seed_pages: dict[str, str]) -> None:
    soup = render(seed_pages["people.md"])
    assert same_as_flags(soup, "person-chen-hui-ke") == [("#person-chen-hui", "陈晖")]
    assert same_as_flags(soup, "person-chen-hui") == [("#person-chen-hui-ke", "陈晖可")]
    articles = {seed_feature.articles[o.article].source.stem[:3]
                for o in seed_feature.occurrences if o.name == "陈晖"}
    assert articles == {"000"}, "陈晖可 (003) must not be filed under 陈晖"


def test_an_editors_publication_note_is_not_read_as_a_masthead() -> None:
    articles = parse_seeds("2021")
    undated = next(a for a in articles if a.source.stem.startswith("003"))
    undated.publication = "原刊未注明(栏目“株洲处处党旗红”)"   # as its sidecar says
    feature = build(articles, DATA)
    mastheads = [(feature.articles[o.article].source.stem[:3], o.name)
                 for o in feature.occurrences if o.where == "刊名"]
    assert mastheads == [("000", "株洲日报")]


def test_every_link_points_to_an_existing_target(seed_feature: PeopleFeature,
                                                 seed_pages: dict[str, str]) -> None:
    block_ids = {a.slug: {b.id for _, b in a.blocks() if b.id} for a in seed_feature.articles}
    checked = 0
    for path, markdown in seed_pages.items():
        soup = render(markdown)
        own_ids = {t["id"] for t in soup.select("[id]")}
        for a in soup.select("a[href]"):
            href = a["href"]
            assert href.isascii() and not href.startswith("@"), href
            page, _, fragment = href.partition("#")
            if not page:
                assert fragment in own_ids, f"{path}: {href}"
            else:
                slug = page.removesuffix(".md")
                assert slug in block_ids and (not fragment or fragment in block_ids[slug]), f"{path}: {href}"
            checked += 1
    assert checked > 100, checked


def test_pages_are_markdown_without_raw_html_blocks(seed_pages: dict[str, str]) -> None:
    for path, markdown in seed_pages.items():
        raw = [line for line in markdown.splitlines() if re.match(r"<(?!span|strong|mark|code)", line)]
        assert not raw, f"{path}: {raw[:2]}"


def test_ids_are_ascii(seed_pages: dict[str, str]) -> None:
    for markdown in seed_pages.values():
        for anchor in re.findall(r"\{ #([^ ]+) ", markdown):
            assert re.fullmatch(r"[a-z0-9-]+", anchor), anchor


def test_timeline_is_chronological_with_unknown_last(seed_pages: dict[str, str]) -> None:
    page = seed_pages["timeline.md"]
    years = [int(y) for y in re.findall(r"^## (\d{4})年", page, re.M)]
    assert years == sorted(years) and years[0] == 2020
    cells = [td.get_text() for td in render(page).select("td")]
    assert "去年" in cells and "2020年（推断）" in cells


def test_undated_article_gives_unresolved_events() -> None:
    feature = timeline.build(parse_seeds(None), DATA)
    undated = {i for i, a in enumerate(feature.articles) if a.date is None}
    assert undated
    mine = [e for e in feature.events if e.article in undated]
    assert mine
    for event in mine:
        if event.expr.kind != "year":
            assert event.resolved.year is None and event.resolved.unresolved, event.expr.text
    assert "## 未能确定年份 { #unresolved }" in timeline.build(feature.articles, DATA).markdown()


def test_seed_figures(seed_feature: PeopleFeature) -> None:
    found = figures.build(seed_feature.articles, DATA).figures
    texts = {(f.text, f.clause) for f in found}
    numbers = {t for t, _ in texts}
    assert {"34个", "163场", "215名", "98人", "137%", "10人", "38人次"} <= numbers
    assert not any("27" in n for n in numbers)
    years = {f.text: f.resolved.year for f in found if f.resolved}
    assert years["10人"] == 2022 and years["163场"] == 2020


def test_seed_text_on_the_timeline_and_figures_pages_stays_text(tmp_path: Path) -> None:
    sentence = "2020年，医院*开展*<b>手术</b>[共100台](x.md)|`30名`医生 &amp; _全部_到岗。"
    seed = tmp_path / "a.txt"
    seed.write_text(f"标题一行\n\n张三 李四\n\n{sentence}\n", encoding="utf-8")
    articles = [parse_article(seed, seed.read_text(encoding="utf-8"))]
    for module in (timeline, figures):
        (page,) = module.build(articles, DATA).pages()
        soup = render(page.markdown)
        cells = [td for td in soup.select("td") if "医院" in td.get_text()]
        assert cells, f"{page.path}: the sentence is not listed"
        for cell in cells:
            assert cell.get_text() in sentence and len(cell.get_text()) > 20, f"{page.path}: {cell.get_text()!r}"
            assert not cell.select("b, em, code, a"), f"{page.path}: seed text became markup: {cell}"
