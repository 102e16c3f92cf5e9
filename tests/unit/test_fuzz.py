"""Fuzz the seed reader and parser: arbitrary bytes and text never crash them or hang them.

Inputs: arbitrary bytes (invalid UTF-8, NUL, BOMs, lone CR), the same under a declared encoding
(including unknown ones), arbitrary Unicode text, and line-structured text built from the
characters the layout grammar reacts to ('#', digits, '——', '文/', furniture, ornaments).
Each goes through `decode_seed` + `check_content` (bytes) and then `parse_article` (with random
`kinds` overrides) and `render_article`. The only exception allowed is `EditorError`.

Bounds: a hang detector, not a performance assertion: every input runs under a SIGALRM guard of
HANG_SECONDS = 5 s (one input, not the whole test). Total time is bounded by max_examples
(MAX_EXAMPLES per test, derandomized, no example database).
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from republish.errors import EditorError
from republish.parse import parse_article
from republish.render import render_article
from republish.seedfile import check_content, decode_seed

HANG_SECONDS = 5
MAX_EXAMPLES = 300
SOURCE = Path("fuzz.txt")
T = TypeVar("T")
GRAMMAR_PIECES = ("#", "## ", "### ", "1 ", "１２\u3000", "——", "—", "文/", "供图/", "责任编辑:", "06",
                  "第3版", "株洲日报", "2023年6月29日", "星期四", "公益广告", "广告", "“", "「", "。", "！",
                  "张三 李四", "医", "院", " ", "\t", "\u3000", "\n", "\n\n", "\n\n\n", "\r", "\r\n",
                  "\ufeff", "\x00", "\u200b", "\U0002000b", "*", "<", "&", "{", "|")
KINDS = st.dictionaries(st.integers(0, 40), st.sampled_from(("heading", "paragraph", "caption",
                                                             "ornament", "bogus")), max_size=4)
FUZZ = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])


class Hang(Exception):
    """An input took longer than HANG_SECONDS."""


@contextmanager
def hang_guard(seconds: int = HANG_SECONDS) -> Iterator[None]:
    """Raise Hang if the body runs longer than `seconds` (SIGALRM; main thread, POSIX)."""
    def on_alarm(signum: int, frame: object) -> None:
        raise Hang(f"an input took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def editor_errors_only(run: Callable[[], T]) -> T | None:
    """Run under the hang guard; an EditorError is a refusal (fine), anything else fails."""
    with hang_guard():
        try:
            return run()
        except EditorError as error:
            assert "\n" not in error.one_line() and "Fix:" in error.one_line()
            return None


def parse_and_render(text: str, kinds: dict[int, str]) -> str:
    """The core's path from checked text to page Markdown, without features."""
    check_content(SOURCE, text)
    return render_article(parse_article(SOURCE, text, kinds), [])


def from_bytes(data: bytes, declared: str | None, kinds: dict[int, str]) -> str:
    return parse_and_render(decode_seed(SOURCE, data, declared), kinds)


structured_text = st.lists(st.one_of(st.sampled_from(GRAMMAR_PIECES), st.text(max_size=6)),
                           max_size=40).map("".join)


@FUZZ
@given(data=st.binary(max_size=2000), kinds=KINDS)
def test_arbitrary_bytes(data: bytes, kinds: dict[int, str]) -> None:
    editor_errors_only(lambda: from_bytes(data, None, kinds))


@FUZZ
@given(text=structured_text, encoding=st.sampled_from(("utf-8", "gb18030", "big5", "utf-16", "x-none")),
       kinds=KINDS)
def test_encoded_text_under_a_declared_encoding(text: str, encoding: str, kinds: dict[int, str]) -> None:
    data = text.encode(encoding if encoding != "x-none" else "utf-8", errors="replace")
    editor_errors_only(lambda: from_bytes(data, encoding, kinds))


@FUZZ
@given(text=st.one_of(st.text(max_size=2000), structured_text), kinds=KINDS)
def test_arbitrary_text(text: str, kinds: dict[int, str]) -> None:
    editor_errors_only(lambda: parse_and_render(text, kinds))


def test_the_guards_can_fail() -> None:
    """A non-EditorError escapes, and a hang is cut off by the alarm."""
    with pytest.raises(KeyError):
        editor_errors_only(lambda: {}["x"])
    with pytest.raises(Hang):
        with hang_guard(1):
            while True:
                pass
