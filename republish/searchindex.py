"""Material's search index as the built site ships it.

Material's search plugin writes one JSON index per script that the browser downloads whole and
indexes before the first result (about 13 MB per script at 1 000 articles), with every Chinese
character as a six-byte \\u escape. The site writes it as UTF-8 text. On a served site (http/https)
the chunked index (republish.chunkindex) answers the search box instead, and Material's index keeps
only its `config` (the word separator its highlighter on the target page needs) and no
documents. A page opened from disk (file://) cannot fetch chunks, so the offline build keeps
Material's whole index. Nothing here imports MkDocs.
"""

from __future__ import annotations

import json
from typing import Any


def utf8_index(index_json: str) -> str:
    """Material's index written as UTF-8 text: the plugin writes every Chinese character as a
    six-byte \\u escape (twice the bytes of UTF-8)."""
    return index_text(json.loads(index_json))


def index_text(index: dict[str, Any]) -> str:
    """A parsed index as the site writes it: UTF-8 text, no spaces."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def config_only(index: dict[str, Any]) -> dict[str, Any]:
    """Material's index without its documents: what a served page's highlighter still reads."""
    return {"config": index.get("config", {}), "docs": []}
