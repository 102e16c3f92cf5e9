"""The line grammar of Chinese articles: bylines with role words, wire datelines, heading forms,
end credits and sign-offs. Pure functions over one line of text; parse.py decides where they apply.

Forms are written in both scripts (记者/記者) because a traditional-script seed is parsed as
printed when no converter is at hand (unit tests, `inspect` without data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Role words of a byline, longest first so 本报记者 wins over 记者. A role word is never a name.
ROLE_WORDS = ("本报记者", "本報記者", "特约记者", "特約記者", "见习记者", "見習記者", "实习记者",
              "實習記者", "首席记者", "全媒体记者", "融媒体记者", "通讯员", "通訊員", "实习生", "實習生",
              "记者", "記者", "摄影", "攝影", "摄像", "攝像", "责任编辑", "責任編輯", "编辑", "編輯",
              "撰文", "作者", "文案", "供图", "供圖", "图片", "圖片", "文字", "文", "图", "圖")
PHOTO_ROLES = frozenset({"摄影", "攝影", "摄像", "攝像", "供图", "供圖", "图片", "圖片", "图", "圖"})
EDITOR_ROLES = frozenset({"责任编辑", "責任編輯", "编辑", "編輯"})
PLAIN_AUTHOR = "作者"         # the role of a name printed without a role word
_ROLE = "|".join(map(re.escape, ROLE_WORDS))
_NAME = r"[\u4e00-\u9fff·]{2,4}"
_SEP = r"[ \u3000、，,]+"
_CREDIT_ITEM = rf"(?:(?:{_ROLE})[ \u3000]*[/／:：]?[ \u3000]*{_NAME}(?:{_SEP}{_NAME})*|{_NAME}[ \u3000]*[/／]?摄)"
# '记者 甲 通讯员 乙', '本报记者 甲、乙', '摄影/丙', '丁 摄' (no sentence punctuation, only credits)
ROLE_BYLINE = re.compile(rf"^{_CREDIT_ITEM}(?:[ \u3000，,]+{_CREDIT_ITEM})*$")
PAREN_BYLINE = re.compile(rf"^[（(]\s*({_CREDIT_ITEM}(?:[ \u3000，,]+{_CREDIT_ITEM})*)\s*[）)]$")

# '新华社北京3月5日电（记者 甲、乙）', '中新网长沙电（记者 甲）', '本报讯（记者 甲 通讯员 乙）', '【本報訊】'
DATELINE = re.compile(
    r"^(?P<open>【)?(?P<agency>本报|本報|本刊|本台|本网|本網|[\u4e00-\u9fff]{2,8}?(?:社|网|網|报|報|台|臺))"
    r"(?P<place>[\u4e00-\u9fff]{2,6}?)??(?:(?P<month>\d{1,2})月(?P<day>\d{1,2})日)?(?:电|電|讯|訊)"
    r"(?(open)】)(?:[ \u3000]*[（(](?P<credit>[^）)]{1,60})[）)])?")
UNBRACKETED_CREDIT = re.compile(rf"[ \u3000]*((?:{_ROLE})[ \u3000]*{_NAME}(?:[、 \u3000]+(?!报道|報道){_NAME})*)"
                                r"[ \u3000]*(?:报道|報道)?[：:，,]")
# '本报记者 甲 通讯员 乙 近日，……': a byline opening the first paragraph, before a space.
OPENING_BYLINE = re.compile(rf"^((?:{_ROLE})[ \u3000]+{_NAME}(?:[、 \u3000]+(?:(?:{_ROLE})[ \u3000]+)?{_NAME})*)"
                            r"[ \u3000]+(?=\S)")
LOCAL_AGENCY = frozenset({"本报", "本報", "本刊", "本台", "本网", "本網"})

END_MARK = re.compile(r"^[（(][完終终][）)]$")
PHOTO_CREDIT = re.compile(rf"^(?:(?:摄影|攝影|图|圖|图片|圖片|摄像)[/／:：]\s*\S.{{0,30}}|{_NAME}(?:[ \u3000、]+{_NAME})*[ \u3000]*[/／]?摄)$")
CREDIT_LABELS = ("来源", "來源", "编辑", "編輯", "责编", "責編", "审核", "審核", "校对", "校對", "责任编辑",
                 "責任編輯", "排版", "美编", "美編", "统筹", "統籌", "监制", "監製", "出品", "初审", "复审",
                 "终审", "值班编辑", "文字", "文案", "视频", "設計", "设计", "作者", "图片", "圖片")
LABELLED_CREDIT = re.compile(r"^(" + "|".join(map(re.escape, sorted(CREDIT_LABELS, key=len, reverse=True)))
                             + r")[ \u3000]*[:：|丨][ \u3000]*(\S.{0,40})$")
SOURCE_LABELS = frozenset({"来源", "來源"})
AUTHOR_LABELS = frozenset({"作者", "文字", "文案"})   # '文字：甲' credits an author, not an editor
DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
ISSUER = re.compile(r"^[\u4e00-\u9fff（）()·]{4,30}$")

# Heading forms in their nesting order: a form met first ranks above the ones after it.
HEADING_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(r"^第[一二三四五六七八九十百零〇\d]{1,3}(?:部分|章|篇|编|編)(?:[ \u3000:：]|$)")),
    ("section", re.compile(r"^第[一二三四五六七八九十百零〇\d]{1,3}[节節](?:[ \u3000:：]|$)")),
    ("cn", re.compile(r"^[一二三四五六七八九十]{1,3}[、．]")),
    ("paren-cn", re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")),
    ("arabic", re.compile(r"^[0-9０-９]{1,2}(?:[.．、](?![0-9０-９])|[ \u3000]+)")),
    ("paren-arabic", re.compile(r"^[（(][0-9０-９]{1,2}[）)]")),
    ("bracket", re.compile(r"^[【［][^】］]{1,24}[】］]$")),
)
HEADING_MAX = 40            # a numbered heading line is at most this long
HEADING_STOPS = ("。", "；", ";")
TERMINAL = tuple("。！？!?…”’」』)）:：;；")
SHORT_HEADING_MAX = 16      # an unnumbered heading (a short line alone) is at most this long
SHORT_HEADING_NEIGHBOUR = 40  # ... between paragraphs at least this long
SHORT_HEADING_BANNED = set("。，,；;：:！!？?…、“”「」")

# Interviews: turns opened by these speakers make the article a dialogue.
INTERVIEW_SPEAKER = re.compile(r"^(?:记者|記者|本报记者|本報記者|主持人|问|問|答|Q|A)[：:]")
SPEAKER = re.compile(r"^([\u4e00-\u9fffA-Za-z·]{1,8})[：:](?=\S)")
# WeChat (official account) header: '原创 作者 账号名 2023-11-02 19:45 湖南'.
ACCOUNT_LINE = re.compile(r"^(?:(?P<original>原创|原創)[ \u3000]+)?(?P<names>(?:\S+[ \u3000]+){1,3})"
                          r"(?P<date>\d{4}-\d{2}-\d{2})(?:[ \u3000]+\d{1,2}:\d{2})?(?:[ \u3000]+(?P<region>[\u4e00-\u9fff]{2,4}))?$")
CAPTION_MARKS = ("▲", "△", "↑", "▼")
COLUMN_TAG = re.compile(r"^[【［\[]([^】］\]]{1,12})[】］\]]$")


@dataclass
class Credits:
    """Names of a byline by role, the photo credit, in printed order."""

    by_role: dict[str, list[str]] = field(default_factory=dict)
    photo: str | None = None

    @property
    def authors(self) -> list[str]:
        return [n for role, names in self.by_role.items() if role not in PHOTO_ROLES | EDITOR_ROLES
                for n in names]


def read_credits(text: str) -> Credits:
    """Names by role from credit text ('记者 甲、乙 通讯员 丙', '文/甲 供图/某单位', '甲 摄')."""
    credits = Credits()
    role = PLAIN_AUTHOR
    tokens = [t for t in re.split(r"[\s、,，/／:：]+", text.strip()) if t]
    for position, token in enumerate(tokens):
        word = _leading_role(token)
        if word:
            role, token = word, token[len(word):]
            if not token:
                continue
        if token == "摄":
            _photo_from_last(credits, role)
            continue
        credits.by_role.setdefault(role, []).append(token)
        if role in PHOTO_ROLES and credits.photo is None:
            credits.photo = token
    return credits


def _leading_role(token: str) -> str | None:
    """The role word a token starts with ('记者' in '记者甲' only when it is the whole token or the
    rest is a name of 2-4 characters)."""
    for word in ROLE_WORDS:
        if token == word or (token.startswith(word) and len(word) >= 2 and 2 <= len(token) - len(word) <= 4):
            return word
    return None


def _photo_from_last(credits: Credits, role: str) -> None:
    """'甲 摄': the name before 摄 is the photographer, not an author."""
    names = credits.by_role.get(role, [])
    if names:
        name = names.pop()
        if not names:
            del credits.by_role[role]
        credits.by_role.setdefault("摄影", []).append(name)
        credits.photo = credits.photo or name


def heading_form(line: str) -> str | None:
    """The numbered (or bracketed) heading form of a line, or None for text."""
    if len(line) > HEADING_MAX or any(stop in line for stop in HEADING_STOPS):
        return None
    for name, pattern in HEADING_FORMS:
        if pattern.match(line):
            if name != "bracket" and line.endswith(TERMINAL):
                return None
            return name
    return None


def is_short_heading(line: str) -> bool:
    """A line short enough, and bare enough, to be an unnumbered heading between paragraphs."""
    return 2 <= len(line) <= SHORT_HEADING_MAX and not (set(line) & SHORT_HEADING_BANNED) \
        and not line.startswith(CAPTION_MARKS)


@dataclass
class EndLine:
    """A line of end matter: role, and what it says."""

    role: str          # end_mark, byline, photo, credit, source, issuer, signoff_date
    label: str | None = None
    value: str | None = None


def end_line(line: str) -> EndLine | None:
    """The end-matter role of a line after the body text, or None."""
    if END_MARK.match(line):
        return EndLine("end_mark")
    paren = PAREN_BYLINE.match(line)
    if paren:
        return EndLine("byline", None, paren.group(1))
    if PHOTO_CREDIT.match(line):
        return EndLine("photo", None, line)
    labelled = LABELLED_CREDIT.match(line)
    if labelled:
        label, value = labelled.group(1), labelled.group(2).strip()
        return EndLine("source" if label in SOURCE_LABELS else "credit", label, value)
    if ROLE_BYLINE.match(line) and _leading_role(line.split()[0] if line.split() else ""):
        return EndLine("byline", None, line)
    return None


def signoff_date(line: str) -> str | None:
    """ISO date of a sign-off date line ('2023年11月2日')."""
    match = DATE_LINE.match(line)
    if not match:
        return None
    year, month, day = (int(n) for n in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


@dataclass
class Dateline:
    """A wire or paper dateline opening the first paragraph."""

    text: str
    agency: str
    place: str | None
    month: int | None
    day: int | None
    credits: Credits

    def describe(self, year: int | None) -> str:
        """'新华社 北京 2024年3月5日电' as a reader reads it; the year said unknown when it is."""
        parts = [self.agency] + ([self.place] if self.place else [])
        if self.month and self.day:
            parts.append(f"{year}年{self.month}月{self.day}日" if year else f"{self.month}月{self.day}日（年份不详）")
        return " ".join(parts)


def read_dateline(paragraph: str) -> Dateline | None:
    """The dateline that opens a paragraph, or None."""
    match = DATELINE.match(paragraph)
    if not match:
        return None
    month, day = match.group("month"), match.group("day")
    credit = match.group("credit") or ""
    if not credit:   # '【本報訊】記者 甲 報道：'
        after = UNBRACKETED_CREDIT.match(paragraph, match.end())
        credit = after.group(1) if after else ""
    credits = read_credits(credit) if credit and ROLE_BYLINE.match(credit.strip()) else Credits()
    return Dateline(match.group(0), match.group("agency"), match.group("place"),
                    int(month) if month else None, int(day) if day else None, credits)
