"""Show how a seed was read: each source line with its role, the metadata and the ids, and which
sidecar key fixes a misreading; then names and terms of the text the editors' data lacks.

Used by `python -m republish inspect seeds/<file>` (and `./dev inspect`): an editor checks an
article before publishing it.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from .model import Article, Block
from .render import FURNITURE_LABELS
from .site import load_article
from .seedfile import read_seed
from .sidecar import load_sidecar

TEXT_WIDTH = 24     # characters of a line's text shown
ROLE_WIDTH = 40     # terminal columns of the role column
META_FIELDS = ("rubric", "kicker", "title", "subtitle", "byline", "authors", "credits", "photo_credit",
               "publication", "date", "page", "column", "editors", "issuer", "origin", "slug")
# Fixes for a misread top line: the sidecar key that sets the field it was read as.
TOP_FIX = {"rubric": "rubric: … (or column: …)", "kicker": "kicker: …", "title": "title: …",
           "subtitle": "subtitle: …", "byline": "authors: [甲, 乙]"}
FURNITURE_FIX = {"date": "date: YYYY-MM-DD", "page": "page: …", "publication": "publication: …",
                 "column": "column: …", "editor": "editors: {编辑: …}", "account": "publication: … / date: …"}


def line_roles(article: Article) -> dict[int, tuple[str, str]]:
    """Source line → (role, sidecar fix) for every line the reading placed."""
    roles: dict[int, tuple[str, str]] = {}
    for key, line in article.top_lines.items():
        detail = _credits_text(article.credits) if key == "byline" and article.credits else ""
        roles[line] = (f"{key} {detail}".strip(), TOP_FIX.get(key, ""))
    for meta in article.furniture:
        label = FURNITURE_LABELS.get(meta.role, meta.role)
        roles[meta.line] = (f"furniture: {meta.role} ({label})",
                            FURNITURE_FIX.get(meta.role, f"kinds: {{{meta.line}: paragraph}}"))
    for section in article.sections:
        if section.line is not None:
            roles[section.line] = (f"heading h{section.level} #{section.id}", f"kinds: {{{section.line}: paragraph}}")
        for block in section.blocks:
            for line in block.joined_lines or (block.line,):
                roles[line] = (_block_role(block), _block_fix(block.kind, line))
    first = next((b for _, b in article.blocks() if b.kind == "paragraph"), None)
    if article.dateline and first:
        role, fix = roles[first.line]
        credits = _credits_text(article.dateline.credits.by_role) if article.dateline.credits.by_role else ""
        roles[first.line] = (f"{role} opens with dateline {credits}".strip(), "publication: / date: / authors:")
    for meta in article.end_matter:
        roles[meta.line] = (f"closing credit: {meta.role} ({FURNITURE_LABELS.get(meta.role, meta.role)})",
                            f"kinds: {{{meta.line}: paragraph}}")
    for block in article.closing:
        roles[block.line] = ("ad (closing advertisement)", "")
    return roles


def _pad(text: str, columns: int) -> str:
    """Text padded to a number of terminal columns (a CJK character takes two)."""
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(columns - width, 0)


def _block_role(block: Block) -> str:
    if block.speaker:
        return f"dialogue turn #{block.id} speaker {block.speaker}"
    return f"{block.kind} #{block.id}" if block.id else block.kind


def _block_fix(kind: str, line: int) -> str:
    other = "heading" if kind == "paragraph" else "paragraph"
    return f"kinds: {{{line}: {other}}}"


def _credits_text(credits: dict[str, list[str]]) -> str:
    return "[" + "; ".join(f"{role}: {'、'.join(names)}" for role, names in credits.items()) + "]"


def describe_reading(article: Article, text: str) -> list[str]:
    """The report of one article: lines with roles, metadata, ids, warnings."""
    roles = line_roles(article)
    header = f"  line  {_pad('role', ROLE_WIDTH)}  {_pad('text', 2 * TEXT_WIDTH)}  fix in the sidecar"
    out = [f"{article.source}", header]
    last = ("", "")
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        role, fix = roles.get(number, (f"  ↳ continues: {last[0]}", ""))
        if number in roles:
            last = roles[number]
        shown = line if len(line) <= TEXT_WIDTH else line[: TEXT_WIDTH - 1] + "…"
        out.append(f"  {number:4d}  {_pad(role, ROLE_WIDTH)}  {_pad(shown, 2 * TEXT_WIDTH)}  {fix}".rstrip())
    out.append("metadata:")
    for key in META_FIELDS:
        value = getattr(article, key)
        if value:
            out.append(f"  {key}: {value}")
    if article.dateline:
        out.append(f"  dateline: {article.dateline.describe(article.year)} ({article.dateline.text})")
    out.append("ids: " + " ".join(s.id for s in article.sections) + " | "
               + " ".join(b.id for _, b in article.blocks() if b.id))
    out += [f"warning: {w}" for w in article.warnings]
    return out


def inspect_seed(seed: Path, data_dir: Path | None = None) -> str:
    """The whole report for one seed; names missing from data_dir's files when it is given."""
    text = read_seed(seed, load_sidecar(seed).get("encoding"))
    article = load_article(seed)
    lines = describe_reading(article, text)
    if data_dir is not None:
        from .suggest import missing_names   # jieba loads only when suggestions are asked for
        lines.append("not in data/ (candidates for people.yml / glossary.yml):")
        for kind, names in missing_names(article, data_dir).items():
            lines.append(f"  {kind}: {'、'.join(names) if names else '—'}")
    return "\n".join(lines)


def main(paths: list[str], data_dir: str | None) -> int:
    """Print the report of each seed; an editor's error is one line, exit status 1."""
    from .errors import EditorError
    status = 0
    for path in paths:
        try:
            print(inspect_seed(Path(path), Path(data_dir) if data_dir else None))
        except EditorError as error:
            print(error.one_line())
            status = 1
        print()
    return status


__all__ = ["describe_reading", "inspect_seed", "line_roles", "main"]
