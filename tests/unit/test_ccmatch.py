"""republish.ccmatch converts every piece exactly as OpenCC itself does, for every profile."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from opencc import OpenCC

from republish.ccmatch import PieceMatcher
from republish.script import REVERSE_PROFILE, available_profiles

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted({p for forward in available_profiles() for p in (forward, REVERSE_PROFILE[forward])})


@lru_cache(maxsize=None)
def pair(profile: str) -> tuple[OpenCC, PieceMatcher]:
    opencc = OpenCC(profile)
    return opencc, PieceMatcher(opencc)


@lru_cache(maxsize=None)
def keys_of(profile: str) -> list[str]:
    """Every key of the profile's dictionaries, sorted: the material its matching works on."""
    opencc, _ = pair(profile)
    return sorted({key for group in opencc._dict_chain_data for _, _, keys in group for key in keys})


def pieces(text: str, opencc: OpenCC) -> list[str]:
    return [piece for piece in opencc.split_chars_re.split(text)[::2] if piece]


def mismatches(profile: str, texts: list[str]) -> list[str]:
    opencc, matcher = pair(profile)
    return [f"{p!r}: OpenCC {opencc.convert(p)!r}, ccmatch {matcher.convert_piece(p)!r}"
            for p in texts if opencc.convert(p) != matcher.convert_piece(p)]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_piece_of_the_seeds_and_data(profile: str) -> None:
    opencc, _ = pair(profile)
    texts = [p.read_text(encoding="utf-8") for p in [*(ROOT / "seeds").glob("*.txt"), *(ROOT / "data").rglob("*.yml")]]
    traditional = OpenCC("s2t")     # the reverse profiles get traditional text to work on
    source = [traditional.convert(t) for t in texts] if profile in REVERSE_PROFILE.values() else texts
    bad = mismatches(profile, sorted({p for t in source for p in pieces(t, opencc)}))
    if bad:
        pytest.fail(f"{profile}: {len(bad)} pieces differ, e.g. " + "; ".join(bad[:3]), pytrace=False)


@st.composite
def key_salad(draw: st.DrawFn, profile: str) -> str:
    """Keys of the profile and parts of keys run together: overlapping, nested and adjacent matches."""
    keys = keys_of(profile)
    parts = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=12))
    cuts = draw(st.lists(st.integers(0, 3), min_size=len(parts), max_size=len(parts)))
    return "".join(part[cut:] if cut < len(part) else part for part, cut in zip(parts, cuts))


@pytest.mark.parametrize("profile", ["s2tw", "tw2s", "s2t"])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_random_runs_of_dictionary_keys(profile: str, data: st.DataObject) -> None:
    opencc, _ = pair(profile)
    text = data.draw(key_salad(profile))
    bad = mismatches(profile, pieces(text, opencc))
    if bad:
        pytest.fail(f"{profile}: " + "; ".join(bad[:3]), pytrace=False)


def test_a_long_run_without_separators() -> None:
    """Hundreds of matches in one piece: no recursion limit, same result."""
    text = "".join(keys_of("s2tw")[::40])
    opencc, matcher = pair("s2tw")
    long_piece = max(pieces(text, opencc), key=len)
    assert len(long_piece) > 2000
    assert matcher.convert_piece(long_piece) == opencc.convert(long_piece), "the long piece differs"
