"""Size and shape of the derived pages of the real site: non-blank lines, raw-HTML lines and
Markdown links MkDocs validates (`](….md#…)`), per page. A measurement, not a test."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from republish.site import SiteSettings, build_site  # noqa: E402

DERIVED = ("glossary.md", "xref.md", "people.md", "timeline.md", "figures.md")
MD_LINK = re.compile(r"\]\([^)\s]*\.md#[^)\s]*")


def shape(markdown: str) -> tuple[int, int, int]:
    """(non-blank lines, lines starting with '<', Markdown links to a page anchor)."""
    lines = [line for line in markdown.splitlines() if line.strip()]
    return len(lines), sum(line.lstrip().startswith("<") for line in lines), len(MD_LINK.findall(markdown))


def main() -> None:
    site = build_site(SiteSettings(ROOT / "seeds", ROOT / "data", cache_dir=ROOT / ".cache" / "republish"))
    pages = {p.path: p.markdown for p in site.pages}
    print(f"{'page':<14}{'lines':>7}{'html':>7}{'.md# links':>12}")
    for path in DERIVED:
        if path in pages:
            lines, raw, links = shape(pages[path])
            print(f"{path:<14}{lines:>7}{raw:>7}{links:>12}")


if __name__ == "__main__":
    main()
