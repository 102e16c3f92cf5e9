"""Property test: any article mixing CJK text, punctuation and Markdown/HTML look-alikes is
published exactly (every character, in order) and creates no element the source did not ask for.

Articles come in both layouts (plain newspaper lines; '#'-heading Markdown style), with the
constructs at line start and inline and blank-line gaps of 1-3 lines. Each is parsed by the real
core (`load_article` on a seed file), rendered with the real features (glossary, notes, xref,
people over a small data dir holding a few real glossary entries) and converted by Python-Markdown
with mkdocs.yml's extensions. Derandomized and database-free, so CI runs the same examples.
"""

from __future__ import annotations

import importlib
import pickle
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from republish.render import render_article
from republish.site import FEATURE_MODULES, build_features, load_article
from republish.yamlio import load_yaml
from sitekit import EDITORIAL, ROOT, neutral_data, seed_text
from test_corpus import page_text, to_html

CJK = "株洲市二医院开展多学科会诊患者护理专家团队省肿瘤党建引领服务基层的了在和是"
TERMS = ("MDT", "医联体", "医改", "多学科诊疗")    # glossary terms, so term links are exercised
CJK_PUNCT = "，。、；：？！“”‘’（）《》【】—…·　"
ASCII_PUNCT = ",.;:?!\"'()-/<>&=+~^%$@"
CONSTRUCTS = ("<script>alert(1)</script>", "<!-- 注释 -->", "&amp;", "&lt;b&gt;", "<b>粗</b>", "`码`",
              "``", "\\", "\\*", "*", "**", "_", "__", "[x](y)", "[链接](javascript:alert(1))",
              "![图](x.png)", "<https://example.com>", "{#id}", "{: .c }", "{{ x }}", "{% y %}",
              "|a|b|", "*[X]: y", "[^1]", "[^1]:", "#", "---", "~~删~~", "==记==", "^上^", ":smile:")
LINE_STARTS = ("1. ", "2) ", "- ", "+ ", "* ", "> ", ">> ", "#标签", "#", "    ", "\t", "\t\t", "---",
               "***", "===", "*[X]: y", "[^1]: ", "{#id} ", "{{ x }}", "|a|b|", "| --- |", "```",
               "~~~", "<script>", "<div>", "<!--", "&amp;", "[x]: http://y", ": ", "!!! note ", "??? ")
# A table needs its delimiter row right after the header row; give the generator a head start.
TABLE_LINES = ("|a|b|", "|---|---|", "a | b", "--- | ---")
ALLOWED_IDS = re.compile(r"(title|s\d+|s\d+-[pf]\d+|rp-tip-[a-z0-9-]+|ad)")
FORBIDDEN = ("script", "ol", "ul", "li", "blockquote", "pre", "code:not(dd code)", "table", "em",
             "strong", "hr", "img", "abbr", "sup", "del", "mark", "div.footnote",
             # the page writer's own containers (metadata box, printed lines, closing advertisement)
             "div.admonition:not(.rp-ad)", "details:not(.rp-printed-lines)", "dl:not(.rp-meta > dl)",
             "a:not(.rp-term):not(.rp-ed):not(.headerlink)")


def cjk_run() -> st.SearchStrategy[str]:
    """A run of CJK characters or a glossary term."""
    return st.one_of(st.text(alphabet=CJK, min_size=1, max_size=8), st.sampled_from(TERMS))


def fragment() -> st.SearchStrategy[str]:
    """One inline piece: a run of CJK text, punctuation, spaces and tabs, or a term or construct."""
    return st.one_of(st.text(alphabet=CJK + CJK_PUNCT + ASCII_PUNCT + " \t", min_size=1, max_size=8),
                     st.sampled_from(TERMS + CONSTRUCTS + TABLE_LINES))


def inline(max_size: int = 8) -> st.SearchStrategy[str]:
    return st.lists(fragment(), min_size=1, max_size=max_size).map("".join)


@st.composite
def body_line(draw: st.DrawFn) -> str:
    """A line of text, maybe opened by a line-start construct; never a '#' heading."""
    start = draw(st.one_of(st.just(""), st.sampled_from(LINE_STARTS)))
    line = start + draw(inline())
    if not line.strip():
        line += draw(cjk_run())
    # A '# ' line would be a heading (its marker is not text); headings are drawn on purpose.
    return re.sub(r"^([ \t]*#{1,6})(?=[ \t])", r"\1号", line)


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    return "\n".join(draw(st.lists(body_line(), min_size=1, max_size=3)))


def gap() -> st.SearchStrategy[str]:
    """The newlines between two blocks: 1 to 3 blank lines."""
    return st.integers(1, 3).map(lambda n: "\n" * (n + 1))


@st.composite
def short_line(draw: st.DrawFn) -> str:
    """A headline-length line opened by CJK text, so it cannot pass for a byline or furniture."""
    return (draw(st.text(alphabet=CJK, min_size=2, max_size=4)) + draw(inline(4)))[:28].rstrip("。") + "题"


@st.composite
def body(draw: st.DrawFn, headings: bool) -> str:
    """Paragraphs (and, in the Markdown layout, '###' section headings) with gaps."""
    blocks = draw(st.lists(paragraph(), min_size=1, max_size=6))
    if headings:
        for _ in range(draw(st.integers(0, 2))):
            at = draw(st.integers(0, len(blocks)))
            blocks.insert(at, "#" * draw(st.integers(3, 4)) + " " + draw(short_line()))
    return "".join(block + draw(gap()) for block in blocks)


FURNITURE = ("06", "第3版", "株洲日报", "2023年6月29日", "星期四", "责任编辑:李卉", "要闻", "06\n株洲日报")


@st.composite
def plain_article(draw: st.DrawFn) -> str:
    """Newspaper layout: headline lines, maybe a '——' subtitle, byline and page furniture
    (in either order), then the text."""
    top = draw(st.lists(short_line(), min_size=1, max_size=4))
    if draw(st.booleans()):
        top.insert(draw(st.integers(1, len(top))), "——" + draw(inline(4)))
    credits = draw(st.lists(st.sampled_from(("张三 李四", "文/张三 供图/李四") + FURNITURE), max_size=3))
    return "".join(line + draw(gap()) for line in top + credits) + draw(body(False))


@st.composite
def markdown_article(draw: st.DrawFn) -> str:
    """Markdown layout: '#' rubric and '##' title lines, maybe a '——' subtitle, a credit line,
    then the text with '###' sections."""
    top = [f"{'#' * draw(st.integers(1, 2))} {draw(short_line())}" for _ in range(draw(st.integers(1, 5)))]
    top[-1] = "## " + top[-1].lstrip("# ")
    if draw(st.booleans()):
        top.append("——" + draw(inline(4)))
    top += draw(st.lists(st.just("文/张三 供图/李四"), max_size=1))
    return "".join(line + draw(gap()) for line in top) + draw(body(True))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Neutral data plus the real glossary entries for TERMS (the whole file is slow to load)."""
    target = neutral_data(tmp_path_factory.mktemp("data") / "data")
    entries = yaml.safe_load((ROOT / "data" / "glossary.yml").read_text(encoding="utf-8"))
    kept = [dict(e, unused_ok=True) for e in entries if e["term"] in TERMS]
    (target / "glossary.yml").write_text(yaml.safe_dump(kept, allow_unicode=True), encoding="utf-8")
    return target


def memo_yaml() -> Callable[[Path], Any]:
    """load_yaml that parses each unchanged data file once and hands out fresh copies."""
    parsed: dict[Path, bytes] = {}

    def load(path: Path) -> Any:
        if path not in parsed:
            parsed[path] = pickle.dumps(load_yaml(path))
        return pickle.loads(parsed[path])
    return load


@pytest.fixture(scope="module", autouse=True)
def fast_data() -> Iterator[None]:
    """Parse the (unchanging) data YAML once per module instead of once per example."""
    with pytest.MonkeyPatch.context() as patch:
        load = memo_yaml()
        modules = [f"republish.features.{name}" for name in FEATURE_MODULES] + ["republish.directory", "republish.events"]
        for module in map(importlib.import_module, modules):
            if hasattr(module, "load_yaml"):     # the modules that read the editors' YAML
                patch.setattr(module, "load_yaml", load)
        yield


def render(tmp: Path, text: str, data: Path) -> str:
    """The page Markdown of a seed with this text, through the real core and features."""
    seed = tmp / "a.txt"
    seed.write_text(text, encoding="utf-8")
    article = load_article(seed)
    return render_article(article, build_features([article], data))


def check_page(page: str, text: str) -> None:
    """Every source character in order, and no element the source did not ask for."""
    assert page_text(page) == seed_text(text)
    html = to_html(page)
    for node in html.select(EDITORIAL):
        node.decompose()
    for selector in FORBIDDEN:
        assert not html.select(selector), selector
    ids = [tag["id"] for tag in html.select("[id]")]
    assert all(ALLOWED_IDS.fullmatch(i) for i in ids), ids
    assert len(ids) == len(set(ids))


PROPERTY = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@PROPERTY
@given(text=st.one_of(plain_article(), markdown_article()))
def test_any_article_is_published_exactly(tmp_path: Path, data_dir: Path, text: str) -> None:
    check_page(render(tmp_path, text, data_dir), text)


def test_the_property_can_fail(tmp_path: Path, data_dir: Path) -> None:
    """The check catches a page that loses a character or grows a rule."""
    text = "标题\n\n张三 李四\n\n- 条目。\n"
    page = render(tmp_path, text, data_dir)
    with pytest.raises(AssertionError):
        check_page(page.replace("条目", "条"), text)
    with pytest.raises(AssertionError):
        check_page(page + "\n\n***\n", text)
