"""Dated events and reported figures of the articles: every date expression of a body block
(resolved by republish.dates against the article's year) with its sentence, and every number with
a measure word or % with its clause and the year its sentence names. Word lists are in
data/timeline.yml. Plain data for the timeline and figures pages."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import incremental
from .dates import DateExpr, Resolved, find_date_expressions, resolve
from .errors import EditorError
from .model import Article, BlockRef
from .yamlio import Field, check_mapping, load_yaml, str_list

TIMELINE_FILE = "timeline.yml"
SENTENCE_END = "。！？!?；;"
CLAUSE_END = SENTENCE_END + "，,：:"
CLOSE_QUOTES = "”’」』"
NUMERAL = r"(?:\d+(?:\.\d+)?|[数几]?[一二两三四五六七八九十百千万]+)"
NUMERAL_CHARS = "第0123456789.一二两三四五六七八九十百千万数几"
PERCENT = re.compile(r"(?<![\d.])\d+(?:\.\d+)?[%％]")

TIMELINE_SCHEMA = {
    "festivals": Field((list,), False),
    "measure_words": Field((list,), True, "(measure words such as 个, 名, 人)"),
    "ignore_phrases": Field((list,), False),
    "quoted_name_max": Field((int,), False),
}



@dataclass
class Vocabulary:
    """Word lists for events and figures (data/timeline.yml)."""

    festivals: tuple[str, ...]
    measure_words: tuple[str, ...]
    ignore_phrases: tuple[str, ...] = ()
    quoted_name_max: int = 12



def load_vocabulary(path: Path) -> Vocabulary:
    """Read and check data/timeline.yml."""
    if not path.exists():
        raise EditorError(path, "the timeline word lists are missing",
                          "create it with at least 'measure_words:'")
    node = check_mapping(path, load_yaml(path), TIMELINE_SCHEMA, "the timeline word lists")
    return Vocabulary(str_list(path, node, "festivals", "the timeline word lists"),
                      str_list(path, node, "measure_words", "the timeline word lists"),
                      str_list(path, node, "ignore_phrases", "the timeline word lists"),
                      node.get("quoted_name_max", 12))


# ---------------------------------------------------------------- events and figures

@dataclass(frozen=True)
class Event:
    """A dated sentence of an article."""

    article: int
    ref: BlockRef
    expr: DateExpr
    resolved: Resolved
    sentence: str
    sentence_start: int
    order: int


@dataclass(frozen=True)
class Figure:
    """A number with its measure word (or %), the clause around it and its year."""

    article: int
    ref: BlockRef
    text: str
    clause: str
    clause_start: int
    start: int
    resolved: Resolved | None


def sentence_span(text: str, start: int, end: int, stops: str = SENTENCE_END) -> tuple[int, int]:
    """[left, right) of the sentence (or clause) holding text[start:end], end mark included."""
    left = max(text.rfind(c, 0, start) for c in stops) + 1
    rights = [i for i in (text.find(c, end) for c in stops) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    while left < start and (text[left] in CLOSE_QUOTES or text[left].isspace()):
        left += 1
    return left, right


# The events of the last articles read: the timeline lists them and the figures page dates its
# figures with them, two features of one build over the same articles. The articles are known by
# identity and held weakly, so the rest of the build does not keep them alive; a new build (new
# objects) reads its own. Articles are not changed after parsing.
_LAST_EVENTS: list[tuple[list[weakref.ref[Article]], Vocabulary, list[Event]]] = []


def events_of(articles: list[Article], vocabulary: Vocabulary) -> list[Event]:
    """collect_events, read once for the features of one build."""
    if _LAST_EVENTS:
        known, words, events = _LAST_EVENTS[0]
        if words == vocabulary and len(known) == len(articles) and all(
                ref() is article for ref, article in zip(known, articles)):
            return events
    events = collect_events(articles, vocabulary)
    _LAST_EVENTS[:] = [([weakref.ref(a) for a in articles], vocabulary, events)]
    return events


def collect_events(articles: list[Article], vocabulary: Vocabulary) -> list[Event]:
    """Every date expression of every body block, as an event, in reading order."""
    events: list[Event] = []
    # A text's expressions depend on the festivals only: unchanged texts keep them across serve rebuilds.
    store, festivals = incremental.store(), incremental.digest(repr(vocabulary.festivals))
    for index, article in enumerate(articles):
        dated = [block.text for section in article.sections for block in section.blocks if block.id]
        expressions = iter(store.per_block("date expressions", article, dated, (festivals,), lambda text: tuple(
            find_date_expressions(text, vocabulary.festivals))))
        for section in article.sections:
            context_year: int | None = None
            for block in section.blocks:
                if not block.id:
                    continue
                for expr in next(expressions):
                    resolved = resolve(expr, article.year, article.date_inferred, context_year,
                                       vocabulary.festivals)
                    if expr.kind in ("year", "cycle") and resolved.year is not None:
                        context_year = resolved.year
                    left, right = sentence_span(block.text, expr.start, expr.end)
                    events.append(Event(index, BlockRef.of(article, section, block), expr, resolved,
                                        block.text[left:right], left, len(events)))
    return events


def find_figures(text: str, vocabulary: Vocabulary) -> list[tuple[int, int]]:
    """Spans of numbers with a measure word or %, skipping dates, ordinals and names."""
    counted = _counted(vocabulary.measure_words)
    blocked = _blocked_spans(text, vocabulary)
    spans = []
    for match in [*counted.finditer(text), *PERCENT.finditer(text)]:
        if match.re is counted and match.group(1) == "一":
            continue
        if any(s < match.end() and match.start() < e for s, e in blocked):
            continue
        spans.append((match.start(), match.end()))
    return sorted(set(spans))


@lru_cache(maxsize=8)
def _counted(measure_words: tuple[str, ...]) -> re.Pattern[str]:
    """A numeral followed by a measure word (longest first), built once per word list."""
    measures = "|".join(map(re.escape, sorted(measure_words, key=len, reverse=True)))
    return re.compile(rf"(?<![{NUMERAL_CHARS}])({NUMERAL})[余多]?(?:{measures})")


def _blocked_spans(text: str, vocabulary: Vocabulary) -> list[tuple[int, int]]:
    """Dates, idioms and short quoted names, where a number is not a figure."""
    spans = [(e.start, e.end) for e in find_date_expressions(text, vocabulary.festivals)]
    for phrase in vocabulary.ignore_phrases:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)]
    for match in re.finditer(r"“([^“”]*)”", text):
        if len(match.group(1)) <= vocabulary.quoted_name_max:
            spans.append((match.start(), match.end()))
    return spans


def collect_figures(articles: list[Article], events: list[Event], vocabulary: Vocabulary) -> list[Figure]:
    """Every figure of every body block, with the year its sentence names."""
    figures: list[Figure] = []
    dated_in: dict[tuple[int, BlockRef], list[Event]] = {}   # the events of each block, read once
    for event in events:
        dated_in.setdefault((event.article, event.ref), []).append(event)
    store, words = incremental.store(), incremental.digest(repr(vocabulary))   # as the dates
    for index, article in enumerate(articles):
        counted = [(section, block) for section, block in article.blocks() if block.id]
        spans_of = store.per_block("figures", article, [block.text for _, block in counted], (words,),
                                   lambda text: tuple(find_figures(text, vocabulary)))
        for (section, block), spans in zip(counted, spans_of):
            if not spans:
                continue
            ref = BlockRef.of(article, section, block)
            dated = dated_in.get((index, ref), [])
            for start, end in spans:
                left, right = sentence_span(block.text, start, end, CLAUSE_END)
                figures.append(Figure(index, ref, block.text[start:end],
                                      block.text[left:right], left, start,
                                      _sentence_year(block.text, start, end, dated)))
    return figures


def _sentence_year(text: str, start: int, end: int, dated: list[Event]) -> Resolved | None:
    """The date of the figure's sentence: the nearest date before it there, else after it."""
    left, right = sentence_span(text, start, end)
    inside = [e for e in dated if left <= e.expr.start and e.expr.end <= right]
    before = [e for e in inside if e.expr.end <= start]
    chosen = before[-1] if before else (inside[0] if inside else None)
    return chosen.resolved if chosen else None



def event_key(event: Event) -> tuple[int, int, int, int, int, int]:
    """Chronological order (of dated events: the year is known); within a year, periods first, then by month and day."""
    r = event.resolved
    return (r.year or 0, 0 if r.period else 1, r.month or 0, r.day or 0, event.article, event.order)


