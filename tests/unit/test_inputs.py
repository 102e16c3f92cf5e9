"""Seed decoding, sidecar validation and YAML errors: one clear line each."""

from __future__ import annotations

from pathlib import Path

import pytest

from republish.errors import EditorError
from republish.seedfile import check_content, decode_seed
from republish.sidecar import load_sidecar
from republish.yamlio import load_yaml

SEED = Path("seeds/a.txt")


@pytest.mark.parametrize(("data", "expected"), [
    (b"\xef\xbb\xbf\xe6\xa0\x87\xe9\xa2\x98\n", "标题\n"),       # BOM dropped
    ("一\r\n二\r三\n".encode(), "一\n二\n三\n"),                  # CRLF and lone CR
])
def test_decode_normalises(data: bytes, expected: str) -> None:
    assert decode_seed(SEED, data) == expected


def test_gbk_bytes_are_refused_naming_the_encoding() -> None:
    with pytest.raises(EditorError) as err:
        decode_seed(SEED, "第一行\n株洲".encode("gb18030"))
    message = err.value.one_line()
    assert message.startswith("seeds/a.txt:1:") and "gb18030" in message and "\n" not in message


def test_declared_encoding_is_used() -> None:
    assert decode_seed(SEED, "株洲".encode("gb18030"), "gb18030") == "株洲"


@pytest.mark.parametrize(("text", "where"), [("", "seeds/a.txt:"), ("  \n\u3000\n", "seeds/a.txt:"),
                                             ("甲\n乙\x00丙", "seeds/a.txt:2:2:")])
def test_empty_blank_and_nul_are_refused(text: str, where: str) -> None:
    with pytest.raises(EditorError) as err:
        check_content(SEED, text)
    assert err.value.one_line().startswith(where) and "Fix:" in err.value.one_line()


def write(tmp_path: Path, text: str) -> Path:
    seed = tmp_path / "a.txt"
    seed.write_text("标题\n", encoding="utf-8")
    seed.with_suffix(".yml").write_text(text, encoding="utf-8")
    return seed


@pytest.mark.parametrize(("yaml_text", "line", "words"), [
    ("slug: ok\ndate: [1\n", 3, "YAML error"),
    ("slug: ok\nslug: again\n", 2, "duplicate key"),
    ("slug: ok\ncolour: red\n", 2, "unknown key 'colour'"),
    ("slug: ok\ndate_inferred: 1\n", 2, "must be true/false"),
    ("slug: Not Ascii\n", 1, "slug"),
    ("date: 21-6\n", 1, "YYYY"),
    ("script: zh\n", 1, "script"),
    ("kinds:\n  abc: banner\n", 1, "kinds"),
])
def test_sidecar_errors_name_file_and_line(tmp_path: Path, yaml_text: str, line: int, words: str) -> None:
    seed = write(tmp_path, yaml_text)
    with pytest.raises(EditorError) as err:
        load_sidecar(seed)
    assert err.value.path.endswith("a.yml") and err.value.line == line and words in err.value.one_line()


def test_valid_sidecar_keeps_dates_as_text(tmp_path: Path) -> None:
    data = load_sidecar(write(tmp_path, "slug: ok\ndate: 2021-06-01\nkinds:\n  12: caption\n"))
    assert data["date"] == "2021-06-01" and data["kinds"] == {12: "caption"}
    assert data.key_lines["date"] == 2


def test_yaml_lists_know_item_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("- a: 1\n- a: 2\n", encoding="utf-8")
    assert load_yaml(path).item_lines == [1, 2]


@pytest.mark.parametrize(("stem", "slug"), [("社区 医院", "she-qu-yi-yuan"), ("demo_article", "demo-article"),
                                            ("Demo Article 2024", "demo-article-2024"), ("！！", "article")])
def test_default_slug_follows_the_sidecar_rule(stem: str, slug: str) -> None:
    from republish.sidecar import SLUG, default_slug
    assert default_slug(stem) == slug and SLUG.match(slug)


# --- the articles in the nav -------------------------------------------------------

def dated(count: int, dates: list[str | None]) -> list:
    """`count` minimal articles with the given dates (cycled)."""
    from republish.model import Article
    return [Article(source=Path(f"a{i}.txt"), slug=f"a{i}", title=f"文章{i}", date=dates[i % len(dates)])
            for i in range(count)]


def test_few_articles_are_a_flat_nav_list() -> None:
    from republish.site import article_nav
    assert article_nav(dated(3, ["2023-06-29"]), group_above=3) == [
        {"文章0": "a0.md"}, {"文章1": "a1.md"}, {"文章2": "a2.md"}]


def test_many_articles_are_grouped_by_year_and_a_crowded_year_by_month() -> None:
    from republish.site import article_nav
    articles = dated(2, ["2021"]) + dated(4, ["2023-06-29", "2023-07-01"])[0:4] + dated(1, [None])
    nav = article_nav(articles, group_above=3)
    assert [next(iter(entry)) for entry in nav] == ["2021年", "2023年", "日期不详"]
    assert nav[0] == {"2021年": [{"文章0": "a0.md"}, {"文章1": "a1.md"}]}
    assert nav[1] == {"2023年": [{"6月": [{"文章0": "a0.md"}, {"文章2": "a2.md"}]},
                                {"7月": [{"文章1": "a1.md"}, {"文章3": "a3.md"}]}]}
    assert nav[2] == {"日期不详": [{"文章0": "a0.md"}]}


def test_a_crowded_year_without_months_stays_one_list() -> None:
    from republish.site import article_nav
    nav = article_nav(dated(4, ["2021"]), group_above=3)
    assert nav == [{"2021年": [{f"文章{i}": f"a{i}.md"} for i in range(4)]}]
