"""Full builds on every core: forked workers do part of MkDocs' per-page work.

MkDocs renders each page's Markdown, then builds each page (the theme's template, our
traditional twin, the search plugin's entries), one page after another in one process; at 200
articles that is two thirds of a build, on one core. In `mkdocs build` this module splits both
loops between the build and workers forked from it:

- **Markdown.** From `on_nav`, when every page's Markdown is known, the workers render pages from
  the last one back, one at a time, while MkDocs renders from the first, until the two meet
  (republish.workers.Claims: whatever each page costs, nobody waits long for anybody). `Page.render` of a page a worker rendered takes the worker's HTML, TOC, title and
  anchors, and logs the warnings the worker's rendering logged, at that page, in order.
- **Pages.** From `on_env` likewise: a worker builds its pages (writes both scripts' files) and
  sends back their search entries, the class names the CSS purge keeps and the conversions it
  memoised; `_build_page` of such a page adds its entries and logs its warnings.

A worker's result is taken only for the page it was made for, from the same Markdown or HTML;
a page a worker failed on, or that changed since, is done by the build itself, as without
workers (which is also where its error is raised, with MkDocs' own message). The order of pages,
search entries and messages is MkDocs' own, so the site is byte for byte the one a single process
writes (tests/builds/test_site_build.py). Workers are used only for `mkdocs build` (serve keeps
its caches in one process), not with --dirty, only where `fork` exists, from a process running no
other thread, and only when no plugin but Material's search and our hooks acts on built pages.
Loaded once per process under a fixed name, like serve_cache.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import mkdocs.commands.build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from republish import incremental, workers

ORIGINAL_RENDER = Page.render
ORIGINAL_BUILD_PAGE = mkdocs_build._build_page
TEMPLATE_COST = 20_000   # a page's template, nav and twin conversion, in µs (a character of content: 1)
FAILED = None            # a worker's result for a page it could not do: the build does it
# A page of this many characters or more (Markdown to render, HTML to build) leaves enough freed
# memory behind to give back to the system at once (rendering xref.md, 2.2 MB of Markdown at 200
# articles, takes 36 MiB at its height; an article's page, 40 kB, under 1 MiB).
LARGE_PAGE = 200_000

log = logging.getLogger("mkdocs.hooks.republish.pool")


# -----------------------------------------------------------------------------
# Workers (republish.workers forks them, sends back their messages and memo entries)
# -----------------------------------------------------------------------------

@dataclass
class Share:
    """The results and messages of one worker, by page, once collected."""
    worker: workers.Worker
    merge: Callable[[Any], None]
    results: dict[str, tuple[Any, list[workers.Record]]] | None = None

    def take(self, src_uri: str) -> tuple[Any, list[workers.Record]] | None:
        """The worker's result and messages for a page (waiting for the worker the first time)."""
        if self.results is None:
            sent = self.worker.result()
            self.results, extra = sent if sent is not None else ({}, None)
            if sent is not None:
                self.merge(extra)
        return self.results.pop(src_uri, None)


def fork_worker(claim: Callable[[], Page | None], work: Callable[[Page], Any], finish: Callable[[], Any],
                merge: Callable[[Any], None]) -> Share | None:
    """A worker that does `work` for each page `claim` gives it, until it gives None, and
    `finish` once at the end; the build gets each page's result from the returned Share, and
    `merge` gets what `finish` returned."""
    def job() -> tuple[dict[str, tuple[Any, list[workers.Record]]], Any]:
        results = {}
        while (page := claim()) is not None:
            try:
                result = work(page)
            except Exception:           # the build does this page again and reports the error
                result = FAILED
            records = workers.messages()
            if result is not FAILED:
                results[page.file.src_uri] = (result, records)
        return results, finish()

    worker = workers.fork(job)
    return None if worker is None else Share(worker, merge)


class Pool:
    """The workers of one loop (rendering or building). The build does the pages from the first
    on, as MkDocs' loop reaches them; the workers take the last ones, one at a time, until the
    two meet (workers.Claims), so no process waits for another however long a page takes."""

    def __init__(self) -> None:
        self.workers: dict[int, Share] = {}
        self.claims: workers.Claims | None = None
        self.pages: list[Page] = []
        self.index: dict[str, int] = {}

    def start(self, pages: Sequence[Page], costs: Sequence[int], sharing: workers.Sharing,
              work: Callable[[Page], Any], finish: Callable[[], Any] = lambda: None,
              merge: Callable[[Any], None] = lambda extra: None) -> None:
        """Fork the workers (processes but one), if the loop has enough work (`sharing.least`:
        below that a worker's start and memory cost more than it saves)."""
        if len(pages) < 2 or not sharing.applies(sum(costs)):
            return
        try:
            claims = workers.Claims(len(pages))
        except OSError as error:        # no shared semaphore here (a container without /dev/shm)
            log.debug("No workers (%s): the build does every page", error)
            return
        self.claims, self.pages = claims, list(pages)
        workers.release_free_memory()   # what the build let go of: no worker starts with it
        self.index = {page.file.src_uri: i for i, page in enumerate(self.pages)}
        for number in range(1, sharing.processes):
            def claim(number: int = number) -> Page | None:
                index = claims.take_back(number)
                return None if index is None else self.pages[index]
            share = fork_worker(claim, work, finish, merge)
            if share is not None:
                self.workers[number] = share
                log.debug("A worker takes pages from the last of %d back", len(pages))

    def take(self, page: Page) -> tuple[Any, list[workers.Record]] | None:
        """A worker's result for the page, or None if the build is to do it."""
        index = self.index.get(page.file.src_uri)
        if self.claims is None or index is None:
            return None
        owner = self.claims.take_front(index)
        share = self.workers.get(owner)
        if share is None:
            return None
        if share.results is None:
            done = self.claims.taken_by(owner)
            log.debug("A worker did %d of %d pages, from %s on", len(done), len(self.pages),
                      self.pages[min(done)].file.src_uri)
        return share.take(page.file.src_uri)

    def stop(self) -> None:
        """Wait for every worker (results not taken are dropped)."""
        for share in self.workers.values():
            share.worker.close()
        self.workers, self.claims, self.pages, self.index = {}, None, [], {}


RENDERING, BUILDING = Pool(), Pool()


# -----------------------------------------------------------------------------
# The two loops
# -----------------------------------------------------------------------------

def start_rendering(config: MkDocsConfig, files: Files, sharing: workers.Sharing) -> None:
    """From on_nav: workers render the last pages of MkDocs' rendering loop."""
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    costs = [len(page.file.content_string) if page.file.generated_by else _source_size(page) for page in pages]

    def render(page: Page) -> tuple:
        config._current_page = page
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        ORIGINAL_RENDER(page, config, files)
        _let_go_after(page.markdown)
        links = None if page.links_to_anchors is None else {
            target.src_uri: dict(anchors) for target, anchors in page.links_to_anchors.items()}
        return (incremental.digest(page.markdown), page.content, page.toc, page._title_from_render,
                set(page.present_anchor_ids or ()), links)

    RENDERING.start(pages, costs, sharing, render)
    if RENDERING.workers:
        Page.render = _pooled_render     # type: ignore[method-assign]


def _source_size(page: Page) -> int:
    try:
        return os.path.getsize(page.file.abs_src_path or "")
    except OSError:
        return 0


def _pooled_render(page: Page, config: MkDocsConfig, files: Files) -> None:
    taken = RENDERING.take(page)
    if taken is None or taken[0][0] != incremental.digest(page.markdown):
        ORIGINAL_RENDER(page, config, files)
        _let_go_after(page.markdown)
        return None
    (_, content, toc, title, anchors, links), records = taken
    page.content, page.toc, page._title_from_render = content, toc, title
    page.present_anchor_ids = anchors
    page.links_to_anchors = None if links is None else {
        files.get_file_from_path(src): found for src, found in links.items()}
    for record in records:
        record.replay()
    return None


def start_building(config: MkDocsConfig, files: Files, nav: Navigation, env: Any, sharing: workers.Sharing,
                   begin: Callable[[], None], finish: Callable[[], Any], merge: Callable[[Any], None]) -> None:
    """From on_env: workers build the last pages of MkDocs' page loop. `begin` readies a worker
    (its own record of class names), `finish` gives what the build merges with `merge`."""
    doc_files = files.documentation_pages()
    pages = [file.page for file in doc_files if file.page is not None]
    costs = [len(page.content or "") + TEMPLATE_COST for page in pages]
    index = search_index(config)
    started: list[bool] = []

    def build(page: Page) -> tuple:
        if not started:
            begin()
            started.append(True)
        built_from = incremental.digest(page.content)       # before the search plugin edits it
        indexed = len(index.entries) if index is not None else 0
        built = page.content
        ORIGINAL_BUILD_PAGE(page, config, doc_files, nav, env, False, page.file.inclusion.is_excluded())
        _let_go_after(built)
        entries = [dict(entry) for entry in index.entries[indexed:]] if index is not None else []
        return built_from, entries

    BUILDING.start(pages, costs, sharing, build, finish, merge)
    if BUILDING.workers:
        mkdocs_build._build_page = _pooled_build_page


def _pooled_build_page(page: Page, config: MkDocsConfig, doc_files: Any, nav: Navigation,
                       env: Any, dirty: bool = False, excluded: bool = False) -> None:
    taken = BUILDING.take(page)
    if taken is None or taken[0][0] != incremental.digest(page.content):
        built = page.content
        ORIGINAL_BUILD_PAGE(page, config, doc_files, nav, env, dirty, excluded)
        _let_go_after(built)
        return None
    (_, entries), records = taken
    index = search_index(config)
    if index is not None:
        index.entries.extend(entries)
    for record in records:
        record.replay()
    return None


def _let_go_after(text: str | None) -> None:
    """After a large page, give the memory its work freed back to the system: each process of a
    shared loop would otherwise keep its largest page's height to the end of the build (at 200
    articles the worker grew by 40 MiB rendering the derived pages, 20 MiB with this)."""
    if text is not None and len(text) >= LARGE_PAGE:
        workers.release_free_memory()


def search_index(config: MkDocsConfig) -> Any | None:
    """Material's search index of this build, if the plugin is on."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    return getattr(plugin, "search_index", None) if plugin is not None and plugin.config.get("enabled", True) else None


def only_known_page_plugins(config: MkDocsConfig, hooks_module: str) -> bool:
    """Whether only the search plugin and our hooks act on pages (their effects are what the
    workers send back)."""
    for event in ("pre_page", "page_markdown", "page_content", "page_context", "post_page"):
        for method in config.plugins.events.get(event, []):
            owner = getattr(method, "__self__", None)
            if owner is not None and type(owner).__name__ != "SearchPlugin":
                return False
            if owner is None and not getattr(method, "__module__", "").endswith(hooks_module):
                return False
    return True


def release_sources(files: Files) -> None:
    """Once every page is rendered (on_env of a full build): drop each page's Markdown and a
    generated page's source, which the rest of the build reads neither of (about 25 MB at 200
    articles; Pool.start gives the freed memory back before the page loop's workers are forked
    with a copy of it all)."""
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.content is None:
            continue
        page.markdown = ""           # not None: Page.title would take that for a page not read yet
        if file.generated_by and file.abs_src_path is None:
            file._content = None      # File's content has no public way to be let go


def stop_rendering() -> None:
    """After MkDocs' rendering loop: wait for its workers, put MkDocs' Page.render back."""
    RENDERING.stop()
    if Page.render is _pooled_render:
        Page.render = ORIGINAL_RENDER       # type: ignore[method-assign]


def stop() -> None:
    """After the build, or when it failed: wait for every worker, put MkDocs back."""
    stop_rendering()
    BUILDING.stop()
    if mkdocs_build._build_page is _pooled_build_page:
        mkdocs_build._build_page = ORIGINAL_BUILD_PAGE
