"""Incremental serve rebuilds: after an edit, only what changed is rendered, and the site written
is byte for byte the one a full build of the same sources writes.

The serve side is tests/servedriver.py: MkDocs' own build function called as `mkdocs serve` calls
it (fresh config and hook module per build, on_startup('serve') once, the server's site URL,
dirty=False), in one long-lived process. The reference is the real `mkdocs build --strict` CLI of
the same project; CSS purge is off in both (serve never purges) and both use Material's search
(serve never writes the chunked index).
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from sitekit import ROOT, build, hook_adapter, make_project

from republish import incremental

pytestmark = pytest.mark.build

SERVE_URL = "http://127.0.0.1:8000/"
SEEDS = {
    "a.txt": "标题甲\n\n张三 李四\n\n第一稿正文,株洲市二医院开展日间手术。\n\n第二段文字。\n",
    "b.txt": "标题乙\n\n王五\n\n乙文正文,医院推行日间手术模式。\n",
    "c.txt": "标题丙\n\n赵六\n\n丙文正文,社区医院。\n",
}
GLOSSARY_ENTRY = ("- term: 日间手术\n  full: 日间手术\n  en: day surgery\n"
                  "  definition: 患者在一个工作日内完成入院、手术和出院的手术模式。\n")


class Serving:
    """A serve-like rebuilder of one project (tests/servedriver.py in a child process)."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.proc = proc

    def rebuild(self) -> dict:
        """One rebuild; what it reused and computed. Fails if the build failed."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("build\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        assert answer, "the serve driver died (its log is in serve.log)"
        result = json.loads(answer)
        assert result["ok"], "a serve rebuild failed (see serve.log)"
        return result


@contextmanager
def serving(project: Path, site: Path) -> Iterator[Serving]:
    with open(project / "serve.log", "wb") as log:
        proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "servedriver.py"),
                                 str(project / "mkdocs.yml"), str(site), SERVE_URL],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        try:
            yield Serving(proc)
        finally:
            proc.stdin.close()
            proc.wait(timeout=60)


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def differences(incremental: Path, full: Path) -> list[str]:
    """Files that differ between two site dirs (missing on one side, or other bytes), briefly."""
    left, right = site_files(incremental), site_files(full)
    found = [f"{name}: only in the {'incremental' if name in left else 'full'} build"
             for name in sorted(left.keys() ^ right.keys())]
    for name in sorted(left.keys() & right.keys()):
        a, b = left[name], right[name]
        if a != b:
            at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            found.append(f"{name}: differs at byte {at}: incremental {a[max(0, at - 30):at + 50]!r} "
                         f"vs full {b[max(0, at - 30):at + 50]!r}")
    return found


def assert_same_as_full_build(project: Path, site: Path, label: str) -> None:
    full = build(project)
    assert full.code == 0, full.output[-2000:]
    found = differences(site, full.site)
    assert not found, f"{label}: {len(found)} files differ from a full build; first: " + "\n".join(found[:4])


def project_for(tmp: Path) -> Path:
    project = make_project(tmp, seeds=SEEDS, site_url=SERVE_URL)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["republish"]["purge_css"] = False        # serve never purges
    config["extra"]["republish"]["served_search"] = "material"   # nor writes the chunked index
    config["extra"]["republish"]["cache_dir"] = str(tmp / "memo")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return project


def test_incremental_serve_rebuilds_write_what_a_full_build_writes(tmp_path: Path) -> None:
    project = project_for(tmp_path / "project")
    seeds, data = project / "seeds", tmp_path / "project" / "data"
    site = tmp_path / "serve-site"
    with serving(project, site) as serve:
        first = serve.rebuild()
        pages = first["computed"].get("page", 0)
        assert pages >= 10 and not first["reused"].get("page"), f"cold start, pages not all rendered: {first}"

        unchanged = serve.rebuild()
        assert unchanged["reused"].get("page") == pages and not unchanged["computed"].get("page"), unchanged
        assert unchanged["reused"].get("article") == 3 and not unchanged["computed"].get("article"), unchanged

        (seeds / "a.txt").write_text(SEEDS["a.txt"].replace("第二段文字", "第二段改过的文字"), encoding="utf-8")
        edited = serve.rebuild()
        assert edited["computed"].get("article") == 1, edited               # only the saved seed is read
        assert edited["computed"].get("page", 0) <= 3, edited               # its page (and pages quoting it)
        assert edited["reused"].get("page", 0) >= pages - 3, edited
        assert_same_as_full_build(project, site, "seed-edit")

        glossary = data / "glossary.yml"
        glossary.write_text(glossary.read_text(encoding="utf-8") + GLOSSARY_ENTRY, encoding="utf-8")
        data_edit = serve.rebuild()
        assert data_edit["reused"].get("article") == 3, data_edit         # data changes no seed's reading
        assert data_edit["computed"].get("page", 0) >= 3, data_edit        # a, b and the glossary page
        assert_same_as_full_build(project, site, "data-edit")

        (seeds / "c.yml").write_text("title: 标题丙改\n", encoding="utf-8")
        (seeds / "d.txt").write_text("标题丁\n\n钱七\n\n丁文正文,日间手术。\n", encoding="utf-8")
        serve.rebuild()
        assert_same_as_full_build(project, site, "sidecar-and-new-seed")

        (seeds / "b.txt").unlink()
        removed = serve.rebuild()
        assert not removed["computed"].get("article"), removed
        assert_same_as_full_build(project, site, "seed-removed")


# Two articles share a passage (互见); the third shares nothing. Edits to one side of the passage
# and to the editors' data must reach the pages of the articles that were not edited.
SHARED = "全市二级以上公立医院全面推行日间手术服务模式，患者当天入院当天出院"
CROSS_SEEDS = {
    "a.txt": f"标题甲\n\n张三\n\n春节期间，{SHARED}。医院开展义诊3次。\n\n第二段文字。\n",
    "b.txt": f"标题乙\n\n李四\n\n去年以来，{SHARED}。\n",
    "c.txt": "标题丙\n\n王五\n\n社区开展义诊5场，服务群众。\n",
}
THEME = ("themes:\n  - id: yizhen\n    name: 义诊\n    description: 义诊进社区。\n"
         "    keywords: [义诊, 健康宣教]\n")
NOTE = "- quote: 社区开展义诊\n  kind: 背景\n  certainty: 把握较大\n  note: 编者所加的一条注释。\n"
INSTITUTION = "entries:\n  - name: 公立医院\n    kind: institution\n"
VARIANT = "    variants: [二级以上公立医院]\n    variants_basis: 文中所指\n"
TERM = "- term: 日间手术\n  full: 日间手术\n  en: day surgery\n  definition: 当天入院当天出院的手术。\n"


def test_cross_article_results_follow_edits_of_other_articles_and_of_the_data(tmp_path: Path) -> None:
    """A wrong reuse of what the features derive from several articles (a pair's alignment, an
    unchanged article's page or notes, the glossary's, themes', directory's or timeline's matches
    of an unchanged text) leaves a page as it was and differs from the full build."""
    project = make_project(tmp_path / "project", seeds=CROSS_SEEDS, site_url=SERVE_URL)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["republish"].update(purge_css=False, served_search="material", cache_dir=str(tmp_path / "memo"))
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    seeds, data, site = project / "seeds", tmp_path / "project" / "data", tmp_path / "serve-site"

    def page(path: str) -> bytes:
        return (site / path / "index.html").read_bytes()

    def rebuilt_and_compared(label: str, changed: str) -> dict:
        """Rebuild; the page `changed` (unedited itself) must change, and the site equal a full build."""
        before = page(changed)
        result = serve.rebuild()
        unchanged = page(changed) == before
        assert not unchanged, f"{label}: {changed}/ did not change, the test shows nothing"
        assert_same_as_full_build(project, site, label)
        return result

    with serving(project, site) as serve:
        serve.rebuild()
        b_seed = seeds / "b.txt"
        b_seed.write_text(CROSS_SEEDS["b.txt"].replace("全面推行", "逐步推广"), encoding="utf-8")
        rebuilt_and_compared("a passage partly rewritten on one side", "a")
        b_seed.write_text(CROSS_SEEDS["b.txt"].replace(SHARED, "医院推行另一种完全不同的服务，群众普遍欢迎"), encoding="utf-8")
        edited = rebuilt_and_compared("one side of a passage edited", "a")
        assert edited["computed"].get("article") == 1, edited        # a and c are read from the cache
        b_seed.write_text(CROSS_SEEDS["b.txt"], encoding="utf-8")
        rebuilt_and_compared("the passage shared again", "a")
        # The same passage, its side elsewhere: a's marker names b's title and links b's paragraph.
        b_seed.write_text(CROSS_SEEDS["b.txt"].replace("李四", "李四六"), encoding="utf-8")
        rebuilt_and_compared("the other side's article retitled", "a")
        b_seed.write_text(CROSS_SEEDS["b.txt"].replace("去年以来", "新加的一段。\n\n去年以来"), encoding="utf-8")
        rebuilt_and_compared("a paragraph inserted before the other side", "a")
        b_seed.write_text(CROSS_SEEDS["b.txt"] + "\n末尾新加的一段，别处没有。\n", encoding="utf-8")
        serve.rebuild()
        assert_same_as_full_build(project, site, "a paragraph no other article shares added")
        b_seed.write_text(CROSS_SEEDS["b.txt"], encoding="utf-8")
        serve.rebuild()

        glossary = data / "glossary.yml"
        glossary.write_text(glossary.read_text(encoding="utf-8") + TERM, encoding="utf-8")
        rebuilt_and_compared("a glossary entry found in unchanged articles", "a")
        glossary.write_text(glossary.read_text(encoding="utf-8").replace(
            "en: day surgery\n", "en: day surgery\n  aliases: [义诊]\n"), encoding="utf-8")
        rebuilt_and_compared("a glossary alias found in an unchanged article", "c")

        themes = data / "themes.yml"
        themes.write_text(themes.read_text(encoding="utf-8").replace("themes: []\n", THEME), encoding="utf-8")
        rebuilt_and_compared("a theme found in unchanged articles", "c")
        themes.write_text(themes.read_text(encoding="utf-8").replace("健康宣教", "服务群众"), encoding="utf-8")
        rebuilt_and_compared("a theme's keywords edited", "xref")

        notes = data / "notes" / "c.yml"
        notes.parent.mkdir(exist_ok=True)
        notes.write_text(NOTE, encoding="utf-8")
        rebuilt_and_compared("a note on an unchanged article", "c")
        notes.write_text(NOTE.replace("背景", "考证"), encoding="utf-8")
        rebuilt_and_compared("a note's kind edited", "c")

        people = data / "people.yml"
        people.write_text(people.read_text(encoding="utf-8").replace("entries: []\n", INSTITUTION), encoding="utf-8")
        rebuilt_and_compared("a directory entry found in unchanged articles", "people")
        people.write_text(people.read_text(encoding="utf-8").replace(INSTITUTION, INSTITUTION + VARIANT),
                          encoding="utf-8")
        rebuilt_and_compared("a directory entry's other written form", "people")

        timeline = data / "timeline.yml"
        timeline.write_text(timeline.read_text(encoding="utf-8").replace("festivals: [春节, ", "festivals: ["),
                            encoding="utf-8")
        rebuilt_and_compared("a festival no longer a date", "timeline")
        timeline.write_text(timeline.read_text(encoding="utf-8").replace("场, 次, ", ""), encoding="utf-8")
        rebuilt_and_compared("measure words edited", "figures")

        site_facts = data / "site.yml"     # every article's citation box names the publisher
        site_facts.write_text(site_facts.read_text(encoding="utf-8").replace('publisher: ""', "publisher: 某转载者"),
                              encoding="utf-8")
        rebuilt_and_compared("the site's publisher named", "c")


def serve_cache_module() -> Any:
    """hooks/serve_cache.py as the hook module loads it."""
    return hook_adapter("republish_serve_cache", "serve_cache.py")


def test_the_theme_files_of_a_serve_build_are_those_mkdocs_lists_and_follow_the_custom_dir(tmp_path: Path) -> None:
    """Installed theme directories are listed once per process; a project's custom_dir every build."""
    cache = serve_cache_module()
    custom = tmp_path / "overrides"
    (custom / "assets").mkdir(parents=True)
    (custom / "assets" / "own.css").write_text("p{}", encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump({"site_name": "t", "docs_dir": str(tmp_path / "docs"),
                                           "theme": {"name": "material", "custom_dir": str(custom)}}),
                           encoding="utf-8")
    (tmp_path / "docs").mkdir()

    def listed(add: Callable[..., None]) -> list[tuple[str, str]]:
        config = load_config(str(config_file))
        files = Files([])
        add(files, config.theme.get_env(), config)
        return [(f.src_uri, f.abs_src_path) for f in files]

    incremental.enable(True)
    try:
        for _ in range(2):          # the second time from the kept listing
            assert listed(cache._add_theme_files) == listed(cache.ORIGINAL_ADD_THEME_FILES)
        kept = {directory for directory, _ in cache.LISTINGS}
        assert any(d.endswith(os.path.join("material", "templates")) for d in kept), kept
        assert str(custom) not in kept, "the project's custom_dir was kept"
        (custom / "assets" / "added.js").write_text("", encoding="utf-8")
        names = [name for name, _ in listed(cache._add_theme_files)]
        assert "assets/added.js" in names and "assets/own.css" in names, names[:20]
    finally:
        incremental.enable(False)


def test_the_collector_is_off_during_a_serve_rebuild_and_on_again_after_it() -> None:
    collector = serve_cache_module().Collector(delay=0.2)
    try:
        collector.pause()
        assert not gc.isenabled()
        first = collector.resume_later()
        collector.pause()                       # the next rebuild started before the first timer fired
        first.join()
        assert not gc.isenabled(), "a rebuild ran with the collector on"
        collector.resume_later().join()
        assert gc.isenabled(), "the collector stayed off after the rebuilds"
    finally:
        gc.enable()
