"""Print gives a clean article with notes and definitions; a phone reads without sideways scrolling."""

from __future__ import annotations

import pytest

from sitekit import SEEDS, slug_of

pytestmark = pytest.mark.browser
SEED_2023 = "000_69f4fe6adc6ee305.txt"


def test_print_shows_article_metadata_notes_and_definitions_without_chrome(watched, real_site,
                                                                           base_url: str, tmp_path) -> None:
    page = watched.page
    page.goto(f"{base_url}{slug_of(real_site.site, SEED_2023)}/", wait_until="networkidle")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search",
                   ".md-footer", ".rp-script-switch"):
        assert not page.locator(chrome).first.is_visible(), chrome
    for content in ("h1", ".rp-meta dl", "#s1", "#s1-p1", ".rp-notes", ".rp-term-tips"):
        assert page.locator(content).first.is_visible(), content
    tips = page.locator(".rp-term-tips").inner_text()
    assert "MDT" in tips and "多学科" in tips
    pdf = tmp_path / "article.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.read_bytes().count(b"/Type /Page") > 3   # the whole article, not one screen


@pytest.fixture()
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 812}, has_touch=True, is_mobile=True,
                                  device_scale_factor=2)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("prefix", ["", "zh-Hant/"])
def test_phone_reads_without_horizontal_scrolling(phone, real_site, base_url: str, prefix: str) -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        phone.goto(f"{base_url}{prefix}{slug_of(real_site.site, seed.name)}/", wait_until="networkidle")
        overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (seed.name, overflow)
        switch = phone.locator(".rp-script-switch a")
        assert switch.is_visible()
        box = switch.bounding_box()
        assert box and box["x"] + box["width"] <= 375


def test_phone_notes_and_terms_open_on_tap_and_close_again(phone, real_site, base_url: str) -> None:
    phone.goto(f"{base_url}{slug_of(real_site.site, SEED_2023)}/", wait_until="networkidle")
    tooltip = phone.locator("#rp-tooltip")
    for selector in ("sup.rp-note-ref a", "a.rp-term"):
        target = phone.locator(selector).first
        target.scroll_into_view_if_needed()
        target.tap()
        tooltip.wait_for(state="visible")
        expected = target.get_attribute("data-tip") or phone.locator(
            "#" + target.get_attribute("aria-describedby")).text_content()
        assert tooltip.inner_text() == expected
        box = tooltip.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375
        phone.locator("h1").tap()
        tooltip.wait_for(state="hidden")
