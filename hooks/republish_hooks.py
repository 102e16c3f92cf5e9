"""MkDocs adapter: the only place that knows MkDocs. All work happens in `republish`."""

from __future__ import annotations

import functools
import gc
import gzip
import importlib.util
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from watchdog.utils.dirsnapshot import EmptyDirectorySnapshot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the core lives beside hooks/

from republish.errors import EditorError  # noqa: E402
from republish.site import NAV_GROUP_ABOVE, Site, SiteSettings, build_site  # noqa: E402
from republish import chunkindex, incremental, memo, searchindex, twins, workers  # noqa: E402
from republish.exports import LISTING_SLOT  # noqa: E402
from republish.purge import UsedNames, purge_css  # noqa: E402

log = logging.getLogger("mkdocs.hooks.republish")
STATE: dict[str, Any] = {}     # this build's Site, and the names its pages use (None: no purge)
PARTIAL_ENV = "REPUBLISH_PARTIAL_BUILD"   # set by on_startup for serve and --dirty builds
SERVING_ENV = "REPUBLISH_SERVING"          # set by on_startup for serve: Material's search only
SEGMENT_MEMO_SIZE = 1 << 16      # distinct runs of Han text remembered while serving
LOCAL_WORKER_SHIM = "assets/vendor/iframe-worker/shim.js"
SOURCE_POLL_SECONDS = 0.1        # how often serve looks for a saved seed or data file (on_serve)


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

# `mkdocs serve` rebuilds every page on each save; remember the search plugin's word splitting.
# Purge the theme CSS and share the pages among processes only in full builds: serve and --dirty
# rebuild some pages (the classes of the others would be missing; serve keeps its caches in one
# process). MkDocs reloads this module with every config but starts it once, so the choice lives
# in the process environment.
def on_startup(command: str, dirty: bool) -> None:
    if command == "serve":
        _memoise_segmentation()
        _serve_cache().install()
    else:
        incremental.enable(False)     # a one-off build computes everything
    os.environ[PARTIAL_ENV] = "1" if command == "serve" or dirty else ""
    os.environ[SERVING_ENV] = "1" if command == "serve" else ""


# Offline builds load Material's file:// worker shim from our own copy, never from a CDN.
# A serve rebuild runs without the cyclic garbage collector from here (the first event of a
# build) to a second after on_post_build (serve_cache.Collector says why).
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if incremental.store().enabled:
        _serve_cache().COLLECTOR.pause()
    polyfills = config.extra.get("polyfills", [])
    config.extra["polyfills"] = [LOCAL_WORKER_SHIM if "iframe-worker" in url else url for url in polyfills]
    config.extra["rp_chunked_search"] = _uses_chunked_search(config)   # read by overrides/main.html
    if config.extra["rp_chunked_search"]:
        _index_without_segmenting(config)
    return config


# Run the core before MkDocs cleans the site dir: an editor's mistake leaves the last build intact.
def on_pre_build(config: MkDocsConfig) -> None:
    STATE["site"] = _build(config)
    purging = _setting(config, "purge_css", True, bool) and not os.environ.get(PARTIAL_ENV)
    STATE["used"] = UsedNames() if purging else None


# Generate every page from the seeds and the editors' data, and order the nav.
def on_files(files: Files, config: MkDocsConfig) -> Files:
    site = STATE["site"]
    for page in site.pages:
        files.append(File.generated(config, page.path, content=page.markdown))
    for path, content in site.files.items():   # downloads, feeds, annotations, the script map
        files.append(File.generated(config, path, content=content))
    if not config.extra.get("rp_chunked_search"):   # the chunked index needs no words: jieba is not loaded
        _teach_search_words(site.search_words)
    config.nav = site.nav([f.src_uri for f in files.documentation_pages()],
                          _setting(config, "nav_group_above", NAV_GROUP_ABOVE, int))
    for warning in site.warnings:
        log.warning(warning)
    # The rest of the build needs only what converts finished pages; what stays alive until the
    # end is moved out of the collector's way (gc.freeze), so MkDocs' own work is not slowed by
    # traversing it; on_build_error puts it back (a full build ends with its process; a serve
    # rebuild runs without the collector).
    STATE["site"] = site.for_pages()
    _serve_cache().set_build_keys(_page_key(STATE["site"], STATE["used"] is not None),
                                  incremental.digest(*site.search_words))
    if gc.isenabled():
        gc.freeze()
    return files


# A full build renders the last pages' Markdown in forked workers meanwhile (hooks/page_pool.py).
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    STATE["nav"] = nav
    sharing = _sharing(config)
    if sharing.processes > 1:
        _page_pool().start_rendering(config, files, sharing)
    return nav


# Rebuild on `mkdocs serve` when a seed or the editors' data changes (they live outside docs/).
# MkDocs polls what it watches every 0.5 s: a quarter of a second, on average, between saving a
# seed and its rebuild starting. The seeds and the data are polled every SOURCE_POLL_SECONDS
# (MkDocs has no setting for it; its watchdog observer makes each new watch's poller with the
# interval it holds). A poll stats the folder's files: about a millisecond for 1 000 of them.
def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable) -> LiveReloadServer:
    root = Path(config.config_file_path).parent
    extra = config.extra.get("republish", {})
    observer = server.observer
    interval = getattr(observer, "_timeout", None)
    if isinstance(interval, (int, float)):
        observer._timeout = min(interval, SOURCE_POLL_SECONDS)
    try:
        for key, default in (("seeds_dir", "seeds"), ("data_dir", "data")):
            server.watch(str(root / extra.get(key, default)))
    finally:
        if isinstance(interval, (int, float)):
            observer._timeout = interval
    server.builder = _keep_last_good(_with_polls_paused(server.observer, server.builder))
    return server


# A hand-written page (docs/about.md) gets what the core lists at its slot: the downloads.
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    insert = STATE["site"].inserts.get(page.file.src_uri)
    return markdown.replace(LISTING_SLOT, insert, 1) if insert is not None else markdown


# Material writes its UI strings into the page as JSON (the __config script); without \u escapes
# they are CJK text the twin conversion reaches. Jinja still escapes <, >, & and ' in it.
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.policies["json.dumps_kwargs"] = {**env.policies["json.dumps_kwargs"], "ensure_ascii": False}
    STATE["env"] = env
    if not os.environ.get(PARTIAL_ENV) and _page_pool().only_known_page_plugins(config, "republish_hooks.py"):
        _page_pool().release_sources(files)     # another plugin may read a page's Markdown later (blog)
    sharing = _sharing(config)
    if sharing.processes > 1:       # the pages are rendered: workers build the last ones meanwhile
        pool = _page_pool()
        pool.stop_rendering()
        pool.start_building(config, files, STATE["nav"], env, sharing,
                            _begin_worker, _worker_names, _merge_worker_names)
    return env


# Keep what the page was rendered from: its twin is the same template rendered as the twin.
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    STATE["context"] = context
    return context


# Keep what the 404 page was rendered from, as for the pages.
def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    if template_name == "404.html":
        STATE["context"] = context
    return context


# Write the page's traditional twin under /zh-Hant/: the theme renders the page once more with
# rp_twin set (the templates give it its language, switch and alternates), and the core converts
# that finished page.
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    site = STATE["site"]
    if STATE["used"] is not None:
        STATE["used"].add_page(output)
    originals = site.originals.get(page.file.src_uri)
    restore = (lambda html: twins.restore_originals(html, originals)) if originals else None
    twin = _render_twin(page.meta.get("template", "main.html"))
    _write(config, page.file.dest_uri, twins.traditional(twin, site.converter, restore))
    return output


# The 404 page has no twin of its own to link to; its traditional copy is only converted.
def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name == "404.html" and "site" in STATE:
        if STATE["used"] is not None:
            STATE["used"].add_page(output_content)
        _write(config, "404.html", twins.traditional(_render_twin("404.html"), STATE["site"].converter))
    return output_content


# Convert the search index for /zh-Hant/, list the twins in the sitemap, drop the theme's unused CSS,
# keep the memos for next time.
def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    _search_indexes(config, site_dir)
    sitemap = site_dir / "sitemap.xml"
    if sitemap.exists():
        xml = twins.sitemap_with_twins(sitemap.read_text(encoding="utf-8"), config.site_url or "")
        sitemap.write_text(xml, encoding="utf-8")
        with gzip.GzipFile(site_dir / "sitemap.xml.gz", "wb", mtime=0) as packed:
            packed.write(xml.encode("utf-8"))
    if STATE["used"] is not None:
        _purge_theme_css(site_dir, STATE["used"])
    STATE["site"].memos.save()
    _log_reuse()
    if "republish_page_pool" in sys.modules:
        _page_pool().stop()


# A failed build leaves no worker behind, and MkDocs' own page steps in place.
def on_build_error(error: Exception) -> None:
    if "republish_page_pool" in sys.modules:
        _page_pool().stop()
    gc.unfreeze()
    if incremental.store().enabled:
        _serve_cache().COLLECTOR.resume_later()      # on_config switched it off


# -----------------------------------------------------------------------------
# Incremental serve rebuilds (hooks/serve_cache.py, republish/incremental.py)
# -----------------------------------------------------------------------------

# The adapters that wrap MkDocs' page steps keep their state for the whole process, while
# MkDocs reloads this module for every build: each is loaded once, under a fixed name.
def _serve_cache() -> Any:
    return _adapter("republish_serve_cache", "serve_cache.py")


def _page_pool() -> Any:
    return _adapter("republish_page_pool", "page_pool.py")


def _adapter(name: str, file_name: str) -> Any:
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(file_name))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


# How many processes share a full build's loops (extra.republish.processes; by default the CPUs
# the build may use) and from how much work (share_from): the core's loops (republish.workers)
# and MkDocs' page loops (hooks/page_pool.py). One process for serve and --dirty builds, and for
# MkDocs' loops when another plugin acts on pages.
def _sharing(config: MkDocsConfig, pages: bool = True) -> workers.Sharing:
    wanted = _setting(config, "processes", workers.available_processes(), int)
    least = _setting(config, "share_from", workers.DEFAULT_LEAST, int)
    if os.environ.get(PARTIAL_ENV) or (pages and not _page_pool().only_known_page_plugins(config, "republish_hooks.py")):
        wanted = 1
    return workers.Sharing(wanted, least)


# A worker building pages keeps its own record of the class names they use; the build takes
# them in (the purge needs every page's).
def _begin_worker() -> None:
    if STATE["used"] is not None:
        STATE["used"] = UsedNames()


def _worker_names() -> UsedNames | None:
    return STATE["used"]


def _merge_worker_names(used: UsedNames | None) -> None:
    if used is not None and STATE["used"] is not None:
        STATE["used"].merge(used)


# What our own page steps add to a built page besides the template's output: its traditional
# twin follows the conversion settings and, for a traditional source, the printed text.
def _page_key(site: Site, purging: bool) -> Callable[[Page], bytes]:
    converter = incremental.converter_key(site.converter)

    def key(page: Page) -> bytes:
        originals = site.originals.get(page.file.src_uri)
        return incremental.digest(converter, repr(sorted(originals.items())) if originals else None,
                                  str(purging), str(page.is_homepage)).encode("ascii")
    return key


# In serve, say how much of the build was reused (the edited pages are the ones rendered).
def _log_reuse() -> None:
    if not incremental.store().enabled:
        return
    counts = _serve_cache().end_build()
    log.info("Incremental rebuild: reused %d pages and %d articles; rendered %d pages, read %d articles",
             counts.reused.get("page", 0), counts.reused.get("article", 0),
             counts.computed.get("page", 0), counts.computed.get("article", 0))


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

# Search indexes of both scripts (republish.searchindex): Material's, as UTF-8, converted for
# /zh-Hant/; on a served build the chunked index of each script (republish.chunkindex), made from
# Material's entries, and Material's index without its documents (only its config, for the
# highlighter). The offline build keeps Material's whole.
def _search_indexes(config: MkDocsConfig, site_dir: Path) -> None:
    index = site_dir / "search" / "search_index.json"
    if not index.exists():
        return
    parsed = json.loads(index.read_text(encoding="utf-8"))     # once for both scripts: ~13 MB at 1 000 articles
    if config.extra.get("rp_chunked_search"):
        _chunked_indexes(config, site_dir, parsed["docs"])
        parsed = traditional = searchindex.config_only(parsed)
    else:
        traditional = twins.traditional_search_index(parsed, STATE["site"].converter)
    simplified, converted = searchindex.index_text(parsed), searchindex.index_text(traditional)
    index.write_text(simplified, encoding="utf-8")
    _write(config, "search/search_index.json", converted)
    if _offline(config):  # what Material's offline plugin does, again with UTF-8 text
        index.with_suffix(".js").write_text(f"var __index = {simplified}", encoding="utf-8")
        _write(config, "search/search_index.js", f"var __index = {converted}")


# The chunked index of each script. When the build shares its loops (`processes`, `share_from`),
# the simplified one is written meanwhile by a fresh interpreter (workers.spawn), which needs only
# Material's entries; a forked worker would start with all of this process's memory, and this is
# the build's highest point of it. The traditional one is converted and written here.
def _chunked_indexes(config: MkDocsConfig, site_dir: Path, docs: list[dict[str, Any]]) -> None:
    if os.environ.get(PARTIAL_ENV):     # --dirty: Material's entries are the rebuilt pages' only
        log.info("A --dirty build keeps the chunked search index of the last full build")
        return
    start = time.perf_counter()
    hans_dir, hant_dir = site_dir / chunkindex.CHUNKS_DIR, site_dir / twins.HANT_DIR / chunkindex.CHUNKS_DIR
    cost = sum(len(doc.get("text", "")) for doc in docs) * 5    # converting is about 3 times writing
    shared = _sharing(config, pages=False).applies(cost)
    job = workers.spawn(chunkindex.write_index_job, (docs, str(hans_dir))) if shared else None
    try:
        converted = twins.traditional_search_index({"docs": docs}, STATE["site"].converter)["docs"]
        hant = chunkindex.write_index(converted, hant_dir)
        hans = (job.result() if job else None) or chunkindex.write_index(docs, hans_dir)
    finally:
        if job is not None:     # a failure here leaves neither the process nor its argument file
            job.close()
    log.debug("The chunked search index took %.2f s (%s): %s", time.perf_counter() - start,
              "simplified in a spawned job" if job else "in this process", [hans, hant])


# The chunked index finds any run of characters: Material's index is told not to cut Chinese into
# jieba's words (U+200B between them), which spares the build loading jieba and cutting every
# page. The plugin's index object is made by its on_config, which runs before the hooks'.
def _index_without_segmenting(config: MkDocsConfig) -> None:
    plugin = config.plugins.get("material/search")
    index = getattr(plugin, "search_index", None)
    if index is not None:
        index._segment_chinese = lambda text: text


# Whether this build's served search is the chunked index: a full build (not serve, whose
# rebuilds must stay quick, nor the offline build, read from disk), unless
# extra.republish.served_search says "material" (Material's whole index, as offline).
def _uses_chunked_search(config: MkDocsConfig) -> bool:
    choice = _setting(config, "served_search", "chunks", str)
    if choice not in ("chunks", "material"):
        raise PluginError(f"{config.config_file_path}: extra.republish.served_search is {choice!r}. "
                          "Fix: give 'chunks' or 'material' (default 'chunks').")
    return choice == "chunks" and not os.environ.get(SERVING_ENV) and not _offline(config)

# The page (or template) just rendered, rendered again as its traditional twin.
def _render_twin(template_name: str) -> str:
    return STATE["env"].get_template(template_name).render({**STATE.pop("context"), "rp_twin": True})


# Whether Material's offline plugin is enabled for this build.
def _offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


# Material's search splits Chinese text with jieba.cut, about half of a serve rebuild of the
# real site; the texts of unchanged pages repeat, and jieba gives the same words every time.
def _memoise_segmentation() -> None:
    try:
        import jieba
    except ImportError:
        return
    if getattr(jieba.cut, "memoised", False):    # this module is reloaded with every config
        return
    cut = jieba.cut

    @functools.lru_cache(maxsize=SEGMENT_MEMO_SIZE)
    def words(sentence: str | bytes, *args: object, **kwargs: object) -> tuple[str, ...]:
        return tuple(cut(sentence, *args, **kwargs))

    def memoised_cut(sentence: str | bytes, *args: object, **kwargs: object) -> Iterator[str]:
        return iter(words(sentence, *args, **kwargs))

    memoised_cut.memoised = True  # type: ignore[attr-defined]
    memoised_cut.cache_clear = words.cache_clear  # type: ignore[attr-defined]
    jieba.cut = memoised_cut


# Material's search cuts the index with jieba (and the browser cuts a query into the index's
# words): the site's own terms and names become jieba words, so both keep them whole. jieba is
# one per process, and serve rebuilds in it: words the editors removed are taken back, and the
# memoised cuts are forgotten whenever the words change.
def _teach_search_words(words: tuple[str, ...]) -> None:
    try:
        import jieba
    except ImportError:
        return
    jieba.dt.check_initialized()
    # word -> its frequency before; forgotten when jieba loaded a dictionary anew (search.jieba_dict)
    table, taught = getattr(jieba, "rp_search_words", (None, {}))
    if table is not jieba.dt.FREQ:
        taught = {}
    wanted = set(words)
    if wanted == set(taught):
        return
    for word in set(taught) - wanted:      # give a removed word back its own frequency (0: none)
        before = taught.pop(word)
        jieba.add_word(word, freq=before) if before else jieba.del_word(word)
    for word in sorted(wanted - set(taught)):
        taught[word] = jieba.dt.FREQ.get(word, 0)
        jieba.add_word(word)
    jieba.rp_search_words = (jieba.dt.FREQ, taught)  # type: ignore[attr-defined]
    getattr(jieba.cut, "cache_clear", lambda: None)()


# A serve rebuild that aborts (its one-line error already logged) keeps the last good site
# served: MkDocs would otherwise hold every page request until the next successful build.
# A poll of 1 000 seeds and their sidecars takes about 15 ms of the interpreter every
# SOURCE_POLL_SECONDS: a seventh of a rebuild's time, which it slows by as much. While the builder
# runs, each poller's snapshot is the one it took last (no files are read, no change is seen); the
# first poll after the build compares the files with that snapshot, so a file saved during the
# build starts the next one. (Holding watchdog's lock instead would make Ctrl-C wait for the build.)
def _with_polls_paused(observer: Any, builder: Callable[..., None]) -> Callable[..., None]:
    building = threading.Event()

    def pausable(emitter: Any) -> None:
        take = getattr(emitter, "_take_snapshot", None)
        if take is None or getattr(take, "rp_pausable", False):
            return

        def snapshot() -> Any:       # a poller with no snapshot yet, or whose last one failed, still looks
            last = emitter._snapshot
            paused = building.is_set() and not getattr(emitter, "_snapshot_failing", False)
            return last if paused and not isinstance(last, EmptyDirectorySnapshot) else take()
        snapshot.rp_pausable = True       # type: ignore[attr-defined]
        emitter._take_snapshot = snapshot

    def build(*args: object, **kwargs: object) -> None:
        for emitter in list(observer.emitters):     # MkDocs adds `watch:` entries after on_serve
            pausable(emitter)
        building.set()
        try:
            builder(*args, **kwargs)
        finally:
            building.clear()
    return build


def _keep_last_good(builder: Callable) -> Callable:
    def build(*args: object, **kwargs: object) -> None:
        try:
            builder(*args, **kwargs)
        except Abort:
            log.error("The build failed; still serving the last good build until the error is fixed.")
            _serve_cache().COLLECTOR.resume_later()      # on_post_build did not run
        except BaseException:
            _serve_cache().COLLECTOR.resume_later()
            raise
    return build


# Write a file of the traditional twin site.
def _write(config: MkDocsConfig, dest_uri: str, content: str) -> None:
    path = Path(config.site_dir) / twins.HANT_DIR / dest_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


# Run the core; an editor's mistake becomes one line without a traceback.
def _build(config: MkDocsConfig) -> Site:
    root = Path(config.config_file_path).parent
    extra = config.extra.get("republish", {})
    settings = SiteSettings(
        seeds_dir=root / extra.get("seeds_dir", "seeds"),
        data_dir=root / extra.get("data_dir", "data"),
        directory_urls=config.use_directory_urls,
        title=config.site_name,
        intro=extra.get("intro", ""),
        profile=extra.get("profile"),
        cache_dir=_cache_dir(root, _setting(config, "cache_dir", memo.DEFAULT_DIR, (str, type(None)))),
        site_url=config.site_url or "",
        docs_dir=Path(config.docs_dir),
        sharing=_sharing(config, pages=False),
    )
    try:
        return build_site(settings)
    except EditorError as error:
        raise PluginError(error.one_line()) from None


# Rewrite the theme's stylesheets without the rules no page or script can match (republish.purge);
# their source maps described the whole sheets and go. Lunr's language files only stem words;
# every other script may add classes at run time.
def _purge_theme_css(site_dir: Path, used: UsedNames) -> None:
    scripts = site_dir / "assets"
    for script in scripts.rglob("*.js"):
        if "lunr" not in script.relative_to(scripts).parts:
            used.add_script(script.read_text(encoding="utf-8", errors="replace"))
    for sheet in (site_dir / "assets" / "stylesheets").glob("*.css"):
        sheet.write_text(purge_css(sheet.read_text(encoding="utf-8"), used), encoding="utf-8")
        sheet.with_name(sheet.name + ".map").unlink(missing_ok=True)


# A setting of extra.republish in mkdocs.yml, refused in one line when of the wrong type.
def _setting(config: MkDocsConfig, key: str, default: object, kind: type | tuple[type, ...]) -> Any:
    value = config.extra.get("republish", {}).get(key, default)
    if not isinstance(value, kind) or (kind is int and (isinstance(value, bool) or value < 1)):
        names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        raise PluginError(f"{config.config_file_path}: extra.republish.{key} is {value!r}. "
                          f"Fix: give a {names}{' of 1 or more' if kind is int else ''} "
                          f"(default {default!r}).")
    return value


# Where conversions and pinyin are memoised between builds; an empty setting turns that off.
def _cache_dir(root: Path, setting: str | None) -> Path | None:
    return root / setting if setting else None
