"""Search on the served site: Material's search box and list, answered from Pagefind's chunks."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from browserkit import search, settle

from sitekit import page_html

pytestmark = pytest.mark.browser
SEED_2023 = "000_69f4fe6adc6ee305.txt"


def test_a_search_fetches_pagefind_chunks_and_no_material_documents(watched, base_url: str) -> None:
    fetched: list[tuple[str, int]] = []
    watched.page.on("requestfinished", lambda r: fetched.append((r.url, r.sizes()["responseBodySize"])))
    watched.page.goto(f"{base_url}about/", wait_until="networkidle")
    search(watched.page, "肿瘤")
    paths = [url.removeprefix(base_url) for url, _ in fetched]
    assert any(p.startswith("pagefind/index/") for p in paths), f"no Pagefind index chunk fetched: {paths}"
    assert any(p.startswith("pagefind/fragment/") for p in paths), f"no result fragment fetched: {paths}"
    assert not any("/workers/search." in p for p in paths), "Material's search worker was loaded"
    material = [size for url, size in fetched if url.endswith("search/search_index.json")]
    assert material and max(material) < 2_000, f"Material's index downloaded: {material} bytes"
    assert watched.errors == [] and watched.foreign == []


@pytest.mark.parametrize(("prefix", "typed", "found"), [("", "肿瘤", "肿瘤"), ("zh-Hant/", "肿瘤", "腫瘤"),
                                                        ("zh-Hant/", "紧密型医联体", "緊密型醫聯體")])
def test_a_result_opens_its_page_with_the_found_words_highlighted(watched, base_url: str, prefix: str,
                                                                  typed: str, found: str) -> None:
    page = watched.page
    page.goto(f"{base_url}{prefix}about/", wait_until="networkidle")
    hrefs = search(page, typed)
    target = next(h for h in hrefs if "/about/" not in h)
    assert "h=" in target, f"the result link carries no highlight: {target}"
    page.goto(target, wait_until="networkidle")
    page.locator("mark[data-md-highlight]").first.wait_for(state="attached")
    settle(page)
    marks = set(page.locator("mark[data-md-highlight]").all_text_contents())
    assert found in marks, f"{typed}: the page highlights {sorted(marks)[:8]}"
    assert all(("/zh-Hant/" in h) == bool(prefix) for h in hrefs), hrefs


# The indexed text of the pages Pagefind finds for a query, by URL.
INDEXED = """async ([bundle, query]) => {
    const pagefind = await import(bundle);
    await pagefind.init();
    const found = await pagefind.search(query);
    const pages = await Promise.all(found.results.map(r => r.data()));
    return Object.fromEntries(pages.map(p => [p.url, p.content]));
}"""


def test_text_kept_out_of_search_is_not_indexed(watched, real_site, base_url: str) -> None:
    soup = BeautifulSoup(page_html(real_site.site, "xref"), "html.parser")
    # past the first characters, which the pair's heading repeats (互见 1 · 坚持党的领导…)
    quoted = soup.select_one("li.rp-parallel-side q").get_text().strip()[16:24]
    watched.page.goto(base_url, wait_until="networkidle")
    indexed = watched.page.evaluate(INDEXED, [f"{base_url}pagefind/pagefind.js", quoted])
    holding = sorted(url for url, text in indexed.items() if quoted in text.replace(" ", ""))
    assert holding and not any("/xref/" in url for url in holding), f"{quoted} is indexed on {holding}"


def test_a_page_kept_out_of_search_is_not_indexed(watched, real_site, base_url: str) -> None:
    soup = BeautifulSoup(page_html(real_site.site, "figures"), "html.parser")
    clause = soup.select_one("td strong").parent.get_text().strip()[:8]   # a clause the 数字 page repeats
    watched.page.goto(base_url, wait_until="networkidle")
    indexed = watched.page.evaluate(INDEXED, [f"{base_url}pagefind/pagefind.js", clause])
    holding = sorted(url for url, text in indexed.items() if clause in text.replace(" ", ""))
    assert holding and not any("/figures/" in url for url in holding), f"{clause} is indexed on {holding}"
