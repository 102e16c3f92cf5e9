"""Drop the theme's CSS rules that no page of the site can match.

Material ships one stylesheet for every feature it has (admonitions, tabs, code
annotations, tags, colour palettes…); an article page here uses a fraction of
it, and its first load carried 140 KB of CSS. After the build, the stylesheet is
rewritten without the selectors that name a class (or an attribute value) that
appears nowhere: not in a class attribute or attribute value of any built
page, and not in any script of the site (Material's bundle adds classes such as
md-search-result__item at run time; those names are in its source).

Conservative by construction: selectors are read as CSS tokens (so `.sm\\:hidden`
is the class `sm:hidden`); only a class, an `[a=v]` or an `[a~=v]` outside
parentheses can disqualify a selector (`:is(.a, .b)`, `:not(.x)`, `[a^=v]`,
`[a$=v]` never do); a class that starts with a prefix a script completes at run
time (`md-tag--${name}`) is kept; at-rules other than conditional groups
(@font-face, @keyframes, @page…) are kept whole. Tests compare screenshots of
the site built with and without purging.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import unescape as html_unescape
from typing import Any

from . import memo

CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
# An attribute name is ASCII and follows a space: with `[\w:-]+` every position of a run of Han
# text started a match that failed only at the run's end (a page's scan cost its runs' squares).
ATTRIBUTE_VALUE = re.compile(r'(?<=\s)[A-Za-z_:][A-Za-z0-9_:.-]*="([^"]*)"')
SCRIPT_WORD = re.compile(r"[A-Za-z_][\w-]*")
# A class name a script completes at run time: `md-tag--${…}`, "md-source__fact--" + …
SCRIPT_PREFIX = re.compile(r"([A-Za-z_][\w-]*(?:--|__|-))(?:\$\{|[\"'`]\s*\+)")
GROUPING_AT_RULES = frozenset({"media", "supports", "container", "layer"})
# Attribute selectors that can rule a selector out: [a=v] needs a whole value v, [a~=v] a word v.
# Prefix, suffix and substring matches ([a^=v], [a$=v], [a*=v], [a|=v]) never rule one out.
CHECKED_OPERATORS = frozenset({"=", "~="})


@dataclass
class UsedNames:
    """What the built site can match: class names, attribute values (whole and word by word),
    run-time class prefixes."""

    classes: set[str] = field(default_factory=set)
    values: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)

    def add_page(self, html: str) -> None:
        """Every class and every attribute value of a built page."""
        for attribute in CLASS_ATTRIBUTE.findall(html):
            self.classes.update(attribute.split())
        for value in ATTRIBUTE_VALUE.findall(html):
            value = html_unescape(value) if "&" in value else value
            self.values.add(value)
            self.words.update(value.split())

    def merge(self, other: UsedNames) -> None:
        """What another record (a worker's pages) found, too."""
        self.classes |= other.classes
        self.values |= other.values
        self.words |= other.words
        self.prefixes |= other.prefixes

    def add_script(self, source: str) -> None:
        """Every word of a script may be a class or attribute value it sets; note the prefixes it completes."""
        names = script_names(source)
        self.classes.update(names["words"])
        self.values.update(names["words"])
        self.words.update(names["words"])
        self.prefixes.update(names["prefixes"])

    def has_class(self, name: str) -> bool:
        """A class some page or script uses (or a script may complete from a prefix)."""
        return name in self.classes or any(name.startswith(prefix) for prefix in self.prefixes)

    def has_value(self, operator: str, value: str) -> bool:
        """Some attribute of the site could satisfy [name<operator>value]."""
        return value in (self.values if operator == "=" else self.words) or value in self.classes


def script_names(source: str) -> dict[str, list[str]]:
    """The words and run-time class prefixes of a script, memoised by content."""
    names: dict[str, list[str]] = memo.table("script-names", memo.version("tinycss2", __file__)).get(
        memo.digest(source), lambda _: {"words": sorted(set(SCRIPT_WORD.findall(source))),
                                        "prefixes": sorted(set(SCRIPT_PREFIX.findall(source)))})
    return names


def purge_css(css: str, used: UsedNames) -> str:
    """The stylesheet without the selectors (and then rules) nothing in the site can match."""
    return "".join(_kept(parsed_rules(css), used))


def parsed_rules(css: str) -> list[Any]:
    """The stylesheet's rules with each selector's classes and attribute constraints, memoised by
    content (the theme's CSS is the same build after build; parsing it is the slow part)."""
    rules: list[Any] = memo.table("css-rules", memo.version("tinycss2", __file__)).get(memo.digest(css), lambda _: _parse(css))
    return rules


def _parse(css: str) -> list[Any]:
    """Rules as JSON-able lists: ["rule", [[selector, classes, [[operator, value], …]], …], body],
    ["group", "@media …", [rules…]] or ["keep", text]."""
    import tinycss2     # only on a memo miss
    return _parse_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def _parse_rules(rules: Iterable[Any]) -> list[Any]:
    """One level of rules (see _parse)."""
    import tinycss2
    parsed: list[Any] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [[tinycss2.serialize(tokens).strip(), *_names(tokens)]
                         for tokens in _top_level_split(rule.prelude)]
            parsed.append(["rule", selectors, tinycss2.serialize(rule.content)])
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPING_AT_RULES and rule.content is not None:
            inner = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
            parsed.append(["group", f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}",
                           _parse_rules(inner)])
        elif rule.type == "at-rule":
            parsed.append(["keep", tinycss2.serialize([rule])])
    return parsed


def _top_level_split(tokens: list[Any]) -> list[list[Any]]:
    """A selector list's tokens split at its commas (commas inside blocks are in the blocks)."""
    parts: list[list[Any]] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _names(tokens: list[Any]) -> tuple[list[str], list[list[str]]]:
    """The classes (unescaped) and [attribute=value] constraints of one selector, outside (…)."""
    classes: list[str] = []
    constraints: list[list[str]] = []
    for index, token in enumerate(tokens):
        if (token.type == "literal" and token.value == "." and index + 1 < len(tokens)
                and tokens[index + 1].type == "ident"):
            classes.append(tokens[index + 1].value)
        elif token.type == "[] block":
            constraint = _attribute_constraint(token.content)
            if constraint:
                constraints.append(constraint)
    return classes, constraints


def _attribute_constraint(content: list[Any]) -> list[str] | None:
    """[operator, value] of an attribute selector whose operator can rule it out, else None."""
    parts = [t for t in content if t.type not in ("whitespace", "comment")]
    if (len(parts) >= 3 and parts[0].type == "ident" and parts[1].type == "literal"
            and parts[1].value in CHECKED_OPERATORS and parts[2].type in ("ident", "string")):
        return [parts[1].value, parts[2].value]
    return None


def _kept(parsed: list[Any], used: UsedNames) -> list[str]:
    """Serialised rules that keep at least one selector; conditional groups recursively."""
    kept: list[str] = []
    for kind, head, *rest in parsed:
        if kind == "rule":
            selectors = [selector for selector, classes, constraints in head
                         if all(map(used.has_class, classes))
                         and all(used.has_value(operator, value) for operator, value in constraints)]
            if selectors:
                kept.append(",".join(selectors) + "{" + rest[0] + "}")
        elif kind == "group":
            inner = _kept(rest[0], used)
            if inner:
                kept.append(head + "{" + "".join(inner) + "}")
        else:
            kept.append(head)
    return kept
