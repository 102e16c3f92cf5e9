"""MkDocs adapter: the only place that knows MkDocs. All work happens in `republish`."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the core lives beside hooks/

from republish.errors import EditorError  # noqa: E402
from republish.site import Site, SiteSettings, build_site  # noqa: E402

log = logging.getLogger("mkdocs.hooks.republish")
STATE: dict[str, Site] = {}


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

# Generate every page from the seeds and the editors' data, and order the nav.
def on_files(files: Files, config: MkDocsConfig) -> Files:
    site = _build(config)
    STATE["site"] = site
    for page in site.pages:
        files.append(File.generated(config, page.path, content=page.markdown))
    config.nav = _nav(site, files)
    for warning in site.warnings:
        log.warning(warning)
    return files


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

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
    )
    try:
        return build_site(settings)
    except EditorError as error:
        raise PluginError(error.one_line()) from None


# Home, the articles, the generated reference pages, then hand-written pages.
def _nav(site: Site, files: Files) -> list:
    articles = {f"{a.slug}.md" for a in site.articles}
    generated = [p for p in site.pages if p.path != "index.md" and p.path not in articles]
    nav: list = [{"首页": "index.md"}, {"文章": [{p.title: p.path} for p in site.pages if p.path in articles]}]
    nav += [{p.title: p.path} for p in generated]
    nav += [f.src_uri for f in files.documentation_pages()
            if f.src_uri not in {p.path for p in site.pages}]
    return nav
