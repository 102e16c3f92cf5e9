"""Incremental rebuilds while `mkdocs serve` runs: results of earlier builds, keyed by their inputs.

A serve rebuild after one saved seed would otherwise redo everything: read and parse
every seed, render every page's Markdown and template, convert every page to
traditional script. Each step here is a pure function of bytes the build already
has (a seed and its sidecar, a page's Markdown, the nav, the settings), so its
result is kept under a digest of exactly those bytes and reused when they come
back unchanged. A changed input gives another key and is computed afresh, so an
incremental build writes what a full build of the same sources writes.

Nothing here imports MkDocs: the adapter (hooks/) decides what a page's key is
made of. The store lives for the process (the hook module is reloaded with every
build, this module is not); each build ends by dropping what it did not use, so
the memory follows the site rather than the editing history.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

Part = bytes | str | None
T = TypeVar("T")


def digest(*parts: Part) -> str:
    """A key for some inputs: each part length-prefixed, so ('ab', 'c') and ('a', 'bc') differ."""
    hasher = hashlib.sha256()
    for part in parts:
        data = b"\x00none" if part is None else part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def file_bytes(path: Path) -> bytes | None:
    """A file's bytes, or None when it does not exist (an absent sidecar is an input too)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


@dataclass
class Counts:
    """What one build reused and what it computed, per kind of result."""

    reused: dict[str, int] = field(default_factory=dict)
    computed: dict[str, int] = field(default_factory=dict)


class Memo(Protocol):
    """What a function that memoises into a dict needs of its memo (a dict, or a ResultCache)."""

    def get(self, key: Any, /) -> Any: ...

    def __setitem__(self, key: Any, value: Any, /) -> None: ...


def remembered(memo: Memo, key: Any, compute: Callable[[], T]) -> T:
    """memo's value for key; computed and kept there when it has none (a value must not be None)."""
    value: T | None = memo.get(key)
    if value is None:
        value = memo[key] = compute()
    return value


class ResultCache:
    """Results by key for one kind of work, keeping across builds only what the last build used.

    Two generations: what this build asked for or computed, and what the last build kept and
    this one has not asked for yet. Ending a build drops the second whole, so it costs nothing
    per key; a set difference over every key hashed ~5×10^5 keys a 1 000-article rebuild (a tuple does
    not keep its hash).
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.entries: dict[Any, Any] = {}       # this build's
        self.previous: dict[Any, Any] = {}      # the last build's, not yet asked for
        self.asked = 0      # this build's look-ups (kept as two numbers: a build makes ~10^5 of them)
        self.found = 0

    def get(self, key: Any) -> Any | None:
        """The result kept under key (counted as reused), or None (counted as computed)."""
        self.asked += 1
        value = self.entries.get(key)
        if value is None:
            value = self.previous.pop(key, None)
            if value is None:
                return None
            self.entries[key] = value
        self.found += 1
        return value

    def put(self, key: Any, value: Any) -> None:
        self.entries[key] = value

    __setitem__ = put       # so a function that takes a dict as its memo can take this

    def __len__(self) -> int:
        return len(self.entries) + len(self.previous)

    def end_build(self, counts: Counts) -> None:
        """Forget what this build did not ask for (an edited page's old versions go); add what it
        reused and computed to counts."""
        self.previous, self.entries = self.entries, {}
        if self.found:
            counts.reused[self.kind] = self.found
        if self.asked > self.found:
            counts.computed[self.kind] = self.asked - self.found
        self.asked = self.found = 0


class Incremental:
    """The caches of one serving process; off (every call computes) until enabled."""

    def __init__(self) -> None:
        self.enabled = False
        self.last = Counts()         # the counts of the last finished build, for tests and logs
        self.caches: dict[str, ResultCache] = {}
        # This build's frozen results by identity, with the key each was made from: a result
        # derived from some of them alone (an article's lines on the theme index) is keyed by
        # those keys, not by its value, which would cost about as much to hash as to recompute.
        self.sources: dict[int, tuple[Any, str]] = {}

    def cache(self, kind: str) -> ResultCache:
        if kind not in self.caches:
            self.caches[kind] = ResultCache(kind)
        return self.caches[kind]

    def table(self, kind: str) -> Memo:
        """A memo to hand to a function that memoises into a dict: kept across builds while
        enabled, a fresh dict (this build only) when off."""
        return self.cache(kind) if self.enabled else {}

    def memo(self, kind: str, key: Hashable, compute: Callable[[], T]) -> T:
        """compute() once per key while enabled; always computed when off."""
        return remembered(self.cache(kind), key, compute) if self.enabled else compute()

    def frozen(self, kind: str, key: str, compute: Callable[[], Any]) -> Any:
        """Like memo, for a mutable result: kept pickled, each caller gets its own copy (the
        features may annotate an article; the next build must see it as parsed)."""
        value = pickle.loads(self.memo(kind, key, lambda: pickle.dumps(compute(), pickle.HIGHEST_PROTOCOL)))
        if self.enabled:
            self.sources[id(value)] = (value, key)
        return value

    def begin_build(self) -> None:
        """Forget the sources of a build that failed before its end."""
        self.sources = {}

    def source_key(self, value: Any) -> str | None:
        """The key a frozen result of this build was made from; None for any other object."""
        known = self.sources.get(id(value))
        return known[1] if known is not None and known[0] is value else None

    def derived(self, kind: str, sources: Iterable[Any], parts: Iterable[Part], compute: Callable[[], T]) -> T:
        """compute(), a function of some frozen results of this build (sources) and of parts
        alone, kept under their keys while enabled; computed when off or a source is unknown."""
        keys = [self.source_key(source) for source in sources] if self.enabled else [None]
        if None in keys:
            return compute()
        return remembered(self.cache(kind), (tuple(keys), tuple(parts)), compute)   # hashes faster than a digest

    def per_block(self, kind: str, article: Any, texts: Sequence[str], parts: Iterable[Part],
                  compute: Callable[[str], T]) -> tuple[T, ...]:
        """compute(text) for each of some of an article's block texts (a function of the text and
        parts alone), kept as one result an article while enabled: one look-up an article, not
        one a block (28 000 a rebuild at 1 000 articles)."""
        return self.derived(kind, (article,), parts, lambda: tuple(compute(text) for text in texts))

    def end_build(self) -> Counts:
        """Close a build: drop unused results, return and remember what it reused."""
        self.last = Counts()
        self.sources = {}
        for cache in self.caches.values():
            cache.end_build(self.last)
        return self.last


# The process's caches: `mkdocs serve` enables them in on_startup; a one-off build never does.
STORE = Incremental()


def enable(on: bool = True) -> Incremental:
    """Switch incremental rebuilds on (serve) or off, starting from empty caches."""
    global STORE
    if STORE.enabled != on:
        STORE = Incremental()
        STORE.enabled = on
    return STORE


def store() -> Incremental:
    return STORE


def article_key(seed: Path, sidecar: Path, *context: Part) -> str:
    """What reading one article depends on: its seed's bytes, its sidecar's, and the context
    (e.g. the conversion settings a traditional source is modelled with)."""
    return digest(seed.name, file_bytes(seed), file_bytes(sidecar), *context)


def converter_key(converter: Any) -> str:
    """The conversion settings a converter applies (profile and override table), as a key part."""
    if converter is None:
        return "none"
    return digest(repr(converter.profile), repr(converter.table))
