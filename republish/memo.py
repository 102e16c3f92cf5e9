"""Memos of slow pure functions of text (OpenCC, pypinyin, CSS parsing), kept on disk between builds.

Converting a page to traditional script and spelling a term in pinyin give the
same answer every time for the same library version, yet loading the libraries'
dictionaries and running their pure-Python matching is most of what the
project's own code costs in a build. A memo table maps an input text to its
result; the active store keeps its tables in memory (so `mkdocs serve` reuses
them across rebuilds) and, when it has a directory, in one JSON file per table,
so a fresh `mkdocs build` loads answers instead of dictionaries.

A table file names the library version that produced it and is ignored when
that differs. Saving keeps only the entries used since the last save, so the
files follow the site instead of growing with every edit. The files are a
cache: a missing, stale or unreadable one is rebuilt, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Generic, TypeVar

V = TypeVar("V")
FORMAT = 1      # bump when the file layout changes
DEFAULT_DIR = ".cache/republish"    # relative to the project, beside Material's own .cache/


@lru_cache(maxsize=None)
def version(distribution: str, code: str | None = None) -> str:
    """A table version: the release of the library that computes its values and, where our own
    code shapes them too, a hash of that source file (so editing it invalidates the table)."""
    label = f"{distribution} {metadata.version(distribution)}"
    if code is not None:
        label += f", {Path(code).name} {hashlib.sha256(Path(code).read_bytes()).hexdigest()[:16]}"
    return label


def digest(text: str) -> str:
    """A key for a large text (a stylesheet, a script)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class MemoTable(Generic[V]):
    """One function's answers by input text, with the inputs asked for since the last save."""

    def __init__(self, name: str, version: str, entries: dict[str, V] | None = None) -> None:
        self.name = name
        self.version = version
        self.entries: dict[str, V] = entries or {}
        self.loaded = len(self.entries)
        self.used: set[str] = set()
        self.added = 0

    def get(self, key: str, compute: Callable[[str], V]) -> V:
        """The memoised answer for key, computing (and keeping) it on a miss."""
        try:
            value = self.entries[key]
        except KeyError:
            value = self.entries[key] = compute(key)     # a failure leaves no trace
            self.added += 1
        self.used.add(key)
        return value

    def prune(self) -> bool:
        """Keep only the entries used since the last prune; True if the table changed."""
        changed = self.added > 0 or len(self.used) != len(self.entries)
        if changed:
            self.entries = {key: self.entries[key] for key in self.used}
        self.used, self.added = set(), 0
        return changed


class MemoStore:
    """The memo tables of one build, optionally backed by a directory of JSON files."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self.tables: dict[str, MemoTable[Any]] = {}

    def table(self, name: str, version: str) -> MemoTable[Any]:
        """The table for a function, loaded from disk the first time it is asked for."""
        table = self.tables.get(name)
        if table is None or table.version != version:
            table = self.tables[name] = MemoTable(name, version, self._read(name, version))
        return table

    def save(self) -> None:
        """Write every table that changed (entries used since the last save only)."""
        for table in self.tables.values():
            if table.prune() and self.directory is not None:
                self._write(table)

    def start_worker(self) -> None:
        """In a worker process: count as used only what the worker uses from now on."""
        for table in self.tables.values():
            table.used, table.added = set(), 0

    def worker_entries(self) -> dict[str, tuple[str, dict[str, Any], int]]:
        """What a worker used and added, per table: its version, the entries, how many were new."""
        return {name: (table.version, {key: table.entries[key] for key in table.used}, table.added)
                for name, table in self.tables.items() if table.used}

    def merge_worker(self, entries: dict[str, tuple[str, dict[str, Any], int]]) -> None:
        """Take in what a worker used, as if this process had (so the next save keeps it)."""
        for name, (version, used, added) in entries.items():
            table = self.table(name, version)
            table.entries.update(used)
            table.used.update(used)
            table.added += added

    def _path(self, name: str) -> Path:
        assert self.directory is not None
        return self.directory / f"{name}.json"

    def _read(self, name: str, version: str) -> dict[str, Any]:
        """A table's entries from disk, or nothing if absent, stale or unreadable."""
        if self.directory is None:
            return {}
        try:
            data = json.loads(self._path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != version:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def _write(self, table: MemoTable[Any]) -> None:
        """Replace a table's file atomically (a killed build never leaves half a file)."""
        path = self._path(table.name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            body = {"format": FORMAT, "version": table.version, "entries": table.entries}
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                             prefix=f".{path.name}.", suffix=".tmp") as file:
                # dumps, not dump: json.dump encodes in pure Python, dumps in C (twice as fast)
                file.write(json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True))
            os.replace(file.name, path)
        except (OSError, ValueError):
            pass    # a read-only checkout still builds; it only stays cold


# The store the current build uses; a fresh process starts with one in memory only.
_active = MemoStore()


def activate(directory: Path | None) -> MemoStore:
    """Make the store for a directory the active one (kept if it already is)."""
    global _active
    if _active.directory != directory:
        _active = MemoStore(directory)
    return _active


def active() -> MemoStore:
    """The store in use."""
    return _active


def table(name: str, version: str) -> MemoTable[Any]:
    """A table of the active store."""
    return _active.table(name, version)
