"""Recognise a seed's layout from its text and build the article model.

Two layouts occur: an OCR'd newspaper page (plain lines, page furniture,
numbered headings) and Markdown-style text ('#' headings). Both are read by the
same line grammar below; nothing here knows any particular seed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .model import Article, Block, MetaLine, Section

MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(\S.*?)\s*$")
NUMBERED_HEADING = re.compile(r"^[0-9０-９]{1,2}[ \u3000]+\S.{1,38}$")
TERMINAL = tuple("。！？!?…”’」』)）:：;；")
ORNAMENTS = frozenset({"“", "「", "『", '"', "‘"})
AD_MARKERS = frozenset({"公益广告", "广告"})
CREDIT = re.compile(r"^(?:(?:文|记者|通讯员|本报记者|撰文)[/／:：]|.*(?:供图|摄影|图)[/／:：])")
NAME = r"[\u4e00-\u9fff·]{2,4}"
NAME_LIST = re.compile(rf"^{NAME}(?:[ \u3000]+{NAME})+$")
FURNITURE = (
    ("page", re.compile(r"^(?:\d{1,3}|第\d{1,3}版|[A-Z]\d{1,2})$")),
    ("date", re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")),
    ("weekday", re.compile(r"^(?:星期|周)[一二三四五六日天]$")),
    ("editor", re.compile(r"^(?:责任编辑|美术编辑|编辑|校对|审核|统筹|主编|组版)[:：]\s*\S+$")),
    ("publication", re.compile(r"^\S{1,8}(?:日报|晚报|时报|商报|报)$")),
)
SHORT_LINE = 30        # a headline is at most this long
COLUMN_WORD = re.compile(r"^[\u4e00-\u9fff]{1,8}$")  # an unlabelled furniture word names the column
CAPTION_GAP = 2        # blank lines before a block that starts a run of photo captions
CAPTION_MAX = 100      # a caption is at most this long
PAGE_BREAK_MIN = 16    # a paragraph cut by a page break is at least this long before the cut


@dataclass
class RawBlock:
    """Consecutive non-blank lines, with the blank lines before them."""

    lines: list[str]
    line: int
    gap: int

    @property
    def single(self) -> str | None:
        return self.lines[0] if len(self.lines) == 1 else None


def split_blocks(text: str) -> list[RawBlock]:
    """Group stripped non-blank lines into blocks separated by blank lines."""
    blocks: list[RawBlock] = []
    gap = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            gap += 1
        elif blocks and gap == 0:
            blocks[-1].lines.append(line)
        else:
            blocks.append(RawBlock([line], number, gap if blocks else 0))
            gap = 0
    return blocks


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines: no space between CJK characters, one between words."""
    out = lines[0]
    for line in lines[1:]:
        needs_space = out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum()
        out += (" " if needs_space else "") + line
    return out


def furniture_role(line: str) -> str | None:
    """The role of a line of page furniture, or None."""
    for role, pattern in FURNITURE:
        if pattern.match(line):
            return role
    return None


def is_byline(line: str) -> bool:
    return bool(CREDIT.match(line) or NAME_LIST.match(line))


def heading_text(block: RawBlock) -> tuple[int, str] | None:
    """(level, text) when the block is a single heading line."""
    line = block.single
    if line is None:
        return None
    match = MD_HEADING.match(line)
    if match:
        return len(match.group(1)), match.group(2)
    if NUMBERED_HEADING.match(line) and not line.endswith(TERMINAL) and "。" not in line:
        return 3, line
    return None


def split_credit(byline: str) -> tuple[list[str], str | None]:
    """Authors and photo credit from a byline such as '文/甲 乙 供图/丙'."""
    photo = None
    match = re.search(r"(?:供图|摄影|图)[/／:：]\s*(\S+)", byline)
    if match:
        photo = match.group(1)
        byline = byline[: match.start()]
    byline = re.sub(r"^(?:文|记者|通讯员|本报记者|撰文)[/／:：]", "", byline.strip())
    authors = [name for name in re.split(r"[\s、,，]+", byline) if name]
    return authors, photo


class _TopMatter:
    """Collects headline, byline and furniture lines at the top of a seed."""

    def __init__(self, article: Article, md_layout: bool) -> None:
        self.article = article
        self.md_layout = md_layout
        self.headlines: list[tuple[str, int, int]] = []   # text, line, level
        self.seen_credit = False

    def take(self, block: RawBlock) -> bool:
        """Consume the block if it belongs to the top matter."""
        if not self.headlines and not self.seen_credit:
            return self._take_headline(block) or self._take_credit(block)
        return self._take_headline(block) or self._take_credit(block) or self._take_furniture(block)

    def _take_headline(self, block: RawBlock) -> bool:
        if self.seen_credit or self.article.subtitle is not None or self._full():
            return False
        line = block.single
        heading = heading_text(block)
        if heading and MD_HEADING.match(line or "") and heading[0] <= 2:
            self.headlines.append((heading[1], block.line, heading[0]))
            return True
        if line and self.headlines and line.startswith("—") and self.article.subtitle is None:
            self.article.subtitle = line
            self.article.top_lines["subtitle"] = block.line
            return True
        if self.md_layout or not line or len(line) > SHORT_LINE or line.endswith("。") \
                or line in ORNAMENTS or is_byline(line) or furniture_role(line):
            return False
        self.headlines.append((line, block.line, 0))
        return True

    def _full(self) -> bool:
        """True when finish() has no place for another headline line (rubric, kicker, title,
        subtitle); a further line must stay in the text rather than be dropped."""
        lines = self.headlines
        rubric = len(lines) >= 2 and lines[0][2] == 1 and lines[1][2] == 2
        return len(lines) >= 3 + rubric

    def _take_credit(self, block: RawBlock) -> bool:
        line = block.single
        if not line or not is_byline(line) or self.article.byline:
            return False
        self.article.byline = line
        self.article.top_lines["byline"] = block.line
        self.article.authors, self.article.photo_credit = split_credit(line)
        self.seen_credit = True
        return True

    def _take_furniture(self, block: RawBlock) -> bool:
        roles = [furniture_role(line) or ("column" if COLUMN_WORD.match(line) else None)
                 for line in block.lines]
        if None in roles or any(line in ORNAMENTS or line in AD_MARKERS for line in block.lines):
            return False
        for offset, (line, role) in enumerate(zip(block.lines, roles)):
            self.article.furniture.append(MetaLine(str(role), line, block.line + offset))
        self.seen_credit = True
        return True

    def finish(self) -> None:
        """Assign rubric, kicker and title from the collected headline lines."""
        lines = self.headlines
        if len(lines) >= 2 and lines[0][2] == 1 and lines[1][2] == 2:
            self._set("rubric", lines[0])
            lines = lines[1:]
        if len(lines) == 1:
            self._set("title", lines[0])
        elif len(lines) >= 2:
            self._set("kicker", lines[0])
            self._set("title", lines[1])
            for extra in lines[2:]:
                if self.article.subtitle is None:
                    self._set("subtitle", extra)
        _apply_furniture(self.article)

    def _set(self, key: str, item: tuple[str, int, int]) -> None:
        setattr(self.article, key, item[0])
        self.article.top_lines[key] = item[1]


def _apply_furniture(article: Article) -> None:
    """Fill metadata fields from the furniture lines."""
    columns = []
    for meta in article.furniture:
        if meta.role == "page":
            article.page = re.sub(r"\D", "", meta.text) or meta.text
        elif meta.role == "publication":
            article.publication = meta.text
        elif meta.role == "date":
            y, m, d = (int(n) for n in re.findall(r"\d+", meta.text))
            article.date = f"{y:04d}-{m:02d}-{d:02d}"
        elif meta.role == "editor":
            label, _, name = re.split(r"([:：])", meta.text, maxsplit=1)
            article.editors[label] = name.strip()
        elif meta.role == "column":
            columns.append(meta.text)
    if columns:
        article.column = "".join(columns)


class _Body:
    """Builds sections and blocks, joining paragraphs split by a page break."""

    def __init__(self, article: Article, kinds: dict[int, str]) -> None:
        self.article = article
        self.kinds = kinds
        self.section = Section("s0", None, None)
        article.sections.append(self.section)
        self.in_captions = False
        self.in_closing = False

    def take(self, block: RawBlock) -> None:
        if self.in_closing:
            self.article.closing.append(Block("paragraph", "\n".join(block.lines), block.line))
            return
        forced = self.kinds.get(block.line)
        heading = heading_text(block) if forced in (None, "heading") else None
        if block.single in AD_MARKERS and forced is None:
            self.in_closing = True
            self.article.closing.append(Block("paragraph", block.lines[0], block.line))
        elif heading or forced == "heading":
            text = heading[1] if heading else join_lines(block.lines)
            self.section = Section(f"s{len(self.article.sections)}", text, block.line)
            self.article.sections.append(self.section)
            self.in_captions = False
        else:
            self._take_text(block, forced)

    def _take_text(self, block: RawBlock, forced: str | None) -> None:
        text = join_lines(block.lines)
        if forced in ("caption", "paragraph", "ornament"):
            kind = forced
        elif text in ORNAMENTS:
            kind = "ornament"
        else:
            self.in_captions = (block.gap >= CAPTION_GAP or self.in_captions) and len(text) <= CAPTION_MAX
            kind = "caption" if self.in_captions else "paragraph"
        blocks = self.section.blocks
        previous = blocks[-1] if blocks else None
        if (kind == "paragraph" and forced is None and previous and previous.kind == "paragraph"
                and block.gap <= 1 and not previous.text.endswith(TERMINAL)
                and len(previous.text) >= PAGE_BREAK_MIN):
            previous.text += text
            previous.joined_lines += (block.line,)
            return
        blocks.append(Block(kind, text, block.line, joined_lines=(block.line,)))


def assign_ids(article: Article) -> None:
    """Stable ids from position only (s2, s2-p3, s2-f1), never from displayed text."""
    for section in article.sections:
        counters = {"paragraph": 0, "caption": 0}
        for block in section.blocks:
            if block.kind in counters:
                counters[block.kind] += 1
                letter = "p" if block.kind == "paragraph" else "f"
                block.id = f"{section.id}-{letter}{counters[block.kind]}"


def parse_article(source: Path, text: str, kinds: dict[int, str] | None = None) -> Article:
    """Parse checked seed text into an article model (metadata not yet from the sidecar)."""
    blocks = split_blocks(text)
    md_layout = any(MD_HEADING.match(b.single or "") for b in blocks)
    article = Article(source=source, slug=source.stem, title="")
    top = _TopMatter(article, md_layout)
    index = 0
    while index < len(blocks) and top.take(blocks[index]):
        index += 1
    top.finish()
    body = _Body(article, kinds or {})
    for block in blocks[index:]:
        body.take(block)
    if not article.sections[0].blocks and len(article.sections) > 1:
        article.sections.pop(0)
    assign_ids(article)
    return article
