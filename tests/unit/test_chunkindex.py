"""republish.chunkindex: the served site's index of character pairs."""

from __future__ import annotations

import gzip
from array import array
import json
from pathlib import Path

import pytest

from republish.chunkindex import (Section, bucket, bucket_count, indexed_text, gaps, normalised, plain_text, positions,
                                  sections, write_index)

DOCS = [
    {"location": "a/", "title": "甲篇", "text": "<p>医院 &amp; MDT</p>"},
    {"location": "b/", "title": "乙篇", "text": "<p>医联体</p>"},
    {"location": "a/#s1", "title": "一、医院", "text": "<p>院长说:医院。</p>"},
]


def _read(path: Path) -> object:
    return json.loads(gzip.decompress(path.read_bytes()))


def _positions(gaps: list[int]) -> list[int]:
    found, at = [], 0
    for gap in gaps:
        at += gap
        found.append(at)
    return found


@pytest.mark.parametrize(("markup", "text"), [("<p>医院</p> <p>MDT</p>", "医院 MDT"), ("a &lt;b&gt; &amp;", "a <b> &"),
                                              ("<code>x</code>\n\n y", "x y"), ("H<sub>2</sub>O", "H2O"),
                                              ("<p>医</p><p>院</p>", "医 院"), ("医\u200b院", "医院")])
def test_an_entry_is_read_as_plain_text(markup: str, text: str) -> None:
    assert plain_text(markup) == text


@pytest.mark.parametrize(("text", "expected"), [("MDT\t医院", "mdt 医院"), ("İx", "İx"), ("ǅ", "ǆ"),
                                               ("ΟΔΟΣ", "οδοσ"), ("ΟΔΟΣ İ", "οδοσ İ")])
def test_normalising_keeps_the_length(text: str, expected: str) -> None:
    assert normalised(text) == expected and len(normalised(text)) == len(text)


def test_each_pair_lists_where_it_begins_and_none_begins_with_a_space() -> None:
    text = "医院 院长医院\n"
    found = {pair: list(where) for pair, where in positions(text).items()}
    assert found == {"医院": [0, 5], "院 ": [1], "院长": [3], "长医": [4], "院\n": [6]}
    assert sorted(p for where in found.values() for p in where) == \
        [i for i in range(len(text) - 1) if text[i] not in " \n"]


def test_positions_are_written_as_gaps() -> None:
    written = gaps(positions("医院医院 医院")["医院"])
    assert written == [0, 2, 3] and _positions(written) == [0, 2, 5]


@pytest.mark.parametrize("where, expected", [([7], [7]), ([0], [0]), ([3, 5, 12], [3, 2, 7])])
def test_gaps_of_one_position_and_of_several(where: list[int], expected: list[int]) -> None:
    assert gaps(array("i", where)) == expected


def test_a_section_is_read_title_first_and_every_character_begins_a_pair() -> None:
    assert indexed_text(Section("a/", "", "一、医院", "院长说")) == "一、医院\n院长说\n"


def test_buckets_follow_the_first_character_and_grow_with_the_site() -> None:
    assert bucket("医院", 7) == bucket("医联", 7) == ord("医") % 7
    assert bucket_count(10) == 1 and bucket_count(2_000_000) > bucket_count(200_000) > 1


def test_the_index_holds_pages_sections_positions_and_texts(tmp_path: Path) -> None:
    size = write_index(DOCS, tmp_path, buckets=3)
    meta = _read(tmp_path / "meta.json.gz")
    assert isinstance(meta, dict)
    parts = tmp_path / meta["id"]
    assert meta["pages"] == [["a/", "甲篇"], ["b/", "乙篇"]]
    # a page's sections follow each other: a/#s1 comes before b/
    assert [s[:3] for s in meta["sections"]] == [[0, "", 2], [0, "s1", 4], [1, "", 2]]
    texts = [indexed_text(s) for s in sections([DOCS[0], DOCS[2], DOCS[1]])]
    assert [s[3] for s in meta["sections"]] == [len(t) for t in texts]
    whole = "".join(texts)
    pairs = _read(parts / "b" / f"{ord('医') % 3}.json.gz")
    assert [whole[p:p + 2] for p in _positions(pairs["医院"])] == ["医院"] * 3
    assert len(_positions(pairs["医院"])) == whole.count("医院")
    assert "mdt" in whole and _positions(_read(parts / "b" / f"{ord('m') % 3}.json.gz")["md"]) == [whole.index("md")]
    assert _read(parts / "f" / "0.json.gz") == [["甲篇", "医院 & MDT"], ["一、医院", "院长说:医院。"]]
    assert size.pages == 2 and size.sections == 3 and size.files == 1 + 3 + 2
    assert {p.name for p in (parts / "b").iterdir()} == {"0.json.gz", "1.json.gz", "2.json.gz"}, \
        "a bucket no pair falls in is written too (a missing one means a stale table)"


def test_the_parts_are_named_by_their_content(tmp_path: Path) -> None:
    write_index(DOCS, tmp_path / "one", buckets=3)
    write_index(DOCS[:2], tmp_path / "two", buckets=3)
    ids = [_read(tmp_path / name / "meta.json.gz")["id"] for name in ("one", "two")]  # type: ignore[index]
    assert ids[0] != ids[1] and all((tmp_path / name / i).is_dir() for name, i in zip(("one", "two"), ids))


def test_the_index_is_the_same_bytes_each_time_and_replaces_an_old_one(tmp_path: Path) -> None:
    write_index(DOCS, tmp_path / "one", buckets=3)
    (tmp_path / "two" / "0123" / "b").mkdir(parents=True)
    (tmp_path / "two" / "0123" / "b" / "99.json.gz").write_bytes(b"old")
    write_index(DOCS, tmp_path / "two", buckets=3)
    files = lambda root: {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert files(tmp_path / "one") == files(tmp_path / "two")
