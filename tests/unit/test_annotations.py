"""Notes as W3C Web Annotations: selectors, bodies and the traditional twin (input/expected)."""

from __future__ import annotations

from pathlib import Path

from republish.annotations import annotation_collection, annotations_path
from republish.features.notes import NoteSpec, place_notes
from republish.model import Article, Block, Section

TRADITIONAL = {"医院": "醫院", "发": "發", "展": "展", "错": "錯"}


def to_hant(text: str) -> str:
    for simplified, traditional in TRADITIONAL.items():
        text = text.replace(simplified, traditional)
    return text


def article(**kw: object) -> Article:
    blocks = [Block("paragraph", "医院发展很快。医院发展很错。", 3, "s1-p1")]
    return Article(Path("demo.txt"), "demo", "标题", sections=[Section("s1", None, None, blocks)], **kw)


def notes(demo: Article) -> list:
    specs = [NoteSpec(Path("n.yml"), 1, "勘误", "疑为“好”之误。", "把握较大", quote="错", reading="好"),
             NoteSpec(Path("n.yml"), 5, "背景", "全文说明。", "把握很大")]
    return place_notes(specs, demo)


def test_an_anchored_note_has_quote_and_position_selectors() -> None:
    demo = article()
    first = annotation_collection(demo, notes(demo), "hans", str)["first"]["items"][0]
    assert first["motivation"] == "editing"
    assert first["target"] == {"source": "../demo/", "selector": [
        {"type": "TextQuoteSelector", "exact": "错", "prefix": "医院发展很快。医院发展很", "suffix": "。"},
        {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc3986", "value": "s1-p1",
         "refinedBy": {"type": "TextPositionSelector", "start": 12, "end": 13}}]}
    assert [(b["purpose"], b["value"]) for b in first["body"]] == [
        ("commenting", "疑为“好”之误。"), ("classifying", "勘误"), ("assessing", "把握较大"), ("editing", "好")]


def test_an_article_note_targets_the_page_and_the_twin_converts_text_not_ids() -> None:
    demo = article()
    collection = annotation_collection(demo, notes(demo), "hant", to_hant, directory_urls=False)
    first, last = collection["first"]["items"]
    assert last["target"] == "../demo.html" and last["id"] == "#n2"
    assert first["target"]["selector"][0]["prefix"] == "醫院發展很快。醫院發展很"
    assert {b["language"] for b in first["body"]} == {"zh-Hant"}
    assert collection["total"] == 2 and annotations_path(demo, "hant") == "zh-Hant/annotations/demo.jsonld"


def test_a_traditional_source_is_anchored_in_its_printed_text() -> None:
    demo = article(originals={"s1-p1": "醫院發展很快。醫院發展很錯。"}, script="hant")
    first = annotation_collection(demo, notes(demo), "hant", to_hant)["first"]["items"][0]
    assert first["target"]["selector"][0]["exact"] == "錯"
