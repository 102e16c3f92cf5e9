"""A reader switches script without losing the place, and searches in either script."""

from __future__ import annotations

import pytest

from browserkit import search

from sitekit import slug_of

pytestmark = pytest.mark.browser
SEED_2021 = "003_c9bdceadfff6f410.txt"


def test_switch_keeps_page_and_fragment_both_ways(watched, real_site, base_url: str) -> None:
    page = watched.page
    slug = slug_of(real_site.site, SEED_2021)
    page.goto(f"{base_url}{slug}/#s3-p4", wait_until="networkidle")
    page.locator("a[data-rp-script=hant]").click()
    page.wait_for_url(f"**/zh-Hant/{slug}/#s3-p4")
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"
    assert "醫生" in page.locator("#s3-p4").inner_text()
    box = page.locator("#s3-p4").bounding_box()
    assert box and 0 <= box["y"] < 400
    page.locator("a[data-rp-script=hans]").click()
    page.wait_for_url(f"{base_url}{slug}/#s3-p4")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    assert watched.errors == [] and watched.foreign == []


def test_the_choice_is_remembered_on_the_home_page_only(watched, real_site, base_url: str) -> None:
    page = watched.page
    page.goto(base_url, wait_until="networkidle")
    page.locator("a[data-rp-script=hant]").click()
    page.wait_for_url(f"{base_url}zh-Hant/")
    page.goto(base_url, wait_until="networkidle")
    assert page.url == f"{base_url}zh-Hant/"
    slug = slug_of(real_site.site, SEED_2021)
    page.goto(f"{base_url}{slug}/", wait_until="networkidle")
    assert page.url == f"{base_url}{slug}/"          # a link to a page is never redirected
    page.goto(f"{base_url}zh-Hant/{slug}/", wait_until="networkidle")
    page.locator("a[data-rp-script=hans]").click()
    page.wait_for_url(f"{base_url}{slug}/")
    page.goto(base_url, wait_until="networkidle")
    assert page.url == base_url


@pytest.mark.parametrize(("prefix", "query"), [("", "肿瘤"), ("zh-Hant/", "腫瘤")])
def test_search_finds_both_articles_in_either_script(watched, real_site, base_url: str,
                                                     prefix: str, query: str) -> None:
    watched.page.goto(f"{base_url}{prefix}", wait_until="networkidle")
    hrefs = search(watched.page, query)
    for seed in ("000_69f4fe6adc6ee305.txt", SEED_2021):
        assert any(slug_of(real_site.site, seed) in h for h in hrefs), hrefs
    assert all(("/zh-Hant/" in h) == bool(prefix) for h in hrefs), hrefs


def test_a_four_character_phrase_finds_its_section(watched, real_site, base_url: str) -> None:
    watched.page.goto(base_url, wait_until="networkidle")
    hrefs = search(watched.page, "神农城广场")
    slug = slug_of(real_site.site, SEED_2021)
    assert any(f"/{slug}/" in h and h.endswith("#s2") for h in hrefs), hrefs
