"""The caches of incremental serve rebuilds (republish.incremental)."""

from __future__ import annotations

from pathlib import Path

import pytest

from republish import incremental


@pytest.fixture()
def store() -> incremental.Incremental:
    store = incremental.enable(True)
    yield store
    incremental.enable(False)


def test_digest_separates_its_parts() -> None:
    assert incremental.digest("ab", "c") != incremental.digest("a", "bc")
    assert incremental.digest(None) != incremental.digest("")
    assert incremental.digest("页", b"x") == incremental.digest("页".encode("utf-8"), "x")


def test_a_result_is_computed_once_per_key_and_forgotten_when_a_build_does_not_use_it(
        store: incremental.Incremental) -> None:
    calls: list[str] = []

    def compute(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert store.memo("kind", "k1", lambda: compute("a")) == "A"
    assert store.memo("kind", "k1", lambda: compute("b")) == "A"
    assert store.end_build().reused == {"kind": 1} and calls == ["a"]
    store.memo("kind", "k2", lambda: compute("c"))       # this build never asks for k1
    store.end_build()
    assert store.memo("kind", "k1", lambda: compute("d")) == "D", "an unused result was kept"


def test_the_kept_results_are_those_of_the_last_build_and_no_more(store: incremental.Incremental) -> None:
    for build in range(4):                  # each build asks for "page" and for a key of its own
        assert store.memo("kind", "page", lambda: "P") == "P"
        store.memo("kind", f"edit {build}", lambda: "E")
        store.end_build()
    assert len(store.cache("kind")) == 2, "the results of older builds were kept"
    assert store.memo("kind", "page", lambda: "again") == "P", "a result every build used was lost"


def test_off_computes_every_time() -> None:
    store = incremental.enable(False)
    calls: list[int] = []
    for _ in range(2):
        store.memo("kind", "k", lambda: calls.append(1))
    assert len(calls) == 2 and store.table("t") == {}


def test_a_frozen_result_is_a_fresh_copy_each_time(store: incremental.Incremental) -> None:
    first = store.frozen("article", "k", lambda: {"warnings": []})
    first["warnings"].append("changed by a feature")
    assert store.frozen("article", "k", lambda: {"warnings": ["computed again"]}) == {"warnings": []}


def test_an_article_key_follows_its_seed_and_its_sidecar(tmp_path: Path) -> None:
    seed, sidecar = tmp_path / "a.txt", tmp_path / "a.yml"
    seed.write_text("标题\n", encoding="utf-8")
    keys = {incremental.article_key(seed, sidecar, "ctx")}
    sidecar.write_text("title: 标题\n", encoding="utf-8")
    keys.add(incremental.article_key(seed, sidecar, "ctx"))
    seed.write_text("标题二\n", encoding="utf-8")
    keys.add(incremental.article_key(seed, sidecar, "ctx"))
    keys.add(incremental.article_key(seed, sidecar, "other conversion"))
    assert len(keys) == 4


def test_a_derived_result_is_kept_by_the_keys_of_its_sources_and_its_parts(store: incremental.Incremental) -> None:
    calls: list[str] = []

    def derive(label: str) -> str:
        calls.append(label)
        return label

    a, b = store.frozen("article", "ka", lambda: ["a"]), store.frozen("article", "kb", lambda: ["b"])
    assert store.source_key(a) == "ka" and store.source_key(["a"]) is None     # by identity, not by value
    assert store.derived("lines", [a, b], ["theme"], lambda: derive("1")) == "1"
    assert store.derived("lines", [a, b], ["theme"], lambda: derive("2")) == "1"
    assert store.derived("lines", [b, a], ["theme"], lambda: derive("3")) == "3"       # order counts
    assert store.derived("lines", [a], ["b", "theme"], lambda: derive("4")) == "4"    # sources ≠ parts
    assert store.derived("lines", [["a"]], ["theme"], lambda: derive("5")) == "5"     # an unknown source
    assert store.derived("lines", [["a"]], ["theme"], lambda: derive("6")) == "6"
    store.end_build()
    again = store.frozen("article", "ka", lambda: ["a"])           # the next build's copy, same key
    assert store.derived("lines", [again], ["b", "theme"], lambda: derive("7")) == "4"
    assert store.source_key(a) is None, "a source outlived its build"
    assert calls == ["1", "3", "4", "5", "6"]


def test_off_derives_every_time() -> None:
    store = incremental.enable(False)
    article = store.frozen("article", "k", lambda: ["a"])
    assert store.source_key(article) is None
    assert [store.derived("lines", [article], [], lambda: n) for n in (1, 2)] == [1, 2]
