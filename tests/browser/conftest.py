"""Playwright driving Debian's Chromium against the real site served under a sub-path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from serving import serve
from sitekit import BuildResult

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run ./dev test, which installs Debian's chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def base_url(real_site: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(real_site.site, tmp_path_factory.mktemp("www")) as url:
        yield url


class Watched:
    """A page plus the console errors and foreign requests seen while it was used."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.errors: list[str] = []
        self.foreign: list[str] = []
        host = urlparse(base).netloc
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def route(r):  # block and record anything not served by our own server
            url = r.request.url
            if urlparse(url).netloc != host and not url.startswith(("data:", "blob:")):
                self.foreign.append(url)
                return r.abort()
            return r.continue_()

        page.route("**/*", route)


@pytest.fixture()
def watched(browser: Browser, base_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield Watched(page, base_url)
    context.close()
