"""Failures that explain themselves cheaply: a short description of how two large things differ,
and the full evidence written to a folder the message names.

pytest prints whole diffs of large structures when it believes it runs on CI (`CI` set), which once
turned one red comparison into a 38 MB log. Tests comparing large things assert on `differences()`
instead and keep the bulk on disk."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "test-results"     # ignored by git; CI uploads it when a test fails
SHOWN = 5                           # differences printed in a message
CLIP = 80                           # characters of one value printed
LARGE = 2_000                       # characters of repr above which a comparison is summarised


def evidence_dir(test_name: str) -> Path:
    """A fresh folder for one test's evidence, named after the test."""
    folder = RESULTS / re.sub(r"[^\w.-]+", "_", test_name).strip("_")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.is_file():
            old.unlink()
    return folder


def clip(value: object) -> str:
    text = repr(value)
    return text if len(text) <= CLIP else text[:CLIP - 1] + "…"


def differences(left: object, right: object, path: str = "") -> Iterable[str]:
    """Yield one line per difference between two JSON-like values, depth first, in order."""
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        for key in sorted(set(left) | set(right), key=str):
            where = f"{path}.{key}" if path else str(key)
            if key not in right:
                yield f"{where}: only left ({clip(left[key])})"
            elif key not in left:
                yield f"{where}: only right ({clip(right[key])})"
            else:
                yield from differences(left[key], right[key], where)
    elif isinstance(left, Sequence) and isinstance(right, Sequence) and not isinstance(left, (str, bytes)) \
            and not isinstance(right, (str, bytes)):
        for index, (a, b) in enumerate(zip(left, right)):
            yield from differences(a, b, f"{path}[{index}]")
        if len(left) != len(right):
            yield f"{path}: {len(left)} items against {len(right)}"
    elif left != right:
        yield f"{path or 'value'}: {clip(left)} != {clip(right)}"


def summary(left: object, right: object, limit: int = SHOWN) -> str:
    """The first few differences and how many there are in all ('' when equal)."""
    found = list(differences(left, right))
    if not found:
        return ""
    more = f"\n  … {len(found) - limit} more" if len(found) > limit else ""
    return "\n  ".join(["", *found[:limit]]) + more


def save_json(folder: Path, name: str, value: object) -> Path:
    path = folder / name
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def explain_large_comparison(op: str, left: object, right: object) -> list[str] | None:
    """pytest's assertion explanation for `==` between large values: their first differences.

    pytest prints the whole diff, untruncated, when CI is set: one failed comparison of two style
    dumps once wrote a 38 MB log. Small values keep pytest's own explanation (None)."""
    if op != "==" or (len(repr(left)) < LARGE and len(repr(right)) < LARGE):
        return None
    return [f"{type(left).__name__} == {type(right).__name__} failed (large values, first differences):",
            *summary(left, right).splitlines()[1:]]
