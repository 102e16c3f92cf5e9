"""Drop the theme's CSS rules that no page of the site can match.

Material ships one stylesheet for every feature it has (admonitions, tabs, code
annotations, tags, colour palettes…); an article page here uses a fraction of
it, and its first load carried 140 KB of CSS. After the build, the stylesheet is
rewritten without the selectors that name a class (or an attribute value) that
appears nowhere: not in a class attribute or attribute value of any built
page, and not in any script of the site (Material's bundle adds classes such as
md-search-result__item at run time; those names are in its source).

Conservative by construction: only a class or attribute value outside
parentheses can disqualify a selector (`:is(.a, .b)`, `:not(.x)` never do), a
class that starts with a prefix a script completes at run time
(`md-tag--${name}`) is kept, and at-rules other than conditional groups
(@font-face, @keyframes, @page…) are kept whole. Tests compare screenshots of
the site built with and without purging.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata

from . import memo

CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
ATTRIBUTE_VALUE = re.compile(r'[\w:-]+="([^"]*)"')
SCRIPT_WORD = re.compile(r"[A-Za-z_][\w-]*")
# A class name a script completes at run time: `md-tag--${…}`, "md-source__fact--" + …
SCRIPT_PREFIX = re.compile(r"([A-Za-z_][\w-]*(?:--|__|-))(?:\$\{|[\"'`]\s*\+)")
SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
SELECTOR_VALUE = re.compile(r"\[[\w-]+[~|^$*]?=\s*[\"']?([^\]\"']+)[\"']?\s*\]")
GROUPING_AT_RULES = frozenset({"media", "supports", "container", "layer"})


@dataclass
class UsedNames:
    """What the built site can match: class names, attribute values, run-time class prefixes."""

    classes: set[str] = field(default_factory=set)
    values: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)

    def add_page(self, html: str) -> None:
        """Every class and every attribute value (word by word) of a built page."""
        for attribute in CLASS_ATTRIBUTE.findall(html):
            self.classes.update(attribute.split())
        for value in ATTRIBUTE_VALUE.findall(html):
            self.values.update(value.split())

    def add_script(self, source: str) -> None:
        """Every word of a script may be a class it adds; note the prefixes it completes."""
        words = set(SCRIPT_WORD.findall(source))
        self.classes |= words
        self.values |= words
        self.prefixes.update(SCRIPT_PREFIX.findall(source))

    def has_class(self, name: str) -> bool:
        """A class some page or script uses (or a script may complete from a prefix)."""
        return name in self.classes or any(name.startswith(prefix) for prefix in self.prefixes)

    def has_value(self, value: str) -> bool:
        """An attribute value some page or script uses."""
        return value in self.values or value in self.classes


def purge_css(css: str, used: UsedNames) -> str:
    """The stylesheet without the selectors (and then rules) nothing in the site can match."""
    return "".join(_kept(parsed_rules(css), used))


def parsed_rules(css: str) -> list:
    """The stylesheet's rules with each selector's classes and attribute values, memoised by
    content (the theme's CSS is the same build after build; parsing it is the slow part)."""
    digest = hashlib.sha256(css.encode("utf-8")).hexdigest()
    return memo.table("css-rules", _version()).get(digest, lambda _: _parse(css))


@lru_cache(maxsize=None)
def _version() -> str:
    """The parser release and the layout of parsed rules."""
    return f"tinycss2 {metadata.version('tinycss2')}, layout 1"


def _parse(css: str) -> list:
    """Rules as JSON-able lists: ["rule", [[selector, classes, values], …], body],
    ["group", "@media …", [rules…]] or ["keep", text]."""
    import tinycss2     # only on a memo miss
    return _parse_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def _parse_rules(rules: Iterable) -> list:
    """One level of rules (see _parse)."""
    import tinycss2
    parsed: list = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = []
            for selector in _top_level_split(tinycss2.serialize(rule.prelude)):
                outside = _outside_parentheses(selector)
                selectors.append([selector.strip(), SELECTOR_CLASS.findall(outside),
                                  SELECTOR_VALUE.findall(outside)])
            parsed.append(["rule", selectors, tinycss2.serialize(rule.content)])
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPING_AT_RULES and rule.content is not None:
            inner = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
            parsed.append(["group", f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}",
                           _parse_rules(inner)])
        elif rule.type == "at-rule":
            parsed.append(["keep", tinycss2.serialize([rule])])
    return parsed


def _kept(parsed: list, used: UsedNames) -> list[str]:
    """Serialised rules that keep at least one selector; conditional groups recursively."""
    kept: list[str] = []
    for kind, head, rest in (item if len(item) == 3 else (*item, None) for item in parsed):
        if kind == "rule":
            selectors = [selector for selector, classes, values in head
                         if all(map(used.has_class, classes)) and all(map(used.has_value, values))]
            if selectors:
                kept.append(",".join(selectors) + "{" + rest + "}")
        elif kind == "group":
            inner = _kept(rest, used)
            if inner:
                kept.append(head + "{" + "".join(inner) + "}")
        else:
            kept.append(head)
    return kept


def _outside_parentheses(selector: str) -> str:
    """The selector with everything inside (…) blanked out."""
    depth, out = 0, []
    for char in selector:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        out.append(char if depth == 0 and char != ")" else " ")
    return "".join(out)


def _top_level_split(prelude: str) -> list[str]:
    """A selector list split at the commas that are not inside (…) or […]."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            parts.append(prelude[start:index])
            start = index + 1
    parts.append(prelude[start:])
    return parts
