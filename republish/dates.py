"""Find date expressions in Chinese text and resolve them to years.

Pure functions, no I/O. Explicit dates (2022年, 4月13日, 4月28日、29日),
relative ones (去年, 今年5月), periods (近年来, 一年以来), named years of the
sexagenary cycle (庚子鼠年春节, computed, not listed) and festivals named alone
(大年初一) are recognised; `resolve` turns one into a year against the year the
article was published, saying whether the result is inferred or unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
ANIMALS = "鼠牛虎兔龙蛇马羊猴鸡狗猪"
CYCLE_EPOCH = 4          # 4 CE was a 甲子 year
RELATIVE_YEARS = {"前年": -2, "去年": -1, "今年": 0, "明年": 1}
OPEN_PERIODS = ("近年来", "近些年", "这些年", "近年")
RECENT_WORDS = ("近日",)
DEFAULT_FESTIVALS = ("春节", "除夕", "大年初一", "元宵节", "清明节", "端午节", "中秋节",
                     "国庆节", "元旦")
CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}

_NUM = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
_YEAR = r"(?P<year>\d{4}|[〇零一二三四五六七八九]{4})年"
_RELATIVE = "(?P<relative>" + "|".join(RELATIVE_YEARS) + ")"
_CYCLE = (rf"(?P<stem>[{STEMS}])(?P<branch>[{BRANCHES}])(?P<animal>[{ANIMALS}])?年"
          r"(?P<festival>{festivals})?")
_PERIOD = (r"(?P<period>(?P<span>\d{1,2}|[一二两三四五六七八九十]{1,3})年(?:以)?来"
           "|" + "|".join(OPEN_PERIODS) + ")")
_RECENT = "(?P<recent>" + "|".join(RECENT_WORDS) + ")"
_FESTIVAL = "(?P<alone>{festivals})"


def _month_day_shape(prefix: str) -> str:
    """Month, optional day and optional last day of a range, as named groups."""
    return (rf"(?P<{prefix}month>{_NUM})月(?:(?P<{prefix}day>{_NUM})[日号]"
            rf"(?:[、至到\-—~～](?P<{prefix}day_end>{_NUM})[日号])?)?")


@dataclass(frozen=True)
class DateExpr:
    """A date expression found at text[start:end]; kind says how to resolve it."""

    start: int
    end: int
    text: str
    kind: str   # year | relative_year | month_day | period | cycle | festival | recent


@dataclass(frozen=True)
class Resolved:
    """What a date expression means: a year (or None), maybe month and day."""

    year: int | None
    month: int | None = None
    day: int | None = None
    inferred: bool = False
    unresolved: bool = False
    day_end: int | None = None          # last day of a range (4月28日、29日 → 29)
    period: bool = False                # a span of time ending in `year` (近年来)
    span_start: int | None = None       # first year of that span when it is stated (一年以来)


# Built once per festival list: every date expression of every block is read with it.
@lru_cache(maxsize=8)
def _grammar(festivals: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of all expression shapes, longest shapes first."""
    names = "|".join(re.escape(f) for f in sorted(festivals, key=len, reverse=True)) or "(?!)"
    shapes = [
        rf"(?:{_YEAR}|{_RELATIVE})(?:{_month_day_shape('')})?",
        _CYCLE.format(festivals=names),
        _PERIOD,
        _RECENT,
        rf"(?<![\d第]){_month_day_shape('bare_')}",
        _FESTIVAL.format(festivals=names),
    ]
    return re.compile("|".join(f"(?:{s})" for s in shapes))


_DEFAULT_GRAMMAR = _grammar(DEFAULT_FESTIVALS)


def _groups(match: re.Match[str]) -> dict[str, str | None]:
    """Named groups, with a bare month/day folded into month/day/day_end."""
    groups = match.groupdict()
    for key in ("month", "day", "day_end"):
        groups[key] = groups[key] or groups.pop("bare_" + key)
    return groups


def _kind(match: re.Match[str]) -> str | None:
    """The kind of a matched expression, or None when it is not a date after all."""
    groups = _groups(match)
    if groups["year"]:
        return "year"
    if groups["relative"]:
        return "relative_year"
    if groups["stem"]:
        return "cycle" if _cycle_is_consistent(groups) else None
    if groups["period"]:
        return "period"
    if groups["recent"]:
        return "recent"
    if groups["alone"]:
        return "festival"
    if groups["month"]:
        return "month_day" if _month_day_is_valid(groups) else None
    return None


def _cycle_is_consistent(groups: dict[str, str | None]) -> bool:
    """A stem and branch form one of the sixty names; the animal, if any, matches the branch."""
    if groups["stem"] is None or groups["branch"] is None:
        return False
    stem, branch = STEMS.index(groups["stem"]), BRANCHES.index(groups["branch"])
    if stem % 2 != branch % 2:
        return False
    return groups["animal"] is None or ANIMALS.index(groups["animal"]) == branch


def _month_day_is_valid(groups: dict[str, str | None]) -> bool:
    """Month 1-12 and day 1-31 (rules out '12月份' lookalikes such as 13月)."""
    month = cn_number(groups["month"] or "")
    day = cn_number(groups["day"]) if groups["day"] else 1
    return month is not None and 1 <= month <= 12 and day is not None and 1 <= day <= 31


def find_date_expressions(text: str, festivals: tuple[str, ...] | None = None) -> list[DateExpr]:
    """Every date expression in text, left to right, not overlapping."""
    grammar = _DEFAULT_GRAMMAR if festivals is None else _grammar(tuple(festivals))
    found = []
    for match in grammar.finditer(text):
        kind = _kind(match)
        if kind:
            found.append(DateExpr(match.start(), match.end(), match.group(0), kind))
    return found


def cn_number(text: str) -> int | None:
    """An Arabic or simple Chinese numeral (一, 十二, 二十九, 二〇二〇) as an int."""
    if text.isdigit():
        return int(text)
    if text and all(c in CN_DIGITS for c in text):
        return int("".join(str(CN_DIGITS[c]) for c in text))
    total, digit = 0, None
    for char in text:
        if char in CN_DIGITS:
            digit = CN_DIGITS[char]
        elif char in CN_UNITS:
            total += (1 if digit is None else digit) * CN_UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0) if text else None


def cycle_year(stem: str, branch: str, anchor_year: int) -> int:
    """The latest year with this stem-branch name not after anchor_year + 1."""
    stem_i, branch_i = STEMS.index(stem), BRANCHES.index(branch)
    position = next(n for n in range(60) if n % 10 == stem_i and n % 12 == branch_i)
    latest = anchor_year + 1
    return latest - ((latest - CYCLE_EPOCH - position) % 60)


def cycle_name(year: int) -> str:
    """The stem-branch name of a year (2020 → 庚子)."""
    offset = year - CYCLE_EPOCH
    return STEMS[offset % 10] + BRANCHES[offset % 12]


def _parts(expr: DateExpr, festivals: tuple[str, ...] | None) -> dict[str, str | None]:
    """Re-read an expression's parts from its own text."""
    grammar = _DEFAULT_GRAMMAR if festivals is None else _grammar(tuple(festivals))
    match = grammar.fullmatch(expr.text)
    if match is None:
        raise ValueError(f"not a date expression: {expr.text!r}")
    return _groups(match)


def _month_day(parts: dict[str, str | None]) -> tuple[int | None, int | None, int | None]:
    """Month, day and last day of a range, each None when absent."""
    return _number(parts.get("month")), _number(parts.get("day")), _number(parts.get("day_end"))


def _number(numeral: str | None) -> int | None:
    """The value of a numeral group, None when the group is absent."""
    return cn_number(numeral) if numeral else None


def resolve(expr: DateExpr, article_year: int | None, year_inferred: bool,
            context_year: int | None = None, festivals: tuple[str, ...] | None = None) -> Resolved:
    """The year (and month/day) an expression means in an article of article_year.

    context_year is a year the surrounding text has just named explicitly; it is
    used only for a festival named without a year (大年初一 after 庚子鼠年春节).
    """
    parts = _parts(expr, festivals)
    month, day, day_end = _month_day(parts)
    if expr.kind == "year":
        return Resolved(cn_number(parts["year"] or ""), month, day, day_end=day_end)
    if expr.kind == "festival":
        if context_year is None:
            return Resolved(None, unresolved=True)
        return Resolved(context_year, inferred=True)
    if article_year is None:
        return Resolved(None, month, day, unresolved=True, day_end=day_end)
    if expr.kind == "relative_year":
        year = article_year + RELATIVE_YEARS[parts["relative"] or "今年"]
        return Resolved(year, month, day, inferred=True, day_end=day_end)
    if expr.kind in ("month_day", "recent"):
        return Resolved(article_year, month, day, inferred=True, day_end=day_end)
    if expr.kind == "cycle":
        year = cycle_year(parts["stem"] or "", parts["branch"] or "", article_year)
        return Resolved(year, inferred=year_inferred)
    if expr.kind == "period":
        span = _number(parts.get("span"))
        start = article_year - span if span else None
        return Resolved(article_year, inferred=True, period=True, span_start=start)
    raise ValueError(f"unknown kind {expr.kind!r}")


def describe(resolved: Resolved) -> str:
    """Chinese wording of a resolved date: 2021年4月28日—29日, 截至2023年, 未能确定."""
    if resolved.unresolved or resolved.year is None:
        known = _month_day_text(resolved)
        return f"未能确定（{known}）" if known else "未能确定"
    if resolved.period:
        if resolved.span_start is not None:
            return f"{resolved.span_start}—{resolved.year}年"
        return f"截至{resolved.year}年"
    return f"{resolved.year}年{_month_day_text(resolved)}"


def _month_day_text(resolved: Resolved) -> str:
    """'4月28日—29日', '5月' or ''."""
    if resolved.month is None:
        return ""
    text = f"{resolved.month}月"
    if resolved.day is not None:
        text += f"{resolved.day}日"
        if resolved.day_end is not None:
            text += f"—{resolved.day_end}日"
    return text
