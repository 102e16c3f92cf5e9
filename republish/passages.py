"""Find passages that two articles share verbatim or nearly (互见段落).

How it works, and why it stays about linear in the number of articles:

1. Normalise every body block: keep letters, digits and CJK characters (NFKC,
   lower case), drop punctuation and spaces, and remember where each kept
   character sits in the block's text.
2. Shingle: every window of `shingle_chars` normalised characters. An inverted
   index maps shingle -> blocks that contain it. A shingle found in more than
   `max_blocks_per_shingle` blocks is boilerplate and is not used, so each
   shingle yields at most a bounded number of candidate pairs. No pair of
   articles, and no pair of paragraphs, is ever compared unless they share an
   indexed shingle.
3. Each candidate pair of blocks (from two different articles) is aligned: all
   maximal exact matches of at least `shingle_chars` characters are found by
   extending shared shingles along their diagonal; matches in reading order on
   both sides, separated by at most `max_gap_chars` characters on each side,
   form one passage (near-verbatim reuse with a few words changed).
4. A passage is reported when one of its matches is at least `min_shared_chars` long,
   or when it covers a whole sentence (or a whole quotation) of at least
   `min_sentence_chars` characters on both sides. Short common phrases
   (公立医院, 高质量发展, 近年来株洲市二医院) pass neither test.
5. Each side is shown as the clause(s) around the shared part, and the
   similarity is difflib's ratio of those two spans (punctuation ignored).
6. For display, passages are joined into groups of paragraphs (union-find
   over the blocks they link): a paragraph reprinted in k articles is one group
   of k places, not k(k-1)/2 pairs.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import accumulate, combinations, count
from typing import Callable, Hashable, Iterable, Sequence

from . import incremental, workers
from .model import Article, BlockRef

WORD_RUN = re.compile(r"[^\W_]+")
# Characters that end or start a sentence-like unit (for the whole-sentence test).
UNIT_BREAKS = frozenset("。！？!?；;…“”「」『』\"")
# Characters at which a displayed span stops (clause boundaries).
CLAUSE_BREAKS = frozenset("，,；;。！？!?：:…")
CLOSERS = frozenset("”’」』)）》〉]】\"'")
LIST_BREAKS = frozenset("、")
UNIT_SPLIT = re.compile("[" + re.escape("".join(sorted(UNIT_BREAKS))) + "]")


@dataclass(frozen=True)
class PassageSettings:
    """Thresholds for reporting parallel passages (editors set them in data)."""

    shingle_chars: int = 6
    min_shared_chars: int = 12
    min_sentence_chars: int = 6
    max_gap_chars: int = 12
    max_blocks_per_shingle: int = 50
    context_chars: int = 30     # at most this much text shown around a shared part, a side


@dataclass(frozen=True)
class PassageSide:
    """One side of a parallel: the block, the span shown and the shared parts."""

    ref: BlockRef
    block_text: str
    span: tuple[int, int]                      # offsets into block_text of the shown span
    shared: tuple[tuple[int, int], ...]        # offsets into block_text of the shared parts

    @property
    def text(self) -> str:
        return self.block_text[self.span[0]:self.span[1]]


@dataclass(frozen=True)
class Passage:
    """A passage two articles share: both places, the shared length and the similarity."""

    left: PassageSide
    right: PassageSide
    shared_chars: int
    similarity: float                          # 0..1, difflib ratio of the shown spans

    @property
    def percent(self) -> int:
        """Similarity as a whole percentage (100 only when the spans are identical)."""
        value = round(self.similarity * 100)
        return 99 if value == 100 and self.similarity < 1 else value


@dataclass
class NormText:
    """A block's text without punctuation, with a map back to the original offsets."""

    chars: str
    run_norm: list[int]      # start of each word run in `chars`
    run_orig: list[int]      # start of the same run in the original text

    def original(self, index: int) -> int:
        """Offset in the original text of normalised character `index`."""
        run = bisect_right(self.run_norm, index) - 1
        return self.run_orig[run] + index - self.run_norm[run]


def normalise(text: str) -> NormText:
    """Letters, digits and CJK only (NFKC, lower case) with the offset map."""
    matches = list(WORD_RUN.finditer(text))
    parts = [match.group() for match in matches]
    joined = "".join(parts)
    folded = joined.lower() if unicodedata.is_normalized("NFKC", joined) else ""
    if len(folded) != len(joined):          # rare: fold character by character, keeping offsets
        folded = "".join(map(_fold_char, joined))
    return NormText(folded, list(accumulate(map(len, parts[:-1]), initial=0)) if parts else [],
                    [match.start() for match in matches])


def _fold_char(char: str) -> str:
    """NFKC and lower case of one character, or the character itself if that changes its length."""
    folded = unicodedata.normalize("NFKC", char).lower()
    return folded if len(folded) == 1 else char


def sentence_units(text: str, minimum: int) -> set[tuple[int, int]]:
    """Normalised (start, end) of sentences and quotations with at least `minimum` characters."""
    units: set[tuple[int, int]] = set()
    start = 0
    for piece in UNIT_SPLIT.split(text):
        size = sum(map(len, WORD_RUN.findall(piece)))
        if size >= minimum:
            units.add((start, start + size))
        start += size
    return units


@dataclass
class _Entry:
    """An indexed block: its article, its citation and its normalised text."""

    article: int
    order: int
    ref: BlockRef
    text: str
    norm: NormText


def _entries(articles: Sequence[Article]) -> list[_Entry]:
    """Every body block with an id (paragraphs and captions) in reading order."""
    entries = []
    for number, article in enumerate(articles):
        indexed = [(order, section, block) for order, (section, block) in enumerate(article.blocks())
                   if block.id and block.kind in ("paragraph", "caption")]
        norms = incremental.store().per_block("normalised texts", article, [block.text for _, _, block in indexed],
                                              (), normalise)
        entries += [_Entry(number, order, BlockRef.of(article, section, block), block.text, norm)
                    for (order, section, block), norm in zip(indexed, norms)]
    return entries


def shingles(chars: str, size: int) -> set[str]:
    """The distinct windows of `size` characters."""
    return {chars[i:i + size] for i in range(len(chars) - size + 1)}


def candidate_pairs(texts: Sequence[str], groups: Sequence[int], size: int,
                    cap: int) -> set[tuple[int, int]]:
    """Index pairs (i < j) of texts from different groups sharing a shingle found in at most `cap` texts."""
    first_seen: dict[str, int] = {}
    repeated: dict[str, list[int]] = {}
    known = incremental.store().table("shingles")       # unchanged texts across serve rebuilds
    for index, chars in enumerate(texts):
        mine = incremental.remembered(known, (size, chars), lambda: frozenset(shingles(chars, size)))
        again = first_seen.keys() & mine          # set operations run in C; only repeats loop here
        for shingle in again:
            holders = repeated.get(shingle)
            if holders is None:
                repeated[shingle] = [first_seen[shingle], index]
            elif len(holders) <= cap:
                holders.append(index)
        first_seen.update(dict.fromkeys(mine - again, index))
    pairs: set[tuple[int, int]] = set()
    # The shingles of one shared passage all have the same holders: pair each set of holders once.
    for sharing in {tuple(holders) for holders in repeated.values() if len(holders) <= cap}:
        pairs.update((x, y) for x, y in combinations(sharing, 2) if groups[x] != groups[y])
    return pairs


ALIGN_COST = 1                  # about µs per character of a pair aligned (republish.workers)
BlockKey = tuple[str, int]      # (the article's source key, the block's place in it): outlives a build


class ShingleIndex:
    """candidate_pairs kept from build to build while serving. Blocks come and go by a key that
    outlives a build, so a rebuild after one edited article indexes only that article's blocks:
    for each shingle they add or remove, the pairs it supports change by the pairs with that
    block (or, when the shingle crosses `cap` holders, by all of its pairs)."""

    def __init__(self, size: int, cap: int) -> None:
        self.size, self.cap = size, cap
        self._clear()

    def _clear(self) -> None:
        self.texts: dict[BlockKey, str] = {}
        self.shingles: dict[BlockKey, frozenset[str]] = {}
        self.holders: dict[str, set[BlockKey]] = {}
        # Pairs of blocks of two articles, with the number of usable shingles they share.
        self.support: dict[tuple[BlockKey, BlockKey], int] = {}

    def update(self, texts: dict[BlockKey, str]) -> set[tuple[BlockKey, BlockKey]]:
        """The pairs (lower key first) for blocks with these normalised texts. An update that
        fails midway leaves the index empty (the next one indexes every block again), never
        half-updated."""
        try:
            return self._update(texts)
        except BaseException:
            self._clear()
            raise

    def _update(self, texts: dict[BlockKey, str]) -> set[tuple[BlockKey, BlockKey]]:
        changed = [key for key, chars in texts.items() if self.texts.get(key, chars) != chars]
        for key in [*(self.texts.keys() - texts.keys()), *changed]:
            self._remove(key)
        known = incremental.store().table("shingles")
        for key in texts.keys() - self.texts.keys():
            chars = texts[key]
            self._add(key, chars, incremental.remembered(known, (self.size, chars),
                                                         lambda: frozenset(shingles(chars, self.size))))
        return set(self.support)

    def _add(self, key: BlockKey, chars: str, mine: frozenset[str]) -> None:
        self.texts[key], self.shingles[key] = chars, mine
        for shingle in mine:
            holders = self.holders.setdefault(shingle, set())
            if len(holders) < self.cap:
                self._count_with(key, holders, 1)
            elif len(holders) == self.cap:          # one holder too many: boilerplate from now on
                self._count_among(holders, -1)
            holders.add(key)

    def _remove(self, key: BlockKey) -> None:
        del self.texts[key]
        for shingle in self.shingles.pop(key):
            holders = self.holders[shingle]
            holders.discard(key)
            if len(holders) < self.cap:
                self._count_with(key, holders, -1)
            elif len(holders) == self.cap:          # back within the cap: usable again
                self._count_among(holders, 1)
            if not holders:
                del self.holders[shingle]

    def _count_with(self, key: BlockKey, holders: Iterable[BlockKey], step: int) -> None:
        for other in holders:
            if other[0] != key[0]:
                self._count((key, other) if key < other else (other, key), step)

    def _count_among(self, holders: Iterable[BlockKey], step: int) -> None:
        for x, y in combinations(sorted(holders), 2):
            if x[0] != y[0]:
                self._count((x, y), step)

    def _count(self, pair: tuple[BlockKey, BlockKey], step: int) -> None:
        count = self.support.get(pair, 0) + step
        if count:
            self.support[pair] = count
        else:
            del self.support[pair]


def exact_matches(a: str, b: str, size: int) -> list[tuple[int, int, int]]:
    """Maximal common substrings (a_start, b_start, length) of at least `size` characters."""
    if a == b:
        return [(0, 0, len(a))] if len(a) >= size else []
    # Most positions of a pair of blocks share nothing: the n-grams both sides hold are found
    # with set operations (in C) first, and only their positions are walked.
    grams_a = [a[i:i + size] for i in range(len(a) - size + 1)]
    grams_b = [b[j:j + size] for j in range(len(b) - size + 1)]
    common = set(grams_a).intersection(grams_b)
    if not common:
        return []
    where: dict[str, list[int]] = {}
    for i, gram in enumerate(grams_a):
        if gram in common:
            where.setdefault(gram, []).append(i)
    found = []
    for j, gram in enumerate(grams_b):
        for i in where.get(gram, ()):
            if i and j and a[i - 1] == b[j - 1]:
                continue        # inside a longer match that starts earlier
            length = size
            while i + length < len(a) and j + length < len(b) and a[i + length] == b[j + length]:
                length += 1
            found.append((i, j, length))
    return sorted(found)


def group_matches(matches: list[tuple[int, int, int]], gap: int) -> list[list[tuple[int, int, int]]]:
    """Chain matches that follow each other on both sides with small gaps."""
    groups: list[list[tuple[int, int, int]]] = []
    for match in matches:
        a, b, _ = match
        for group in groups:
            last_a, last_b, last_len = group[-1]
            if 0 <= a - (last_a + last_len) <= gap and 0 <= b - (last_b + last_len) <= gap:
                group.append(match)
                break
        else:
            groups.append([match])
    return groups


def covers_sentence(group: list[tuple[int, int, int]], units_a: set[tuple[int, int]],
                    units_b: set[tuple[int, int]]) -> bool:
    """True when one match spans a whole sentence that is a whole sentence on both sides."""
    for a, b, length in group:
        for start, end in units_a:
            if a <= start and end <= a + length and (start - a + b, end - a + b) in units_b:
                return True
    return False


def clause_span(text: str, start: int, end: int, limit: int) -> tuple[int, int]:
    """Widen [start, end) to the clause boundaries around it, by at most `limit` characters a side."""
    return _widen_left(text, start, limit), _widen_right(text, end, limit)


def _widen_left(text: str, start: int, limit: int) -> int:
    """Start of the clause holding `start`; else the nearest list comma (、); else `limit` back."""
    floor = max(0, start - limit)
    for stop in (CLAUSE_BREAKS, LIST_BREAKS):
        position = start
        while position > floor and text[position - 1] not in stop:
            position -= 1
        if position == 0 or text[position - 1] in stop:
            return position
    return floor


def _widen_right(text: str, end: int, limit: int) -> int:
    """End of the clause holding `end` (with its mark and closing quotes); else a 、; else `limit` on."""
    ceiling = min(len(text), end + limit)
    for stop in (CLAUSE_BREAKS, LIST_BREAKS):
        position = end
        while position < ceiling and text[position] not in stop:
            position += 1
        if position == len(text) or text[position] in stop:
            if position < len(text) and stop is CLAUSE_BREAKS:
                position += 1
                while position < len(text) and text[position] in CLOSERS:
                    position += 1
            return position
    return ceiling


def _past_closers(text: str, end: int) -> int:
    """Move `end` past closing quotes and brackets that end a shared part."""
    while end < len(text) and text[end] in CLOSERS:
        end += 1
    return end


def _side(entry: _Entry, pieces: list[tuple[int, int]], limit: int) -> PassageSide:
    """A passage side from normalised (start, length) pieces of one block."""
    shared = tuple((entry.norm.original(s), _past_closers(entry.text, entry.norm.original(s + n - 1) + 1))
                   for s, n in pieces)
    span = clause_span(entry.text, shared[0][0], shared[-1][1], limit)
    return PassageSide(entry.ref, entry.text, span, shared)


def similarity(left: str, right: str) -> float:
    """difflib ratio of two spans, ignoring punctuation (1.0 only when equal)."""
    a, b = normalise(left).chars, normalise(right).chars
    return 1.0 if a == b else SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True)
class _Shape:
    """What aligning two texts yields, independent of where the texts are."""

    left_span: tuple[int, int]
    left_shared: tuple[tuple[int, int], ...]
    right_span: tuple[int, int]
    right_shared: tuple[tuple[int, int], ...]
    shared_chars: int
    similarity: float


def align_texts(x: _Entry, y: _Entry, settings: PassageSettings) -> list[_Shape]:
    """The reportable passages two block texts share, as offsets."""
    matches = exact_matches(x.norm.chars, y.norm.chars, settings.shingle_chars)
    shapes: list[_Shape] = []
    units: tuple[set[tuple[int, int]], set[tuple[int, int]]] | None = None
    for group in group_matches(matches, settings.max_gap_chars):
        if max(length for _, _, length in group) < settings.min_shared_chars:
            units = units or (sentence_units(x.text, settings.min_sentence_chars),
                              sentence_units(y.text, settings.min_sentence_chars))
            if not covers_sentence(group, *units):
                continue
        left = _side(x, [(a, n) for a, _, n in group], settings.context_chars)
        right = _side(y, [(b, n) for _, b, n in group], settings.context_chars)
        shapes.append(_Shape(left.span, left.shared, right.span, right.shared,
                             sum(length for _, _, length in group), similarity(left.text, right.text)))
    return shapes


def align_pair(x: _Entry, y: _Entry, settings: PassageSettings,
               cache: incremental.Memo | None = None) -> list[Passage]:
    """The reportable passages two blocks share (texts met before are aligned once)."""
    key = (x.text, y.text)
    shapes: list[_Shape] | None = cache.get(key) if cache is not None else None
    if shapes is None:
        shapes = align_texts(x, y, settings)
        if cache is not None:
            cache[key] = shapes
    return [Passage(PassageSide(x.ref, x.text, s.left_span, s.left_shared),
                    PassageSide(y.ref, y.text, s.right_span, s.right_shared), s.shared_chars, s.similarity)
            for s in shapes]


def find_passages(articles: Sequence[Article], settings: PassageSettings = PassageSettings()
                  ) -> list[Passage]:
    """All passages shared by two different articles, in reading order of the first article."""
    return passages_of(*passage_candidates(articles, settings)[:2], settings)


def passage_candidates(articles: Sequence[Article], settings: PassageSettings
                       ) -> tuple[list[_Entry], Iterable[tuple[int, int]], Hashable | None]:
    """The indexed blocks, their candidate pairs and, while serving, a key that is the same
    while the pairs are the same blocks (by place, reference and text: what passages_of reads
    and where group_passages puts them), whatever their articles' source keys are now: an edit
    that only adds text no other article shares keeps the passages."""
    entries = _entries(articles)
    store = incremental.store()
    known = [store.source_key(article) for article in articles]
    sources = [key for key in known if key is not None]
    if not store.enabled or len(sources) < len(known):
        return entries, candidate_pairs([e.norm.chars for e in entries], [e.article for e in entries],
                                        settings.shingle_chars, settings.max_blocks_per_shingle), None
    index = incremental.remembered(store.table("shingle index"), settings, lambda: ShingleIndex(
        settings.shingle_chars, settings.max_blocks_per_shingle))
    number = {(sources[e.article], e.order): i for i, e in enumerate(entries)}
    pairs = [(number[x], number[y]) for x, y in index.update({key: entries[i].norm.chars for key, i in number.items()})]

    # Each block by a number: the same block (place, reference fields, text) keeps its number from
    # build to build, and no other block of this process gets it. The key is then pairs of numbers,
    # which compare in milliseconds; pairs of the blocks' fields took ~0.3 s a lookup at 1 000 articles.
    numbers = store.table("passage blocks")
    numbered: dict[int, int] = {}      # a block is in several pairs: numbered once

    def block(i: int) -> int:
        made = numbered.get(i)
        if made is None:
            entry = entries[i]  # the reference by its fields: hashed and compared in C, not by dataclass methods
            made = numbered[i] = incremental.remembered(
                numbers, (entry.article, entry.order, *vars(entry.ref).values(), entry.text), _new_block_number)
        return made

    def pair(i: int, j: int) -> tuple[int, int]:
        x, y = entries[i], entries[j]       # in reading order: the index orders them by source key
        return (block(i), block(j)) if (x.article, x.order) < (y.article, y.order) else (block(j), block(i))
    return entries, pairs, (settings, frozenset(pair(i, j) for i, j in pairs))


_new_block_number = count(1).__next__      # never the same number twice in a process


def passages_of(entries: Sequence[_Entry], pairs: Iterable[tuple[int, int]], settings: PassageSettings
                ) -> list[Passage]:
    """The passages of the candidate pairs, in reading order of the first article."""
    # Texts met in an earlier serve rebuild keep their alignment (republish.incremental).
    cache = incremental.store().table(f"passages {settings!r}")

    def aligned(pair: tuple[int, int]) -> list[tuple[tuple[int, int, int, int, int], Passage]]:
        x, y = entries[pair[0]], entries[pair[1]]
        if (x.article, x.order) > (y.article, y.order):
            x, y = y, x
        return [((x.article, x.order, passage.left.span[0], y.article, y.order), passage)
                for passage in align_pair(x, y, settings, cache)]

    pairs = list(pairs)
    costs = [ALIGN_COST * (len(entries[i].text) + len(entries[j].text)) for i, j in pairs]
    found = [item for items in workers.split_map(aligned, pairs, costs) for item in items]
    found.sort(key=lambda item: (item[0], item[1].right.span[0]))
    return [passage for _, passage in found]


# --- groups of parallel paragraphs ------------------------------------------------


@dataclass(frozen=True)
class ParallelGroup:
    """Paragraphs linked by shared text: each block that shares a passage with another one of the group.

    A paragraph reprinted in k articles gives k(k-1)/2 passages but one group of
    k places, so what the cross-reference page shows grows with the number of
    paragraphs, not with the number of pairs of them.
    """

    number: int
    sides: tuple[PassageSide, ...]             # one per block, in reading order; shared parts merged
    passages: tuple[Passage, ...]              # the pairs that link them, in reading order


def group_passages(passages: Sequence[Passage],
                   reading_order: Callable[[BlockRef], tuple[int, int]] | None = None) -> list[ParallelGroup]:
    """Connected groups of blocks (union-find over passages), numbered by their first passage;
    the sides of a group follow reading_order (default: as the passages name them)."""
    parent: dict[BlockRef, BlockRef] = {}

    def root(ref: BlockRef) -> BlockRef:
        while parent.setdefault(ref, ref) != ref:
            parent[ref] = parent[parent[ref]]
            ref = parent[ref]
        return ref

    for passage in passages:
        parent[root(passage.left.ref)] = root(passage.right.ref)
    members: dict[BlockRef, list[Passage]] = {}
    for passage in passages:
        members.setdefault(root(passage.left.ref), []).append(passage)
    groups = []
    for number, linked in enumerate(members.values(), start=1):
        sides = _merged_sides(linked)
        if reading_order is not None:
            sides = tuple(sorted(sides, key=lambda side: reading_order(side.ref)))
        groups.append(ParallelGroup(number, sides, tuple(linked)))
    return groups


def _merged_sides(passages: list[Passage]) -> tuple[PassageSide, ...]:
    """One side per block: the span covering all its shown spans, every shared part marked."""
    by_block: dict[BlockRef, list[PassageSide]] = {}
    for passage in passages:
        for side in (passage.left, passage.right):
            by_block.setdefault(side.ref, []).append(side)
    merged = []
    for ref, sides in by_block.items():
        span = (min(s.span[0] for s in sides), max(s.span[1] for s in sides))
        merged.append(PassageSide(ref, sides[0].block_text, span,
                                  _union(part for s in sides for part in s.shared)))
    return tuple(merged)


def _union(ranges: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Overlapping or touching ranges joined, in order."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return tuple(joined)
