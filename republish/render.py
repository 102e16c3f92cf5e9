"""Render the article model (plus feature contributions) as a Markdown page.

Headings are Markdown (so they reach the table of contents) with every ASCII
punctuation mark written as a character reference; everything else is raw HTML
whose text is escaped. Either way no character of a seed can become markup.
Editorial additions carry the class "rp-ed"; seed text never does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .citation import ACCESSED, URL
from .features.base import Feature
from .inline import Mark, escape_text, render_inline
from .markup import NOT_SEARCHED, heading
from .model import Article, Block, MetaLine

FURNITURE_LABELS = {"page": "版面", "publication": "报纸", "column": "栏目", "date": "日期",
                    "weekday": "星期", "editor": "编辑", "printed_title": "原刊标题",
                    "printed_kicker": "原刊引题", "printed_subtitle": "原刊副题", "printed_rubric": "原刊栏目",
                    "account": "公众号", "doc_number": "文号", "addressee": "主送", "origin": "来源",
                    "end_mark": "文末", "byline": "署名", "photo": "摄影", "source": "来源", "issuer": "落款",
                    "signoff_date": "成文日期"}
DESCRIPTION_CHARS = 120


def front_matter(title: str, description: str, head: dict[str, object] | None = None) -> str:
    """YAML front matter; JSON values are valid YAML and need no further quoting. `head` is what
    the theme override (overrides/main.html) puts into the page's <head> (page.meta.rp_head)."""
    extra = f"rp_head: {json.dumps(head, ensure_ascii=False)}\n" if head else ""
    return (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
            f"description: {json.dumps(description, ensure_ascii=False)}\n{extra}---\n\n")


def describe(article: Article) -> str:
    """A short plain description: the first paragraph's opening characters."""
    for _, block in article.blocks():
        if block.kind == "paragraph":
            text = block.text
            return text if len(text) <= DESCRIPTION_CHARS else text[:DESCRIPTION_CHARS] + "…"
    return article.title


def render_article(article: Article, features: Sequence[Feature], head: dict[str, object] | None = None,
                   bottom: str = "") -> str:
    """The whole Markdown page of one article; `head` and `bottom` carry the citation data and box."""
    parts = [front_matter(article.title, describe(article), head), _top(article), _meta_box(article)]
    parts += [f"{extra}\n\n" for f in features if (extra := f.article_top(article))]
    for section in article.sections:
        if section.heading is not None:
            parts.append(heading(section.level, section.heading, section.id))
        parts += [_block(article, block, features) for block in section.blocks]
    if article.end_matter:
        parts.append(_end_matter(article))
    if article.closing:
        parts.append(_closing(article.closing))
    parts += [f"{extra}\n\n" for f in features if (extra := f.article_bottom(article))]
    if bottom:
        parts.append(f"{bottom}\n\n")
    return "".join(parts)


# -----------------------------------------------------------------------------
# Citation and downloads box
# -----------------------------------------------------------------------------

CITE_UI = {"data-rp-copied": "已复制", "data-rp-copy-failed": "复制失败,请手动选取", "data-rp-pop": "引用本段",
           "data-rp-close": "关闭", "data-rp-copy": "复制"}


def _placeheld(line: str) -> str:
    """A citation line as HTML: the access date and URL are spans the reader's browser fills."""
    html = escape_text(line)
    html = html.replace(ACCESSED, '<span class="rp-cite-accessed">引用日期</span>')
    return html.replace(URL, '<span class="rp-cite-url" translate="no">本页网址</span>')


def cite_box(lines: Sequence[tuple[str, str, str]], downloads: Sequence[tuple[str, str, str]],
             licence: str) -> str:
    """"引用与下载": citation lines (key, label, text) each with a copy button, the downloads
    (site path, label, MIME type) and the editors' usage statement. Editorial throughout."""
    attrs = " ".join(f'{k}="{escape_text(v)}"' for k, v in CITE_UI.items())
    entries = "".join(
        f'<p class="rp-cite-entry" data-rp-cite="{key}"><span class="rp-cite-label">{escape_text(label)}</span> '
        f'<span class="rp-cite-text">{_placeheld(text)}</span> '
        f'<button type="button" class="rp-copy" aria-label="复制{escape_text(label)}">复制</button></p>'
        for key, label, text in lines)
    files = " · ".join(f'<a href="@@/{path}" type="{mime}" download>{escape_text(label)}</a>'
                       for path, label, mime in downloads)
    usage = f'<p class="rp-licence">{escape_text(licence)}</p>' if licence else ""
    # Kept out of the search index: it repeats the title and names on every article.
    return (f'<section class="rp-ed rp-cite" id="cite" aria-label="引用与下载" {NOT_SEARCHED} {attrs}>'
            '<p class="rp-cite-title">引用本文</p>'
            f'<div class="rp-cite-list">{entries}</div>'
            '<p class="rp-cite-hint">引用日期与网址由您的浏览器填入;每段末的 ¶ 给出引用该段的同样格式。'
            '原刊信息缺失处按 GB/T 7714 的写法注明“佚名”“[报纸名不详]”,推断的日期加方括号。</p>'
            '<p class="rp-copy-status" role="status"></p>'
            f'<p class="rp-cite-title">下载</p><p class="rp-downloads">{files}</p>{usage}</section>')


def _top(article: Article) -> str:
    """Rubric, kicker, title and subtitle in the order a newspaper prints them."""
    def cls(key: str) -> str:
        return f"rp-{key}" + (" rp-ed" if key in article.editorial_top else "")

    out = [f'<p class="rp-pretitle"><span class="rp-ed">{escape_text(FURNITURE_LABELS.get(m.role, m.role))}'
           f' </span>{escape_text(m.text)}</p>\n\n' for m in _above_title(article)]
    for key in ("rubric", "kicker"):
        if value := getattr(article, key):
            out.append(f'<p class="{cls(key)}">{escape_text(value)}</p>\n\n')
    out.append(heading(1, article.title, "title", "rp-ed" if "title" in article.editorial_top else ""))
    if article.subtitle:
        out.append(f'<p class="{cls("subtitle")}">{escape_text(article.subtitle)}</p>\n\n')
    return "".join(out)


def _above_title(article: Article) -> list[MetaLine]:
    """Furniture printed above the title (a document number): shown there, not in the box."""
    title_line = article.top_lines.get("title", 0)
    return [m for m in article.furniture if m.line < title_line]


def _row(label: str, value_html: str, editorial: bool = False) -> str:
    cls = ' class="rp-ed"' if editorial else ""
    return f'<div{cls}><dt class="rp-ed">{escape_text(label)}</dt><dd>{value_html}</dd></div>'


def _meta_box(article: Article) -> str:
    """Credits and page furniture as printed, then what the sidecar adds."""
    lined = [(article.top_lines.get("byline", 0), _row("署名", escape_text(article.byline)))] \
        if article.byline else []
    above = _above_title(article)
    lined += [(m.line, _row(FURNITURE_LABELS.get(m.role, m.role), escape_text(m.text)))
              for m in article.furniture if m not in above]
    rows = [row for _, row in sorted(lined, key=lambda item: item[0])]  # in source order
    printed = {m.role for m in article.furniture}
    if article.publication and "publication" not in printed:
        rows.append(_row("出处", escape_text(article.publication), editorial=True))
    if article.date and "date" not in printed:
        date = article.date + ("(推断)" if article.date_inferred else "")
        rows.append(_row("日期", escape_text(date), editorial=True))
    if article.date_note:
        rows.append(_row("日期依据", escape_text(article.date_note), editorial=True))
    if article.photo_credit and not article.byline:
        rows.append(_row("供图", escape_text(article.photo_credit), editorial=True))
    rows += _read_rows(article, printed)
    rows.append(_row("底本", f"<code>{escape_text(article.source.name)}</code>", editorial=True))
    return ('<dl class="rp-meta">' + "".join(rows) + "</dl>\n\n")


def _read_rows(article: Article, printed: set[str]) -> list[str]:
    """What the reader took from the text outside the top matter (dateline, end credits, sign-off),
    as editorial rows: the printed text stays where it stands."""
    rows = []
    if article.dateline:
        rows.append(_row("电头", escape_text(article.dateline.describe(article.year)), editorial=True))
    if article.credits and not article.byline:
        names = "；".join(f"{role} {'、'.join(names)}" for role, names in article.credits.items())
        rows.append(_row("作者", escape_text(names), editorial=True))
    if article.column and "column" not in printed:
        rows.append(_row("栏目", escape_text(article.column), editorial=True))
    if article.issuer:
        rows.append(_row("发文机关", escape_text(article.issuer), editorial=True))
    return rows


def _end_matter(article: Article) -> str:
    """Credits, sign-off and end mark printed after the text: metadata, shown where printed."""
    rows = "".join(_row(FURNITURE_LABELS.get(m.role, m.role) if m.role != "credit" else "署名", escape_text(m.text))
                   for m in article.end_matter)
    return f'<dl class="rp-meta rp-end">{rows}</dl>\n\n'


def _marks(article: Article, block: Block, features: Sequence[Feature]) -> list[Mark]:
    marks: list[Mark] = []
    for order, feature in enumerate(features):
        marks += [Mark(m.start, m.end, m.open_tag, m.close_tag, m.atomic, m.after, order)
                  for m in feature.marks(article, block)]
    return marks


def _pilcrow(block_id: str) -> str:
    return f'<a class="rp-ed rp-pilcrow" href="#{block_id}" aria-label="本段链接与引用" aria-haspopup="dialog">¶</a>'


def _block(article: Article, block: Block, features: Sequence[Feature]) -> str:
    """One body block as a raw HTML element with its stable id."""
    if block.kind == "ornament":
        return f'<p class="rp-ornament" aria-hidden="true">{escape_text(block.text)}</p>\n\n'
    marks = _marks(article, block, features)
    if block.speaker:   # the speaker of a dialogue turn is set apart
        marks.append(Mark(0, len(block.speaker), '<span class="rp-speaker">', "</span>", order=-1))
    inner = render_inline(block.text, marks)
    inner += "".join(f.after_block(article, block) for f in features) + _pilcrow(block.id)
    lines = ",".join(map(str, block.joined_lines))
    if block.kind == "caption":
        return (f'<figure class="rp-figure" id="{block.id}" data-lines="{lines}">'
                '<div class="rp-ed rp-photo" aria-hidden="true">原刊配图 · 本站未收录</div>'
                f"<figcaption>{inner}</figcaption></figure>\n\n")
    turn = " rp-turn" if block.speaker else ""
    return f'<p class="rp-p{turn}" id="{block.id}" data-lines="{lines}">{inner}</p>\n\n'


def _closing(blocks: list[Block]) -> str:
    """The closing public-service advertisement, kept as printed, apart from the article."""
    body = "".join(f"<p>{'<br>'.join(escape_text(line) for line in b.text.split(chr(10)))}</p>"
                   for b in blocks)
    return f'<aside class="rp-ad" id="ad" aria-label="版面广告">{body}</aside>\n\n'


def render_home(articles: Sequence[Article], title: str, intro: str) -> str:
    """The home page: every article with date, source and first lines."""
    items = []
    for a in articles:
        date = (a.date or "日期不详") + ("(推断)" if a.date and a.date_inferred else "")
        source = a.publication or "出处不详"
        items.append(
            f'<li class="rp-card"><a class="rp-card-title" href="@/{a.slug}.md">{escape_text(a.title)}</a>'
            f'<p class="rp-card-meta">{escape_text(date)} · {escape_text(source)}</p>'
            f'<p class="rp-card-lead">{escape_text(describe(a))}</p></li>')
    return (front_matter("首页", intro) + heading(1, title, "title")
            + f'<p class="rp-intro">{escape_text(intro)}</p>\n\n'
            + f'<ul class="rp-cards">{"".join(items)}</ul>\n\n')
