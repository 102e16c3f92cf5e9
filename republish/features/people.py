"""People & institutions (人物与机构): the page listing every person, institution and place of the
editors' directory (data/people.yml) that an article of the site names, with the role each article
gives a person and a link to every place it names them. Two spellings that may be one person stay
two entries, each flagged with the other (possibly_same_as), never merged.

Finding the names and roles is republish.directory; this module only writes the page, with
republish.writer.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .. import incremental
from .. import writer as w
from ..directory import (ANCHOR_PREFIX, KINDS, PEOPLE_FILE, Directory, Entry, Occurrence, OccurrenceCollector,
                         add_credited_people, ascii_anchor, load_directory, pinyin_key, tidy)
from ..model import Article
from ..script import Converter
from .base import ExtraPage, FeatureBase

PEOPLE_PAGE = "people.md"
PAGE_TITLE = "人物与机构"
SAME_AS_NOUN = {"person": "同一人", "institution": "同一机构", "place": "同一地点"}
INTRO = ("本页列出本站文章中出现的人物、机构与地点，并链接到每一处出现的段落。"
         "“文中身份”取自文章在人名前所写的职务或称呼（编辑栏、署名取其标签），按各文原样列出，"
         "不同文章、不同年份的身份可能不同。可能指同一人或同一机构的不同写法只作提示，不合并。")


class PeopleFeature(FeatureBase):
    """Adds people.md."""

    def __init__(self, articles: list[Article], directory: Directory) -> None:
        """Collect the occurrences once; fix every anchor."""
        self.articles = articles
        self.directory = directory
        collector = OccurrenceCollector(directory)
        self.occurrences = collector.collect(articles)
        self.directory_key = collector.directory_key     # with the article, what its occurrences follow from
        used: set[str] = {"people", "persons", "institutions", "places"}
        self.anchors = {e.name: ascii_anchor(ANCHOR_PREFIX[e.kind], e.name, used)
                        for e in directory.entries}
        self.group_anchors = {g: ascii_anchor("persons", g, used) for g in directory.groups}

    @functools.cached_property
    def listed(self) -> list[Entry]:
        """The entries this site's articles mention: only they are listed (the index follows the site)."""
        found = {o.name for o in self.occurrences}
        return [e for e in self.directory.entries if e.name in found]

    def notices(self) -> list[str]:
        """One line per directory entry no article mentions: a warning of the build, as for an
        unused glossary entry (a misspelt name, or an article that left the site)."""
        listed = self.listed
        return [f"{PEOPLE_FILE}:{e.line}: {KINDS[e.kind]} '{e.name}' occurs in no article of this site "
                "and is not listed. Fix: check its spelling against the text, or remove it"
                for e in self.directory.entries if e not in listed and not e.auto]

    def pages(self) -> list[ExtraPage]:
        """人物与机构."""
        return [ExtraPage(PEOPLE_PAGE, PAGE_TITLE, self.markdown())]

    def markdown(self) -> str:
        """The 人物与机构 page: persons by group, then institutions, then places, in pinyin order."""
        parts = [w.heading(1, PAGE_TITLE, "people"), w.paragraph(w.text(INTRO), classes=("rp-intro",))]
        persons = [e for e in self.listed if e.kind == "person"]
        parts.append(w.heading(2, "人物", "persons"))
        for group in self.directory.groups:
            members = sorted((e for e in persons if e.group == group), key=lambda e: pinyin_key(e.name))
            if members:
                parts.append(w.heading(3, group, self.group_anchors[group]))
                parts += [self._entry(e, 4) for e in members]
        for kind, title, anchor in (("institution", "机构", "institutions"), ("place", "地点", "places")):
            members = sorted((e for e in self.listed if e.kind == kind), key=lambda e: pinyin_key(e.name))
            parts.append(w.heading(2, title, anchor))
            parts += [self._entry(e, 3) for e in members]
        return "".join(parts)

    def _entry(self, entry: Entry, level: int) -> str:
        """Heading, facts, possibly-same-as flags and occurrence table of one entry."""
        parts = [w.heading(level, entry.name, self.anchors[entry.name])]
        facts = []
        if entry.variants:
            basis = f"（同一名称：{tidy(entry.variants_basis)}）" if entry.variants_basis else ""
            facts.append(("其他写法", w.text("、".join(entry.variants) + basis), False))
        if entry.note:
            facts.append(("说明", w.text(tidy(entry.note)), False))
        if facts:
            parts.append(w.definitions(facts))
        parts += self._same_as_flags(entry)
        parts.append(self._kept_occurrence_table(entry))
        return "".join(parts)

    def _same_as_flags(self, entry: Entry) -> list[str]:
        """'possibly the same as' paragraphs, whichever of the two entries declared it."""
        flags = []
        for other in self.directory.entries:
            if other.name == entry.possibly_same_as:
                evidence = entry.evidence or ""
            elif other.possibly_same_as == entry.name and entry.possibly_same_as != other.name:
                evidence = other.evidence or ""
            else:
                continue
            name = w.link(f"#{self.anchors[other.name]}", w.text(other.name)) \
                if other in self.listed else w.text(other.name)
            claim = w.strong(f"可能与{name}为{SAME_AS_NOUN[entry.kind]}（未合并，未确证）")
            flags.append(w.paragraph(f"{claim}：{w.text(tidy(evidence))}", classes=("rp-same-as",)))
        return flags

    @functools.cached_property
    def _occurrences_by_name(self) -> dict[str, dict[int, list[Occurrence]]]:
        """Occurrences by entry name, then by article index, in their order: one pass, not a scan of
        all occurrences for every entry and article (the page's cost would grow as their product)."""
        grouped: dict[str, dict[int, list[Occurrence]]] = {}
        for occurrence in self.occurrences:
            grouped.setdefault(occurrence.name, {}).setdefault(occurrence.article, []).append(occurrence)
        return grouped

    def _kept_occurrence_table(self, entry: Entry) -> str:
        """_occurrence_table; in serve, kept while the directory and the articles naming the entry
        (with their places in the site's order) are unchanged."""
        naming = sorted(self._occurrences_by_name.get(entry.name, {}))
        return incremental.store().derived(
            "people table", [self.articles[index] for index in naming],
            (self.directory_key, entry.name, " ".join(map(str, naming))),
            functools.partial(self._occurrence_table, entry))

    def _occurrence_table(self, entry: Entry) -> str:
        """Per article: roles (persons) and links to every place the entry occurs."""
        by_article = self._occurrences_by_name.get(entry.name)
        if not by_article:
            return w.paragraph(w.text("本站文章中未见。"), classes=("rp-none",))
        rows = []
        for index, here in sorted(by_article.items()):
            article = self.articles[index]
            cells = [w.article_link(article)]
            if entry.kind == "person":
                roles = list(dict.fromkeys(o.role for o in here if o.role))
                cells.append(w.text("；".join(roles)) if roles else "—")
            cells.append(incremental.store().derived("people places", (article,), (self.directory_key, entry.name),
                                                     functools.partial(_places, article, here)))
            rows.append(cells)
        headers = ["文章", "文中身份", "出现位置"] if entry.kind == "person" else ["文章", "出现位置"]
        return w.unsearched(w.table(headers, rows), ("rp-occurrences",))


def _places(article: Article, here: list[Occurrence]) -> str:
    """Links to the blocks (or the page, for headlines, byline and editors) where an entry occurs."""
    links = []
    for group in _group_places(here).values():
        first = group[0]
        count = f"×{len(group)}" if len(group) > 1 else ""
        forms = sorted({o.surface for o in group} - {first.name})
        also = f"（作“{'”“'.join(forms)}”）" if forms else ""
        if first.ref is not None:
            links.append(w.block_link(first.ref, w.text(w.short_place_label(first.ref) + count + also)))
        else:
            target = f"{article.slug}.md" + (f"#{first.block_id}" if first.block_id else "")
            links.append(w.link(target, w.text(first.where + count + also)))
    return "、".join(links)


def _group_places(here: list[Occurrence]) -> dict[tuple[str, str | None], list[Occurrence]]:
    """Occurrences grouped by place, first-seen order."""
    grouped: dict[tuple[str, str | None], list[Occurrence]] = {}
    for occurrence in here:
        grouped.setdefault((occurrence.where, occurrence.block_id), []).append(occurrence)
    return grouped


def load(articles: list[Article], data_dir: Path) -> Directory:
    """data/people.yml with the site's authors and editors it does not list."""
    directory = load_directory(data_dir / PEOPLE_FILE)
    add_credited_people(directory, articles)
    return directory


def build(articles: list[Article], data_dir: Path, converter: Converter | None = None) -> PeopleFeature:
    """The feature for this build, from the articles and data/people.yml."""
    return PeopleFeature(articles, load(articles, data_dir))
