"""Memos kept between builds: round trip, staleness, pruning, and a warm build that loads no dictionary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitekit import SHIPPED_NAMES

from republish import memo
from republish.pinyin import pinyin
from republish.script import ConversionTable, Converter

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fresh_store() -> None:
    """Each test starts from an in-memory store (and leaves one behind)."""
    memo.activate(None)
    yield
    memo.activate(None)


def test_table_computes_once_and_round_trips(tmp_path: Path) -> None:
    calls: list[str] = []
    store = memo.MemoStore(tmp_path)
    table = store.table("upper", "v1")
    assert [table.get(k, lambda t: calls.append(t) or t.upper()) for k in ("ab", "ab", "cd")] == ["AB", "AB", "CD"]
    assert calls == ["ab", "cd"]
    store.save()
    again = memo.MemoStore(tmp_path).table("upper", "v1")
    assert again.get("ab", lambda t: "recomputed") == "AB"


def test_stale_version_and_broken_file_are_ignored(tmp_path: Path) -> None:
    store = memo.MemoStore(tmp_path)
    store.table("upper", "v1").get("ab", str.upper)
    store.save()
    assert memo.MemoStore(tmp_path).table("upper", "v2").get("ab", lambda t: "new") == "new"
    (tmp_path / "upper.json").write_text("{not json", encoding="utf-8")
    assert memo.MemoStore(tmp_path).table("upper", "v1").get("ab", lambda t: "new") == "new"


def test_save_keeps_only_entries_used_since_last_save(tmp_path: Path) -> None:
    store = memo.MemoStore(tmp_path)
    table = store.table("upper", "v1")
    table.get("old", str.upper)
    store.save()
    table.get("new", str.upper)
    store.save()
    entries = json.loads((tmp_path / "upper.json").read_text(encoding="utf-8"))["entries"]
    assert entries == {"new": "NEW"}


def test_a_failed_computation_leaves_nothing_behind(tmp_path: Path) -> None:
    store = memo.MemoStore(tmp_path)
    table = store.table("upper", "v1")

    def broken(text: str) -> str:
        raise ValueError(text)

    with pytest.raises(ValueError):
        table.get("bad", broken)
    table.get("good", str.upper)
    store.save()
    entries = json.loads((tmp_path / "upper.json").read_text(encoding="utf-8"))["entries"]
    assert entries == {"good": "GOOD"}


def test_unwritable_directory_only_stays_cold(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    store = memo.MemoStore(blocker / "memo")          # a directory cannot be made under a file
    store.table("upper", "v1").get("ab", str.upper)
    store.save()
    assert not (blocker / "memo").exists()


def test_converter_results_equal_with_cold_and_warm_memo(tmp_path: Path) -> None:
    text = "医生姜飞军在石峰区为群众看病,临床经验丰富。"
    memo.activate(tmp_path)
    cold = Converter(ConversionTable(tmp_path / "c.yml")).to_hant(text)
    memo.active().save()
    memo.activate(None)
    memo.activate(tmp_path)
    entries = json.loads((tmp_path / "opencc-s2tw.json").read_text(encoding="utf-8"))["entries"]
    assert entries, "the conversion was not memoised"
    assert Converter(ConversionTable(tmp_path / "c.yml")).to_hant(text) == cold == "醫生薑飛軍在石峰區為群眾看病,臨床經驗豐富。"


@pytest.mark.parametrize("text, spelling, expected", [
    ("重症医学科", "normal", ["zhong", "zheng", "yi", "xue", "ke"]),     # a phrase: 重 is zhong here
    ("银行", "tone3", ["yin2", "hang2"]),
    ("邹祖倡★", "codepoints", ["zou", "zu", "chang", "u2605"]),
    ("MDT多学科", "normal", ["MDT", "duo", "xue", "ke"]),
])
def test_pinyin_spellings(text: str, spelling: str, expected: list[str]) -> None:
    assert pinyin(text, spelling) == expected  # type: ignore[arg-type]
    assert pinyin(text, spelling) == expected  # type: ignore[arg-type]  # from the memo


WARM_BUILD = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from republish import pinyin, script, workers
from republish.site import SiteSettings, build_site
site = build_site(SiteSettings(seeds_dir=Path({seeds!r}), data_dir=Path({data!r}), cache_dir=Path({cache!r}),
                               sharing=workers.Sharing({processes}, least=1)))
pages = [site.converter.convert_markup(page.markdown, "hant") for page in site.pages]
site.memos.save()
print(len(pages), "pypinyin" in sys.modules, pinyin._SERVICE.starts, script._opencc.cache_info().currsize)
"""


def test_second_build_loads_neither_pypinyin_nor_opencc(tmp_path: Path) -> None:
    """Cold, pypinyin is asked in its own process (its dictionary never in the build's);
    warm, neither it nor OpenCC is needed at all."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in SHIPPED_NAMES:
        for path in (ROOT / "seeds").glob(Path(name).stem + ".*"):
            (seeds / path.name).write_bytes(path.read_bytes())

    def build(processes: int, memo: str) -> list[str]:
        program = WARM_BUILD.format(root=str(ROOT), seeds=str(seeds), data=str(ROOT / "data"),
                                    cache=str(tmp_path / memo), processes=processes)
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
        return done.stdout.split()

    pages, pypinyin_here, services, opencc_instances = build(2, "shared")
    assert (pypinyin_here, services, opencc_instances) == ("False", "1", "1"), \
        "cold, in a build that shares its loops: pypinyin in one service process, OpenCC here"
    assert build(2, "shared") == [pages, "False", "0", "0"], "warm: every answer from the memo"
    assert build(1, "alone") == [pages, "True", "0", "1"], "in one process: pypinyin here, no service"
