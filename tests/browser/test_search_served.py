"""Search on the served site: Material's search box and list, answered from the chunked index."""

from __future__ import annotations

import gzip
import json
import random
import re

import pytest
from bs4 import BeautifulSoup

from browserkit import search, settle

from sitekit import page_html

pytestmark = pytest.mark.browser


def test_a_search_fetches_chunks_and_no_material_documents(watched, base_url: str) -> None:
    fetched: list[tuple[str, int]] = []
    watched.page.on("requestfinished", lambda r: fetched.append((r.url, r.sizes()["responseBodySize"])))
    watched.page.goto(f"{base_url}about/", wait_until="networkidle")
    search(watched.page, "肿瘤")
    paths = [url.removeprefix(base_url) for url, _ in fetched]
    assert "search/chunks/meta.json.gz" in paths, f"the index's table of pages was not fetched: {paths}"
    assert any(re.match(r"search/chunks/[0-9a-f]{16}/b/", p) for p in paths), f"no bucket of pairs fetched: {paths}"
    assert any(re.match(r"search/chunks/[0-9a-f]{16}/f/", p) for p in paths), f"no result's text fetched: {paths}"
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


def test_a_result_marks_the_query_in_its_excerpt_and_links_its_section(watched, base_url: str) -> None:
    page = watched.page
    page.goto(f"{base_url}about/", wait_until="networkidle")
    hrefs = search(page, "紧密型医联体")
    marks = page.locator(".md-search-result__item mark").all_text_contents()
    assert marks and set(marks) == {"紧密型医联体"}, f"the results mark {sorted(set(marks))[:8]}"
    assert any("#" in h for h in hrefs), f"no section result: {hrefs}"


# The pages the site's search finds for a query, and the text of the sections it read.
FOUND = """async (query) => {
    const found = await window.rpSearch(query);
    return found.pages.map(hit => found.meta.pages[hit.page][0]);
}"""

# Every section's text as the index holds it, by page (the fragments of every page).
TEXTS = """async () => {
    const found = await window.rpSearch("的");
    const base = new URL("search/chunks/" + found.meta.id + "/", new URL(JSON.parse(
        document.getElementById("__config").textContent).base.replace(/\\/?$/, "/"), location.href));
    const pages = {};
    for (let number = 0; number < found.meta.pages.length; number++) {
        const response = await fetch(new URL("f/" + number + ".json.gz", base));
        const text = await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).text();
        pages[found.meta.pages[number][0]] = JSON.parse(text).map(([title, body]) => title + "\\n" + body);
    }
    return pages;
}"""


@pytest.mark.parametrize("prefix", ["", "zh-Hant/"])
def test_every_run_of_characters_is_found_on_every_page_that_holds_it(watched, base_url: str, prefix: str) -> None:
    page = watched.page
    page.goto(f"{base_url}{prefix}about/", wait_until="networkidle")
    texts: dict[str, list[str]] = page.evaluate(TEXTS)
    sample = random.Random(f"recall {prefix}")
    everything = "\n".join(t for sections in texts.values() for t in sections)
    queries = set()
    while len(queries) < 40:
        length = sample.randint(1, 5)
        start = sample.randrange(len(everything) - length)
        query = everything[start:start + length]
        if not any(c.isspace() for c in query):
            queries.add(query)
    for query in sorted(queries):
        holding = {url for url, sections in texts.items()
                   if any(query.lower() in s.lower() for s in sections)}
        found = set(page.evaluate(FOUND, query))
        assert found == holding, f"{query!r}: found on {sorted(found)}, held by {sorted(holding)}"


def test_a_query_found_nowhere_whole_is_cut_into_words(watched, base_url: str) -> None:
    page = watched.page
    page.goto(f"{base_url}about/", wait_until="networkidle")
    texts: dict[str, list[str]] = page.evaluate(TEXTS)
    assert not any("党建肿瘤" in s for sections in texts.values() for s in sections), "党建肿瘤 occurs whole"
    words = page.evaluate("""() => Array.from(new Intl.Segmenter("zh", {granularity: "word"})
        .segment("党建肿瘤")).filter(s => s.isWordLike).map(s => s.segment)""")
    assert len(words) > 1 and "".join(words) == "党建肿瘤", f"the browser cuts 党建肿瘤 into {words}"
    apart = set(page.evaluate(FOUND, " ".join(words)))
    assert apart, f"no page holds all of {words}"
    whole = set(page.evaluate(FOUND, "党建肿瘤"))
    assert whole == apart, f"党建肿瘤 found {sorted(whole)}, {' '.join(words)} {sorted(apart)}"


def test_a_word_with_punctuation_found_nowhere_is_found_without_it(watched, base_url: str) -> None:
    page = watched.page
    page.goto(f"{base_url}about/", wait_until="networkidle")
    plain = set(page.evaluate(FOUND, "肿瘤"))
    assert plain and set(page.evaluate(FOUND, "肿瘤？")) == plain, "肿瘤？ does not find the pages of 肿瘤"


def test_a_table_of_pages_read_before_a_deploy_is_read_again(watched, real_site, base_url: str) -> None:
    meta = json.loads(gzip.decompress((real_site.site / "search" / "chunks" / "meta.json.gz").read_bytes()))
    asked: list[str] = []

    def deployed_since(route) -> None:    # the first table names parts an earlier deploy wrote
        asked.append(route.request.url)
        if len(asked) > 1:
            return route.continue_()
        body = gzip.compress(json.dumps({**meta, "id": "0000000000000000"}).encode("utf-8"))
        return route.fulfill(status=200, body=body, content_type="application/gzip")

    page = watched.page
    page.route("**/search/chunks/meta.json.gz", deployed_since)
    page.goto(f"{base_url}about/", wait_until="networkidle")
    hrefs = search(page, "肿瘤")
    assert len(asked) == 2 and any("/about/" not in h for h in hrefs), f"tables asked for: {asked}; results {hrefs}"


def test_text_kept_out_of_search_is_not_indexed(watched, real_site, base_url: str) -> None:
    soup = BeautifulSoup(page_html(real_site.site, "xref"), "html.parser")
    # past the first characters, which the pair's heading repeats (互见 1 · 坚持党的领导…)
    quoted = soup.select_one("li.rp-parallel-side q").get_text().strip()[16:24]
    watched.page.goto(base_url, wait_until="networkidle")
    holding = watched.page.evaluate(FOUND, quoted)
    assert holding and not any(url.startswith("xref/") for url in holding), f"{quoted} is indexed on {holding}"


def test_a_page_kept_out_of_search_is_not_indexed(watched, real_site, base_url: str) -> None:
    soup = BeautifulSoup(page_html(real_site.site, "figures"), "html.parser")
    clause = soup.select_one("td strong").parent.get_text().strip()[:8]   # a clause the 数字 page repeats
    watched.page.goto(base_url, wait_until="networkidle")
    holding = watched.page.evaluate(FOUND, clause)
    assert holding and not any(url.startswith("figures/") for url in holding), f"{clause} is indexed on {holding}"
