"""Small helpers that turn text into inert Markdown/HTML."""

from __future__ import annotations

import string

from .inline import escape_text

_ASCII_PUNCT = frozenset(string.punctuation)


def inert_markdown(text: str) -> str:
    """Text that Markdown shows literally: every ASCII punctuation mark as a character reference."""
    return "".join(f"&#{ord(c)};" if c in _ASCII_PUNCT else c for c in text)


def heading(level: int, text: str, anchor: str, classes: str = "") -> str:
    """A Markdown heading (so it reaches the table of contents) with a fixed id."""
    attrs = f"#{anchor}" + "".join(f" .{c}" for c in classes.split())
    return f"{'#' * level} {inert_markdown(' '.join(text.split()))} {{ {attrs} }}\n\n"


def link(href: str, text: str, **attrs: str) -> str:
    """An <a> element; href may be a '@/page.md#id' site link resolved per page."""
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{escape_text(v)}"' for k, v in attrs.items())
    return f'<a href="{escape_text(href)}"{extra}>{escape_text(text)}</a>'


__all__ = ["escape_text", "heading", "inert_markdown", "link"]


# Marks a block the site search should skip: lists that repeat article text (occurrences,
# excerpts, parallel passages, tables of quoted sentences) would otherwise make every
# search answer with the index pages, and made the search index of 1 000 articles 95 MB.
# Material's search plugin honours the attribute (an exclusion ends at the first closing tag of
# the same name, so the marked element must not contain one of its own kind); other
# generators can ignore it.
NOT_SEARCHED = "data-search-exclude"
