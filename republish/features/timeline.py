"""Timeline (大事记): every dated sentence of the articles, by year, each linked to its paragraph.

Finding and resolving the dates is republish.events (data/timeline.yml holds the festival names);
this module only writes the page, with republish.writer.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .. import incremental
from .. import writer as w
from ..events import TIMELINE_FILE, Event, event_key, events_of, load_vocabulary
from ..model import Article
from ..script import Converter
from .base import ExtraPage, FeatureBase

TIMELINE_PAGE = "timeline.md"
PAGE_TITLE = "大事记"
INTRO = ("文章中带时间的句子，按时间排列；每条链接到所在段落。"
         "“去年”“今年”“近年来”等相对说法按文章发表年份推算，未写年份的月日按发表当年计，"
         f"都标“{w.INFERRED}”；文章本身日期是推断的，由它推出的年份也标“{w.INFERRED}”；"
         "无从推算的标“未能确定”，列在最后。")
HEADERS = ["时间", "原文", "事件（原句）", "出处"]


class TimelineFeature(FeatureBase):
    """Adds timeline.md."""

    def __init__(self, articles: list[Article], events: list[Event], vocabulary_key: str) -> None:
        self.articles = articles
        self.events = events
        self.vocabulary_key = vocabulary_key     # with an article, what its events follow from

    def pages(self) -> list[ExtraPage]:
        """大事记."""
        return [ExtraPage(TIMELINE_PAGE, PAGE_TITLE, self.markdown())]

    def markdown(self) -> str:
        """The 大事记 page: the articles' own dates, events by year, then those whose year is unknown."""
        parts = [w.heading(1, PAGE_TITLE, "timeline"), w.paragraph(w.text(INTRO), classes=("rp-intro",)),
                 self._article_dates()]
        dated = sorted((e for e in self.events if e.resolved.year is not None), key=event_key)
        for year in dict.fromkeys(e.resolved.year for e in dated):
            parts.append(w.heading(2, f"{year}年", f"y{year}"))
            parts.append(self._table([e for e in dated if e.resolved.year == year]))
        unresolved = [e for e in self.events if e.resolved.year is None]
        if unresolved:
            parts.append(w.heading(2, "未能确定年份", "unresolved"))
            parts.append(self._table(unresolved))
        return "".join(parts)

    def _article_dates(self) -> str:
        """Which date each article's relative words are resolved against."""
        items = [w.article_link(a) + "：" + w.text(w.article_date(a) + ("" if a.date else "（相对时间无从推算）"))
                 for a in self.articles]
        return w.paragraph(w.text("各文推算所据的日期："), classes=("rp-article-dates",)) + w.bullets(items)

    def _table(self, events: list[Event]) -> str:
        """Rows of events: date, original words, sentence with the words in bold, source."""
        store = incremental.store()
        rows = [store.derived("timeline row", (self.articles[event.article],),
                              (self.vocabulary_key, event.ref.block_id, str(event.expr.start)),
                              functools.partial(_row, event)) for event in events]
        return w.unsearched(w.table(HEADERS, rows), ("rp-timeline",))


def _row(event: Event) -> list[str]:
    start = event.expr.start - event.sentence_start
    return [w.resolved_date(event.resolved), w.text(event.expr.text),
            w.highlighted(event.sentence, [(start, start + len(event.expr.text))], "strong"),
            w.block_link(event.ref)]


def build(articles: list[Article], data_dir: Path, converter: Converter | None = None) -> TimelineFeature:
    """The feature for this build, from the articles and data/timeline.yml."""
    vocabulary = load_vocabulary(data_dir / TIMELINE_FILE)
    return TimelineFeature(articles, events_of(articles, vocabulary), incremental.digest(repr(vocabulary)))
