"""republish.searchindex: Material's index rewritten."""

from __future__ import annotations

import json

from republish.searchindex import config_only, utf8_index

INDEX = json.dumps({"config": {"separator": "[\\s\\u200b]"}, "docs": [{"location": "a/", "title": "肿瘤", "text": "医院"}]})


def test_utf8_index_writes_chinese_as_text_and_keeps_the_data() -> None:
    assert "\\u80bf" in INDEX
    written = utf8_index(INDEX)
    assert "肿瘤" in written and "\\u80bf" not in written
    assert json.loads(written) == json.loads(INDEX)
    assert len(written.encode("utf-8")) < len(INDEX.encode("utf-8"))


def test_config_only_keeps_the_separator_and_no_documents() -> None:
    assert config_only(json.loads(INDEX)) == {"config": {"separator": "[\\s\\u200b]"}, "docs": []}
