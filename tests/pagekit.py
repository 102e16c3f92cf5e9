"""Generated Markdown as a reader gets it: rendered with the Markdown extensions of mkdocs.yml,
without MkDocs (links stay as written, e.g. 'slug.md#s1-p2')."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parent.parent
# A Markdown link to a page anchor: what MkDocs resolves and validates (`](slug.md#s1-p2)`).
PAGE_LINK = re.compile(r"\]\(([^)\s]*\.md#[^)\s]*)")


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


def render(page_markdown: str) -> BeautifulSoup:
    """The HTML of a generated page's Markdown (front matter, if any, left out)."""
    body = re.sub(r"\A---\n.*?\n---\n", "", page_markdown, flags=re.S)
    names, configs = _extensions()
    return BeautifulSoup(markdown.markdown(body, extensions=names, extension_configs=configs), "html.parser")


def page_links(page_markdown: str) -> list[str]:
    """Every Markdown link target to an anchor of a page (`slug.md#id`)."""
    return PAGE_LINK.findall(page_markdown)
