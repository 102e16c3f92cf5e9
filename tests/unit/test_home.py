"""The home page says what the site holds, counted from the articles, and lists every article."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from pagekit import to_html
from republish.model import Article, Block, MetaLine, Section
from republish.render import holdings, render_home


def article(slug: str, title: str, date: str | None, paper: str | None, printed: bool, inferred: bool = False) -> Article:
    furniture = [MetaLine("publication", paper, 3)] if paper and printed else []
    return Article(Path(f"{slug}.txt"), slug, title, publication=paper, date=date, date_inferred=inferred,
                   furniture=furniture,
                   sections=[Section("s0", None, None, [Block("paragraph", f"{title}的第一段*正文*。", 5, "s0-p1")])])


ARTICLES = [article("a", "甲文", "2021", "原刊未注明", printed=False, inferred=True),
            article("b", "乙文", "2023-06-29", "株洲日报", printed=True),
            article("c", "丙文", "2024-01-02", "株洲日报", printed=True)]


def test_the_intro_counts_years_and_papers() -> None:
    assert holdings(ARTICLES) == "本站收录文章 3 篇，2021年至2024年：出处未注明 1 篇、《株洲日报》 2 篇。"
    assert holdings(ARTICLES[1:2]) == "本站收录文章 1 篇，2023年：《株洲日报》 1 篇。"


def test_cards_show_title_date_source_and_first_lines() -> None:
    soup = BeautifulSoup(to_html(render_home(ARTICLES, "注释本", "编者的一句话。")), "html.parser")
    intro = [p.get_text() for p in soup.select("p.rp-intro")]
    assert intro == [holdings(ARTICLES), "编者的一句话。"], "the counted sentence, then the editors' own"
    cards = soup.select("div.rp-cards > ul > li.rp-card")
    assert [c.select_one("a.rp-card-title")["href"] for c in cards] == ["a.md", "b.md", "c.md"]
    assert [c.select_one(".rp-card-meta").get_text() for c in cards] == [
        "2021（推断） · 原刊未注明", "2023-06-29 · 株洲日报", "2024-01-02 · 株洲日报"]
    assert cards[0].select_one(".rp-card-lead").get_text() == "甲文的第一段*正文*。", "first lines as printed"


def test_without_an_editors_sentence_the_count_stands_alone() -> None:
    soup = BeautifulSoup(to_html(render_home(ARTICLES[:1], "注释本", "")), "html.parser")
    assert [p.get_text() for p in soup.select("p.rp-intro")] == ["本站收录文章 1 篇，2021年：出处未注明 1 篇。"]
