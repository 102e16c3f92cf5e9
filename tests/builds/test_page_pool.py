"""Full builds share MkDocs' page loops with forked workers (hooks/page_pool.py)."""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from sitekit import ROOT, BuildResult, build, hook_adapter, make_project

pytestmark = pytest.mark.build


pool = hook_adapter("republish_page_pool", "page_pool.py")


def _page(name: str) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=name))


def test_a_worker_sends_results_and_messages_and_leaves_failed_pages_to_the_build() -> None:
    worker_log = logging.getLogger("mkdocs.test_page_pool")

    def work(page: SimpleNamespace) -> str:
        if page.file.src_uri == "b.md":
            worker_log.warning("b.md links to nothing")
        if page.file.src_uri == "c.md":
            raise ValueError("c.md cannot be rendered")
        return f"<p>{page.file.src_uri} in {os.getpid()}</p>"

    merged: list[object] = []
    pages = iter([_page("a.md"), _page("b.md"), _page("c.md")])
    share = pool.fork_worker(lambda: next(pages, None), work, lambda: "finished", merged.append)
    assert share is not None, "this platform forks"
    result, records = share.take("a.md")
    assert result.startswith("<p>a.md in ") and str(os.getpid()) not in result, "a's result, made by another process"
    assert records == [] and merged == ["finished"]
    result, records = share.take("b.md")
    assert [(r.name, r.level, r.message) for r in records] == [
        ("mkdocs.test_page_pool", logging.WARNING, "b.md links to nothing")], "b's warning, kept for the build"
    assert share.take("c.md") is None, "the page the worker failed on is left to the build"

    seen: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = seen.append          # type: ignore[method-assign]
    worker_log.addHandler(handler)
    try:
        records[0].replay()
    finally:
        worker_log.removeHandler(handler)
    assert [r.getMessage() for r in seen] == ["b.md links to nothing"], "replayed in the build's log"


def _with_setting(project: Path, **settings: object) -> Path:
    config = project / "mkdocs.yml"
    cfg = yaml.safe_load(config.read_text(encoding="utf-8"))
    cfg["extra"]["republish"].update(settings)
    config.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return project


def test_a_small_site_is_built_in_one_process(real_site: BuildResult, tmp_path: Path) -> None:
    shared = build(_with_setting(make_project(tmp_path), processes=2), "-v")
    assert shared.code == 0 and "A worker takes" not in shared.output, \
        "the real site's loops are below share_from: a worker would cost more than it saves"


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_workers_write_the_site_one_process_writes(real_site: BuildResult, tmp_path: Path) -> None:
    shared = build(_with_setting(make_project(tmp_path / "three"), processes=3, share_from=1), "-v")
    assert shared.code == 0, shared.output[-2000:]
    assert shared.output.count("A worker takes") == 4, "two workers for each of MkDocs' two page loops"
    assert "simplified in a spawned job" in shared.output, "the simplified chunked index written by a job"
    alone = build(_with_setting(make_project(tmp_path / "one"), processes=1))
    assert alone.code == 0, alone.output[-2000:]
    first, second = _files(shared.site), _files(alone.site)
    assert first.keys() == second.keys(), "the same files"
    assert sorted(k for k in first if first[k] != second[k]) == [], "the same bytes"
    memos = [_files(project / ".cache" / "republish") for project in (tmp_path / "three", tmp_path / "one")]
    assert memos[0] and sorted(k for k in memos[1] if memos[0].get(k) != memos[1][k]) == [], \
        "the memo files keep what the workers converted too"


def test_a_warning_in_a_workers_page_fails_the_strict_build_once(tmp_path: Path) -> None:
    outputs = {}
    for processes in (1, 2):
        project = make_project(tmp_path / str(processes))
        docs = project / "docs"
        shutil.copytree(ROOT / "docs", docs)
        # The first page is most of the work: the build's share; the worker's starts after it.
        (docs / "aa.md").write_text("# 长页\n\n" + "长页正文。\n\n" * 40_000, encoding="utf-8")
        (docs / "ab.md").write_text("# 断链\n\n[断链](missing.md)\n", encoding="utf-8")
        cfg = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
        cfg["docs_dir"] = str(docs)
        cfg["extra"]["republish"].update(processes=processes, share_from=1)
        (project / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
        result = build(project, "-v")
        assert result.code != 0, "a broken link fails --strict"
        outputs[processes] = [line for line in result.output.splitlines() if "missing.md" in line]
        if processes == 2:
            assert "pages, from ab.md on" in result.output, "the worker rendered the page (all but the first)"
    assert len(outputs[2]) == 1 and outputs[2] == outputs[1], f"reported once, as alone: {outputs}"


def _rendered(config: Any, files: Files, file: File) -> Page:
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, files)
    return page


def test_rendered_pages_let_go_of_their_markdown_but_keep_their_titles(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "hand.md").write_text("# 手写的页\n\n正文。\n", encoding="utf-8")
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = "test"       # as MkDocs sets it while a plugin's event runs
    generated = File.generated(config, "made.md", content="# 生成的页\n\n正文。\n")
    hand = File("hand.md", str(docs), config.site_dir, config.use_directory_urls)
    waiting = File.generated(config, "later.md", content="# 未渲染的页\n")
    files = Files([generated, hand, waiting])
    pages = [_rendered(config, files, generated), _rendered(config, files, hand)]
    Page(None, waiting, config).read_source(config)
    pool.release_sources(files)
    assert [page.markdown for page in pages] == ["", ""], "the rendered pages' Markdown is let go"
    assert [page.title for page in pages] == ["生成的页", "手写的页"], "their titles stay (the nav shows them)"
    assert generated._content is None and hand.content_string.startswith("# 手写的页"), \
        "a generated page's source is let go; a hand-written one is still on disk"
    assert waiting.page.markdown == "# 未渲染的页\n" and waiting.content_string == "# 未渲染的页\n", \
        "a page not rendered yet keeps its source"



def test_only_a_large_page_gives_its_freed_memory_back(monkeypatch: pytest.MonkeyPatch) -> None:
    released: list[bool] = []
    monkeypatch.setattr(pool.workers, "release_free_memory", lambda: released.append(True))
    pool._let_go_after("正文" * 1_000)
    pool._let_go_after(None)
    assert released == [], "an article's page, or none, is not worth a collection"
    pool._let_go_after("正" * pool.LARGE_PAGE)
    assert released == [True], "a page as large as xref.md's is"


class _BlogLike:
    """A plugin that would read pages' Markdown after on_env (as Material's blog does)."""

    def on_page_markdown(self, markdown: str, **kwargs: object) -> str:
        return markdown


@pytest.mark.parametrize("other_plugin", [False, True])
def test_sources_are_let_go_only_when_no_other_plugin_acts_on_pages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, other_plugin: bool) -> None:
    spec = importlib.util.spec_from_file_location("hooks_under_test", ROOT / "hooks" / "republish_hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.extra["republish"]["processes"] = 1
    if other_plugin:
        config.plugins.events["page_markdown"].append(_BlogLike().on_page_markdown)
    released: list[object] = []
    monkeypatch.setattr(pool, "release_sources", released.append)
    monkeypatch.setenv(hooks.PARTIAL_ENV, "")
    files = Files([])
    hooks.on_env(config.theme.get_env(), config, files)
    assert released == ([] if other_plugin else [files]), \
        "another page plugin may read the Markdown later" if other_plugin else "a full build lets go of it"
