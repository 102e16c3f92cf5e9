"""republish.searchindex: Material's index rewritten, Pagefind's command line."""

from __future__ import annotations

import json
from pathlib import Path

from republish.writer import NOT_SEARCHED
from republish.searchindex import config_only_index, pagefind_command, pagefind_executable, utf8_index

INDEX = json.dumps({"config": {"separator": "[\\s\\u200b]"}, "docs": [{"location": "a/", "title": "肿瘤", "text": "医院"}]})


def test_utf8_index_writes_chinese_as_text_and_keeps_the_data() -> None:
    assert "\\u80bf" in INDEX
    written = utf8_index(INDEX)
    assert "肿瘤" in written and "\\u80bf" not in written
    assert json.loads(written) == json.loads(INDEX)
    assert len(written.encode("utf-8")) < len(INDEX.encode("utf-8"))


def test_config_only_index_keeps_the_separator_and_no_documents() -> None:
    assert json.loads(config_only_index(INDEX)) == {"config": {"separator": "[\\s\\u200b]"}, "docs": []}


def test_pagefind_reads_the_content_column_without_what_search_excludes() -> None:
    command = pagefind_command(Path("/bin/pagefind_extended"), Path("/site"))
    options = dict(zip(command[1::2], command[2::2]))
    assert options["--site"] == "/site" and options["--output-subdir"] == "pagefind"
    assert options["--root-selector"] == "article.md-content__inner"
    assert f"[{NOT_SEARCHED}]" in options["--exclude-selectors"]


def test_the_pinned_binary_is_found_in_node_modules_and_only_there(tmp_path: Path) -> None:
    assert pagefind_executable(tmp_path) is None
    binary = tmp_path / "node_modules" / "@pagefind" / "linux-x64" / "bin" / "pagefind_extended"
    binary.parent.mkdir(parents=True)
    binary.write_bytes(b"")
    assert pagefind_executable(tmp_path) == binary
