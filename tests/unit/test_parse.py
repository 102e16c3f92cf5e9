"""Parser: crafted seeds in both layouts → expected article model."""

from __future__ import annotations

from pathlib import Path

import pytest

from republish.parse import join_lines, parse_article, split_credit
from sitekit import SEEDS, SHIPPED

NEWSPAPER = """

引题在这里 引题第二句

主标题,说明一件事

张三 李四

07

某某日报

文化

周刊

2024年1月2日
星期二
责任编辑:王五
校对:赵六

“

导语第一段,说明背景。

导语第二段。



这是一张图片的说明。

1 第一部分 小标题

正文第一段。

正文第二段没有句号
的硬换行也属于同一段。

2 第二部分 小标题

第二部分正文。

公益广告

广告语第一行
广告语第二行

设计/某人
"""

MARKDOWN = """

# 栏目名

## 文章标题,副句

——副题说明

文/作者甲 作者乙 供图/某单位

导语。

### 第一节

第一节正文说明了一件很长的事情并且在这里被分页打断

接续的正文。



图片说明一

图片说明二

### 结束语

结语。
"""


def parse(text: str):
    return parse_article(Path("x.txt"), text)


def test_newspaper_top_matter() -> None:
    a = parse(NEWSPAPER)
    assert (a.kicker, a.title) == ("引题在这里 引题第二句", "主标题,说明一件事")
    assert a.byline == "张三 李四" and a.authors == ["张三", "李四"]
    assert (a.page, a.publication, a.column, a.date) == ("07", "某某日报", "文化周刊", "2024-01-02")
    assert a.editors == {"责任编辑": "王五", "校对": "赵六"}
    assert [m.role for m in a.furniture] == ["page", "publication", "column", "column", "date",
                                             "weekday", "editor", "editor"]


def test_newspaper_body_sections_and_blocks() -> None:
    a = parse(NEWSPAPER)
    assert [(s.id, s.heading) for s in a.sections] == [
        ("s0", None), ("s1", "1 第一部分 小标题"), ("s2", "2 第二部分 小标题")]
    lead = [(b.kind, b.id, b.text) for b in a.sections[0].blocks]
    assert lead == [("ornament", "", "“"), ("paragraph", "s0-p1", "导语第一段,说明背景。"),
                    ("paragraph", "s0-p2", "导语第二段。"), ("caption", "s0-f1", "这是一张图片的说明。")]
    assert [b.text for b in a.sections[1].blocks] == ["正文第一段。", "正文第二段没有句号的硬换行也属于同一段。"]
    assert [b.text for b in a.closing] == ["公益广告", "广告语第一行\n广告语第二行", "设计/某人"]


def test_markdown_layout() -> None:
    a = parse(MARKDOWN)
    assert (a.rubric, a.title, a.subtitle) == ("栏目名", "文章标题,副句", "——副题说明")
    assert a.authors == ["作者甲", "作者乙"] and a.photo_credit == "某单位"
    first = a.sections[1].blocks
    assert (first[0].text, first[0].joined_lines) == ("第一节正文说明了一件很长的事情并且在这里被分页打断接续的正文。", (15, 17))
    assert [(b.kind, b.id) for b in first[1:]] == [("caption", "s1-f1"), ("caption", "s1-f2")]
    assert a.sections[2].heading == "结束语"


@pytest.mark.parametrize("line", ["1. 列表样的一句。", "- 横线开头", "> 引用样", "#话题标签", "    缩进",
                                  "---", "*[MDT]: x", "[^1]: 脚注", "{#id} 花括号", "a|b|c", "`代码`"])
def test_markdown_significant_lines_stay_paragraph_text(line: str) -> None:
    a = parse(f"标题\n\n作者甲 作者乙\n\n导语。\n\n{line}\n\n结尾。\n")
    texts = [b.text for _, b in a.blocks()]
    assert line.strip() in texts


def test_ids_depend_on_position_not_text() -> None:
    one, two = parse(NEWSPAPER), parse(NEWSPAPER.replace("第一部分", "完全不同的字"))
    assert [b.id for _, b in one.blocks()] == [b.id for _, b in two.blocks()]


def test_duplicate_headings_get_distinct_ids() -> None:
    a = parse("标题\n\n张三 李四\n\n导语。\n\n### 同名\n\n一。\n\n### 同名\n\n二。\n")
    assert [s.id for s in a.sections] == ["s0", "s1", "s2"]


def test_full_width_numbered_heading() -> None:
    a = parse("标题\n\n张三 李四\n\n导语。\n\n１ 认真开展调查研究\n\n正文。\n")
    assert a.sections[1].heading == "１ 认真开展调查研究"


@pytest.mark.parametrize(("byline", "authors", "photo"), [
    ("文/刘琼 李建辉 供图/株洲市二医院", ["刘琼", "李建辉"], "株洲市二医院"),
    ("王磊 陈恺祺", ["王磊", "陈恺祺"], None),
    ("记者:张三", ["张三"], None),
    ("记者 张三", ["张三"], None),                       # a role word is never a name
    ("本报记者 张三 通讯员 李四、王五", ["张三", "李四", "王五"], None),
    ("记者 何静 赵六 摄", ["何静"], "赵六"),
])
def test_split_credit(byline: str, authors: list[str], photo: str | None) -> None:
    assert split_credit(byline) == (authors, photo)


def test_join_lines_keeps_ascii_words_apart() -> None:
    assert join_lines(["中文", "接续"]) == "中文接续"
    assert join_lines(["word", "next"]) == "word next"


def test_real_seeds_parse_into_the_same_model_shape() -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        a = parse_article(seed, seed.read_text(encoding="utf-8"))
        assert a.title and (len(a.sections) >= 5 or seed not in SHIPPED)
        assert all(b.id for _, b in a.blocks() if b.kind != "ornament")
        ids = [b.id for _, b in a.blocks() if b.id]
        assert len(ids) == len(set(ids))
