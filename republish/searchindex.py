"""The search indexes the built site ships: Material's (offline) and Pagefind's (served).

Material's search plugin writes one JSON index per script that the browser downloads whole and
indexes before the first result (about 13 MB per script at 1 000 articles). On a served site
(http/https) Pagefind replaces it: an index cut into small chunks, of which a query downloads only
the few that hold its words, one index per `<html lang>` (zh-Hans and zh-Hant come out of one run
over the site). Material's index then keeps only its `config` (the word separator its highlighter
on the target page needs) and no documents. A page opened from disk (file://) cannot fetch chunks,
so the offline build keeps Material's whole index. Nothing here imports MkDocs.
"""

from __future__ import annotations

import json
import resource
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .writer import NOT_SEARCHED

PAGEFIND_DIR = "pagefind"
TOOLS_ROOT = Path(__file__).resolve().parent.parent   # where package.json's node_modules/ lives
# What Pagefind reads of a page: Material's content column, as Material's own index does, without
# the blocks kept out of search (lists that repeat article text), the "#" permalinks and the
# 404 page (it has no content column, so Pagefind skips it). Material's names live beside the
# templates (overrides/pagefind.json).
SELECTORS = json.loads((TOOLS_ROOT / "overrides" / "pagefind.json").read_text(encoding="utf-8"))
ROOT_SELECTOR = SELECTORS["root_selector"]
EXCLUDED = f"[{NOT_SEARCHED}], {SELECTORS['exclude_selectors']}"
# Pagefind's own search interfaces: the reader sees Material's (docs/assets/rp-search.js).
UNUSED_UI = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
             "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


@dataclass(frozen=True)
class IndexRun:
    """What one Pagefind run over the site reported."""

    seconds: float      # wall clock
    cpu: float          # the binary's user + system time (it runs threads on every core)
    output: str


class SearchIndexError(RuntimeError):
    """Pagefind could not index the built site."""


def utf8_index(index_json: str) -> str:
    """Material's index written as UTF-8 text: the plugin writes every Chinese character as a
    six-byte \\u escape (twice the bytes of UTF-8)."""
    return index_text(json.loads(index_json))


def index_text(index: dict[str, Any]) -> str:
    """A parsed index as the site writes it: UTF-8 text, no spaces."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def config_only_index(index_json: str) -> str:
    """Material's index without its documents: what a served page's highlighter still reads."""
    data = json.loads(index_json)
    return json.dumps({"config": data.get("config", {}), "docs": []}, ensure_ascii=False, separators=(",", ":"))


def pagefind_executable(tools_root: Path = TOOLS_ROOT) -> Path | None:
    """The pinned extended Pagefind binary (npm `pagefind`, package.json: its platform package
    carries the binary, which segments Chinese); None when `npm ci` has not installed it. Only the
    binary runs: the build needs no Node."""
    for candidate in sorted(tools_root.glob("node_modules/@pagefind/*/bin/pagefind_extended")):
        if candidate.is_file():
            return candidate
    return None


def pagefind_command(executable: Path, site_dir: Path) -> list[str]:
    """The command line that indexes a built site into `<site>/pagefind/`."""
    return [str(executable), "--site", str(site_dir), "--output-subdir", PAGEFIND_DIR,
            "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDED, "--quiet"]


def run_pagefind(executable: Path, site_dir: Path) -> IndexRun:
    """Index the built site (both scripts: Pagefind keeps one index per page language)."""
    start, before = time.perf_counter(), _children_cpu()
    proc = subprocess.run(pagefind_command(executable, site_dir), capture_output=True, text=True, check=False)
    output = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0 or not (site_dir / PAGEFIND_DIR / "pagefind.js").exists():
        raise SearchIndexError(f"Pagefind failed to index {site_dir} (exit {proc.returncode}): "
                               f"{output.splitlines()[-1] if output else 'no output'}")
    for name in UNUSED_UI:
        (site_dir / PAGEFIND_DIR / name).unlink(missing_ok=True)
    return IndexRun(time.perf_counter() - start, _children_cpu() - before, output)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
