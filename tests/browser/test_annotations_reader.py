"""The notes as W3C Web Annotations: every annotation of an article re-anchors on the rendered page,
in both scripts, by its selectors alone (the quote with its context, and the paragraph id with a
character position), as an annotation client would do it."""

from __future__ import annotations

import json

import pytest

from sitekit import SHIPPED_NAMES, BuildResult, slug_of

pytestmark = pytest.mark.browser

# Runs in the page: the printed text of an element (without editorial additions); the position
# within the paragraph, and the quote with its context within the paragraph and the article.
REANCHOR = """(annotations) => {
    const printed = el => { const copy = el.cloneNode(true);
        copy.querySelectorAll('.rp-ed, .headerlink').forEach(e => e.remove()); return copy.textContent; };
    const article = printed(document.querySelector('article.md-content__inner'));
    return annotations.map(a => {
        const [quote, fragment] = a.target.selector;
        const el = document.getElementById(fragment.value);
        if (!el) return {id: a.id, problem: 'no element #' + fragment.value};
        const text = printed(el), {start, end} = fragment.refinedBy;
        const whole = quote.prefix + quote.exact + quote.suffix;
        const found = article.indexOf(whole);
        if (text.slice(start, end) !== quote.exact)
            return {id: a.id, problem: `position ${start}-${end} reads ${JSON.stringify(text.slice(start, end))}`};
        if (text.slice(start - quote.prefix.length, start) !== quote.prefix || !text.slice(end).startsWith(quote.suffix))
            return {id: a.id, problem: 'prefix or suffix differ from the paragraph'};
        // A paragraph printed twice gives its quotation twice; the fragment then chooses.
        if (found < 0) return {id: a.id, problem: 'quote not in the article'};
        return {id: a.id, problem: null};
    });
}"""


@pytest.mark.parametrize("prefix", ["", "zh-Hant/"])
@pytest.mark.parametrize("seed", SHIPPED_NAMES)
def test_every_annotation_reanchors_by_its_selectors_alone(watched, real_site: BuildResult, base_url: str,
                                                           prefix: str, seed: str) -> None:
    slug = slug_of(real_site.site, seed)
    page = watched.page
    page.goto(f"{base_url}{prefix}{slug}/", wait_until="networkidle")
    link = page.locator(".rp-notes-data a")
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok, response.status
    collection = json.loads(response.text())
    assert collection["type"] == "AnnotationCollection" and collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == page.locator(".rp-notes-list > li").count()
    anchored = [a for a in items if isinstance(a["target"], dict)]
    assert anchored, "no note is anchored to a quotation"
    problems = [r for r in page.evaluate(REANCHOR, anchored) if r["problem"]]
    assert not problems, problems[:5]
    language = "zh-Hant" if prefix else "zh-Hans"
    assert {b["language"] for a in items for b in a["body"]} == {language}
    notes_text = page.locator(".rp-notes-list").inner_text()
    assert all(next(b["value"] for b in a["body"] if b["purpose"] == "commenting") in notes_text for a in items)
