"""The search's vocabulary and character maps, as input/expected pairs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from republish.script import Converter, load_conversion
from republish.site import build_features, load_articles
from republish.searchwords import (PairCount, counted_pairs, script_map_js, script_maps, site_vocabulary,
                                   words_in_scripts)

ROOT = Path(__file__).resolve().parent.parent.parent
CONVERTER = Converter(load_conversion(ROOT / "data" / "conversion.yml"))


def test_vocabulary_holds_terms_aliases_and_names_of_two_or_more_han_characters() -> None:
    articles = load_articles(ROOT / "seeds", CONVERTER)
    words = site_vocabulary(build_features(articles, ROOT / "data", CONVERTER))
    for expected in ("紧密型医联体", "冠脉内旋磨术", "邹祖倡", "株洲市二医院"):
        assert expected in words, expected
    assert "MDT" not in words and all(len(w) >= 2 for w in words)
    assert list(words) == sorted(set(words))


@pytest.mark.parametrize("texts, expected", [
    (["肿瘤医院"], {("肿", "腫"), ("瘤", "瘤"), ("医", "醫"), ("院", "院")}),
    (["头发", "发展"], {("头", "頭"), ("发", "髮"), ("发", "發"), ("展", "展")}),
    (["MDT 会诊"], {("会", "會"), ("诊", "診")}),
])
def test_character_pairs_come_from_whole_texts(texts: list[str], expected: set[tuple[str, str]]) -> None:
    assert set(counted_pairs(frozenset(texts), CONVERTER)) == expected


def test_maps_take_the_most_frequent_counterpart_itself_included() -> None:
    pairs = Counter({("发", "發"): 3, ("发", "髮"): 1, ("肿", "腫"): 1, ("干", "干"): 3, ("干", "幹"): 1,
                     ("着", "著"): 1, ("著", "著"): 4})
    assert script_maps(pairs) == {"hant": {"发": "發", "肿": "腫", "着": "著"},
                                  "hans": {"發": "发", "髮": "发", "腫": "肿", "幹": "干"}}


@pytest.mark.parametrize("first, second, expected", [
    (("着", "著"), ("着", "着"), {}),                  # a tie keeps the character itself
    (("着", "着"), ("着", "著"), {}),
    (("后", "後"), ("后", "后"), {}),
    (("干", "幹"), ("干", "乾"), {"干": "乾"}),         # else the lower code point, in either order
    (("干", "乾"), ("干", "幹"), {"干": "乾"}),
])
def test_a_tie_is_broken_whatever_the_counting_order(first: tuple[str, str], second: tuple[str, str],
                                                     expected: dict[str, str]) -> None:
    assert script_maps(Counter([first, second]))["hant"] == expected


def test_a_running_count_equals_a_fresh_count_after_texts_come_and_go() -> None:
    count = PairCount()
    pairs = lambda text: tuple(counted_pairs(frozenset([text]), CONVERTER).elements())
    for texts in (["头发", "发展", "肿瘤医院"], ["发展", "肿瘤医院", "会诊"], ["头发"], ["会诊", "会诊会诊的"], []):
        assert count.update(frozenset(texts), pairs) == counted_pairs(frozenset(texts), CONVERTER), texts


def test_the_map_script_sets_the_map_and_the_words() -> None:
    words = {"hans": ["肿瘤医院"], "hant": ["腫瘤醫院"]}
    assert script_map_js({"hant": {"肿": "腫"}, "hans": {"腫": "肿"}}, words).endswith(
        'window.rpScriptMap={"hans":{"腫":"肿"},"hant":{"肿":"腫"}};\n'
        'window.rpSearchWords={"hans":["肿瘤医院"],"hant":["腫瘤醫院"]};\n')


def test_words_are_given_in_both_scripts() -> None:
    assert words_in_scripts(["紧密型医联体", "邹祖倡"], CONVERTER) == {
        "hans": ["紧密型医联体", "邹祖倡"], "hant": ["緊密型醫聯體", "鄒祖倡"]}
