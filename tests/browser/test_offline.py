"""The offline build opened from disk (file://): navigation, both scripts, tooltips, search."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from playwright.sync_api import expect

from browserkit import search

from sitekit import BuildResult

pytestmark = pytest.mark.browser


@pytest.fixture()
def disk_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.errors, page.requests = errors, requests
    yield page
    context.close()


def test_offline_site_works_from_disk(offline_site: BuildResult, disk_page) -> None:
    page = disk_page
    home = Path(offline_site.site, "index.html").as_uri()
    page.goto(home, wait_until="load")
    # navigation: open an article from the home page
    page.locator(".rp-card-title").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(".html") and page.locator("#s1").count() == 1
    # tooltips
    term = page.locator("a.rp-term").first
    term.scroll_into_view_if_needed()
    term.hover()
    page.locator("#rp-tooltip").wait_for(state="visible")
    # both scripts, keeping the fragment
    page.goto(page.url.split("#")[0] + "#s1", wait_until="load")
    page.locator("a[data-rp-script=hant]").click()
    page.wait_for_load_state("load")
    assert "/zh-Hant/" in page.url and page.url.endswith("#s1")
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"
    # search, in the traditional site, from disk, typed in either script
    hrefs = search(page, "腫瘤")
    assert hrefs and all(h.startswith("file://") and "/zh-Hant/" in h for h in hrefs), hrefs
    page.reload(wait_until="load")
    assert search(page, "肿瘤") == hrefs, "a simplified query on the traditional site found other pages"
    assert page.errors == []
    assert all(u.startswith(("file://", "data:", "blob:", "about:")) for u in page.requests), \
        [u for u in page.requests if not u.startswith("file://")]


def test_offline_downloads_feed_and_citation_work_from_disk(offline_site: BuildResult, disk_page) -> None:
    page = disk_page
    for prefix in ("", "zh-Hant/"):
        page.goto(Path(offline_site.site, prefix, "index.html").as_uri(), wait_until="load")
        page.locator(".rp-card-title").first.click()
        page.wait_for_load_state("load")
        url = page.url.split("#")[0]
        expect(page.locator('#cite [data-rp-cite="online"] .rp-cite-url')).to_have_text(url)
        links = page.eval_on_selector_all(
            ".rp-downloads a, head link[rel~=alternate][type]", "els => els.map(e => e.href)")
        links += page.eval_on_selector_all(".rp-notes-data a", "els => els.map(e => e.href)")   # annotations
        assert len(links) == 8, links
        for link in links:   # resolved by the browser against the file:// page: must exist on disk
            assert link.startswith("file://") and Path(unquote(urlparse(link).path)).is_file(), link
    assert page.errors == []
