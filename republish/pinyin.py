"""Pinyin of Chinese text (pypinyin, phrase-aware), memoised between builds.

Anchors and sort orders of the glossary and the people pages are spelled in
pinyin. Importing pypinyin loads its phrase dictionary (about 0.4 s and 57 MiB),
so it is imported only when a text is not in the memo yet (see republish.memo),
and then in a forked service (republish.workers.Service) that the build closes
once its pages are made: the dictionary never weighs on the build itself, nor on
the workers it forks for MkDocs' page loops.
"""

from __future__ import annotations

from typing import Literal

from . import memo, workers

# normal: toneless syllables, other characters as pypinyin returns them;
# codepoints: toneless, characters without pinyin as hex code points (uXXXX);
# tone3: syllables with tone numbers (zhong1), for sorting.
Spelling = Literal["normal", "codepoints", "tone3"]


def pinyin(text: str, spelling: Spelling = "normal") -> list[str]:
    """The text's pinyin, one item per syllable (or per run pypinyin leaves alone)."""
    table = memo.table(f"pinyin-{spelling}", memo.version("pypinyin", __file__))
    return list(table.get(text, lambda t: _SERVICE((t, spelling))))


def in_own_process(wanted: bool) -> None:
    """Whether pypinyin is asked in a service (a build large enough to fork workers: there it
    saves its dictionary in every process) or here (a small build: one process less)."""
    _SERVICE.enabled = wanted


def release() -> None:
    """Close the pypinyin service, if one runs (a later miss starts it again)."""
    _SERVICE.close()


def _spell_asked(asked: tuple[str, Spelling]) -> list[str]:
    return _spell(*asked)


def _spell(text: str, spelling: Spelling) -> list[str]:
    """Ask pypinyin itself (a memo miss)."""
    from pypinyin import Style, lazy_pinyin
    if spelling == "tone3":
        return lazy_pinyin(text, style=Style.TONE3)
    if spelling == "codepoints":
        # pypinyin takes a list from the callback (one item per character); its hint says str.
        return lazy_pinyin(text, style=Style.NORMAL, errors=_non_han)  # type: ignore[arg-type]
    return lazy_pinyin(text, style=Style.NORMAL)


def _non_han(chars: str) -> list[str]:
    """ASCII runs as they are; other characters without pinyin as hex code points."""
    return [chars] if chars.isascii() else [f"u{ord(c):x}" for c in chars]


_SERVICE: workers.Service[tuple[str, Spelling], list[str]] = workers.Service(_spell_asked)
