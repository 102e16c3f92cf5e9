"""The article model every layout parses into and every renderer reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .layout import Dateline

BlockKind = Literal["paragraph", "caption", "ornament"]


@dataclass
class Block:
    """One unit of body text: a paragraph, a photo caption or an ornament."""

    kind: BlockKind
    text: str
    line: int
    id: str = ""
    # Source lines of the pieces a page break split this block into (one entry if unsplit).
    joined_lines: tuple[int, ...] = ()
    # A dialogue turn: the speaker as printed at the start of the text ('记者：'), else None.
    speaker: str | None = None


@dataclass
class Section:
    """A heading (absent for the lead) and the blocks under it."""

    id: str
    heading: str | None
    line: int | None
    blocks: list[Block] = field(default_factory=list)
    level: int = 2           # h2, h3, h4… in the table of contents
    form: str | None = None  # the heading's printed form ('cn' for 一、, 'md3' for ###…)


@dataclass
class MetaLine:
    """A line of page furniture or credits, kept verbatim and labelled by role."""

    role: str
    text: str
    line: int


@dataclass
class Article:
    """Everything a page shows about one seed."""

    source: Path
    slug: str
    title: str
    kicker: str | None = None
    subtitle: str | None = None
    rubric: str | None = None
    byline: str | None = None
    authors: list[str] = field(default_factory=list)
    photo_credit: str | None = None
    publication: str | None = None
    date: str | None = None          # ISO: YYYY, YYYY-MM or YYYY-MM-DD
    date_inferred: bool = False
    date_note: str | None = None
    page: str | None = None
    column: str | None = None
    editors: dict[str, str] = field(default_factory=dict)
    script: Literal["hans", "hant"] = "hans"
    furniture: list[MetaLine] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[Block] = field(default_factory=list)
    # Source line of each top-matter string, for the fidelity order on the page.
    top_lines: dict[str, int] = field(default_factory=dict)
    # For a source in traditional script: block id → the block's text as printed.
    originals: dict[str, str] = field(default_factory=dict)
    # Top-matter fields whose value the editor supplied (shown as editorial, not as seed text).
    editorial_top: set[str] = field(default_factory=set)
    # Names by role ('记者': [甲, 乙], '通讯员': [丙]), from byline, dateline or end credits.
    credits: dict[str, list[str]] = field(default_factory=dict)
    dateline: Dateline | None = None
    issuer: str | None = None        # the sign-off (落款) of an official document
    origin: str | None = None        # '来源：' of a reposted article
    # Credits, sign-off and end mark printed after the body, in source order (shown after it).
    end_matter: list[MetaLine] = field(default_factory=list)
    # What the reader guessed and the editor should check (build warnings, one line each).
    warnings: list[str] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    def blocks(self) -> list[tuple[Section, Block]]:
        """Every body block with its section, in reading order."""
        return [(s, b) for s in self.sections for b in s.blocks]

    def citable(self, kinds: frozenset[str] | None = None) -> list[tuple[Section, Block, "BlockRef"]]:
        """Every block with an id (of the given kinds), with its section and its reference."""
        return [(s, b, BlockRef.of(self, s, b)) for s, b in self.blocks()
                if b.id and (kinds is None or b.kind in kinds)]


@dataclass(frozen=True)
class BlockRef:
    """A citable place: a block of a section of an article."""

    slug: str
    article_title: str
    section_id: str
    section_heading: str | None
    block_id: str

    @property
    def target(self) -> str:
        """The relative Markdown link target of the block (all pages sit at the docs root)."""
        return f"{self.slug}.md#{self.block_id}"

    @classmethod
    def of(cls, article: Article, section: Section, block: Block) -> "BlockRef":
        return cls(article.slug, article.title, section.id, section.heading, block.id)
