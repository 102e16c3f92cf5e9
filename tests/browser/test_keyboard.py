"""A keyboard reader's pass over each shipped article, in both scripts: Tab from the title reaches
every note marker and glossary term of the article, each showing its tooltip. (Apart from the axe
scans of tests/browser/test_accessibility.py, so the two long modules run on two test workers.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from sitekit import SHIPPED_NAMES, BuildResult, slug_of

pytestmark = pytest.mark.browser

SCRIPT_PREFIXES = {"hans": "", "hant": "zh-Hant/"}
FOCUS_STATE = """() => { const a = document.activeElement, tip = document.getElementById('rp-tooltip');
  return {inArticle: !!a.closest('article.md-content__inner'),
          kind: a.matches('sup.rp-note-ref a') ? 'marker' : a.matches('a.rp-term') ? 'term' : null,
          id: a.id || a.getAttribute('href'),
          dataTip: a.dataset.tip || (document.getElementById(a.getAttribute('aria-describedby')) || {}).textContent || null,
          tipShown: !!tip && !tip.hidden && tip.getBoundingClientRect().height > 0,
          tipText: tip ? tip.textContent : null}; }"""
ARTICLE_TARGETS = """() => Array.from(document.querySelectorAll(
  'article.md-content__inner sup.rp-note-ref a, article.md-content__inner a.rp-term'))
  .filter(a => a.getClientRects().length > 0).length"""


@pytest.fixture(scope="module")
def keyboard_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("script", list(SCRIPT_PREFIXES))
def test_tab_reaches_every_marker_and_term_with_its_tooltip(script: str, real_site: BuildResult,
                                                           base_url: str, keyboard_page: Page) -> None:
    page = keyboard_page
    for seed in SHIPPED_NAMES:
        page.goto(f"{base_url}{SCRIPT_PREFIXES[script]}{slug_of(real_site.site, seed)}/", wait_until="load")
        expected = page.evaluate(ARTICLE_TARGETS)
        # Start from the page title, then Tab through the article as a keyboard reader would.
        page.locator("article.md-content__inner h1").evaluate("h => { h.tabIndex = -1; h.focus(); }")
        reached: dict[str, list[str]] = {"marker": [], "term": []}
        for _ in range(2000):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STATE)
            if not state["inArticle"]:
                break
            if state["kind"]:
                assert state["tipShown"] and state["tipText"] == state["dataTip"], (seed, state)
                reached[state["kind"]].append(state["id"])
        assert reached["marker"] and reached["term"], (seed, reached)
        assert len(reached["marker"]) + len(reached["term"]) == expected, (seed, expected, reached)
