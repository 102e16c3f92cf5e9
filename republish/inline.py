"""Render a block's text with marked spans (terms, notes) as inert inline Markdown.

Marks may nest and overlap. Atomic marks (a term link) are never split; other
marks (a note's highlight) are split around them and closed/reopened as needed.
Every character of the text is emitted exactly once, written inert (republish.writer.text):
it shows as itself in Markdown and in HTML alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .writer import inert_chars, text as inert


@dataclass(frozen=True)
class Mark:
    """A span [start, end) of a block's text and the HTML that wraps it."""

    start: int
    end: int
    open_tag: str
    close_tag: str
    atomic: bool = False
    # Editorial HTML emitted right after the span (e.g. a note marker); not seed text.
    after: str = ""
    order: int = field(default=0, compare=False)


def render_inline(text: str, marks: list[Mark]) -> str:
    """Inline Markdown for text with marks applied; the text itself is inert."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    if not marks:
        return inert(text)
    pieces = inert_chars(text)
    ranked = sorted(marks, key=lambda m: (not m.atomic, m.start, -m.end, m.order))
    rank = {id(m): i for i, m in enumerate(ranked)}
    cuts = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    out: list[str] = []
    stack: list[Mark] = []
    pending: list[str] = []
    for left, right in zip(cuts, cuts[1:]):
        wanted = sorted((m for m in marks if m.start <= left and right <= m.end),
                        key=lambda m: rank[id(m)])
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep] is wanted[keep]:
            keep += 1
        _close(out, stack, keep, left, pending)
        for mark in wanted[keep:]:
            out.append(mark.open_tag)
            stack.append(mark)
        out.append("".join(pieces[left:right]))
    _close(out, stack, 0, len(text), pending)
    return "".join(out)


def _close(out: list[str], stack: list[Mark], keep: int, position: int, pending: list[str]) -> None:
    """Close stacked marks above `keep`; emit the `after` of marks ending here once no atomic
    mark is open, so a note marker never lands inside a term link."""
    while len(stack) > keep:
        mark = stack.pop()
        out.append(mark.close_tag)
        if mark.end == position:
            pending.append(mark.after)
    if pending and not any(m.atomic for m in stack):
        out.extend(pending)
        pending.clear()
