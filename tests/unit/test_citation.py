"""Citation lines and files from crafted facts: complete, and with each fact missing."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest

from republish import citation, exports
from republish.citation import CitationFacts, SiteFacts, facts_of, load_site_facts
from republish.errors import EditorError
from republish.model import Article

FULL = CitationFacts(slug="a", title="标题", authors=("王磊", "陈恺祺"), publication="株洲日报",
                     date="2023-06-29", date_inferred=False, page="06", section="健康周刊", language="zh-Hans")


def test_newspaper_item_has_paper_date_and_page_as_the_standard_writes_them() -> None:
    assert citation.gbt_newspaper(FULL) == "王磊, 陈恺祺. 标题[N]. 株洲日报, 2023-06-29(6)."


def test_online_item_leaves_access_date_and_url_to_the_browser() -> None:
    line = citation.gbt_online(FULL).format(accessed="2026-12-01", url="https://example.org/a/")
    assert line == "王磊, 陈恺祺. 标题[N/OL]. 株洲日报, 2023-06-29(6)[2026-12-01]. https://example.org/a/."


@pytest.mark.parametrize("change, expected", [
    ({"authors": ()}, "佚名. 标题[N]. 株洲日报, 2023-06-29(6)."),
    ({"authors": ("甲", "乙", "丙", "丁")}, "甲, 乙, 丙, 等. 标题[N]. 株洲日报, 2023-06-29(6)."),
    ({"publication": None}, "王磊, 陈恺祺. 标题[N]. [报纸名不详], 2023-06-29(6)."),
    ({"date": None}, "王磊, 陈恺祺. 标题[N]. 株洲日报, [出版日期不详](6)."),
    ({"date": "2021", "date_inferred": True, "page": None}, "王磊, 陈恺祺. 标题[N]. 株洲日报, [2021]."),
])
def test_missing_facts_are_marked_never_invented(change: dict, expected: str) -> None:
    assert citation.gbt_newspaper(replace(FULL, **change)) == expected


def test_apa_line() -> None:
    assert citation.apa(FULL).format(url="U") == "王磊, & 陈恺祺. (2023, June 29). 标题. 株洲日报, p. 6. U"
    undated = replace(FULL, authors=(), date=None, publication=None, page=None)
    assert citation.apa(undated).format(url="U") == "标题. (n.d.). [Unknown newspaper]. U"
    assert "([2021])" in citation.apa(replace(FULL, date="2021", date_inferred=True))


def test_unknown_publication_markers_from_the_editors() -> None:
    article = Article(source=Path("x.txt"), slug="x", title="t", publication="原刊未注明(栏目“某”)")
    assert facts_of(article, SiteFacts("", "", ("原刊未注明",))).publication is None
    assert facts_of(article, SiteFacts("")).publication == "原刊未注明(栏目“某”)"


def test_site_file_is_checked(tmp_path: Path) -> None:
    (tmp_path / "site.yml").write_text("licence: |-\n  第一行，\n  第二行。\nunknown_publication: [不详]\n",
                                       encoding="utf-8")
    assert load_site_facts(tmp_path) == SiteFacts("第一行，第二行。", "", ("不详",))
    (tmp_path / "site.yml").write_text("licence: x\nlicense: y\n", encoding="utf-8")
    with pytest.raises(EditorError, match="unknown key 'license'"):
        load_site_facts(tmp_path)


def test_ris_record_and_csl_item() -> None:
    lines = citation.ris(replace(FULL, date="2021", date_inferred=True), "https://e.org/a/").split("\r\n")
    assert lines[0] == "TY  - NEWS" and lines[-2] == "ER  - " and lines[-1] == ""
    for expected in ("TI  - 标题", "AU  - 王磊", "AU  - 陈恺祺", "T2  - 株洲日报", "PY  - 2021", "SP  - 6",
                     "N1  - 出版日期为编者推断", "UR  - https://e.org/a/", "LA  - zh-Hans"):
        assert expected in lines, expected
    item = json.loads(citation.csl_json(replace(FULL, date="2021", date_inferred=True)))[0]
    assert item["type"] == "article-newspaper" and item["issued"] == {"date-parts": [[2021]], "circa": True}
    assert "author" not in json.loads(citation.csl_json(replace(FULL, authors=())))[0]


def test_json_ld_keeps_an_inferred_date_out() -> None:
    data = json.loads(citation.json_ld(replace(FULL, date="2021", date_inferred=True), "本站"))
    assert "datePublished" not in data and "datePublished" not in data["isBasedOn"]
    data = json.loads(citation.json_ld(FULL, "本站"))
    assert data["isBasedOn"]["publisher"]["name"] == "株洲日报" and data["publisher"]["name"] == "本站"
    assert data["datePublished"] == "2023-06-29" and data["printPage"] == "6"


def test_feed_is_newest_first_and_undated_last() -> None:
    entries = [replace(FULL, slug="old", title="旧", date="2020-01-02"), replace(FULL, slug="none", title="无", date=None),
               replace(FULL, slug="new", title="新", date="2024-05"), replace(FULL, slug="mid", title="中", date="2021",
                                                                            date_inferred=True)]
    for published in (exports.Published(), exports.Published("https://e.org/sub/", directory_urls=False)):
        feed = feedparser.parse(exports.atom_feed(entries, "站", published, "hans"))
        assert not feed.bozo, feed.get("bozo_exception")
        assert [e.title for e in feed.entries] == ["新", "中", "旧", "无"]
        assert "published" not in feed.entries[1] and "published" in feed.entries[0]
    assert feed.entries[0].link == "https://e.org/sub/new.html"


def test_an_article_without_author_paper_or_date_is_cited_with_the_gaps_marked() -> None:
    bare = facts_of(Article(source=Path("x.txt"), slug="x", title="无署名"), SiteFacts(""))
    assert citation.gbt_newspaper(bare) == "佚名. 无署名[N]. [报纸名不详], [出版日期不详]."
    assert citation.gbt_online(bare).format(accessed="D", url="U") == "佚名. 无署名[N/OL]. [报纸名不详], [出版日期不详][D]. U."
    meta = dict((k, v) for k, v in citation.head_meta(bare, "本站"))
    assert "citation_author" not in meta and "citation_publication_date" not in meta
