"""MkDocs side of incremental serve rebuilds (republish.incremental holds the caches).

`mkdocs serve` rebuilds every page on each save: Markdown, the theme template, the search
plugin's indexing and our traditional twin. In serve, two MkDocs steps are wrapped so that a
page whose inputs are unchanged since an earlier build reuses that build's results:

- `Page.render` (Markdown → HTML): keyed by the page's Markdown, its place (src and URL), every
  file's URL (links resolve against them) and the Markdown settings; the result is the HTML,
  the TOC, the title found in it and the anchors it has and links to.
- `_build_page` (template → output file, its search entries, its twin): keyed by the rendered
  HTML, the page's metadata and URL, the whole nav (titles, URLs, order: every page shows it
  and its prev/next links), the config, the theme's templates, and what the project adds
  (`extra_key`: conversion settings and a traditional source's printed text). The result is
  the bytes of both written files and the page's search entries, written and indexed again.

A step that logged a warning is never kept, so `--strict` still fails on every build that
shows the problem. Plugins other than Material's search and our hooks that act on built
pages switch the page cache off (their effects are not captured). Loaded once per process
under a fixed name, because MkDocs reloads the hook module for every build.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mkdocs.commands.build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from republish import incremental
from republish.twins import HANT_DIR

ORIGINAL_RENDER = Page.render
ORIGINAL_BUILD_PAGE = mkdocs_build._build_page
# Per build: what the project adds to a page's key; set by the hook module in on_files.
CONTEXT: dict[str, Any] = {"extra_key": lambda page: b"", "search_key": ""}


class _WarningCount(logging.Handler):
    """Counts warnings MkDocs and its plugins log, to tell a clean step from one that warned."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


WARNINGS = _WarningCount()


def install() -> None:
    """Wrap MkDocs' page steps (idempotent) and switch the caches on, for `mkdocs serve`."""
    incremental.enable(True)
    if Page.render is not ORIGINAL_RENDER:
        return
    Page.render = _cached_render  # type: ignore[method-assign]
    mkdocs_build._build_page = _cached_build_page
    logging.getLogger("mkdocs").addHandler(WARNINGS)


def set_build_keys(extra_key: Callable[[Page], bytes], search_key: str) -> None:
    """What this build's pages depend on besides MkDocs' inputs: the project's part of each
    page's key, and what the search plugin's word splitting depends on (the words the project
    teaches jieba), which decides a page's search entries but not its HTML."""
    CONTEXT["extra_key"], CONTEXT["search_key"] = extra_key, search_key


def end_build() -> incremental.Counts:
    """Close the build's caches; what it reused and rendered."""
    return incremental.store().end_build()


# -----------------------------------------------------------------------------
# Markdown
# -----------------------------------------------------------------------------

def _cached_render(page: Page, config: MkDocsConfig, files: Files) -> None:
    store = incremental.store()
    if not store.enabled or page.markdown is None:
        return ORIGINAL_RENDER(page, config, files)
    cache = store.cache("markdown")
    key = incremental.digest(page.markdown, page.file.src_uri, page.url, _files_key(files),
                             _markdown_settings(config), str(logging.getLogger("mkdocs").getEffectiveLevel()))
    kept = cache.get(key)
    if kept is None:
        before = WARNINGS.count
        ORIGINAL_RENDER(page, config, files)
        if WARNINGS.count == before:
            links = {target.src_uri: dict(anchors) for target, anchors in (page.links_to_anchors or {}).items()}
            cache.put(key, (page.content, page.toc, page._title_from_render, set(page.present_anchor_ids or ()),
                            links if page.links_to_anchors is not None else None))
        return None
    content, toc, title, anchors, links = kept
    page.content, page.toc, page._title_from_render = content, toc, title
    page.present_anchor_ids = set(anchors)
    page.links_to_anchors = None if links is None else {
        files.get_file_from_path(src): dict(found) for src, found in links.items()}
    return None


def _files_key(files: Files) -> str:
    """Every file's place and URL (what a page's links resolve against), once per Files."""
    cached = CONTEXT.get("files")
    if cached is not None and cached[0] is files:
        return cached[1]
    key = incremental.digest(*(f"{f.src_uri}\t{f.dest_uri}\t{f.url}\t{f.inclusion}" for f in sorted(
        files, key=lambda f: f.src_uri)))
    CONTEXT["files"] = (files, key)
    return key


def _markdown_settings(config: MkDocsConfig) -> str:
    return repr((config.markdown_extensions, config.mdx_configs, config.use_directory_urls,
                 config.validation, config.docs_dir))


# -----------------------------------------------------------------------------
# Template, search entries and twin
# -----------------------------------------------------------------------------

def _cached_build_page(page: Page, config: MkDocsConfig, doc_files: Any, nav: Navigation,
                       env: Any, dirty: bool = False, excluded: bool = False) -> None:
    store = incremental.store()
    index = _search_index(config)
    if not store.enabled or (dirty and not page.file.is_modified()) or not _only_known_page_plugins(config):
        return ORIGINAL_BUILD_PAGE(page, config, doc_files, nav, env, dirty, excluded)
    cache = store.cache("page")
    key = incremental.digest(page.content, repr(page.meta), page.file.src_uri, page.url, str(excluded),
                             str(page.title), _nav_key(nav), _build_key(config), CONTEXT["extra_key"](page))
    outputs = [Path(page.file.abs_dest_path), Path(config.site_dir) / HANT_DIR / page.file.dest_uri]
    search_key = incremental.digest(key, CONTEXT["search_key"])
    searched, kept = store.cache("search"), cache.get(key)
    if kept is None:
        before, indexed = WARNINGS.count, len(index.entries) if index is not None else 0
        ORIGINAL_BUILD_PAGE(page, config, doc_files, nav, env, dirty, excluded)
        if WARNINGS.count == before and all(path.is_file() for path in outputs):
            cache.put(key, [path.read_bytes() for path in outputs])
            if index is not None:
                searched.put(search_key, [dict(entry) for entry in index.entries[indexed:]])
        return None
    for path, data in zip(outputs, kept):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if index is not None:
        entries = searched.get(search_key)
        if entries is None:         # the same page, split into other words: index it again
            indexed = len(index.entries)
            index.add_entry_from_context(page)
            entries = [dict(entry) for entry in index.entries[indexed:]]
            searched.put(search_key, entries)
        else:
            index.entries.extend(dict(entry) for entry in entries)
    return None


def _search_index(config: MkDocsConfig) -> Any | None:
    """Material's search index of this build, if the plugin is on."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    return getattr(plugin, "search_index", None) if plugin is not None and plugin.config.get("enabled", True) else None


def _only_known_page_plugins(config: MkDocsConfig) -> bool:
    """Whether only the search plugin and our hooks act on built pages (their effects are what
    the cache replays)."""
    for event in ("page_context", "post_page"):
        for method in config.plugins.events.get(event, []):
            owner = getattr(method, "__self__", None)
            if owner is not None and type(owner).__name__ != "SearchPlugin":
                return False
            if owner is None and not getattr(method, "__module__", "").endswith("republish_hooks.py"):
                return False
    return True


def _nav_key(nav: Navigation) -> str:
    """Titles, URLs and order of the whole nav, once per Navigation."""
    cached = CONTEXT.get("nav")
    if cached is not None and cached[0] is nav:
        return cached[1]

    def shape(items: list) -> list:
        out: list = []
        for item in items:
            if isinstance(item, Section):
                out.append(("section", item.title, shape(item.children)))
            elif isinstance(item, Link):
                out.append(("link", item.title, item.url))
            else:
                out.append(("page", item.title, item.url, item.file.src_uri))
        return out

    key = incremental.digest(repr(shape(nav.items)), repr([p.url for p in nav.pages]))
    CONTEXT["nav"] = (nav, key)
    return key


def _build_key(config: MkDocsConfig) -> str:
    """The config and the theme's templates, once per config (one per build)."""
    cached = CONTEXT.get("config")
    if cached is None or cached[0] is not config:
        cached = CONTEXT["config"] = (config, incremental.digest(_config_key(config), _theme_key(config)))
    return cached[1]


def _config_key(config: MkDocsConfig) -> str:
    """The settings every page sees; plugins by name and their own settings."""
    parts = [f"{name}={value!r}" for name, value in sorted(config.items())
             if name not in ("plugins", "hooks")]
    parts += [f"plugin {name} {dict(getattr(plugin, 'config', None) or {})!r}"
              for name, plugin in config.plugins.items()]
    return incremental.digest(*parts)


def _theme_key(config: MkDocsConfig) -> str:
    """The theme's templates, by path, size and modification time."""
    stamps = []
    for root in config.theme.dirs:
        for path in sorted(Path(root).rglob("*.html")):
            stat = path.stat()
            stamps.append(f"{path}\t{stat.st_size}\t{stat.st_mtime_ns}")
    return incremental.digest(*stamps)
