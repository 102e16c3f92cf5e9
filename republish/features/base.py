"""The contract between the page assembler and each feature.

A feature is built once per build from all articles and the editors' data
directory (and the site's script converter, for a feature that matches text
in both scripts). It may contribute inline marks to body blocks, HTML around the
article, and whole extra pages (Markdown written with republish.writer, whose links are
ordinary relative Markdown links such as 'glossary.md#mdt' or '<slug>.md#s2-p3' that MkDocs
resolves and validates). HTML a feature adds to an article page may still write '@/<doc
path>#<fragment>', which the assembler turns into relative URLs (republish.urls) until the
article page is Markdown too.
Everything a feature emits is in the source script (simplified); the
assembler converts whole pages for /zh-Hant/, so ids and hrefs must be ASCII.
Text a feature adds to an article page (labels, notes, markers) must sit inside
an element with class "rp-ed" so fidelity checks can tell it from seed text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..inline import Mark
from ..model import Article, Block


@dataclass(frozen=True)
class ExtraPage:
    """A generated page: its doc path (e.g. 'glossary.md'), nav title and Markdown."""

    path: str
    title: str
    markdown: str


class Feature(Protocol):
    """What a feature may contribute; every method may return an empty value."""

    def marks(self, article: Article, block: Block) -> list[Mark]:
        """Inline marks on one body block's text (offsets into block.text)."""

    def after_block(self, article: Article, block: Block) -> str:
        """HTML placed inside the block's element, after its text (e.g. a marker)."""

    def article_top(self, article: Article) -> str:
        """HTML placed after the metadata box (e.g. the article's themes)."""

    def article_bottom(self, article: Article) -> str:
        """HTML placed at the end of the article (e.g. the list of notes)."""

    def pages(self) -> list[ExtraPage]:
        """Whole pages this feature adds to the site."""

    def contribution_key(self, article: Article) -> str | None:
        """What the feature's additions to this article depend on besides the article itself (a
        serve rebuild reuses them while both are unchanged); None when they may depend on other
        articles, so they are made every build."""


class FeatureBase:
    """Convenience base: contributes nothing until a method is overridden."""

    def marks(self, article: Article, block: Block) -> list[Mark]:
        return []

    def after_block(self, article: Article, block: Block) -> str:
        return ""

    def article_top(self, article: Article) -> str:
        return ""

    def article_bottom(self, article: Article) -> str:
        return ""

    def pages(self) -> list[ExtraPage]:
        return []

    def contribution_key(self, article: Article) -> str | None:
        return None
