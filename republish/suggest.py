"""What the editors' data lacks for an article: likely names of persons, places and institutions
(jieba's part-of-speech tags nr, ns, nt) and quoted or Latin-letter terms with no entry in data/.
Only suggestions for `inspect`; nothing here changes a page.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import EditorError
from .features.glossary import load_glossary
from .directory import load_directory
from .layout import ROLE_WORDS
from .model import Article
from .yamlio import load_yaml

IGNORE_FILE = "suggestions.yml"   # words never to suggest (ordinary words jieba tags as names)

TAGS = {"nr": "persons (nr)", "nrfg": "persons (nr)", "nrt": "persons (nr)", "ns": "places (ns)",
        "nt": "institutions (nt)"}
NAME_CHARS = {"persons (nr)": (2, 3), "places (ns)": (2, 12), "institutions (nt)": (3, 20)}
QUOTED = re.compile(r"[“「『]([^”」』，。；！？\s]{2,8})[”」』]")
LATIN = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*(?![A-Za-z])")   # ECMO, PCCM, MDT
HAN = re.compile(r"^[\u4e00-\u9fff·]+$")
# jieba tags many ordinary words nr/ns (荣获, 城市): a person's name must start with a common
# surname, a place's end with a place word.
SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
               "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
               "戴莫孔向汤易常乔文")
PLACE_ENDS = tuple("省市县区镇乡村州旗盟岛港") + ("街道",)
NOT_PLACES = ("地区", "城市", "社区", "片区", "园区", "辖区", "城区", "市区", "郊区", "山区", "农村", "乡村")


def known_words(data_dir: Path) -> set[str]:
    """Every written form the editors' data already has: people, institutions, places, terms."""
    words: set[str] = set(ROLE_WORDS)
    if (data_dir / IGNORE_FILE).exists():
        words |= _ignored(data_dir / IGNORE_FILE)
    if (data_dir / "people.yml").exists():
        words |= {s for e in load_directory(data_dir / "people.yml").entries for s in e.surfaces}
    if (data_dir / "glossary.yml").exists():
        try:
            words |= {s for e in load_glossary(data_dir / "glossary.yml") for s in e.forms}
        except EditorError:
            pass   # a broken glossary is reported by the build; suggestions go on without it
    return words


def _ignored(path: Path) -> set[str]:
    data = load_yaml(path) or {}
    words = data.get("ignore", []) if isinstance(data, dict) else []
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise EditorError(path, "'ignore' must be a list of words", "write ignore: [词一, 词二]")
    return set(words)


def missing_names(article: Article, data_dir: Path) -> dict[str, list[str]]:
    """Kind → names or terms of the article with no entry in data_dir, in order of appearance."""
    import jieba.posseg   # slow to load: only when suggestions are asked for
    # Credited names join the people page on their own (its auto group); they need no entry.
    known = known_words(data_dir) | {n for names in article.credits.values() for n in names} | set(article.authors)
    found: dict[str, list[str]] = {kind: [] for kind in (*NAME_CHARS, "terms")}
    texts = [article.title] + [b.text for _, b in article.blocks()]
    for text in texts:
        for word, flag in jieba.posseg.cut(text):
            kind = TAGS.get(flag)
            dictionary_tag = jieba.posseg.dt.word_tag_tab.get(word)
            if kind and _plausible(word, kind, dictionary_tag) and not _covered(word, known):
                _add(found[kind], word)
        for term in [*QUOTED.findall(text), *LATIN.findall(text)]:
            if not _covered(term, known):
                _add(found["terms"], term)
    return found


def _plausible(word: str, kind: str, dictionary_tag: str | None) -> bool:
    """Whether a word jieba tagged nr/ns/nt looks like a name: in jieba's dictionary with that
    tag, or built like one (surname + given name; a place word at the end)."""
    low, high = NAME_CHARS[kind]
    if not HAN.match(word) or not low <= len(word) <= high:
        return False
    if kind == "persons (nr)":
        return word[0] in SURNAMES and dictionary_tag in (None, "nr", "nrfg", "nrt")
    if kind == "places (ns)":
        return dictionary_tag == "ns" if len(word) == 2 else \
            word.endswith(PLACE_ENDS) and not word.endswith(NOT_PLACES)
    return True


def _covered(word: str, known: set[str]) -> bool:
    """Known as written, or part of a longer known form (市二医院 in 株洲市二医院)."""
    return word in known or any(word in k for k in known if len(k) > len(word))


def _add(names: list[str], word: str) -> None:
    if word not in names:
        names.append(word)
