"""What browser tests wait on: states of the page, never a fixed time.

A reader's page is "settled" when its fonts are loaded and no finite CSS transition or animation is
running; search is "ready" when Material's worker has answered the empty query (the result meta
shows the placeholder sentence instead of the initialiser's). Tests wait for these, so a loaded
machine only makes them slower, never different.
"""

from __future__ import annotations

from playwright.sync_api import Page

# Resolves once fonts are loaded and every finite animation and transition has finished, looping
# because finishing one (a search panel fading in) can start another (its results sliding).
SETTLE = """async () => {
    await document.fonts.ready;
    for (let round = 0; round < 50; round++) {
        const running = document.getAnimations().filter(a => a.playState === 'running' &&
            Number.isFinite(a.effect && a.effect.getComputedTiming().endTime));
        if (!running.length) return true;
        await Promise.all(running.map(a => a.finished.catch(() => null)));
        await new Promise(requestAnimationFrame);
    }
    return false;
}"""

# Material writes its initialiser sentence into the result meta and replaces it with the
# placeholder once the worker has loaded the index and answered the empty query.
SEARCH_READY = """() => {
    const meta = document.querySelector('.md-search-result__meta');
    const config = JSON.parse(document.getElementById('__config').textContent);
    return meta !== null && meta.textContent.trim() === config.translations['search.result.placeholder'];
}"""


def settle(page: Page) -> None:
    """Wait until fonts are loaded and transitions and animations have finished."""
    assert page.evaluate(SETTLE), "animations kept starting: the page never settled"


def open_search(page: Page) -> None:
    """Focus the search box (through the header button on narrow screens) and wait for the worker."""
    if page.viewport_size and page.viewport_size["width"] < 960:
        page.locator("label.md-header__button[for='__search']").first.click()
    page.locator("input[data-md-component=search-query]").click()
    page.wait_for_function(SEARCH_READY, timeout=30_000)


def search(page: Page, query: str) -> list[str]:
    """Type a query as a reader does and return the result links, once the results are final.

    The worker is ready before typing, so the one keyup at the end sends the whole query once:
    the first results drawn are the results of the whole query, not of its first characters."""
    open_search(page)
    box = page.locator("input[data-md-component=search-query]")
    box.press_sequentially(query)   # CJK arrives as text input, as from an IME
    box.press("End")                # the keyup Material's search listens for
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=30_000)
    settle(page)
    return [a.get_attribute("href") or "" for a in page.locator(".md-search-result__item > a").all()]
