"""Links between generated pages are Markdown links MkDocs resolves and validates: a dangling one
fails the strict build, naming the page, the link and what is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pagekit import page_links
from sitekit import ROOT, BuildResult, build, make_project

from republish.site import SiteSettings, build_site

pytestmark = pytest.mark.build

DERIVED = ("glossary", "xref", "people", "timeline", "figures")
SEED = "标题一行\n\n张三 李四\n\n医院开展MDT会诊。\n"
# A hook listed before the real one that breaks every block reference the way a generator bug
# would (an id or a page that does not exist), at import, before the core writes any page.
BREAK_REFS = '''import sys
sys.path.insert(0, {root!r})
from republish.model import BlockRef
_target = BlockRef.target.fget
BlockRef.target = property(lambda ref: _target(ref).replace({old!r}, {new!r}, 1))
'''


@pytest.mark.parametrize("old, new, problem", [
    ("#", "#gone-", "does not contain an anchor '#gone-s0-p1'"),
    (".md#", "-gone.md#", "is not found among documentation files"),
])
def test_a_dangling_block_reference_fails_the_strict_build(tmp_path: Path, old: str, new: str,
                                                           problem: str) -> None:
    project = make_project(tmp_path, {"a.txt": SEED})
    assert build(project).code == 0, "the tiny site itself must build"
    breaker = tmp_path / "break_refs.py"
    breaker.write_text(BREAK_REFS.format(root=str(ROOT), old=old, new=new), encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("hooks:\n", f"hooks:\n- {breaker}\n", 1)
    config.write_text(text, encoding="utf-8")
    result = build(project)
    assert result.code != 0, "a link to a missing block passed the strict build"
    named = [line for line in result.output.splitlines() if "glossary.md" in line and problem in line]
    assert named, result.output[-2000:]


def test_every_generated_page_link_is_resolved_by_mkdocs(real_site: BuildResult) -> None:
    """The real site's derived pages, as the core writes them (no MkDocs): their `.md#` links,
    all of which the built pages must show resolved (no '.md' left in an href)."""
    site = build_site(SiteSettings(ROOT / "seeds", ROOT / "data"))
    written = {p.path.removesuffix(".md"): page_links(p.markdown) for p in site.pages if p.path[:-3] in DERIVED}
    counts = {page: len(links) for page, links in written.items()}
    print(f"Markdown links to a page anchor, validated by MkDocs: {counts} (total {sum(counts.values())})")
    assert all(counts[page] for page in DERIVED), counts
    for page in DERIVED:
        article = BeautifulSoup((real_site.site / page / "index.html").read_text("utf-8"),
                                "html.parser").select_one("article")
        hrefs = [a["href"] for a in article.select("a[href]")]
        assert not [h for h in hrefs if ".md" in h or h.startswith("@")], page
        resolved = [h for h in hrefs if h.startswith("../") and "#" in h]
        assert len(resolved) >= counts[page], (page, len(resolved), counts[page])
