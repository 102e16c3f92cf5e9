"""An article's editorial notes as a W3C Web Annotation collection (JSON-LD), in either script.

Each note becomes an `Annotation` whose target is the article page, located three ways that a
client can use alone: a `TextQuoteSelector` (the quotation with up to QUOTE_CONTEXT characters of
the same paragraph before and after it), and a `FragmentSelector` naming the paragraph's id,
refined by a `TextPositionSelector` counting characters in that paragraph's printed text (its text
on the page without the editorial additions, i.e. without elements of class `rp-ed`). Article-level
notes target the page itself. The note's kind and certainty are bodies with the Web Annotation
purposes `classifying` and `assessing`; a proposed reading is a body with purpose `editing`.

See https://www.w3.org/TR/annotation-model/ (the model) and the vocabulary of purposes there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from .model import Article, Block
from .urls import page_url

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUOTE_CONTEXT = 32             # characters of prefix and suffix in a TextQuoteSelector
FRAGMENT_SPEC = "http://tools.ietf.org/rfc/rfc3986"
ANNOTATIONS_DIR = "annotations"
LANGUAGES = {"hans": "zh-Hans", "hant": "zh-Hant"}


def annotations_path(article: Article, script: str) -> str:
    """Doc path of an article's annotation file; the traditional one lives under zh-Hant/."""
    folder = ANNOTATIONS_DIR if script == "hans" else f"zh-Hant/{ANNOTATIONS_DIR}"
    return f"{folder}/{article.slug}.jsonld"


def _relative_page(article: Article, script: str, directory_urls: bool) -> str:
    """The article page, relative to its annotation file (JSON-LD resolves it against the file)."""
    return "../" + page_url(f"{article.slug}.md", directory_urls)


def _block_texts(article: Article, convert: Callable[[str], str], script: str) -> dict[str, str]:
    """Each text block's printed text as the page of that script shows it."""
    texts: dict[str, str] = {}
    for _, block in article.blocks():
        if script == "hant":
            texts[block.id] = article.originals.get(block.id) or convert(block.text)
        else:
            texts[block.id] = block.text
    return texts


def _span_in(text: str, block: Block, start: int, end: int, convert: Callable[[str], str]) -> tuple[int, int]:
    """Where the simplified span [start, end) of a block lies in the text shown in another script."""
    if len(text) == len(block.text):
        return start, end
    exact = convert(block.text[start:end])
    # The same occurrence as in the simplified text: search from where the converted text before
    # it ends (a note may choose the second of two equal quotations).
    found = text.find(exact, len(convert(block.text[:start])))
    if found < 0:
        found = text.find(exact)
    return (found, found + len(exact)) if found >= 0 else (start, end)


def _selectors(text: str, start: int, end: int, block_id: str) -> list[dict[str, Any]]:
    return [
        {"type": "TextQuoteSelector", "exact": text[start:end],
         "prefix": text[max(0, start - QUOTE_CONTEXT):start], "suffix": text[end:end + QUOTE_CONTEXT]},
        {"type": "FragmentSelector", "conformsTo": FRAGMENT_SPEC, "value": block_id,
         "refinedBy": {"type": "TextPositionSelector", "start": start, "end": end}},
    ]


def _bodies(note: Any, convert: Callable[[str], str], language: str) -> list[dict[str, Any]]:
    spec = note.spec
    bodies = [{"type": "TextualBody", "purpose": "commenting", "value": convert(spec.note),
               "format": "text/plain", "language": language},
              {"type": "TextualBody", "purpose": "classifying", "value": convert(spec.kind), "language": language}]
    bodies.append({"type": "TextualBody", "purpose": "assessing", "value": convert(spec.certainty),
                   "language": language})
    if spec.reading:
        bodies.append({"type": "TextualBody", "purpose": "editing", "value": convert(spec.reading),
                       "format": "text/plain", "language": language})
    return bodies


def annotation_collection(article: Article, notes: Sequence[Any], script: str,
                          convert: Callable[[str], str], directory_urls: bool = True) -> dict[str, Any]:
    """The JSON-LD AnnotationCollection of an article's notes in one script."""
    page = _relative_page(article, script, directory_urls)
    language = LANGUAGES[script]
    texts = _block_texts(article, convert, script)
    blocks = {block.id: block for _, block in article.blocks()}
    items = []
    for note in notes:
        target: dict[str, Any] | str = page
        if note.anchor is not None:
            block = blocks[note.anchor.block_id]
            text = texts[block.id]
            start, end = _span_in(text, block, note.anchor.start, note.anchor.end, convert)
            target = {"source": page, "selector": _selectors(text, start, end, block.id)}
        items.append({"id": f"#{note.note_id}", "type": "Annotation",
                      "motivation": "editing" if note.spec.reading else "commenting",
                      "body": _bodies(note, convert, language), "target": target})
    return {"@context": CONTEXT, "id": "", "type": "AnnotationCollection",
            "label": convert(f"{article.title}：编者注"), "total": len(items),
            "first": {"type": "AnnotationPage", "startIndex": 0, "items": items}}


def to_json(collection: dict[str, Any]) -> str:
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
