"""The traditional-script twin of every built page, and the 简/繁 switch between them.

One build renders the simplified site; each page's finished HTML is converted
(CJK runs only, so ids, URLs and code stay as they are) and written again under
/zh-Hant/ with the same relative layout. Page-to-page links therefore keep
working unchanged; only links into the shared theme assets need one more '../'.
The search index is converted into zh-Hant/search/, which the twin pages' base
points at. Nothing here imports MkDocs.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from xml.sax.saxutils import escape

from . import incremental
from .script import Converter

HANT_DIR = "zh-Hant"
LANG = {"hans": "zh-Hans", "hant": "zh-Hant"}
SWITCH_LABEL = {"hans": "简", "hant": "繁"}
SWITCH_NAME = {"hans": "简体中文", "hant": "繁體中文"}
SWITCH_SLOT = "<!--rp-script-switch-->"
ASSET_LINK = re.compile(r"""(["'])((?:\.\./)*)(assets/)""")
CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)
HTML_LANG = re.compile(r'<html lang="[^"]*"')
# The language the page's citation data names (overrides/main.html): meta tags and JSON-LD.
DATA_LANG = re.compile(r'(<meta name="(?:citation_language|DC\.language)" content=")zh-Hans(")|'
                       r'("inLanguage":")zh-Hans(")')
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_NAME = "搜索"
HOME_REDIRECT = (
    "<script>try{if(localStorage.getItem('rp-script')==='hant'&&!/[?&]hans\\b/.test(location.search))"
    "location.replace('{target}'+location.hash)}catch(e){}</script>")


def up(page_url: str) -> str:
    """The relative path from a page back to the site root ('' for the root page)."""
    return "../" * page_url.count("/")


def twin_url(page_url: str, script: str) -> str:
    """Relative link from a page in `script` to the same page in the other script."""
    if script == "hans":
        return up(page_url) + f"{HANT_DIR}/" + page_url
    return "../" + up(page_url) + page_url


def switch_html(page_url: str, script: str) -> str:
    """The header control that leads to the same page (and fragment) in the other script."""
    other = "hant" if script == "hans" else "hans"
    href = twin_url(page_url, script) or "./"
    return (f'<div class="md-header__option rp-script-switch"><a class="md-header__button rp-switch" '
            f'href="{href}" hreflang="{LANG[other]}" lang="{LANG[other]}" data-rp-script="{other}" '
            f'title="{SWITCH_NAME[other]}" aria-label="{SWITCH_NAME[other]}">'
            f'{SWITCH_LABEL[other]}</a></div>')


def alternates(page_url: str, script: str) -> str:
    """hreflang links to both versions of the page.

    rel is written "alternate " (a valid token list): Material's language
    selector matches [rel=alternate] exactly and would fetch a sitemap.xml
    beside every alternate, which exists only at a language root.
    """
    own = "./" if not page_url or page_url.endswith("/") else posixpath.basename(page_url)
    other = "hant" if script == "hans" else "hans"
    return (f'<link rel="alternate " hreflang="{LANG[script]}" href="{own}">'
            f'<link rel="alternate " hreflang="{LANG[other]}" href="{twin_url(page_url, script) or "./"}">')


def prepare(html: str, page_url: str, is_home: bool) -> str:
    """The simplified page: its language, alternates, the switch and (home only) the redirect."""
    html = prepare_plain(html)
    head = alternates(page_url, "hans")
    if is_home:
        head += HOME_REDIRECT.replace("{target}", twin_url(page_url, "hans"))
    html = html.replace("</head>", head + "</head>", 1)
    html = html.replace('<form class="md-header__option" data-md-component="palette">',
                        SWITCH_SLOT + '<form class="md-header__option" data-md-component="palette">', 1)
    return html.replace(SWITCH_SLOT, switch_html(page_url, "hans"), 1)


def prepare_plain(html: str) -> str:
    """A simplified page as the theme wrote it: its language set and its search dialog named."""
    html = HTML_LANG.sub(f'<html lang="{LANG["hans"]}"', html, count=1)
    return html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{SEARCH_NAME}">', 1)


def _readable_config(html: str) -> str:
    """Write the theme's JSON config without \\u escapes so its UI strings get converted."""
    def rewrite(match: re.Match[str]) -> str:
        data = json.loads(match.group(2))
        return match.group(1) + json.dumps(data, ensure_ascii=False).replace("</", "<\\/") + match.group(3)
    return CONFIG_SCRIPT.sub(rewrite, html, count=1)


def traditional(html: str, page_url: str, converter: Converter,
                restore: Callable[[str], str] | None = None) -> str:
    """The traditional twin of a finished simplified page (as returned by `prepare`)."""
    hans_switch = switch_html(page_url, "hans")
    hans_alternates = alternates(page_url, "hans")
    html = html.replace(hans_switch, SWITCH_SLOT, 1).replace(hans_alternates, "<!--rp-alternates-->", 1)
    html = re.sub(r"<script>try\{if\(localStorage.getItem\('rp-script'\).*?</script>", "", html, count=1)
    html = converter.convert_markup(_readable_config(html), "hant")
    if restore:
        html = restore(html)
    html = ASSET_LINK.sub(r"\1../\2\3", html)
    html = HTML_LANG.sub(f'<html lang="{LANG["hant"]}"', html, count=1)
    html = DATA_LANG.sub(lambda m: (m.group(1) or m.group(3)) + LANG["hant"] + (m.group(2) or m.group(4)), html)
    html = _twin_data_urls(html, page_url)
    html = html.replace("<!--rp-alternates-->", alternates(page_url, "hant"), 1)
    return html.replace(SWITCH_SLOT, switch_html(page_url, "hant"), 1)


def _twin_data_urls(html: str, page_url: str) -> str:
    """The page's absolute URL in its citation data (written with SITE_URL) as the twin's own."""
    if not page_url:
        return html
    own = re.compile(r'((?:<meta name="(?:citation_public_url|DC\.identifier)" content=|"url":)"https?://[^"]*?)'
                     + re.escape(page_url) + '"')
    return own.sub(lambda m: f'{m.group(1)}{HANT_DIR}/{page_url}"', html)


def traditional_search_index(index_json: str, converter: Converter) -> str:
    """The search index with every title and text converted; locations unchanged."""
    data = json.loads(index_json)
    # While serving, texts converted by an earlier rebuild are looked up (republish.incremental).
    converted = incremental.store().table(f"hant texts {incremental.converter_key(converter)}")
    for doc in data.get("docs", []):
        for key in ("title", "text"):
            text = doc.get(key)
            if isinstance(text, str):
                doc[key] = converted.get(text)
                if doc[key] is None:
                    doc[key] = converted[text] = converter.to_hant(text)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


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


def traditional_plain(html: str, converter: Converter) -> str:
    """A page without a twin-aware layout (the 404 page): converted, language set."""
    html = converter.convert_markup(_readable_config(html), "hant")
    return HTML_LANG.sub(f'<html lang="{LANG["hant"]}"', html, count=1)


def restore_originals(html: str, originals: dict[str, str]) -> str:
    """Put a traditional source's own characters back into its blocks on the twin page.

    The page was converted simplified→traditional, which can differ from what
    the source printed; each block's seed text (everything outside .rp-ed) is
    rewritten character by character from the original when lengths agree.
    """
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(html, "html.parser")
    for block_id, original in originals.items():
        element = soup.find(id=block_id)
        if element is None:
            continue
        nodes = [n for n in element.find_all(string=True)
                 if isinstance(n, NavigableString) and not any(
                     "rp-ed" in (p.get("class") or []) for p in n.parents if p is not element.parent)]
        compact = original
        if sum(len(n) for n in nodes) != len(compact):
            continue
        position = 0
        for node in nodes:
            node.replace_with(NavigableString(compact[position:position + len(node)]))
            position += len(node)
    return str(soup)
