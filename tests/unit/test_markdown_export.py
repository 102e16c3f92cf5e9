"""The Markdown export's pieces: twins that keep code-like values, printed characters restored,
mkdocs.yml read and written with its !ENV tags, and folders it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from republish.markdown_export import (EnvTag, _prepare_out, convert_page, export_config, load_config,
                                       restore_printed, twin_markdown, twin_nav)
from republish.script import Converter, load_conversion

ROOT = Path(__file__).resolve().parents[2]
CONVERTER = Converter(load_conversion(ROOT / "data" / "conversion.yml"))


def test_code_like_values_are_not_converted() -> None:
    page = ('医院 `医院.txt` <code>医院.txt</code> [医院](医院.md#s1) <a href="医院/" data-tip="医院">医院</a>\n\n'
            '```\n医院\n```\n')
    assert convert_page(page, CONVERTER) == (
        '醫院 `医院.txt` <code>医院.txt</code> [醫院](医院.md#s1) <a href="医院/" data-tip="醫院">醫院</a>\n\n'
        '```\n医院\n```\n')


def test_front_matter_keys_stay_and_values_are_converted() -> None:
    page = '---\ntitle: "医院"\nrp_head: {"links": [{"href": "下载/医院.ris", "title": "医院"}]}\n---\n\n正文\n'
    assert twin_markdown(page, CONVERTER) == (
        '---\ntitle: "醫院"\nrp_head: {"links": [{"href": "下载/医院.ris", "title": "醫院"}]}\n---\n\n正文\n')


def test_printed_characters_come_back_outside_editorial_spans() -> None:
    page = ('前文這裡\n\n<p id="s1-p1">這裡的<a href="x">醫生</a>在<sup class="rp-ed">臺〔1〕</sup>臺灣。 '
            '<span class="rp-ed">這裡</span><a class="rp-ed">¶</a></p>\n\n<p id="s1-p2">這裡</p>\n')
    restored = restore_printed(page, {"s1-p1": "這裏的醫生在台灣。"}, {"s1-p1": "这里的医生在台湾。"}, CONVERTER)
    assert restored == page.replace("這裡的", "這裏的").replace("臺灣", "台灣")


def test_a_block_not_found_whole_is_left_converted() -> None:
    page = '<p id="s1-p1">這裡的醫生</p>\n'
    assert restore_printed(page, {"s1-p1": "這裏的醫生在台灣"}, {"s1-p1": "这里的医生在台湾"}, CONVERTER) == page


def test_env_tags_are_read_and_written_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_url: !ENV [SITE_URL, '']\nflag: !ENV FLAG\nhooks: [h.py]\ntheme: {custom_dir: o}\n",
                      encoding="utf-8")
    data = load_config(config)
    monkeypatch.setenv("SITE_URL", "https://example.org/")
    assert data["site_url"] == EnvTag(["SITE_URL", ""]) and data["site_url"].resolve() == "https://example.org/"
    monkeypatch.delenv("SITE_URL")
    assert data["site_url"].resolve() == "" and data["flag"].resolve({"FLAG": "true"}) is True
    plain = export_config(data, tmp_path, tmp_path / "out", tmp_path / "out.yml", ["index.md"])
    assert "hooks" not in plain and plain["docs_dir"] == "out" and plain["theme"]["custom_dir"] == "o"


def test_the_twin_nav_converts_titles_and_moves_paths() -> None:
    nav = [{"首页": "index.md"}, {"文章": [{"医院": "a.md"}]}, "about.md"]
    assert twin_nav(nav, CONVERTER) == [{"首頁": "zh-Hant/index.md"}, {"文章": [{"醫院": "zh-Hant/a.md"}]},
                                        "zh-Hant/about.md"]


def test_a_folder_that_no_export_wrote_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(FileExistsError):
        _prepare_out(tmp_path)
    assert (tmp_path / "mine.txt").exists()
    out = tmp_path / "out"
    _prepare_out(out)
    (out / "old.md").write_text("old", encoding="utf-8")
    _prepare_out(out)                      # a former export's folder is emptied
    assert not (out / "old.md").exists()


def test_front_matter_with_a_date_or_broken_yaml_is_still_converted() -> None:
    assert twin_markdown("---\ndate: 2021-05-06\ntitle: 医院\n---\n", CONVERTER) == (
        '---\ndate: "2021-05-06"\ntitle: "醫院"\n---\n')
    assert twin_markdown("---\ntitle: [医院\n---\n", CONVERTER) == "---\ntitle: [醫院\n---\n"
