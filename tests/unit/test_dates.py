"""Date expressions: finding them in text and resolving them against an article's year."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from republish.dates import (DateExpr, Resolved, cn_number, cycle_name, cycle_year, describe,
                             find_date_expressions, resolve)


def only(text: str) -> DateExpr:
    """The single date expression of text."""
    found = find_date_expressions(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, expected", [
    ("去年，该院修订完善了医院章程", [("去年", "relative_year")]),
    ("今年4月13日，第27届全国肿瘤防治宣传周", [("今年4月13日", "relative_year")]),
    ("4月28日、29日，该院数十名党员专家", [("4月28日、29日", "month_day")]),
    ("庚子鼠年春节，一场没有硝烟的战争", [("庚子鼠年春节", "cycle")]),
    ("2022年，湖南省卫健委正式授予", [("2022年", "year")]),
    ("2023年6月29日", [("2023年6月29日", "year")]),
    ("近年来，株洲市二医院", [("近年来", "period")]),
    ("一年以来，共外送进修38人次", [("一年以来", "period")]),
    ("在大年初一星夜驰援", [("大年初一", "festival")]),
    ("近日，提及社区医院", [("近日", "recent")]),
    ("株洲市第27届全国防治宣传周", []),          # ordinal, not a date
    ("每周四晚，该院医务人员开展集中学习", []),
    ("连续两年被省防办评为先进单位", []),
    ("庚丑年", []),                               # not one of the sixty names
    ("庚子牛年", []),                             # animal does not match the branch
    ("13月5日", []),
])
def test_find_date_expressions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.text, e.kind) for e in find_date_expressions(text)] == expected


def test_offsets_point_at_the_expression() -> None:
    text = "作为首批，今年5月，市二医院迅速行动"
    expr = only(text)
    assert text[expr.start:expr.end] == "今年5月"


@pytest.mark.parametrize("text, year, inferred_date, expected", [
    ("去年", 2023, False, Resolved(2022, inferred=True)),
    ("去年", None, False, Resolved(None, unresolved=True)),
    ("去年", 2021, True, Resolved(2020, inferred=True)),
    ("今年4月13日", 2021, True, Resolved(2021, 4, 13, inferred=True)),
    ("今年4月13日", None, False, Resolved(None, 4, 13, unresolved=True)),
    ("4月13日", 2021, False, Resolved(2021, 4, 13, inferred=True)),
    ("4月28日、29日", 2021, False, Resolved(2021, 4, 28, inferred=True, day_end=29)),
    ("庚子鼠年春节", 2021, False, Resolved(2020)),
    ("庚子鼠年春节", 2021, True, Resolved(2020, inferred=True)),
    ("庚子鼠年春节", None, False, Resolved(None, unresolved=True)),
    ("2022年", 2023, False, Resolved(2022)),
    ("2022年", None, False, Resolved(2022)),
    ("2022年", 2023, True, Resolved(2022)),
    ("二〇二〇年五月", None, False, Resolved(2020, 5)),
    ("近年来", 2023, False, Resolved(2023, inferred=True, period=True)),
    ("一年以来", 2023, False, Resolved(2023, inferred=True, period=True, span_start=2022)),
    ("大年初一", 2021, False, Resolved(None, unresolved=True)),
])
def test_resolve(text: str, year: int | None, inferred_date: bool, expected: Resolved) -> None:
    assert resolve(only(text), year, inferred_date) == expected


def test_festival_takes_the_year_just_named() -> None:
    expr = only("大年初一")
    assert resolve(expr, 2021, False, context_year=2020) == Resolved(2020, inferred=True)


@pytest.mark.parametrize("resolved, text", [
    (Resolved(2021, 4, 28, day_end=29), "2021年4月28日—29日"),
    (Resolved(2023, inferred=True, period=True), "截至2023年"),
    (Resolved(2023, period=True, span_start=2022), "2022—2023年"),
    (Resolved(None, 5, 6, unresolved=True), "未能确定（5月6日）"),
    (Resolved(None, unresolved=True), "未能确定"),
])
def test_describe(resolved: Resolved, text: str) -> None:
    assert describe(resolved) == text


@pytest.mark.parametrize("text, number", [
    ("13", 13), ("十", 10), ("十二", 12), ("二十九", 29), ("二〇二〇", 2020), ("三", 3), ("x", None),
])
def test_cn_number(text: str, number: int | None) -> None:
    assert cn_number(text) == number


@pytest.mark.parametrize("year, name", [(2020, "庚子"), (1984, "甲子"), (2021, "辛丑"), (2023, "癸卯")])
def test_cycle_name(year: int, name: str) -> None:
    assert cycle_name(year) == name


@given(st.integers(min_value=100, max_value=3000), st.integers(min_value=-1, max_value=58))
def test_cycle_year_is_the_latest_such_year_up_to_next_year(year: int, before: int) -> None:
    anchor = year + before
    name = cycle_name(year)
    assert cycle_year(name[0], name[1], anchor) == year
