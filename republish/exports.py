"""The files a reader downloads beside each article page, and the Atom feed of the articles.

Per article, in downloads/: the seed exactly as received (<slug>.txt, the same bytes), the
article model as JSON (<slug>.json), CSL-JSON (<slug>.csl.json) and RIS (<slug>.ris). The
traditional twin gets the same names under zh-Hant/ (the seed's bytes unchanged, the rest in
traditional script), so a page's relative links work on both sites. Nothing here imports MkDocs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from . import citation, incremental, workers
from .citation import CitationFacts, SiteFacts
from . import writer as w
from .model import Article, Block
from .render import cite_box
from .script import Converter
from .urls import page_url

DOWNLOADS = "downloads"
FEED = "feed.xml"
HANT_DIR = "zh-Hant"
MODEL_FORMAT = "republish-article/1"
KINDS = {"txt": ("底本原文(按收到时逐字节)", "text/plain"), "json": ("文章数据(JSON)", "application/json"),
         "csl.json": ("CSL-JSON 引文", "application/vnd.citationstyles.csl+json"),
         "ris": ("RIS 引文", "application/x-research-info-systems")}


def download_path(slug: str, kind: str) -> str:
    """Site path of one download of an article ('downloads/<slug>.<kind>')."""
    return f"{DOWNLOADS}/{slug}.{kind}"


@dataclass(frozen=True)
class Published:
    """Where the site lives: its absolute URL ('' when unknown) and its URL style."""

    site_url: str = ""
    directory_urls: bool = True
    publisher: str = ""

    def absolute(self, path: str, script: str = "hans") -> str:
        """The absolute URL of a site path, '' without a site URL."""
        if not self.site_url:
            return ""
        base = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        return base + (f"{HANT_DIR}/" if script == "hant" else "") + path

    def page(self, slug: str, script: str = "hans") -> str:
        return self.absolute(page_url(f"{slug}.md", self.directory_urls), script)


def _block(block: Block, originals: dict[str, str]) -> dict[str, object]:
    out: dict[str, object] = {"id": block.id, "kind": block.kind, "text": block.text,
                              "lines": list(block.joined_lines) or [block.line]}
    if block.id in originals:
        out["printed_text"] = originals[block.id]
    return out


def article_model(article: Article) -> dict[str, object]:
    """The article model as plain data: metadata, sections, blocks with ids and text."""
    meta = {key: getattr(article, key) for key in (
        "title", "kicker", "subtitle", "rubric", "byline", "authors", "photo_credit", "publication",
        "date", "date_inferred", "date_note", "page", "column", "editors", "script")}
    meta["editorial_fields"] = sorted(article.editorial_top)
    meta["furniture"] = [{"role": m.role, "text": m.text, "line": m.line} for m in article.furniture]
    return {"format": MODEL_FORMAT, "slug": article.slug, "source": article.source.name,
            "metadata": meta,
            "sections": [{"id": s.id, "heading": s.heading, "line": s.line,
                          "blocks": [_block(b, article.originals) for b in s.blocks]}
                         for s in article.sections],
            "closing": [_block(b, article.originals) for b in article.closing]}


def _json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def article_files(article: Article, facts: CitationFacts, published: Published,
                  converter: Converter) -> dict[str, bytes]:
    """Every download of one article, for both scripts, by site path."""
    files: dict[str, bytes] = {}
    model = _json(article_model(article))
    source = article.source.read_bytes()
    for script, own in (("hans", facts), ("hant", facts.converted(converter))):
        prefix = f"{HANT_DIR}/" if script == "hant" else ""
        url = published.page(article.slug, script)
        files[prefix + download_path(article.slug, "txt")] = source
        files[prefix + download_path(article.slug, "json")] = (
            model if script == "hans" else converter.convert_markup(model.decode("utf-8"), "hant").encode("utf-8"))
        files[prefix + download_path(article.slug, "csl.json")] = citation.csl_json(
            own, url, published.publisher).encode("utf-8")
        files[prefix + download_path(article.slug, "ris")] = citation.ris(own, url).encode("utf-8")
    return files


def _updated(facts: CitationFacts) -> str:
    """An Atom date from the article's date: a year or month stands for its first day; an
    undated article (Atom requires a date) for 1970-01-01, which sorts it last."""
    date = facts.date or "1970"
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00+08:00"


def atom_feed(entries: Iterable[CitationFacts], title: str, published: Published, script: str) -> str:
    """The Atom feed of the articles, newest first; links relative to the feed without a site URL."""
    ordered = sorted(entries, key=lambda f: (f.date is not None, _updated(f), f.slug), reverse=True)
    feed_url = published.absolute(FEED, script)
    items = []
    for facts in ordered:
        link = published.page(facts.slug, script) or page_url(f"{facts.slug}.md", published.directory_urls) or "./"
        authors = "".join(f"<author><name>{escape(name)}</name></author>" for name in facts.authors)
        when = _updated(facts)
        published_tag = f"<published>{when}</published>" if facts.date and not facts.date_inferred else ""
        summary = facts.summary + ("" if facts.date and not facts.date_inferred else
                                   f"(日期:{'推断为' + facts.date if facts.date else '不详'})")
        items.append(f"<entry><title>{escape(facts.title)}</title>"
                     f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(link)}/>"
                     f"<id>{citation.entry_id(facts.slug, script)}</id>"
                     f"<updated>{when}</updated>{published_tag}{authors}"
                     f"<summary>{escape(summary)}</summary></entry>\n")
    updated = max((_updated(f) for f in ordered), default="1970-01-01T00:00:00+08:00")
    self_link = f"<link rel=\"self\" href={quoteattr(feed_url)}/>" if feed_url else ""
    home = published.absolute("", script) or "./"
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            f"<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{citation.LANG[script]}\">\n"
            f"<title>{escape(title)}</title><id>{feed_url or citation.entry_id('feed', script)}</id>"
            f"<updated>{updated}</updated><author><name>{escape(published.publisher or title)}</name></author>"
            f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(home)}/>{self_link}\n"
            + "".join(items) + "</feed>\n")


def _kept_article_files(article: Article, facts: CitationFacts, published: Published,
                        converter: Converter, conversion: str) -> dict[str, bytes]:
    """article_files, reused while serving when the article (its seed's and sidecar's bytes), its
    facts and the settings (`conversion`: the converter's key) are those of an earlier rebuild."""
    files: dict[str, bytes] = incremental.store().derived(
        "downloads", (article,), (repr(facts), repr(published), conversion),
        lambda: article_files(article, facts, published, converter))
    return files


def site_files(articles: list[Article], facts: list[CitationFacts], title: str, published: Published,
               converter: Converter) -> dict[str, bytes]:
    """Every download of every article and both feeds, by site path (the articles' downloads
    shared with workers: republish.workers)."""
    files: dict[str, bytes] = {}
    conversion = incremental.converter_key(converter)
    pairs = list(zip(articles, facts))
    for downloads in workers.split_map(lambda pair: _kept_article_files(pair[0], pair[1], published, converter, conversion),
                                       pairs, [article.source.stat().st_size for article in articles]):
        files.update(downloads)
    files[FEED] = atom_feed(facts, title, published, "hans").encode("utf-8")
    hant = [f.converted(converter) for f in facts]
    hant_published = replace(published, publisher=converter.to_hant(published.publisher))
    files[f"{HANT_DIR}/{FEED}"] = atom_feed(hant, converter.to_hant(title), hant_published, "hant").encode("utf-8")
    return files


def page_citation(facts: CitationFacts, published: Published, licence: str) -> tuple[dict[str, Any], str]:
    """What an article page carries: its head data (page.meta.rp_head: Highwire and Dublin Core
    meta, JSON-LD, links to the CSL-JSON and RIS files) and its "引用与下载" box.

    The meta and JSON-LD come once per script (head["hans"], head["hant"]): they name the page's
    language and its own URL, and the template picks the page's script (overrides/main.html). Both
    are written in simplified characters; the traditional page is converted as a whole."""
    head: dict[str, object] = {}
    for script in ("hans", "hant"):
        own, url = replace(facts, language=citation.LANG[script]), published.page(facts.slug, script)
        head[script] = {"meta": citation.head_meta(own, published.publisher, url),
                        "jsonld": citation.json_ld(own, published.publisher, url)}
    head["links"] = [{"href": download_path(facts.slug, kind), "type": KINDS[kind][1], "title": KINDS[kind][0]}
                     for kind in ("csl.json", "ris")]
    lines = [("print", "原刊(GB/T 7714,报纸)", citation.gbt_newspaper(facts)),
             ("online", "本站转载(GB/T 7714,电子资源)", citation.gbt_online(facts)),
             ("apa", "APA", citation.apa(facts))]
    downloads = [(download_path(facts.slug, kind), label, mime) for kind, (label, mime) in KINDS.items()]
    return head, cite_box(lines, downloads, licence)


LISTING_SLOT = "<!-- republish:downloads -->"   # where docs/about.md lists the downloads


def downloads_listing(articles: list[Article], licence: str) -> str:
    """The about page's list of every article's downloads and the feed, with the editors' usage
    text (Markdown for the page's slot; all pages sit at the docs root)."""
    rows = [w.page_link(f"{article.slug}.md", w.text(article.title)) + "："
            + " ".join(w.link(download_path(article.slug, kind), w.text(label), type=mime)
                       for kind, (label, mime) in KINDS.items())
            for article in articles]
    feed = w.paragraph(w.text("全部文章的 Atom 订阅源：") + w.link(FEED, w.text(FEED), type="application/atom+xml"))
    usage = w.paragraph(w.text(licence), classes=("rp-licence",)) if licence else ""
    return w.element("div.rp-download-list", w.bullets(rows)) + feed + usage


def publisher_of(site: SiteFacts, title: str) -> str:
    """The republication's publisher: the editors' name for it, else the site's title."""
    return site.publisher or title
