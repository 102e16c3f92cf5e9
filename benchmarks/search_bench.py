"""Search benchmark: bytes and time of a reader's first search, Material's index against Pagefind's.

    .venv/bin/python benchmarks/search_bench.py [--sizes 200,1000] [--runs 3] [--mbit 10] [--latency 40]

For each size, one synthetic project (benchmarks/synthetic.py) is built twice: with
`served_search: material` (Material's whole index, as UTF-8 text) and with Pagefind (the
default). A third variant is the Material build with its index re-escaped (\\uXXXX, as Material's
plugin writes it: the site before issue 19). Each site is served on 127.0.0.1 under a sub-path;
Chromium (throttled with CDP Network.emulateNetworkConditions) opens an article, and as soon as it
has loaded the reader clicks the search box and types a query. Measured per query, each in a fresh
browser context (nothing cached), median over the queries and runs:

- first result: from the first key to the first result item in the list (a MutationObserver
  timestamp in the page), which includes whatever the index still had to download and build;
- search bytes: bytes of every search request of the visit (Material's index and worker,
  rp-search.js, pagefind/…, workers' requests included), counted as the served files' sizes (the
  server does not compress; Chromium reports no body size for a worker's requests);
- after typing: bytes of every request from the first key to the first result.

It also times the post-build step (one Pagefind run over the built site) at each size, and at the
real site's 2 articles. A benchmark, not a test: it prints numbers and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml  # noqa: E402

from build_bench import mkdocs_build, synthetic_project  # noqa: E402
from republish.searchindex import pagefind_executable, run_pagefind  # noqa: E402
from serving import serve  # noqa: E402
from synthetic import Generator  # noqa: E402

QUERIES = ("肿瘤", "医联体", "党建")      # words the synthetic articles keep from the real seeds
ARTICLE = "syn-00007/"
SEARCH_PATHS = re.compile(r"search/search_index\.json|/workers/search\.|assets/rp-search\.js|/pagefind/")
TARGETS = {"kb": 1024, "first_result_s": 1.0}   # at 1 000 articles, served (issue 19)

# Stamps the moment the first search result is drawn (Material appends it to the list).
WATCH_RESULTS = """() => {
    window.rpFirstResult = null;
    new MutationObserver((changes, observer) => {
        if (document.querySelector('.md-search-result__item')) {
            window.rpFirstResult = performance.now();
            observer.disconnect();
        }
    }).observe(document.body, {childList: true, subtree: true});
}"""


def escaped(site: Path) -> None:
    """Rewrite Material's indexes of a built site as its plugin writes them (\\u escapes)."""
    for index in (site / "search" / "search_index.json", site / "zh-Hant" / "search" / "search_index.json"):
        index.write_text(json.dumps(json.loads(index.read_text("utf-8"))), encoding="utf-8")


def set_search(config: Path, choice: str) -> None:
    """Set extra.republish.served_search in a generated project's mkdocs.yml."""
    cfg = yaml.safe_load(config.read_text("utf-8"))
    cfg["extra"]["republish"]["served_search"] = choice
    config.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")


def served_bytes(site: Path, base: str, url: str) -> int:
    """Size of the file a URL of the served site names (0 when it names none)."""
    path = url.split("?")[0].split("#")[0].removeprefix(base)
    file = site / path / "index.html" if path.endswith("/") or not path else site / path
    return file.stat().st_size if file.is_file() else 0


def first_search(browser, site: Path, base: str, query: str, mbit: float, latency: float) -> dict:
    """One reader's first search on an article page, in a fresh context."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency,
             "downloadThroughput": mbit * 1e6 / 8, "uploadThroughput": mbit * 1e6 / 8})
    seen: list[tuple[float, str, int]] = []
    context.on("requestfinished", lambda r: seen.append((time.perf_counter(), r.url, served_bytes(site, base, r.url))))
    page.goto(base + ARTICLE, wait_until="load")
    page.evaluate(WATCH_RESULTS)
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    typed_at = time.perf_counter()
    start = page.evaluate("performance.now()")
    box.press_sequentially(query)
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=120_000)
    drawn = page.evaluate("window.rpFirstResult")
    count = page.locator(".md-search-result__meta").text_content()
    context.close()
    search_bytes = sum(n for _, url, n in seen if SEARCH_PATHS.search(url))
    after = sum(n for t, _, n in seen if t >= typed_at)
    return {"first_result_s": (drawn - start) / 1000, "search_kb": search_bytes / 1024,
            "after_typing_kb": after / 1024, "meta": count}


def measure(site: Path, runs: int, mbit: float, latency: float) -> dict:
    """Median first-search numbers of a built site over QUERIES × runs."""
    from playwright.sync_api import sync_playwright
    samples = []
    with tempfile.TemporaryDirectory() as www, serve(site, Path(www)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            for query in QUERIES:
                samples.append(first_search(browser, site, base, query, mbit, latency))
        browser.close()
    return {key: statistics.median(s[key] for s in samples) for key in ("first_result_s", "search_kb", "after_typing_kb")}


def index_run_seconds(site: Path, runs: int) -> str:
    """Median wall and CPU seconds of one Pagefind run over a built site (the post-build step)."""
    binary = pagefind_executable()
    if binary is None:
        raise SystemExit("Pagefind is not installed: npm ci --omit=dev")
    timed = [run_pagefind(binary, site) for _ in range(runs)]
    return (f"{statistics.median(r.seconds for r in timed):.2f} s wall, "
            f"{statistics.median(r.cpu for r in timed):.2f} s CPU")


def bench_size(size: int, runs: int, mbit: float, latency: float, tmp: Path) -> list[dict]:
    project_dir = tmp / f"project-{size}"
    config, _ = synthetic_project(project_dir, size, Generator())
    rows = []
    set_search(config, "material")
    material_site = tmp / f"material-{size}"
    material_build = mkdocs_build(config, material_site, strict=False)
    before_site = tmp / f"escaped-{size}"
    shutil.copytree(material_site, before_site, symlinks=True)
    escaped(before_site)
    set_search(config, "pagefind")
    pagefind_site = tmp / f"pagefind-{size}"
    pagefind_build = mkdocs_build(config, pagefind_site, strict=False)
    for name, site in (("Material, \\u-escaped index (before)", before_site),
                       ("Material, UTF-8 index", material_site), ("Pagefind 1.6.0", pagefind_site)):
        index_kb = (site / "search" / "search_index.json").stat().st_size / 1024
        rows.append({"size": size, "variant": name, "index_kb": index_kb, **measure(site, runs, mbit, latency)})
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{size} articles: build {material_build.seconds:.1f} s with Material's index only, "
          f"{pagefind_build.seconds:.1f} s with Pagefind; one Pagefind run over the built site "
          f"{index_run_seconds(pagefind_site, 3)}; pagefind/ holds "
          f"{sum(f.stat().st_size for f in (pagefind_site / 'pagefind').rglob('*') if f.is_file()) / 1024:.0f} KB")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="200", help="comma-separated article counts (e.g. 200,1000)")
    parser.add_argument("--runs", type=int, default=1, help="repetitions of the three queries per site")
    parser.add_argument("--mbit", type=float, default=10.0, help="throttled bandwidth, Mbit/s")
    parser.add_argument("--latency", type=float, default=40.0, help="throttled round trip, ms")
    parser.add_argument("--keep", type=Path, help="build the sites into this (new) directory and keep them")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp_name:
        tmp = args.keep or Path(tmp_name)
        real = tmp / "real-site"
        mkdocs_build(ROOT / "mkdocs.yml", real)
        print(f"2 articles (the real site): one Pagefind run {index_run_seconds(real, 3)}")
        rows = [row for size in (int(s) for s in args.sizes.split(","))
                for row in bench_size(size, args.runs, args.mbit, args.latency, tmp)]
    print(f"\nfirst search on an article page, throttled to {args.mbit:g} Mbit/s and {args.latency:g} ms "
          f"(medians of {len(QUERIES)} queries × {args.runs})")
    print(f"{'articles':>8}  {'variant':<36} {'Material index':>14} {'search bytes':>13} "
          f"{'after typing':>13} {'first result':>13}")
    for r in rows:
        print(f"{r['size']:>8}  {r['variant']:<36} {r['index_kb']:>11.0f} KB {r['search_kb']:>10.0f} KB "
              f"{r['after_typing_kb']:>10.0f} KB {r['first_result_s']:>11.2f} s")
    print(f"target at 1 000 articles, served: <= {TARGETS['kb']} KB and <= {TARGETS['first_result_s']} s")


if __name__ == "__main__":
    main()
