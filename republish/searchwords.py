"""What the reader's search needs to know about the site's words and its two scripts.

Material's search cuts Chinese text into words with jieba when it builds the index, and cuts a
query greedily into words of the index in the browser. A term jieba does not know (紧密型医联体)
is indexed in pieces (紧密/型医/联体), and a query for it then misses: the site's own vocabulary —
glossary terms and their aliases, names of people, institutions and places — is given to jieba
so that index and query cut it the same way.

Each site's index holds its own script only, so a query typed in the other script finds nothing.
The browser converts the query character by character with a map of the characters that occur on
this site, taken from the same conversion that made the traditional pages.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator

from . import incremental, workers
from .features.glossary import GlossaryFeature
from .features.people import PeopleFeature
from .script import Converter

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
MIN_WORD = 2        # one character is always a word of the index already
SCRIPT_MAP_PATH = "assets/rp-script-map.js"
CONVERSION_COST = 3       # about µs per character converted (republish.workers counts work in µs)


def site_vocabulary(features: Iterable[object]) -> tuple[str, ...]:
    """The editors' words as the features loaded them (glossary forms, directory names), each at
    least two characters and containing Han text, sorted."""
    words: set[str] = set()
    for feature in features:
        if isinstance(feature, GlossaryFeature):
            words |= {form for entry in feature.entries for form in entry.forms}
        elif isinstance(feature, PeopleFeature):
            words |= {form for entry in feature.directory.entries for form in entry.surfaces}
    return tuple(sorted(w for w in words if len(w) >= MIN_WORD and HAN.search(w) and not any(c.isspace() for c in w)))


def han_runs(texts: Iterable[str]) -> set[str]:
    """The distinct runs of Han text in some texts (generated pages: whatever the index holds)."""
    known = incremental.store().table("han runs")       # a page's runs, while its text is unchanged
    return set().union(*(incremental.remembered(known, text, lambda: frozenset(HAN_RUN.findall(text)))
                         for text in texts))


class PairCount:
    """counted_pairs of a set of distinct texts, kept from build to build: a serve rebuild
    counts only the texts that came or went (an edited article's runs, a derived page's)."""

    def __init__(self) -> None:
        self.texts: frozenset[str] = frozenset()
        self.counts: Counter[tuple[str, str]] = Counter()

    def update(self, texts: frozenset[str], pairs_of: Callable[[str], Iterable[tuple[str, str]]]
               ) -> Counter[tuple[str, str]]:
        """The count for these texts (set operations find what changed since the last one); a
        count that fails midway starts again from nothing next time, never half-updated."""
        try:
            for gone in self.texts - texts:
                self.counts.subtract(pairs_of(gone))
            for new in texts - self.texts:
                self.counts.update(pairs_of(new))
        except BaseException:
            self.texts, self.counts = frozenset(), Counter()
            raise
        self.texts, self.counts = texts, +self.counts      # + drops the pairs counted down to 0
        return self.counts


def counted_pairs(texts: frozenset[str], converter: Converter) -> Counter[tuple[str, str]]:
    """How often each simplified character was written as each traditional one in these texts,
    each converted whole (so phrase rules choose, as on the pages: 头发 → 頭髮, 发展 → 發展);
    while serving, from the last build's count. A full build converts the texts it has not
    memoised with workers (republish.workers) first."""
    known = _aligned_memo(converter)
    count = incremental.remembered(incremental.store().table("character count"),
                                   incremental.converter_key(converter), PairCount)
    new = sorted(text for text in texts - count.texts if known.get(text) is None)
    for text, aligned in zip(new, workers.split_map(functools.partial(_aligned, converter=converter),
                                                    new, [CONVERSION_COST * len(text) for text in new])):
        known[text] = aligned
    counts = count.update(texts, lambda text: _pairs_of(text, converter, known))
    return Counter({pair: n for pair, n in counts.items() if HAN.match(pair[0]) and HAN.match(pair[1])})


def _aligned_memo(converter: Converter) -> incremental.Memo:
    """A text's conversion, kept across serve rebuilds (republish.incremental): only new texts are converted."""
    return incremental.store().table(f"aligned conversions {incremental.converter_key(converter)}")


# Every pair of the text, Han or not: Counter counts a zip in C (a test of each character here took
# half of the count's time); counted_pairs keeps the Han ones, once per distinct pair.
def _pairs_of(text: str, converter: Converter, known: incremental.Memo) -> Iterator[tuple[str, str]]:
    converted = incremental.remembered(known, text, lambda: _aligned(text, converter))
    return zip(text, converted)


# The conversion is kept (and sent back by workers) as one string, not as its pairs: a tuple of
# two characters per character would take about 30 times the memory (about 100 MB at 200
# articles, twice, in the worker and in the build, the highest point of the build's memory).
def _aligned(text: str, converter: Converter) -> str:
    """The text converted, character for character; empty when a rule changed its length (no
    character alignment: no pairs)."""
    converted = converter.to_hant(text)
    return converted if len(converted) == len(text) else ""


def script_maps(pairs: Counter[tuple[str, str]]) -> dict[str, dict[str, str]]:
    """Character maps into each script: 'hant' turns simplified into traditional (for the
    traditional site), 'hans' the reverse. A character takes its most frequent counterpart on the
    site, itself included (干 stays 干 where the site writes 若干 more often than 幹部; on a tie too);
    only characters whose chosen counterpart differs are listed."""
    into: dict[str, defaultdict[str, Counter[str]]] = {"hant": defaultdict(Counter), "hans": defaultdict(Counter)}
    for (simplified, traditional), count in pairs.items():
        into["hant"][simplified][traditional] += count
        into["hans"][traditional][simplified] += count
    maps: dict[str, dict[str, str]] = {}
    for script, chars in into.items():
        chosen = {char: _counterpart(char, counts) for char, counts in sorted(chars.items())}
        maps[script] = {char: other for char, other in chosen.items() if other != char}
    return maps


def _counterpart(char: str, counts: Counter[str]) -> str:
    """The most frequent counterpart; on a tie the character itself, else the lowest code point:
    never the order the texts were counted in, which differs between a full and a serve build."""
    return min(counts, key=lambda other: (-counts[other], other != char, other))


def words_in_scripts(words: Iterable[str], converter: Converter) -> dict[str, list[str]]:
    """The vocabulary as each site writes it."""
    return {"hans": sorted(words), "hant": sorted({converter.to_hant(w) for w in words})}


def script_map_js(maps: dict[str, dict[str, str]], words: dict[str, list[str]]) -> str:
    """The maps and the vocabulary as a script that sets two globals (a file, so it also works from
    file://): window.rpScriptMap and window.rpSearchWords."""
    def data(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return ("// Generated: characters of this site in both scripts, for queries typed in the other one,\n"
            "// and the site's words, which a query must find whole.\n"
            f"window.rpScriptMap={data(maps)};\nwindow.rpSearchWords={data(words)};\n")


def script_map_file(texts: Iterable[str], words: Iterable[str], converter: Converter) -> bytes:
    """The generated script (SCRIPT_MAP_PATH) for pages with these texts and site words."""
    pairs = counted_pairs(frozenset(han_runs(texts)), converter)
    return script_map_js(script_maps(pairs), words_in_scripts(words, converter)).encode("utf-8")
