"""People & institutions (人物与机构), timeline (大事记) and figures (数字) pages.

Names come from the editors' directory (data/people.yml); their occurrences,
the role each article gives a person, dated events and reported numbers are
found in the article text. Date words are resolved by republish.dates against
each article's year; word lists for events and figures are in data/timeline.yml.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import DateExpr, Resolved, describe, find_date_expressions, resolve
from ..errors import EditorError
from ..pinyin import pinyin
from ..script import Converter
from ..inline import escape_text
from ..markup import NOT_SEARCHED, heading, link
from ..model import Article, Block, Section
from ..yamlio import Field, check_mapping, load_yaml
from .base import BlockRef, ExtraPage, FeatureBase

PEOPLE_FILE = "people.yml"
TIMELINE_FILE = "timeline.yml"
PEOPLE_PAGE = "people.md"
TIMELINE_PAGE = "timeline.md"
FIGURES_PAGE = "figures.md"
KINDS = {"person": "人物", "institution": "机构", "place": "地点"}
ANCHOR_PREFIX = {"person": "person", "institution": "org", "place": "place"}
SAME_AS_NOUN = {"person": "同一人", "institution": "同一机构", "place": "同一地点"}
SENTENCE_END = "。！？!?；;"
CLAUSE_END = SENTENCE_END + "，,：:"
OPEN_QUOTES, CLOSE_QUOTES = "“‘「『", "”’」』"
NAME_SPLIT = re.compile(r"[\s、,，;；/／]+")
NUMERAL = r"(?:\d+(?:\.\d+)?|[数几]?[一二两三四五六七八九十百千万]+)"
NUMERAL_CHARS = "第0123456789.一二两三四五六七八九十百千万数几"
PERCENT = re.compile(r"(?<![\d.])\d+(?:\.\d+)?[%％]")

TOP_SCHEMA = {
    "roles": Field((dict,), True, "(the rules for reading roles)"),
    "groups": Field((list,), True, "(the list of person groups)"),
    "auto_group": Field((str,), True, "(the group for authors/editors not listed)"),
    "entries": Field((list,), True, "(the list of people, institutions and places)"),
}
ROLES_SCHEMA = {
    "words": Field((list,), True, "(role words such as 书记, 院长)"),
    "strip_prefixes": Field((list,), False),
    "break_chars": Field((str,), False),
    "max_chars": Field((int,), True, "(e.g. 14)"),
    "author": Field((str,), True, "(e.g. 作者)"),
    "credit_labels": Field((dict,), False),
}
ENTRY_SCHEMA = {
    "name": Field((str,), True, "(the name as the articles write it)"),
    "kind": Field((str,), True, "(person, institution or place)"),
    "group": Field((str,), False),
    "variants": Field((list,), False),
    "variants_basis": Field((str,), False),
    "note": Field((str,), False),
    "possibly_same_as": Field((str,), False),
    "evidence": Field((str,), False),
}
TIMELINE_SCHEMA = {
    "festivals": Field((list,), False),
    "measure_words": Field((list,), True, "(measure words such as 个, 名, 人)"),
    "ignore_phrases": Field((list,), False),
    "quoted_name_max": Field((int,), False),
}


# ---------------------------------------------------------------- directory

@dataclass
class Entry:
    """One person, institution or place of the directory."""

    name: str
    kind: str
    group: str | None = None
    variants: tuple[str, ...] = ()
    variants_basis: str | None = None
    note: str | None = None
    possibly_same_as: str | None = None
    evidence: str | None = None
    line: int | None = None
    auto: bool = False

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every written form that refers to the entry."""
        return (self.name, *self.variants)


@dataclass
class RoleRules:
    """How to read a person's role from the words written before the name."""

    words: tuple[str, ...]
    strip_prefixes: tuple[str, ...] = ()
    break_chars: str = ""
    max_chars: int = 14
    author: str = "作者"
    credit_labels: dict[str, str] = field(default_factory=dict)


@dataclass
class Directory:
    """The editors' directory: entries, role rules and person groups."""

    entries: list[Entry]
    rules: RoleRules
    groups: list[str]
    auto_group: str

    def get(self, name: str) -> Entry | None:
        """The entry with this canonical name."""
        return next((e for e in self.entries if e.name == name), None)


@dataclass
class Vocabulary:
    """Word lists for events and figures (data/timeline.yml)."""

    festivals: tuple[str, ...]
    measure_words: tuple[str, ...]
    ignore_phrases: tuple[str, ...] = ()
    quoted_name_max: int = 12


def _str_list(path: Path, node: dict, key: str, what: str) -> tuple[str, ...]:
    """A list of non-empty strings under key (empty when the key is absent)."""
    values = node.get(key) or []
    line = node.key_lines.get(key, node.line)
    lines = getattr(values, "item_lines", [])
    for index, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            where = lines[index] if index < len(lines) else line
            raise EditorError(path, f"'{key}' in {what} must list words, found {value!r}",
                              "write each item as a word (quote it if YAML reads it as a number)", where)
    return tuple(v.strip() for v in values)


def load_directory(path: Path) -> Directory:
    """Read and check data/people.yml."""
    if not path.exists():
        raise EditorError(path, "the people directory is missing",
                          "create it with 'roles:', 'groups:', 'auto_group:' and 'entries:'")
    top = check_mapping(path, load_yaml(path), TOP_SCHEMA, "the people directory")
    rules = _load_rules(path, top)
    groups = list(_str_list(path, top, "groups", "the people directory"))
    if top["auto_group"] not in groups:
        raise EditorError(path, f"auto_group '{top['auto_group']}' is not one of the groups",
                          "add it to 'groups:' or name a listed group", top.key_lines["auto_group"])
    entries = [_load_entry(path, node, line, groups)
               for node, line in zip(top["entries"], top["entries"].item_lines)]
    _check_entries(path, entries)
    return Directory(entries, rules, groups, top["auto_group"])


def _load_rules(path: Path, top: dict) -> RoleRules:
    """The 'roles:' mapping as RoleRules."""
    node = check_mapping(path, top["roles"], ROLES_SCHEMA, "'roles'")
    labels = node.get("credit_labels") or {}
    for label, role in labels.items():
        if not isinstance(label, str) or not isinstance(role, str):
            raise EditorError(path, f"credit label {label!r} must map a word to a role word",
                              "write it as '文: 撰文'", labels.key_lines.get(label, node.line))
    if node["max_chars"] < 1:
        raise EditorError(path, "'max_chars' must be at least 1", "give a positive number",
                          node.key_lines["max_chars"])
    words = _str_list(path, node, "words", "'roles'")
    if not words:
        raise EditorError(path, "'words' in 'roles' is empty", "list role words such as 书记, 院长",
                          node.key_lines["words"])
    return RoleRules(tuple(sorted(words, key=len, reverse=True)),
                     _str_list(path, node, "strip_prefixes", "'roles'"),
                     node.get("break_chars", ""), node["max_chars"], node["author"], dict(labels))


def _load_entry(path: Path, node: object, line: int, groups: list[str]) -> Entry:
    """One checked entry of the directory."""
    node = check_mapping(path, node, ENTRY_SCHEMA, "an entry")
    name = node["name"].strip()
    if not name or re.search(r"\s", name):
        raise EditorError(path, f"entry name {node['name']!r} is empty or has spaces",
                          "write the name exactly as the article does", node.key_lines["name"])
    kind = node["kind"]
    if kind not in KINDS:
        raise EditorError(path, f"unknown kind '{kind}' for '{name}'",
                          "use person, institution or place", node.key_lines["kind"])
    group = node.get("group")
    if kind == "person" and group not in groups:
        raise EditorError(path, f"person '{name}' has group {group!r}, which is not listed",
                          "give it a 'group:' from: " + ", ".join(groups), node.key_lines.get("group", line))
    if kind != "person" and group is not None:
        raise EditorError(path, f"'{name}' is a {kind} but has a group",
                          "remove 'group:' (groups are for persons only)", node.key_lines["group"])
    if ("possibly_same_as" in node) != ("evidence" in node):
        raise EditorError(path, f"'{name}' needs both 'possibly_same_as' and 'evidence'",
                          "give the other name and the evidence (in Chinese), or neither", line)
    variants = _str_list(path, node, "variants", f"'{name}'")
    _check_variants_basis(path, node, name, kind, variants)
    return Entry(name, kind, group, variants, node.get("variants_basis"), node.get("note"),
                 node.get("possibly_same_as"), node.get("evidence"), line)


def _check_variants_basis(path: Path, node: dict, name: str, kind: str,
                          variants: tuple[str, ...]) -> None:
    """A person or institution listing other spellings says why they are one name."""
    if not variants:
        if "variants_basis" in node:
            raise EditorError(path, f"'{name}' has 'variants_basis' but lists no variants",
                              "remove 'variants_basis', or list the variants it explains",
                              node.key_lines["variants_basis"])
        return
    if kind == "place":  # 株洲/株洲市: a place's forms need no reason (optional basis)
        return
    if not (node.get("variants_basis") or "").strip():
        raise EditorError(path, f"'{name}' lists other spellings ({'、'.join(variants)}) without "
                          "saying they are one name", "add 'variants_basis: …' (why they are "
                          "variants of one name, e.g. 简称), or, if they may be two, make each its "
                          "own entry flagged with 'possibly_same_as'", node.key_lines["variants"])


def _check_entries(path: Path, entries: list[Entry]) -> None:
    """Written forms are unique; possibly_same_as names another entry of the same kind."""
    owner: dict[str, Entry] = {}
    for entry in entries:
        for surface in entry.surfaces:
            if surface in owner:
                raise EditorError(path, f"'{surface}' is listed for both '{owner[surface].name}' "
                                  f"and '{entry.name}'", "keep each name or variant in one entry only",
                                  entry.line)
            owner[surface] = entry
    names = {e.name: e for e in entries}
    for entry in entries:
        other = names.get(entry.possibly_same_as or "")
        if entry.possibly_same_as is None:
            continue
        if other is None or other is entry or other.kind != entry.kind:
            raise EditorError(path, f"'{entry.name}' is possibly_same_as '{entry.possibly_same_as}', "
                              "which is not another entry of the same kind",
                              "name another entry's 'name' exactly", entry.line)


def load_vocabulary(path: Path) -> Vocabulary:
    """Read and check data/timeline.yml."""
    if not path.exists():
        raise EditorError(path, "the timeline word lists are missing",
                          "create it with at least 'measure_words:'")
    node = check_mapping(path, load_yaml(path), TIMELINE_SCHEMA, "the timeline word lists")
    return Vocabulary(_str_list(path, node, "festivals", "the timeline word lists"),
                      _str_list(path, node, "measure_words", "the timeline word lists"),
                      _str_list(path, node, "ignore_phrases", "the timeline word lists"),
                      node.get("quoted_name_max", 12))


def add_credited_people(directory: Directory, articles: list[Article]) -> None:
    """Authors and editors missing from the directory join it in the auto group."""
    known = {s for e in directory.entries for s in e.surfaces}
    for article in articles:
        for name in [*article.authors, *_editor_names(article)]:
            if name not in known:
                directory.entries.append(Entry(name, "person", directory.auto_group, auto=True,
                                               note="自动收录：见于署名或编辑栏。"))
                known.add(name)


def _editor_names(article: Article) -> list[str]:
    """Every name in the editor fields."""
    return [n for names in article.editors.values() for n in NAME_SPLIT.split(names) if n]


# ---------------------------------------------------------------- names and roles

class NameFinder:
    """Finds directory names in text, longest written form first, without overlaps."""

    def __init__(self, entries: list[Entry]) -> None:
        """One alternation of all written forms, longest first."""
        self.owner = {s: e for e in entries for s in e.surfaces}
        surfaces = sorted(self.owner, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, surfaces))) if surfaces else None

    def find(self, text: str) -> list[tuple[int, int, Entry]]:
        """(start, end, entry) for each name in text, left to right."""
        if self.pattern is None:
            return []
        return [(m.start(), m.end(), self.owner[m.group(0)]) for m in self.pattern.finditer(text)]


def role_before(text: str, start: int, rules: RoleRules, detach: tuple[str, ...] = ()) -> str | None:
    """The role written right before a name at text[start:] (院党委书记, 党委副书记、院长).

    detach lists institution names to drop from the front (株洲市二医院党委书记 → 党委书记).
    """
    chunk_end = start
    chunks: list[str] = []
    while True:
        chunk = _role_chunk(text, chunk_end, rules)
        if chunk is None:
            break
        chunks.insert(0, chunk)
        chunk_start = chunk_end - len(chunk)
        if chunk_start == 0 or text[chunk_start - 1] != "、":
            break
        chunk_end = chunk_start - 1
    if not chunks:
        return None
    chunks[0] = _strip_front(chunks[0], (*rules.strip_prefixes, *detach), rules)
    return "、".join(chunks)


def _role_chunk(text: str, end: int, rules: RoleRules) -> str | None:
    """The words before text[end] when they end in a role word, else None."""
    head = text[:end]
    word = next((w for w in rules.words if head.endswith(w)), None)
    if word is None:
        return None
    position = end
    while position > 0 and end - position < rules.max_chars:
        char = text[position - 1]
        if char in CLOSE_QUOTES:
            opened = _quote_start(text, position - 1, end - rules.max_chars)
            if opened is None:
                break
            position = opened
        elif _is_word_char(char) and char not in rules.break_chars:
            position -= 1
        else:
            break
    return text[min(position, end - len(word)):end]


def _quote_start(text: str, close: int, limit: int) -> int | None:
    """Index of the opening quote of a short quoted word ending at text[close], else None."""
    position = close - 1
    while position >= max(limit, 0):
        char = text[position]
        if char in OPEN_QUOTES:
            return position
        if not _is_word_char(char):
            return None
        position -= 1
    return None


def _is_word_char(char: str) -> bool:
    """CJK characters, letters and digits (not punctuation or spaces)."""
    return char.isalnum()


def _strip_front(role: str, prefixes: tuple[str, ...], rules: RoleRules) -> str:
    """Drop leading pronouns/institution names while a role word is left."""
    changed = True
    while changed:
        changed = False
        for prefix in sorted(prefixes, key=len, reverse=True):
            rest = role[len(prefix):]
            if role.startswith(prefix) and rest and any(rest.endswith(w) for w in rules.words):
                role, changed = rest, True
                break
    return role


def credit_role(text: str, start: int, rules: RoleRules) -> str | None:
    """The role a credit label gives the name at text[start:] (文/刘琼 李建辉 → 撰文)."""
    if not rules.credit_labels:
        return None
    labels = "|".join(map(re.escape, sorted(rules.credit_labels, key=len, reverse=True)))
    found = list(re.finditer(rf"({labels})[/／:：]", text[:start]))
    return rules.credit_labels[found[-1].group(1)] if found else None


# ---------------------------------------------------------------- occurrences

@dataclass(frozen=True)
class Occurrence:
    """A name found in an article: in a body block (block_id) or in its furniture."""

    name: str            # the entry's canonical name
    surface: str         # the form written in the text
    article: int         # index of the article in the build
    block_id: str | None
    where: str           # 第2节第3段, 署名, 编辑栏 …
    role: str | None


def block_label(section: Section, block: Block) -> str:
    """Chinese label of a block's place: 开篇第2段, 第3节图1说明."""
    part = "开篇" if section.id == "s0" else f"第{section.id[1:]}节"
    number = block.id.rsplit("-", 1)[-1]
    if number.startswith("f"):
        return f"{part}图{number[1:]}说明"
    return f"{part}第{number[1:]}段"


class OccurrenceCollector:
    """Finds every directory name in the articles, with the role given to persons."""

    def __init__(self, directory: Directory) -> None:
        """Finder over the directory; institution names are dropped from the front of roles."""
        self.directory = directory
        self.finder = NameFinder(directory.entries)
        self.detach = tuple(s for e in directory.entries if e.kind == "institution" for s in e.surfaces)

    def collect(self, articles: list[Article]) -> list[Occurrence]:
        """Occurrences in reading order: titles, byline, editors, body, closing."""
        found: list[Occurrence] = []
        for index, article in enumerate(articles):
            found += self._furniture(index, article)
            for section, block in article.blocks():
                found += self._in_text(index, block.text, block.id or None,
                                       block_label(section, block), body=True)
            for block in article.closing:
                found += self._in_text(index, block.text, block.id or None, "文末", body=False)
        return found

    def _furniture(self, index: int, article: Article) -> list[Occurrence]:
        """Names in the headlines, the byline, the publication and the editor fields."""
        found: list[Occurrence] = []
        for text in (article.rubric, article.kicker, article.title, article.subtitle):
            found += self._in_text(index, text or "", None, "标题", body=False, roles=False)
        found += self._in_text(index, article.byline or "", None, "署名", body=False,
                               authors=article.authors)
        if any(m.role == "publication" for m in article.furniture):  # an editor's 出处 is no 刊名
            found += self._in_text(index, article.publication or "", None, "刊名", body=False,
                                   roles=False)
        for label, names in article.editors.items():
            for name in NAME_SPLIT.split(names):
                for _, _, entry in self.finder.find(name):
                    found.append(Occurrence(entry.name, name, index, None, "编辑栏", label))
        return found

    def _in_text(self, index: int, text: str, block_id: str | None, where: str, body: bool,
                 roles: bool = True, authors: list[str] | None = None) -> list[Occurrence]:
        """Occurrences in one text; roles from the words before (body) or credit labels."""
        found = []
        for start, end, entry in self.finder.find(text):
            role = None
            if roles and entry.kind == "person":
                role = self._role(text, start, entry, body, authors or [])
            found.append(Occurrence(entry.name, text[start:end], index, block_id, where, role))
        return found

    def _role(self, text: str, start: int, entry: Entry, body: bool, authors: list[str]) -> str | None:
        """A person's role at one place."""
        rules = self.directory.rules
        if body:
            return role_before(text, start, rules, self.detach)
        role = credit_role(text, start, rules)
        if role is None and any(s in authors for s in entry.surfaces):
            role = rules.author
        return role


# ---------------------------------------------------------------- events and figures

@dataclass(frozen=True)
class Event:
    """A dated sentence of an article."""

    article: int
    ref: BlockRef
    where: str
    expr: DateExpr
    resolved: Resolved
    sentence: str
    sentence_start: int
    order: int


@dataclass(frozen=True)
class Figure:
    """A number with its measure word (or %), the clause around it and its year."""

    article: int
    ref: BlockRef
    where: str
    text: str
    clause: str
    clause_start: int
    start: int
    resolved: Resolved | None


def sentence_span(text: str, start: int, end: int, stops: str = SENTENCE_END) -> tuple[int, int]:
    """[left, right) of the sentence (or clause) holding text[start:end], end mark included."""
    left = max(text.rfind(c, 0, start) for c in stops) + 1
    rights = [i for i in (text.find(c, end) for c in stops) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    while left < start and (text[left] in CLOSE_QUOTES or text[left].isspace()):
        left += 1
    return left, right


def collect_events(articles: list[Article], vocabulary: Vocabulary) -> list[Event]:
    """Every date expression of every body block, as an event, in reading order."""
    events: list[Event] = []
    for index, article in enumerate(articles):
        for section in article.sections:
            context_year: int | None = None
            for block in section.blocks:
                if not block.id:
                    continue
                for expr in find_date_expressions(block.text, vocabulary.festivals):
                    resolved = resolve(expr, article.year, article.date_inferred, context_year,
                                       vocabulary.festivals)
                    if expr.kind in ("year", "cycle") and resolved.year is not None:
                        context_year = resolved.year
                    left, right = sentence_span(block.text, expr.start, expr.end)
                    events.append(Event(index, BlockRef.of(article, section, block),
                                        block_label(section, block), expr, resolved,
                                        block.text[left:right], left, len(events)))
    return events


def find_figures(text: str, vocabulary: Vocabulary) -> list[tuple[int, int]]:
    """Spans of numbers with a measure word or %, skipping dates, ordinals and names."""
    measures = "|".join(map(re.escape, sorted(vocabulary.measure_words, key=len, reverse=True)))
    counted = re.compile(rf"(?<![{NUMERAL_CHARS}])({NUMERAL})[余多]?(?:{measures})")
    blocked = _blocked_spans(text, vocabulary)
    spans = []
    for match in [*counted.finditer(text), *PERCENT.finditer(text)]:
        if match.re is counted and match.group(1) == "一":
            continue
        if any(s < match.end() and match.start() < e for s, e in blocked):
            continue
        spans.append((match.start(), match.end()))
    return sorted(set(spans))


def _blocked_spans(text: str, vocabulary: Vocabulary) -> list[tuple[int, int]]:
    """Dates, idioms and short quoted names, where a number is not a figure."""
    spans = [(e.start, e.end) for e in find_date_expressions(text, vocabulary.festivals)]
    for phrase in vocabulary.ignore_phrases:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)]
    for match in re.finditer(r"“([^“”]*)”", text):
        if len(match.group(1)) <= vocabulary.quoted_name_max:
            spans.append((match.start(), match.end()))
    return spans


def collect_figures(articles: list[Article], events: list[Event], vocabulary: Vocabulary) -> list[Figure]:
    """Every figure of every body block, with the year its sentence names."""
    figures: list[Figure] = []
    for index, article in enumerate(articles):
        for section, block in article.blocks():
            if not block.id:
                continue
            ref = BlockRef.of(article, section, block)
            dated = [e for e in events if e.article == index and e.ref == ref]
            for start, end in find_figures(block.text, vocabulary):
                left, right = sentence_span(block.text, start, end, CLAUSE_END)
                figures.append(Figure(index, ref, block_label(section, block), block.text[start:end],
                                      block.text[left:right], left, start,
                                      _sentence_year(block.text, start, end, dated)))
    return figures


def _sentence_year(text: str, start: int, end: int, dated: list[Event]) -> Resolved | None:
    """The date of the figure's sentence: the nearest date before it there, else after it."""
    left, right = sentence_span(text, start, end)
    inside = [e for e in dated if left <= e.expr.start and e.expr.end <= right]
    before = [e for e in inside if e.expr.end <= start]
    chosen = before[-1] if before else (inside[0] if inside else None)
    return chosen.resolved if chosen else None


# ---------------------------------------------------------------- rendering helpers

def ascii_anchor(prefix: str, text: str, used: set[str]) -> str:
    """A unique ASCII id from the pinyin of text (邹祖倡 → person-zou-zu-chang)."""
    syllables = pinyin(text, "codepoints")
    base = prefix + "-" + (re.sub(r"[^a-z0-9]+", "-", "-".join(syllables).lower()).strip("-") or "x")
    anchor, number = base, 2
    while anchor in used:
        anchor, number = f"{base}-{number}", number + 1
    used.add(anchor)
    return anchor


def pinyin_key(text: str) -> tuple[list[str], str]:
    """Sort key: pinyin syllables, then the characters."""
    return pinyin(text, "tone3"), text


def _page_href(slug: str, fragment: str | None = None) -> str:
    """A site link to an article page, or to one of its blocks."""
    return f"@/{slug}.md#{fragment}" if fragment else f"@/{slug}.md"


def _with_mark(text: str, start: int, end: int) -> str:
    """Escaped text with text[start:end] in <strong>."""
    return (escape_text(text[:start]) + "<strong>" + escape_text(text[start:end]) + "</strong>"
            + escape_text(text[end:]))


def _html_block(html: str) -> str:
    """A raw HTML block: at line start, followed by a blank line."""
    return html.strip("\n") + "\n\n"


def _table(css: str, headers: list[str], rows: list[str]) -> str:
    """An HTML table whose rows are already rendered <tr> elements."""
    head = "".join(f"<th>{escape_text(h)}</th>" for h in headers)
    return _html_block(f'<table class="{css}" {NOT_SEARCHED}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
                       + "\n".join(rows) + "\n</tbody>\n</table>")


def _tag(text: str, css: str) -> str:
    """A small label such as 推断 or 未能确定."""
    return f'<span class="rp-tag {css}">{escape_text(text)}</span>'


def _date_cell(resolved: Resolved | None) -> str:
    """The resolved date with its label (推断), or the reason there is none."""
    if resolved is None:
        return _tag("未注明", "rp-unresolved")
    if resolved.unresolved or resolved.year is None:
        return _tag(describe(resolved), "rp-unresolved")
    status = _tag("推断", "rp-inferred") if resolved.inferred else ""
    return escape_text(describe(resolved)) + (" " + status if status else "")


def tidy(text: str) -> str:
    """Folded YAML text without the spaces line breaks leave between Chinese characters."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)


# ---------------------------------------------------------------- the feature

class PeopleFeature(FeatureBase):
    """Adds people.md, timeline.md and figures.md."""

    def __init__(self, articles: list[Article], directory: Directory, vocabulary: Vocabulary) -> None:
        """Collect occurrences, events and figures once; fix every anchor."""
        self.articles = articles
        self.directory = directory
        self.occurrences = OccurrenceCollector(directory).collect(articles)
        self.events = collect_events(articles, vocabulary)
        self.figures = collect_figures(articles, self.events, vocabulary)
        used: set[str] = {"people", "persons", "institutions", "places", "timeline", "figures"}
        self.anchors = {e.name: ascii_anchor(ANCHOR_PREFIX[e.kind], e.name, used)
                        for e in directory.entries}
        self.group_anchors = {g: ascii_anchor("persons", g, used) for g in directory.groups}

    @functools.cached_property
    def listed(self) -> list[Entry]:
        """The entries this site's articles mention: only they are listed (the index follows the site)."""
        found = {o.name for o in self.occurrences}
        return [e for e in self.directory.entries if e.name in found]

    def notices(self) -> list[str]:
        """One line per directory entry no article mentions: a warning of the build, as for an
        unused glossary entry (a misspelt name, or an article that left the site)."""
        listed = self.listed
        return [f"{PEOPLE_FILE}:{e.line}: {KINDS[e.kind]} '{e.name}' occurs in no article of this site "
                "and is not listed. Fix: check its spelling against the text, or remove it"
                for e in self.directory.entries if e not in listed and not e.auto]

    def anchor_for(self, name: str) -> str | None:
        """The id of an entry on people.md (for links from other features)."""
        return self.anchors.get(name)

    def pages(self) -> list[ExtraPage]:
        """人物与机构, 大事记 and 数字."""
        return [ExtraPage(PEOPLE_PAGE, "人物与机构", self.people_markdown()),
                ExtraPage(TIMELINE_PAGE, "大事记", self.timeline_markdown()),
                ExtraPage(FIGURES_PAGE, "数字", self.figures_markdown())]

    # ---- people.md

    def people_markdown(self) -> str:
        """The 人物与机构 page."""
        parts = [heading(1, "人物与机构", "people"), _html_block(
            '<p class="rp-intro">本页列出本站文章中出现的人物、机构与地点，并链接到每一处出现的段落。'
            "“文中身份”取自文章在人名前所写的职务或称呼（编辑栏、署名取其标签），按各文原样列出，"
            "不同文章、不同年份的身份可能不同。可能指同一人或同一机构的不同写法只作提示，不合并。</p>")]
        persons = [e for e in self.listed if e.kind == "person"]
        parts.append(heading(2, "人物", "persons"))
        for group in self.directory.groups:
            members = sorted((e for e in persons if e.group == group), key=lambda e: pinyin_key(e.name))
            if members:
                parts.append(heading(3, group, self.group_anchors[group]))
                parts += [self._entry_markdown(e, 4) for e in members]
        for kind, title, anchor in (("institution", "机构", "institutions"), ("place", "地点", "places")):
            members = sorted((e for e in self.listed if e.kind == kind),
                             key=lambda e: pinyin_key(e.name))
            parts.append(heading(2, title, anchor))
            parts += [self._entry_markdown(e, 3) for e in members]
        return "".join(parts)

    def _entry_markdown(self, entry: Entry, level: int) -> str:
        """Heading, notes, possibly-same-as flags and occurrence table of one entry."""
        parts = [heading(level, entry.name, self.anchors[entry.name])]
        facts = []
        if entry.variants:
            facts.append("其他写法：" + "、".join(entry.variants)
                         + (f"（同一名称：{tidy(entry.variants_basis)}）" if entry.variants_basis else ""))
        if entry.note:
            facts.append("说明：" + tidy(entry.note))
        if facts:
            parts.append(_html_block('<p class="rp-entry-facts">'
                                     + "<br>".join(escape_text(f) for f in facts) + "</p>"))
        parts += [_html_block(flag) for flag in self._same_as_flags(entry)]
        parts.append(self._occurrence_table(entry))
        return "".join(parts)

    def _same_as_flags(self, entry: Entry) -> list[str]:
        """'possibly the same as' notes, whichever of the two entries declared it."""
        flags = []
        for other in self.directory.entries:
            if other.name == entry.possibly_same_as:
                evidence = entry.evidence or ""
            elif other.possibly_same_as == entry.name and entry.possibly_same_as != other.name:
                evidence = other.evidence or ""
            else:
                continue
            target = link(f"@/{PEOPLE_PAGE}#{self.anchors[other.name]}", other.name) \
                if other in self.listed else escape_text(other.name)
            flags.append(f'<p class="rp-same-as"><strong>可能与{target}为{SAME_AS_NOUN[entry.kind]}'
                         f"（未合并，未确证）</strong>：{escape_text(tidy(evidence))}</p>")
        return flags

    def _occurrence_table(self, entry: Entry) -> str:
        """Per article: roles (persons) and links to every place the entry occurs."""
        mine = [o for o in self.occurrences if o.name == entry.name]
        if not mine:
            return _html_block('<p class="rp-none">本站文章中未见。</p>')
        rows = []
        for index, article in enumerate(self.articles):
            here = [o for o in mine if o.article == index]
            if not here:
                continue
            cells = [link(_page_href(article.slug), article.title or article.slug)]
            if entry.kind == "person":
                roles = list(dict.fromkeys(o.role for o in here if o.role))
                cells.append(escape_text("；".join(roles)) if roles else "—")
            cells.append(self._places(article, here))
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        headers = ["文章", "文中身份", "出现位置"] if entry.kind == "person" else ["文章", "出现位置"]
        return _table("rp-occurrences", headers, rows)

    @staticmethod
    def _places(article: Article, here: list[Occurrence]) -> str:
        """Links to the blocks (or the page, for furniture) where an entry occurs."""
        links = []
        for (where, block_id), group in _group_places(here).items():
            count = f"×{len(group)}" if len(group) > 1 else ""
            forms = sorted({o.surface for o in group} - {group[0].name})
            label = where + count + (f"（作“{'”“'.join(forms)}”）" if forms else "")
            links.append(link(_page_href(article.slug, block_id), label))
        return "、".join(links)

    # ---- timeline.md

    def timeline_markdown(self) -> str:
        """The 大事记 page: events by year, then those whose year is unknown."""
        parts = [heading(1, "大事记", "timeline"), _html_block(
            '<p class="rp-intro">文章中带时间的句子，按时间排列；每条链接到所在段落。'
            "“去年”“今年”“近年来”等相对说法按文章发表年份推算，未写年份的月日按发表当年计，"
            "都标“推断”；文章本身日期是推断的，由它推出的年份也标“推断”；"
            "无从推算的标“未能确定”，列在最后。</p>"), self._article_dates()]
        dated = sorted((e for e in self.events if e.resolved.year is not None), key=_event_key)
        for year in dict.fromkeys(e.resolved.year for e in dated):
            parts.append(heading(2, f"{year}年", f"y{year}"))
            parts.append(self._event_table([e for e in dated if e.resolved.year == year]))
        unresolved = [e for e in self.events if e.resolved.year is None]
        if unresolved:
            parts.append(heading(2, "未能确定年份", "unresolved"))
            parts.append(self._event_table(unresolved))
        return "".join(parts)

    def _article_dates(self) -> str:
        """Which date each article's relative words are resolved against."""
        items = []
        for article in self.articles:
            if article.date is None:
                when = "未能确定（相对时间无从推算）"
            else:
                when = article.date + ("（推断）" if article.date_inferred else "")
            title = link(_page_href(article.slug), article.title or article.slug)
            items.append(f"<li>{title}：{escape_text(when)}</li>")
        return _html_block('<ul class="rp-article-dates">\n' + "\n".join(items) + "\n</ul>")

    def _event_table(self, events: list[Event]) -> str:
        """Rows of events: date, original words, sentence, source."""
        rows = []
        for event in events:
            article = self.articles[event.article]
            start = event.expr.start - event.sentence_start
            cells = [_date_cell(event.resolved), escape_text(event.expr.text),
                     _with_mark(event.sentence, start, start + len(event.expr.text)),
                     link(event.ref.href, f"《{article.title or article.slug}》{event.where}")]
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        return _table("rp-timeline", ["时间", "原文", "事件（原句）", "出处"], rows)

    # ---- figures.md

    def figures_markdown(self) -> str:
        """The 数字 page: one table per article, in reading order."""
        parts = [heading(1, "数字", "figures"), _html_block(
            '<p class="rp-intro">文章报告的数字（数字加量词或百分号），连同所在分句，'
            "说明数的是什么；年份取自同一句中写明或可推算的时间，句中没有时间的标“未注明”。"
            "日期与序号（如“第27届”）不计。</p>")]
        used: set[str] = set()
        for index, article in enumerate(self.articles):
            mine = [f for f in self.figures if f.article == index]
            anchor = ascii_anchor("figures", article.slug, used)
            parts.append(heading(2, article.title or article.slug, anchor))
            if not mine:
                parts.append(_html_block('<p class="rp-none">未见数字。</p>'))
                continue
            rows = []
            for figure in mine:
                start = figure.start - figure.clause_start
                cells = [escape_text(figure.text),
                         _with_mark(figure.clause, start, start + len(figure.text)),
                         _date_cell(figure.resolved), link(figure.ref.href, figure.where)]
                rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            parts.append(_table("rp-figures", ["数字", "所在分句", "年份", "出处"], rows))
        return "".join(parts)


def _group_places(here: list[Occurrence]) -> dict[tuple[str, str | None], list[Occurrence]]:
    """Occurrences grouped by place, first-seen order."""
    grouped: dict[tuple[str, str | None], list[Occurrence]] = {}
    for occurrence in here:
        grouped.setdefault((occurrence.where, occurrence.block_id), []).append(occurrence)
    return grouped


def _event_key(event: Event) -> tuple:
    """Chronological order; within a year, periods first, then by month and day."""
    r = event.resolved
    return (r.year, 0 if r.period else 1, r.month or 0, r.day or 0, event.article, event.order)


def build(articles: list[Article], data_dir: Path, converter: Converter | None = None) -> PeopleFeature:
    """The feature for this build, from the articles and data/people.yml, data/timeline.yml."""
    directory = load_directory(data_dir / PEOPLE_FILE)
    add_credited_people(directory, articles)
    return PeopleFeature(articles, directory, load_vocabulary(data_dir / TIMELINE_FILE))
