"""Dropping the theme's unused CSS changes nothing a reader sees: the real site and the same site built
without purging look the same, pixel for pixel up to the rasteriser's shade noise, page by page and state by state."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator

import pytest
import yaml
from PIL import Image, ImageChops
from playwright.sync_api import Browser, Page

from browserkit import search as type_query, settle
from evidence import evidence_dir, save_json, summary
from serving import serve
from sitekit import BuildResult, build, make_project, slug_of

pytestmark = pytest.mark.browser
SEED_2023 = "000_69f4fe6adc6ee305.txt"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
MAX_HEIGHT = 12_000     # pixels of a whole-page screenshot


@pytest.fixture(scope="module")
def unpurged_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = make_project(tmp_path_factory.mktemp("unpurged"))
    config = project / "mkdocs.yml"
    cfg = yaml.safe_load(config.read_text(encoding="utf-8"))
    cfg["extra"]["republish"]["purge_css"] = False
    config.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    result = build(project)
    assert result.code == 0, result.output
    with serve(result.site, tmp_path_factory.mktemp("www-unpurged")) as url:
        yield url


def test_purging_shrinks_the_theme_css(real_site: BuildResult) -> None:
    sheets = {p.name: p.stat().st_size for p in (real_site.site / "assets" / "stylesheets").glob("*.css")}
    assert sheets and all(size > 0 for size in sheets.values())
    main = next(size for name, size in sheets.items() if name.startswith("main."))
    assert main < 100_000, sheets          # Material 9.8's main.css is 137 KB


def hover_term(page: Page) -> None:
    term = page.locator("a.rp-term[data-term='mdt']").first
    term.scroll_into_view_if_needed()
    term.hover()
    page.locator("#rp-tooltip").wait_for(state="visible")


def dark_palette(page: Page) -> None:
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()


def search(page: Page) -> None:
    type_query(page, "会诊")


def open_drawer(page: Page) -> None:
    page.locator("label.md-header__button[for='__drawer']").click()


def nothing(page: Page) -> None:
    pass


ARTICLE = "{article}/"
# Search results are drawn a pixel left or right from one run to the next (same site, same
# query), so those scenes compare the computed style of every element of the search panel,
# its ::before and ::after included, instead of pixels; once the panel's fade-in has finished.
STYLES = "styles"
SCENES: list[tuple[str, str, dict, Callable[[Page], None], bool | str]] = [
    ("article", ARTICLE, DESKTOP, nothing, True),
    ("article, term hovered", ARTICLE, DESKTOP, hover_term, False),
    ("article, dark palette", ARTICLE, DESKTOP, dark_palette, False),
    ("article, search results", ARTICLE, DESKTOP, search, STYLES),
    ("article on a phone", ARTICLE, PHONE, nothing, True),
    ("article on a phone, drawer open", ARTICLE, PHONE, open_drawer, False),
    ("article on a phone, search results", ARTICLE, PHONE, search, STYLES),
    ("home", "", DESKTOP, nothing, True),
    ("glossary", "glossary/", DESKTOP, nothing, True),
    ("cross-reference", "xref/", DESKTOP, nothing, True),
    ("people", "people/", DESKTOP, nothing, True),
    ("timeline", "timeline/", DESKTOP, nothing, True),
    ("traditional article", "zh-Hant/" + ARTICLE, DESKTOP, nothing, True),
    ("not found", "no-such-page/", DESKTOP, nothing, False),
]


# Returned as one JSON string: 12 MB of style dump cross the wire three times faster than as objects.
STYLE_FINGERPRINT = """() => JSON.stringify([...document.querySelectorAll('.md-search, .md-search *')].map(el => {
    const styles = {};
    for (const pseudo of [null, '::before', '::after']) {
        const style = getComputedStyle(el, pseudo);
        for (const name of style) {
            // the same data: URL icon, serialised with `<` or its escape `\\3c ` by the two sheets
            if (name !== '--md-version-icon') styles[(pseudo || '') + name] = style.getPropertyValue(name);
        }
    }
    return [el.tagName, el.getAttribute('class'), styles];
}))"""


# Chromium trims the space between adjacent CJK punctuation (〕》) by the font's metrics; in one of
# five loaded runs of the browser tests it drew one such pair untrimmed on one side only (the two
# screenshots differed in 8 pixels of one line). The purge cannot touch this property; both sides
# turn it off.
SAME_PUNCTUATION_SPACING = "* { text-spacing-trim: space-all !important; }"


def shot(browser: Browser, url: str, viewport: dict, act: Callable[[Page], None], full: bool | str) -> object:
    """A screenshot of a page after an action, in a fresh context, once fonts are loaded and every
    transition has finished. A whole page is taken by growing the viewport to it (full_page
    screenshots vary run to run at the sticky header)."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.add_style_tag(content=SAME_PUNCTUATION_SPACING)
    # The citation box shows the page's own URL, which differs between the two servers by design;
    # replaced before the page is measured, so that both wrap alike.
    page.evaluate("() => document.querySelectorAll('.rp-cite-url').forEach(el => { el.textContent = 'URL'; })")
    settle(page)
    if full is True:
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": viewport["width"], "height": min(height, MAX_HEIGHT)})
    act(page)
    settle(page)
    if full == STYLES:
        seen = json.loads(page.evaluate(STYLE_FINGERPRINT))   # parsed: custom properties come in any order
    else:
        seen = page.screenshot(animations="disabled", caret="hide")
    context.close()
    return seen


def by_element(dump: list[list]) -> dict[str, dict]:
    """A style dump keyed by each element's place, tag and class, for a message one can read."""
    return {f"{index:03} {tag.lower()}.{(classes or '').replace(' ', '.')}": styles
            for index, (tag, classes, styles) in enumerate(dump)}


# Chromium's software rasteriser draws the same page a shade apart now and then: one anti-aliased
# corner pixel of a card (237 against 238 of 255), a 106-pixel line of the tooltip's edge (1/255).
# A rule the purge dropped changes a colour, a size or a place: glyphs and edges move or change
# colour by far more than a couple of shades, which no one could see anyway.
SHADE_NOISE = 2          # per channel, out of 255


def pixel_difference(purged: bytes, unpurged: bytes) -> str:
    """'' when two screenshots are the same up to rasteriser noise; else what differs."""
    left, right = (Image.open(io.BytesIO(png)).convert("RGB") for png in (purged, unpurged))
    if left.size != right.size:
        return f"sizes {left.size} and {right.size}"
    diff = ImageChops.difference(left, right)
    changed = sum(1 for pixel in diff.getdata() if max(pixel) > 0)
    strongest = max(diff.getextrema(), key=lambda band: band[1])[1]
    if strongest <= SHADE_NOISE:
        return ""
    return f"{changed} pixels differ, by up to {strongest}/255, within {diff.getbbox()}"


def difference(name: str, purged: object, unpurged: object) -> str:
    """'' when the two scenes are the same; else a short account, the full evidence saved."""
    if purged == unpurged:
        return ""
    if isinstance(purged, bytes) and isinstance(unpurged, bytes):
        pixels = pixel_difference(purged, unpurged)
        if not pixels:
            return ""
        folder = evidence_dir(f"purged_css-{name}")
        (folder / "purged.png").write_bytes(purged)
        (folder / "unpurged.png").write_bytes(unpurged)
        return f"{name}: the screenshots differ ({pixels}), see {folder}"
    folder = evidence_dir(f"purged_css-{name}")
    assert isinstance(purged, list) and isinstance(unpurged, list)
    purged_styles, unpurged_styles = by_element(purged), by_element(unpurged)
    save_json(folder, "purged-styles.json", purged_styles)
    save_json(folder, "unpurged-styles.json", unpurged_styles)
    return f"{name}: the computed styles differ, see {folder}:{summary(purged_styles, unpurged_styles)}"


@pytest.mark.parametrize("name, path, viewport, act, full", SCENES, ids=[s[0] for s in SCENES])
def test_page_looks_the_same_with_and_without_purging(browser: Browser, real_site: BuildResult, base_url: str,
                                                      unpurged_url: str, name: str, path: str, viewport: dict,
                                                      act: Callable[[Page], None], full: bool | str) -> None:
    path = path.format(article=slug_of(real_site.site, SEED_2023))
    purged = shot(browser, base_url + path, viewport, act, full)
    unpurged = shot(browser, unpurged_url + path, viewport, act, full)
    message = difference(name, purged, unpurged)
    assert not message, message


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_screenshots_differ_beyond_rasteriser_noise_only() -> None:
    page = Image.new("RGB", (200, 100), (255, 255, 255))
    noisy = page.copy()
    noisy.paste((254, 254, 254), (0, 10, 200, 11))            # one shade along a line: noise
    shifted = page.copy()
    shifted.paste((0, 0, 0), (50, 40, 60, 60))                # a glyph where there was none
    assert pixel_difference(png(page), png(noisy)) == ""
    assert pixel_difference(png(page), png(shifted)) == "200 pixels differ, by up to 255/255, within (50, 40, 60, 60)"
