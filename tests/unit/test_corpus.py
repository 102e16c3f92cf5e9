"""The corpus of bad and strange inputs: each is published exactly or refused in one line."""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml
from mkdocs.utils.yaml import yaml_load
from bs4 import BeautifulSoup

from republish.errors import EditorError
from republish.render import render_article
from republish.site import load_article
from sitekit import EDITORIAL, ROOT, seed_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
EXPECTED: dict[str, str] = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


@functools.cache
def markdown_extensions() -> tuple[list[str], dict]:
    """The Markdown extensions mkdocs.yml configures, so unit tests render like the site."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as file:
        config = yaml_load(file)
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = (next(iter(item.items())) if isinstance(item, dict) else (item, {}))
        names.append(name)
        configs[name] = options or {}
    return names, configs


def to_html(page_markdown: str) -> BeautifulSoup:
    names, configs = markdown_extensions()
    body = FRONT_MATTER.sub("", page_markdown, count=1)
    return BeautifulSoup(markdown.markdown(body, extensions=names, extension_configs=configs), "html.parser")


def page_text(page_markdown: str) -> str:
    soup = to_html(page_markdown)
    for node in soup.select(EDITORIAL):
        node.decompose()
    return "".join(soup.get_text().split())


def raw_text(path: Path) -> str:
    sidecar = path.with_suffix(".yml")
    encoding = yaml.safe_load(sidecar.read_text(encoding="utf-8")).get("encoding", "utf-8") \
        if sidecar.exists() else "utf-8"
    return path.read_bytes().decode(encoding).replace("\r\n", "\n").replace("\r", "\n")


def copy_case(tmp_path: Path, name: str) -> Path:
    for source in CORPUS.glob(Path(name).stem + ".*"):
        shutil.copy(source, tmp_path / source.name)
    return tmp_path / name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_case(tmp_path: Path, name: str) -> None:
    seed = copy_case(tmp_path, name)
    outcome = EXPECTED[name]
    if outcome == "publish" or outcome.startswith("warn "):
        article = load_article(seed)
        assert page_text(render_article(article, [])) == seed_text(raw_text(seed))
        warned = outcome.removeprefix("warn ") if outcome != "publish" else None
        assert [warned in w and "Fix:" in w for w in article.warnings] == ([True] if warned else []), \
            article.warnings
        return
    expected = outcome.removeprefix("refuse ")
    with pytest.raises(EditorError) as err:
        load_article(seed)
    message = err.value.one_line()
    assert expected in message and "Fix:" in message and "\n" not in message


def test_every_corpus_file_has_an_expected_outcome() -> None:
    assert {p.name for p in CORPUS.glob("*.txt")} == set(EXPECTED)


@pytest.mark.parametrize(("label", "text"), [
    ("1 MB article", "大标题\n\n张三 李四\n\n" + "\n\n".join(
        f"第{i}段,株洲市二医院开展MDT多学科会诊,*星号*与<b>标签</b>。" for i in range(24000))),
    ("50 000-character paragraph", "大标题\n\n张三 李四\n\n" + "医" * 49999 + "。\n"),
])
def test_large_inputs_publish_faithfully(tmp_path: Path, label: str, text: str) -> None:
    seed = tmp_path / "big.txt"
    seed.write_text(text, encoding="utf-8")
    assert page_text(render_article(load_article(seed), [])) == seed_text(text)


def test_duplicate_section_titles_keep_unique_ids(tmp_path: Path) -> None:
    html = to_html(render_article(load_article(copy_case(tmp_path, "duplicate_titles.txt")), []))
    ids = [t["id"] for t in html.select("[id]")]
    assert len(ids) == len(set(ids)) and {"s1", "s2"} <= set(ids)


def test_markup_lines_create_no_elements(tmp_path: Path) -> None:
    html = to_html(render_article(load_article(copy_case(tmp_path, "markup_line_start.txt")), []))
    for selector in ("script", "ol", "ul", "blockquote", "pre", "code:not(dd code)", "table", "em",
                     "strong", "hr", "div:not(.rp-ed):not(.rp-meta)", "details:not(.rp-printed-lines)", "img", "a[href^='javascript']", "a[href^='https']",
                     "abbr", "sup"):
        assert not html.select(selector), selector
