"""Accessibility of every built page in both scripts: axe-core in Chromium, light and dark palettes
(the keyboard pass over each article's markers and terms is tests/browser/test_keyboard.py).

axe-core comes from the pinned PyPI package axe-playwright-python (it ships axe.min.js); it is
injected from that file, so nothing is downloaded at test time. Material remembers a palette choice
in localStorage; a fresh context with `color_scheme` set makes it follow prefers-color-scheme, so the
light context shows the `default` scheme and the dark context `slate` (asserted).
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_FILE_PATH
from playwright.sync_api import Browser, Page

from sitekit import BuildResult

pytestmark = pytest.mark.browser

SCRIPTS = {"hans": ("", "zh-Hans"), "hant": ("zh-Hant/", "zh-Hant")}
PALETTES = {"light": "default", "dark": "slate"}
# The markup is the same in both palettes: all rules run in light, the colour rules again in dark.
AXE_OPTIONS = {"light": {"resultTypes": ["violations"]},
               "dark": {"resultTypes": ["violations"],
                        "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}}}
BLOCKING = {"serious", "critical"}
# Structure is checked whatever impact axe gives it: heading order, landmarks, language.
STRUCTURE = {"heading-order", "page-has-heading-one", "empty-heading", "region", "landmark-one-main",
             "landmark-unique", "landmark-no-duplicate-main", "landmark-no-duplicate-banner",
             "landmark-no-duplicate-contentinfo", "landmark-main-is-top-level",
             "landmark-banner-is-top-level", "landmark-contentinfo-is-top-level",
             "landmark-complementary-is-top-level", "html-has-lang", "html-lang-valid", "valid-lang"}
EXPECTED_PAGES = {"index.html", "404.html", "about/index.html", "glossary/index.html", "xref/index.html",
                  "people/index.html", "timeline/index.html", "figures/index.html"}
START_AXE = "options => { window.__rpAxe = axe.run(document, options); }"
COLLECT_AXE = """() => window.__rpAxe.then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
  nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || ''))})))"""
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def root_url(real_site: BuildResult) -> Iterator[str]:
    """The site served at the server root: without site_url the 404 pages link /assets/ absolutely."""
    handler = functools.partial(_QuietHandler, directory=str(real_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def palette_pages(browser: Browser) -> Iterator[dict[str, Page]]:
    """One page per palette, each in its own context (so its own renderer: axe runs in parallel)."""
    contexts = {name: browser.new_context(color_scheme=name, viewport={"width": 1280, "height": 800})
                for name in PALETTES}
    for context in contexts.values():
        context.add_init_script(path=str(AXE_FILE_PATH))
    yield {name: context.new_page() for name, context in contexts.items()}
    for context in contexts.values():
        context.close()


# Every built HTML page of one script, as paths relative to the site root.
def script_pages(site: Path, script: str) -> list[str]:
    prefix = SCRIPTS[script][0]
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    if prefix:
        return [p for p in pages if p.startswith(prefix)]
    return [p for p in pages if not p.startswith(SCRIPTS["hant"][0])]


# The URL a reader would open for a built file (404 pages only work from the server root).
def page_url(rel: str, base_url: str, root_url: str) -> str:
    base = root_url if rel.endswith("404.html") else base_url
    return base + rel.removesuffix("index.html")


# Open a page in every palette, run axe in all of them at once, and return the findings.
def audit(pages: dict[str, Page], url: str) -> dict[str, tuple[str, str, list[dict]]]:
    for palette, page in pages.items():
        page.goto(url, wait_until="load")
        page.evaluate(START_AXE, AXE_OPTIONS[palette])
    return {name: (page.evaluate("document.body.dataset.mdColorScheme"),
                   page.evaluate("document.documentElement.lang"),
                   page.evaluate(COLLECT_AXE))
            for name, page in pages.items()}


# Whether a violation fails the test: serious or critical, or any structural rule.
def blocking(violation: dict) -> bool:
    return violation["impact"] in BLOCKING or violation["id"] in STRUCTURE


# One readable line per violation with its first offending nodes.
def describe(rel: str, palette: str, violation: dict) -> str:
    nodes = "\n      ".join(violation["nodes"])
    return (f"{rel} [{palette}] {violation['id']} ({violation['impact']}, {violation['count']} nodes): "
            f"{violation['help']}\n      {nodes}")


@pytest.mark.parametrize("script", list(SCRIPTS))
def test_axe_finds_nothing_serious_on_any_page(script: str, real_site: BuildResult, base_url: str,
                                               root_url: str, palette_pages: dict[str, Page]) -> None:
    prefix, lang = SCRIPTS[script]
    pages = script_pages(real_site.site, script)
    assert {prefix + p for p in EXPECTED_PAGES} <= set(pages), pages
    assert len(pages) >= len(EXPECTED_PAGES) + 2  # and the articles
    problems: list[str] = []
    for rel in pages:
        for palette, (scheme, page_lang, violations) in audit(palette_pages, page_url(rel, base_url, root_url)).items():
            if scheme != PALETTES[palette]:
                problems.append(f"{rel} [{palette}] shows the {scheme!r} scheme")
            if page_lang != lang:
                problems.append(f"{rel} [{palette}] has lang={page_lang!r}, not {lang!r}")
            problems += [describe(rel, palette, v) for v in violations if blocking(v)]
    assert not problems, "\n".join(problems)

