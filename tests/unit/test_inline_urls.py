"""Inline marks nest without losing characters; seed text is inert; doc paths become URLs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pagekit import inline_html, to_html
from republish import writer
from republish.inline import Mark, render_inline
from republish.urls import page_url

TERM = Mark(0, 3, '<a class="t">', "</a>", atomic=True)


@pytest.mark.parametrize(("text", "marks", "expected"), [
    ("<b>&", [], "&lt;b&gt;&amp;"),
    ("MDT多学科", [TERM], '<a class="t">MDT</a>多学科'),
    ("MDT多学科", [TERM, Mark(1, 5, "<m>", "</m>", after="[1]")],
     '<a class="t">M<m>DT</m></a><m>多学</m>[1]科'),
    ("甲乙丙丁", [Mark(0, 3, "<x>", "</x>", after="1"), Mark(1, 4, "<y>", "</y>", after="2")],
     "<x>甲<y>乙丙</y></x>1<y>丁</y>2"),
])
def test_render_inline(text: str, marks: list[Mark], expected: str) -> None:
    assert inline_html(render_inline(text, marks)) == expected


@pytest.mark.parametrize(("text", "html"), [
    ("1. *a* {#x}", "1. *a* {#x}"), ("- 横线", "- 横线"), ("> 引", "&gt; 引"), ("# 井", "# 井"),
    ("<b>&amp;", "&lt;b&gt;&amp;amp;"), ("[链](http://x)", "[链](http://x)"), ("|a|b|", "|a|b|"),
    (": 冒号", "&#58; 冒号"), ("===", "&#61;=="), ("    缩进", "&#32;&#32;&#32;&#32;缩进"),
    ("反斜杠\\转义", "反斜杠\\转义"), ("`code`", "`code`"), ("下_划_线", "下_划_线"),
])
def test_seed_text_is_written_inert(text: str, html: str) -> None:
    assert inline_html(writer.text(text)) == html


def test_a_heading_keeps_its_id_and_its_text() -> None:
    assert to_html(writer.heading(2, "a_b *c*", "s1")).startswith('<h2 id="s1">a_b *c*<a class="headerlink"')


@pytest.mark.parametrize(("doc", "dirs", "url"), [
    ("index.md", True, ""), ("a.md", True, "a/"), ("a.md", False, "a.html"), ("downloads/a.txt", True, "downloads/a.txt"),
])
def test_page_url(doc: str, dirs: bool, url: str) -> None:
    assert page_url(doc, dirs) == url


@given(st.text(alphabet=st.sampled_from(list("甲a :=~\t\n\\`*_{}[]()>#+-.!|/<&\"'")), max_size=16))
@settings(derandomize=True, database=None, max_examples=400)
def test_whole_text_and_text_cut_at_marks_are_written_alike(value: str) -> None:
    """text() takes a quick path for text without a line edge; it must write what the character
    by character path (used where marks cut a text) writes."""
    pieces = writer.inert_chars(value)
    assert len(pieces) == len(value) and writer.text(value) == "".join(pieces), repr(value)
    assert all(piece == char or piece.startswith(("\\", "&")) for piece, char in zip(pieces, value)), repr(value)
