"""Relative URLs between generated pages, for directory and file URL styles."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

SITE_LINK = re.compile(r'href="@/([^"#]*)(#[^"]*)?"')
FILE_LINK = re.compile(r'href="@@/([^"]*)"')   # a site file that is not a page (a download)


def page_url(doc_path: str, directory_urls: bool) -> str:
    """The URL (relative to the site root) MkDocs gives a doc path: Markdown becomes a page,
    any other file keeps its path."""
    if not doc_path.endswith(".md"):
        return doc_path
    stem = doc_path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative_url(from_doc: str, to_doc: str, directory_urls: bool, fragment: str = "") -> str:
    """A link from one generated page to another (or to a fragment of itself)."""
    if from_doc == to_doc and fragment:
        return fragment
    return _relative_page(from_doc, to_doc, directory_urls) + fragment


@lru_cache(maxsize=1 << 16)   # pure; the same pairs of pages recur (posixpath.relpath is slow)
def _relative_page(from_doc: str, to_doc: str, directory_urls: bool) -> str:
    source = page_url(from_doc, directory_urls)
    target = page_url(to_doc, directory_urls)
    base = source.rstrip("/") if source.endswith("/") else posixpath.dirname(source)
    rel = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel.rstrip("/") + "/"
    return rel


@lru_cache(maxsize=1 << 16)
def file_url(from_doc: str, site_path: str, directory_urls: bool) -> str:
    """A relative link from a generated page to a site file (e.g. 'downloads/a.txt')."""
    source = page_url(from_doc, directory_urls)
    base = source.rstrip("/") if source.endswith("/") else posixpath.dirname(source)
    return posixpath.relpath(site_path, base or ".")


def resolve_site_links(markup: str, from_doc: str, directory_urls: bool) -> str:
    """Replace every href="@/page.md#frag" by a relative URL for the page it is on, and every
    href="@@/site/file" by a relative URL of that file."""
    markup = FILE_LINK.sub(lambda m: f'href="{file_url(from_doc, m.group(1), directory_urls)}"', markup)
    return SITE_LINK.sub(
        lambda m: f'href="{relative_url(from_doc, m.group(1) or from_doc, directory_urls, m.group(2) or "")}"',
        markup)
