"""The one page writer: every element a generated page shows, written one way everywhere.

Pages are Markdown for Python-Markdown with the extensions listed in mkdocs.yml: `attr_list`
(ids, classes and attributes on headings, paragraphs and links), `def_list` (metadata rows and
glossary entries), `tables`, and pymdown-extensions' blocks — `/// caption` (a figure and its
caption, with our stable id), `/// admonition` and `/// details` (notes, a closing advertisement),
`/// html` (an element that needs its own tag: a `<nav>`, an `<ol>` of notes, a search-excluded
list). Raw inline HTML is used only where Markdown has no word for a span (a highlighted
passage, a deletion, a speaker), and then written here.

Seed text is inert: `text()` writes every ASCII punctuation mark as a numeric character
reference, so nothing a seed contains can become Markdown or HTML, and every character still
reaches the page as itself. Links between pages are ordinary relative Markdown links to
`<page>.md#<id>`: MkDocs resolves them for the URL style in use and, with `--strict`, fails the
build on a missing page or anchor. All generated pages sit at the docs root, so one link text is
right on every page (and on the /zh-Hant/ twin, which keeps the same layout).

Editorial additions carry the class `rp-ed` (fidelity checks tell them from seed text).
"""

from __future__ import annotations

import html
import json
import re
import string
from collections.abc import Iterable, Mapping, Sequence

from .dates import Resolved, describe
from .model import Article, BlockRef

EDITORIAL = "rp-ed"
# Material's search plugin skips an element with this attribute: lists that repeat article
# text (occurrences, excerpts, parallel passages) would otherwise make every search answer with
# the index pages (the index of 1 000 articles was 95 MB). An exclusion ends at the first
# closing tag of the same name, so the marked element must not contain one of its own kind.
NOT_SEARCHED = "data-search-exclude"
LEAD_LABEL = "导语"              # the untitled opening section, on every page
INFERRED = "推断"                 # a date the editors inferred
UNKNOWN_DATE = "日期不详"

_ASCII_PUNCT = frozenset(string.punctuation)
# Python-Markdown's md.ESCAPED_CHARS with the extensions of mkdocs.yml (tables adds '|').
_BACKSLASHED = frozenset("\\`*_{}[]()>#+-.!|/")
_ENTITIES = {"<": "&lt;", "&": "&amp;"}
_ATTR_SPECIAL = frozenset('"&<>{}\\\t\n')
_LINE_EDGE = re.compile(r"^(?:[:=~]| +)|(?<=\S) +$", re.MULTILINE)
_BLOCK_INDENT = "    "
# What text() writes for each character that is not itself (the rest pass unchanged).
_INERT = {c: "\\" + c for c in _BACKSLASHED} | _ENTITIES | {"\t": "&#9;"}
_INERT_TABLE = str.maketrans(_INERT)
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_INERT)) + "]")


# -----------------------------------------------------------------------------
# Text
# -----------------------------------------------------------------------------

def text(value: str) -> str:
    """Text Markdown and HTML show literally. Every character Python-Markdown can escape with a
    backslash is escaped so (it reaches the HTML as itself); '<' and '&' become entities; the
    few marks that mean something only at the start of a line (':' of a definition, '=' of a
    heading underline, '~') and spaces a line starts or ends with become character references;
    a tab is always one."""
    # Every page writes much seed text, most of it without a line edge: str.translate does that
    # in C (a character at a time in Python was a third of a serve rebuild at 200 articles).
    if not _LINE_EDGE.search(value):
        return value.translate(_INERT_TABLE)
    return "".join(inert_chars(value))


def inert_chars(value: str) -> list[str]:
    """text(value) character by character, so a text can be cut at any offset (marks) and each
    piece stays inert where it lands."""
    out = [_INERT.get(c, c) for c in value] if _NEEDS_ESCAPE.search(value) else list(value)
    for match in _LINE_EDGE.finditer(value):
        for i in range(match.start(), match.end()):
            out[i] = f"&#{ord(value[i])};"
    return out


def inert_attr(value: str) -> str:
    """Text inside an attr_list value: the characters that would end or break the value (a
    quote, a brace, markup openers) as character references (backslashes are not read there)."""
    return "".join(f"&#{ord(c)};" if c in _ATTR_SPECIAL else c for c in value)


def _title(value: str) -> str:
    """Text inside a link title: quotes and brackets as character references."""
    return "".join(f"&#{ord(c)};" if c in _ATTR_SPECIAL or c in "()[]" else c for c in value)


def attr_value(value: str) -> str:
    """A value inside a quoted attribute of a raw HTML tag."""
    return html.escape(value, quote=True)


def attrs(id: str | None = None, classes: Iterable[str] = (), **attributes: str) -> str:
    """An attr_list: `{ #id .a .b key="value" }` ('' when empty). A keyword's '_' becomes '-'
    (aria_label → aria-label), a trailing '_' is dropped (class_ → class)."""
    parts = [f"#{id}"] if id else []
    parts += [f".{c}" for c in classes if c]
    parts += [f'{_attr_name(k)}="{inert_attr(v)}"' for k, v in attributes.items()]
    return "{ " + " ".join(parts) + " }" if parts else ""


def _attr_name(key: str) -> str:
    return key.rstrip("_").replace("_", "-")


# -----------------------------------------------------------------------------
# Inline elements
# -----------------------------------------------------------------------------

def link(target: str, inline: str, title: str | None = None, classes: Iterable[str] = (),
         id: str | None = None, **attributes: str) -> str:
    """A Markdown link: `target` is 'page.md#id', '#id' or a site file ('downloads/a.txt');
    `inline` is already-written inline Markdown (use text() for plain text)."""
    shown_title = f' "{_title(title)}"' if title else ""
    return f"[{inline}]({target}{shown_title})" + attrs(id, classes, **attributes)


def page_link(page: str, inline: str, fragment: str = "", **kwargs: object) -> str:
    """A link to another generated page (`page` is its doc path, e.g. 'glossary.md')."""
    return link(f"{page}#{fragment}" if fragment else page, inline, **kwargs)  # type: ignore[arg-type]


def block_link(ref: BlockRef, inline: str | None = None, **kwargs: object) -> str:
    """A link to a citable block of an article; its text defaults to the place label."""
    return link(ref.target, inline if inline is not None else text(place_label(ref)), **kwargs)  # type: ignore[arg-type]


def span(inline: str, classes: Iterable[str] = (), tag: str = "span", **attributes: str) -> str:
    """Raw inline HTML around inline Markdown: for what Markdown has no word for."""
    return open_tag(tag, classes, **attributes) + inline + f"</{tag}>"


def open_tag(tag: str, classes: Iterable[str] = (), **attributes: str) -> str:
    """The opening tag of an inline element (marks open and close around seed text)."""
    names = " ".join(c for c in classes if c)
    parts = [f' class="{names}"'] if names else []
    parts += [f' {_attr_name(k)}="{attr_value(v)}"' for k, v in attributes.items()]
    return f"<{tag}{''.join(parts)}>"


def strong(inline: str) -> str:
    """Strong emphasis of inline Markdown (text() has escaped every '*' inside)."""
    return f"**{inline}**"


def editorial(inline: str, classes: Iterable[str] = ()) -> str:
    """An editorial addition inside seed text's flow."""
    return span(inline, (EDITORIAL, *classes))


def code(value: str) -> str:
    """A code-like value (a file name, an id): never converted to traditional script."""
    return f'<code translate="no">{text(value)}</code>'


# -----------------------------------------------------------------------------
# Labels a reader sees on many pages
# -----------------------------------------------------------------------------

def section_label(heading: str | None) -> str:
    """A section by its heading; the untitled lead is 导语."""
    return " ".join(heading.split()) if heading else LEAD_LABEL


def block_number_label(block_id: str) -> str:
    """'第3段' for a paragraph id s2-p3, '图片说明1' for a caption id s2-f1."""
    match = re.search(r"-(p|f)(\d+)$", block_id)
    if not match:
        return block_id
    return f"第{match.group(2)}段" if match.group(1) == "p" else f"图片说明{match.group(2)}"


def place_label(ref: BlockRef) -> str:
    """《title》 · section · paragraph: where a block stands, for links and lists."""
    return f"《{ref.article_title}》 · {section_label(ref.section_heading)} · {block_number_label(ref.block_id)}"


def short_place_label(ref: BlockRef) -> str:
    """Section · paragraph, when the article is already named."""
    return f"{section_label(ref.section_heading)} · {block_number_label(ref.block_id)}"


def article_link(article: Article) -> str:
    """《title》 linking to the article's page."""
    return link(f"{article.slug}.md", text(f"《{article.title or article.slug}》"))


def date_text(date: str | None, inferred: bool = False) -> str:
    """'2023-06-29', '2021（推断）' or 日期不详: a date and whether the editors inferred it."""
    if not date:
        return UNKNOWN_DATE
    return f"{date}（{INFERRED}）" if inferred else date


def article_date(article: Article) -> str:
    """The article's date as every page labels it."""
    return date_text(article.date, article.date_inferred)


def resolved_date(resolved: Resolved | None) -> str:
    """A date read from the text (republish.dates), as inline Markdown: the date with 推断 when
    the editors' rules inferred it, or a status label saying why there is none (未注明 when the
    sentence names no date)."""
    if resolved is None:
        return status("未注明", "rp-unresolved")
    if resolved.unresolved or resolved.year is None:
        return status(describe(resolved), "rp-unresolved")
    return text(date_text(describe(resolved), resolved.inferred))


def status(label: str, kind: str) -> str:
    """A small status label (未注明, 未能确定, 共同专题) a stylesheet can set apart."""
    return span(text(label), ("rp-tag", kind))


def highlighted(value: str, spans: Iterable[tuple[int, int]], tag: str = "mark") -> str:
    """Seed text as inert inline Markdown with the given [start, end) spans in `tag` (a keyword
    in an excerpt, the figure in its clause); overlapping spans are merged."""
    out, position = [], 0
    for start, end in _merged(spans, len(value)):
        out += [text(value[position:start]), span(text(value[start:end]), tag=tag)]
        position = end
    return "".join(out) + text(value[position:])


def _merged(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# -----------------------------------------------------------------------------
# Blocks
# -----------------------------------------------------------------------------

def heading(level: int, title: str, id: str, classes: Iterable[str] = ()) -> str:
    """A Markdown heading (it reaches the table of contents) with a fixed id."""
    return f"{'#' * level} {text(' '.join(title.split()))} {attrs(id, classes)}\n\n"


def paragraph(inline: str, id: str | None = None, classes: Iterable[str] = (), **attributes: str) -> str:
    """A Markdown paragraph of inline Markdown, its attributes on the line after it."""
    after = attrs(id, classes, **attributes)
    return f"{inline}\n{after}\n\n" if after else f"{inline}\n\n"


def definitions(rows: Sequence[tuple[str, str, bool]]) -> str:
    """A definition list: (term as text, value as inline Markdown, editorial value?) per row.
    Terms are the editors' labels (rp-ed); a value the editors state carries rp-ed too, a value
    as printed does not."""
    mark = attrs(classes=(EDITORIAL,))
    out = [f"{text(term)} {mark}\n:   {value}" + (f"\n    {mark}" if is_editorial else "") + "\n"
           for term, value, is_editorial in rows]
    return "\n".join(out) + "\n"


def bullets(items: Sequence[str], ordered: bool = False) -> str:
    """A Markdown list of inline Markdown items."""
    marker = "1." if ordered else "-"
    return "".join(f"{marker} {item}\n" for item in items) + "\n"


def marked_items(items: Sequence[str], classes: Iterable[str] = (), **attributes: str) -> str:
    """A tight Markdown list whose every item carries the same attributes (an attr_list on the
    item's last line). No block container: pymdownx.blocks re-walks the whole page for every
    chunk inside a block, so a page of hundreds of blocks costs the square of its length."""
    after = attrs(None, classes, **attributes)
    return "".join(f"- {item.replace(chr(10), chr(10) + '  ')}\n  {after}\n" for item in items) + "\n"


def unsearched_items(items: Sequence[str], classes: Iterable[str] = ()) -> str:
    """marked_items the site search skips (NOT_SEARCHED on every item): lists that repeat article
    text, without a block around them."""
    return marked_items(items, classes, **{NOT_SEARCHED.replace("-", "_"): ""})


def outline(items: Sequence[tuple[str, Sequence[str]]]) -> str:
    """A two-level Markdown list: each item (inline Markdown) with its sub-items."""
    out = []
    for item, children in items:
        out.append(f"- {item}\n")
        out += [f"{_BLOCK_INDENT}- {child}\n" for child in children]
    return "".join(out) + "\n"


def quotation(inline: str) -> str:
    """A Markdown block quotation of one paragraph of inline Markdown."""
    return f"> {inline}\n\n"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table: headers as text, cells as inline Markdown (no line breaks)."""
    line = "| " + " | ".join(text(h) for h in headers) + " |\n"
    rule = "|" + "|".join("---" for _ in headers) + "|\n"
    return line + rule + "".join("| " + " | ".join(cells) + " |\n" for cells in rows) + "\n"


def element(selector: str, body: str, markdown: str | None = None, depth: int = 3,
            data: Mapping[str, str] | None = None, **attributes: str) -> str:
    """`/// html | tag.class#id`: an element that needs its own tag; body is Markdown.
    depth is the number of slashes (one more than any block nested inside); `data` holds
    attributes whose names are not Python names (data-search-exclude, data-rp-copy …)."""
    named = {_attr_name(k): v for k, v in attributes.items()} | dict(data or {})
    options: dict[str, object] = {"attrs": named} if named else {}
    if markdown:
        options["markdown"] = markdown
    return _block(depth, f"html | {selector}", options, body)


def unsearched(body: str, classes: Iterable[str] = (), depth: int = 3, **attributes: str) -> str:
    """A div the site search skips (NOT_SEARCHED), around Markdown that repeats article text.
    The body must hold no div of its own: the exclusion ends at the first </div>."""
    selector = "div" + "".join(f".{c}" for c in classes if c)
    return element(selector, body, depth=depth, data={NOT_SEARCHED: ""}, **attributes)


def admonition(title: str, body: str, kind: str = "note", depth: int = 3, **attributes: str) -> str:
    """An admonition box with a title (text, the editors') and a Markdown body."""
    options: dict[str, object] = {"type": kind}
    if attributes:
        options["attrs"] = {_attr_name(k): v for k, v in attributes.items()}
    return _block(depth, f"admonition | {editorial(text(title))}", options, body)


def details(summary: str, body: str, kind: str = "", opened: bool = False, depth: int = 3,
            **attributes: str) -> str:
    """A collapsible box: a summary (text, the editors') and a Markdown body."""
    options: dict[str, object] = {"type": kind} if kind else {}
    if opened:
        options["open"] = True
    if attributes:
        options["attrs"] = {_attr_name(k): v for k, v in attributes.items()}
    return _block(depth, f"details | {editorial(text(summary))}", options, body)


def figure(content: str, caption: str, classes: Iterable[str] = (), **attributes: str) -> str:
    """A figure: content (a Markdown block) and its caption (Markdown blocks, e.g. a paragraph
    carrying the block's id, so the id names exactly the caption's text)."""
    named = {_attr_name(k): v for k, v in attributes.items()}
    if classes:
        named["class"] = " ".join(classes)
    return content + _block(3, "caption", {"attrs": named} if named else {}, caption)


def _block(depth: int, header: str, options: dict[str, object], body: str) -> str:
    """A pymdown-extensions block: fence, header, YAML options (indented), body, fence."""
    fence = "/" * depth
    lines = [f"{fence} {header}"]
    if options:
        # JSON is YAML; ensure_ascii keeps the options free of characters Markdown could read.
        lines += [f"{_BLOCK_INDENT}{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in options.items()]
    return "\n".join(lines) + "\n\n" + body.strip("\n") + f"\n\n{fence}\n\n"


# Front matter (front_matter's `extra`) that keeps a whole page out of the site search: Material's
# own `search.exclude`, read by its index, from which the chunked one is made. For a page all of
# whose text repeats the articles' text: no block container is needed around each of its parts
# (see marked_items).
UNSEARCHED_PAGE: dict[str, object] = {"search": {"exclude": True}}


def front_matter(title: str, description: str, extra: dict[str, object] | None = None) -> str:
    """YAML front matter; JSON values are valid YAML and need no further quoting."""
    more = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in (extra or {}).items())
    return (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
            f"description: {json.dumps(description, ensure_ascii=False)}\n{more}---\n\n")
