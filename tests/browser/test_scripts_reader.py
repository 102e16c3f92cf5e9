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


FIRST_RESULT = """() => {
    const item = document.querySelector('.md-search-result__item');
    return {missing: [...item.querySelectorAll('del')].map(d => d.textContent),
            marks: [...item.querySelectorAll('mark')].map(m => m.textContent),
            text: document.querySelector('.md-search-result__list').textContent,
            query: document.querySelector('input[data-md-component=search-query]').value};
}"""
# (site, typed query, the query in the site's script): glossary terms jieba alone cuts in pieces,
# each beginning with another word of the index (紧密, 冠脉), and a person's name, typed in the
# site's script and in the other one.
CROSS_SCRIPT = [
    ("", "腫瘤", "肿瘤"),
    ("zh-Hant/", "肿瘤", "腫瘤"),
    ("", "紧密型医联体", "紧密型医联体"),
    ("zh-Hant/", "紧密型医联体", "緊密型醫聯體"),
    ("", "冠脈內旋磨術", "冠脉内旋磨术"),
    ("zh-Hant/", "冠脉内旋磨术", "冠脈內旋磨術"),
    ("", "鄒祖倡", "邹祖倡"),
    ("zh-Hant/", "邹祖倡", "鄒祖倡"),
]


@pytest.mark.parametrize(("prefix", "typed", "expected"), CROSS_SCRIPT,
                         ids=[f"{p or 'zh-Hans/'}{t}" for p, t, _ in CROSS_SCRIPT])
def test_a_query_in_either_script_finds_whole_words_in_the_sites_script(watched, base_url: str, prefix: str,
                                                                        typed: str, expected: str) -> None:
    watched.page.goto(f"{base_url}{prefix}", wait_until="networkidle")
    hrefs = search(watched.page, typed)
    first = watched.page.evaluate(FIRST_RESULT)
    assert first["query"] == expected, f"the query box shows {first['query']!r}"
    assert first["missing"] == [], f"{typed}: the first result misses {first['missing']}"
    assert expected in "".join(first["marks"]), f"{typed}: highlighted {first['marks']}"
    assert all(("/zh-Hant/" in h) == bool(prefix) for h in hrefs), hrefs
    assert "\u200b" not in first["text"], "a result text carries U+200B separators"
