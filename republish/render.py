"""Render the article model (plus feature contributions) as a Markdown page.

Every element comes from the page writer (republish.writer): headings, paragraphs with their
ids, the metadata as a definition list, figures as `/// caption` blocks, the closing
advertisement as an admonition. Seed text is written inert, so no character of a seed can become
markup. Editorial additions carry the class "rp-ed"; seed text never does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import incremental
from . import writer as w
from .citation import ACCESSED, URL
from .features.base import Feature, FeatureBase
from .inline import Mark, render_inline
from .model import Article, Block, MetaLine

FURNITURE_LABELS = {"page": "版面", "publication": "报纸", "column": "栏目", "date": "日期",
                    "weekday": "星期", "editor": "编辑", "printed_title": "原刊标题",
                    "printed_kicker": "原刊引题", "printed_subtitle": "原刊副题", "printed_rubric": "原刊栏目",
                    "account": "公众号", "doc_number": "文号", "addressee": "主送", "origin": "来源",
                    "end_mark": "文末", "byline": "署名", "photo": "摄影", "source": "来源", "issuer": "落款",
                    "signoff_date": "成文日期"}
DESCRIPTION_CHARS = 120


def front_matter(title: str, description: str, head: dict[str, object] | None = None) -> str:
    """YAML front matter. `head` is what the theme override (overrides/main.html) puts into the
    page's <head> (page.meta.rp_head)."""
    return w.front_matter(title, description, {"rp_head": head} if head else None)


def describe(article: Article) -> str:
    """A short plain description: the first paragraph's opening characters."""
    for _, block in article.blocks():
        if block.kind == "paragraph":
            text = block.text
            return text if len(text) <= DESCRIPTION_CHARS else text[:DESCRIPTION_CHARS] + "…"
    return article.title


@dataclass(frozen=True)
class Contributions:
    """Everything the features add to one article's page: the page is a function of the article,
    these and the citation parts, so a serve rebuild can reuse it while all of them are unchanged."""

    tops: tuple[str, ...]
    # Per body block in reading order: the features' marks and the HTML after its text.
    blocks: tuple[tuple[tuple[Mark, ...], str], ...]
    bottoms: tuple[str, ...]


def contributions(article: Article, features: Sequence[Feature]) -> Contributions:
    """Ask every feature for its part of the article, in the order the page is written."""
    parts = [_kept_part(article, order, feature) for order, feature in enumerate(features) if _adds_any(feature)]
    blocks = tuple(((), "") if block.kind == "ornament" else
                   (tuple(mark for part in parts for mark in part.blocks[number][0]),
                    "".join(part.blocks[number][1] for part in parts))
                   for number, (_, block) in enumerate(article.blocks()))
    return Contributions(tuple(part.top for part in parts if part.top), blocks,
                         tuple(part.bottom for part in parts if part.bottom))


def contribution_keys(article: Article, features: Sequence[Feature]) -> tuple[str, ...] | None:
    """What all the features add to an article depends on besides it (serve): per feature that
    adds anything, its name, its place in the order and its contribution_key; None when one of
    them has no such key."""
    keys: list[str] = []
    for order, feature in enumerate(features):
        if _adds_any(feature):
            key = feature.contribution_key(article)
            if key is None:
                return None
            keys += (type(feature).__name__, str(order), key)
    return tuple(keys)


@dataclass(frozen=True)
class _Part:
    """What one feature adds to one article (its marks carry the feature's place in the order)."""

    top: str
    blocks: tuple[tuple[tuple[Mark, ...], str], ...]
    bottom: str


def _kept_part(article: Article, order: int, feature: Feature) -> _Part:
    """_part; in serve, kept while the article and what the feature says its additions depend on
    (contribution_key) are unchanged. A feature without that key is asked every build."""
    key = feature.contribution_key(article)
    if key is None:
        return _part(article, order, feature)
    return incremental.store().derived("contribution", (article,), (type(feature).__name__, str(order), key),
                                       lambda: _part(article, order, feature))


def _part(article: Article, order: int, feature: Feature) -> _Part:
    marking, after = _adds(feature, "marks"), _adds(feature, "after_block")
    blocks = tuple(((), "") if block.kind == "ornament" else
                   (tuple(_marks(article, block, [(order, feature)]) if marking else ()),
                    feature.after_block(article, block) if after else "")
                   for _, block in article.blocks())
    return _Part(feature.article_top(article) if _adds(feature, "article_top") else "", blocks,
                 feature.article_bottom(article) if _adds(feature, "article_bottom") else "")


ADDING = ("marks", "after_block", "article_top", "article_bottom")


def _adds(feature: Feature, method: str) -> bool:
    """Whether a feature's method can add anything: FeatureBase's add nothing, and asking each
    feature about each block costs more than the features that answer (10^5 calls at 200 articles)."""
    return getattr(type(feature), method, None) is not getattr(FeatureBase, method)


def _adds_any(feature: Feature) -> bool:
    return any(_adds(feature, method) for method in ADDING)


def render_article(article: Article, features: Sequence[Feature], head: dict[str, object] | None = None,
                   bottom: str = "") -> str:
    """The whole Markdown page of one article; `head` and `bottom` carry the citation data and box."""
    return compose_article(article, contributions(article, features), head, bottom)


def compose_article(article: Article, added: Contributions, head: dict[str, object] | None = None,
                    bottom: str = "") -> str:
    """The page of one article from what the features add to it (contributions)."""
    parts = [front_matter(article.title, describe(article), head), _top(article), _meta_box(article)]
    parts += [f"{extra}\n\n" for extra in added.tops]
    ordered = iter(added.blocks)
    for section in article.sections:
        if section.heading is not None:
            parts.append(w.heading(section.level, section.heading, section.id))
        parts += [_block(block, *next(ordered)) for block in section.blocks]
    if article.end_matter:
        parts.append(_end_matter(article))
    if article.closing:
        parts.append(_closing(article.closing))
    parts += [f"{extra}\n\n" for extra in added.bottoms]
    if bottom:
        parts.append(f"{bottom}\n\n")
    return "".join(parts)


# -----------------------------------------------------------------------------
# Citation and downloads box
# -----------------------------------------------------------------------------

CITE_UI = {"data-rp-copied": "已复制", "data-rp-copy-failed": "复制失败,请手动选取", "data-rp-pop": "引用本段",
           "data-rp-close": "关闭", "data-rp-copy": "复制"}


def _placeheld(line: str) -> str:
    """A citation line: the access date and URL are spans the reader's browser fills."""
    written = w.text(line)
    written = written.replace(w.text(ACCESSED), w.span("引用日期", ("rp-cite-accessed",)))
    return written.replace(w.text(URL), w.span("本页网址", ("rp-cite-url",), translate="no"))


def cite_box(lines: Sequence[tuple[str, str, str]], downloads: Sequence[tuple[str, str, str]],
             licence: str) -> str:
    """"引用与下载": citation lines (key, label, text) each with a copy button, the downloads
    (site path, label, MIME type) and the editors' usage statement. Editorial throughout; kept
    out of the search index (it repeats the title and names on every article)."""
    entries = "".join(
        w.paragraph(w.span(w.text(label), ("rp-cite-label",)) + " " + w.span(_placeheld(text), ("rp-cite-text",))
                    + " " + w.open_tag("button", ("rp-copy",), type="button", aria_label=f"复制{label}") + "复制</button>",
                    classes=("rp-cite-entry",), data_rp_cite=key)
        for key, label, text in lines)
    files = " · ".join(w.link(path, w.text(label), type=mime, download="") for path, label, mime in downloads)
    body = (w.paragraph(w.text("引用本文"), classes=("rp-cite-title",))
            + w.element("div.rp-cite-list", entries)
            + w.paragraph(w.text("引用日期与网址由您的浏览器填入;每段末的 ¶ 给出引用该段的同样格式。"
                                 "原刊信息缺失处按 GB/T 7714 的写法注明“佚名”“[报纸名不详]”,推断的日期加方括号。"),
                          classes=("rp-cite-hint",))
            + w.element("p.rp-copy-status", "", markdown="inline", role="status")
            + w.paragraph(w.text("下载"), classes=("rp-cite-title",))
            + w.paragraph(files, classes=("rp-downloads",))
            + (w.paragraph(w.text(licence), classes=("rp-licence",)) if licence else ""))
    return w.element("section.rp-ed.rp-cite#cite", body, depth=4, aria_label="引用与下载",
                     data={w.NOT_SEARCHED: "", **CITE_UI})


def _top(article: Article) -> str:
    """Rubric, kicker, title and subtitle in the order a newspaper prints them."""
    def classes(key: str) -> tuple[str, ...]:
        return (f"rp-{key}", w.EDITORIAL) if key in article.editorial_top else (f"rp-{key}",)

    out = [w.paragraph(w.editorial(w.text(FURNITURE_LABELS.get(m.role, m.role) + " ")) + w.text(m.text),
                       classes=("rp-pretitle",)) for m in _above_title(article)]
    for key in ("rubric", "kicker"):
        if value := getattr(article, key):
            out.append(w.paragraph(w.text(value), classes=classes(key)))
    out.append(w.heading(1, article.title, "title", (w.EDITORIAL,) if "title" in article.editorial_top else ()))
    if article.subtitle:
        out.append(w.paragraph(w.text(article.subtitle), classes=classes("subtitle")))
    return "".join(out)


def _above_title(article: Article) -> list[MetaLine]:
    """Furniture printed above the title (a document number): shown there, not in the box."""
    title_line = article.top_lines.get("title", 0)
    return [m for m in article.furniture if m.line < title_line]


# -----------------------------------------------------------------------------
# The metadata box: one row per fact, then the printed lines as printed
# -----------------------------------------------------------------------------

Fact = tuple[str, str]   # label, value (plain text)


def facts(article: Article) -> list[Fact]:
    """What the editors state about the article, one fact a row, in the order a citation
    names them: where and when it was printed, who made the page, who wrote it, then what the
    reader took from the text and what the sidecar adds."""
    printed = {m.role for m in article.furniture}
    rows: list[Fact] = []
    if article.publication:
        rows.append(("报纸" if "publication" in printed else "出处", article.publication))
    rows += [(FURNITURE_LABELS["account"], m.text) for m in article.furniture if m.role == "account"]
    rows.append(("日期", _date_fact(article)))
    if article.date_note:
        rows.append(("日期依据", article.date_note))
    if article.page:
        rows.append(("版面", article.page))
    if article.column:
        rows.append(("栏目", article.column))
    rows += list(article.editors.items())
    if article.byline:
        rows.append(("署名", article.byline))
    elif article.credits:
        rows.append(("作者", "；".join(f"{role} {'、'.join(names)}" for role, names in article.credits.items())))
    if article.photo_credit and not article.byline:
        rows.append(("供图", article.photo_credit))
    if article.dateline:
        rows.append(("电头", article.dateline.describe(article.year)))
    if article.origin:
        rows.append(("来源", article.origin))
    if article.issuer:
        rows.append(("发文机关", article.issuer))
    stated = {"page", "publication", "column", "date", "weekday", "editor", "account", "origin", "byline"}
    rows += [(FURNITURE_LABELS.get(m.role, m.role), m.text) for m in _box_lines(article) if m.role not in stated]
    return rows


def _date_fact(article: Article) -> str:
    """The printed date with its weekday ('2023年6月29日 星期四'); else the editors' date (推断)."""
    printed = [m.text for m in article.furniture if m.role in ("date", "weekday")]
    return " ".join(printed) if any(m.role == "date" for m in article.furniture) else w.article_date(article)


def _box_lines(article: Article) -> list[MetaLine]:
    """The printed top lines the box stands for (byline and furniture below the title), in source order."""
    above = _above_title(article)
    lines = [m for m in article.furniture if m not in above]
    if article.byline:
        lines.append(MetaLine("byline", article.byline, article.top_lines.get("byline", 0)))
    return sorted(lines, key=lambda m: m.line)


def _meta_box(article: Article) -> str:
    """The facts as a definition list (the editors' statement), the printed lines they come
    from in a disclosure, exactly as printed and in source order, and the source file."""
    rows = [(label, w.text(value), True) for label, value in facts(article)]
    rows.append(("底本", w.code(article.source.name), True))
    body = w.definitions(rows)
    printed = _box_lines(article)
    if printed:
        lines = "".join(w.paragraph(w.text(m.text), classes=("rp-printed",)) for m in printed)
        body += w.details("原刊版头（照录）", lines, depth=3, class_="rp-printed-lines")
    return w.element("div.rp-meta", body, depth=4)


def _end_matter(article: Article) -> str:
    """Credits, sign-off and end mark printed after the text: metadata, shown where printed."""
    rows = [(FURNITURE_LABELS.get(m.role, m.role) if m.role != "credit" else "署名", w.text(m.text), False)
            for m in article.end_matter]
    return w.element("div.rp-meta.rp-end", w.definitions(rows))


# -----------------------------------------------------------------------------
# Body blocks
# -----------------------------------------------------------------------------

def _marks(article: Article, block: Block, features: Sequence[tuple[int, Feature]]) -> list[Mark]:
    """The marks of the features (each with its place in the feature order) on one block."""
    marks: list[Mark] = []
    for order, feature in features:
        marks += [Mark(m.start, m.end, m.open_tag, m.close_tag, m.atomic, m.after, order)
                  for m in feature.marks(article, block)]
    return marks


def _pilcrow(block_id: str) -> str:
    return w.link(f"#{block_id}", "¶", classes=(w.EDITORIAL, "rp-pilcrow"),
                  aria_label="本段链接与引用", aria_haspopup="dialog")


def _block(block: Block, marks: Sequence[Mark], after: str) -> str:
    """One body block with its stable id: a paragraph, or a figure and its caption; `marks` and
    `after` are what the features add to its text."""
    if block.kind == "ornament":
        return w.paragraph(w.text(block.text), classes=("rp-ornament",), aria_hidden="true")
    marks = list(marks)
    if block.speaker:   # the speaker of a dialogue turn is set apart
        marks.append(Mark(0, len(block.speaker), w.open_tag("span", ("rp-speaker",)), "</span>", order=-1))
    inner = render_inline(block.text, marks)
    inner += after + _pilcrow(block.id)
    lines = ",".join(map(str, block.joined_lines))
    if block.kind == "caption":
        photo = w.paragraph(w.text("原刊配图 · 本站未收录"), classes=(w.EDITORIAL, "rp-photo"), aria_hidden="true")
        # The id sits on the caption's paragraph: a reader's link, the ¶ and an annotation's
        # position all name the caption's text, without the placeholder beside it.
        return w.figure(photo, w.paragraph(inner, block.id, ("rp-caption",), data_lines=lines), ("rp-figure",))
    return w.paragraph(inner, block.id, ("rp-p", "rp-turn") if block.speaker else ("rp-p",), data_lines=lines)


def _closing(blocks: list[Block]) -> str:
    """The closing public-service advertisement, kept as printed, apart from the article."""
    body = "".join(w.paragraph("  \n".join(w.text(line) for line in b.text.split("\n"))) for b in blocks)
    return w.admonition("版面广告", body, kind="quote", id="ad", class_="rp-ad")


# -----------------------------------------------------------------------------
# The home page
# -----------------------------------------------------------------------------

def holdings(articles: Sequence[Article]) -> str:
    """What the site holds, counted from the articles: how many, from when, from where."""
    dated = sorted(a.date[:4] for a in articles if a.date)
    span = ""
    if dated:
        span = f"，{dated[0]}年" + (f"至{dated[-1]}年" if dated[-1] != dated[0] else "")
    sources: dict[str, int] = {}
    for article in articles:
        name = f"《{article.publication}》" if article.publication and _is_printed_source(article) else "出处未注明"
        sources[name] = sources.get(name, 0) + 1
    by_source = "、".join(f"{name} {count} 篇" for name, count in sources.items())
    return f"本站收录文章 {len(articles)} 篇{span}：{by_source}。"


def _is_printed_source(article: Article) -> bool:
    return any(m.role in ("publication", "account") for m in article.furniture)


def render_home(articles: Sequence[Article], title: str, intro: str) -> str:
    """The home page: what the site holds, then every article with date, source and first lines."""
    # One list item a card, in one block: a block per card would make the page's cost grow as the
    # square of the number of articles (see writer.marked_items).
    cards = w.marked_items([w.page_link(f"{a.slug}.md", w.text(a.title), classes=("rp-card-title",))
                            + " " + w.span(w.text(f"{w.article_date(a)} · {a.publication or '出处不详'}"),
                                           ("rp-card-meta",))
                            + " " + w.span(w.text(describe(a)), ("rp-card-lead",))
                            for a in articles], ("rp-card",))
    summary = holdings(articles)
    description = " ".join(part for part in (summary, intro) if part)
    return (front_matter("首页", description) + w.heading(1, title, "title")
            + w.paragraph(w.text(summary), classes=("rp-intro", w.EDITORIAL))
            + (w.paragraph(w.text(intro), classes=("rp-intro",)) if intro else "")
            + w.element("div.rp-cards", cards))
