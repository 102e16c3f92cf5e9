"""Simplified ⇄ traditional conversion: OpenCC plus the editors' manual rules.

The site is written in simplified Chinese and converted page by page for
/zh-Hant/. OpenCC (opencc-python-reimplemented) does the bulk of the work with
a profile such as ``s2tw``; before it runs, the editors' overrides from
``data/conversion.yml`` are applied, in the spirit of MediaWiki's manual
conversion rules (``-{H|zh-hans:…;zh-hant:…}-``):

* an override replaces its ``hans`` form by its ``hant`` form (``to_hant``) or
  the reverse (``to_hans``); where several overrides match at one place the
  longest wins;
* the text an override produces is never handed to OpenCC, so OpenCC's phrase
  matching cannot reach across a protected name (生姜 in 医生姜飞军);
* an override's target form is protected as well, so converting a converted
  text again changes nothing.

Page conversion only touches runs of non-ASCII text: ids, hrefs, class names,
entities and code are ASCII, so they pass through unchanged.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from functools import _lru_cache_wrapper, lru_cache
from pathlib import Path
from typing import Callable, Literal

import opencc
from opencc import OpenCC

from . import memo
from .ccmatch import PieceMatcher
from .errors import EditorError
from .yamlio import Field, LineDict, check_mapping, load_yaml

Script = Literal["hans", "hant"]

DEFAULT_PROFILE = "s2tw"
OPENCC_DISTRIBUTION = "opencc-python-reimplemented"
# Each simplified→traditional profile and the conversion that undoes it.
REVERSE_PROFILE = {"s2t": "t2s", "s2tw": "tw2s", "s2twp": "tw2sp", "s2hk": "hk2s"}
RUN_CACHE_SIZE = 1 << 16          # distinct text runs memoised per converter and direction
# Where OpenCC may cut a text without changing its result: its own sentence separators (it
# splits there itself) and U+200B, which no dictionary entry contains (the search plugin puts
# one between every two words, so the pieces of the search index are single words).
PIECE_SEPARATORS = "\u200b"
DETECT_SAMPLE = 2000             # characters read to tell a seed's script
# A code element of a page (HTML or the raw HTML of generated Markdown): its text is code-like.
CODE_ELEMENT = re.compile(r"(<(code|pre|kbd|samp)\b[^>]*>.*?</\2>)", re.DOTALL)
NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
ASCII_CHARACTER = re.compile(r"[\x00-\x7f]")

TOP_SCHEMA = {
    "profile": Field((str,), hint="(an OpenCC profile such as s2tw)"),
    "overrides": Field((list, type(None)), hint="(a list of '- hans: … / hant: …' items)"),
}
OVERRIDE_SCHEMA = {
    "hans": Field((str,), required=True, hint="(the simplified form, e.g. 石峰区)"),
    "hant": Field((str,), required=True, hint="(the traditional form, e.g. 石峰區)"),
    "note": Field((str,), hint="(why the rule exists)"),
}


@dataclass(frozen=True)
class Override:
    """One manual rule: these simplified characters are written so in traditional."""

    hans: str
    hant: str
    note: str = ""
    line: int | None = None


@dataclass(frozen=True)
class ConversionTable:
    """The editors' conversion settings: default profile and manual overrides."""

    path: Path
    profile: str = DEFAULT_PROFILE
    overrides: tuple[Override, ...] = ()


# -----------------------------------------------------------------------------
# Loading data/conversion.yml
# -----------------------------------------------------------------------------

def available_profiles() -> list[str]:
    """Simplified→traditional OpenCC profiles that the installed package ships."""
    config_dir = Path(opencc.__file__).parent / "config"
    shipped = {p.stem for p in config_dir.glob("*.json")}
    return sorted(p for p in REVERSE_PROFILE if p in shipped and REVERSE_PROFILE[p] in shipped)


def check_profile(profile: str, path: Path | str, line: int | None = None) -> str:
    """Return the profile if OpenCC can convert with it, else raise EditorError."""
    choices = available_profiles()
    if profile not in choices:
        raise EditorError(path, f"unknown conversion profile '{profile}'",
                          "use one of: " + ", ".join(choices), line)
    return profile


def load_conversion(path: Path) -> ConversionTable:
    """Read and validate the conversion settings file."""
    node = load_yaml(path)
    if node is None:                      # an empty file means: defaults, no overrides
        return ConversionTable(path)
    top = check_mapping(path, node, TOP_SCHEMA, "the conversion file")
    profile = check_profile(top.get("profile", DEFAULT_PROFILE), path,
                            top.key_lines.get("profile"))
    items = top.get("overrides") or []
    overrides = tuple(_read_override(path, item, _item_line(items, i, top))
                      for i, item in enumerate(items))
    _refuse_duplicates(path, overrides)
    return ConversionTable(path, profile, overrides)


def _item_line(items: list[object], index: int, top: LineDict) -> int | None:
    """Source line of the index-th override (the list's line if unknown)."""
    lines = getattr(items, "item_lines", None)
    return lines[index] if lines else top.key_lines.get("overrides")


def _read_override(path: Path, item: object, line: int | None) -> Override:
    """Validate one override mapping and build it."""
    if not isinstance(item, dict):
        raise EditorError(path, "an override must be a mapping with 'hans' and 'hant'",
                          "write it as '- hans: 石峰区' followed by '  hant: 石峰區'", line)
    node = check_mapping(path, item, OVERRIDE_SCHEMA, "an override")
    for key in ("hans", "hant"):
        _check_form(path, key, node[key], node.key_lines.get(key, line))
    return Override(node["hans"], node["hant"], node.get("note", ""), node.line or line)


def _check_form(path: Path, key: str, value: str, line: int | None) -> None:
    """Refuse an empty form or one containing ASCII (which page conversion never sees)."""
    if not value:
        raise EditorError(path, f"'{key}' is empty", f"write the {key} form of the name", line)
    if ASCII_CHARACTER.search(value):
        raise EditorError(path, f"'{key}: {value}' contains ASCII letters, digits, spaces "
                          "or punctuation, which page conversion never reaches",
                          "keep only the Chinese characters of the name", line)


def _refuse_duplicates(path: Path, overrides: tuple[Override, ...]) -> None:
    """Two rules for one hans form, or one hant form from two hans forms, are ambiguous."""
    seen_hans: dict[str, Override] = {}
    seen_hant: dict[str, Override] = {}
    for rule in overrides:
        if rule.hans in seen_hans:
            raise EditorError(path, f"'{rule.hans}' has a second override (first at line "
                              f"{seen_hans[rule.hans].line})", "keep one override per hans form",
                              rule.line)
        if rule.hant in seen_hant:
            raise EditorError(path, f"'{rule.hant}' is the hant form of both "
                              f"'{seen_hant[rule.hant].hans}' and '{rule.hans}', so converting "
                              "back is ambiguous", "keep one of the two overrides", rule.line)
        seen_hans[rule.hans] = rule
        seen_hant[rule.hant] = rule


# -----------------------------------------------------------------------------
# Converting
# -----------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _opencc(config: str) -> OpenCC:
    """One OpenCC instance per configuration, made on the first memo miss (its dictionaries are slow to load)."""
    return OpenCC(config)


@lru_cache(maxsize=None)
def _matcher(config: str) -> PieceMatcher:
    """OpenCC's matching over its own dictionaries, without its parse tree (4x faster, same result)."""
    return PieceMatcher(_opencc(config))


class _PieceConverter:
    """OpenCC with a memo per piece of text between separators.

    OpenCC converts each piece between its separators on its own, and no
    dictionary entry spans U+200B, so converting piece by piece gives its
    result exactly; pieces recur across pages, the search index and the
    features' data, and across builds (the memo is kept on disk), so most are
    converted once and OpenCC is not even loaded when every piece is known.
    """

    def __init__(self, config: str) -> None:
        self.config = config
        pattern = OpenCC().split_chars_re.pattern
        self.split = re.compile(pattern[:-1] + "|" + PIECE_SEPARATORS + "+)")
        self.memo = memo.table(f"opencc-{config}", memo.version(OPENCC_DISTRIBUTION))

    def convert(self, text: str) -> str:
        """The text as OpenCC converts it (separators kept, pieces memoised)."""
        parts = self.split.split(text)
        get, compute = self.memo.get, self._convert_piece
        parts[::2] = [get(part, compute) if part else part for part in parts[::2]]
        return "".join(parts)

    def _convert_piece(self, piece: str) -> str:
        """One piece (no separator inside) as OpenCC converts it (a memo miss)."""
        return _matcher(self.config).convert_piece(piece)


class _RuleSet:
    """Overrides for one direction: a longest-first pattern and its replacements."""

    def __init__(self, replacements: dict[str, str]) -> None:
        self.replacements = replacements
        keys = sorted(replacements, key=lambda k: (-len(k), k))
        self.pattern = re.compile("|".join(map(re.escape, keys))) if keys else None

    def apply(self, text: str, convert_rest: Callable[[str], str]) -> str:
        """Replace rule matches; hand only the text between them to convert_rest."""
        if self.pattern is None:
            return convert_rest(text)
        pieces: list[str] = []
        position = 0
        for match in self.pattern.finditer(text):
            pieces.append(convert_rest(text[position:match.start()]))
            pieces.append(self.replacements[match.group()])
            position = match.end()
        pieces.append(convert_rest(text[position:]))
        return "".join(pieces)


def _rules(overrides: tuple[Override, ...], source: str, target: str) -> _RuleSet:
    """Rules mapping source forms to target forms; target forms map to themselves."""
    replacements = {getattr(o, target): getattr(o, target) for o in overrides}
    replacements.update({getattr(o, source): getattr(o, target) for o in overrides})
    return _RuleSet(replacements)


class Converter:
    """Converts text and whole pages between simplified and traditional script."""

    def __init__(self, table: ConversionTable, profile: str | None = None,
                 profile_origin: str = "the conversion profile setting") -> None:
        self.table = table
        self.profile = check_profile(profile, profile_origin) if profile else table.profile
        self._to_hant_cc = _PieceConverter(self.profile)
        self._to_hans_cc = _PieceConverter(REVERSE_PROFILE[self.profile])
        self._hant_rules = _rules(table.overrides, "hans", "hant")
        self._hans_rules = _rules(table.overrides, "hant", "hans")
        self._cached: dict[str, _lru_cache_wrapper[str]] = {"hant": lru_cache(maxsize=RUN_CACHE_SIZE)(self.to_hant),
                        "hans": lru_cache(maxsize=RUN_CACHE_SIZE)(self.to_hans)}

    def to_hant(self, text: str) -> str:
        """Simplified → traditional: overrides first, OpenCC for the rest."""
        return self._hant_rules.apply(text, self._opencc_hant)

    def to_hans(self, text: str) -> str:
        """Traditional → simplified: overrides reversed, then the profile's inverse."""
        return self._hans_rules.apply(text, self._opencc_hans)

    def _opencc_hant(self, text: str) -> str:
        """OpenCC toward traditional; empty text needs no work."""
        return self._to_hant_cc.convert(text) if text else text

    def _opencc_hans(self, text: str) -> str:
        """OpenCC toward simplified; empty text needs no work."""
        return self._to_hans_cc.convert(text) if text else text

    def convert(self, text: str, direction: Script) -> str:
        """Convert a text toward the given script ('hant' or 'hans'), memoised."""
        return self._run_converter(direction)(text)

    def _run_converter(self, direction: Script) -> _lru_cache_wrapper[str]:
        """The memoised converter for a direction; refuses anything but hans/hant."""
        try:
            return self._cached[direction]
        except KeyError:
            raise ValueError(f"direction must be 'hant' or 'hans', not {direction!r}") from None

    def convert_markup(self, page: str, direction: Script) -> str:
        """Convert a whole page (HTML, Markdown, JSON): only runs of non-ASCII text change, and
        not inside code elements (a file name, an id shown as code stays as written)."""
        run = self._run_converter(direction)
        convert = functools.partial(NON_ASCII_RUN.sub, lambda m: run(m.group()))
        pieces = CODE_ELEMENT.split(page)   # text, code, tag name, text, code, tag name, … text
        return "".join(convert(piece) if i % 3 == 0 else piece if i % 3 == 1 else ""
                       for i, piece in enumerate(pieces))

    def is_stable_hant(self, text: str) -> bool:
        """True if converting the text to traditional again changes nothing."""
        return self.to_hant(text) == text

    def cache_info(self, direction: Script) -> object:
        """Hit/miss statistics of the run memo for a direction."""
        return self._run_converter(direction).cache_info()


# -----------------------------------------------------------------------------
# Recognising a script
# -----------------------------------------------------------------------------

def detect_script(text: str) -> Script:
    """'hant' if more characters are traditional-only than simplified-only, else 'hans'.

    Rule: a character is traditional-only if OpenCC's character table
    TSCharacters maps it only to other characters (國 → 国), simplified-only if
    STCharacters does (国 → 國). Characters shared by both scripts, including
    those a table maps to themselves among others (台 → 臺 檯 颱 台), count for
    neither; a tie (including a text with no such character) counts as
    simplified, the site's source script. Only the first DETECT_SAMPLE
    characters are read: a script shows within a page of text. Reading the two
    character tables costs milliseconds; loading OpenCC's phrase dictionaries to
    convert the sample cost a tenth of a second per direction.
    """
    sample = text[:DETECT_SAMPLE]
    traditional_only, simplified_only = _character_table("TSCharacters"), _character_table("STCharacters")
    traditional = sum(1 for c in sample if c in traditional_only)
    simplified = sum(1 for c in sample if c in simplified_only)
    return "hant" if traditional > simplified else "hans"


@lru_cache(maxsize=None)
def _character_table(name: str) -> frozenset[str]:
    """The characters an OpenCC character table (data file of the package) changes."""
    path = Path(opencc.__file__).parent / "dictionary" / f"{name}.txt"
    changed = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if source and targets and source not in targets.split(" "):   # 台 → 臺 檯 颱 台 is shared
            changed.add(source)
    return frozenset(changed)
