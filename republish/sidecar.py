"""The optional per-seed sidecar (seeds/<name>.yml): what the text cannot say."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import EditorError
from .pinyin import pinyin
from .model import Article, MetaLine
from .yamlio import Field, LineDict, check_mapping, load_yaml

TEXT = (str,)
SCHEMA: dict[str, Field] = {
    "slug": Field(TEXT, hint="(lowercase ASCII letters, digits and '-')"),
    "title": Field(TEXT), "kicker": Field(TEXT), "subtitle": Field(TEXT), "rubric": Field(TEXT),
    "authors": Field((list,)), "photo_credit": Field(TEXT), "publication": Field(TEXT),
    "date": Field((str, int), hint="(YYYY, YYYY-MM or YYYY-MM-DD)"),
    "date_inferred": Field((bool,)), "date_note": Field(TEXT),
    "page": Field((str, int)), "column": Field(TEXT), "editors": Field((dict,)),
    "script": Field(TEXT, hint="(hans or hant)"), "encoding": Field(TEXT),
    "kinds": Field((dict,), hint="(source line number or line text: heading | paragraph | caption | ornament | title)"),
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
KINDS = ("heading", "paragraph", "caption", "ornament", "title")


def default_slug(stem: str) -> str:
    """A URL slug from a seed's file name when the sidecar gives none: lowercase ASCII
    words joined by '-', Chinese characters spelled in toneless pinyin (社区 医院 → she-qu-yi-yuan)."""
    words = re.findall(r"[a-z0-9]+", " ".join(pinyin(stem.lower())).lower())
    return "-".join(words) or "article"


def sidecar_path(seed: Path) -> Path:
    return seed.with_suffix(".yml")


def load_sidecar(seed: Path) -> LineDict:
    """The validated sidecar of a seed, or an empty mapping when there is none."""
    path = sidecar_path(seed)
    if not path.exists():
        return LineDict()
    data = load_yaml(path)
    if data is None:
        return LineDict()
    data = check_mapping(path, data, SCHEMA, "the sidecar")
    _check_values(path, data)
    return data


def _check_values(path: Path, data: LineDict) -> None:
    line = data.key_lines.get
    if "slug" in data and not SLUG.match(data["slug"]):
        raise EditorError(path, f"slug '{data['slug']}' is not lowercase ASCII words joined by '-'",
                          "use e.g. 'slug: 2021-dangjian-linghang'", line("slug"))
    if "date" in data and not DATE.match(str(data["date"])):
        raise EditorError(path, f"date '{data['date']}' is not YYYY, YYYY-MM or YYYY-MM-DD",
                          "write e.g. 'date: 2021-06' or 'date: 2021'", line("date"))
    if data.get("script", "hans") not in ("hans", "hant"):
        raise EditorError(path, f"script '{data['script']}' is unknown",
                          "write 'script: hans' (simplified) or 'script: hant' (traditional)", line("script"))
    for key in ("authors",):
        if key in data and not all(isinstance(v, str) for v in data[key]):
            raise EditorError(path, f"'{key}' must be a list of names", f"write {key}: [甲, 乙]", line(key))
    for key, value in data.get("kinds", {}).items():
        if not isinstance(key, (int, str)) or isinstance(key, bool) or value not in KINDS:
            raise EditorError(path, f"kinds entry '{key}: {value}' is invalid",
                              "map a source line number (or the line's text) to one of: "
                              + ", ".join(KINDS), line("kinds"))


def apply_sidecar(article: Article, data: dict[str, Any]) -> Article:
    """Sidecar values override what the parser guessed; displaced seed text stays on the page."""
    for key in ("title", "kicker", "subtitle", "rubric"):
        if key in data:
            _override_top(article, key, data[key])
    article.slug = data.get("slug") or default_slug(article.source.stem)
    for key in ("photo_credit", "publication", "date_note", "column", "script"):
        if key in data:
            setattr(article, key, data[key])
    if "authors" in data:
        article.authors = list(data["authors"])
    if "date" in data:
        article.date = str(data["date"])
        article.date_inferred = bool(data.get("date_inferred", False))
    if "page" in data:
        article.page = str(data["page"])
    if "editors" in data:
        article.editors = {str(k): str(v) for k, v in data["editors"].items()}
    return article


def _override_top(article: Article, key: str, value: str) -> None:
    """Set a headline field from the sidecar, keeping any printed text it replaces."""
    old = getattr(article, key)
    if old == value:
        return
    if old and key in article.top_lines:
        article.furniture.insert(0, MetaLine(f"printed_{key}", old, article.top_lines.pop(key)))
    setattr(article, key, value)
    article.editorial_top.add(key)
