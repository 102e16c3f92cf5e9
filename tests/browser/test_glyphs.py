"""Chinese text is drawn with real glyphs. Without a CJK font Chromium draws every character as the
same missing-glyph box, and every other test still passes: here two different characters must come
out as different pixels, on the simplified and the traditional page, in the page's own font stack."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from browserkit import settle
from sitekit import SHIPPED_NAMES, slug_of

pytestmark = pytest.mark.browser
# Characters of the articles, in both scripts; no two share a glyph in any CJK font.
SAMPLES = {"": "肿瘤医院", "zh-Hant/": "腫瘤醫院"}
PROBE = "rp-glyph-probe"


def draw_each(page: Page, characters: str) -> list[bytes]:
    """Screenshots of each character alone, set in the article's paragraph font."""
    page.evaluate("""([id, characters]) => {
        const host = document.createElement('div');
        host.id = id;
        host.style.cssText = 'position:fixed;top:0;left:0;z-index:9999;background:#fff;color:#000';
        const font = getComputedStyle(document.querySelector('article p')).fontFamily;
        for (const ch of characters) {
            const span = document.createElement('span');
            span.textContent = ch;
            // whole-pixel boxes, so that equal glyphs give equal pixels wherever they stand
            span.style.cssText = `display:block;width:64px;height:64px;font:48px/64px ${font};text-align:center`;
            host.appendChild(span);
        }
        document.body.appendChild(host);
    }""", [PROBE, characters])
    settle(page)
    return [span.screenshot() for span in page.locator(f"#{PROBE} span").all()]


def used_fonts(page: Page) -> list[str]:
    """The system fonts Chromium actually drew the probe with (for the failure message)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": f"#{PROBE} span"})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [f["familyName"] for f in fonts]


@pytest.mark.parametrize("prefix", list(SAMPLES))
def test_chinese_characters_are_drawn_with_distinct_glyphs(watched, real_site, base_url: str, prefix: str) -> None:
    page = watched.page
    page.goto(f"{base_url}{prefix}{slug_of(real_site.site, SHIPPED_NAMES[0])}/", wait_until="networkidle")
    characters = SAMPLES[prefix]
    drawn = draw_each(page, characters)
    alike = [(a, b) for i, a in enumerate(characters) for j, b in enumerate(characters)
             if i < j and drawn[i] == drawn[j]]
    assert not alike, (f"{alike} are drawn to identical pixels (missing-glyph boxes?) with fonts "
                       f"{used_fonts(page)}: install a CJK font, e.g. Debian's fonts-noto-cjk")
