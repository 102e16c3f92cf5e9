"""Shared test helpers: build real sites in tmp dirs and read what a reader sees."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# The seeds the shipped editorial data (notes, expected passages, names, counts) was written for;
# tests about that data use these, tests of behaviour use every seed in seeds/.
SHIPPED_NAMES = ("000_69f4fe6adc6ee305.txt", "003_c9bdceadfff6f410.txt")
SHIPPED = [SEEDS / name for name in SHIPPED_NAMES]
EDITORIAL = ".rp-ed, .headerlink"
MD_HEADING_MARK = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)


@dataclass
class BuildResult:
    """Outcome of one `mkdocs build` run."""

    code: int
    output: str
    site: Path


def make_project(tmp: Path, seeds: dict[str, str | bytes] | None = None,
                 data_dir: Path | None = None, **config: object) -> Path:
    """A tmp project using the real hooks, docs and data with its own seeds."""
    seeds_dir = tmp / "seeds"
    seeds_dir.mkdir(parents=True, exist_ok=True)
    if seeds is None:
        for path in SEEDS.iterdir():
            (seeds_dir / path.name).write_bytes(path.read_bytes())
    else:
        for name, content in seeds.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (seeds_dir / name).write_bytes(data)
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as file:
        cfg = yaml_load(file)  # MkDocs' own loader understands !ENV
    cfg["docs_dir"] = str(ROOT / "docs")
    cfg["theme"]["custom_dir"] = str(ROOT / "overrides")
    cfg["hooks"] = [str(ROOT / "hooks" / "republish_hooks.py")]
    cfg["extra"]["republish"]["seeds_dir"] = str(seeds_dir)
    if data_dir is None and seeds is not None:
        data_dir = neutral_data(tmp / "data")
    cfg["extra"]["republish"]["data_dir"] = str(data_dir or ROOT / "data")
    cfg.update(config)
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return tmp


def neutral_data(target: Path) -> Path:
    """The real data minus what is tied to the real seeds (notes, directory entries, themes) and an
    empty glossary, so crafted seeds build strictly without 'unused entry' warnings."""
    shutil.copytree(ROOT / "data", target, dirs_exist_ok=True)
    shutil.rmtree(target / "notes", ignore_errors=True)
    people = (target / "people.yml").read_text(encoding="utf-8")
    (target / "people.yml").write_text(people[: people.index("\nentries:")] + "\nentries: []\n", encoding="utf-8")
    themes = (target / "themes.yml").read_text(encoding="utf-8")
    (target / "themes.yml").write_text(re.sub(r"(?ms)^themes:\n.*?(?=^\S)", "themes: []\n", themes),
                                       encoding="utf-8")
    (target / "glossary.yml").write_text(
        "- term: MDT\n  full: 多学科诊疗\n  en: multidisciplinary team\n"
        "  definition: 多个学科的专家共同讨论病例、制定诊疗方案的工作模式。\n  unused_ok: true\n",
        encoding="utf-8")
    return target


def build(project: Path, *args: str, fresh_interpreter: bool = False) -> BuildResult:
    """Run the real `mkdocs build --strict` CLI on a project: forked from tests/buildfork.py's
    zygote where the platform forks, else (or with `fresh_interpreter`) as `python -m mkdocs`.
    Builds forked from one zygote share its string-hash seed; a test that two builds give the
    same bytes whatever the order of a set of strings needs a fresh interpreter for one of them."""
    site = project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    arguments = ["build", "--strict", "-d", str(site), "-f", str(project / "mkdocs.yml"), *args]
    if hasattr(os, "fork") and not fresh_interpreter:
        code, output = _ZYGOTE.run(arguments, env, Path.cwd())
        return BuildResult(code, output, site)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", *arguments],
                          capture_output=True, text=True, env=env, timeout=BUILD_TIMEOUT)
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site)


BUILD_TIMEOUT = 300


class _Zygote:
    """This test process's tests/buildfork.py, started at its first build."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None

    def run(self, arguments: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "buildfork.py")],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0,
                                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        assert self.proc.stdin is not None and self.proc.stdout is not None
        with tempfile.TemporaryDirectory() as scratch:
            out, err = Path(scratch, "out"), Path(scratch, "err")
            request = {"args": arguments, "env": env, "cwd": str(cwd), "out": str(out), "err": str(err)}
            # Unbuffered both ways: select() below must see every answer not read yet.
            self.proc.stdin.write(json.dumps(request).encode() + b"\n")
            pid = json.loads(self.proc.stdout.readline())["pid"]
            ready, _, _ = select.select([self.proc.stdout], [], [], BUILD_TIMEOUT)
            if not ready:
                os.killpg(pid, signal.SIGKILL)
                self.proc.stdout.readline()
                raise subprocess.TimeoutExpired(["mkdocs", *arguments], BUILD_TIMEOUT)
            code = json.loads(self.proc.stdout.readline())["code"]
            return code, out.read_text(encoding="utf-8") + err.read_text(encoding="utf-8")


_ZYGOTE = _Zygote()


def page_html(site: Path, slug: str) -> str:
    path = site / slug / "index.html" if (site / slug).is_dir() else site / f"{slug}.html"
    return path.read_text(encoding="utf-8")


def article_element(html: str) -> BeautifulSoup:
    soup = BeautifulSoup(html, "html.parser")
    return soup.select_one("article.md-content__inner")


def reader_text(html: str) -> str:
    """The article's text with editorial additions removed, whitespace dropped."""
    article = article_element(html)
    for node in article.select(EDITORIAL):
        node.decompose()
    return "".join(article.get_text().split())


def seed_text(raw: str) -> str:
    """A seed's text as the page must show it: heading markers and whitespace dropped."""
    return "".join(MD_HEADING_MARK.sub("", raw.removeprefix("\ufeff")).split())


def slug_of(site: Path, seed_name: str) -> str:
    """The page directory whose metadata box names this seed file."""
    for index in site.rglob("index.html"):
        if "zh-Hant" in index.parts:
            continue
        if re.search(f"<code[^>]*>{re.escape(seed_name)}</code>", index.read_text(encoding="utf-8")):
            return index.parent.relative_to(site).as_posix()
    raise AssertionError(f"no page shows {seed_name}")


def hook_adapter(name: str, file_name: str) -> Any:
    """A module of hooks/ as the hook module loads it (once per process, under its fixed name)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "hooks" / file_name)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
