"""Citing in Chromium: the browser fills the access date and URL, one click (or Enter) copies a
line, a paragraph's ¶ opens the same lines with the paragraph's URL, on both scripts' pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.base import AXE_FILE_PATH
from playwright.sync_api import Browser, Page, expect

from sitekit import BuildResult, slug_of

pytestmark = pytest.mark.browser

DATED = "000_69f4fe6adc6ee305.txt"
TODAY = """() => { const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0')
  + '-' + String(d.getDate()).padStart(2, '0'); }"""


@pytest.fixture()
def clip_page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800},
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def _open(page: Page, base_url: str, real_site: BuildResult, prefix: str = "") -> str:
    url = f"{base_url}{prefix}{slug_of(real_site.site, DATED)}/"
    page.goto(url)
    expect(page.locator("#cite .rp-cite-accessed")).to_have_text(page.evaluate(TODAY))
    return url


def _clipboard(page: Page) -> str:
    return page.evaluate("() => navigator.clipboard.readText()")


def test_article_citation_is_filled_and_copied_with_one_click(clip_page: Page, base_url: str,
                                                              real_site: BuildResult) -> None:
    url = _open(clip_page, base_url, real_site)
    today = clip_page.evaluate(TODAY)
    online = clip_page.locator('#cite [data-rp-cite="online"]')
    expected = f"王磊, 陈恺祺. 市二医院,奋力蹚出高质量发展新路子[N/OL]. 株洲日报, 2023-06-29(6)[{today}]. {url}."
    expect(online.locator(".rp-cite-text")).to_have_text(expected)
    online.get_by_role("button").click()
    expect(online.get_by_role("button")).to_have_text("已复制")
    expect(clip_page.locator("#cite .rp-copy-status")).to_contain_text("已复制")
    assert _clipboard(clip_page) == expected
    print_line = clip_page.locator('#cite [data-rp-cite="print"] .rp-cite-text')
    expect(print_line).to_have_text("王磊, 陈恺祺. 市二医院,奋力蹚出高质量发展新路子[N]. 株洲日报, 2023-06-29(6).")
    assert clip_page.errors == []  # type: ignore[attr-defined]


def test_paragraph_mark_offers_the_citation_with_the_paragraph_url_by_keyboard(
        clip_page: Page, base_url: str, real_site: BuildResult) -> None:
    url = _open(clip_page, base_url, real_site)
    block_id = clip_page.locator("article p.rp-p[id]").nth(2).get_attribute("id")
    mark = clip_page.locator(f"#{block_id} .rp-pilcrow")
    mark.focus()
    clip_page.keyboard.press("Enter")
    pop = clip_page.get_by_role("dialog", name="引用本段")
    expect(pop).to_be_visible()
    copy = pop.locator('[data-rp-cite="online"] button')
    expect(pop.locator(".rp-copy").first).to_be_focused()
    expect(pop.locator('[data-rp-cite="online"] .rp-cite-text')).to_contain_text(f"{url}#{block_id}.")
    clip_page.add_script_tag(path=str(AXE_FILE_PATH))
    violations = clip_page.evaluate("""() => axe.run({include: [['#rp-cite-pop'], ['#cite']]}).then(r =>
        r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))""")
    assert violations == [], violations
    copy.focus()
    clip_page.keyboard.press("Enter")
    expect(copy).to_have_text("已复制")
    assert _clipboard(clip_page).endswith(f"{url}#{block_id}."), _clipboard(clip_page)
    clip_page.keyboard.press("Escape")
    expect(pop).to_have_count(0)
    expect(mark).to_be_focused()


def test_traditional_page_cites_in_traditional_script(clip_page: Page, base_url: str,
                                                      real_site: BuildResult) -> None:
    url = _open(clip_page, base_url, real_site, "zh-Hant/")
    today = clip_page.evaluate(TODAY)
    expect(clip_page.locator('#cite [data-rp-cite="online"] .rp-cite-text')).to_have_text(
        f"王磊, 陳愷祺. 市二醫院,奮力蹚出高質量發展新路子[N/OL]. 株洲日報, 2023-06-29(6)[{today}]. {url}.")
    button = clip_page.locator('#cite [data-rp-cite="apa"] button')
    button.click()
    expect(button).to_have_text("已複製")
    assert _clipboard(clip_page) == f"王磊, & 陳愷祺. (2023, June 29). 市二醫院,奮力蹚出高質量發展新路子. 株洲日報, p. 6. {url}"
