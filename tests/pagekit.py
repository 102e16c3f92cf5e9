"""Generated Markdown as a reader gets it: rendered with the Markdown extensions of mkdocs.yml,
without MkDocs (links stay as written, e.g. 'slug.md#s1-p2')."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import markdown
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parent.parent
# A Markdown link to a page anchor: what MkDocs resolves and validates (`](slug.md#s1-p2)`).
PAGE_LINK = re.compile(r"\]\(([^)\s]*\.md#[^)\s]*)")


@functools.cache
def _extensions() -> tuple[list[str], dict[str, dict]]:
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as file:
        listed = yaml_load(file)["markdown_extensions"]
    names, configs = [], {}
    for item in listed:
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if config:
            configs[name] = config
    return names, configs


def to_html(source: str) -> str:
    """The HTML of a Markdown page or fragment (front matter, if any, left out)."""
    body = re.sub(r"\A---\n.*?\n---\n", "", source, flags=re.S)
    names, configs = _extensions()
    return markdown.markdown(body, extensions=names, extension_configs=configs)


def inline_html(source: str) -> str:
    """The HTML of one paragraph's inline Markdown, without the <p> around it."""
    html = to_html(source)
    match = re.fullmatch(r"<p>(.*)</p>", html, re.DOTALL)
    return match.group(1) if match else html


def render(page_markdown: str) -> BeautifulSoup:
    """A generated page's Markdown as the reader's HTML, parsed."""
    return BeautifulSoup(to_html(page_markdown), "html.parser")


def page_links(page_markdown: str) -> list[str]:
    """Every Markdown link target to an anchor of a page (`slug.md#id`)."""
    return PAGE_LINK.findall(page_markdown)
