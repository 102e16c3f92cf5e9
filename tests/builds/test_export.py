"""`python -m republish markdown OUT/`: the exported Markdown, built by plain `mkdocs build --strict`
without hooks, shows what the hook build shows, in both scripts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from republish.markdown_export import FRONT_MATTER
from republish.script import Converter, load_conversion
from sitekit import (ROOT, BuildResult, build, make_project, reader_text, seed_text,
                     slug_of)

pytestmark = pytest.mark.build
CONVERTER = Converter(load_conversion(ROOT / "data" / "conversion.yml"))
SIMPLIFIED = ("市二医院新闻标题\n\n张三 李四\n\n株洲市二医院开展多学科会诊,为患者制定方案。\n\n"
              "1 第一部分\n\n医生们在峰会上说:“我是党员,我先上。”\n")
TRADITIONAL = ("醫院的新聞標題\n\n張三 李四\n\n株洲市二醫院開展多學科會診,為患者制定方案。\n\n"
               "1 第一部分\n\n這裏的醫生們在台灣峯會上說:“我是黨員,我先上。”\n")
SITE_URL = "https://example.org/repo/"
# Code-like values a twin must carry exactly as the simplified page has them.
CODE_LIKE = re.compile(r'\b(?:id|href|src|data-term|data-note|aria-describedby)="[^"]*"|\{ ?#[^}\s]+|\]\([^)\s]*')


@dataclass
class Builds:
    """The hook build of a project and the plain build of its export."""

    hooked: BuildResult
    plain: BuildResult
    out: Path


def export_and_build(project: Path, hooked: BuildResult) -> Builds:
    """Export the project with the CLI, then build the export with plain mkdocs (no hooks)."""
    out = project / "export"
    proc = subprocess.run([sys.executable, "-m", "republish", "markdown", str(out),
                           "--config", str(project / "mkdocs.yml"), "--strict"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    config = project / "export.yml"
    assert "hooks" not in config.read_text(encoding="utf-8")
    site = project / "plain-site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site), "-f", str(config)],
                           capture_output=True, text=True, env=env, timeout=300)
    return Builds(hooked, BuildResult(plain.returncode, plain.stdout + plain.stderr, site), out)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    project = make_project(tmp_path_factory.mktemp("tiny"), {"a.txt": SIMPLIFIED, "b.txt": TRADITIONAL},
                           site_url=SITE_URL)
    hooked = build(project)
    assert hooked.code == 0, hooked.output
    return export_and_build(project, hooked)


@pytest.fixture(scope="module")
def real(real_site: BuildResult) -> Builds:
    return export_and_build(real_site.site.parent, real_site)


@pytest.fixture(params=["tiny", "real"])
def builds(request: pytest.FixtureRequest) -> Builds:
    return request.getfixturevalue(request.param)


def pages(site: Path) -> set[str]:
    """Every page of a built site (both scripts), by path; the 404 page has no place in the nav."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html"}


def content_text(path: Path) -> str:
    """The main content's text, whitespace normalised."""
    article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article.md-content__inner")
    return " ".join(article.get_text(" ").split()) if article else ""


def test_the_plain_build_is_strict_and_has_the_same_pages(builds: Builds) -> None:
    assert builds.plain.code == 0, builds.plain.output[-2000:]
    assert "WARNING" not in builds.plain.output, builds.plain.output[-2000:]
    hooked, plain = pages(builds.hooked.site), pages(builds.plain.site)
    assert any(p.startswith("zh-Hant/") for p in plain)
    assert (sorted(hooked - plain), sorted(plain - hooked)) == ([], []), "pages only in (hook build, plain build)"


def test_each_page_shows_the_same_content_text(builds: Builds) -> None:
    differing = [page for page in sorted(pages(builds.hooked.site))
                 if content_text(builds.hooked.site / page) != content_text(builds.plain.site / page)]
    first = differing[0] if differing else ""
    detail = ""
    if first:
        a, b = content_text(builds.hooked.site / first), content_text(builds.plain.site / first)
        at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        detail = f": hook build …{a[max(0, at - 30):at + 30]}… / plain build …{b[max(0, at - 30):at + 30]}…"
    assert not differing, f"{len(differing)} pages differ, first {first}{detail}"


def seeds_of(builds: Builds) -> list[Path]:
    project = builds.hooked.site.parent
    return sorted((project / "seeds").glob("*.txt"))


def test_every_seed_character_appears_on_its_page_in_both_builds(builds: Builds) -> None:
    for seed in seeds_of(builds):
        raw = seed.read_text(encoding="utf-8")
        slug = slug_of(builds.hooked.site, seed.name)
        traditional = raw == TRADITIONAL
        for site in (builds.hooked.site, builds.plain.site):
            page = site / ("zh-Hant" if traditional else "") / slug / "index.html"
            shown = reader_text(page.read_text(encoding="utf-8"))
            expected = seed_text(raw)
            if traditional:     # its byline is read into the metadata box; the printed body is kept
                expected = expected.split("張三李四", 1)[1]
                assert expected in shown, f"{page}: the printed characters are not restored"
            else:
                assert shown == expected, f"{page}: seed characters missing or reordered"


def traditional_sources(builds: Builds) -> set[str]:
    """Slugs of the seeds printed in traditional script."""
    return {slug_of(builds.hooked.site, seed.name) for seed in seeds_of(builds)
            if seed.read_text(encoding="utf-8") == TRADITIONAL}


def test_a_twin_differs_from_its_page_only_by_conversion(builds: Builds) -> None:
    restored = traditional_sources(builds)
    for page in sorted(builds.out.glob("*.md")):
        hans = page.read_text(encoding="utf-8")
        hant = (builds.out / "zh-Hant" / page.name).read_text(encoding="utf-8")
        assert CODE_LIKE.findall(hans) == CODE_LIKE.findall(hant), f"{page.name}: ids or links differ in its twin"
        body, twin_body = FRONT_MATTER.sub("", hans, count=1), FRONT_MATTER.sub("", hant, count=1)
        converted = CONVERTER.convert_markup(body, "hant")
        if page.stem in restored:   # converted, then the printed characters put back
            assert twin_body != converted and len(twin_body) == len(converted), f"{page.name}: not restored"
        else:
            assert twin_body == converted, f"{page.name}: its twin is not just its conversion"


def test_a_twin_names_its_own_language(tiny: Builds) -> None:
    slug = slug_of(tiny.hooked.site, "a.txt")
    for prefix, lang in (("", "zh-Hans"), ("zh-Hant/", "zh-Hant")):
        soup = BeautifulSoup((tiny.plain.site / prefix / slug / "index.html").read_text("utf-8"), "html.parser")
        assert soup.html["lang"] == lang, f"{prefix or '/'}: <html lang> is {soup.html['lang']}"
        assert soup.select_one('meta[name="citation_language"]')["content"] == lang


def citation_head(path: Path) -> list[str]:
    """A page's citation meta and JSON-LD (written from its front matter by overrides/main.html)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return ([str(m) for m in soup.select('meta[name^="citation_"], meta[name^="DC."]')]
            + [s.get_text() for s in soup.select('script[type="application/ld+json"]')])


def test_citation_data_in_the_head_is_the_hook_builds_in_both_scripts(tiny: Builds) -> None:
    for seed in ("a.txt", "b.txt"):
        slug = slug_of(tiny.hooked.site, seed)
        for page in (f"{slug}/index.html", f"zh-Hant/{slug}/index.html"):
            hooked = citation_head(tiny.hooked.site / page)
            assert any(SITE_URL in item for item in hooked), f"{page}: no absolute URL to compare"
            assert citation_head(tiny.plain.site / page) == hooked, page
