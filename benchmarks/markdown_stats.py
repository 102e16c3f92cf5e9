"""How much of the generated Markdown is Markdown: per page, non-blank lines, lines of raw HTML
(a line that starts with a tag), and the links MkDocs resolves and validates (Markdown links to a
page, a fragment or a site file; raw `<a href>` is invisible to it). Run from the repository root:

    .venv/bin/python benchmarks/markdown_stats.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from republish.site import SiteSettings, build_site  # noqa: E402

MARKDOWN_LINK = re.compile(r"\]\(([^)\s\"]+)")     # [text](target "title"): the target
RAW_HREF = re.compile(r'href="([^"]+)"')


def main() -> None:
    site = build_site(SiteSettings(seeds_dir=ROOT / "seeds", data_dir=ROOT / "data", docs_dir=ROOT / "docs"))
    totals = [0, 0, 0, 0]
    print(f"{'page':34} {'lines':>6} {'raw HTML':>9} {'share':>6} {'md links':>9} {'raw hrefs':>9}")
    for page in site.pages:
        lines = [line for line in page.markdown.split("---\n", 2)[-1].splitlines() if line.strip()]
        raw = [line for line in lines if line.lstrip().startswith("<")]
        links = len(MARKDOWN_LINK.findall(page.markdown))
        hrefs = len(RAW_HREF.findall(page.markdown))
        for i, value in enumerate((len(lines), len(raw), links, hrefs)):
            totals[i] += value
        print(f"{page.path:34} {len(lines):6} {len(raw):9} {len(raw) / max(len(lines), 1):6.0%} {links:9} {hrefs:9}")
    print(f"{'total':34} {totals[0]:6} {totals[1]:9} {totals[1] / max(totals[0], 1):6.0%} {totals[2]:9} {totals[3]:9}")


if __name__ == "__main__":
    main()
