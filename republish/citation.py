"""How an article is cited: GB/T 7714 and APA lines, CSL-JSON, RIS, schema.org, Highwire and Dublin Core.

Everything is written from one `CitationFacts` read from the article by `facts_of` (the one
place that knows which Article fields hold the author, paper, date and page), so a richer
article model only changes that function. Missing facts are never filled in:

- no author: 佚名 (GB/T 7714-2025 7.1.3, whose examples also allow leaving it out under the
  numeric system);
- no newspaper name: [报纸名不详], by analogy with the standard's [出版者不详]/[出版地不详];
- no date: [出版日期不详]; an inferred date goes in square brackets ("[2021]"), as the standard
  writes an estimated year; no page: the (版次) is left out.

The online item leaves two places for the reader's browser: ACCESSED (the 引用日期) and URL.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import EditorError
from .model import Article
from .script import Converter
from .yamlio import Field, check_mapping, load_yaml

ACCESSED = "{accessed}"
URL = "{url}"
MAX_AUTHORS = 3          # GB/T 7714: the first three, then ", 等"
LANG = {"hans": "zh-Hans", "hant": "zh-Hant"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
SITE_FILE = "site.yml"
SITE_SCHEMA = {"licence": Field((str,), True, "(the usage statement shown with the downloads)"),
               "publisher": Field((str, type(None))),
               "unknown_publication": Field((list,))}


@dataclass(frozen=True)
class SiteFacts:
    """What the editors say about the site's data (data/site.yml)."""

    licence: str
    publisher: str = ""
    unknown_publication: tuple[str, ...] = ()


def load_site_facts(data_dir: Path) -> SiteFacts:
    """data/site.yml, checked; a missing file gives an empty licence text."""
    path = data_dir / SITE_FILE
    if not path.exists():
        return SiteFacts("")
    node = check_mapping(path, load_yaml(path), SITE_SCHEMA, SITE_FILE)
    unknown = node.get("unknown_publication") or []
    if not all(isinstance(item, str) and item for item in unknown):
        raise EditorError(path, "'unknown_publication' must be a list of texts",
                          "write each marker as '- 原刊未注明'", node.key_lines.get("unknown_publication"))
    licence = "".join(line.strip() for line in node["licence"].splitlines())  # Chinese lines join without spaces
    return SiteFacts(licence, node.get("publisher") or "", tuple(unknown))


@dataclass(frozen=True)
class CitationFacts:
    """The bibliographic facts of one printed article, in one script."""

    slug: str
    title: str
    authors: tuple[str, ...]
    publication: str | None      # the newspaper; None when not known
    date: str | None             # ISO: YYYY, YYYY-MM or YYYY-MM-DD
    date_inferred: bool
    page: str | None             # 版次 as printed ("06")
    section: str | None          # column / 版面栏目
    language: str                # zh-Hans | zh-Hant
    summary: str = ""

    @property
    def page_number(self) -> str | None:
        """The 版次 as the standard writes it: Arabic numerals without leading zeros."""
        if self.page and self.page.isdigit():
            return str(int(self.page))
        return self.page

    def converted(self, converter: Converter) -> "CitationFacts":
        """The same facts in traditional script."""
        def hant(text: str) -> str:
            return converter.to_hant(text) if text else text

        def maybe(text: str | None) -> str | None:
            return hant(text) if text else text
        return replace(self, title=hant(self.title), authors=tuple(map(hant, self.authors)),
                       publication=maybe(self.publication), section=maybe(self.section),
                       summary=hant(self.summary), language=LANG["hant"])


def facts_of(article: Article, site: SiteFacts, summary: str = "") -> CitationFacts:
    """The one reader of article metadata for citations."""
    publication = article.publication
    if publication and any(publication.startswith(m) for m in site.unknown_publication):
        publication = None
    return CitationFacts(slug=article.slug, title=article.title, authors=tuple(article.authors),
                         publication=publication, date=article.date, date_inferred=article.date_inferred,
                         page=article.page, section=article.column, language=LANG["hans"], summary=summary)


# -----------------------------------------------------------------------------
# Lines for readers
# -----------------------------------------------------------------------------

def _gbt_authors(facts: CitationFacts) -> str:
    if not facts.authors:
        return "佚名"
    names = ", ".join(facts.authors[:MAX_AUTHORS])
    return names + (", 等" if len(facts.authors) > MAX_AUTHORS else "")


def _gbt_date_page(facts: CitationFacts) -> str:
    date = facts.date or "出版日期不详"
    date = f"[{date}]" if facts.date_inferred or not facts.date else date
    return date + (f"({facts.page_number})" if facts.page_number else "")


def _gbt_head(facts: CitationFacts, kind: str) -> str:
    paper = facts.publication or "[报纸名不详]"
    return f"{_gbt_authors(facts)}. {facts.title}[{kind}]. {paper}, {_gbt_date_page(facts)}"


def gbt_newspaper(facts: CitationFacts) -> str:
    """The printed original: 主要责任者. 题名[N]. 报纸名, 出版日期(版次)."""
    return _gbt_head(facts, "N") + "."


def gbt_online(facts: CitationFacts) -> str:
    """This republication: …[N/OL]. 报纸名, 出版日期(版次)[引用日期]. 获取和访问路径."""
    return _gbt_head(facts, "N/OL") + f"[{ACCESSED}]. {URL}."


def apa(facts: CitationFacts) -> str:
    """A plain APA-style reference line (7th edition shape) for readers outside China."""
    if facts.date and len(facts.date) == 10:
        year, month, day = facts.date.split("-")
        date = f"{year}, {MONTHS[int(month) - 1]} {int(day)}"
    elif facts.date and len(facts.date) == 7:
        date = f"{facts.date[:4]}, {MONTHS[int(facts.date[5:]) - 1]}"
    else:
        date = facts.date or "n.d."
    date = f"[{date}]" if facts.date and facts.date_inferred else date
    names = list(facts.authors)
    authors = ", ".join(names[:-1]) + ", & " + names[-1] if len(names) > 1 else "".join(names)
    source = ", ".join(p for p in (facts.publication or "[Unknown newspaper]",
                                   f"p. {facts.page_number}" if facts.page_number else "") if p)
    if authors:
        return f"{authors}. ({date}). {facts.title}. {source}. {URL}"
    return f"{facts.title}. ({date}). {source}. {URL}"


# -----------------------------------------------------------------------------
# Files and head data for machines
# -----------------------------------------------------------------------------

def _date_parts(date: str) -> list[int]:
    return [int(part) for part in date.split("-")]


def csl_json(facts: CitationFacts, url: str = "", publisher: str = "") -> str:
    """A CSL-JSON list holding the article (type article-newspaper)."""
    item: dict[str, object] = {"id": facts.slug, "type": "article-newspaper", "title": facts.title,
                               "language": facts.language}
    if facts.authors:
        item["author"] = [{"literal": name} for name in facts.authors]
    if facts.publication:
        item["container-title"] = facts.publication
    if facts.date:
        item["issued"] = {"date-parts": [_date_parts(facts.date)], **({"circa": True} if facts.date_inferred else {})}
    if facts.page_number:
        item["page"] = facts.page_number
    if facts.section:
        item["section"] = facts.section
    if url:
        item["URL"] = url
    if publisher:
        item["note"] = f"转载: {publisher}"
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def ris(facts: CitationFacts, url: str = "") -> str:
    """An RIS record (TY  - NEWS), CRLF line ends as the format has them."""
    lines = [("TY", "NEWS"), ("TI", facts.title)]
    lines += [("AU", name) for name in facts.authors]
    if facts.publication:
        lines.append(("T2", facts.publication))
    if facts.date:
        lines.append(("PY", facts.date[:4]))
        parts = facts.date.split("-") + ["", ""]
        lines.append(("DA", f"{parts[0]}/{parts[1]}/{parts[2]}/"))
    if facts.date_inferred:
        lines.append(("N1", "出版日期为编者推断"))
    if facts.page_number:
        lines.append(("SP", facts.page_number))
    if facts.section:
        lines.append(("SE", facts.section))
    lines.append(("LA", facts.language))
    if url:
        lines.append(("UR", url))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def _people(names: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"@type": "Person", "name": name} for name in names]


def json_ld(facts: CitationFacts, publisher: str, url: str = "") -> str:
    """schema.org NewsArticle of this republication, isBasedOn the printed original."""
    original: dict[str, object] = {"@type": "NewsArticle", "headline": facts.title,
                                   "inLanguage": facts.language}
    if facts.authors:
        original["author"] = _people(facts.authors)
    if facts.date and not facts.date_inferred:
        original["datePublished"] = facts.date
    if facts.publication:
        original["publisher"] = {"@type": "Organization", "name": facts.publication}
    if facts.page_number:
        original["printPage"] = facts.page_number
    if facts.section:
        original["printSection"] = facts.section
    data: dict[str, object] = {"@context": "https://schema.org", **original,
                               "publisher": {"@type": "Organization", "name": publisher},
                               "isBasedOn": original}
    if facts.summary:
        data["description"] = facts.summary
    if url:
        data["url"] = url
    # '</' never closes the script element the JSON sits in.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def head_meta(facts: CitationFacts, publisher: str, url: str = "") -> list[list[str]]:
    """Highwire Press (citation_*) and Dublin Core (DC.*) name/content pairs."""
    meta = [["citation_title", facts.title]]
    meta += [["citation_author", name] for name in facts.authors]
    exact = facts.date if facts.date and not facts.date_inferred else None
    if exact:
        meta.append(["citation_publication_date", exact.replace("-", "/")])
    if facts.publication:
        meta.append(["citation_journal_title", facts.publication])
    if facts.page_number:
        meta.append(["citation_firstpage", facts.page_number])
    meta.append(["citation_language", facts.language])
    if url:
        meta.append(["citation_public_url", url])
    meta.append(["DC.title", facts.title])
    meta += [["DC.creator", name] for name in facts.authors]
    if exact:
        meta.append(["DC.date", exact])
    meta += [["DC.type", "Text"], ["DC.format", "text/html"], ["DC.language", facts.language],
             ["DC.publisher", publisher], ["DC.source", gbt_newspaper(facts)]]
    if url:
        meta.append(["DC.identifier", url])
    return meta


def entry_id(slug: str, script: str) -> str:
    """A stable URN for an article in one script (feeds need one without a site URL)."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"republish:{script}:{slug}"))
