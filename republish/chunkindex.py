"""The served site's search index, cut into chunks: character pairs and where they occur.

Material's search downloads its whole index and builds it in the browser before the first result
(about 13 MB per script at 1 000 articles). On a served site (http/https) the reader's browser
fetches this index instead, a few files per query (docs/assets/rp-search.js):

    search/chunks/meta.json.gz         {"v", "id", "buckets", "pages": [[location, title]],
                                        "sections": [[page, anchor, title length, indexed length]]}
    search/chunks/<id>/b/<k>.json.gz   {pair: [first position, gap, gap, …]}, every k < buckets
    search/chunks/<id>/f/<page>.json.gz [[title, text] of each of the page's sections]

It is written from Material's own search entries (one per page and heading section, the blocks
and pages kept out of search already left out), so both searches cover the same text. A section
is read as `title \\n text \\n`, the sections one after another (positions count from the
first); every character of it is the first of exactly one pair (the
newline closes the last one), so a query of one character is the union of the pairs it begins,
and a longer one is found where its pairs follow each other: every substring of the site's text
is found, whatever a word segmenter would have made of it. The pairs go to bucket `code point of
the first character % buckets`: a query reads one bucket per distinct first character.

Positions count code points of the normalised text, which has as many as the text itself (a
letter whose lower case is longer stays as it is, any white space is one space), so they index
the fragments' texts as the browser reads them. Nothing here imports MkDocs.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import operator
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHUNKS_DIR = "search/chunks"        # under each script's root, beside Material's search_index.json
FORMAT_VERSION = 1
POSITIONS_PER_BUCKET = 2_000     # about 4 KB compressed: a bucket per distinct first character of a query
MOST_BUCKETS = 4_096
TAG = re.compile(r"</?([a-zA-Z0-9]*)[^>]*>")
# The tags Material keeps in an entry's text that sit inside a run of text (H<sub>2</sub>O); the
# others (p, li, ul, ol, pre) end one.
INLINE_TAGS = frozenset({"code", "sub", "sup"})
ZERO_WIDTH_SPACE = "\u200b"        # jieba's separator, should Material's index still cut words
SPACES = re.compile(r"\s")
GZIP_LEVEL = 6


@dataclass(frozen=True)
class Section:
    """One entry of Material's index: a page (no anchor) or one of its heading sections."""

    page: str           # the page's location, as Material writes it (`about/`)
    anchor: str         # "" for the page's own entry
    title: str
    text: str


@dataclass(frozen=True)
class IndexSize:
    """What one script's index came to."""

    pages: int
    sections: int
    pairs: int
    files: int
    bytes: int


def sections(docs: Iterable[Mapping[str, Any]]) -> list[Section]:
    """Material's index entries as plain text (its entries keep a few tags and entities)."""
    found = []
    for doc in docs:
        page, _, anchor = str(doc.get("location", "")).partition("#")
        found.append(Section(page, anchor, plain_text(str(doc.get("title", ""))),
                             plain_text(str(doc.get("text", "")))))
    return found


def plain_text(markup: str) -> str:
    """Text of an entry's markup: tags dropped (a block's as a space), entities read, runs of
    space made one."""
    text = TAG.sub(lambda tag: "" if tag.group(1).lower() in INLINE_TAGS else " ", markup)
    return " ".join(html.unescape(text).replace(ZERO_WIDTH_SPACE, "").split())


def normalised(text: str) -> str:
    """The text as pairs are taken from it: lower case, white space a space, the same length."""
    spaced = SPACES.sub(" ", text)
    lowered = spaced.lower()
    # str.lower is the browser's toLowerCase one character at a time, but where a character's
    # lower case is longer (İ) and for the final sigma (ΟΔΟΣ -> οδος, σ alone)
    if len(lowered) == len(spaced) and "Σ" not in spaced:
        return lowered
    return "".join(lower if len(lower := c.lower()) == 1 else c for c in spaced)


def indexed_text(section: Section) -> str:
    """A section as the index reads it: title, newline, text, newline."""
    return f"{normalised(section.title)}\n{normalised(section.text)}\n"


def positions(text: str) -> dict[str, array[int]]:
    """Where each pair of the text begins. Pairs that begin with white space are left out: a query
    is cut at white space, so none begins with it. (Positions are 32-bit: a list of Python ints
    would take nine times the memory, about 25 MB per million characters.)"""
    found: defaultdict[str, array[int]] = defaultdict(lambda: array("i"))
    for position in range(len(text) - 1):
        found[text[position:position + 2]].append(position)
    for pair in [pair for pair in found if pair[0] in " \n"]:
        del found[pair]
    return dict(found)


def gaps(where: array[int]) -> list[int]:
    """Positions as gaps: [first position, gap, gap, …] (mostly small numbers: shorter JSON)."""
    if len(where) == 1:     # most pairs of a site occur once: no slices to make
        return [where[0]]
    return [where[0], *map(operator.sub, where[1:], where[:-1])]


def bucket_count(characters: int) -> int:
    """Buckets for an index of this many characters (positions): more for a larger site, so a
    query's download stays about the same."""
    return max(1, min(MOST_BUCKETS, characters // POSITIONS_PER_BUCKET))


def bucket(pair: str, buckets: int) -> int:
    """The bucket a pair is in: by its first character, so one-character queries read one file."""
    return ord(pair[0]) % buckets


def write_index(docs: Iterable[Mapping[str, Any]], target: Path, buckets: int | None = None) -> IndexSize:
    """Write one script's index into `target` (its search/chunks directory), replacing any there."""
    entries = sections(docs)
    pages: dict[str, int] = {}
    for entry in entries:
        pages.setdefault(entry.page, len(pages))
    entries.sort(key=lambda entry: pages[entry.page])     # a page's sections follow each other
    texts = [indexed_text(entry) for entry in entries]
    buckets = buckets or bucket_count(sum(map(len, texts)))
    found = positions("".join(texts))
    parts = {**_bucket_files(found, buckets), **_fragment_files(entries, pages)}
    version = _version(parts)
    meta = {"v": FORMAT_VERSION, "id": version, **_meta(entries, texts, pages, buckets)}
    files = {"meta.json.gz": _gzip(_json(meta)), **{f"{version}/{name}": data for name, data in parts.items()}}
    _replace(target, files)
    return IndexSize(len(pages), len(entries), len(found), len(files), sum(map(len, files.values())))


def write_index_job(job: tuple[list[dict[str, Any]], str]) -> IndexSize:
    """write_index of (docs, target directory), as a job in a process of its own (republish.workers.spawn)."""
    docs, target = job
    return write_index(docs, Path(target))


def _meta(entries: list[Section], texts: list[str], pages: dict[str, int], buckets: int) -> dict[str, Any]:
    titles = {entry.page: entry.title for entry in entries if not entry.anchor}
    return {"buckets": buckets,
            "pages": [[page, titles.get(page, "")] for page in pages],
            "sections": [[pages[e.page], e.anchor, len(e.title), len(text)] for e, text in zip(entries, texts)]}


def _bucket_files(found: dict[str, array[int]], buckets: int) -> dict[str, bytes]:
    by_bucket: dict[int, list[str]] = {number: [] for number in range(buckets)}   # every one: a missing
    for pair in sorted(found):                                                  # file means a stale table
        by_bucket[bucket(pair, buckets)].append(pair)
    return {f"b/{number}.json.gz": _gzip(_json({pair: gaps(found[pair]) for pair in pairs}))
            for number, pairs in by_bucket.items()}


def _fragment_files(entries: list[Section], pages: dict[str, int]) -> dict[str, bytes]:
    fragments: dict[int, list[list[str]]] = defaultdict(list)
    for entry in entries:
        fragments[pages[entry.page]].append([entry.title, entry.text])
    return {f"f/{number}.json.gz": _gzip(_json(content)) for number, content in fragments.items()}


# The buckets and fragments live in a directory named by their content, which meta.json.gz names:
# a reader's tab that read the table before a deploy asks for files that are gone (and reads the
# new table), never for new files that its table does not describe.
def _version(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()[:16]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# mtime=0: the same index is the same bytes, build after build.
def _gzip(text: str) -> bytes:
    return gzip.compress(text.encode("utf-8"), compresslevel=GZIP_LEVEL, mtime=0)


def _replace(target: Path, files: dict[str, bytes]) -> None:
    if target.exists():
        for old in sorted(target.rglob("*"), reverse=True):
            old.unlink() if old.is_file() else old.rmdir()
    for name, content in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
