"""Build benchmark: full build, own-code share, scaling, memory, serve rebuild, page weight.

Every build is the real `mkdocs build` CLI in a child process (both scripts: the
simplified site and its /zh-Hant/ twin come out of one build); wall time and the
child's peak RSS come from os.wait4. Figures are medians over --runs runs.

Sections (all by default, or pick with --only):
  real    the real site: full build (memo cold, then warm), the same generated Markdown
          built with the hooks switched off (pages dumped into a tmp docs dir, config
          without `hooks:`, same nav), own share = (full - plain) / full; an in-run
          timer of the hooks (module load + events) against the whole run, which the
          machine's noise cannot skew; plus one cProfile run attributing the cumulative time of the hook entry points (republish/
          and hooks/ code and the libraries it calls, e.g. OpenCC) as a cross-check
  scale   2, 100, 1000 synthetic articles (benchmarks/synthetic.py), built without
          --strict (random text leaves some glossary entries unmatched); per-article
          time T(N)/N and marginal time (T(N) - T(2)) / (N - 2), the 1000/100 ratio of
          the marginal time, peak RSS; the largest size is built once, instrumented, which
          also measures the script conversion (OpenCC and the Converter)
  serve   `mkdocs serve` on 127.0.0.1 in a tmp copy of the project, then of synthetic
          corpora (--serve-sizes, default 200): time from saving a seed to the page served
          with the change, and what the last incremental rebuild reused (serve log)
  weight  bytes and requests of an article page's first load in Chromium (Playwright,
          /usr/bin/chromium), search index (and its worker) separately, fonts counted

Run from the repository root:  .venv/bin/python benchmarks/build_bench.py [--runs 3] [--only real,serve]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml  # noqa: E402
from mkdocs.utils.yaml import yaml_load  # noqa: E402

from republish import memo  # noqa: E402
from sitekit import make_project  # noqa: E402
from synthetic import Generator, bench_data  # noqa: E402

# Builds run as on an editor's machine: this workplace sets PYTHONDONTWRITEBYTECODE, which made
# every build compile the project's modules from source (about 0.15 s) while the libraries'
# bytecode came with their installation.
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "NO_MKDOCS_2_WARNING": "1"}
SIZES = (2, 100, 1000)
ARTICLE = "2023-06-29-gaige-chuangxin"      # the real article whose first load is weighed
EDIT_SEED = "000_69f4fe6adc6ee305.txt"
TARGETS = {"own_share": 0.15, "ratio": 1.2, "rss_mib": 1024, "rebuild_s": 2.0, "first_load_kb": 300}


@dataclass
class Run:
    """One build: wall seconds, CPU seconds, peak memory, exit code, output. rss_mib is the
    largest single process's peak (wait4); tree_mib the peak of the whole process tree's RSS
    summed (sampled every TREE_SAMPLE_S): a build that runs helper processes at once (forked workers)
    uses their sum. That sum counts twice what a forked worker shares with the build
    (hooks/page_pool.py); tree_pss_mib, the peak of the tree's proportional set size (each shared
    page divided among the processes sharing it), does not."""

    seconds: float
    cpu: float
    rss_mib: float
    code: int
    output: str
    tree_mib: float = 0.0
    tree_pss_mib: float = 0.0


# -----------------------------------------------------------------------------
# Running builds
# -----------------------------------------------------------------------------

TREE_SAMPLE_S = 0.02


def run(argv: list[str], cwd: Path = ROOT) -> Run:
    """Run a child to completion; time it, read its largest process's peak RSS with wait4 and
    sample its process tree's summed RSS."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=ENV, stdout=log, stderr=subprocess.STDOUT)
        peak = [0, 0]
        sampler = threading.Thread(target=_sample_tree, args=(proc.pid, peak), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, output,
               max(peak[0] / 1024, usage.ru_maxrss / 1024), peak[1] / 1024)


def _sample_tree(pid: int, peak: list[int]) -> None:
    """Until pid ends, the largest sums of VmRSS and of Pss (KiB) over pid and its descendants,
    into peak[0] and peak[1]."""
    while True:
        totals = _tree_memory_kib(pid)
        if totals is None:
            return
        peak[0], peak[1] = max(peak[0], totals[0]), max(peak[1], totals[1])
        time.sleep(TREE_SAMPLE_S)


def _tree_memory_kib(pid: int) -> tuple[int, int] | None:
    """VmRSS and Pss of a process and all its descendants, summed (None once the process has exited)."""
    total, proportional, pending, root = 0, 0, [pid], True
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = [int(c) for task in Path(f"/proc/{current}/task").iterdir()
                        for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            if root:
                return None
            continue
        if root and "State:\tZ" in status:       # exited, not yet reaped
            return None
        root = False
        rss = re.search(r"^VmRSS:\s+(\d+)", status, re.MULTILINE)
        total += int(rss.group(1)) if rss else 0
        proportional += _pss_kib(current)
        pending += children
    return total, proportional


def _pss_kib(pid: int) -> int:
    """A process's proportional set size (0 if it is gone or the kernel does not say)."""
    try:
        pss = re.search(r"^Pss:\s+(\d+)", Path(f"/proc/{pid}/smaps_rollup").read_text(), re.MULTILINE)
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return 0
    return int(pss.group(1)) if pss else 0


def mkdocs_build(config: Path, site: Path, strict: bool = True) -> Run:
    """One `mkdocs build` of a config into a site dir; fails loudly on a broken build."""
    argv = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
    result = run(argv + (["--strict"] if strict else []))
    if result.code != 0:
        raise SystemExit(f"build of {config} failed:\n{result.output[-3000:]}")
    return result


def median_builds(config: Path, site: Path, runs: int, strict: bool = True, cold: bool = False) -> list[Run]:
    """`runs` builds of one config (the site dir is wiped before each; with cold, the memo dir too)."""
    results = []
    for _ in range(runs):
        shutil.rmtree(site, ignore_errors=True)
        memo_path = memo_dir(config)
        if cold and memo_path is not None:
            shutil.rmtree(memo_path, ignore_errors=True)
        results.append(mkdocs_build(config, site, strict))
    return results


def memo_dir(config: Path) -> Path | None:
    """The project's memo directory (republish.memo), or None when the memo is off."""
    with open(config, encoding="utf-8") as file:
        extra = (yaml_load(file).get("extra") or {}).get("republish") or {}
    setting = extra.get("cache_dir", memo.DEFAULT_DIR)
    return config.parent / setting if setting else None


def med(values: list[float]) -> float:
    """Median."""
    return statistics.median(values)


def spread(runs: list[Run]) -> str:
    """Median and range of the run times (wall and CPU), for the report."""
    times = [r.seconds for r in runs]
    return (f"{med(times):.2f} s wall (min {min(times):.2f}, max {max(times):.2f}, n={len(times)}), "
            f"{med([r.cpu for r in runs]):.2f} s CPU")


# -----------------------------------------------------------------------------
# real: full build versus the same Markdown without hooks
# -----------------------------------------------------------------------------

def plain_project(tmp: Path) -> Path:
    """The real site's generated pages in a docs dir and a config without hooks."""
    from republish.site import NAV_GROUP_ABOVE, SiteSettings, build_site
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as file:
        cfg = yaml_load(file)
    extra = cfg["extra"]["republish"]
    site = build_site(SiteSettings(seeds_dir=ROOT / extra["seeds_dir"], data_dir=ROOT / extra["data_dir"],
                                   directory_urls=cfg.get("use_directory_urls", True),
                                   title=cfg["site_name"], intro=extra.get("intro", ""),
                                   profile=extra.get("profile")))
    docs = tmp / "docs"
    shutil.copytree(ROOT / cfg["docs_dir"], docs)
    for page in site.pages:
        (docs / page.path).write_text(page.markdown, encoding="utf-8")
    cfg.pop("hooks", None)
    cfg["docs_dir"] = str(docs)
    generated = {p.path for p in site.pages}
    cfg["nav"] = site.nav(sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")
                                 if p.relative_to(docs).as_posix() not in generated),
                          extra.get("nav_group_above", NAV_GROUP_ABOVE))
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return tmp / "mkdocs.yml"


def profiled_share(tmp: Path) -> tuple[float, float]:
    """One cProfile'd build: (cumulative seconds in the hook entry points, total seconds)."""
    import pstats
    out = tmp / "build.prof"
    argv = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs", "build", "--strict", "-q",
            "-d", str(tmp / "profiled-site")]
    if run(argv).code != 0:
        raise SystemExit("profiled build failed")
    stats = pstats.Stats(str(out)).stats  # type: ignore[attr-defined]
    hooks = str(ROOT / "hooks" / "republish_hooks.py")
    own = sum(cum for (file, _, name), (_, _, _, cum, _) in stats.items()
              if file == hooks and (name.startswith("on_") or name == "<module>"))
    total = max(cum for (_, _, _, cum, _) in stats.values())
    return own, total


def bench_real(runs: int, tmp: Path) -> dict:
    """Full build of the real site (memo cold, then warm) and the hook-less build of its Markdown."""
    config = ROOT / "mkdocs.yml"
    plain_config = plain_project(tmp / "plain")
    cold = median_builds(config, tmp / "full-site", runs, cold=True)
    warm, plain = [], []
    for _ in range(runs):       # interleaved, so both see the same state of the machine
        warm += median_builds(config, tmp / "full-site", 1)
        plain += median_builds(plain_config, tmp / "plain-site", 1)
    plain_s, plain_cpu = med([r.seconds for r in plain]), med([r.cpu for r in plain])
    print(f"same Markdown, hooks off:        {spread(plain)}")
    result: dict = {"plain_s": plain_s, "plain_cpu": plain_cpu}
    for label, full in (("cold", cold), ("warm", warm)):
        full_s, full_cpu = med([r.seconds for r in full]), med([r.cpu for r in full])
        result[label] = {"full_s": full_s, "full_cpu": full_cpu, "own_share": (full_s - plain_s) / full_s,
                         "own_share_cpu": (full_cpu - plain_cpu) / full_cpu,
                         "full_rss_mib": med([r.rss_mib for r in full])}
        print(f"real site, full build, memo {label}: {spread(full)}, peak RSS {result[label]['full_rss_mib']:.0f} MiB")
        print(f"  own code (difference):         {full_s - plain_s:.2f} s wall = {result[label]['own_share']:.1%}, "
              f"{full_cpu - plain_cpu:.2f} s CPU = {result[label]['own_share_cpu']:.1%} "
              f"(target <= {TARGETS['own_share']:.0%})")
    paired = [(w.seconds - p.seconds) / w.seconds for w, p in zip(warm, plain)]
    result["warm"]["paired_share"] = med(paired)
    print(f"  own code (pairs of interleaved warm and hook-less builds): median {med(paired):.1%} "
          f"(min {min(paired):.1%}, max {max(paired):.1%}, n={len(paired)})")
    timed = in_run_share(config, tmp / "full-site", runs, tmp)
    shares = [t["own_s"] / t["total_s"] for t in timed]
    result["in_run"] = {"own_s": med([t["own_s"] for t in timed]), "total_s": med([t["total_s"] for t in timed]),
                        "share": med(shares)}
    print(f"own code (in-run timer, memo warm: hook module load + hook events / whole run): "
          f"{result['in_run']['own_s']:.2f} of {result['in_run']['total_s']:.2f} s, share median "
          f"{med(shares):.1%} (min {min(shares):.1%}, max {max(shares):.1%}, n={len(shares)}; "
          f"target <= {TARGETS['own_share']:.0%})")
    own, total = profiled_share(tmp)
    result.update({"profiled_own_s": own, "profiled_total_s": total, "profiled_share": own / total})
    print(f"own code (cProfile, memo warm, hook entry points incl. callees): {own:.2f} of {total:.2f} s "
          f"= {own / total:.1%}")
    return result


# -----------------------------------------------------------------------------
# scale: synthetic sites
# -----------------------------------------------------------------------------

def synthetic_project(tmp: Path, count: int, generator: Generator) -> tuple[Path, int]:
    """A tmp project with `count` synthetic seeds and the real data minus notes."""
    data = bench_data(tmp / "data")
    project = make_project(tmp, seeds={}, data_dir=data, strict=False)
    chars = generator.write(tmp / "seeds", count)
    return project / "mkdocs.yml", chars


def runs_for(size: int, runs: int) -> int:
    """Fewer repetitions for large corpora, to keep the whole benchmark short."""
    return runs if size < 100 else min(runs, 2) if size < 1000 else 1


def bench_scale(sizes: tuple[int, ...], runs: int, tmp: Path, warm_conversion: bool = False) -> dict:
    """Build time, per-article time and peak memory at each corpus size."""
    generator = Generator()
    rows: dict[int, dict] = {}
    print(f"{'N':>6} {'chars':>9} {'runs':>4} {'build s':>8} {'CPU s':>7} {'s/article':>10} {'marginal':>9} "
          f"{'RSS MiB':>8} {'warnings':>8}")
    for size in sizes:
        config, chars = synthetic_project(tmp / f"syn-{size}", size, generator)
        if size == max(sizes):          # one instrumented build also gives the conversion cost
            conversion, results = conversion_cost(config, tmp / f"syn-{size}" / "site", size)
            rows["conversion"] = conversion
            if warm_conversion:         # the same build again, with the memo the first one left
                rows["conversion_warm"], _ = conversion_cost(config, tmp / f"syn-{size}" / "site", size, "warm")
        else:
            results = median_builds(config, tmp / f"syn-{size}" / "site", runs_for(size, runs), strict=False,
                                    cold=True)
        seconds = med([r.seconds for r in results])
        rows[size] = {"chars": chars, "seconds": seconds, "cpu": med([r.cpu for r in results]), "rss_mib": max(r.rss_mib for r in results),
                      "warnings": results[0].output.count("WARNING"), "config": str(config)}
        smallest = min(sizes)
        base = rows[smallest]
        marginal = (seconds - base["seconds"]) / (size - smallest) if size > smallest else float("nan")
        rows[size]["per_article"] = seconds / size
        rows[size]["marginal"] = marginal
        print(f"{size:>6} {chars:>9} {len(results):>4} {seconds:>8.2f} {rows[size]['cpu']:>7.2f} {seconds / size:>10.3f} "
              f"{marginal:>9.3f} {rows[size]['rss_mib']:>8.0f} {rows[size]['warnings']:>8}")
    if 100 in rows and 1000 in rows:
        ratio = rows[1000]["marginal"] / rows[100]["marginal"]
        print(f"marginal s/article 1000 vs 100: {ratio:.2f}x (target <= {TARGETS['ratio']}x); "
              f"plain s/article ratio {rows[1000]['per_article'] / rows[100]['per_article']:.2f}x")
        rows["ratio"] = ratio
    return rows


def conversion_cost(config: Path, site: Path, size: int, memo: str = "cold") -> tuple[dict, list[Run]]:
    """One instrumented build: time spent in script conversion, and the build's own figures."""
    stats_file = site.parent / "conversion.json"
    argv = [sys.executable, str(Path(__file__).resolve()), "--instrumented-build", str(stats_file),
            "build", "-f", str(config), "-d", str(site)]
    result = run(argv)
    if result.code != 0:
        raise SystemExit(f"instrumented build failed:\n{result.output[-3000:]}")
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    share = stats["converter_s"] / result.seconds
    print(f"script conversion at {size} articles, memo {memo} (instrumented build {result.seconds:.1f} s wall, "
          f"{result.cpu:.1f} s CPU, {result.rss_mib:.0f} MiB): "
          f"Converter {stats['converter_s']:.2f} s = {share:.1%} of the build, of which OpenCC "
          f"{stats['opencc_s']:.2f} s in {stats['opencc_calls']} calls over {stats['opencc_chars']} chars "
          f"({stats['by_profile']})")
    return {**stats, "build_s": result.seconds, "share": share}, [result]


def timed_build(stats_file: Path, mkdocs_args: list[str]) -> None:
    """Run the mkdocs CLI in this process, timing the project's hooks (loading the hook module
    and every event it handles) against the whole run: both in the same run, so the noise of
    the machine (jieba's model load alone varies by half a second) cancels out."""
    from mkdocs.config import config_options
    own = [0.0]
    load_hook = config_options.Hooks._load_hook

    def timed(function):  # type: ignore[no-untyped-def]
        @functools.wraps(function)
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                own[0] += time.perf_counter() - start
        return wrapper

    def timed_load_hook(self, name, path):  # type: ignore[no-untyped-def]
        module = timed(load_hook)(self, name, path)
        for attribute in dir(module):       # MkDocs registers the on_* functions after loading
            if attribute.startswith("on_") and callable(getattr(module, attribute)):
                setattr(module, attribute, timed(getattr(module, attribute)))
        return module

    config_options.Hooks._load_hook = timed_load_hook  # type: ignore[method-assign]
    from mkdocs.__main__ import cli
    start = time.perf_counter()
    try:
        cli.main(args=mkdocs_args, standalone_mode=False)
    finally:
        total = time.perf_counter() - start
        stats_file.write_text(json.dumps({"own_s": own[0], "total_s": total}), encoding="utf-8")
        config_options.Hooks._load_hook = load_hook  # type: ignore[method-assign]


def in_run_share(config: Path, site: Path, runs: int, tmp: Path) -> list[dict]:
    """`runs` timed builds (memo warm): own seconds and total seconds measured inside each run."""
    results = []
    for number in range(runs):
        shutil.rmtree(site, ignore_errors=True)
        stats_file = tmp / f"timed-{number}.json"
        argv = [sys.executable, str(Path(__file__).resolve()), "--timed-build", str(stats_file),
                "build", "--strict", "-f", str(config), "-d", str(site)]
        if run(argv).code != 0:
            raise SystemExit("timed build failed")
        results.append(json.loads(stats_file.read_text(encoding="utf-8")))
    return results


def instrumented_build(stats_file: Path, mkdocs_args: list[str]) -> None:
    """Run the mkdocs CLI in this process, timing OpenCC and the Converter's entry points."""
    from republish import script
    totals = {"converter_s": 0.0, "opencc_s": 0.0, "opencc_calls": 0, "opencc_chars": 0}
    by_profile: dict[str, float] = {}
    depth = [0]

    def timed(function, key: str, profile_of=None):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            if key == "converter_s" and depth[0]:
                return function(*args, **kwargs)
            depth[0] += key == "converter_s"
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.perf_counter() - start
                depth[0] -= key == "converter_s"
                totals[key] += spent
                if profile_of:
                    totals["opencc_calls"] += 1
                    totals["opencc_chars"] += len(args[1])
                    name = profile_of(args[0])
                    by_profile[name] = by_profile.get(name, 0.0) + spent
        return wrapper

    # A memo miss goes to OpenCC's matching (republish.ccmatch over OpenCC's dictionaries).
    script._PieceConverter._convert_piece = timed(script._PieceConverter._convert_piece, "opencc_s",
                                                  lambda piece_converter: piece_converter.config)
    for name in ("to_hant", "to_hans", "convert", "convert_markup"):
        setattr(script.Converter, name, timed(getattr(script.Converter, name), "converter_s"))
    script.detect_script = timed(script.detect_script, "converter_s")
    from mkdocs.__main__ import cli
    try:
        cli.main(args=mkdocs_args, standalone_mode=False)
    finally:
        totals["by_profile"] = {k: round(v, 2) for k, v in by_profile.items()}  # type: ignore[assignment]
        stats_file.write_text(json.dumps(totals), encoding="utf-8")


# -----------------------------------------------------------------------------
# serve: rebuild after one seed edit
# -----------------------------------------------------------------------------

def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    """The body of a URL, or '' while the server cannot answer."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for(url: str, marker: str, timeout: float) -> float | None:
    """Poll a URL until its body contains marker; the moment it did, or None."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if marker in fetch(url):
            return time.perf_counter()
        time.sleep(0.02)
    return None


@contextlib.contextmanager
def serving(project: Path) -> Iterator[str]:
    """`mkdocs serve` of a project on a free port; yields the base URL."""
    port = free_port()
    log = open(project / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
                             "-f", str(project / "mkdocs.yml")], cwd=project, env=ENV,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def bench_serve(runs: int, tmp: Path, sizes: tuple[int, ...] = ()) -> dict:
    """Seconds from saving an edited seed to the served page showing the edit: the real site,
    then synthetic corpora of the given sizes (benchmarks/synthetic.py)."""
    results = {"real": measure_serve(make_project(tmp / "serve"), EDIT_SEED, ARTICLE, runs, "real site")}
    generator = Generator() if sizes else None
    for size in sizes:
        config, _ = synthetic_project(tmp / f"serve-syn-{size}", size, generator)
        index = min(5, size - 1)
        results[size] = measure_serve(config.parent, f"syn_{index:05d}.txt", f"syn-{index:05d}", runs,
                                      f"{size} synthetic articles")
        # The same save with a glossary term and a theme keyword in the new paragraph: the glossary
        # and theme index pages change too, and their Markdown is rendered again.
        results[f"{size} derived"] = measure_serve(
            config.parent, f"syn_{index:05d}.txt", f"syn-{index:05d}", runs,
            f"{size} synthetic articles, an edit the glossary and theme pages show", words=DERIVED_EDIT)
    return results


DERIVED_EDIT = "，党建引领医联体"     # a theme keyword (data/themes.yml) and a glossary term


def measure_serve(project: Path, seed_name: str, page: str, runs: int, label: str, words: str = "") -> dict:
    """`runs` timed saves of one seed while `mkdocs serve` runs (after one untimed warm-up save),
    each adding a paragraph (a marker, then `words` repeated); the seed is restored after."""
    seed = project / "seeds" / seed_name
    original = seed.read_text(encoding="utf-8")
    times: list[float] = []
    with serving(project) as base:
        url = base + page + "/"
        if wait_for(url, "</html>", 1800) is None:
            raise SystemExit("mkdocs serve did not come up:\n" + (project / "serve.log").read_text())
        for attempt in range(runs + 1):
            marker = f"基准标记{'乙' if words else '甲'}{attempt}号"   # not left over from another run
            saved = time.perf_counter()
            # words once more each time: the glossary's count of the paragraph's terms changes too
            seed.write_text(original.rstrip("\n") + f"\n\n{marker}{words * (attempt + 1)}。\n", encoding="utf-8")
            seen = wait_for(url, marker, 600)
            if seen is None:
                print(f"serve ({label}): the edit never appeared (is the seeds dir watched?)")
                return {"rebuild_s": None}
            if attempt:                     # the first edit warms the server up
                times.append(seen - saved)
            time.sleep(1.0)
        seed.write_text(original, encoding="utf-8")
    log = (project / "serve.log").read_text(encoding="utf-8")
    builds = [float(x) for x in re.findall(r"Documentation built in ([0-9.]+) seconds", log)][2:]
    reuse = re.findall(r"Incremental rebuild: (.*)", log)
    print(f"mkdocs serve ({label}), seed saved -> page updated: median {med(times):.2f} s "
          f"(min {min(times):.2f}, max {max(times):.2f}, n={len(times)}; target <= {TARGETS['rebuild_s']} s); "
          f"rebuild itself (serve log): median {med(builds) if builds else float('nan'):.2f} s"
          + (f"; last rebuild {reuse[-1]}" if reuse else ""))
    return {"rebuild_s": med(times), "all": times, "builds": builds}


# -----------------------------------------------------------------------------
# weight: first load of an article page
# -----------------------------------------------------------------------------

def bench_weight(tmp: Path) -> dict:
    """Bytes and requests of an article's first load in Chromium, search separately."""
    from playwright.sync_api import sync_playwright
    from serving import serve
    site = tmp / "weight-site"
    mkdocs_build(ROOT / "mkdocs.yml", site)
    www = tmp / "www"
    www.mkdir()
    seen: list[tuple[str, str, int]] = []
    with serve(site, www) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.on("response", lambda r: seen.append((r.request.resource_type, r.url, _body_size(r))))
        page.goto(base + ARTICLE + "/", wait_until="networkidle")
        page.wait_for_timeout(1000)
        browser.close()
    return _weigh(seen, base)


def _body_size(response: object) -> int:
    """Uncompressed body bytes of a response (0 if it has none)."""
    try:
        return len(response.body())  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
        return 0


def _weigh(seen: list[tuple[str, str, int]], base: str) -> dict:
    """Sum the responses by kind and print them."""
    def is_search(url: str) -> bool:
        return "search_index.json" in url or "/workers/search" in url
    fonts = [u for kind, u, _ in seen if kind == "font" or u.split("?")[0].endswith((".woff", ".woff2", ".ttf"))]
    page = [(k, u, n) for k, u, n in seen if not is_search(u)]
    total = sum(n for *_, n in page)
    index = sum(n for _, u, n in seen if "search_index.json" in u)
    worker = sum(n for _, u, n in seen if "/workers/search" in u)
    for kind, url, size in seen:
        print(f"  {kind:<11} {size / 1024:>7.1f} KB  {url.removeprefix(base)}")
    print(f"first load of /{ARTICLE}/: {len(page)} requests, {total / 1024:.1f} KB without search "
          f"(target <= {TARGETS['first_load_kb']} KB); search worker {worker / 1024:.1f} KB, "
          f"search index {index / 1024:.1f} KB; with worker {(total + worker) / 1024:.1f} KB; "
          f"fonts: {len(fonts)}")
    return {"requests": len(page), "kb": total / 1024, "worker_kb": worker / 1024,
            "index_kb": index / 1024, "fonts": fonts}


# -----------------------------------------------------------------------------
# Main
# -----------------------------------------------------------------------------

def main() -> None:
    """Parse the arguments and run the chosen sections."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="builds per measurement (median)")
    parser.add_argument("--only", default="real,scale,serve,weight", help="comma-separated sections")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="synthetic corpus sizes")
    parser.add_argument("--serve-sizes", default="200",
                        help="synthetic corpus sizes for the serve section besides the real site ('' for none)")
    parser.add_argument("--warm-conversion", action="store_true",
                        help="build the largest corpus a second time with its memo (adds one build)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--instrumented-build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--timed-build", type=Path, help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.instrumented_build:
        return instrumented_build(args.instrumented_build, rest)
    if args.timed_build:
        return timed_build(args.timed_build, rest)
    sections = set(args.only.split(","))
    results: dict = {}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="build-bench-") as tmp_name:
        tmp = Path(tmp_name)
        if "real" in sections:
            results["real"] = bench_real(args.runs, tmp)
        if "scale" in sections:
            results["scale"] = bench_scale(tuple(int(s) for s in args.sizes.split(",")), args.runs, tmp,
                                           args.warm_conversion)
        if "serve" in sections:
            results["serve"] = bench_serve(args.runs, tmp, tuple(int(n) for n in args.serve_sizes.split(",") if n))
        if "weight" in sections:
            results["weight"] = bench_weight(tmp)
    print(f"benchmark took {time.perf_counter() - start:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
