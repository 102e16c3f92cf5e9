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

- the site directory: MkDocs empties it before every build and copies ~1 600 theme assets and
  writes every page again (on a slow disk, a third of a rebuild). In serve, a file this module
  wrote or copied in the last build, and that nobody has touched since, is left in place; the
  build copies or writes it again only when its source or bytes differ, and what the build did
  not produce again is deleted at its end, so the directory holds what a clean build writes.
- the theme's static files: MkDocs lists and filters every file of every theme directory each
  build (Material's ~10 000 icons, a tenth of a rebuild). An installed theme's listing is kept for
  the process (its package does not change while serving, even with --watch-theme: restart serve
  after changing an installed theme); a project's own `custom_dir` is listed again every build,
  so a file added to it is copied as in a clean build.
- Jinja's compiled templates, by template source (MkDocs makes a new environment every build),
  and each page's front matter, by the page's source (each page gets its own copy).

A step that logged a warning is never kept, so `--strict` still fails on every build that
shows the problem. Plugins other than Material's search and our hooks that act on built
pages switch the page cache off (their effects are not captured). Loaded once per process
under a fixed name, because MkDocs reloads the hook module for every build.
"""

from __future__ import annotations

import fnmatch
import gc
import logging
import os
import pickle
import sysconfig
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import mkdocs.commands.build as mkdocs_build
import mkdocs.utils
import mkdocs.utils.meta
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.theme import Theme
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from republish import incremental
from republish.twins import HANT_DIR

ORIGINAL_RENDER = Page.render
ORIGINAL_BUILD_PAGE = mkdocs_build._build_page
ORIGINAL_CLEAN = mkdocs.utils.clean_directory
ORIGINAL_COPY = File.copy_file
ORIGINAL_GET_ENV = Theme.get_env
ORIGINAL_GET_DATA = mkdocs.utils.meta.get_data
ORIGINAL_ADD_THEME_FILES = Files.add_files_from_theme
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
    mkdocs.utils.clean_directory = _clean_keeping
    File.copy_file = _copy_unless_in_place  # type: ignore[method-assign]
    Theme.get_env = _env_with_compiled_templates  # type: ignore[method-assign]
    mkdocs.utils.meta.get_data = _front_matter
    Files.add_files_from_theme = _add_theme_files  # type: ignore[method-assign]
    logging.getLogger("mkdocs").addHandler(WARNINGS)


class Collector:
    """The cyclic garbage collector around serve rebuilds: off while one runs (the caches hold
    millions of objects at 1 000 articles; each full collection walked them all, 2-3 s of a
    rebuild), on again `delay` seconds after it ends (the server shows the new build as soon as
    the rebuild returns), with one collection of what the rebuild made (about a second at 1 000
    articles) then, while the editor looks at the page, rather than at whatever allocation next
    crosses a threshold. A rebuild that starts in the meantime keeps it off."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.building = 0
        self.lock = threading.Lock()

    def pause(self) -> None:
        with self.lock:
            self.building += 1
            gc.disable()

    def resume_later(self) -> threading.Timer:
        with self.lock:
            # at 0 already when a build both ran on_post_build and then failed (--strict warnings)
            self.building = max(0, self.building - 1)
        timer = threading.Timer(self.delay, self._resume)
        timer.daemon = True
        timer.start()
        return timer

    def _resume(self) -> None:
        with self.lock:
            if self.building:
                return
            gc.enable()
        gc.collect(1)       # the young generations: what the rebuild made (it ran without collections)


COLLECTOR = Collector(delay=1.0)


def set_build_keys(extra_key: Callable[[Page], bytes], search_key: str) -> None:
    """What this build's pages depend on besides MkDocs' inputs: the project's part of each
    page's key, and what the search plugin's word splitting depends on (the words the project
    teaches jieba), which decides a page's search entries but not its HTML."""
    CONTEXT["extra_key"], CONTEXT["search_key"] = extra_key, search_key


def end_build() -> incremental.Counts:
    """Close the build's caches (and the site directory's record); what it reused and rendered."""
    SITE.end_build()
    return incremental.store().end_build()


# -----------------------------------------------------------------------------
# Markdown
# -----------------------------------------------------------------------------

def _cached_render(page: Page, config: MkDocsConfig, files: Files) -> None:
    store = incremental.store()
    if not store.enabled or page.markdown is None:
        return ORIGINAL_RENDER(page, config, files)
    cache = store.cache("markdown")
    # The texts themselves, not a digest of them: an unchanged page's Markdown is the object the
    # last build had (see _front_matter), whose hash Python keeps; digesting ~35 MB of Markdown
    # and HTML a rebuild at 1 000 articles cost about a tenth of a second per pass.
    key = (page.markdown, page.file.src_uri, page.url, _files_key(files),
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
    key = (page.content, repr(page.meta), page.file.src_uri, page.url, str(excluded),   # as _cached_render's
           str(page.title), _nav_key(nav), _build_key(config), CONTEXT["extra_key"](page))
    outputs = [Path(page.file.abs_dest_path), Path(config.site_dir) / HANT_DIR / page.file.dest_uri]
    search_key = (key, CONTEXT["search_key"])
    searched, kept = store.cache("search"), cache.get(key)
    if kept is None:
        before, indexed = WARNINGS.count, len(index.entries) if index is not None else 0
        ORIGINAL_BUILD_PAGE(page, config, doc_files, nav, env, dirty, excluded)
        if WARNINGS.count == before and all(path.is_file() for path in outputs):
            written = [path.read_bytes() for path in outputs]
            digests = [incremental.digest(data) for data in written]
            cache.put(key, (written, digests))     # digested once: a reused page's bytes are known
            for path, digest in zip(outputs, digests):
                SITE.wrote(path, digest)
            if index is not None:
                searched.put(search_key, [dict(entry) for entry in index.entries[indexed:]])
        return None
    for path, data, digest in zip(outputs, *kept):
        SITE.write(path, data, digest)
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


# -----------------------------------------------------------------------------
# The site directory
# -----------------------------------------------------------------------------

Stat = tuple[int, int, int]     # size, modification time (ns), inode


def _stat(path: str | Path) -> Stat | None:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ino


@dataclass
class SiteRecord:
    """The files this module wrote into the site directory: what each holds (a digest of its
    bytes, or the stat of the file it was copied from) and its own stat just after, so a file
    somebody else wrote since is never taken for ours."""

    site_dir: Path = Path("/nonexistent")
    written: dict[str, tuple[str, Stat]] = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)      # left in place by this build's clean
    claimed: set[str] = field(default_factory=set)   # produced (or found in place) by this build

    def clean(self, site_dir: str) -> None:
        """MkDocs' clean, except for our files still as we wrote them: each stays, for the build to
        claim or for end_build to delete."""
        self.kept, self.claimed = set(), set()
        if os.path.isdir(site_dir):
            # As MkDocs: hidden entries at the top are left alone (it never writes any).
            for entry in sorted(os.listdir(site_dir)):
                if not entry.startswith("."):
                    self._clean_entry(os.path.join(site_dir, entry))
        self.written = {path: self.written[path] for path in self.kept}

    def _clean_entry(self, top: str) -> None:
        if os.path.islink(top) or not os.path.isdir(top):
            self._clean_file(top)
            return
        for root, dirs, files in os.walk(top, topdown=False):
            for name in files:
                self._clean_file(os.path.join(root, name))
            for name in dirs:
                _remove_if_empty(os.path.join(root, name))
        _remove_if_empty(top)

    def _clean_file(self, path: str) -> None:
        mine = self.written.get(path)
        if mine is not None and _stat(path) == mine[1]:
            self.kept.add(path)
        else:
            os.unlink(path)

    def in_place(self, path: str, content: str) -> bool:
        """True (and claimed) when the file is there from the last build with this content."""
        mine = self.written.get(path)
        if path in self.kept and mine is not None and mine[0] == content and _stat(path) == mine[1]:
            self.claimed.add(path)
            return True
        return False

    def wrote(self, path: str | Path, content: str) -> None:
        stat = _stat(path)
        if stat is not None:
            self.written[os.path.normpath(path)] = (content, stat)
            self.claimed.add(os.path.normpath(path))

    def write(self, path: Path, data: bytes, content: str) -> None:
        """Write a page's bytes (of this digest), unless they are there already."""
        if not self.in_place(os.path.normpath(path), content):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            self.wrote(path, content)

    def end_build(self) -> None:
        """Delete what the clean kept and this build did not produce again (a removed page's
        files), unless another step wrote it meanwhile; forget what is no longer ours."""
        for path in self.kept - self.claimed:
            mine = self.written.pop(path, None)
            if mine is not None and _stat(path) == mine[1]:
                os.unlink(path)
                _remove_empty_parents(Path(path).parent)
        self.written = {path: mine for path, mine in self.written.items() if _stat(path) == mine[1]}
        self.kept, self.claimed = set(), set()


def _remove_if_empty(path: str) -> None:
    if os.path.islink(path):
        os.unlink(path)
    elif not os.listdir(path):
        os.rmdir(path)


def _remove_empty_parents(folder: Path) -> None:
    while folder.is_dir() and not any(folder.iterdir()) and SITE.site_dir in folder.parents:
        folder.rmdir()
        folder = folder.parent


SITE = SiteRecord()


def _clean_keeping(directory: str) -> None:
    if not incremental.store().enabled:
        return ORIGINAL_CLEAN(directory)
    SITE.site_dir = Path(os.path.normpath(directory))
    SITE.clean(str(SITE.site_dir))
    return None


def _copy_unless_in_place(file: File, dirty: bool = False) -> None:
    """File.copy_file, skipped when the file is in place from the last build with the same
    content (generated files: by digest; copies: by the source's stat)."""
    if not incremental.store().enabled or (dirty and not file.is_modified()):
        return ORIGINAL_COPY(file, dirty)
    content = file._content      # what File.copy_file itself writes, when set
    if content is not None:
        source = incremental.digest(content)
    else:
        assert file.abs_src_path is not None
        source = repr(_stat(file.abs_src_path))
    dest = os.path.normpath(file.abs_dest_path)
    if SITE.in_place(dest, source):
        return None
    ORIGINAL_COPY(file, dirty)
    SITE.wrote(dest, source)
    return None


# -----------------------------------------------------------------------------
# The theme's static files
# -----------------------------------------------------------------------------

INSTALLED = tuple(os.path.normpath(p) + os.sep for p in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
# Names MkDocs' add_files_from_theme leaves out whatever the config (its own list).
NEVER_STATIC = ('.*', '*/.*', '*.py', '*.pyc', '*.html', '*readme*', 'mkdocs_theme.yml', 'locales/*',
                *(f'*{x}' for x in mkdocs.utils.markdown_extensions))
LISTINGS: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}   # installed directory, skipped -> names


def _add_theme_files(files: Files, env: jinja2.Environment, config: MkDocsConfig) -> None:
    """Files.add_files_from_theme with each installed theme directory listed once per process:
    the same files, from the same directory (the first that has a name), in the same order."""
    loader = env.loader
    dirs = list(config.theme.dirs)
    if (not incremental.store().enabled or not isinstance(loader, jinja2.FileSystemLoader)
            or list(loader.searchpath) != dirs or loader.followlinks):
        return ORIGINAL_ADD_THEME_FILES(files, env, config)
    skipped = (*NEVER_STATIC, *config.theme.static_templates)
    first_dir: dict[str, str] = {}
    for directory in dirs:
        for name in _static_names(directory, skipped):
            first_dir.setdefault(name, directory)
    for name in sorted(first_dir):
        if files.get_file_from_path(name) is None:
            files.append(File(name, first_dir[name], config.site_dir, config.use_directory_urls))
    return None


def _static_names(directory: str, skipped: tuple[str, ...]) -> tuple[str, ...]:
    """The files under a theme directory as Jinja names them ('a/b.css') that no pattern of
    skipped matches; kept for an installed directory."""
    kept = LISTINGS.get((directory, skipped))
    if kept is not None:
        return kept
    found = tuple(name for name in _walk(directory)
                  if not any(fnmatch.fnmatch(name.lower(), pattern) for pattern in skipped)
                  and os.path.isfile(os.path.join(directory, name)))
    if (os.path.normpath(directory) + os.sep).startswith(INSTALLED):
        LISTINGS[(directory, skipped)] = found
    return found


def _walk(directory: str) -> list[str]:
    names = []
    for folder, _, filenames in os.walk(directory):
        relative = os.path.relpath(folder, directory)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        names += [prefix + filename for filename in filenames]
    return names


# -----------------------------------------------------------------------------
# Compiled templates
# -----------------------------------------------------------------------------

class _Compiled(dict):
    """The client a Jinja memcached bytecode cache talks to, kept in memory: Jinja checks each
    template's source checksum before it uses the code, so an edited template compiles again."""

    def set(self, key: str, value: bytes, timeout: int | None = None) -> None:
        self[key] = value


COMPILED = jinja2.MemcachedBytecodeCache(_Compiled(), prefix="")


def _env_with_compiled_templates(theme: Theme) -> jinja2.Environment:
    env = ORIGINAL_GET_ENV(theme)
    if incremental.store().enabled:
        env.bytecode_cache = COMPILED
    return env


def _front_matter(doc: str) -> tuple[str, dict[str, Any]]:
    """mkdocs.utils.meta.get_data (YAML front matter) once per source; plugins may change a
    page's meta, so each caller gets its own copy. An unchanged source gets the Markdown object
    it got before, which keeps its hash for the keys of _cached_render."""
    store = incremental.store()
    if not store.enabled:
        return ORIGINAL_GET_DATA(doc)
    markdown, meta = store.memo("front matter", doc, lambda: _split_front_matter(doc))
    return markdown, pickle.loads(meta)


def _split_front_matter(doc: str) -> tuple[str, bytes]:
    markdown, meta = ORIGINAL_GET_DATA(doc)
    return markdown, pickle.dumps(meta, pickle.HIGHEST_PROTOCOL)
