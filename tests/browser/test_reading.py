"""What a reader does: open pages, follow deep links; nothing fails, nothing leaves the host."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browserkit import settle

from sitekit import SEEDS, SHIPPED_NAMES, slug_of

pytestmark = pytest.mark.browser


def article_urls(real_site, base_url: str) -> list[str]:
    return [f"{base_url}{slug_of(real_site.site, s.name)}/" for s in sorted(SEEDS.glob("*.txt"))]


def test_home_and_articles_load_cleanly(watched, real_site, base_url: str) -> None:
    for url in [base_url, *article_urls(real_site, base_url)]:
        watched.page.goto(url, wait_until="networkidle")
        assert watched.page.locator("h1").first.is_visible()
    assert watched.errors == []
    assert watched.foreign == []
    cards = watched.page.goto(base_url) and watched.page.locator(".rp-card")
    assert cards.count() == len(list(SEEDS.glob("*.txt")))


@pytest.mark.parametrize("anchor", ["s3", "s3-p4", "s2-f1"])
def test_deep_link_scrolls_to_the_anchor(watched, real_site, base_url: str, anchor: str) -> None:
    url = f"{base_url}{slug_of(real_site.site, SHIPPED_NAMES[1])}/"
    watched.page.goto(f"{url}#{anchor}", wait_until="networkidle")
    settle(watched.page)
    box = watched.page.locator(f"#{anchor}").bounding_box()
    assert box is not None and 0 <= box["y"] < 400, box
    assert watched.page.evaluate("window.scrollY") > 300


def test_paragraph_permalink_appears_on_hover(watched, real_site, base_url: str) -> None:
    watched.page.goto(article_urls(real_site, base_url)[0], wait_until="networkidle")
    paragraph = watched.page.locator("#s1-p2")
    mark = paragraph.locator(".rp-pilcrow")
    assert mark.evaluate("e => getComputedStyle(e).opacity") == "0"
    paragraph.hover()
    expect(mark).to_have_css("opacity", "1")
    assert mark.get_attribute("href") == "#s1-p2"
