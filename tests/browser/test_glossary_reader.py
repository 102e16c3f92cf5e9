"""A reader hovers, tabs to and taps glossary terms, and follows the glossary's occurrence links."""

from __future__ import annotations

import pytest

from sitekit import slug_of

pytestmark = pytest.mark.browser
SEED_2023 = "000_69f4fe6adc6ee305.txt"


def open_article(watched, real_site, base_url: str, seed: str = SEED_2023, **kw):
    watched.page.goto(f"{base_url}{slug_of(real_site.site, seed)}/", wait_until="networkidle", **kw)
    return watched.page


def test_hover_on_mdt_shows_its_definition(watched, real_site, base_url: str) -> None:
    page = open_article(watched, real_site, base_url)
    term = page.locator("a.rp-term[data-term='mdt']").first
    term.scroll_into_view_if_needed()
    term.hover()
    tooltip = page.locator("#rp-tooltip")
    tooltip.wait_for(state="visible")
    assert "多学科" in tooltip.inner_text()
    page.mouse.move(0, 0)
    tooltip.wait_for(state="hidden")
    assert watched.errors == []


def test_tab_focus_on_a_term_shows_it(watched, real_site, base_url: str) -> None:
    page = open_article(watched, real_site, base_url)
    # Tab through the article from its first paragraph, as a keyboard reader would.
    page.locator("#s0-p1").evaluate("p => { p.tabIndex = -1; p.focus(); }")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('rp-term')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('rp-term')")
    tooltip = page.locator("#rp-tooltip")
    assert tooltip.is_visible()
    described = "document.getElementById(document.activeElement.getAttribute('aria-describedby'))"
    assert tooltip.inner_text() == page.evaluate(f"{described}.textContent")
    described = page.evaluate("document.getElementById(document.activeElement.getAttribute('aria-describedby'))")
    assert described is not None


def test_tap_shows_then_second_tap_follows(browser, real_site, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(f"{base_url}{slug_of(real_site.site, SEED_2023)}/", wait_until="networkidle")
    term = page.locator("a.rp-term[data-term='mdt']").first
    term.scroll_into_view_if_needed()
    term.tap()
    page.locator("#rp-tooltip").wait_for(state="visible")
    assert "/glossary/" not in page.url, page.url
    term.tap()
    page.wait_for_url("**/glossary/**")
    context.close()


def test_glossary_occurrence_links_land_on_the_paragraph(watched, base_url: str) -> None:
    page = watched.page
    page.goto(f"{base_url}glossary/", wait_until="networkidle")
    links = page.locator("#mdt ~ * a[href*='#s']").first
    href = links.get_attribute("href")
    links.click()
    page.wait_for_load_state("networkidle")
    fragment = href.split("#", 1)[1]
    assert page.url.endswith("#" + fragment)
    target = page.locator(f"[id='{fragment}']")
    assert "MDT" in target.inner_text()
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 400
