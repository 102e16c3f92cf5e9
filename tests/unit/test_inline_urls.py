"""Inline marks nest without losing characters; site links resolve per page."""

from __future__ import annotations

import pytest

from markdownkit import inline_html
from republish.inline import Mark, render_inline
from republish.markup import heading, inert_markdown
from republish.urls import relative_url, resolve_site_links

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


def test_inert_markdown_escapes_every_ascii_punctuation() -> None:
    assert inert_markdown("1. *a* {#x}") == "1&#46; &#42;a&#42; &#123;&#35;x&#125;"
    assert heading(2, "a_b", "s1") == "## a&#95;b { #s1 }\n\n"


@pytest.mark.parametrize(("src", "dst", "dirs", "frag", "expected"), [
    ("a.md", "glossary.md", True, "#x", "../glossary/#x"),
    ("index.md", "a.md", True, "", "a/"),
    ("a.md", "index.md", True, "", "../"),
    ("a.md", "a.md", True, "#s1", "#s1"),
    ("a.md", "index.md", False, "", "index.html"),
    ("index.md", "a.md", False, "#p", "a.html#p"),
])
def test_relative_url(src: str, dst: str, dirs: bool, frag: str, expected: str) -> None:
    assert relative_url(src, dst, dirs, frag) == expected


def test_resolve_site_links_only_touches_site_links() -> None:
    html = '<a href="@/b.md#s1-p2">x</a><a href="#n1">y</a>'
    assert resolve_site_links(html, "a.md", True) == '<a href="../b/#s1-p2">x</a><a href="#n1">y</a>'
