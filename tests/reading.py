"""A plain, comparable summary of how an article was read (for snapshot and corpus tests)."""

from __future__ import annotations

from typing import Any

from republish.model import Article


def seed_reading(article: Article) -> dict[str, Any]:
    """Every field and block id/kind/line of a reading, in a YAML-friendly shape."""
    return {
        "top": {key: getattr(article, key) for key in
                ("rubric", "kicker", "title", "subtitle", "byline", "authors", "photo_credit",
                 "publication", "date", "page", "column", "editors")},
        "top_lines": dict(sorted(article.top_lines.items())),
        "furniture": [[m.role, m.text, m.line] for m in article.furniture],
        "sections": [[s.id, s.heading, s.line] for s in article.sections],
        "blocks": [[b.id, b.kind, b.line, list(b.joined_lines), b.text[:12]] for _, b in article.blocks()],
        "closing": [[b.kind, b.line, b.text[:12]] for b in article.closing],
    }


LAYOUT_FIELDS = ("title", "kicker", "subtitle", "rubric", "column", "credits", "publication", "date",
                 "editors", "issuer", "origin", "dateline", "headings", "captions", "turns", "furniture", "end_matter",
                 "warnings")


def layout_reading(article: Article) -> dict[str, Any]:
    """What an editor reads off an article at a glance, field by field."""
    return {
        "title": article.title, "kicker": article.kicker, "subtitle": article.subtitle,
        "rubric": article.rubric, "column": article.column, "credits": article.credits,
        "publication": article.publication, "date": article.date, "editors": article.editors,
        "issuer": article.issuer, "origin": article.origin,
        "dateline": article.dateline.describe(article.year) if article.dateline else None,
        "headings": [[s.heading, s.level] for s in article.sections if s.heading is not None],
        "captions": [b.text for _, b in article.blocks() if b.kind == "caption"],
        "turns": [b.speaker for _, b in article.blocks() if b.speaker],
        "furniture": [[m.role, m.text] for m in article.furniture],
        "end_matter": [[m.role, m.text] for m in article.end_matter],
        "warnings": len(article.warnings),
    }
