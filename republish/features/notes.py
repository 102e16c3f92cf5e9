"""Editorial notes anchored to exact quotations of an article's body text.

Editors write one YAML list per seed, `data/notes/<seed stem>.yml`. Each note
quotes the text exactly as printed (with `prefix`, `suffix` or `occurrence`
when the quotation occurs more than once) or, with `scope: article`, concerns
the whole article. On the page a note highlights its quotation, adds a
numbered marker showing the note, shows a proposed reading beside (never
instead of) the printed text, and lists all notes at the end of the article.
"""

from __future__ import annotations

import difflib
import pickle
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..errors import EditorError
from ..script import Converter
from .. import incremental
from .. import writer as w
from ..inline import Mark
from ..annotations import annotations_path
from ..model import Article, Block
from ..yamlio import Field, LineList, check_mapping, load_yaml
from .base import FeatureBase

NOTES_DIR = "notes"
# Kind label (as editors write it) -> ASCII class suffix.
KINDS: dict[str, str] = {"勘误": "correction", "存疑": "uncertain", "考证": "research", "背景": "context"}
CORRECTION = "勘误"
# How sure the editor is of a note's claim (as editors write it) -> ASCII class suffix.
CERTAINTIES: dict[str, str] = {"把握很大": "high", "把握较大": "fair", "存疑": "doubtful",
                               "不能确定": "unknown"}
SCOPES = ("text", "article")
TEXT_KINDS = ("paragraph", "caption")
HEADING = "编者注"
BACK_LABEL = "↩ 返回正文"
ARTICLE_LABEL = "全文"
READING_LABEL = "拟读"

NOTE_SCHEMA: dict[str, Field] = {
    "quote": Field((str,), hint="(the text exactly as printed)"),
    "prefix": Field((str,), hint="(text right before the quotation)"),
    "suffix": Field((str,), hint="(text right after the quotation)"),
    "occurrence": Field((int,), hint="(1 for the first occurrence, 2 for the second …)"),
    "kind": Field((str,), required=True, hint="(one of " + ", ".join(KINDS) + ")"),
    "certainty": Field((str,), required=True, hint="(one of " + ", ".join(CERTAINTIES) + ")"),
    "note": Field((str,), required=True, hint="(the note, in Chinese)"),
    "reading": Field((str,), hint="(the proposed full reading of the quoted text)"),
    "scope": Field((str,), hint="(text or article)"),
}
QUOTE_ONLY_KEYS = ("quote", "prefix", "suffix", "occurrence", "reading")


@dataclass(frozen=True)
class NoteSpec:
    """One note as the editor wrote it, with where it was written."""

    path: Path
    line: int
    kind: str
    note: str
    certainty: str
    quote: str | None = None
    prefix: str = ""
    suffix: str = ""
    occurrence: int | None = None
    reading: str | None = None

    @property
    def is_article_level(self) -> bool:
        return self.quote is None


@dataclass(frozen=True)
class Anchor:
    """Where a quotation sits: a block and a span [start, end) of its text."""

    block_index: int
    block_id: str
    start: int
    end: int


@dataclass(frozen=True)
class PlacedNote:
    """A note with its number in the article and its anchor (None: article-level)."""

    number: int
    spec: NoteSpec
    anchor: Anchor | None

    @property
    def note_id(self) -> str:
        return f"n{self.number}"

    @property
    def ref_id(self) -> str:
        return f"ref-n{self.number}"

    @property
    def kind_class(self) -> str:
        return KINDS[self.spec.kind]

    @property
    def certainty_class(self) -> str:
        return CERTAINTIES[self.spec.certainty]


# -----------------------------------------------------------------------------
# Reading and validating a notes file
# -----------------------------------------------------------------------------

def notes_path(data_dir: Path, article: Article) -> Path:
    """The notes file of an article: named after its seed file's stem."""
    return data_dir / NOTES_DIR / f"{article.source.stem}.yml"


def load_notes(path: Path) -> list[NoteSpec]:
    """Every note of a notes file, validated; an empty file has no notes."""
    data = load_yaml(path)
    if data is None:
        return []
    if not isinstance(data, LineList):
        raise EditorError(path, "a notes file must be a YAML list of notes",
                          "start each note with '- quote: …' (or '- scope: article')",
                          getattr(data, "line", 1))
    return [parse_note(path, item, data.item_lines[i]) for i, item in enumerate(data)]


def parse_note(path: Path, node: Any, line: int) -> NoteSpec:
    """One validated note from its YAML mapping."""
    if not isinstance(node, dict):
        raise EditorError(path, "a note must be a mapping of key: value",
                          "write the note as indented 'key: value' lines under '- '", line)
    node = check_mapping(path, node, NOTE_SCHEMA, "a note")
    lines = node.key_lines
    kind = node["kind"]
    if kind not in KINDS:
        raise EditorError(path, f"unknown note kind '{kind}'", "use one of: " + ", ".join(KINDS),
                          lines["kind"])
    _check_certainty(path, node)
    _require_text(path, node, "note")
    scope = node.get("scope", "text")
    if scope not in SCOPES:
        raise EditorError(path, f"unknown scope '{scope}'",
                          "write 'scope: article' for a note on the whole article, or omit scope",
                          lines["scope"])
    if scope == "article":
        return _article_note(path, node, line, kind)
    return _text_note(path, node, line, kind)


def _check_certainty(path: Path, node: Any) -> None:
    """A note says how sure it is with one of the listed words."""
    value = node["certainty"]
    if value not in CERTAINTIES:
        raise EditorError(path, f"unknown certainty '{value}'",
                          "use one of: " + ", ".join(CERTAINTIES), node.key_lines["certainty"])


def _require_text(path: Path, node: Any, key: str) -> str:
    """The value of a text key, refusing an empty or blank one."""
    value: str = node[key]
    if not value.strip():
        raise EditorError(path, f"'{key}' is empty", f"write the {key} text or remove the key",
                          node.key_lines[key])
    return value


def _article_note(path: Path, node: Any, line: int, kind: str) -> NoteSpec:
    """A note on the whole article: it has no quotation."""
    for key in QUOTE_ONLY_KEYS:
        if key in node:
            raise EditorError(path, f"a note with 'scope: article' cannot have '{key}'",
                              "remove the key, or remove 'scope: article' to anchor the note "
                              "to a quotation", node.key_lines[key])
    return NoteSpec(path, line, kind, _tidy(node["note"]), node["certainty"])


def _text_note(path: Path, node: Any, line: int, kind: str) -> NoteSpec:
    """A note anchored to a quotation of the body text."""
    if "quote" not in node:
        raise EditorError(path, "a note lacks the required key 'quote'",
                          "add 'quote: …' with the text exactly as printed, or 'scope: article' "
                          "for a note on the whole article", line)
    quote = _require_text(path, node, "quote")
    occurrence = node.get("occurrence")
    if occurrence is not None and occurrence < 1:
        raise EditorError(path, f"'occurrence' must be 1 or more, not {occurrence}",
                          "count occurrences from 1", node.key_lines["occurrence"])
    reading = node.get("reading")
    if reading is not None:
        _check_reading(path, node, kind, quote, reading)
    return NoteSpec(path, line, kind, _tidy(node["note"]), node["certainty"], quote,
                    node.get("prefix", ""), node.get("suffix", ""), occurrence, reading)


def _check_reading(path: Path, node: Any, kind: str, quote: str, reading: str) -> None:
    """A reading belongs to a correction, differs from the quote and adds nothing before it."""
    line = node.key_lines["reading"]
    if kind != CORRECTION:
        raise EditorError(path, f"'reading' is only for notes of kind {CORRECTION}",
                          f"change the kind to {CORRECTION} or put the alternative in the note",
                          line)
    if not reading.strip() or reading == quote:
        raise EditorError(path, "'reading' is empty or the same as the quote",
                          "write the full corrected text of the quoted span", line)
    if any(op == "insert" and i1 == 0 for op, i1, *_ in _opcodes(quote, reading)):
        raise EditorError(path, f"the reading '{reading}' adds text before the quotation '{quote}'",
                          "start the quote (and the reading) one character earlier", line)


def _tidy(text: str) -> str:
    """Note text on one line: a break or run of spaces stays one space only next to a Latin word."""
    parts = text.split()
    out = parts[0] if parts else ""
    for part in parts[1:]:
        left, right = out[-1], part[0]
        keep = (_is_latin(left) or _is_latin(right)) and not (_is_wide_punct(left)
                                                               or _is_wide_punct(right))
        out += (" " if keep else "") + part
    return out


def _is_latin(char: str) -> bool:
    """An ASCII letter or digit (a space beside it is meaningful)."""
    return char.isascii() and char.isalnum()


def _is_wide_punct(char: str) -> bool:
    """Chinese punctuation such as 。,“ (no space is ever wanted beside it)."""
    return not char.isascii() and unicodedata.category(char).startswith("P")


def _opcodes(quote: str, reading: str) -> Sequence[tuple[str, int, int, int, int]]:
    """Character-level edit operations turning the printed quote into the reading."""
    return difflib.SequenceMatcher(None, quote, reading, autojunk=False).get_opcodes()


# -----------------------------------------------------------------------------
# Anchoring quotations in the text
# -----------------------------------------------------------------------------

def text_blocks(article: Article) -> list[Block]:
    """The blocks a quotation may be taken from: paragraphs and captions, in reading order."""
    return [block for _, block in article.blocks() if block.kind in TEXT_KINDS]


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of quote in text."""
    starts, start = [], text.find(quote)
    while start >= 0:
        starts.append(start)
        start = text.find(quote, start + 1)
    return starts


def find_anchor(spec: NoteSpec, blocks: list[Block]) -> Anchor:
    """The one place a note's quotation designates, or an EditorError saying how to fix it."""
    assert spec.quote is not None
    quote = spec.quote
    found = [Anchor(i, b.id, s, s + len(quote)) for i, b in enumerate(blocks)
             for s in occurrences(b.text, quote)]
    if not found:
        raise _not_found(spec, blocks)
    fitting = [a for a in found if _context_fits(spec, blocks[a.block_index].text, a)]
    if not fitting:
        raise EditorError(spec.path, f"the quotation '{quote}' occurs {len(found)} time(s) but "
                          f"never with {_context_words(spec)}",
                          "copy prefix/suffix exactly from the text right before/after the "
                          "quotation, in the same paragraph", spec.line)
    if spec.occurrence is not None:
        if spec.occurrence > len(fitting):
            raise EditorError(spec.path, f"'occurrence: {spec.occurrence}' but the quotation "
                              f"'{quote}' occurs only {len(fitting)} time(s)",
                              f"use an occurrence from 1 to {len(fitting)}", spec.line)
        return fitting[spec.occurrence - 1]
    if len(fitting) > 1:
        places = ", ".join(a.block_id for a in fitting)
        raise EditorError(spec.path, f"the quotation '{quote}' occurs {len(fitting)} times "
                          f"(in {places})", "add 'prefix:' or 'suffix:' (text right before or "
                          "after it) or 'occurrence: N' to choose one", spec.line)
    return fitting[0]


def _context_fits(spec: NoteSpec, text: str, anchor: Anchor) -> bool:
    """Whether the text around an occurrence matches the note's prefix and suffix."""
    return (text[: anchor.start].endswith(spec.prefix)
            and text[anchor.end:].startswith(spec.suffix))


def _context_words(spec: NoteSpec) -> str:
    """'prefix …' / 'suffix …' as the editor gave them, for a message."""
    given = [f"{key} '{value}'" for key, value in (("prefix", spec.prefix), ("suffix", spec.suffix))
             if value]
    return " and ".join(given)


def _not_found(spec: NoteSpec, blocks: list[Block]) -> EditorError:
    """The error for a quotation found nowhere, with the likeliest reason."""
    quote = spec.quote or ""
    for first, second in zip(blocks, blocks[1:]):
        joined = first.text + second.text
        if any(s < len(first.text) < s + len(quote) for s in occurrences(joined, quote)):
            return EditorError(spec.path, f"the quotation '{quote}' runs across two blocks "
                               f"({first.id} and {second.id})", "split it into two notes, one per "
                               "paragraph/caption, or shorten it to one of them", spec.line)
    folded = unicodedata.normalize("NFKC", quote)
    if any(folded in unicodedata.normalize("NFKC", b.text) for b in blocks):
        return EditorError(spec.path, f"the quotation '{quote}' is not in the text as printed "
                           "(its punctuation or character width differs)", "copy the quotation "
                           "from the seed: it may use ASCII ',' '(' where you typed '，' '（'",
                           spec.line)
    return EditorError(spec.path, f"the quotation '{quote}' is not in the article's paragraphs "
                       "or captions", "copy it exactly as printed (same characters, script and "
                       "punctuation), or use 'scope: article' for a note on the whole article",
                       spec.line)


def place_notes(specs: list[NoteSpec], article: Article) -> list[PlacedNote]:
    """Anchor every note and number them 1..N: text notes in reading order, then article notes."""
    blocks = text_blocks(article)
    anchored = [(find_anchor(spec, blocks), i, spec) for i, spec in enumerate(specs)
                if not spec.is_article_level]
    anchored.sort(key=lambda item: (item[0].block_index, item[0].start, item[0].end, item[1]))
    article_level = [s for s in specs if s.is_article_level]
    placed = [PlacedNote(n, spec, anchor) for n, (anchor, _, spec) in enumerate(anchored, start=1)]
    first = len(placed) + 1
    placed += [PlacedNote(n, spec, None) for n, spec in enumerate(article_level, start=first)]
    return placed


# -----------------------------------------------------------------------------
# Rendering
# -----------------------------------------------------------------------------

def tip_text(note: PlacedNote) -> str:
    """The note as one line of plain text, for the hover tip and the screen-reader label."""
    reading = f"{READING_LABEL}“{note.spec.reading}”。" if note.spec.reading else ""
    return f"{reading}{note.spec.note}（{note.spec.certainty}）"


def marker_html(note: PlacedNote) -> str:
    """The superscript marker linking to the note, carrying its text for the tip.

    Its accessible name is short (注3(勘误,把握很大)); the note itself is its description,
    so the note text is written once in the marker rather than twice."""
    label = f"注{note.number}({note.spec.kind},{note.spec.certainty})"
    marker = w.link(f"#{note.note_id}", w.text(f"〔{note.number}〕"), id=note.ref_id, aria_label=label,
                    aria_describedby=note.note_id, data_tip=tip_text(note), data_kind=note.kind_class)
    return w.span(marker, (w.EDITORIAL, "rp-note-ref", f"rp-note-{note.kind_class}"), tag="sup")


def insertion_html(note: PlacedNote, text: str) -> str:
    """Characters the reading adds, shown beside the printed text."""
    return w.span(w.text(f"〔{text}〕"), (w.EDITORIAL, "rp-reading"), tag="ins", data_note=note.note_id)


def note_marks(note: PlacedNote) -> list[Mark]:
    """The highlight of a note's quotation, followed by its marker, plus its reading's marks."""
    anchor = note.anchor
    assert anchor is not None
    span = Mark(anchor.start, anchor.end,
                w.open_tag("mark", ("rp-note-span", f"rp-note-{note.kind_class}"), data_note=note.note_id),
                "</mark>", after=marker_html(note), order=note.number)
    return [span, *reading_marks(note)]


def reading_marks(note: PlacedNote) -> list[Mark]:
    """Marks showing a correction: printed characters to drop, characters to add after them."""
    if note.spec.reading is None or note.anchor is None:
        return []
    base = note.anchor.start
    marks: list[Mark] = []
    for op, i1, i2, j1, j2 in _opcodes(note.spec.quote or "", note.spec.reading):
        added = insertion_html(note, note.spec.reading[j1:j2]) if j2 > j1 else ""
        if op in ("delete", "replace"):
            marks.append(Mark(base + i1, base + i2,
                              w.open_tag("span", ("rp-del",), data_note=note.note_id), "</span>",
                              after=added, order=note.number))
        elif op == "insert":
            # An empty mark on the character before the insertion point carries the insertion.
            marks.append(Mark(base + i1 - 1, base + i1, "", "", after=added, order=note.number))
    return marks


def certainty_html(note: PlacedNote) -> str:
    """How sure the note is, as words (the style only adds a border, never the meaning)."""
    return w.span(w.text(note.spec.certainty), ("rp-note-certainty", f"rp-certainty-{note.certainty_class}"))


def note_item_html(note: PlacedNote) -> str:
    """One entry of the list of notes: an <li> with the note's id (markers link to it)."""
    spec = note.spec
    parts = [w.span(w.text(spec.kind), ("rp-note-kind",)), certainty_html(note)]
    if spec.quote is None:
        parts.append(w.span(w.text(ARTICLE_LABEL), ("rp-note-scope",)))
    else:
        parts.append(w.span(w.text(spec.quote), ("rp-note-quote",), tag="q"))
    if spec.reading:
        parts.append(w.span(w.text(READING_LABEL) + w.span(w.text(spec.reading), tag="q"), ("rp-note-reading",)))
    parts.append(w.span(w.text(spec.note), ("rp-note-text",)))
    if note.anchor is not None:
        parts.append(w.link(f"#{note.ref_id}", w.text(BACK_LABEL), classes=("rp-note-back",)))
    return w.element(f"li.rp-note.rp-note-{note.kind_class}#{note.note_id}", " ".join(parts), markdown="inline")


def notes_section(notes: list[PlacedNote]) -> str:
    """The 编者注 section closing an article (empty when there are no notes): a heading the
    table of contents lists, and the numbered notes."""
    if not notes:
        return ""
    items = w.element("ol.rp-notes-list", "".join(note_item_html(n) for n in notes), depth=4)
    return w.element("section.rp-ed.rp-notes", w.heading(2, HEADING, "notes") + items, depth=5,
                     aria_labelledby="notes")


def annotations_link(article: Article) -> str:
    """Where the notes can be had as data (republish.annotations writes the file)."""
    path = annotations_path(article, "hans")
    return w.paragraph(w.text("编者注的数据版本（W3C Web Annotation，JSON-LD）：")
                       + w.link(path, w.code(path.rsplit("/", 1)[-1]), type="application/ld+json"),
                       classes=(w.EDITORIAL, "rp-notes-data"))


# -----------------------------------------------------------------------------
# The feature
# -----------------------------------------------------------------------------

class NotesFeature(FeatureBase):
    """Contributes note highlights and markers to blocks and the list of notes to articles."""

    def __init__(self, notes_by_stem: dict[str, list[PlacedNote]]) -> None:
        self.notes_by_stem = notes_by_stem

    def notes(self, article: Article) -> list[PlacedNote]:
        """All placed notes of an article, numbered."""
        return self.notes_by_stem.get(article.source.stem, [])

    def marks(self, article: Article, block: Block) -> list[Mark]:
        return [mark for note in self.notes(article)
                if note.anchor is not None and note.anchor.block_id == block.id
                for mark in note_marks(note)]

    def contribution_key(self, article: Article) -> str:
        """An article's highlights and list of notes follow from it and its own notes alone."""
        return incremental.digest(pickle.dumps(self.notes(article), pickle.HIGHEST_PROTOCOL))

    def article_bottom(self, article: Article) -> str:
        notes = self.notes(article)
        return notes_section(notes) + (annotations_link(article) if notes else "")


def build(articles: list[Article], data_dir: Path, converter: Converter | None = None) -> NotesFeature:
    """Read, validate and anchor every article's notes; refuse notes files matching no seed."""
    stems = {a.source.stem for a in articles}
    folder = data_dir / NOTES_DIR
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        if path.stem not in stems:
            raise EditorError(path, "this notes file matches no seed",
                              "name it after a seed file (e.g. <seed stem>.yml) or delete it")
    notes_by_stem: dict[str, list[PlacedNote]] = {}
    for article in articles:
        path = notes_path(data_dir, article)
        if path.is_file():
            notes_by_stem[article.source.stem] = place_notes(load_notes(path), article)
    return NotesFeature(notes_by_stem)
