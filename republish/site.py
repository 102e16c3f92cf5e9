"""Assemble the whole site from seeds and data: articles, features, pages."""

from __future__ import annotations

import functools
import importlib
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from pathlib import Path

from . import annotations as web_annotations, exports, incremental, memo, pinyin, searchwords, workers
from .citation import facts_of, load_site_facts
from .errors import EditorError
from .features.base import Feature
from .features.notes import NotesFeature
from .model import Article
from .parse import parse_article
from .render import compose_article, contribution_keys, contributions, describe, render_home
from .script import Converter, detect_script, load_conversion
from .seedfile import read_seed
from .sidecar import apply_sidecar, load_sidecar, sidecar_path

NavEntry = dict[str, Any]   # one entry of MkDocs' nav: {title: doc path or a list of entries}
# More articles than this and the nav groups them by year (and a crowded year by month).
NAV_GROUP_ABOVE = 30
# Feature modules under republish.features, in the order their marks nest.
FEATURE_MODULES: tuple[str, ...] = ("glossary", "notes", "xref", "people", "timeline", "figures")
# Sidecar fields the parser is told, so the printed line they correct keeps its place.
HINTED = ("title", "kicker", "subtitle", "rubric")


@dataclass
class Page:
    """A generated Markdown page at a doc path, with its nav title."""

    path: str
    title: str
    markdown: str


@dataclass
class SiteSettings:
    """What the generator needs to know about the site being built."""

    seeds_dir: Path
    data_dir: Path
    directory_urls: bool = True
    title: str = "注释本"
    intro: str = ""
    profile: str | None = None      # OpenCC profile; None: the one in data/conversion.yml
    cache_dir: Path | None = None   # where conversions and pinyin are memoised between builds
    docs_dir: Path | None = None    # hand-written pages, searched too (their characters join the script map)
    site_url: str = ""              # the site's absolute URL, '' when unknown (citations then take it from the browser)
    sharing: workers.Sharing = workers.Sharing()    # forked workers for the long loops (one process by default)


@dataclass
class Site:
    """Articles, the features built over them, the pages and build warnings."""

    articles: list[Article]
    converter: Converter
    features: list[Feature]
    pages: list[Page]
    warnings: list[str] = field(default_factory=list)
    memos: memo.MemoStore = field(default_factory=memo.MemoStore)
    # Page path → printed block texts, for articles whose source is traditional.
    originals: dict[str, dict[str, str]] = field(default_factory=dict)
    # Words the search index must keep whole (republish.searchwords).
    search_words: tuple[str, ...] = ()
    # Site path → bytes of the files beside the pages: downloads of each article, the feeds, the
    # notes as Web Annotations, the character map for queries typed in the other script.
    files: dict[str, bytes] = field(default_factory=dict)
    # Doc path of a hand-written page → HTML its slot (exports.LISTING_SLOT) is replaced by.
    inserts: dict[str, str] = field(default_factory=dict)

    def nav(self, other_pages: Iterable[str], group_above: int = NAV_GROUP_ABOVE) -> list[Any]:
        """The site's nav (MkDocs shape): home, the articles, the generated pages, then other_pages."""
        articles = {f"{a.slug}.md" for a in self.articles}
        generated = [{p.title: p.path} for p in self.pages if p.path != "index.md" and p.path not in articles]
        ours = {p.path for p in self.pages}
        return ([{"首页": "index.md"}, {"文章": article_nav(self.articles, group_above)}] + generated
                + [path for path in other_pages if path not in ours])

    def for_pages(self) -> "Site":
        """What converting finished pages needs (converter, originals, memos), without the articles
        and features: the rest of the build then carries fewer live objects."""
        return replace(self, articles=[], features=[], pages=[], warnings=[], files={})


def article_nav(articles: list[Article], group_above: int = NAV_GROUP_ABOVE) -> list[dict[str, Any]]:
    """The articles as nav entries: a flat list up to group_above of them, else by year,
    and a year holding more than group_above by month when it spans several (every page repeats
    the nav)."""
    entries = [{a.title: f"{a.slug}.md"} for a in articles]
    if len(articles) <= group_above:
        return entries
    years = _grouped(zip(articles, entries), lambda a: f"{a.date[:4]}年" if a.date else "日期不详")
    nav = []
    for year, items in years.items():
        months = _grouped(items, _month_label) if len(items) > group_above else {}
        nav.append({year: [{month: [entry for _, entry in found]} for month, found in months.items()]
                    if len(months) > 1 else [entry for _, entry in items]})
    return nav


def _month_label(article: Article) -> str:
    """'6月' from a date of the form YYYY-MM(-DD); '月份不详' for a bare year."""
    return f"{int(article.date[5:7])}月" if article.date and len(article.date) >= 7 else "月份不详"


def _grouped(pairs: Iterable[tuple[Article, NavEntry]], label: Callable[[Article], str]
             ) -> dict[str, list[tuple[Article, NavEntry]]]:
    """Pairs grouped by the label of their article, in first-seen order (articles are sorted by date)."""
    groups: dict[str, list[tuple[Article, NavEntry]]] = {}
    for article, entry in pairs:
        groups.setdefault(label(article), []).append((article, entry))
    return groups


def load_article(seed: Path, converter: Converter | None = None) -> Article:
    """Read, check and parse one seed, then apply its sidecar.

    A source in traditional script (declared as `script: hant` or detected) is
    modelled in simplified, so glossary, notes and themes match it; the printed
    text of each block is kept in `originals` for its /zh-Hant/ page.
    """
    sidecar = load_sidecar(seed)
    text = read_seed(seed, sidecar.get("encoding"))
    kinds = dict(sidecar.get("kinds", {}))
    hints = {key: sidecar[key] for key in HINTED if key in sidecar}
    script = sidecar.get("script") or detect_script(text)
    if script == "hant" and converter is not None:
        printed = parse_article(seed, text, kinds, hints)
        article = parse_article(seed, converter.to_hans(text), kinds, hints)
        article.originals = {b.id: b.text for _, b in printed.blocks() if b.id}
    else:
        article = parse_article(seed, text, kinds, hints)
    article = apply_sidecar(article, sidecar)
    article.script = script
    if not article.title:   # only a text with no line at all left for a title
        raise EditorError(seed, "no title could be recognised",
                          f"give 'title: …' in {sidecar_path(seed).name}")
    return article


def load_articles(seeds_dir: Path, converter: Converter | None = None) -> list[Article]:
    """Every seed (*.txt) in reading order: dated first by date, then by file name."""
    seeds = sorted(seeds_dir.glob("*.txt"))
    if not seeds:
        raise EditorError(seeds_dir, "no seed files (*.txt) found", "put at least one article in it")
    context = incremental.converter_key(converter)
    articles: list[Article] = [
        incremental.store().frozen("article", incremental.article_key(seed, sidecar_path(seed), context),
                                   functools.partial(load_article, seed, converter)) for seed in seeds]
    _check_unique_slugs(articles)
    return sorted(articles, key=lambda a: (a.date is None, a.date or "", a.source.name))


def _check_unique_slugs(articles: Iterable[Article]) -> None:
    seen: dict[str, Article] = {}
    reserved = {"index", "about", "glossary", "xref", "people", "timeline", "figures", "zh-hant"}
    for article in articles:
        if article.slug.lower() in reserved or article.slug in seen:
            other = seen.get(article.slug)
            clash = f"the slug of {other.source.name}" if other else "a reserved page name"
            raise EditorError(sidecar_path(article.source), f"slug '{article.slug}' equals {clash}",
                              "choose another 'slug:' in the sidecar")
        seen[article.slug] = article


def build_features(articles: list[Article], data_dir: Path, converter: Converter | None = None) -> list[Feature]:
    """Instantiate every registered feature over all articles."""
    return [importlib.import_module(f"{__package__}.features.{name}").build(articles, data_dir, converter)
            for name in FEATURE_MODULES]


def build_site(settings: SiteSettings) -> Site:
    """Everything the static site generator needs, as Markdown pages (its long loops shared with
    workers as settings.sharing says: republish.workers)."""
    with workers.shared(settings.sharing):
        try:
            return _build_site(settings)
        finally:
            pinyin.release()


def _build_site(settings: SiteSettings) -> Site:
    incremental.store().begin_build()
    memos = memo.activate(settings.cache_dir)
    converter = Converter(load_conversion(settings.data_dir / "conversion.yml"), settings.profile)
    seed_bytes = sum(seed.stat().st_size for seed in settings.seeds_dir.glob("*.txt"))
    pinyin.in_own_process(workers.current().applies(seed_bytes))
    articles = load_articles(settings.seeds_dir, converter)
    features = build_features(articles, settings.data_dir, converter)
    pages = [Page("index.md", "首页", render_home(articles, settings.title, settings.intro))]
    site_facts = load_site_facts(settings.data_dir)
    published = exports.Published(settings.site_url, settings.directory_urls,
                                  exports.publisher_of(site_facts, settings.title))
    facts = [facts_of(a, site_facts, describe(a)) for a in articles]
    citing = (repr(site_facts), repr(published))      # with the article, what its citation follows from
    for article, own in zip(articles, facts):
        head, box = incremental.store().derived("citation", (article,), citing, functools.partial(
            exports.page_citation, own, published, site_facts.licence))
        pages.append(Page(f"{article.slug}.md", article.title, _article_markdown(article, features, head, box, citing)))
    for feature in features:
        pages += [Page(p.path, p.title, p.markdown) for p in feature.pages()]
    pinyin.release()        # every anchor and order is spelled: its dictionary can go
    warnings = [w for a in articles for w in a.warnings]
    warnings += [w for f in features for w in getattr(f, "warnings", lambda: [])()]
    # Directory entries and themes no article uses warn like unused glossary terms.
    warnings += [n for f in features for n in getattr(f, "notices", lambda: [])()]
    originals = {f"{a.slug}.md": a.originals for a in articles if a.originals}
    words = searchwords.site_vocabulary(features)
    handwritten = sorted(settings.docs_dir.rglob("*.md")) if settings.docs_dir else []
    texts = [*(p.markdown for p in pages), *(path.read_text(encoding="utf-8") for path in handwritten)]
    files = exports.site_files(articles, facts, settings.title, published, converter)
    files[searchwords.SCRIPT_MAP_PATH] = searchwords.script_map_file(texts, words, converter)
    files |= _annotation_files(articles, features, converter, settings.directory_urls)
    listing = exports.downloads_listing(articles, site_facts.licence)
    inserts = {"about.md": listing}
    return Site(articles, converter, features, pages, warnings, memos, originals, words, files, inserts)


def _article_markdown(article: Article, features: list[Feature], head: dict[str, object], box: str,
                      citing: tuple[str, ...]) -> str:
    """render_article; in serve, an article whose model, feature contributions and citation
    (a function of the article and `citing`) are all unchanged since the last build keeps its
    page. The features are still asked for their keys: what they add to it may come from any
    other article."""
    store = incremental.store()
    if not store.enabled:
        return compose_article(article, contributions(article, features), head, box)
    keys = contribution_keys(article, features)
    if keys is not None:        # the features' keys stand for what they add: nothing to assemble
        return store.derived("article page", (article,), (*keys, *citing),
                             lambda: compose_article(article, contributions(article, features), head, box))
    added = contributions(article, features)
    others = incremental.digest(pickle.dumps((added, head, box), pickle.HIGHEST_PROTOCOL))
    return store.derived("article page", (article,), (others,), lambda: compose_article(article, added, head, box))


def _annotation_files(articles: list[Article], features: list[Feature], converter: Converter,
                      directory_urls: bool) -> dict[str, bytes]:
    """Each annotated article's notes as Web Annotations, in both scripts (doc path → JSON-LD)."""
    notes_of = next((f.notes for f in features if isinstance(f, NotesFeature)), None)
    files: dict[str, bytes] = {}
    for article in articles:
        notes = notes_of(article) if notes_of else []
        if not notes:
            continue
        for script, convert in (("hans", str), ("hant", converter.to_hant)):
            collection = web_annotations.annotation_collection(article, notes, script, convert, directory_urls)
            files[web_annotations.annotations_path(article, script)] = web_annotations.to_json(collection).encode("utf-8")
    return files
