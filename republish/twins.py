"""The traditional-script twin of every built page.

One build renders the simplified site; the theme renders each page a second time as its twin
(the templates decide the script, the 简/繁 switch, the alternates and the language from the
page: overrides/partials/rp-script.html), and this module converts that finished page (CJK runs
only, so ids, URLs and code stay as they are) for writing under /zh-Hant/ with the same relative
layout. Page-to-page links therefore keep working unchanged; only links into the shared theme
assets need one more '../'. The search index is converted into zh-Hant/search/, which the twin
pages' base points at. Nothing here imports MkDocs or knows the theme's markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from . import incremental
from .script import Converter

HANT_DIR = "zh-Hant"
# A relative link into the shared assets/ folder (stylesheets, scripts, the search worker): the
# twin is written one folder deeper than the page it was rendered as, so it needs one more '../'.
# Page-to-page links stay as they are: they lead to the twin pages beside it.
ASSET_LINK = re.compile(r"""(["'])((?:\.\./)*)(assets/)""")


def traditional(html: str, converter: Converter, restore: Callable[[str], str] | None = None) -> str:
    """The traditional twin of a finished page the theme rendered as a twin, to be written under
    zh-Hant/ at the page's own path: converted, a traditional source's characters restored."""
    html = converter.convert_markup(html, "hant")
    if restore:
        html = restore(html)
    return ASSET_LINK.sub(r"\1../\2\3", html)


def traditional_search_index(data: dict[str, Any], converter: Converter) -> dict[str, Any]:
    """A parsed search index with every title and text converted, as a new object (the simplified
    one is written too); locations unchanged."""
    if "docs" not in data:
        return data
    # While serving, texts converted by an earlier rebuild are looked up (republish.incremental).
    converted = incremental.store().table(f"hant texts {incremental.converter_key(converter)}")

    def hant(text: str) -> str:
        return incremental.remembered(converted, text, lambda: converter.to_hant(text))
    return {**data, "docs": [{**doc, **{key: hant(doc[key]) for key in ("title", "text") if isinstance(doc.get(key), str)}}
                             for doc in data["docs"]]}


def sitemap_with_twins(xml: str, site_url: str) -> str:
    """Add the /zh-Hant/ URL of every page listed in the sitemap."""
    if not site_url:
        return xml
    base = site_url if site_url.endswith("/") else site_url + "/"
    extra = []
    for loc in re.findall(r"<loc>([^<]+)</loc>", xml):
        if loc.startswith(base) and not loc.startswith(base + HANT_DIR + "/"):
            extra.append(f"<url><loc>{escape(base + HANT_DIR + '/' + loc[len(base):])}</loc></url>")
    return xml.replace("</urlset>", "".join(extra) + "</urlset>", 1)


def restore_originals(html: str, originals: dict[str, str]) -> str:
    """Put a traditional source's own characters back into its blocks on the twin page.

    The page was converted simplified→traditional, which can differ from what
    the source printed; each block's seed text (everything outside .rp-ed) is
    rewritten character by character from the original when lengths agree.
    """
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString

    soup = BeautifulSoup(html, "html.parser")
    for block_id, original in originals.items():
        element = soup.find(id=block_id)
        if element is None:
            continue
        nodes = [n for n in element.find_all(string=True)
                 if isinstance(n, NavigableString) and not any(
                     "rp-ed" in (p.get("class") or []) for p in n.parents if p is not element.parent)]
        # The space before an editorial span at the end (互见) is the page's, not the source's.
        trailing = nodes[-1][len(nodes[-1].rstrip()):] if nodes else ""
        compact = original + trailing
        if sum(len(n) for n in nodes) != len(compact):
            continue
        position = 0
        for node in nodes:
            node.replace_with(NavigableString(compact[position:position + len(node)]))
            position += len(node)
    return str(soup)
