"""Cross-reference: shared themes (专题索引) and parallel passages (互见段落).

Editors list the themes and the passage thresholds in data/themes.yml; which
articles and sections treat a theme, and which passages two articles share,
is computed from the articles at every build (see republish/passages.py).
Contributes one page (xref.md: the themes, then one entry per group of
paragraphs that share passages), a theme line at the top of each article and,
after each block with a parallel in another article, 互见 links to those
paragraphs (one summary link when there are many) and the group's number.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from collections.abc import Iterable, Sequence
from typing import Any

from .. import incremental
from ..errors import EditorError
from .. import writer as w
from ..model import Article, Block, BlockRef
from ..script import Converter, ConversionTable
from ..passages import (CLAUSE_BREAKS, CLOSERS, ParallelGroup, Passage, PassageSettings, PassageSide,
                        group_passages, passage_candidates, passages_of)
from ..yamlio import Field, check_mapping, load_yaml
from .base import ExtraPage, FeatureBase

DATA_FILE = "themes.yml"
PAGE_PATH = "xref.md"
PAGE_TITLE = "专题与互见"
# A paragraph with more parallels than this gets one summary link instead of one link each.
MAX_DIRECT_PARALLELS = 3
THEME_ID = re.compile(r"^[a-z][a-z0-9-]*$")
SENTENCE_END = re.compile(r"[。！？!?](?!$)")
EXCERPT_BEFORE = 16    # characters of context shown before the first keyword of an excerpt
EXCERPT_AFTER = 28     # characters of context shown after it

THEME_SCHEMA = {
    "id": Field((str,), True, "(an ASCII anchor such as dangjian)"),
    "name": Field((str,), True),
    "description": Field((str,), True, "(one sentence)"),
    "keywords": Field((list,), True, "(a list of words found in the text)"),
    "aliases": Field((list,), False),
}
TOP_SCHEMA = {
    "themes": Field((list,), True, "(a list of themes)"),
    "passages": Field((dict,), False),
}
PASSAGE_SCHEMA = {f.name: Field((int,), False) for f in fields(PassageSettings)}


@dataclass(frozen=True)
class Theme:
    """One entry of the theme index as the editors wrote it."""

    id: str
    name: str
    description: str
    keywords: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    line: int | None = None

    @property
    def anchor(self) -> str:
        """The page anchor of the theme (theme-<id>)."""
        return f"theme-{self.id}"


@dataclass
class ThemeHit:
    """A block that treats a theme, with the keyword spans found in it."""

    ref: BlockRef
    block: Block
    spans: list[tuple[int, int]]


@dataclass
class ThemeUse:
    """Where one theme occurs: hits per article slug, in reading order."""

    theme: Theme
    hits: dict[str, list[ThemeHit]] = field(default_factory=dict)

    @property
    def shared(self) -> bool:
        """True when more than one article treats the theme (共同专题)."""
        return len(self.hits) > 1


# --- data -----------------------------------------------------------------


def load_xref_data(path: Path) -> tuple[list[Theme], PassageSettings]:
    """Themes and passage settings from data/themes.yml (absent file: none, defaults)."""
    if not path.exists():
        return [], PassageSettings()
    root = load_yaml(path)
    if root is None:
        raise EditorError(path, "the file is empty", "add a 'themes:' list (see the comments in the shipped file)")
    check_mapping(path, root, TOP_SCHEMA, "the theme file")
    themes = parse_themes(path, root["themes"])
    settings = parse_settings(path, root["passages"]) if "passages" in root else PassageSettings()
    return themes, settings


def parse_themes(path: Path, items: Any) -> list[Theme]:
    """Validated themes: unique ASCII ids, unique names, clean keyword lists."""
    themes: list[Theme] = []
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for index, item in enumerate(items):
        line = items.item_lines[index]
        if not isinstance(item, dict):
            raise EditorError(path, f"theme {index + 1} is not a mapping",
                              "write each theme as '- id: …' followed by name, description, keywords", line)
        item = check_mapping(path, item, THEME_SCHEMA, f"theme {index + 1}")
        theme = _parse_theme(path, item, line)
        for seen, value, what in ((seen_ids, theme.id, "id"), (seen_names, theme.name, "name")):
            if value in seen:
                raise EditorError(path, f"theme {what} '{value}' is used twice (first at line {seen[value]})",
                                  f"give each theme its own {what}", item.key_lines[what])
            seen[value] = item.key_lines[what]
        themes.append(theme)
    return themes


def _parse_theme(path: Path, item: Any, line: int) -> Theme:
    """One theme entry, checked field by field."""
    theme_id = item["id"].strip()
    if not THEME_ID.match(theme_id):
        raise EditorError(path, f"theme id '{theme_id}' is not an ASCII anchor",
                          "use lower-case letters, digits and '-', starting with a letter (e.g. dangjian)",
                          item.key_lines["id"])
    name = " ".join(item["name"].split())
    if not name:
        raise EditorError(path, "theme name is empty", "write the theme's name", item.key_lines["name"])
    description = " ".join(item["description"].split())
    if not description or SENTENCE_END.search(description):
        raise EditorError(path, "theme description must be one non-empty sentence",
                          "write one sentence ending with '。'", item.key_lines["description"])
    keywords = _word_list(path, item, "keywords", minimum=2)
    aliases = _word_list(path, item, "aliases", minimum=1) if "aliases" in item else ()
    return Theme(theme_id, name, description, keywords, aliases, line)


def _word_list(path: Path, item: Any, key: str, minimum: int) -> tuple[str, ...]:
    """A non-empty list of distinct words of at least `minimum` characters."""
    words = item[key]
    if not words:
        raise EditorError(path, f"'{key}' is empty", f"list at least one word under '{key}'",
                          item.key_lines[key])
    seen: set[str] = set()
    for index, word in enumerate(words):
        line = words.item_lines[index] if hasattr(words, "item_lines") else item.key_lines[key]
        if not isinstance(word, str) or len(word.strip()) < minimum:
            raise EditorError(path, f"'{key}' item {word!r} is not a word of at least {minimum} characters",
                              "write each item as a word of the text (quote numbers)", line)
        if word.strip() in seen:
            raise EditorError(path, f"'{key}' lists '{word.strip()}' twice", "remove the repeated word", line)
        seen.add(word.strip())
    return tuple(word.strip() for word in words)


def parse_settings(path: Path, node: Any) -> PassageSettings:
    """Passage thresholds, each a positive whole number, in a coherent order."""
    check_mapping(path, node, PASSAGE_SCHEMA, "'passages'")
    for key, value in node.items():
        if value < (0 if key == "max_gap_chars" else 1):
            raise EditorError(path, f"'{key}' must be a positive whole number, not {value}",
                              f"give '{key}' a value such as {getattr(PassageSettings(), key)}",
                              node.key_lines[key])
    settings = PassageSettings(**node)
    if not settings.shingle_chars <= settings.min_sentence_chars <= settings.min_shared_chars:
        raise EditorError(path, "passage thresholds are out of order",
                          "keep shingle_chars <= min_sentence_chars <= min_shared_chars",
                          node.line)
    if settings.max_blocks_per_shingle < 2:
        raise EditorError(path, "'max_blocks_per_shingle' must be at least 2",
                          "set it to 2 or more (e.g. 50)", node.key_lines["max_blocks_per_shingle"])
    return settings


# --- theme matching -------------------------------------------------------------


def keyword_pattern(theme: Theme, converter: Converter) -> re.Pattern[str]:
    """Longest-first alternation of a theme's keywords in both scripts (the site's own conversion)."""
    forms = {word for keyword in theme.keywords for word in (keyword, converter.to_hant(keyword))}
    ordered = sorted(forms, key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in ordered), re.IGNORECASE)


def plain_converter() -> Converter:
    """OpenCC's default profile without overrides, where no site converter is given."""
    return Converter(ConversionTable(Path("conversion.yml")))


def match_themes(articles: list[Article], themes: list[Theme],
                 converter: Converter | None = None) -> list[ThemeUse]:
    """For each theme, the paragraphs and captions of each article that contain a keyword."""
    converter = converter or plain_converter()
    patterns = [keyword_pattern(theme, converter) for theme in themes]
    # A text's keyword spans for every theme, kept across serve rebuilds (republish.incremental).
    store, keywords = incremental.store(), incremental.digest(*(p.pattern for p in patterns))
    uses = [ThemeUse(theme) for theme in themes]
    for article in articles:
        searched = [(section, block) for section, block in article.blocks()
                    if block.id and block.kind in ("paragraph", "caption")]
        spans_of = store.per_block("theme spans", article, [block.text for _, block in searched], (keywords,),
                                   lambda text: tuple(tuple(m.span() for m in pattern.finditer(text))
                                                      for pattern in patterns))
        found = [(section, block, spans) for (section, block), spans in zip(searched, spans_of)]
        for number, use in enumerate(uses):
            hits = [ThemeHit(BlockRef.of(article, section, block), block, list(spans[number]))
                    for section, block, spans in found if spans[number]]
            if hits:
                use.hits[article.slug] = hits
    return uses


def excerpt(text: str, spans: list[tuple[int, int]]) -> str:
    """Inline Markdown of a short window around the first keyword, every keyword in it in <mark>."""
    start = max(0, spans[0][0] - EXCERPT_BEFORE)
    end = min(len(text), spans[0][1] + EXCERPT_AFTER)
    body = w.highlighted(text[start:end], [(s - start, e - start) for s, e in spans if s < end and e > start])
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


# --- the feature ----------------------------------------------------------------


@dataclass
class Parallels:
    """The passages the articles share, their groups and, per block, its group and the other
    blocks it shares a passage with (once each, with the closest of their passages)."""

    passages: list[Passage]
    groups: list[ParallelGroup]
    group_of: dict[tuple[str, str], ParallelGroup]
    neighbours: dict[tuple[str, str], dict[BlockRef, tuple[Passage, PassageSide]]]
    groups_in: dict[str, set[int]]

    @classmethod
    def of(cls, articles: list[Article], entries: Sequence[Any], pairs: Iterable[tuple[int, int]],
           settings: PassageSettings) -> "Parallels":
        passages = passages_of(entries, pairs, settings)
        position = {(a.slug, block.id): (i, j) for i, a in enumerate(articles)
                    for j, (_, block) in enumerate(a.blocks())}
        groups = group_passages(passages, lambda ref: position[(ref.slug, ref.block_id)])
        linked = cls(passages, groups, {}, {}, {})
        for group in groups:
            for side in group.sides:
                linked.group_of[(side.ref.slug, side.ref.block_id)] = group
                linked.groups_in.setdefault(side.ref.slug, set()).add(group.number)
            for passage in group.passages:
                for here, there in ((passage.left, passage.right), (passage.right, passage.left)):
                    closest = linked.neighbours.setdefault((here.ref.slug, here.ref.block_id), {})
                    if there.ref not in closest or passage.similarity > closest[there.ref][0].similarity:
                        closest[there.ref] = (passage, there)
        return linked


class XrefFeature(FeatureBase):
    """Theme index and parallel passages across all articles."""

    def __init__(self, articles: list[Article], themes: list[Theme], settings: PassageSettings,
                 converter: Converter | None = None) -> None:
        self.articles = articles
        self.settings = settings
        self.uses = match_themes(articles, themes, converter)
        # What an article's hits of a theme depend on besides the article (serve rebuilds).
        conversion = incremental.converter_key(converter or plain_converter())
        self.theme_keys = {theme.id: incremental.digest(repr(theme), conversion) for theme in themes}
        entries, pairs, key = passage_candidates(articles, settings)
        linked = (incremental.store().memo("parallels", key, lambda: Parallels.of(articles, entries, pairs, settings))
                  if key is not None else Parallels.of(articles, entries, pairs, settings))
        self.parallels_key = key        # while serving: the same key, the same passages part of the page
        self.passages, self.groups = linked.passages, linked.groups
        self.group_of, self.neighbours, self.groups_in = linked.group_of, linked.neighbours, linked.groups_in

    def ordered_uses(self) -> list[ThemeUse]:
        """Shared themes first, then single-article themes (data order within). A theme no article
        of this site treats is not listed: the index follows the site (see notices)."""
        return list(self._ordered_uses)

    @functools.cached_property
    def _ordered_uses(self) -> tuple[ThemeUse, ...]:
        return tuple(sorted((use for use in self.uses if use.hits), key=lambda use: 0 if use.shared else 1))

    @functools.cached_property
    def _uses_by_article(self) -> dict[str, list[ThemeUse]]:
        """Each article's themes in the order of ordered_uses: asked per article by two methods,
        which went through every theme for each (10^5 tests at 1 000 articles)."""
        by_slug: dict[str, list[ThemeUse]] = {}
        for use in self._ordered_uses:
            for slug in use.hits:
                by_slug.setdefault(slug, []).append(use)
        return by_slug

    def notices(self) -> list[str]:
        """One line per theme no article treats: a warning of the build, as for an unused
        glossary entry (keywords that match nothing, or an article that left the site)."""
        return [f"{DATA_FILE}:{use.theme.line}: theme '{use.theme.name}' occurs in no article of this site "
                "and is not listed. Fix: check its keywords against the text, or remove it"
                for use in self.uses if not use.hits]

    def contribution_key(self, article: Article) -> str:
        """What the themes line and the 互见 markers of an article show besides the article: its
        themes (their data, whether shared), its number of groups, and per block its group's
        number and each other block it shares a passage with (its reference and the similarity)."""
        slug = article.slug
        themes = [(self.theme_keys[use.theme.id], use.shared) for use in self._uses_by_article.get(slug, ())]
        blocks = []
        for _, block in article.blocks():
            group = self.group_of.get((slug, block.id))
            if group is not None:
                blocks.append((block.id, group.number, [(tuple(vars(there.ref).values()), passage.percent)
                                                        for passage, there in self.neighbours[(slug, block.id)].values()]))
        return incremental.digest(repr((themes, len(self.groups_in.get(slug, ())), blocks)))

    def article_top(self, article: Article) -> str:
        """A line of the article's themes, linking to the theme index."""
        links = [w.page_link(PAGE_PATH, w.text(use.theme.name), use.theme.anchor,
                             classes=("rp-theme", "rp-theme-shared") if use.shared else ("rp-theme",))
                 for use in self._uses_by_article.get(article.slug, ())]
        count = len(self.groups_in.get(article.slug, ()))
        if count:
            links.append(w.page_link(PAGE_PATH, w.text(f"互见段落 {count} 处"), "parallels",
                                     classes=("rp-parallels-link",)))
        if not links:
            return ""
        return w.element("nav.rp-ed.rp-themes", w.span(w.text("专题："), ("rp-themes-label",)) + "、".join(links),
                         markdown="inline", aria_label="专题")

    def after_block(self, article: Article, block: Block) -> str:
        """互见 markers: a link to each paragraph this one shares a passage with (a summary link
        when there are many), then the group's number, linking to its entry on the xref page."""
        group = self.group_of.get((article.slug, block.id))
        if group is None:
            return ""
        found = list(self.neighbours[(article.slug, block.id)].values())
        if len(found) <= MAX_DIRECT_PARALLELS:
            markers = [w.block_link(there.ref, w.text("互见"), classes=(w.EDITORIAL, "rp-parallel"),
                                    title=f"互见：{w.place_label(there.ref)}（相似度 {passage.percent}%）")
                       for passage, there in found]
        else:
            markers = [w.page_link(PAGE_PATH, w.text(f"互见 {len(found)} 处"), f"par-{group.number}",
                                   classes=(w.EDITORIAL, "rp-parallel"), title=f"另有 {len(found)} 段文字与此段互见")]
        markers.append(w.page_link(PAGE_PATH, w.text(f"[{group.number}]"), f"par-{group.number}",
                                   classes=(w.EDITORIAL, "rp-parallel-entry"), title=f"互见段落 {group.number}"))
        return " " + w.editorial(" ".join(markers), ("rp-parallels",))

    def pages(self) -> list[ExtraPage]:
        """The single page xref.md (专题与互见)."""
        passages = (self._passages_part() if self.parallels_key is None else
                    incremental.store().memo("passages part", self.parallels_key, self._passages_part))
        markdown = w.heading(1, PAGE_TITLE, "xref") + self._intro() + self._themes_part() + passages
        return [ExtraPage(PAGE_PATH, PAGE_TITLE, markdown)]

    @staticmethod
    def _intro() -> str:
        """One paragraph saying the page is computed."""
        return w.paragraph(w.text("本页由程序根据全部文章生成：专题索引列出每个专题在各篇文章中出现的段落；"
                                  "互见段落列出两篇文章逐字或近乎逐字共有的文字。"),
                           classes=(w.EDITORIAL, "rp-xref-intro"))

    def _themes_part(self) -> str:
        """专题索引: a line of links to every theme, then each theme's entry."""
        uses = self.ordered_uses()
        summary = "、".join(w.link(f"#{use.theme.anchor}", w.text(use.theme.name)) for use in uses)
        out = [w.heading(2, "专题索引", "themes"), w.paragraph(summary, classes=("rp-theme-summary",))]
        return "".join(out + [self._kept_theme_entry(use) for use in uses])

    def _kept_theme_entry(self, use: ThemeUse) -> str:
        """_theme_entry; in serve, kept while the theme and each article treating it are unchanged."""
        treating = [article for article in self.articles if article.slug in use.hits]
        return incremental.store().derived("theme entry", treating, (self.theme_keys[use.theme.id],),
                                           functools.partial(self._theme_entry, use))

    def _theme_entry(self, use: ThemeUse) -> str:
        """Heading, description and, per article and section, an excerpt linked to its paragraph."""
        theme = use.theme
        badge = w.status("共同专题", "rp-theme-shared") + " " if use.shared else ""
        aliases = f"（又称：{'、'.join(theme.aliases)}）" if theme.aliases else ""
        count = f"见于 {len(use.hits)} 篇文章。" if use.hits else "本站文章暂未涉及。"
        parts = [w.heading(3, theme.name, theme.anchor),
                 w.paragraph(badge + w.text(f"{theme.description}{aliases} {count}"),
                             classes=("rp-theme-description",))]
        if use.hits:
            store, part = incremental.store(), self.theme_keys[theme.id]
            items = [store.derived("theme lines", (article,), (part,),
                                   functools.partial(self._article_hits, article, use.hits[article.slug]))
                     for article in self.articles if article.slug in use.hits]
            parts.append(w.unsearched(w.outline(items), ("rp-theme-articles",)))
        return "".join(parts)

    @classmethod
    def _article_hits(cls, article: Article, hits: list[ThemeHit]) -> tuple[str, list[str]]:
        """One list item per article (its title and date) with a line per section that treats the theme."""
        by_section: dict[str, list[ThemeHit]] = {}
        for hit in hits:
            by_section.setdefault(hit.ref.section_id, []).append(hit)
        item = w.article_link(article) + w.text(f" · {w.article_date(article)}")
        return item, [cls._section_line(group) for group in by_section.values()]

    @staticmethod
    def _section_line(hits: list[ThemeHit]) -> str:
        """Section name linked to its first matching paragraph, an excerpt, and the other paragraphs."""
        first = hits[0]
        where = w.block_link(first.ref, w.text(w.short_place_label(first.ref)))
        more = " ".join(w.block_link(hit.ref, w.text(w.block_number_label(hit.ref.block_id)))
                        for hit in hits[1:])
        also = " " + w.span("另见：" + more, ("rp-theme-more",)) if more else ""
        return f"{where}：{w.span(excerpt(first.block.text, first.spans), ('rp-excerpt',))}{also}"

    def _passages_part(self) -> str:
        """互见段落: the reporting rule, then every passage."""
        s = self.settings
        rule = (f"两篇文章共有一段至少 {s.min_shared_chars} 个字（不计标点）的相同文字，"
                f"或共有一整句（或一整段引语，至少 {s.min_sentence_chars} 个字），即列为互见；"
                f"相隔不超过 {s.max_gap_chars} 个字的相同文字合为一段。"
                f"相似度按两边所示文字（不计标点）计算。")
        out = [w.heading(2, "互见段落", "parallels"), w.paragraph(w.text(rule), classes=("rp-parallels-rule",))]
        if not self.groups:
            out.append(w.paragraph(w.text("本站文章之间暂无互见段落。")))
        return "".join(out + [self._group_entry(group) for group in self.groups])

    def _group_entry(self, group: ParallelGroup) -> str:
        """Heading with anchor par-N, the places side by side (a list whose items the search skips:
        they repeat article text; rp.css sets them side by side), the similarity."""
        first = group.sides[0]
        shared = first.block_text[first.shared[0][0]:first.shared[0][1]]
        short = shared if len(shared) <= 18 else shared[:18] + "…"
        return (w.heading(3, f"互见 {group.number} · {short}", f"par-{group.number}", ("rp-parallel-title",))
                + w.unsearched_items([self._side_item(side) for side in group.sides], ("rp-parallel-side",))
                + w.paragraph(w.text(similarity_line(group)), classes=("rp-parallel-similarity",)))

    @staticmethod
    def _side_item(side: PassageSide) -> str:
        """One place: where (linked), then the shown span with the shared parts in <mark>."""
        start, end = side.span
        text = side.block_text
        lead = "…" if start > 0 and text[start - 1] not in CLAUSE_BREAKS else ""
        tail = "…" if end < len(text) and text[end - 1] not in CLAUSE_BREAKS | CLOSERS else ""
        shown = w.highlighted(text[start:end], [(s - start, e - start) for s, e in side.shared])
        return (w.block_link(side.ref, classes=("rp-parallel-where",))
                + w.span(w.text(lead) + shown + w.text(tail), ("rp-parallel-text",), tag="q"))


def similarity_line(group: ParallelGroup) -> str:
    """相似度 of a single passage; for a group of several, the range over its passages."""
    if len(group.passages) == 1:
        passage = group.passages[0]
        return f"相似度 {passage.percent}% · 共有 {passage.shared_chars} 字"
    percents = sorted(p.percent for p in group.passages)
    chars = sorted(p.shared_chars for p in group.passages)
    return (f"{len(group.sides)} 段文字，{len(group.passages)} 处相同 · "
            f"相似度 {_range(percents[0], percents[-1])}% · 每处共有 {_range(chars[0], chars[-1])} 字")


def _range(low: int, high: int) -> str:
    """'70–95', or one number when both ends agree."""
    return str(low) if low == high else f"{low}–{high}"


def build(articles: list[Article], data_dir: Path, converter: Converter | None = None) -> XrefFeature:
    """The cross-reference feature for these articles and the editors' data."""
    themes, settings = load_xref_data(Path(data_dir) / DATA_FILE)
    return XrefFeature(articles, themes, settings, converter)


__all__ = ["Theme", "ThemeHit", "ThemeUse", "XrefFeature", "build", "excerpt", "load_xref_data",
           "match_themes", "parse_settings", "parse_themes"]
