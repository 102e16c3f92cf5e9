"""Figures (数字): the numbers each article reports (a number with a measure word, or a
percentage), with the clause that says what they count and the year its sentence names.

Finding them is republish.events (data/timeline.yml holds the measure words); this module only
writes the page, with republish.writer.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .. import incremental
from .. import writer as w
from ..directory import ascii_anchor
from ..events import TIMELINE_FILE, Figure, collect_figures, events_of, load_vocabulary
from ..model import Article
from ..script import Converter
from .base import ExtraPage, FeatureBase

FIGURES_PAGE = "figures.md"
PAGE_TITLE = "数字"
INTRO = ("文章报告的数字（数字加量词或百分号），连同所在分句，说明数的是什么；"
         "年份取自同一句中写明或可推算的时间，句中没有时间的标“未注明”。日期与序号（如“第27届”）不计。")
HEADERS = ["数字", "所在分句", "年份", "出处"]


class FiguresFeature(FeatureBase):
    """Adds figures.md."""

    def __init__(self, articles: list[Article], figures: list[Figure], vocabulary_key: str) -> None:
        self.articles = articles
        self.figures = figures
        self.vocabulary_key = vocabulary_key     # with an article, what its figures follow from

    def pages(self) -> list[ExtraPage]:
        """数字."""
        return [ExtraPage(FIGURES_PAGE, PAGE_TITLE, self.markdown())]

    def markdown(self) -> str:
        """The 数字 page: one table per article, in reading order. Every clause repeats article
        text: the page is kept out of the search."""
        parts = [w.front_matter(PAGE_TITLE, INTRO, w.UNSEARCHED_PAGE), w.heading(1, PAGE_TITLE, "figures"),
                 w.paragraph(w.text(INTRO), classes=("rp-intro",))]
        used = {"figures"}
        by_article: dict[int, list[Figure]] = {}
        for figure in self.figures:
            by_article.setdefault(figure.article, []).append(figure)
        for index, article in enumerate(self.articles):
            mine = by_article.get(index, [])
            parts.append(w.heading(2, article.title or article.slug, ascii_anchor("figures", article.slug, used)))
            parts.append(incremental.store().derived("figures table", (article,), (self.vocabulary_key,),
                                                     functools.partial(self._table, mine))
                         if mine else w.paragraph(w.text("未见数字。"), classes=("rp-none",)))
        return "".join(parts)

    @staticmethod
    def _table(figures: list[Figure]) -> str:
        """Rows of one article's figures: the figure, its clause with the figure in bold, year, place."""
        rows = []
        for figure in figures:
            start = figure.start - figure.clause_start
            rows.append([w.text(figure.text),
                         w.highlighted(figure.clause, [(start, start + len(figure.text))], "strong"),
                         w.resolved_date(figure.resolved),
                         w.block_link(figure.ref, w.text(w.short_place_label(figure.ref)))])
        return w.table(HEADERS, rows)


def build(articles: list[Article], data_dir: Path, converter: Converter | None = None) -> FiguresFeature:
    """The feature for this build; a figure's year comes from the dated sentences (events)."""
    vocabulary = load_vocabulary(data_dir / TIMELINE_FILE)
    events = events_of(articles, vocabulary)
    return FiguresFeature(articles, collect_figures(articles, events, vocabulary), incremental.digest(repr(vocabulary)))
