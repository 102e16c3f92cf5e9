"""Layouts an editor's next article may use: corpus of invented articles → expected reading."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reading import LAYOUT_FIELDS, layout_reading, seed_reading
from republish.features import people
from republish.parse import parse_article
from republish.inspect import inspect_seed
from republish.render import render_article
from republish.site import load_article
from republish.suggest import missing_names
from sitekit import ROOT, SHIPPED, seed_text
from test_corpus import page_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS_READING = yaml.safe_load((CORPUS / "seeds_reading.yml").read_text(encoding="utf-8"))


def test_shipped_seeds_read_as_before() -> None:
    for seed in SHIPPED:
        reading = seed_reading(load_article(seed))
        expected = SEEDS_READING[seed.name]
        for key in expected:
            assert reading[key] == expected[key], f"{seed.name}: {key} changed"


LAYOUTS = CORPUS / "layouts"
EXPECTED = yaml.safe_load((LAYOUTS / "expected.yml").read_text(encoding="utf-8"))


def misread_fields(name: str) -> list[str]:
    """The fields of a corpus article read otherwise than expected, each as 'field: got … expected …'."""
    reading = layout_reading(load_article(LAYOUTS / name))
    expected = {key: EXPECTED[name].get(key, EMPTY.get(key)) for key in LAYOUT_FIELDS}
    return [f"{key}: got {reading[key]!r}, expected {expected[key]!r}"
            for key in LAYOUT_FIELDS if reading[key] != expected[key]]


EMPTY = {"credits": {}, "editors": {}, "headings": [], "captions": [], "turns": [], "furniture": [],
         "end_matter": [], "warnings": 0}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layout_read_right(name: str) -> None:
    misread = misread_fields(name)
    assert not misread, f"{name}: " + "; ".join(misread)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layout_published_faithfully(name: str) -> None:
    seed = LAYOUTS / name
    assert page_text(render_article(load_article(seed), [])) == seed_text(seed.read_text(encoding="utf-8"))


def test_every_layout_article_has_an_expected_reading() -> None:
    assert {p.name for p in LAYOUTS.glob("*.txt")} == set(EXPECTED)
    assert len(EXPECTED) >= 14


CONSECUTIVE = "社区食堂开进老旧小区\n记者 陈晓燕\n2023年9月18日\n\n上周五中午，长者食堂正式开门迎客。\n"


def write_seed(tmp_path: Path, text: str, sidecar: str | None = None) -> Path:
    seed = tmp_path / "seed.txt"
    seed.write_text(text, encoding="utf-8")
    if sidecar is not None:
        seed.with_suffix(".yml").write_text(sidecar, encoding="utf-8")
    return seed


@pytest.mark.parametrize(("sidecar", "printed_title"), [
    ("title: 编者另拟的标题\n", ["社区食堂开进老旧小区"]),   # kept in the box as 原刊标题
    ("title: 社区食堂开进老旧小区\n", []),                  # the same line: nothing displaced
])
def test_sidecar_title_keeps_the_rest_of_the_reading(tmp_path: Path, sidecar: str, printed_title: list[str]) -> None:
    article = load_article(write_seed(tmp_path, CONSECUTIVE, sidecar))
    assert article.credits == {"记者": ["陈晓燕"]} and article.date == "2023-09-18"
    assert [b.text for _, b in article.blocks()] == ["上周五中午，长者食堂正式开门迎客。"]
    assert [m.text for m in article.furniture if m.role == "printed_title"] == printed_title
    assert not article.warnings


def test_sidecar_names_the_title_line_the_reader_missed(tmp_path: Path) -> None:
    text = "我们的医院，我们的家。\n记者 张三\n\n正文第一段。\n"   # a title ending in 。
    guessed = load_article(write_seed(tmp_path, text))
    assert guessed.title == "我们的医院，我们的家。" and len(guessed.warnings) == 1
    article = load_article(write_seed(tmp_path, text, "kinds:\n  1: title\n"))
    assert article.title == "我们的医院，我们的家。" and not article.warnings
    assert article.credits == guessed.credits == {"记者": ["张三"]}
    assert [b.text for _, b in article.blocks()] == ["正文第一段。"]


def test_kinds_by_text_and_a_text_that_matches_nothing(tmp_path: Path) -> None:
    text = "标题\n\n记者 甲乙\n\n导语写得很长很长，长到足以成为一个段落，确实很长。\n\n并非标题\n\n正文。\n"
    article = load_article(write_seed(tmp_path, text, "kinds:\n  并非标题: heading\n  不存在的一行: caption\n"))
    assert [s.heading for s in article.sections] == [None, "并非标题"]
    assert len(article.warnings) == 1 and "不存在的一行" in article.warnings[0] and "Fix:" in article.warnings[0]


def test_role_words_are_never_people(tmp_path: Path) -> None:
    article = load_article(write_seed(tmp_path, "标题\n\n记者 张三\n\n正文。\n\n（通讯员 李四）\n"))
    assert article.authors == ["张三", "李四"] and article.credits == {"记者": ["张三"], "通讯员": ["李四"]}


def test_inspect_shows_each_line_with_its_role_and_fix() -> None:
    report = inspect_seed(LAYOUTS / "09_interview.txt").splitlines()
    by_line = {int(row.split()[0]): row for row in report if row[:6].strip().isdigit()}
    assert "title" in by_line[1] and "title: …" in by_line[1]
    assert "subtitle" in by_line[2] and "byline [本报记者: 黄蕾]" in by_line[4]
    assert "dialogue turn #s0-p1 speaker 记者：" in by_line[6] and "kinds: {6: heading}" in by_line[6]
    assert any(row.startswith("ids: s0 | s0-p1") for row in report)


def test_inspect_of_a_notice_shows_levels_furniture_and_sign_off() -> None:
    rows = inspect_seed(LAYOUTS / "06_notice.txt")
    for expected in ("furniture: doc_number (文号)", "furniture: addressee (主送)", "heading h4 #s4",
                     "closing credit: issuer (落款)", "issuer: 湘江市卫生健康委员会"):
        assert expected in rows, expected


def test_suggestions_name_what_the_data_lacks(tmp_path: Path) -> None:
    seed = write_seed(tmp_path, "标题\n\n记者 张三\n\n株洲市二医院的王大明医生在长沙用ECMO救治患者，推行“双培养”和“双带头人”。\n")
    found = missing_names(load_article(seed), ROOT / "data")
    assert "ECMO" in found["terms"] and "双培养" not in found["terms"]   # 双培养 has a glossary entry
    assert "王大明" in found["persons (nr)"] and "张三" not in found["persons (nr)"]


def test_people_index_follows_the_site(tmp_path: Path) -> None:
    seed = write_seed(tmp_path, "标题\n\n记者 张三\n\n院党委书记邹祖倡介绍了情况。\n")
    feature = people.build([load_article(seed)], ROOT / "data")
    page = feature.markdown()
    assert "邹祖倡" in page and "张三" in page          # mentioned, credited
    assert "李文灿" not in {e.name for e in feature.listed}   # not in this site (another entry's note may name him)
    assert "记者" not in {e.name for e in feature.listed}   # a role word is no one
    assert any("'李文灿' occurs in no article of this site" in n and "Fix:" in n for n in feature.notices())


# Lines of every layout, recombined at random: whatever the reader makes of a mix, the page shows
# every character in order. ('#' lines are left out: a '###' inside a paragraph stays on the page,
# while seed_text drops heading marks at any line start.)
CORPUS_LINES = sorted({line.strip() for p in LAYOUTS.glob("*.txt")
                       for line in p.read_text(encoding="utf-8").splitlines()
                       if line.strip() and not line.startswith("#")})
MIXED = st.lists(st.tuples(st.sampled_from(CORPUS_LINES), st.sampled_from(["\n", "\n\n", "\n\n\n"])),
                 min_size=1, max_size=12).map(lambda pairs: "".join(line + gap for line, gap in pairs))


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=MIXED)
def test_any_mix_of_layout_lines_is_published_faithfully(text: str) -> None:
    article = parse_article(Path("mix.txt"), text)
    assert article.title
    assert page_text(render_article(article, [])) == seed_text(text)


@pytest.mark.parametrize(("paragraph", "agency", "described", "credits"), [
    ("新华社北京3月5日电（记者 王晓、李强）正文。", "新华社", "新华社 北京 3月5日（年份不详）", {"记者": ["王晓", "李强"]}),
    ("新华社北京3月5日电 （记者王晓）正文。", "新华社", "新华社 北京 3月5日（年份不详）", {"记者": ["王晓"]}),
    ("中新网长沙电（记者 刘洋）正文。", "中新网", "中新网 长沙", {"记者": ["刘洋"]}),
    ("本报讯（记者 赵敏 通讯员 孙立）正文。", "本报", "本报", {"记者": ["赵敏"], "通讯员": ["孙立"]}),
    ("【本報訊】記者陳家明報道：正文。", "本報", "本報", {"記者": ["陳家明"]}),
    ("人民日报北京6月1日电（记者 周琳）正文。", "人民日报", "人民日报 北京 6月1日（年份不详）", {"记者": ["周琳"]}),
])
def test_datelines(paragraph: str, agency: str, described: str, credits: dict) -> None:
    article = parse_article(Path("x.txt"), f"标题一则\n\n{paragraph}\n")
    assert article.dateline is not None, paragraph
    assert (article.dateline.agency, article.dateline.describe(None), article.credits) == (agency, described, credits)


@pytest.mark.parametrize(("text", "credits", "editors"), [
    ("标题一则\n原创 张三 李四 健康湘江 2023-11-02 19:45 湖南\n\n正文。\n", {"作者": ["张三", "李四"]}, {}),
    ("标题一则\n\n正文。\n\n文字：张三\n图片：李四\n编辑：王五\n", {"文字": ["张三"], "图片": ["李四"]}, {"编辑": "王五"}),
    ("标题一则\n\n作者 张三\n\n正文。\n", {"作者": ["张三"]}, {}),
    ("标题一则\n\n正文。\n\n（记者 张三 实习生 王五）\n", {"记者": ["张三"], "实习生": ["王五"]}, {}),
    ("标题一则\n\n正文。\n\n张三/摄\n", {"摄影": ["张三"]}, {}),
])
def test_credits_by_role(text: str, credits: dict, editors: dict) -> None:
    article = parse_article(Path("x.txt"), text)
    assert (article.title, article.credits, article.editors) == ("标题一则", credits, editors)


def test_sidecar_title_over_an_unrecognisable_printed_title(tmp_path: Path) -> None:
    printed = "关于" + "进一步做好基层医疗卫生机构常用药品配备使用工作" * 3 + "的通知"   # too long to be read alone
    text = f"{printed}\n记者 陈晓燕\n2023年9月18日\n\n正文。\n"
    article = load_article(write_seed(tmp_path, text, "title: 编者拟题\n"))
    assert (article.title, article.credits, article.date) == ("编者拟题", {"记者": ["陈晓燕"]}, "2023-09-18")
    assert [m.text for m in article.furniture if m.role == "printed_title"] == [printed]
    assert [b.text for _, b in article.blocks()] == ["正文。"] and not article.warnings
    assert page_text(render_article(article, [])) == seed_text(text)
