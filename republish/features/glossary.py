"""Glossary: explain terms where they occur and list every occurrence on one page.

Data: `data/glossary.yml`, a list of entries (term, aliases, full, en,
definition, reference, pinyin, unused_ok) checked by `load_glossary`; every
mistake is an EditorError naming the file, the line and the fix.

Matching (`TermMatcher`) understands text without spaces: Python-Markdown's
abbr extension relies on `\\b` and so finds nothing in "MDT多学科会诊". Here
every term and alias goes into a character trie; scanning from each position
takes the longest form that starts there, then continues after it (leftmost,
longest, non-overlapping). Cost is O(len(text) × longest form), linear in the
text whatever the size of the glossary. A form whose first (last) character
is an ASCII letter or digit must not be preceded (followed) by another one,
so MDT is found in "MDT多学科会诊" and "(MDT)" but not in "XMDTY"; CJK forms
have no boundary rule. Two hits of the same entry that touch ("MDT" followed
by its alias "多学科会诊") are one occurrence.

Marking policy: EVERY occurrence in body paragraphs and photo captions is
marked, not only the first one, because readers arrive at single paragraphs
through deep links (cross-references, the glossary's own occurrence lists)
and must find the explanation there. Headings and page furniture are never
marked.

Accessible markup of a marked term:
    <a class="rp-term" href="@/glossary.md#mdt" data-term="mdt"
       aria-describedby="rp-tip-mdt">MDT</a>
- a real link, so it is reachable with Tab and leads to the glossary entry;
- no `title` attribute (Material's content.tooltips would add a second
  tooltip); rp.js shows the text of the aria-describedby element on hover,
  focus and tap, so a definition is written once per page however often the
  term occurs (page weight);
- the link's accessible name stays the visible text (so speech input can
  target what is seen); screen readers get the full form and definition as
  its description from `aria-describedby`, which points to one hidden
  element per term that `article_bottom` emits once per article page inside
  a hidden `rp-ed` container.

Anchors and order on the glossary page come from the term's Latin spelling:
toneless pinyin of Chinese characters (pypinyin, or the entry's `pinyin` key
where a polyphonic character is read wrongly), Latin letters and digits as
written, lowercased, with Roman numeral characters (Ⅲ) read as letters (iii).
The anchor joins these syllables with hyphens (医联体 → yi-lian-ti, MDT →
mdt; a clash gets -2, -3…). Entries sort syllable by syllable on the same
spelling, so Latin-letter terms stand among the Chinese ones under their
first letter (MDT under M); ties are broken by tones, then by the term.
"""

from __future__ import annotations

import functools
import itertools
import pickle
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from .. import incremental
from ..errors import EditorError
from ..pinyin import pinyin
from ..script import Converter
from .. import writer as w
from ..inline import Mark
from ..model import Article, Block, BlockRef
from ..yamlio import Field, LineList, check_mapping, load_yaml
from .base import ExtraPage, FeatureBase

GLOSSARY_FILE = "glossary.yml"
PAGE_PATH = "glossary.md"
PAGE_TITLE = "术语表"
MARKED_KINDS = frozenset({"paragraph", "caption"})
TIP_ID_PREFIX = "rp-tip-"

SCHEMA: dict[str, Field] = {
    "term": Field((str,), required=True, hint="with the term exactly as the articles write it"),
    "aliases": Field((list,), hint="as a list, e.g. [多学科会诊]"),
    "full": Field((str,), required=True, hint="with the full form of the term"),
    "en": Field((str,), required=True, hint="with an English gloss"),
    "definition": Field((str,), required=True, hint="with a 1–3 sentence definition in Chinese"),
    "reference": Field((str,), hint="naming the policy document or standard"),
    "pinyin": Field((str,), hint="as toneless syllables separated by spaces, e.g. 'cu zhong'"),
    "unused_ok": Field((bool,), hint="(true or false)"),
}
TEXT_KEYS = ("term", "full", "en", "definition", "reference", "pinyin")
PINYIN_SPELLING = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")
WHITESPACE_RUN = re.compile(r"\s+")


@dataclass(frozen=True)
class Entry:
    """One glossary entry as the editor wrote it, plus its page anchor."""

    term: str
    full: str
    en: str
    definition: str
    aliases: tuple[str, ...] = ()
    reference: str | None = None
    pinyin: str | None = None
    unused_ok: bool = False
    line: int = 0
    anchor: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        """Every spelling that is matched in the text: the term, then its aliases."""
        return (self.term, *self.aliases)

    @property
    def tip(self) -> str:
        """Tooltip and screen-reader description: term, full form, definition."""
        head = self.term if self.full == self.term else f"{self.term}：{self.full}"
        return f"{head}。{self.definition}"


@dataclass(frozen=True)
class Hit:
    """A matched span [start, end) of a text and the entry it belongs to."""

    start: int
    end: int
    entry: Entry


# -----------------------------------------------------------------------------
# Loading and validation
# -----------------------------------------------------------------------------

def load_glossary(path: Path) -> list[Entry]:
    """Read and check the glossary file; entries keep file order and get unique anchors."""
    if not path.is_file():
        raise EditorError(path, "the glossary file is missing",
                          "create it as a YAML list of entries (term, full, en, definition)")
    data = load_yaml(path)
    if not isinstance(data, LineList) or not data:
        raise EditorError(path, "the glossary must be a non-empty YAML list of entries",
                          "start each entry with '- term: …'", getattr(data, "line", 1))
    entries = [_entry(path, node, data.item_lines[i], i + 1) for i, node in enumerate(data)]
    _check_unique_forms(path, entries)
    return _with_anchors(entries)


def _entry(path: Path, node: Any, line: int, number: int) -> Entry:
    """Check one YAML mapping against the schema and turn it into an Entry."""
    node = check_mapping(path, node, SCHEMA, f"glossary entry {number}")
    for key in TEXT_KEYS:
        if key in node:
            _check_text(path, node, key, node[key], node.key_lines[key])
    aliases = node.get("aliases", [])
    for index, alias in enumerate(aliases):
        alias_line = aliases.item_lines[index]
        if not isinstance(alias, str):
            raise EditorError(path, f"alias {index + 1} of '{node['term']}' is not text",
                              "write each alias as text, e.g. [多学科会诊]", alias_line)
        _check_text(path, node, "aliases", alias, alias_line)
    pinyin = node.get("pinyin")
    if pinyin is not None and not PINYIN_SPELLING.fullmatch(pinyin):
        raise EditorError(path, f"pinyin '{pinyin}' of '{node['term']}' is not plain syllables",
                          "write lowercase toneless syllables separated by single spaces, "
                          "e.g. 'cu zhong zhong xin'", node.key_lines["pinyin"])
    reference = node.get("reference")
    return Entry(term=node["term"], full=join_wrapped(node["full"]), en=join_wrapped(node["en"]),
                 definition=join_wrapped(node["definition"]), aliases=tuple(aliases),
                 reference=join_wrapped(reference) if reference else None, pinyin=pinyin,
                 unused_ok=node.get("unused_ok", False), line=line or node.line)


def join_wrapped(text: str) -> str:
    """Undo line wrapping: no space next to CJK text, one space between Latin words."""
    stripped = text.strip()

    def join(match: re.Match[str]) -> str:
        left, right = stripped[match.start() - 1], stripped[match.end()]
        return " " if left.isascii() and right.isascii() else ""
    return WHITESPACE_RUN.sub(join, stripped)


def _check_text(path: Path, node: dict[str, Any], key: str, value: str, line: int) -> None:
    """Refuse empty text and (for matched forms) spaces at either end."""
    if not value.strip():
        raise EditorError(path, f"'{key}' of glossary entry '{node.get('term', '?')}' is empty",
                          f"write the {key} text or remove the key if it is optional", line)
    if key in ("term", "aliases") and value != value.strip():
        raise EditorError(path, f"'{value}' has spaces at its start or end",
                          "remove the spaces: terms are matched exactly", line)


def _check_unique_forms(path: Path, entries: list[Entry]) -> None:
    """Each term and alias may belong to one entry only, and only once."""
    owner: dict[str, Entry] = {}
    for entry in entries:
        for position, form in enumerate(entry.forms):
            first = owner.get(form)
            if first is None:
                owner[form] = entry
                continue
            raise EditorError(path, _clash_problem(form, position, first, entry),
                              _clash_fix(first, entry), entry.line)


def _clash_problem(form: str, position: int, first: Entry, entry: Entry) -> str:
    """Describe why a term or alias is not unique."""
    what = "term" if position == 0 else "alias"
    if first is entry:
        return f"'{entry.term}' lists '{form}' twice (as term or alias)"
    claimed = "the term" if form == first.term else "an alias"
    return f"{what} '{form}' is already {claimed} of the entry '{first.term}' (line {first.line})"


def _clash_fix(first: Entry, entry: Entry) -> str:
    """How to resolve a clash between two entries (or within one)."""
    if first is entry:
        return "keep one copy"
    return "merge the two entries, or remove the form from one of them"


# -----------------------------------------------------------------------------
# Latin spelling: anchors and sort order
# -----------------------------------------------------------------------------

def latin_syllables(entry: Entry) -> list[str]:
    """The term's spelling in Latin letters: pinyin syllables and ASCII words, lowercased."""
    if entry.pinyin:
        return entry.pinyin.split()
    syllables: list[str] = []
    for chunk in pinyin(entry.term):
        syllables += re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKC", chunk).lower())
    return syllables


def sort_key(entry: Entry) -> tuple[list[str], list[str], str]:
    """Syllable by syllable on the Latin spelling, then by tones, then by the term."""
    tones = [] if entry.pinyin else pinyin(entry.term, "tone3")
    return latin_syllables(entry), tones, entry.term


def _with_anchors(entries: list[Entry]) -> list[Entry]:
    """Give each entry a unique ASCII anchor from its Latin spelling."""
    seen: set[str] = set()
    result = []
    for entry in entries:
        base = "-".join(latin_syllables(entry)) or "term"
        if base[0].isdigit():
            base = f"t-{base}"
        anchor, number = base, 1
        while anchor in seen:
            number += 1
            anchor = f"{base}-{number}"
        seen.add(anchor)
        result.append(replace(entry, anchor=anchor))
    return result


# -----------------------------------------------------------------------------
# Matching
# -----------------------------------------------------------------------------

_END = ""  # trie key marking that a form ends at this node (never a character)


def _is_word_char(char: str) -> bool:
    """ASCII letters and digits form words that a term must not cut into."""
    return char.isascii() and char.isalnum()


def _at_boundary(text: str, start: int, end: int) -> bool:
    """True unless the span cuts an ASCII word at its start or its end."""
    if start > 0 and _is_word_char(text[start]) and _is_word_char(text[start - 1]):
        return False
    return not (end < len(text) and _is_word_char(text[end - 1]) and _is_word_char(text[end]))


class TermMatcher:
    """Finds glossary forms in CJK text: leftmost, longest, non-overlapping."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._trie: dict[str, Any] = {}
        self._entries = list(entries)
        self._number = {id(entry): index for index, entry in enumerate(self._entries)}
        for entry in self._entries:
            for form in entry.forms:
                node = self._trie
                for char in form:
                    node = node.setdefault(char, {})
                node[_END] = entry
        # Where a form can begin: the scan leaps from one such character to the next in C
        # instead of trying every position (most of a text starts no form).
        firsts = sorted(char for char in self._trie if char != _END)
        self._first = re.compile("[" + "".join(map(re.escape, firsts)) + "]") if firsts else None
        # What a text's hits depend on besides the text: each entry's forms, in order (a later
        # entry takes a form an earlier one has). A serve rebuild finds unchanged texts' hits
        # there (republish.incremental); a one-off build keeps them for this build only.
        self._known = incremental.store().table("glossary hits")
        self._forms = incremental.digest(*(f"{e.anchor}\t" + "\t".join(e.forms) for e in self._entries))

    def find(self, text: str) -> list[Hit]:
        """Every hit in text order; touching hits of the same entry are merged."""
        return self.hits(self.spans(text))

    def spans(self, text: str) -> tuple[tuple[int, int, int], ...]:
        """find's hits as (start, end, entry number): what a serve rebuild keeps."""
        known: tuple[tuple[int, int, int], ...] = incremental.remembered(
            self._known, (self._forms, text),
            lambda: tuple((hit.start, hit.end, self._number[id(hit.entry)]) for hit in self._scan(text)))
        return known

    def hits(self, spans: tuple[tuple[int, int, int], ...]) -> list[Hit]:
        return [Hit(start, end, self._entries[index]) for start, end, index in spans]

    @property
    def forms_key(self) -> str:
        """What a text's hits depend on besides the text."""
        return self._forms

    def _scan(self, text: str) -> list[Hit]:
        hits: list[Hit] = []
        position = 0
        while self._first is not None and (candidate := self._first.search(text, position)):
            position = candidate.start()
            hit = self._longest_at(text, position)
            if hit is None:
                position += 1
                continue
            if hits and hits[-1].entry is hit.entry and hits[-1].end == hit.start:
                hit = Hit(hits.pop().start, hit.end, hit.entry)
            hits.append(hit)
            position = hit.end
        return hits

    def _longest_at(self, text: str, start: int) -> Hit | None:
        """The longest form starting at `start` that respects ASCII word boundaries."""
        node = self._trie
        best: Hit | None = None
        for end in range(start + 1, len(text) + 1):
            child = node.get(text[end - 1])
            if child is None:
                break
            node = child
            entry = node.get(_END)
            if entry is not None and _at_boundary(text, start, end):
                best = Hit(start, end, entry)
        return best


# -----------------------------------------------------------------------------
# The feature
# -----------------------------------------------------------------------------

def _is_marked(block: Block) -> bool:
    """Only body paragraphs and photo captions carry term links."""
    return block.kind in MARKED_KINDS and bool(block.id)


@dataclass
class GlossaryFeature(FeatureBase):
    """Term links on article pages and the glossary page with every occurrence."""

    entries: list[Entry]
    source: Path
    matcher: TermMatcher = field(init=False)
    # Position of each entry (by anchor) in pinyin order, computed once (pinyin is slow on a cold memo).
    rank: dict[str, int] = field(init=False)
    # Every occurrence, one BlockRef per hit, in article order then reading order.
    occurrences: dict[str, list[BlockRef]] = field(init=False)
    # The hits of each marked block, keyed by (article slug, block id): each text is scanned once.
    hits: dict[tuple[str, str], list[Hit]] = field(init=False)

    def __post_init__(self) -> None:
        self.matcher = TermMatcher(self.entries)
        self.occurrences = {entry.anchor: [] for entry in self.entries}
        self.hits = {}
        self.rank = {e.anchor: i for i, e in enumerate(sorted(self.entries, key=sort_key))}

    def collect(self, articles: Iterable[Article]) -> None:
        """Record every hit in the articles' body blocks."""
        store = incremental.store()
        for article in articles:
            marked = [(section, block) for section, block in article.blocks() if _is_marked(block)]
            found = store.per_block("glossary hits of an article", article, [block.text for _, block in marked],
                                    (self.matcher.forms_key,), self.matcher.spans)
            for (section, block), spans in zip(marked, found):
                hits = self.hits[(article.slug, block.id)] = self.matcher.hits(spans)
                if hits:
                    ref = BlockRef.of(article, section, block)
                    for hit in hits:
                        self.occurrences[hit.entry.anchor].append(ref)

    # -- article pages --------------------------------------------------------

    def marks(self, article: Article, block: Block) -> list[Mark]:
        """One atomic link mark per hit in a paragraph or caption."""
        if not _is_marked(block):
            return []
        return [self._mark(hit) for hit in self._hits_of(article, block)]

    def _hits_of(self, article: Article, block: Block) -> list[Hit]:
        """The block's hits, from `collect` when it saw the block."""
        key = (article.slug, block.id)
        if key not in self.hits:
            self.hits[key] = self.matcher.find(block.text)
        return self.hits[key]

    def _mark(self, hit: Hit) -> Mark:
        """The accessible link wrapping one matched term: a Markdown link to its entry."""
        return Mark(hit.start, hit.end, "[", _term_link_end(hit.entry.anchor), atomic=True)

    def contribution_key(self, article: Article) -> str:
        """An article's term links and tips follow from its text and the entries alone."""
        return self.entries_key

    @functools.cached_property
    def entries_key(self) -> str:
        return incremental.digest(pickle.dumps(self.entries, pickle.HIGHEST_PROTOCOL))

    def article_bottom(self, article: Article) -> str:
        """Hidden descriptions that the term links' aria-describedby point to."""
        used = {hit.entry.anchor: hit.entry for _, block in article.blocks() if _is_marked(block)
                for hit in self._hits_of(article, block)}
        if not used:
            return ""
        spans = "".join(_tip_span(entry.anchor, entry.tip)
                        for entry in sorted(used.values(), key=lambda e: self.rank[e.anchor]))
        title = w.span(w.text("本文术语释义"), ("rp-term-tips-title",))
        return w.element("div.rp-ed.rp-term-tips", title + spans, markdown="inline",
                         data={w.NOT_SEARCHED: ""}, hidden="")

    # -- reporting ------------------------------------------------------------

    def unused_entries(self) -> list[Entry]:
        """Entries not marked unused_ok that occur nowhere (a likely misspelling)."""
        return [e for e in self.entries if not e.unused_ok and not self.occurrences[e.anchor]]

    def warnings(self) -> list[str]:
        """One line per unused entry, for the build log (fatal under --strict)."""
        return [EditorError(self.source, f"glossary term '{e.term}' occurs in no article",
                            "check its spelling against the article text, or add "
                            "'unused_ok: true'", e.line).one_line()
                for e in self.unused_entries()]

    # -- the glossary page ----------------------------------------------------

    def pages(self) -> list[ExtraPage]:
        """The glossary page: entries in pinyin order with their occurrences."""
        return [ExtraPage(PAGE_PATH, PAGE_TITLE, self.page_markdown())]

    def page_markdown(self) -> str:
        """Markdown of the glossary page: each entry a heading and a definition list."""
        intro = ("本表解释文章中出现的医学术语、医改用语和党建用语，按汉语拼音排序"
                 "（以拉丁字母书写的术语按字母与拼音一并排序）。正文中的术语链接到本表相应条目，"
                 f"每个条目下列出它在文中出现的全部位置。共收 {len(self.entries)} 条。")
        parts = [w.paragraph(w.text(intro), classes=("rp-gloss-intro",))]
        kept = incremental.store().table("glossary occurrences")    # an entry's list, by its places
        for entry in sorted(self.entries, key=sort_key):
            parts.append(w.heading(2, entry.term, entry.anchor))
            parts.append(w.definitions(_entry_rows(entry)))
            refs = self.occurrences[entry.anchor]
            parts.append(incremental.remembered(kept, tuple(refs), functools.partial(self._occurrences, refs)))
        return "".join(parts)

    @staticmethod
    def _occurrences(refs: list[BlockRef]) -> str:
        """'共 N 处' and one link per block (with its count when the block has several)."""
        if not refs:
            return w.paragraph(w.text("文中未出现。"), classes=("rp-gloss-count",))
        items = []
        for ref, group in itertools.groupby(refs):
            times = len(list(group))
            items.append(w.block_link(ref) + (f"（{times} 处）" if times > 1 else ""))
        return (w.paragraph(w.text(f"文中出现共 {len(refs)} 处："), classes=("rp-gloss-count",))
                + w.unsearched(w.bullets(items), ("rp-gloss-occurrences",)))


@functools.lru_cache(maxsize=4096)
def _term_link_end(anchor: str) -> str:
    """What follows a term's text in its link: "](…){ … }" (written once per entry, not per hit)."""
    return w.link(f"{PAGE_PATH}#{anchor}", "", classes=("rp-term",), data_term=anchor,
                  aria_describedby=f"{TIP_ID_PREFIX}{anchor}")[1:]


@functools.lru_cache(maxsize=4096)
def _tip_span(anchor: str, tip: str) -> str:
    """The hidden description of one entry, as every article that uses the entry writes it."""
    return w.span(w.text(tip), id=f"{TIP_ID_PREFIX}{anchor}")


def _entry_rows(entry: Entry) -> list[tuple[str, str, bool]]:
    """The definition list of an entry: full form, English, other forms, definition, source."""
    rows = [("全称", w.text(entry.full), False)] if entry.full != entry.term else []
    rows.append(("英文", w.span(w.text(entry.en), lang="en"), False))
    if entry.aliases:
        rows.append(("又作", w.text("、".join(entry.aliases)), False))
    rows.append(("释义", w.text(entry.definition), False))
    if entry.reference:
        rows.append(("出处", w.text(entry.reference), False))
    return rows


def build(articles: list[Article], data_dir: Path, converter: Converter | None = None) -> GlossaryFeature:
    """Load `glossary.yml` from the data directory and index every occurrence."""
    path = data_dir / GLOSSARY_FILE
    feature = GlossaryFeature(load_glossary(path), path)
    feature.collect(articles)
    return feature
