"""Recognise a seed's layout from its text and build the article model.

Newspaper pages, wire stories, official documents, official-account posts,
interviews and Markdown-style text are all read by one grammar: top matter
(headlines, bylines, furniture; on separate or consecutive lines), body
(sections with heading levels, paragraphs, captions, dialogue turns), end
matter (closing credits, sign-off) and a closing advertisement. The forms of
single lines are in layout.py; nothing here knows any particular seed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from . import layout
from .layout import CAPTION_MARKS, COLUMN_TAG, Credits, read_credits
from .model import Article, Block, BlockKind, MetaLine, Section

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
    ("account", layout.ACCOUNT_LINE),
    ("date", re.compile(r"^(?:发布时间[:：]\s*)?\d{4}[-年]\d{1,2}[-月]\d{1,2}日?(?:\s+\d{1,2}:\d{2})?$")),
    ("doc_number", re.compile(r"^[\u4e00-\u9fff]{1,10}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号$")),
    ("addressee", re.compile(r"^各[^。；:：]{1,38}[:：]$")),
    ("origin", re.compile(r"^(?:来源|來源)[:：]\s*\S.{0,30}$")),
)
SHORT_LINE = 30        # a headline is at most this long...
LONG_TITLE = 60        # ...or this, with no sentence stop inside (a notice title is often 30-40)
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
    if layout.heading_form(line):   # '第一部分 建设背景' is two words, not two names
        return False
    return bool(CREDIT.match(line) or NAME_LIST.match(line) or layout.ROLE_BYLINE.match(line))


def is_long_title(line: str) -> bool:
    """A headline longer than SHORT_LINE (a notice's title is often 30-40 characters): no sentence
    stop inside, and no sentence end unless it is ！/？/”."""
    return len(line) <= LONG_TITLE and not any(c in line for c in "。；;") \
        and (not line.endswith(TERMINAL) or line.endswith(tuple("！？!?”」）)")))


def heading_text(block: RawBlock) -> tuple[int, str] | None:
    """(level, text) when the block is a single heading line."""
    found = heading_form(block)
    return (found[1], found[2]) if found else None


def heading_form(block: RawBlock) -> tuple[str, int, str] | None:
    """(form, Markdown level or 3, text) when the block is a single numbered or '#' heading line."""
    line = block.single
    if line is None:
        return None
    match = MD_HEADING.match(line)
    if match:
        return f"md{len(match.group(1))}", len(match.group(1)), match.group(2)
    if NUMBERED_HEADING.match(line) and not line.endswith(TERMINAL) and "。" not in line:
        return "arabic", 3, line
    form = layout.heading_form(line)
    return (form, 3, line) if form else None


def split_credit(byline: str) -> tuple[list[str], str | None]:
    """Authors and photo credit from a byline such as '文/甲 乙 供图/丙' or '记者 甲 通讯员 乙'."""
    if layout.ROLE_BYLINE.match(byline):
        credits = read_credits(byline)
        return credits.authors, credits.photo
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

    def __init__(self, article: Article, md_layout: bool, hints: dict[str, str] | None = None,
                 kinds: dict[int, str] | None = None) -> None:
        self.article = article
        self.kinds = kinds or {}    # sidecar kinds: a line given another kind is not top matter
        self.md_layout = md_layout
        self.headlines: list[tuple[str, int, int]] = []   # text, line, level
        self.seen_credit = False
        # Headline fields the sidecar gives, by their text: the printed line is that field.
        self.hinted = {" ".join(v.split()): k for k, v in (hints or {}).items() if isinstance(v, str)}

    def take(self, block: RawBlock) -> bool:
        """Consume the block if it belongs to the top matter."""
        if self.kinds.get(block.line, "title") != "title":
            return False
        if self._take_hinted(block) or self._take_column_tag(block):
            return True
        if not self.headlines and not self.seen_credit and "title" not in self.article.top_lines:
            return self._take_headline(block) or self._take_credit(block) or self._take_doc_number(block)
        return self._take_headline(block) or self._take_credit(block) or self._take_furniture(block)

    def nothing_but_rubric(self) -> bool:
        """True while no top line but a column tag has been read."""
        return not self.headlines and not self.seen_credit and not self.article.furniture \
            and set(self.article.top_lines) <= {"rubric"}

    def is_hinted(self, line: str, number: int) -> bool:
        return " ".join(line.split()) in self.hinted or self.kinds.get(number) == "title"

    def _take_hinted(self, block: RawBlock) -> bool:
        """A line whose text the sidecar gives as title/kicker/subtitle/rubric is that field, and
        so is a line the sidecar's kinds call the title."""
        key = "title" if self.kinds.get(block.line) == "title" and block.single else \
            self.hinted.get(" ".join((block.single or "").split()))
        if key is None or key in self.article.top_lines:
            return False
        self._set(key, (block.lines[0], block.line, 0))
        return True

    def _take_column_tag(self, block: RawBlock) -> bool:
        """'【卫生动态】' before the title names the column; it is printed as a rubric."""
        line = block.single or ""
        match = COLUMN_TAG.match(line)
        if not match or self.headlines or self.seen_credit or self.article.top_lines \
                or layout.DATELINE.match(line):
            return False
        self._set("rubric", (line, block.line, 0))
        self.article.column = match.group(1)
        return True

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
        if self.md_layout or not line or (len(line) > SHORT_LINE and not is_long_title(line)) \
                or line.endswith("。") or line in ORNAMENTS or is_byline(line) or furniture_role(line) \
                or layout.DATELINE.match(line) or layout.INTERVIEW_SPEAKER.match(line) \
                or layout.heading_form(line):
            return False
        self.headlines.append((line, block.line, 0))
        return True

    def _full(self) -> bool:
        """True when finish() has no place for another headline line (rubric, kicker, title,
        subtitle); a further line must stay in the text rather than be dropped."""
        lines = self.headlines
        rubric = len(lines) >= 2 and lines[0][2] == 1 and lines[1][2] == 2
        return len(lines) >= 3 + rubric or ("title" in self.article.top_lines and len(lines) >= 1)

    def _take_credit(self, block: RawBlock) -> bool:
        line = block.single
        if not line or not is_byline(line) or self.article.byline:
            return False
        self.article.byline = line
        self.article.top_lines["byline"] = block.line
        credits = credits_of(line)
        self.article.authors, self.article.photo_credit = credits.authors, credits.photo
        self.article.credits = credits.by_role
        self.seen_credit = True
        return True

    def _take_doc_number(self, block: RawBlock) -> bool:
        """A document number ('某发〔2024〕8号') may stand above the title."""
        if furniture_role(block.single or "") != "doc_number":
            return False
        self.article.furniture.append(MetaLine("doc_number", block.lines[0], block.line))
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
        if "title" in self.article.top_lines:   # the sidecar named the title line
            if lines:
                self._set("kicker" if lines[0][1] < self.article.top_lines["title"] else "subtitle", lines[0])
        elif len(lines) == 1:
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


def credits_of(byline: str) -> Credits:
    """Names by role of a top byline; names printed without a role word are the authors."""
    if layout.ROLE_BYLINE.match(byline):
        return read_credits(byline)
    authors, photo = split_credit(byline)
    by_role = {layout.PLAIN_AUTHOR: authors} if authors else {}
    if photo:
        by_role["供图"] = [photo]
    return Credits(by_role, photo)


def top_like(line: str) -> bool:
    """A line that may open an article on consecutive lines: headline, byline, furniture, tag."""
    return bool(is_byline(line) or furniture_role(line) or COLUMN_TAG.match(line)
                or (not line.endswith("。") and any(c.isalnum() for c in line) and (len(line) <= SHORT_LINE or is_long_title(line))
                    and not layout.DATELINE.match(line)))


def strong_top(line: str) -> bool:
    """A top line recognisable on its own (byline or furniture by pattern), so the lines after it
    may be body text."""
    return bool(is_byline(line) or furniture_role(line) or COLUMN_TAG.match(line))


def _apply_furniture(article: Article) -> None:
    """Fill metadata fields from the furniture lines."""
    columns = []
    for meta in article.furniture:
        if meta.role == "page":
            article.page = re.sub(r"\D", "", meta.text) or meta.text
        elif meta.role == "publication":
            article.publication = meta.text
        elif meta.role == "date":
            article.date = _iso_date(meta.text)
        elif meta.role == "editor":
            label, _, name = re.split(r"([:：])", meta.text, maxsplit=1)
            article.editors[label] = name.strip()
        elif meta.role == "column":
            columns.append(meta.text)
        elif meta.role == "account":
            _apply_account_line(article, meta.text)
        elif meta.role == "origin":
            article.origin = re.split(r"[:：]", meta.text, maxsplit=1)[1].strip()
    if columns:
        article.column = "".join(columns)


def _iso_date(text: str) -> str:
    y, m, d = (int(n) for n in re.findall(r"\d+", text)[:3])
    return f"{y:04d}-{m:02d}-{d:02d}"


def _apply_account_line(article: Article, text: str) -> None:
    """'原创 作者 账号名 2023-11-02 19:45 地区': author (when two names), account, date, region."""
    match = layout.ACCOUNT_LINE.match(text)
    assert match is not None
    names = match.group("names").split()
    article.publication = names[-1]
    if len(names) >= 2:   # authors, then the account
        article.authors = names[:-1]
        article.credits = {layout.PLAIN_AUTHOR: names[:-1]}
    article.date = _iso_date(match.group("date"))


class _Body:
    """Builds sections and blocks, joining paragraphs split by a page break."""

    def __init__(self, article: Article, kinds: dict[int, str], short_headings: frozenset[int] = frozenset(),
                 interview: bool = False) -> None:
        self.article = article
        self.kinds = kinds
        self.short_headings = short_headings
        self.interview = interview
        self.section = Section("s0", None, None)
        article.sections.append(self.section)
        self.in_captions = False
        self.in_closing = False

    def take(self, block: RawBlock) -> None:
        if self.in_closing:
            self.article.closing.append(Block("paragraph", "\n".join(block.lines), block.line))
            return
        forced = self.kinds.get(block.line)
        heading = heading_form(block) if forced in (None, "heading") else None
        if heading is None and forced is None and block.line in self.short_headings:
            heading = ("short", 2, block.lines[0])
        if block.single in AD_MARKERS and forced is None:
            self.in_closing = True
            self.article.closing.append(Block("paragraph", block.lines[0], block.line))
        elif heading or forced == "heading":
            form, text = (heading[0], heading[2]) if heading else (None, join_lines(block.lines))
            self.section = Section(f"s{len(self.article.sections)}", text, block.line, form=form)
            self.article.sections.append(self.section)
            self.in_captions = False
        else:
            self._take_text(block, forced)

    def _take_text(self, block: RawBlock, forced: str | None) -> None:
        text = join_lines(block.lines)
        kind: BlockKind
        if forced in ("caption", "paragraph", "ornament"):
            kind = cast(BlockKind, forced)
        elif text in ORNAMENTS:
            kind = "ornament"
        elif text.startswith(CAPTION_MARKS):   # ▲ 图为… : a photo caption wherever it stands
            kind = "caption"
        else:
            self.in_captions = (block.gap >= CAPTION_GAP or self.in_captions) and len(text) <= CAPTION_MAX
            kind = "caption" if self.in_captions else "paragraph"
        speaker = self._speaker(text) if kind == "paragraph" and forced is None else None
        blocks = self.section.blocks
        previous = blocks[-1] if blocks else None
        if (kind == "paragraph" and forced is None and previous and previous.kind == "paragraph"
                and block.gap <= 1 and not previous.text.endswith(TERMINAL) and speaker is None
                and len(previous.text) >= PAGE_BREAK_MIN):
            previous.text += text
            previous.joined_lines += (block.line,)
            return
        blocks.append(Block(kind, text, block.line, joined_lines=(block.line,), speaker=speaker))

    def _speaker(self, text: str) -> str | None:
        """'记者：' / '问：' / '张三：' opening a turn of an interview."""
        match = layout.SPEAKER.match(text) if self.interview else None
        return text[: match.end()] if match else None


def assign_ids(article: Article) -> None:
    """Stable ids from position only (s2, s2-p3, s2-f1), never from displayed text."""
    for section in article.sections:
        counters = {"paragraph": 0, "caption": 0}
        for block in section.blocks:
            if block.kind in counters:
                counters[block.kind] += 1
                letter = "p" if block.kind == "paragraph" else "f"
                block.id = f"{section.id}-{letter}{counters[block.kind]}"


def _read_top(top: _TopMatter, blocks: list[RawBlock], may_guess_title: bool = True,
              warn: bool = True) -> int:
    """Consume the top matter; a block of consecutive top lines (title, byline, date with no blank
    line between them) is read line by line. A text that opens with no recognisable title gets its
    first line as the title (and a warning unless the sidecar gives the title), and the reading goes
    on. Returns the index of the first body block."""
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if top.take(block):
            index += 1
        elif (_splittable(block) or top.is_hinted(block.lines[0], block.line)) and top.take(
                RawBlock(block.lines[:1], block.line, block.gap)):
            blocks[index] = RawBlock(block.lines[1:], block.line + 1, 0)
        elif may_guess_title and top.nothing_but_rubric() and block.line not in top.kinds \
                and any(c.isalnum() for c in block.lines[0]):   # '---' is no title
            index = _title_from_first_line(top.article, blocks, index, warn)
            may_guess_title = False
        else:
            break
    return index


def _splittable(block: RawBlock) -> bool:
    """Whether the first line of a multi-line block may be a top line of its own: not the
    first line of a hard-wrapped paragraph."""
    if len(block.lines) < 2 or not top_like(block.lines[0]):
        return False
    second = block.lines[1]
    return strong_top(block.lines[0]) or top_like(second) or bool(layout.DATELINE.match(second))


def _no_title_warning(source: Path, line: int) -> str:
    fix = f"give 'title: …' in {source.with_suffix('.yml').name} if another line is the title"
    return f"{source}:{line}: no title could be recognised; its first line is used as the title. Fix: {fix}"


def _title_from_first_line(article: Article, blocks: list[RawBlock], index: int, warn: bool) -> int:
    """No title recognised: the first line is the (printed) title, and the editor is told how to
    fix it unless the sidecar already gives the title."""
    first = blocks[index]
    article.title = first.lines[0]
    article.top_lines["title"] = first.line
    if warn:
        article.warnings.append(_no_title_warning(article.source, first.line))
    if len(first.lines) == 1:
        return index + 1
    blocks[index] = RawBlock(first.lines[1:], first.line + 1, 0)
    return index


def _peel_end_matter(blocks: list[RawBlock], kinds: dict[int, str]) -> list[tuple[int, str, layout.EndLine]]:
    """Remove the credits, sign-off and end mark printed after the body text (before any closing
    advertisement) from blocks; return them as (line, text, role) in source order."""
    end = next((i for i, b in enumerate(blocks) if b.single in AD_MARKERS), len(blocks))
    peeled: list[tuple[int, str, layout.EndLine]] = []
    while end > 0:
        block = blocks[end - 1]
        keep = len(block.lines)
        while keep > 0 and block.line + keep - 1 not in kinds \
                and (role := _end_role(block.lines[keep - 1], peeled)):
            peeled.insert(0, (block.line + keep - 1, block.lines[keep - 1], role))
            keep -= 1
        if keep:
            if keep < len(block.lines):
                blocks[end - 1] = RawBlock(block.lines[:keep], block.line, block.gap)
            break
        del blocks[end - 1]
        end -= 1
    return peeled


def _end_role(line: str, after: list[tuple[int, str, layout.EndLine]]) -> layout.EndLine | None:
    """The end-matter role of a line, given the end matter found after it."""
    role = layout.end_line(line)
    if role:
        return role
    date = layout.signoff_date(line)
    if date and not after:
        return layout.EndLine("signoff_date", None, date)
    if after and after[0][2].role == "signoff_date" and layout.ISSUER.match(line):
        return layout.EndLine("issuer", None, line)
    return None


def _apply_end_matter(article: Article, peeled: list[tuple[int, str, layout.EndLine]]) -> None:
    """End matter becomes metadata: credits by role, editors, source, issuer and date."""
    for line, text, end in peeled:
        article.end_matter.append(MetaLine(end.role, text, line))
        if end.role in ("byline", "photo"):
            _merge_credits(article, read_credits(end.value or text))
        elif end.role == "credit" and end.label and end.value:
            if end.label in layout.AUTHOR_LABELS:
                _merge_credits(article, read_credits(f"{end.label} {end.value}"))
            else:
                article.editors[end.label] = end.value
        elif end.role == "source":
            article.origin = end.value
        elif end.role == "issuer":
            article.issuer = text
        elif end.role == "signoff_date" and article.date is None:
            article.date = end.value


def _merge_credits(article: Article, credits: Credits) -> None:
    for role, names in credits.by_role.items():
        known = article.credits.setdefault(role, [])
        known += [n for n in names if n not in known]
    article.authors += [n for n in credits.authors if n not in article.authors]
    article.photo_credit = article.photo_credit or credits.photo


def _short_heading_lines(blocks: list[RawBlock], kinds: dict[int, str]) -> frozenset[int]:
    """Lines that are headings only by standing short and alone between long paragraphs."""
    found = set()
    for before, block, after in zip(blocks, blocks[1:], blocks[2:]):
        line = block.single
        if (line and block.line not in kinds and layout.is_short_heading(line) and block.gap <= 1
                and after.gap <= 1 and heading_form(block) is None and line not in ORNAMENTS
                and min(len(join_lines(before.lines)), len(join_lines(after.lines))) >= layout.SHORT_HEADING_NEIGHBOUR):
            found.add(block.line)
    return frozenset(found)


def _set_levels(article: Article) -> None:
    """h2, h3, h4…: heading forms ranked in their nesting order ('#' by count, then 第一部分, 第一节,
    一、, （一）, 1., （1）, 【】, short lines); the highest form present is h2."""
    order = [f"md{n}" for n in range(1, 7)] + [name for name, _ in layout.HEADING_FORMS] + ["short"]
    present = sorted({s.form for s in article.sections if s.form in order}, key=order.index)
    for section in article.sections:
        if section.form in present:
            section.level = min(2 + present.index(section.form), 6)


def _read_dateline(article: Article) -> None:
    """A dateline opening the first paragraph gives agency, place, month-day and credits."""
    first = next((b for _, b in article.blocks() if b.kind == "paragraph"), None)
    dateline = layout.read_dateline(first.text) if first else None
    if dateline is None:
        opening = layout.OPENING_BYLINE.match(first.text) if first and not article.credits else None
        if opening:
            _merge_credits(article, read_credits(opening.group(1)))
        return
    article.dateline = dateline
    if dateline.credits.by_role:
        _merge_credits(article, dateline.credits)
    if article.publication is None and dateline.agency not in layout.LOCAL_AGENCY:
        article.publication = dateline.agency


def resolve_kinds(article: Article, blocks: list[RawBlock], kinds: dict[int | str, str]) -> dict[int, str]:
    """Sidecar kinds keyed by line number or by the text of a line (a whole block or one line)."""
    resolved = {k: v for k, v in kinds.items() if isinstance(k, int)}
    for key, value in kinds.items():
        if isinstance(key, int):
            continue
        wanted = " ".join(str(key).split())
        line = next((b.line for b in blocks if wanted in (" ".join(join_lines(b.lines).split()), b.lines[0])), None)
        if line is None:
            article.warnings.append(f"{article.source.with_suffix('.yml')}: kinds entry '{key}' matches no "
                                    "line of the text. Fix: copy the whole line, or give its line number")
        else:
            resolved[line] = value
    return resolved


def parse_article(source: Path, text: str, kinds: dict[int | str, str] | None = None,
                  hints: dict[str, str] | None = None) -> Article:
    """Parse checked seed text into an article model (metadata not yet from the sidecar).
    hints: headline fields the sidecar gives (title, kicker…), so their printed lines are found."""
    blocks = split_blocks(text)
    md_layout = any(MD_HEADING.match(b.single or "") for b in blocks)
    article = Article(source=source, slug=source.stem, title="")
    line_kinds = resolve_kinds(article, blocks, kinds or {})
    top = _TopMatter(article, md_layout, hints, line_kinds)
    # Without a title line named by the sidecar (by kinds, or a title: equal to a line), an
    # unrecognised first line is the printed title: a sidecar title: then replaces it on the page
    # (it stays in the box as 原刊标题) and the byline and date after it are still read.
    title_hint = " ".join(str((hints or {}).get("title") or "").split())
    warn = not title_hint
    guess = "title" not in line_kinds.values() and not any(
        title_hint == " ".join(line.split()) for b in blocks for line in b.lines)
    first_line = blocks[0].line if blocks else None
    index = _read_top(top, blocks, guess, warn)
    top.finish()
    if guess and warn and not article.title and first_line is not None:
        # Top lines but no title (a byline or a tag alone): read again with line one as the title.
        article = parse_article(source, text, {**(kinds or {}), first_line: "title"}, hints)
        article.warnings.append(_no_title_warning(source, first_line))
        return article
    body_blocks = blocks[index:]
    end_matter = _peel_end_matter(body_blocks, line_kinds)
    interview = sum(bool(layout.INTERVIEW_SPEAKER.match(b.lines[0])) for b in body_blocks) >= 2
    body = _Body(article, line_kinds, _short_heading_lines(body_blocks, line_kinds), interview)
    for block in body_blocks:
        body.take(block)
    _read_dateline(article)
    _apply_end_matter(article, end_matter)
    _set_levels(article)
    if not article.sections[0].blocks and len(article.sections) > 1:
        article.sections.pop(0)
    assign_ids(article)
    return article
