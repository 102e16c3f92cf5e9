"""The editors' directory of people, institutions and places (data/people.yml) and where the
articles name them: the written forms of each entry, the role an article gives a person (the words
before the name, or a credit label), and every occurrence in headlines, byline, editor fields and
body. Plain data for the page that lists them (features/people.py)."""

from __future__ import annotations

import functools
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import incremental
from .errors import EditorError
from .model import Article, BlockRef
from .pinyin import pinyin
from .yamlio import Field, LineDict, check_mapping, load_yaml, str_list

PEOPLE_FILE = "people.yml"
KINDS = {"person": "人物", "institution": "机构", "place": "地点"}
ANCHOR_PREFIX = {"person": "person", "institution": "org", "place": "place"}
OPEN_QUOTES, CLOSE_QUOTES = "“‘「『", "”’」』"
NAME_SPLIT = re.compile(r"[\s、,，;；/／]+")

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




def load_directory(path: Path) -> Directory:
    """Read and check data/people.yml."""
    if not path.exists():
        raise EditorError(path, "the people directory is missing",
                          "create it with 'roles:', 'groups:', 'auto_group:' and 'entries:'")
    top = check_mapping(path, load_yaml(path), TOP_SCHEMA, "the people directory")
    rules = _load_rules(path, top)
    groups = list(str_list(path, top, "groups", "the people directory"))
    if top["auto_group"] not in groups:
        raise EditorError(path, f"auto_group '{top['auto_group']}' is not one of the groups",
                          "add it to 'groups:' or name a listed group", top.key_lines["auto_group"])
    entries = [_load_entry(path, node, line, groups)
               for node, line in zip(top["entries"], top["entries"].item_lines)]
    _check_entries(path, entries)
    return Directory(entries, rules, groups, top["auto_group"])


def _load_rules(path: Path, top: LineDict) -> RoleRules:
    """The 'roles:' mapping as RoleRules."""
    node = check_mapping(path, top["roles"], ROLES_SCHEMA, "'roles'")
    labels = node.get("credit_labels") or LineDict()
    for label, role in labels.items():
        if not isinstance(label, str) or not isinstance(role, str):
            raise EditorError(path, f"credit label {label!r} must map a word to a role word",
                              "write it as '文: 撰文'", labels.key_lines.get(label, node.line))
    if node["max_chars"] < 1:
        raise EditorError(path, "'max_chars' must be at least 1", "give a positive number",
                          node.key_lines["max_chars"])
    words = str_list(path, node, "words", "'roles'")
    if not words:
        raise EditorError(path, "'words' in 'roles' is empty", "list role words such as 书记, 院长",
                          node.key_lines["words"])
    return RoleRules(tuple(sorted(words, key=len, reverse=True)),
                     str_list(path, node, "strip_prefixes", "'roles'"),
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
    variants = str_list(path, node, "variants", f"'{name}'")
    _check_variants_basis(path, node, name, kind, variants)
    return Entry(name, kind, group, variants, node.get("variants_basis"), node.get("note"),
                 node.get("possibly_same_as"), node.get("evidence"), line)


def _check_variants_basis(path: Path, node: LineDict, name: str, kind: str,
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
    where: str           # 署名, 编辑栏, 文末 …: a place outside the body ('' in a body block)
    role: str | None
    ref: BlockRef | None = None   # the body block, linked and labelled by the page writer


class OccurrenceCollector:
    """Finds every directory name in the articles, with the role given to persons."""

    def __init__(self, directory: Directory) -> None:
        """Finder over the directory; institution names are dropped from the front of roles."""
        self.directory = directory
        self.finder = NameFinder(directory.entries)
        self.detach = tuple(s for e in directory.entries if e.kind == "institution" for s in e.surfaces)
        # An article's occurrences follow from it, its place and the directory (serve rebuilds).
        self.directory_key = incremental.digest(pickle.dumps(directory))

    def collect(self, articles: list[Article]) -> list[Occurrence]:
        """Occurrences in reading order: titles, byline, editors, body, closing."""
        store = incremental.store()
        found: list[Occurrence] = []
        for index, article in enumerate(articles):
            found += store.derived("directory occurrences", (article,), (self.directory_key, str(index)),
                                   functools.partial(self._in_article, index, article))
        return found

    def _in_article(self, index: int, article: Article) -> list[Occurrence]:
        found = self._furniture(index, article)
        for section, block in article.blocks():
            ref = BlockRef.of(article, section, block) if block.id else None
            found += self._in_text(index, block.text, block.id or None, "", body=True, ref=ref)
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
                 roles: bool = True, authors: list[str] | None = None,
                 ref: BlockRef | None = None) -> list[Occurrence]:
        """Occurrences in one text; roles from the words before (body) or credit labels."""
        found = []
        for start, end, entry in self.finder.find(text):
            role = None
            if roles and entry.kind == "person":
                role = self._role(text, start, entry, body, authors or [])
            found.append(Occurrence(entry.name, text[start:end], index, block_id, where, role, ref))
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



# ---------------------------------------------------------------- sorting, anchors, text

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


def tidy(text: str) -> str:
    """Folded YAML text without the spaces line breaks leave between Chinese characters."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)


