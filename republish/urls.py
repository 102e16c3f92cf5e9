"""The URL MkDocs gives a doc path, for directory and file URL styles (citations and annotations
name pages by URL; links between pages are Markdown links MkDocs resolves itself)."""

from __future__ import annotations


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
