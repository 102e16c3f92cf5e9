"""Simplified ⇄ traditional conversion: profile, overrides, pages, script detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitekit import SHIPPED

from republish.errors import EditorError
from republish.script import (
    ConversionTable,
    Converter,
    Override,
    available_profiles,
    detect_script,
    load_conversion,
)

ROOT = Path(__file__).resolve().parents[2]
DATA_FILE = ROOT / "data" / "conversion.yml"
SEEDS = list(SHIPPED)

# A paragraph written in Taiwan-standard traditional characters.
TRADITIONAL_PARAGRAPH = ("近年來，醫院積極建設區域協同醫療平臺，為群眾提供臨床診療服務，"
                         "並與國內頂尖醫院建立雙向轉診合作關係。")


@pytest.fixture(scope="module")
def shipped() -> Converter:
    """The converter built from the shipped data file, with its default profile."""
    return Converter(load_conversion(DATA_FILE))


def table(*rules: tuple[str, str], profile: str = "s2tw") -> ConversionTable:
    """A conversion table built in memory from (hans, hant) pairs."""
    return ConversionTable(Path("test.yml"), profile, tuple(Override(s, t) for s, t in rules))


def seed_texts() -> list[str]:
    """The full text of every seed."""
    assert len(SEEDS) >= 2, "the seeds are missing"
    return [p.read_text(encoding="utf-8") for p in SEEDS]


def write(tmp_path: Path, text: str) -> Path:
    """A conversion file with the given content."""
    path = tmp_path / "conversion.yml"
    path.write_text(text, encoding="utf-8")
    return path


# -----------------------------------------------------------------------------
# Profile
# -----------------------------------------------------------------------------

def test_shipped_profile_is_taiwan_standard() -> None:
    assert load_conversion(DATA_FILE).profile == "s2tw"


@pytest.mark.parametrize("hans, hant", [("为", "為"), ("群众", "群眾"), ("临床", "臨床"),
                                        ("石峰区", "石峰區")])
def test_default_profile_writes_current_standard_forms(shipped: Converter, hans: str,
                                                       hant: str) -> None:
    assert shipped.to_hant(hans) == hant


@pytest.mark.parametrize("hans, hant", [("为", "爲"), ("群众", "羣衆"), ("临床", "臨牀")])
def test_s2t_profile_writes_old_variant_forms(hans: str, hant: str) -> None:
    assert Converter(load_conversion(DATA_FILE), "s2t").to_hant(hans) == hant


def test_place_override_holds_under_every_profile() -> None:
    conversion = load_conversion(DATA_FILE)
    for profile in available_profiles():
        assert Converter(conversion, profile).to_hant("家住石峰区") == "家住石峰區", profile


def test_without_override_s2t_would_change_the_place_name() -> None:
    assert Converter(table(profile="s2t")).to_hant("石峰区") == "石峯區"


def test_available_profiles_are_simplified_to_traditional() -> None:
    assert set(available_profiles()) == {"s2t", "s2tw", "s2twp", "s2hk"}


# -----------------------------------------------------------------------------
# Overrides
# -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, plain, protected", [
    ("记者范晓明说", "記者範曉明說", "記者范曉明說"),
    ("他叫余强", "他叫餘強", "他叫余強"),
])
def test_surnames_fan_and_yu_are_protected_by_overrides(text: str, plain: str,
                                                        protected: str) -> None:
    assert Converter(table()).to_hant(text) == plain
    rules = table(("范晓明", "范曉明"), ("余强", "余強"))
    assert Converter(rules).to_hant(text) == protected


def test_override_shields_a_name_from_phrases_across_its_edge(shipped: Converter) -> None:
    assert Converter(table()).to_hant("主任医生姜飞军") == "主任醫生薑飛軍"
    assert shipped.to_hant("主任医生姜飞军") == "主任醫生姜飛軍"


@pytest.mark.parametrize("hans, hant", [
    ("实际的分配制度,不断", "實際的分配制度,不斷"),
    ("把好干部标准", "把好幹部標準"),
    ("奋斗新征程", "奮鬥新征程"),
    ("特征程序", "特徵程序"),
    ("并了解患者", "並了解患者"),
    ("连连点赞", "連連點讚"),
])
def test_shipped_overrides_fix_general_text(shipped: Converter, hans: str, hant: str) -> None:
    assert shipped.to_hant(hans) == hant


def test_longest_override_wins() -> None:
    rules = table(("石峰", "甲"), ("石峰区", "乙"))
    assert Converter(rules).to_hant("石峰区和石峰山") == "乙和甲山"


def test_override_output_is_not_reconverted() -> None:
    assert Converter(table(("发哥", "发哥"))).to_hant("发哥发言") == "发哥發言"


def test_overrides_apply_in_reverse_for_to_hans() -> None:
    rules = table(("范晓明", "范曉明"))
    assert Converter(rules).to_hans("記者范曉明說") == "记者范晓明说"
    assert Converter(table()).to_hans("範圍") == "范围"


# -----------------------------------------------------------------------------
# Pages
# -----------------------------------------------------------------------------

def test_markup_conversion_changes_only_chinese(shipped: Converter) -> None:
    page = ('<p id="s1-p2" class="rp-block">为群众<a href="@/x.md#a" class="rp-ed">'
            '石峰区</a>&#42; `code` 医院</p>')
    expected = ('<p id="s1-p2" class="rp-block">為群眾<a href="@/x.md#a" class="rp-ed">'
                '石峰區</a>&#42; `code` 醫院</p>')
    assert shipped.convert_markup(page, "hant") == expected
    assert shipped.convert_markup(expected, "hans") == page


def test_markup_conversion_equals_text_conversion_on_seeds(shipped: Converter) -> None:
    for text in seed_texts():
        assert shipped.convert_markup(text, "hant") == shipped.to_hant(text)


def test_markup_conversion_memoises_runs() -> None:
    converter = Converter(table())
    converter.convert_markup("<b>医院</b><i>医院</i>", "hant")
    info = converter.cache_info("hant")
    assert (info.hits, info.misses) == (1, 1)


def test_unknown_direction_is_refused(shipped: Converter) -> None:
    with pytest.raises(ValueError):
        shipped.convert_markup("医院", "zh-TW")  # type: ignore[arg-type]


# -----------------------------------------------------------------------------
# Traditional → simplified
# -----------------------------------------------------------------------------

def test_to_hans_of_a_traditional_text(shipped: Converter) -> None:
    expected = ("近年来，医院积极建设区域协同医疗平台，为群众提供临床诊疗服务，"
                "并与国内顶尖医院建立双向转诊合作关系。")
    assert shipped.to_hans(TRADITIONAL_PARAGRAPH) == expected
    assert shipped.to_hant(expected) == TRADITIONAL_PARAGRAPH


def test_crafted_traditional_text_round_trips(shipped: Converter) -> None:
    text = "醫生姜飛軍在石峰區了解後，為群眾點讚。"
    assert shipped.to_hant(shipped.to_hans(text)) == text
    assert shipped.to_hans(text) == "医生姜飞军在石峰区了解后，为群众点赞。"


def test_seeds_round_trip(shipped: Converter) -> None:
    for text in seed_texts():
        assert shipped.to_hans(shipped.to_hant(text)) == text


# -----------------------------------------------------------------------------
# Script detection and stability
# -----------------------------------------------------------------------------

def test_seeds_are_detected_as_simplified() -> None:
    for text in seed_texts():
        assert detect_script(text) == "hans"


@pytest.mark.parametrize("text, script", [
    (TRADITIONAL_PARAGRAPH, "hant"),
    ("近年来,医院积极建设区域协同医疗平台。", "hans"),
    ("PCCM 2023", "hans"),
    ("", "hans"),
])
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_converted_seeds_are_detected_as_traditional(shipped: Converter) -> None:
    for text in seed_texts():
        assert detect_script(shipped.to_hant(text)) == "hant"


@pytest.mark.parametrize("profile", ["s2tw", "s2t", "s2hk", "s2twp"])
def test_converting_converted_seeds_again_changes_nothing(profile: str) -> None:
    converter = Converter(load_conversion(DATA_FILE), profile)
    for text in seed_texts():
        converted = converter.to_hant(text)
        assert converter.to_hant(converted) == converted
        assert converter.is_stable_hant(converted)
        assert not converter.is_stable_hant(text)


# -----------------------------------------------------------------------------
# Validation of the data file
# -----------------------------------------------------------------------------

GOOD = "profile: s2tw\noverrides:\n  - hans: 石峰区\n    hant: 石峰區\n    note: district\n"


def test_valid_file_loads(tmp_path: Path) -> None:
    loaded = load_conversion(write(tmp_path, GOOD))
    assert loaded.profile == "s2tw"
    assert [(o.hans, o.hant, o.note, o.line) for o in loaded.overrides] == [
        ("石峰区", "石峰區", "district", 3)]


def test_empty_file_means_defaults(tmp_path: Path) -> None:
    loaded = load_conversion(write(tmp_path, ""))
    assert (loaded.profile, loaded.overrides) == ("s2tw", ())


def test_empty_override_list_is_allowed(tmp_path: Path) -> None:
    assert load_conversion(write(tmp_path, "profile: s2t\noverrides:\n")).overrides == ()


@pytest.mark.parametrize("text, line, words", [
    ("profile: s2tw\noverrides:\n  - hans: [石峰区\n", 4, "YAML error"),
    ("profile: 5\n", 1, "'profile' must be text"),
    ("overrides:\n  hans: 石峰区\n", 1, "'overrides' must be a list"),
    ("overrides:\n  - 石峰区\n", 2, "must be a mapping"),
    ("overrides:\n  - hans: 123\n    hant: 石峰區\n", 2, "'hans' must be text"),
    ("profiles: s2tw\n", 1, "unknown key 'profiles'"),
    ("overrides:\n  - hans: 石峰区\n    hant: 石峰區\n    why: x\n", 4, "unknown key 'why'"),
    ("overrides:\n  - hans: ''\n    hant: 石峰區\n", 2, "'hans' is empty"),
    ("overrides:\n  - hans: 石峰区\n    hant:\n", 3, "'hant' must be text, not empty"),
    ("overrides:\n  - hant: 石峰區\n", 2, "lacks the required key 'hans'"),
    ("overrides:\n  - hans: 石峰 区\n    hant: 石峰區\n", 2, "contains ASCII"),
    ("overrides:\n  - hans: 石峰区\n    hant: 石峰區\n  - hans: 石峰区\n    hant: 石峯區\n",
     4, "'石峰区' has a second override (first at line 2)"),
    ("overrides:\n  - hans: 余强\n    hant: 余強\n  - hans: 馀强\n    hant: 余強\n",
     4, "converting back is ambiguous"),
    ("profile: s2x\n", 1, "unknown conversion profile 's2x'"),
])
def test_editor_mistakes_are_reported_with_file_and_line(tmp_path: Path, text: str, line: int,
                                                         words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(EditorError) as caught:
        load_conversion(path)
    error = caught.value
    assert (error.path, error.line) == (str(path), line)
    assert words in error.problem
    assert error.fix and "\n" not in str(error)


def test_unknown_profile_override_is_an_editor_error() -> None:
    with pytest.raises(EditorError) as caught:
        Converter(table(), "zh-tw", profile_origin="mkdocs.yml")
    assert caught.value.path == "mkdocs.yml"
    assert "s2tw" in caught.value.fix
