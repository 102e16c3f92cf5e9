"""`mkdocs serve` keeps serving the last good build and prints the error in one line; and the
Pages workflow cannot deploy a failed build."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from sitekit import ROOT, make_project

pytestmark = pytest.mark.build

WAIT_SECONDS = 120      # how long to wait for a (re)build before giving up; not a timing assertion
GOOD = "标题甲\n\n张三 李四\n\n第一稿正文,株洲市二医院。\n"
FIXED = "标题甲\n\n张三 李四\n\n第二稿正文,株洲市二医院。\n"
BROKEN = "标题甲\n\n张三 李四\n\n正文\x00断了。\n".encode("utf-8")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    """Status and body of a GET; (0, '') while the server is not up."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


def wait_for(what: str, check: Callable[[], bool]) -> None:
    """Poll until check() holds; fail naming what never happened."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.3)


@contextmanager
def serving(project: Path, log: Path) -> Iterator[str]:
    """Run `mkdocs serve --strict` on the project; yield its base URL; stop it afterwards."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "-a",
                                 f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
                                stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            yield f"http://127.0.0.1:{port}/"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_serve_keeps_the_last_good_build_and_reports_the_error(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds={"a.txt": GOOD})
    seed = project / "seeds" / "a.txt"
    log = tmp_path / "serve.log"
    with serving(project, log) as base:
        page = base + "a/"
        wait_for("the first build", lambda: "第一稿正文" in fetch(page)[1])
        seed.write_bytes(BROKEN)
        wait_for("the failed rebuild", lambda: "still serving the last good build" in
                 log.read_text(encoding="utf-8", errors="replace"))
        status, html = fetch(page)
        assert status == 200 and "第一稿正文" in html          # the last good build is still served
        output = log.read_text(encoding="utf-8")
        errors = [line for line in output.splitlines() if "the seed contains a NUL byte" in line]
        assert errors and "a.txt:5:3" in errors[0] and "Fix:" in errors[0], output
        assert "Traceback" not in output, output
        seed.write_text(FIXED, encoding="utf-8")
        wait_for("the repaired rebuild", lambda: "第二稿正文" in fetch(page)[1])


def test_serve_remembers_how_the_search_plugin_split_a_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    import jieba
    calls: list[bytes] = []

    def counting_cut(sentence: bytes, *args: object, **kwargs: object) -> Iterator[str]:
        calls.append(sentence)
        return iter(["株洲市", "二", "医院"])

    monkeypatch.setattr(jieba, "cut", counting_cut)
    monkeypatch.setenv("REPUBLISH_PARTIAL_BUILD", "")
    spec = importlib.util.spec_from_file_location("hooks_under_test", ROOT / "hooks" / "republish_hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    hooks.on_startup(command="build", dirty=False)
    assert jieba.cut is counting_cut                     # a one-off build splits each text once anyway
    hooks.on_startup(command="serve", dirty=False)
    hooks.on_startup(command="serve", dirty=False)       # the hook module is reloaded with each config
    text = "株洲市二医院".encode("utf-8")
    assert ["\u200b".join(jieba.cut(text)) for _ in range(3)] == ["株洲市\u200b二\u200b医院"] * 3
    assert calls == [text]
    assert os.environ[hooks.PARTIAL_ENV] == "1"          # serve rebuilds some pages: no purge
    hooks.on_startup(command="build", dirty=True)
    assert os.environ[hooks.PARTIAL_ENV] == "1"
    hooks.on_startup(command="build", dirty=False)
    assert os.environ[hooks.PARTIAL_ENV] == ""


def test_serve_takes_back_search_words_the_editors_removed(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    import jieba
    monkeypatch.delattr(jieba, "rp_search_words", raising=False)
    spec = importlib.util.spec_from_file_location("hooks_under_test", ROOT / "hooks" / "republish_hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    jieba.dt.check_initialized()
    known = jieba.dt.FREQ["医改"]                           # a word of jieba's own dictionary
    hooks._teach_search_words(("医改", "紧密型医联体"))
    assert list(jieba.cut("紧密型医联体")) == ["紧密型医联体"]
    hooks._teach_search_words(())                         # both entries left the glossary
    assert list(jieba.cut("紧密型医联体")) != ["紧密型医联体"]
    assert jieba.dt.FREQ.get("医改", 0) == known > 0, "a word of jieba's own dictionary was deleted"


def test_serve_polls_the_seeds_and_the_data_more_often_than_mkdocs_polls_the_docs(tmp_path: Path) -> None:
    """A saved seed starts its rebuild within SOURCE_POLL_SECONDS (MkDocs' own watches: 0.5 s)."""
    project = make_project(tmp_path / "project", seeds={"a.txt": GOOD})
    config = load_config(str(project / "mkdocs.yml"))
    spec = importlib.util.spec_from_file_location("hooks_under_test", ROOT / "hooks" / "republish_hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path))
    try:
        server.watch(config.docs_dir)
        hooks.on_serve(server, config, server.builder)
        intervals = {os.path.basename(e.watch.path): e.timeout for e in server.observer.emitters}
        extra = config.extra["republish"]
        sources = {os.path.basename(str(extra["seeds_dir"])), os.path.basename(str(extra["data_dir"]))}
        assert {intervals[name] for name in sources} == {hooks.SOURCE_POLL_SECONDS}, intervals
        assert intervals[os.path.basename(config.docs_dir)] == 0.5, intervals      # MkDocs' own, as it was
        assert server.observer.timeout == 0.5, "later watches would poll faster too"
    finally:
        server.server_close()


def test_serve_reads_no_source_while_it_builds_and_sees_a_save_made_meanwhile(tmp_path: Path) -> None:
    """A poll of a large seeds folder costs the build the interpreter's time: polls during a build
    see nothing, and the first one after it sees what was saved meanwhile."""
    project = make_project(tmp_path / "project", seeds={"a.txt": GOOD})
    config = load_config(str(project / "mkdocs.yml"))
    seed = project / "seeds" / "a.txt"
    spec = importlib.util.spec_from_file_location("hooks_under_test", ROOT / "hooks" / "republish_hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    polls: dict[str, int] = {"count": 0}
    polled = threading.Condition()

    def build_while_saving() -> None:
        seed.write_text(FIXED, encoding="utf-8")
        with polled:      # the seeds' poller looks at least twice before the build ends
            after = polls["count"] + 2
            assert polled.wait_for(lambda: polls["count"] >= after, timeout=WAIT_SECONDS), "no poll ran"
        assert not server._want_rebuild, "a poll read the seeds during the build"

    server = LiveReloadServer(builder=build_while_saving, host="127.0.0.1", port=free_port(), root=str(tmp_path))
    try:
        hooks.on_serve(server, config, server.builder)
        seeds_poller = next(e for e in server.observer.emitters if Path(e.watch.path) == seed.parent)
        queue_events = seeds_poller.queue_events

        def counted(timeout: float) -> None:
            queue_events(timeout)
            with polled:
                polls["count"] += 1
                polled.notify_all()
        seeds_poller.queue_events = counted
        server.observer.start()
        server.builder()
        wait_for("the save made during the build to start a rebuild", lambda: server._want_rebuild)
    finally:
        server.observer.stop()
        server.server_close()
