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
