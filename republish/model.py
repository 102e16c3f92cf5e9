"""The article model every layout parses into and every renderer reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

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


@dataclass
class Section:
    """A heading (absent for the lead) and the blocks under it."""

    id: str
    heading: str | None
    line: int | None
    blocks: list[Block] = field(default_factory=list)


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

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    def blocks(self) -> list[tuple[Section, Block]]:
        """Every body block with its section, in reading order."""
        return [(s, b) for s in self.sections for b in s.blocks]
